import { type ChatResponse, type Message, Ollama } from 'ollama';
import { type AiSettings } from '@intake/contracts';
import { type AiProvider, type ClassifyInput, type ClassifyOutcome, ProviderError } from './classifier';
import { buildPrompt, correctionFor } from './classification-prompt';
import { MODEL_ANSWER_JSON_SCHEMA } from './classification-schema';
import { classifyWithRetry, type ModelTurn } from './classify-with-retry';
import { callSignal, cancelledFailure, type FailureContext, httpFailure, shownAddress, timeoutFailure, transportFailure } from './provider-failures';

export const OLLAMA_DEFAULT_URL = 'http://127.0.0.1:11434';

/**
 * Ollama through the `ollama` package, with `format` = our JSON schema (structured outputs).
 */
export class OllamaProvider implements AiProvider {
  readonly name = 'ollama' as const;
  readonly model: string;
  private readonly host: string;
  private readonly ctx: FailureContext;

  constructor(private readonly settings: AiSettings) {
    this.model = settings.model;
    this.host = (settings.base_url ?? OLLAMA_DEFAULT_URL).replace(/\/+$/, '');
    this.ctx = { label: `Ollama at ${shownAddress(this.host)}`, timeoutS: settings.timeout_s };
  }

  async classify(input: ClassifyInput, signal?: AbortSignal): Promise<ClassifyOutcome> {
    const prompt = buildPrompt(input, this.settings.max_text_chars);
    const messages: Message[] = [
      { role: 'system', content: prompt.system },
      { role: 'user', content: prompt.user },
    ];
    // Ollama's default context (2–4k tokens) silently drops the start of a longer prompt, the
    // document included; size it to the prompt (about 3 characters a token) plus room to answer.
    const numCtx = Math.min(131_072, Math.ceil((prompt.system.length + prompt.user.length) / 3 / 1024) * 1024 + 4096);
    const result = await classifyWithRetry<string>(input, (correction) =>
      this.call(signal, async (client): Promise<ModelTurn<string>> => {
        const turn = correction
          ? [...messages, { role: 'assistant', content: correction.previous }, { role: 'user', content: correctionFor(correction.problem) }]
          : messages;
        const response: ChatResponse = await client.chat({
          model: this.model,
          messages: turn,
          stream: false,
          format: MODEL_ANSWER_JSON_SCHEMA,
          options: { temperature: 0, num_ctx: numCtx },
        });
        return { raw: response.message?.content ?? '', usage: { input_tokens: response.prompt_eval_count ?? 0, output_tokens: response.eval_count ?? 0 } };
      }),
      { signal },
    );
    return { ...result, provider: this.name, model: this.model, truncated: prompt.truncated };
  }

  async test(signal?: AbortSignal): Promise<{ model: string; detail: string }> {
    const list: { models?: unknown } = await this.call(signal, (client) => client.list());
    // Another kind of server at the address (an OpenAI-compatible one) may answer 200 in its own shape.
    if (!Array.isArray(list?.models)) throw new ProviderError('bad_response', `${this.ctx.label} answered its model list without models: is the server at that address Ollama?`);
    const names = (list.models as { name?: unknown }[]).flatMap((m) => (typeof m?.name === 'string' ? [m.name] : []));
    const pulled = names.includes(this.model) || names.includes(`${this.model}:latest`);
    if (!pulled) {
      throw new ProviderError('not_configured', `${this.ctx.label} has not pulled "${this.model}" (run: ollama pull ${this.model}); it has: ${names.join(', ') || 'none'}`);
    }
    return { model: this.model, detail: `${this.ctx.label} has ${this.model} pulled (${names.length} models)` };
  }

  /**
   * The package aborts only streamed requests, so each call gets a client whose fetch carries our
   * signal (timeout + caller's). A client is a plain object; making one per call costs nothing.
   */
  private async call<T>(caller: AbortSignal | undefined, run: (client: Ollama) => Promise<T>): Promise<T> {
    const { signal, why } = callSignal(this.settings.timeout_s, caller);
    const headers: Record<string, string> = this.settings.api_key ? { authorization: `Bearer ${this.settings.api_key}` } : {};
    // The package's errors carry no headers: whether an answer began, and the retry headers (a proxy's
    // or a hosted Ollama's 429), are read here.
    let answered = false;
    let answerHeaders: Headers | null = null;
    const client = new Ollama({
      host: this.host,
      headers,
      fetch: async (url, init) => {
        // A provider's answer is never a redirect: following one would send the key, and a connection test, elsewhere.
        const response = await fetch(url, { ...init, signal, redirect: 'error' });
        answered = true;
        answerHeaders = response.headers;
        return response;
      },
    });
    try {
      return await run(client);
    } catch (error) {
      const reason = why();
      if (reason === 'timeout') throw timeoutFailure(this.ctx);
      if (reason === 'cancelled') throw cancelledFailure(this.ctx);
      const status = (error as { status_code?: unknown }).status_code;
      if (typeof status === 'number') throw httpFailure(status, (error as { error?: unknown }).error, this.ctx, 'the request', (name) => answerHeaders?.get(name));
      throw transportFailure(error, this.ctx, answered);
    }
  }
}
