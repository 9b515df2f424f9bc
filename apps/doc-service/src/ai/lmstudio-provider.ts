import { type AiSettings } from '@intake/contracts';
import { type AiProvider, type ClassifyInput, type ClassifyOutcome, ProviderError } from './classifier';
import { buildPrompt, correctionFor } from './classification-prompt';
import { MODEL_ANSWER_JSON_SCHEMA } from './classification-schema';
import { classifyWithRetry, type ModelTurn } from './classify-with-retry';
import { bodyStart, callSignal, cancelledFailure, errorWords, type FailureContext, httpFailure, notAnAnswer, shownAddress, timeoutFailure, transportFailure } from './provider-failures';

export const LMSTUDIO_DEFAULT_URL = 'http://127.0.0.1:1234';

interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}
interface Completion {
  choices?: Array<{ message?: { content?: string | null } }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/**
 * LM Studio through its OpenAI-compatible API with plain fetch: two endpoints do not justify the
 * openai package, and fetch lets us read LM Studio's own error bodies as they come.
 */
export class LmStudioProvider implements AiProvider {
  readonly name = 'lmstudio' as const;
  readonly model: string;
  private readonly root: string;
  private readonly ctx: FailureContext;

  constructor(private readonly settings: AiSettings) {
    this.model = settings.model;
    // Accept the base URL with or without the /v1 suffix people copy from LM Studio's UI.
    this.root = (settings.base_url ?? LMSTUDIO_DEFAULT_URL).replace(/\/+$/, '').replace(/\/v1$/, '');
    this.ctx = { label: `LM Studio at ${shownAddress(this.root)}`, timeoutS: settings.timeout_s };
  }

  async classify(input: ClassifyInput, signal?: AbortSignal): Promise<ClassifyOutcome> {
    const prompt = buildPrompt(input, this.settings.max_text_chars);
    const messages: ChatMessage[] = [
      { role: 'system', content: prompt.system },
      { role: 'user', content: prompt.user },
    ];
    const result = await classifyWithRetry<string>(input, async (correction) => {
      const turn = correction
        ? [...messages, { role: 'assistant' as const, content: correction.previous }, { role: 'user' as const, content: correctionFor(correction.problem) }]
        : messages;
      return this.complete(turn, signal);
    }, { signal });
    return { ...result, provider: this.name, model: this.model, truncated: prompt.truncated };
  }

  async test(signal?: AbortSignal): Promise<{ model: string; detail: string }> {
    const body = (await this.request('GET', '/v1/models', undefined, signal)) as { data?: Array<{ id: string }> };
    const ids = (body.data ?? []).map((m) => m.id);
    if (!ids.includes(this.model)) {
      throw new ProviderError('not_configured', `${this.ctx.label} does not have the model "${this.model}"; it has: ${ids.join(', ') || 'none'}`);
    }
    return { model: this.model, detail: `${this.ctx.label} has ${this.model} (${ids.length} models available)` };
  }

  private async complete(messages: ChatMessage[], signal?: AbortSignal): Promise<ModelTurn<string>> {
    const body = (await this.request(
      'POST',
      '/v1/chat/completions',
      {
        model: this.model,
        messages,
        temperature: 0,
        stream: false,
        response_format: { type: 'json_schema', json_schema: { name: 'document_classification', strict: true, schema: MODEL_ANSWER_JSON_SCHEMA } },
      },
      signal,
    )) as Completion;
    const usage = { input_tokens: body.usage?.prompt_tokens ?? 0, output_tokens: body.usage?.completion_tokens ?? 0 };
    return { raw: body.choices?.[0]?.message?.content ?? '', usage };
  }

  private async request(method: 'GET' | 'POST', path: string, payload: unknown, caller?: AbortSignal): Promise<unknown> {
    const { signal, why } = callSignal(this.settings.timeout_s, caller);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (this.settings.api_key) headers['authorization'] = `Bearer ${this.settings.api_key}`;
    let answered = false;
    try {
      // A provider's answer is never a redirect: following one would send the key, and a connection test, elsewhere.
      const response = await fetch(`${this.root}${path}`, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload), signal, redirect: 'error' });
      answered = true;
      const text = await response.text();
      if (!response.ok) throw httpFailure(response.status, errorText(text), this.ctx, undefined, (name) => response.headers.get(name));
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw notAnAnswer(text, this.ctx);
      }
      if (typeof body !== 'object' || body === null) throw notAnAnswer(text, this.ctx);
      return body;
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      const reason = why();
      if (reason === 'timeout') throw timeoutFailure(this.ctx);
      if (reason === 'cancelled') throw cancelledFailure(this.ctx);
      throw transportFailure(error, this.ctx, answered);
    }
  }
}

/** OpenAI-style `{error:{message}}`, or the `{error:"…"}` some LM Studio versions send; another server's error in its own shape. */
function errorText(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown } | null;
    const words = errorWords(body?.error);
    if (words) return words;
  } catch {
    // not JSON: said from its start
  }
  return bodyStart(text);
}
