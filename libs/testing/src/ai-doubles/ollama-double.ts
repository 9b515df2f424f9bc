import { AiProtocolDouble, type DoubleRoute } from './ai-protocol-double';
import { estimateTokens, type RecordedRequest, type RenderedReply } from './scripted-reply';

interface ChatBody {
  model?: string;
  messages?: Array<{ role: string; content: string }>;
  stream?: boolean;
  format?: unknown;
}

/**
 * Ollama's native API, the part the doc-service uses: POST /api/chat with `stream: false`,
 * GET /api/tags and POST /api/show. Ollama has no auth; errors are `{ error: "…" }`.
 */
export class OllamaDouble extends AiProtocolDouble {
  /** Models that are "pulled"; a chat or show for another model is a 404, as in Ollama. */
  readonly models: string[];

  constructor(options: { models?: string[] } = {}) {
    super();
    this.models = options.models ?? ['llama-test:latest'];
  }

  override promptOf(request: RecordedRequest): string {
    return ((request.body as ChatBody | null)?.messages ?? []).map((m) => m.content).join('\n');
  }

  protected override isGeneration(request: RecordedRequest): boolean {
    return request.method === 'POST' && request.path === '/api/chat';
  }

  /** Ollama resolves a name without a tag to `:latest`. */
  private known(model: string | undefined): boolean {
    if (!model) return false;
    const full = model.includes(':') ? model : `${model}:latest`;
    return this.models.includes(full) || this.models.includes(model);
  }

  protected override route(request: RecordedRequest): DoubleRoute {
    if (request.method === 'GET' && request.path === '/api/tags') {
      const models = this.models.map((name) => ({
        name,
        model: name,
        modified_at: '2025-01-01T00:00:00.000000000Z',
        size: 2_019_393_189,
        digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
        details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
      }));
      return { status: 200, body: { models } };
    }
    if (request.method === 'POST' && request.path === '/api/show') {
      const model = (request.body as { model?: string } | null)?.model;
      if (!this.known(model)) return { status: 404, body: { error: `model '${model}' not found` } };
      return {
        status: 200,
        body: {
          modelfile: `FROM ${model}`,
          parameters: 'temperature 0.7',
          template: '{{ .Prompt }}',
          details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
          model_info: { 'general.architecture': 'llama' },
          capabilities: ['completion'],
          modified_at: '2025-01-01T00:00:00.000000000Z',
        },
      };
    }
    if (!this.isGeneration(request)) return { status: 404, body: '404 page not found' };
    const body = request.body as ChatBody | null;
    if (!body) return { status: 400, body: { error: 'invalid request body' } };
    if (!this.known(body.model)) return { status: 404, body: { error: `model "${body.model}" not found, try pulling it first` } };
    // The real API streams NDJSON unless told not to; the doc-service always asks for one JSON answer.
    if (body.stream !== false) return { status: 400, body: { error: 'protocol double: only stream:false is implemented' } };
    return { generate: true };
  }

  protected override render(reply: RenderedReply, request: RecordedRequest): { status: number; body: unknown } {
    if (reply.kind === 'error') return { status: reply.status, body: { error: reply.message } };
    const content = reply.kind === 'answer' ? JSON.stringify(reply.body) : reply.text;
    const usage = reply.usage ?? { input_tokens: estimateTokens(request.rawBody), output_tokens: estimateTokens(content) };
    return {
      status: 200,
      body: {
        model: (request.body as ChatBody).model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content },
        done_reason: 'stop',
        done: true,
        total_duration: 1_200_000_000,
        load_duration: 20_000_000,
        prompt_eval_count: usage.input_tokens,
        prompt_eval_duration: 300_000_000,
        eval_count: usage.output_tokens,
        eval_duration: 800_000_000,
      },
    };
  }
}
