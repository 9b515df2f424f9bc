import { AppError } from '@intake/contracts';

/** Client addresses followed at most; past it the oldest go first (a flood of addresses cannot grow memory). */
const MAX_ADDRESSES = 50_000;

/**
 * Sign-ins per client address: the failed ones, and those under way, count against the limit within
 * the window; a successful one counts no more once it succeeded. An office of twelve behind one
 * address signing in each morning is not stopped, a guesser is after `limit` wrong passwords, and a
 * burst sent at once counts whole before any of it is answered. In this process's memory, as the
 * account lockout in auth-service is the durable part.
 */
export class LoginThrottle {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a sign-in beginning; refused with 429 (and when to try again) past the limit. Answers the mark `release` takes back. */
  begin(address: string): number {
    const now = this.now();
    const recent = (this.attempts.get(address) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length >= this.limit) {
      const retryAfter = Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000));
      throw new AppError('RATE_LIMITED', `Too many failed sign-ins from this address; try again in ${retryAfter} s`, { retry_after_seconds: retryAfter });
    }
    recent.push(now);
    // Re-inserted, so the map's order is the addresses' last use and the first is the one to drop.
    this.attempts.delete(address);
    this.attempts.set(address, recent);
    if (this.attempts.size > MAX_ADDRESSES) this.attempts.delete(this.attempts.keys().next().value as string);
    return now;
  }

  /** The sign-in begun at `mark` was no failed one (it succeeded, or auth-service was away): it no longer counts. */
  release(address: string, mark: number): void {
    const recent = this.attempts.get(address);
    const at = recent?.indexOf(mark) ?? -1;
    if (recent && at >= 0) recent.splice(at, 1);
    if (recent?.length === 0) this.attempts.delete(address);
  }
}
