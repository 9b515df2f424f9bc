import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets a password change end the sessions opened before it. */
export class AddTokensValidAfter1764100003000 implements MigrationInterface {
  name = 'AddTokensValidAfter1764100003000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.users ADD COLUMN tokens_valid_after timestamptz');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.users DROP COLUMN tokens_valid_after');
  }
}
