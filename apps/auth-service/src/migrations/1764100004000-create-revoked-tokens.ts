import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets logout end one session: a token whose `jti` is listed here is refused until it expires. */
export class CreateRevokedTokens1764100004000 implements MigrationInterface {
  name = 'CreateRevokedTokens1764100004000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE auth.revoked_tokens (
        jti uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL
      )`);
    // Each revocation purges the rows whose token has expired anyway.
    await db.query('CREATE INDEX revoked_tokens_expires_at ON auth.revoked_tokens (expires_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE auth.revoked_tokens');
  }
}
