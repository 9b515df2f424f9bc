import { randomBytes } from 'node:crypto';
import { AiProtocolDouble, type DoubleRoute } from './ai-protocol-double';
import { estimateTokens, type RecordedRequest, type ScriptedReply, type RenderedReply } from './scripted-reply';

export interface AnthropicDoubleOptions {
  /** The key the double accepts; anything else is a 401, as the real API does. */
  apiKey?: string;
  /** Ids listed by GET /v1/models. */
  models?: string[];
}

interface MessagesBody {
  model?: string;
  max_tokens?: number;
  system?: string | Array<{ text?: string }>;
  messages?: Array<{ role: string; content: string | Array<Record<string, unknown>> }>;
  tool_choice?: { type: string; name?: string };
}

/** Error `type` names by HTTP status, as https://docs.anthropic.com/claude/reference/errors lists them. */
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/**
 * Anthropic Messages API, as much of it as the doc-service uses: POST /v1/messages (non-streaming)
 * and GET /v1/models, with the key (`x-api-key` or `Authorization: Bearer`) and `anthropic-version`
 * required like the real service.
 */
export class AnthropicDouble extends AiProtocolDouble {
  readonly apiKey: string;
  readonly models: string[];

  constructor(options: AnthropicDoubleOptions = {}) {
    super();
    this.apiKey = options.apiKey ?? 'sk-ant-test-double-key';
    this.models = options.models ?? ['claude-test-model'];
  }

  static errorBody(status: number, message: string, type?: string): unknown {
    return { type: 'error', error: { type: type ?? ERROR_TYPES[status] ?? 'api_error', message }, request_id: `req_${randomBytes(12).toString('hex')}` };
  }

  override promptOf(request: RecordedRequest): string {
    const body = (request.body ?? {}) as MessagesBody;
    const system = typeof body.system === 'string' ? body.system : (body.system ?? []).map((b) => b.text ?? '').join('\n');
    const turns = (body.messages ?? []).map((m) =>
      typeof m.content === 'string' ? m.content : m.content.map((b) => (typeof b['text'] === 'string' ? b['text'] : typeof b['content'] === 'string' ? b['content'] : '')).join('\n'),
    );
    return [system, ...turns].join('\n');
  }

  protected override isGeneration(request: RecordedRequest): boolean {
    return request.method === 'POST' && request.path === '/v1/messages';
  }

  /** `x-api-key` is the documented header; SDK 1.x sends the same key as `Authorization: Bearer`. */
  private authorized(request: RecordedRequest): boolean {
    return request.headers['x-api-key'] === this.apiKey || request.headers['authorization'] === `Bearer ${this.apiKey}`;
  }

  protected override route(request: RecordedRequest): DoubleRoute {
    if (!this.authorized(request)) return { status: 401, body: AnthropicDouble.errorBody(401, 'invalid x-api-key') };
    if (!request.headers['anthropic-version']) return { status: 400, body: AnthropicDouble.errorBody(400, 'anthropic-version: header is required') };
    if (request.method === 'GET' && request.path === '/v1/models') {
      const data = this.models.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' }));
      return { status: 200, body: { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null } };
    }
    if (!this.isGeneration(request)) return { status: 404, body: AnthropicDouble.errorBody(404, `Not found: ${request.method} ${request.path}`) };
    const body = request.body as MessagesBody | null;
    if (!body?.model) return { status: 400, body: AnthropicDouble.errorBody(400, 'model: Field required') };
    if (!body.max_tokens) return { status: 400, body: AnthropicDouble.errorBody(400, 'max_tokens: Field required') };
    if (!body.messages?.length) return { status: 400, body: AnthropicDouble.errorBody(400, 'messages: at least one message is required') };
    if (!this.models.includes(body.model)) return { status: 404, body: AnthropicDouble.errorBody(404, `model: ${body.model}`) };
    return { generate: true };
  }

  /** A plain chat without tools (a connection test) gets a short text, like a real model would give. */
  protected override unscripted(request: RecordedRequest): ScriptedReply {
    const body = request.body as MessagesBody & { tools?: unknown[] };
    return body.tools?.length ? super.unscripted(request) : { kind: 'prose', text: 'Hi' };
  }

  protected override render(reply: RenderedReply, request: RecordedRequest): { status: number; body: unknown } {
    if (reply.kind === 'error') return { status: reply.status, body: AnthropicDouble.errorBody(reply.status, reply.message, reply.type) };
    const body = request.body as MessagesBody;
    const forcedTool = body.tool_choice?.type === 'tool' ? body.tool_choice.name : undefined;
    const content =
      reply.kind === 'answer' && forcedTool
        ? [{ type: 'tool_use', id: `toolu_${randomBytes(12).toString('hex')}`, name: forcedTool, input: reply.body }]
        : [{ type: 'text', text: reply.kind === 'answer' ? JSON.stringify(reply.body) : reply.text }];
    const output = JSON.stringify(content);
    const usage = reply.usage ?? { input_tokens: estimateTokens(request.rawBody), output_tokens: estimateTokens(output) };
    return {
      status: 200,
      body: {
        id: `msg_${randomBytes(12).toString('hex')}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content,
        stop_reason: content[0].type === 'tool_use' ? 'tool_use' : 'end_turn',
        stop_sequence: null,
        usage: { ...usage, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: 'standard' },
      },
    };
  }
}
