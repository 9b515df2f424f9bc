import type { SessionVerifier } from '@intake/auth';
import { type AccessTokenClaims, type AppKey, AppError, type Caller, type SessionUser } from '@intake/contracts';
import { holdsApp } from './require-app.guard';
import type { RpcClient } from './rpc-client';

/** Why the server ended an event stream, so the web client can say so instead of reconnecting. */
export type StreamEndReason = 'expired' | 'revoked' | 'app_removed' | 'not_found';

/** Longer timeouts fire at once in Node; a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface StreamAccessWatch {
  /** The token the stream was opened with: the stream ends at its `exp` (seconds). */
  claims: Pick<AccessTokenClaims, 'exp'>;
  recheckMs: number;
  /** Null while access still holds, else why not. Throws when it cannot tell (auth-service unreachable). */
  check: () => Promise<StreamEndReason | null>;
  /** Called once, when access has ended. */
  onEnd: (reason: StreamEndReason) => void;
  /** A re-check that got no answer: the stream stays open and is asked about again next interval. */
  onCheckFailed: (error: unknown) => void;
}

/**
 * Guards and strategies look at a request once; a stream outlives that. This ends access at the
 * token's expiry and when a re-check says the session or the app is gone. Returns `stop`.
 */
export function watchStreamAccess(watch: StreamAccessWatch): () => void {
  let stopped = false;
  let expiryTimer: NodeJS.Timeout | undefined;
  let recheckTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    stopped = true;
    clearTimeout(expiryTimer);
    clearTimeout(recheckTimer);
  };
  const end = (reason: StreamEndReason) => {
    if (stopped) return;
    stop();
    watch.onEnd(reason);
  };

  // A token without a usable exp is treated as expired rather than re-armed every millisecond.
  const expiresAtMs = Number.isFinite(watch.claims.exp) ? watch.claims.exp * 1000 : 0;
  const armExpiry = () => {
    const left = expiresAtMs - Date.now();
    // Always through a timer, even when already expired, so onEnd never runs before we return stop.
    expiryTimer = setTimeout(() => (Date.now() >= expiresAtMs ? end('expired') : armExpiry()), Math.max(0, Math.min(left, MAX_TIMER_MS)));
  };
  // The next re-check is armed only once this one has answered, so a slow auth-service never piles them up.
  const recheck = async () => {
    try {
      const reason = await watch.check();
      if (reason) return end(reason);
    } catch (error) {
      try {
        if (!stopped) watch.onCheckFailed(error);
      } catch {
        // a failing logger must not stop the re-checks
      }
    }
    if (!stopped) recheckTimer = setTimeout(() => void recheck(), watch.recheckMs);
  };

  armExpiry();
  recheckTimer = setTimeout(() => void recheck(), watch.recheckMs);
  return stop;
}

/**
 * The checks the guards made when the stream opened, asked again: the session still live
 * (JwtStrategy's SessionVerifier), `app` still held (RequireApp's holdsApp) and, for a stream of
 * one thing, that thing still the caller's to see (`stillShown`, asked as the live user: an admin
 * demoted since may no longer see another user's import; false when it is not found).
 */
export function appAccessCheck(
  sessions: SessionVerifier,
  rpc: RpcClient,
  claims: AccessTokenClaims,
  app: AppKey,
  stillShown?: (caller: Caller) => Promise<boolean>,
): () => Promise<StreamEndReason | null> {
  return async () => {
    let user: SessionUser;
    try {
      user = await sessions.verify(claims);
    } catch (error) {
      // Only auth-service saying "this session is over" ends the stream; an outage or timeout does not.
      if (error instanceof AppError && error.code === 'UNAUTHENTICATED') return 'revoked';
      throw error;
    }
    // The live user, not the one from the stream's start: a changed role counts.
    if (!(await holdsApp(rpc, user, app))) return 'app_removed';
    return stillShown && !(await stillShown({ userId: user.id, role: user.role })) ? 'not_found' : null;
  };
}
