import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Failures for a name that matches no account are counted by that name: without this index, by reading every attempt ever kept. */
export class IndexLoginAttemptsByName1764100006000 implements MigrationInterface {
  name = 'IndexLoginAttemptsByName1764100006000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX login_attempts_name_time ON auth.login_attempts (username_key, created_at DESC) WHERE user_id IS NULL');
    await db.query('CREATE INDEX login_attempts_time ON auth.login_attempts (created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX auth.login_attempts_time');
    await db.query('DROP INDEX auth.login_attempts_name_time');
  }
}
