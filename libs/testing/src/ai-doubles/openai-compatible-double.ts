import { randomBytes } from 'node:crypto';
import { AiProtocolDouble, type DoubleRoute } from './ai-protocol-double';
import { estimateTokens, type RecordedRequest, type RenderedReply } from './scripted-reply';

interface CompletionBody {
  model?: string;
  messages?: Array<{ role: string; content: string | null }>;
  response_format?: unknown;
}

const ERROR_TYPES: Record<number, [type: string, code: string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  404: ['invalid_request_error', 'model_not_found'],
  429: ['requests', 'rate_limit_exceeded'],
  500: ['server_error', null],
};

/**
 * An OpenAI-compatible server as LM Studio runs one: POST /v1/chat/completions (non-streaming) and
 * GET /v1/models. LM Studio needs no key by default; give `apiKey` to require `Authorization: Bearer`.
 */
export class OpenAiCompatibleDouble extends AiProtocolDouble {
  readonly models: string[];
  readonly apiKey: string | null;

  constructor(options: { models?: string[]; apiKey?: string } = {}) {
    super();
    this.models = options.models ?? ['lmstudio-test-model'];
    this.apiKey = options.apiKey ?? null;
  }

  static errorBody(status: number, message: string, type?: string): unknown {
    const [defaultType, code] = ERROR_TYPES[status] ?? ['server_error', null];
    return { error: { message, type: type ?? defaultType, param: null, code } };
  }

  override promptOf(request: RecordedRequest): string {
    return ((request.body as CompletionBody | null)?.messages ?? []).map((m) => m.content ?? '').join('\n');
  }

  protected override isGeneration(request: RecordedRequest): boolean {
    return request.method === 'POST' && request.path === '/v1/chat/completions';
  }

  protected override route(request: RecordedRequest): DoubleRoute {
    if (this.apiKey && request.headers['authorization'] !== `Bearer ${this.apiKey}`) {
      return { status: 401, body: OpenAiCompatibleDouble.errorBody(401, 'Incorrect API key provided.') };
    }
    if (request.method === 'GET' && request.path === '/v1/models') {
      return { status: 200, body: { object: 'list', data: this.models.map((id) => ({ id, object: 'model', owned_by: 'organization_owner' })) } };
    }
    if (!this.isGeneration(request)) return { status: 404, body: { error: `Unexpected endpoint or method. (${request.method} ${request.path})` } };
    const body = request.body as CompletionBody | null;
    if (!body?.messages?.length) return { status: 400, body: OpenAiCompatibleDouble.errorBody(400, "'messages' field is required") };
    if (!body.model || !this.models.includes(body.model)) {
      return { status: 404, body: OpenAiCompatibleDouble.errorBody(404, `The model \`${body.model}\` does not exist.`) };
    }
    return { generate: true };
  }

  protected override render(reply: RenderedReply, request: RecordedRequest): { status: number; body: unknown } {
    if (reply.kind === 'error') return { status: reply.status, body: OpenAiCompatibleDouble.errorBody(reply.status, reply.message, reply.type) };
    const content = reply.kind === 'answer' ? JSON.stringify(reply.body) : reply.text;
    const usage = reply.usage ?? { input_tokens: estimateTokens(request.rawBody), output_tokens: estimateTokens(content) };
    return {
      status: 200,
      body: {
        id: `chatcmpl-${randomBytes(10).toString('hex')}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: (request.body as CompletionBody).model,
        choices: [{ index: 0, logprobs: null, finish_reason: 'stop', message: { role: 'assistant', content } }],
        usage: { prompt_tokens: usage.input_tokens, completion_tokens: usage.output_tokens, total_tokens: usage.input_tokens + usage.output_tokens },
        system_fingerprint: (request.body as CompletionBody).model,
      },
    };
  }
}
