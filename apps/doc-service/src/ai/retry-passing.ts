import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError, type RetryPolicy } from './classifier';

/** A provider asking for a longer wait is failed now, in its words: a worker does not sit out minutes for one document. */
export const MAX_RETRY_WAIT_MS = 60_000;

/**
 * Runs `call`, and again after a wait each time it fails in passing (`ProviderError.passing`: a
 * rate limit, an overloaded or failing server, a dropped connection), at most `policy.retries`
 * more times. The wait is what the provider asked for (Retry-After), else `policy.delayMs`
 * doubling each time, spread by ±25 % so that workers hit by the same limit do not come back
 * together. The last failure is thrown saying how many calls were made; a cancelled wait throws
 * the failure it waited after.
 */
export async function retryPassing<T>(call: () => Promise<T>, policy: RetryPolicy | undefined, signal?: AbortSignal): Promise<T> {
  const started = Date.now();
  for (let retry = 0; ; retry++) {
    try {
      return await call();
    } catch (error) {
      const wait = policy && retry < policy.retries && error instanceof ProviderError && error.passing ? waitMs(error.passing.retryAfterMs, policy.delayMs, retry) : null;
      if (wait === null || wait > MAX_RETRY_WAIT_MS) throw retry > 0 ? afterCalls(error, retry + 1, started) : error;
      const waited = await sleep(wait, true, { signal }).catch(() => false);
      if (!waited) throw afterCalls(error, retry + 1, started);
    }
  }
}

function waitMs(retryAfterMs: number | null, delayMs: number, retry: number): number {
  if (retryAfterMs !== null) return retryAfterMs;
  return Math.round(delayMs * 2 ** retry * (0.75 + Math.random() * 0.5));
}

/** The same failure, its message saying it was not the first call. */
function afterCalls(error: unknown, calls: number, started: number): unknown {
  if (!(error instanceof ProviderError)) return error;
  const seconds = Math.round((Date.now() - started) / 1000);
  return new ProviderError(error.kind, `${error.message} (${calls} calls over ${seconds} s)`, error.usage, error.passing);
}
