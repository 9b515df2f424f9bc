/**
 * What a protocol double answers to the next generation request (a chat or messages call). Each
 * double turns these into its API's own wire format, so one test script works for every provider.
 */
export type ScriptedReply =
  /** The model answers with this object as JSON (Anthropic: as the forced tool's input when a tool was forced). */
  | { kind: 'answer'; body: unknown; usage?: ScriptedUsage }
  /** The model answers with free text instead of JSON. */
  | { kind: 'prose'; text: string; usage?: ScriptedUsage }
  /**
   * The API answers this HTTP status with its error body; `type` overrides the API's error type name,
   * `headers` go with it (Retry-After in seconds or an HTTP date on 429 and 503, `retry-after-ms`,
   * `x-should-retry`, as the real APIs send them).
   */
  | { kind: 'error'; status: number; message: string; type?: string; headers?: Record<string, string> }
  /** Wait this long, then give `then` (default: a 500), so a client with a shorter timeout gives up first. */
  | { kind: 'delay'; ms: number; then?: ScriptedReply }
  /**
   * An HTML page instead of the API's answer, as a proxy or captive portal in front sends one;
   * `{credential}` in `html` becomes the request's Authorization or x-api-key header, as a page
   * that echoes the request shows it.
   */
  | { kind: 'page'; status: number; html: string }
  /** Destroy the socket without writing a response. */
  | { kind: 'close' }
  /** Send a 200's status, headers and half its body, then destroy the socket: the request was taken (and by a hosted API, billed). */
  | { kind: 'cut' };

/** The replies a double renders in its API's own format (the rest it plays the same way for every API). */
export type RenderedReply = Exclude<ScriptedReply, { kind: 'delay' | 'close' | 'cut' | 'page' }>;

export interface ScriptedUsage {
  input_tokens: number;
  output_tokens: number;
}

/** One request as the double received it; `body` is the parsed JSON body, or null. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  body: unknown;
}

/** Rough token count (4 characters a token), enough for tests that sum usage over attempts. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
