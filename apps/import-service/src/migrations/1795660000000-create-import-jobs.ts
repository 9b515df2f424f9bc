import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateImportJobs1795660000000 implements MigrationInterface {
  name = 'CreateImportJobs1795660000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE imports.import_jobs (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        -- The owner's role when the job was created: workers act for the owner without a live request.
        owner_role varchar(16) NOT NULL,
        target_id uuid NOT NULL,
        status varchar(20) NOT NULL,
        original_key text NOT NULL,
        original_name varchar(255) NOT NULL,
        size bigint NOT NULL,
        sha256 char(64) NOT NULL,
        format varchar(10),
        analysis jsonb,
        plan jsonb,
        progress jsonb NOT NULL DEFAULT '{}'::jsonb,
        checkpoint jsonb,
        result_key text,
        error text,
        cancel_requested boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await db.query('CREATE INDEX import_jobs_owner_created ON imports.import_jobs (owner_id, created_at DESC)');
    await db.query('CREATE INDEX import_jobs_created ON imports.import_jobs (created_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE imports.import_jobs');
  }
}
