import { type Passing, ProviderError, type ProviderFailure } from './classifier';

/** Who failed, in the words the settings page shows: "Ollama at http://gpu:11434". */
export interface FailureContext {
  label: string;
  timeoutS: number;
}

/** An address as messages show it: without the user and password a URL may carry (`http://user:pw@host`). */
export const shownAddress = (text: string): string => text.replace(/\/\/[^@/\s]*@/g, '//');

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** The part of a key that gives it away: a copy cut short by a message's length cap is taken out from here on. */
const KEY_HEAD = 8;

/**
 * The text with every copy of `secret` taken out, also one cut short where a message was capped (from
 * its first KEY_HEAD characters on); the provider factory applies it to every message a call ends with.
 */
export function redact(text: string, secret?: string | null): string {
  if (!secret || secret.length < 4) return text;
  let out = text.split(secret).join('[redacted]');
  if (secret.length <= KEY_HEAD) return out;
  for (let at = out.indexOf(secret.slice(0, KEY_HEAD)); at !== -1; at = out.indexOf(secret.slice(0, KEY_HEAD), at + 1)) {
    let end = at + KEY_HEAD;
    while (end < out.length && end - at < secret.length && out[end] === secret[end - at]) end++;
    out = `${out.slice(0, at)}[redacted]${out.slice(end)}`;
  }
  return out;
}

/** Statuses a server answers when it is busy or briefly broken: the same request may pass later. */
const PASSING_STATUSES = new Set([408, 429, 500, 502, 503, 504, 529]);

function fail(kind: ProviderFailure, message: string, passing: Passing | null = null): ProviderError {
  return new ProviderError(kind, message, undefined, passing);
}

/** Reads one response header by name (Fetch's `Headers#get`); absent → null. */
export type HeaderReader = (name: string) => string | null | undefined;

/**
 * An API's error text in whatever shape the server sent it: a string, `{message}`, or anything else
 * as JSON (a server of another kind at the address answers in its own shape).
 */
export function errorWords(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  const message = (value as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** An HTTP error status with the API's own error text and what its headers say about asking again. */
export function httpFailure(status: number, apiMessage: unknown, ctx: FailureContext, credential = 'the API key', header?: HeaderReader): ProviderError {
  const words = errorWords(apiMessage);
  const said = words ? `: ${words.slice(0, 300)}` : '';
  const passing = passingOf(status, header);
  if (status === 401 || status === 403) return fail('unauthorized', `${ctx.label} refused ${credential} (${status})${said}`);
  if (status === 429) return fail('rate_limited', `${ctx.label} is rate limiting requests (429)${said}`, passing);
  if (status === 408 || status === 504) return fail('timeout', `${ctx.label} timed out (${status})${said}`, passing);
  if (status === 529) return fail('bad_response', `${ctx.label} is overloaded (529)${said}`, passing);
  if (status >= 500) return fail('bad_response', `${ctx.label} failed (${status})${said}`, passing);
  return fail('bad_response', `${ctx.label} answered with an error (${status})${said}`, passing);
}

/**
 * Whether asking again may pass, and when. Anthropic and OpenAI-compatible servers say so in
 * `x-should-retry` (their own SDKs obey it: "false" on a 500 that will fail again, "true" on a
 * 409 lock timeout) and give the wait in milliseconds in `retry-after-ms`; a wrong key never passes.
 */
function passingOf(status: number, header?: HeaderReader): Passing | null {
  const told = header?.('x-should-retry')?.trim().toLowerCase();
  const passes = status === 401 || status === 403 ? false : told === 'true' ? true : told === 'false' ? false : PASSING_STATUSES.has(status);
  return passes ? { retryAfterMs: retryAfterMs(header?.('retry-after'), Date.now(), header?.('retry-after-ms')) } : null;
}

/**
 * The wait a server asked for, in milliseconds: `retry-after-ms` when readable, else Retry-After
 * as delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable.
 */
export function retryAfterMs(header: string | null | undefined, now = Date.now(), msHeader?: string | null): number | null {
  const ms = msHeader?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP date names its day and month; Date.parse would also take "-5" or "2" as a year.
  if (!/[a-z]{3}/i.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** An error and its causes, outermost first (undici and the SDKs wrap what happened in `cause`). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

/** The first `code` on an error's cause chain (undici puts ECONNREFUSED on `cause`). */
export function errorCode(error: unknown): string | undefined {
  for (const e of causes(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export function timeoutFailure(ctx: FailureContext): ProviderError {
  return fail('timeout', `${ctx.label} did not answer within ${ctx.timeoutS} s`);
}

export function cancelledFailure(ctx: FailureContext): ProviderError {
  return fail('timeout', `${ctx.label}: the request was cancelled`);
}

/**
 * A request that got no whole HTTP answer: refused, unknown host, dropped connection. `answered`:
 * the status and headers had come, so the request was taken (and, by a hosted API, billed), and
 * asking again would pay twice; only a connection dropped before any answer may pass.
 */
export function transportFailure(error: unknown, ctx: FailureContext, answered = false): ProviderError {
  if (causes(error).some((e) => /unexpected redirect/i.test(String((e as Error)?.message)))) {
    return fail('bad_response', `${ctx.label} answered with a redirect, which is not followed: set the base URL it leads to, if it is the provider's`);
  }
  const code = errorCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return fail('unreachable', `${ctx.label} could not be found (${code})`);
  if (code && UNREACHABLE.has(code)) return fail('unreachable', `${ctx.label} refused the connection (${code})`);
  if (code && DROPPED.has(code) && answered) return fail('bad_response', `${ctx.label} closed the connection in the middle of its answer (${code})`);
  if (code && DROPPED.has(code)) return fail('bad_response', `${ctx.label} closed the connection without answering (${code})`, { retryAfterMs: null });
  // fetch names the URL it refused, with any user and password in it.
  const message = shownAddress(error instanceof Error ? error.message : String(error));
  if (answered) return notAnAnswer(message, ctx);
  return fail('unreachable', `${ctx.label} could not be reached: ${message}`);
}

/** A success whose body is not the API's answer: a proxy's or portal's page in front of it, say. */
export function notAnAnswer(body: string, ctx: FailureContext): ProviderError {
  return fail('bad_response', `${ctx.label} answered with something other than its API's answer: ${bodyStart(body)}`);
}

/**
 * The start of an answer that is not the API's, for a person: a web page (a wrong base URL, a
 * proxy's login page) is named as one, with its title, rather than shown as markup.
 */
export function bodyStart(body: string): string {
  if (/^\s*<(!doctype|html|head|body)\b/i.test(body)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
    return `a web page${title ? ` ("${title.slice(0, 80)}")` : ''}, not the API: is the base URL right?`;
  }
  return body.slice(0, 200);
}

/**
 * One AbortSignal for a call: the caller's, plus our own timeout. `why()` tells afterwards which
 * fired, so a timeout and a cancellation get different messages.
 */
export function callSignal(timeoutS: number, caller?: AbortSignal): { signal: AbortSignal; why: () => 'timeout' | 'cancelled' | null } {
  const timeout = AbortSignal.timeout(Math.round(timeoutS * 1000));
  const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
  return { signal, why: () => (caller?.aborted ? 'cancelled' : timeout.aborted ? 'timeout' : null) };
}
