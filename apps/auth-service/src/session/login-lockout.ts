import { Inject, Injectable } from '@nestjs/common';
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
}

/**
 * Counts failed password checks per account (or per typed name when none matches, so a locked name
 * does not reveal whether the account exists) and refuses checks while too many are recent. The
 * count, the check and the record happen under one advisory lock, so parallel guesses queue up
 * instead of all reading "0 failures".
 */
@Injectable()
export class LoginLockout {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthServiceConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /** Runs `check` unless locked; records its outcome. `check` returns whether the password was right. */
  async guard(subject: AttemptSubject, check: () => Promise<boolean>): Promise<boolean> {
    const key = subject.userId ?? `name:${subject.usernameKey}`;
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`intake:login:${key}`]);
      await this.refuseWhileLocked(subject, manager);
      const succeeded = await check();
      await manager.getRepository(LoginAttemptEntity).insert({ ...subject, succeeded });
      return succeeded;
    });
  }

  /** Lifts a lock, e.g. when an admin sets a new password. */
  async reset(userId: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager)
      .getRepository(LoginAttemptEntity)
      .insert({ userId, usernameKey: '(password reset)', succeeded: true, ip: null });
  }

  private async refuseWhileLocked(subject: AttemptSubject, manager: EntityManager): Promise<void> {
    const { maxFailures, windowSeconds } = this.config.lockout;
    const [column, value] = subject.userId ? ['user_id', subject.userId] : ['username_key', subject.usernameKey];
    const scope = subject.userId ? 'user_id = $1' : 'user_id IS NULL AND username_key = $1';
    const rows: { created_at: Date }[] = await manager.query(
      `SELECT created_at FROM auth.login_attempts
        WHERE ${scope} AND NOT succeeded
          AND created_at > now() - make_interval(secs => $2)
          AND created_at > COALESCE((SELECT max(created_at) FROM auth.login_attempts WHERE ${column} = $1 AND succeeded), '-infinity')
        ORDER BY created_at`,
      [value, windowSeconds],
    );
    if (rows.length < maxFailures) return;
    const unlockAt = rows[rows.length - maxFailures].created_at.getTime() + windowSeconds * 1000;
    const retryAfter = Math.max(1, Math.ceil((unlockAt - Date.now()) / 1000));
    throw new AppError('ACCOUNT_LOCKED', `Too many failed password attempts; try again in ${waitWords(retryAfter)}`, { retry_after_seconds: retryAfter });
  }
}

/** "45 s", "15 minutes": a wait as the sign-in page says it (a 15-minute lock read "893 s"). */
export function waitWords(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
