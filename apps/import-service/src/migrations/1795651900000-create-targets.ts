import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import targets. `kind` says what a target is and `settings` holds that kind's non-secret
 * settings (validated by import-service per kind); `secrets` holds its secrets as one SecretBox
 * value (AES-256-GCM of a JSON object), so a new kind adds no column.
 */
export class CreateTargets1795651900000 implements MigrationInterface {
  name = 'CreateTargets1795651900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE imports.targets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(32) NOT NULL CHECK (kind IN ('nocobase', 'elasticsearch')),
        name varchar(100) NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        secrets text,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX targets_name_key ON imports.targets (lower(name))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE imports.targets');
  }
}
