import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LoginAttemptEntity } from './login-attempt.entity';

@Injectable()
export class LoginAttemptsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async record(attempt: Pick<LoginAttemptEntity, 'userId' | 'usernameKey' | 'succeeded' | 'ip'>): Promise<void> {
    await this.dataSource.getRepository(LoginAttemptEntity).insert(attempt);
  }

  /**
   * Failures of this user inside the window and after their last success, oldest first: the lock
   * lifts when the oldest of them leaves the window.
   */
  async recentFailures(userId: string, windowSeconds: number): Promise<Date[]> {
    const rows: { created_at: Date }[] = await this.dataSource.query(
      `SELECT created_at FROM auth.login_attempts
        WHERE user_id = $1 AND NOT succeeded
          AND created_at > now() - make_interval(secs => $2)
          AND created_at > COALESCE((SELECT max(created_at) FROM auth.login_attempts WHERE user_id = $1 AND succeeded), '-infinity')
        ORDER BY created_at`,
      [userId, windowSeconds],
    );
    return rows.map((r) => r.created_at);
  }
}
