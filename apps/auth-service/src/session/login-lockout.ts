import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '@intake/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { AUTH_CONFIG, type AuthServiceConfig } from '../config';
import { LoginAttemptEntity } from './login-attempt.entity';

export interface AttemptSubject {
  /** The account, when the name matched one. */
  userId: string | null;
  /** What was typed, lower-cased: counts failures for names that match no account. */
  usernameKey: string;
  ip: string | null;
  /**
   * The check comes with a live session (a password change on the profile): failures from elsewhere
   * do not lock it, or anyone could keep the owner from changing a password being guessed; its own
   * count (per account, address null) still does.
   */
  signedIn?: boolean;
}

/** An address the account signed in from this recently is the owner's: failures elsewhere do not lock it. */
const TRUSTED_DAYS = 30;
/** Attempts are kept this long (trust needs them; locks need at most the window, a week at most), then deleted. */
const KEPT_DAYS = TRUSTED_DAYS + 1;
const PURGE_EVERY_MS = 3600_000;

/**
 * Counts failed password checks per account (or per typed name when none matches, so a locked name
 * does not reveal whether the account exists) and refuses checks while too many are recent: from
 * one client address (`maxFailures`), or from all of them together (`maxAccountFailures`, which
 * bounds guessing spread over many addresses). The second lock spares the addresses the account
 * signed in from lately, so nobody can keep its owner out by failing on purpose from elsewhere
 * (OWASP's "lock out untrusted clients" rather than the account). The count, the check and the
 * record happen under one advisory lock, so parallel guesses queue up instead of all reading "0 failures".
 */
@Injectable()
export class LoginLockout {
  private readonly logger = new Logger(LoginLockout.name);
  private purgedAt = 0;

  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthServiceConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /** Runs `check` unless locked; records its outcome. `check` returns whether the password was right. */
  async guard(subject: AttemptSubject, check: () => Promise<boolean>): Promise<boolean> {
    const key = subject.userId ?? `name:${subject.usernameKey}`;
    const succeeded = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`intake:login:${key}`]);
      await this.refuseWhileLocked(subject, manager);
      const right = await check();
      await manager.getRepository(LoginAttemptEntity).insert({ userId: subject.userId, usernameKey: subject.usernameKey, ip: subject.ip, succeeded: right });
      return right;
    });
    await this.purgeNowAndThen();
    return succeeded;
  }

  /** Lifts a lock, e.g. when an admin sets a new password. */
  async reset(userId: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager)
      .getRepository(LoginAttemptEntity)
      .insert({ userId, usernameKey: '(password reset)', succeeded: true, ip: null });
  }

  private async refuseWhileLocked(subject: AttemptSubject, manager: EntityManager): Promise<void> {
    const { maxFailures, maxAccountFailures, windowSeconds } = this.config.lockout;
    const [column, value] = subject.userId ? ['user_id', subject.userId] : ['username_key', subject.usernameKey];
    const scope = subject.userId ? 'user_id = $1' : 'user_id IS NULL AND username_key = $1';
    const rows: { created_at: Date; here: boolean }[] = await manager.query(
      `SELECT created_at, ip IS NOT DISTINCT FROM $3 AS here FROM auth.login_attempts
        WHERE ${scope} AND NOT succeeded
          AND created_at > now() - make_interval(secs => $2)
          AND created_at > COALESCE((SELECT max(created_at) FROM auth.login_attempts WHERE ${column} = $1 AND succeeded), '-infinity')
        ORDER BY created_at`,
      [value, windowSeconds, subject.ip],
    );
    const here = rows.filter((row) => row.here);
    if (here.length >= maxFailures) this.locked(here[here.length - maxFailures].created_at);
    if (rows.length >= maxAccountFailures && !subject.signedIn && !(await this.trusted(subject, manager))) this.locked(rows[rows.length - maxAccountFailures].created_at);
  }

  /** Whether the account signed in from this address lately. */
  private async trusted({ userId, ip }: AttemptSubject, manager: EntityManager): Promise<boolean> {
    if (!userId || !ip) return false;
    const [row]: { trusted: boolean }[] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM auth.login_attempts
        WHERE user_id = $1 AND ip = $2 AND succeeded AND created_at > now() - make_interval(days => $3)) AS trusted`,
      [userId, ip, TRUSTED_DAYS],
    );
    return row.trusted;
  }

  /** Locked until the failure that filled the limit leaves the window. */
  private locked(oldestCounted: Date): never {
    const unlockAt = oldestCounted.getTime() + this.config.lockout.windowSeconds * 1000;
    const retryAfter = Math.max(1, Math.ceil((unlockAt - Date.now()) / 1000));
    throw new AppError('ACCOUNT_LOCKED', `Too many failed password attempts; try again in ${waitWords(retryAfter)}`, { retry_after_seconds: retryAfter });
  }

  // A flood of failures must not grow the table for ever. Best effort: another attempt purges later.
  private async purgeNowAndThen(): Promise<void> {
    if (Date.now() - this.purgedAt < PURGE_EVERY_MS) return;
    this.purgedAt = Date.now();
    await this.dataSource.query('DELETE FROM auth.login_attempts WHERE created_at < now() - make_interval(days => $1)', [KEPT_DAYS]).catch((error: unknown) => this.logger.warn(`Old sign-in attempts were not deleted this time: ${String(error)}`));
  }
}

/** "45 s", "15 minutes": a wait as the sign-in page says it (a 15-minute lock read "893 s"). */
export function waitWords(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
