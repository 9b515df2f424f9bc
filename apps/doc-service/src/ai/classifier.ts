import type { ProviderName } from '@intake/contracts';

/** What is classified: the document's text as read, its file name and page count. */
export interface DocumentText {
  text: string;
  fileName: string;
  pageCount: number;
}

export interface ClassifyInput extends DocumentText {
  documentTypes: string[];
  categories: string[];
  /** Told of each model call as it ends, a corrective retry being a call of its own (for the call log). */
  onCall?: (call: ModelCall) => Promise<void>;
  /** How a passing failure (rate limit, overload, 5xx, dropped connection) is asked again; none when absent. */
  retry?: RetryPolicy;
  /** Aborted when the service stops: a wait to ask again then ends with RetryAbandoned, leaving the job to the queue. */
  stop?: AbortSignal;
}

export interface RetryPolicy {
  /** Calls after the first that fails in passing. */
  retries: number;
  /** The wait before the first of them; each next one waits twice as long, unless the provider said how long. */
  delayMs: number;
}

/** One request to a model and how it ended: 'ok' or a failure kind, with the tokens it spent. */
export interface ModelCall {
  usage: TokenUsage;
  outcome: 'ok' | ProviderFailure;
  error: string | null;
  durationMs: number;
}

export interface Extracted<T> {
  value: T | null;
  /** 0..1 */
  confidence: number;
  /** The exact text the value came from, at most 300 characters. */
  snippet: string | null;
}

export interface Classification {
  /** Always one of input.documentTypes, or value null. */
  document_type: Extracted<string>;
  title: Extracted<string>;
  /** 'YYYY-MM-DD' */
  date: Extracted<string>;
  amount: Extracted<number>;
  /** ISO 4217 like 'EUR' when known. */
  currency: Extracted<string>;
  counterparty: Extracted<string>;
  summary: Extracted<string>;
  /** Only names from input.categories. */
  categories: Array<{ name: string; confidence: number; snippet: string | null }>;
  /** What the model proposed outside the lists (goes to an admin suggestion list). */
  proposed_types: string[];
  proposed_categories: string[];
}

export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
}

export interface ClassifyOutcome {
  classification: Classification;
  provider: ProviderName;
  model: string;
  usage: TokenUsage;
  attempts: number;
  /** True when the text sent was cut to max_text_chars. */
  truncated?: boolean;
}

export interface AiProvider {
  readonly name: ProviderName;
  readonly model: string;
  classify(input: ClassifyInput, signal?: AbortSignal): Promise<ClassifyOutcome>;
  /** `usage`: the tokens the test spent, when it asked the model something. */
  test(signal?: AbortSignal): Promise<{ model: string; detail: string; usage?: TokenUsage }>;
}

export type ProviderFailure = 'unauthorized' | 'rate_limited' | 'timeout' | 'unreachable' | 'invalid_output' | 'bad_response' | 'not_configured';

/** A failure that asking again later may not meet: a rate limit, an overloaded or failing server, a dropped connection. */
export interface Passing {
  /** How long the provider asked us to wait (its Retry-After), if it said. */
  retryAfterMs: number | null;
}

/** A provider call that failed; `message` is written for the settings page and never holds the API key. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderFailure,
    message: string,
    readonly usage?: TokenUsage,
    /** Set when the failure may pass (see Passing); null when asking again would fail the same way. */
    readonly passing: Passing | null = null,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
