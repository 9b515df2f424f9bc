import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError, type RetryPolicy } from './classifier';

/** The longest wait between two calls: a provider asking for more is failed now, in its words, rather than holding a worker for minutes. */
export const MAX_RETRY_WAIT_MS = 60_000;

/** The service stopped during a wait: the job goes back to the queue, and the document is not failed for it. */
export class RetryAbandoned extends Error {
  constructor(readonly after: ProviderError) {
    super(`the service stopped while waiting to ask again after: ${after.message}`);
    this.name = 'RetryAbandoned';
  }
}

export interface RetryWaits {
  /** The caller's cancellation: ends a wait with the failure it waited after. */
  signal?: AbortSignal;
  /** The service stopping: ends a wait with RetryAbandoned. */
  stop?: AbortSignal;
}

/**
 * Runs `call`, and again after a wait each time it fails in passing (`ProviderError.passing`: a
 * rate limit, an overloaded or failing server, a connection dropped before any answer), at most
 * `policy.retries` more times (see `waitMs`). The last failure is thrown saying how many calls
 * were made.
 */
export async function retryPassing<T>(call: () => Promise<T>, policy: RetryPolicy | undefined, { signal, stop }: RetryWaits = {}): Promise<T> {
  const started = Date.now();
  for (let retry = 0; ; retry++) {
    try {
      return await call();
    } catch (error) {
      const passing = error instanceof ProviderError ? error.passing : null;
      if (!passing || !policy || retry >= policy.retries) throw afterCalls(error, retry + 1, started);
      const failure = error as ProviderError;
      const asked = passing.retryAfterMs;
      if (asked !== null && asked > MAX_RETRY_WAIT_MS) {
        throw afterCalls(failure, retry + 1, started, `it asked to wait ${Math.ceil(asked / 1000)} s, more than the ${MAX_RETRY_WAIT_MS / 1000} s a document waits`);
      }
      const waits = [signal, stop].filter((s): s is AbortSignal => s !== undefined);
      const waited = await sleep(waitMs(asked, policy.delayMs, retry), true, { signal: waits.length ? AbortSignal.any(waits) : undefined }).catch(() => false);
      if (waited) continue;
      if (stop?.aborted) throw new RetryAbandoned(failure);
      throw afterCalls(failure, retry + 1, started);
    }
  }
}

/**
 * The wait before retry number `retry` (0 for the first): what the provider asked for (Retry-After),
 * else `delayMs` doubling each time; spread (a provider's wait only lengthened, by up to a quarter)
 * so that workers hit by the same limit do not come back together; never more than MAX_RETRY_WAIT_MS.
 */
export function waitMs(retryAfterMs: number | null, delayMs: number, retry: number, random: () => number = Math.random): number {
  const wait = retryAfterMs === null ? delayMs * 2 ** retry * (0.75 + random() * 0.5) : retryAfterMs * (1 + random() * 0.25);
  return Math.min(MAX_RETRY_WAIT_MS, Math.round(wait));
}

/** The same failure, its message saying it was not the only call (and, when given, why no more were made). */
function afterCalls(error: unknown, calls: number, started: number, why?: string): unknown {
  if (!(error instanceof ProviderError) || (calls === 1 && !why)) return error;
  const notes = [...(why ? [why] : []), ...(calls > 1 ? [`${calls} calls over ${Math.round((Date.now() - started) / 1000)} s`] : [])];
  return new ProviderError(error.kind, `${error.message} (${notes.join('; ')})`, error.usage, error.passing);
}
