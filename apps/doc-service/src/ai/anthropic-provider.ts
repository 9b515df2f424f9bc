import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { ContentBlock, ContentBlockParam, Message, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { type AiSettings } from '@intake/contracts';
import { type AiProvider, type ClassifyInput, type ClassifyOutcome, type TokenUsage } from './classifier';
import { buildPrompt, correctionFor } from './classification-prompt';
import { MODEL_ANSWER_JSON_SCHEMA } from './classification-schema';
import { classifyWithRetry, type ModelTurn } from './classify-with-retry';
import { cancelledFailure, type FailureContext, httpFailure, notAnAnswer, shownAddress, timeoutFailure, transportFailure } from './provider-failures';

export const ANTHROPIC_DEFAULT_URL = 'https://api.anthropic.com';
const TOOL = 'record_classification';
/** Enough for the answer with seven snippets of 300 characters and a summary. */
const MAX_TOKENS = 4096;

/**
 * Claude through the official SDK and the Messages API. JSON comes from ONE forced tool
 * (`tool_choice: {type:'tool'}`) whose input_schema is our schema: every Messages-API model
 * supports it, unlike `output_config.format` which only newer models accept, and the answer
 * arrives as a parsed object. A text answer (a proxy that drops tools) is still read as JSON.
 */
export class AnthropicProvider implements AiProvider {
  readonly name = 'anthropic' as const;
  readonly model: string;
  private readonly client: Anthropic;
  private readonly ctx: FailureContext;

  constructor(private readonly settings: AiSettings) {
    this.model = settings.model;
    const baseURL = (settings.base_url ?? ANTHROPIC_DEFAULT_URL).replace(/\/+$/, '');
    this.ctx = { label: settings.base_url ? `Anthropic at ${shownAddress(baseURL)}` : 'Anthropic', timeoutS: settings.timeout_s };
    this.client = new Anthropic({
      // Explicit values, so ANTHROPIC_* variables of the environment never change what the admin set.
      baseURL,
      apiKey: settings.api_key ?? '',
      timeout: Math.round(settings.timeout_s * 1000),
      // We decide what a failure means: the document fails with the reason, to be re-processed; SDK retries
      // would multiply the timeout and keep their spent tokens and 429s out of the call log.
      maxRetries: 0,
      logLevel: 'off',
      // A provider's answer is never a redirect: following one would send the key, and a connection test, elsewhere.
      fetchOptions: { redirect: 'error' },
    });
  }

  async classify(input: ClassifyInput, signal?: AbortSignal): Promise<ClassifyOutcome> {
    const prompt = buildPrompt(input, this.settings.max_text_chars);
    const first: MessageParam = { role: 'user', content: prompt.user };
    const result = await classifyWithRetry<ContentBlock[]>(
      input,
      async (correction) => {
        const messages: MessageParam[] = correction ? [first, ...retryTurns(correction.previous, correctionFor(correction.problem))] : [first];
        const message = await this.guard(() =>
          this.client.messages.create(
            {
              model: this.model,
              // No temperature: SDK 1.x dropped sampling parameters, the forced tool keeps the answer structured.
              max_tokens: MAX_TOKENS,
              system: prompt.system,
              messages,
              tools: [{ name: TOOL, description: 'Record the classification of the document.', input_schema: MODEL_ANSWER_JSON_SCHEMA as Anthropic.Tool.InputSchema }],
              tool_choice: { type: 'tool', name: TOOL },
            },
            { signal },
          ),
        );
        return { raw: message.content, usage: { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens } } satisfies ModelTurn<ContentBlock[]>;
      },
      { answerOf, signal },
    );
    return { ...result, provider: this.name, model: this.model, truncated: prompt.truncated };
  }

  /** A one-token call: proves the key, the model name and the network in one go, for a fraction of a cent. */
  async test(signal?: AbortSignal): Promise<{ model: string; detail: string; usage: TokenUsage }> {
    const message = await this.guard(() => this.client.messages.create({ model: this.model, max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] }, { signal }));
    const usage = { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens };
    return { model: message.model, detail: `${this.ctx.label} accepted the key and answered with ${message.model}`, usage };
  }

  /** The SDK's message, its failures in our words; any other body of a success (a proxy's page in front of the API) is a bad answer. */
  private async guard(call: () => Promise<Message>): Promise<Message> {
    let answer: unknown;
    try {
      answer = await call();
    } catch (error) {
      if (error instanceof APIConnectionTimeoutError) throw timeoutFailure(this.ctx);
      if (error instanceof APIUserAbortError) throw cancelledFailure(this.ctx);
      if (error instanceof APIError && typeof error.status === 'number') throw httpFailure(error.status, error.apiMessage ?? error.message, this.ctx, undefined, (name) => error.headers?.get(name));
      // The SDK wraps a request that got no answer; anything else failed once the answer had begun.
      throw transportFailure(error, this.ctx, !(error instanceof APIConnectionError));
    }
    const message = answer as Partial<Message> | null;
    if (Array.isArray(message?.content) && typeof message.usage?.input_tokens === 'number') return message as Message;
    throw notAnAnswer(typeof answer === 'string' ? answer : (JSON.stringify(answer) ?? 'nothing'), this.ctx);
  }
}

/** The forced tool's input; else the text, which readModelAnswer parses as JSON. */
function answerOf(content: ContentBlock[]): unknown {
  const tool = content.find((b) => b.type === 'tool_use');
  if (tool && tool.type === 'tool_use') return tool.input;
  return content.map((b) => (b.type === 'text' ? b.text : '')).join('');
}

/** The refused answer and the correction, shaped as the Messages API wants a conversation to go on. */
function retryTurns(previous: ContentBlock[], correction: string): MessageParam[] {
  const tool = previous.find((b) => b.type === 'tool_use');
  if (tool && tool.type === 'tool_use') {
    return [
      { role: 'assistant', content: [{ type: 'tool_use', id: tool.id, name: tool.name, input: tool.input }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: tool.id, is_error: true, content: correction }] },
    ];
  }
  const text = previous.map((b) => (b.type === 'text' ? b.text : '')).join('').trim();
  // The API refuses an empty assistant turn.
  const assistant: ContentBlockParam[] = [{ type: 'text', text: text || '(no answer)' }];
  return [
    { role: 'assistant', content: assistant },
    { role: 'user', content: correction },
  ];
}
