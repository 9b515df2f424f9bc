import { type Classification, type ClassifyInput, type ModelCall, ProviderError, type TokenUsage } from './classifier';
import { type AnswerProblem, readModelAnswer } from './model-answer';
import { retryPassing } from './retry-passing';


/** One answer's problem as the AI calls log says it. */
const PROBLEM_WORDS: Record<AnswerProblem['kind'], (detail: string) => string> = {
  prose: (detail) => `prose instead of JSON: ${detail}`,
  schema: (detail) => `JSON that does not match the schema: ${detail}`,
  empty: () => 'an empty answer',
};
/** One model call's raw answer (a text, or the whole message for a tool call) and its token usage. */
export interface ModelTurn<Raw = unknown> {
  raw: Raw;
  usage: TokenUsage;
}

/** Given to the second call: what the first call answered and why it was refused. */
export interface Correction<Raw = unknown> {
  previous: Raw;
  problem: AnswerProblem;
}

export interface RetriedClassification {
  classification: Classification;
  usage: TokenUsage;
  attempts: number;
}

/** A call that spent nothing (or did not say). */
export const NO_TOKENS: TokenUsage = { input_tokens: 0, output_tokens: 0 };
const add = (a: TokenUsage, b: TokenUsage): TokenUsage => ({ input_tokens: a.input_tokens + b.input_tokens, output_tokens: a.output_tokens + b.output_tokens });

export interface RetryOptions<Raw> {
  /** What to validate in a raw answer: a JSON text, or an already parsed object (the default). */
  answerOf?: (raw: Raw) => unknown;
  /** The caller's cancellation, which also ends a wait before asking again. */
  signal?: AbortSignal;
}

/**
 * Ask, read, and ask ONE more time with a short correction when the answer is prose or JSON of
 * the wrong shape. A second bad answer is `invalid_output` carrying the tokens both calls spent,
 * so the daily budget still counts them. Transport errors are the ask function's to throw; one
 * that may pass is asked again as `input.retry` says (`retryPassing`), each call logged.
 */
export async function classifyWithRetry<Raw>(
  input: ClassifyInput,
  ask: (correction: Correction<Raw> | null) => Promise<ModelTurn<Raw>>,
  { answerOf = (raw) => raw, signal }: RetryOptions<Raw> = {},
): Promise<RetriedClassification> {
  let usage: TokenUsage = NO_TOKENS;
  let correction: Correction<Raw> | null = null;
  for (let attempt = 1; attempt <= 2; attempt++) {
    let started = performance.now();
    const tell = (call: Omit<ModelCall, 'durationMs'>) => input.onCall?.({ ...call, durationMs: performance.now() - started });
    const once = async () => {
      started = performance.now();
      try {
        return await ask(correction);
      } catch (error) {
        if (error instanceof ProviderError) await tell({ usage: error.usage ?? NO_TOKENS, outcome: error.kind, error: error.message });
        throw error;
      }
    };
    let turn: ModelTurn<Raw>;
    try {
      turn = await retryPassing(once, input.retry, { signal, stop: input.stop });
    } catch (error) {
      // A transport failure on the corrective call still spent the first call's tokens.
      if (error instanceof ProviderError && !error.usage && attempt > 1) throw new ProviderError(error.kind, error.message, usage);
      throw error;
    }
    usage = add(usage, turn.usage);
    const read = readModelAnswer(answerOf(turn.raw), input);
    if (read.ok) {
      await tell({ usage: turn.usage, outcome: 'ok', error: null });
      return { classification: read.classification, usage, attempts: attempt };
    }
    await tell({ usage: turn.usage, outcome: 'invalid_output', error: PROBLEM_WORDS[read.problem.kind](read.problem.detail) });
    correction = { previous: turn.raw, problem: read.problem };
  }
  const problem = (correction as Correction<Raw>).problem;
  const message =
    problem.kind === 'empty'
      ? 'the model gave an empty answer twice'
      : problem.kind === 'prose'
        ? `the model answered prose instead of JSON twice: ${problem.detail}`
        : `the model answered JSON that does not match the schema twice: ${problem.detail}`;
  throw new ProviderError('invalid_output', message, usage);
}
