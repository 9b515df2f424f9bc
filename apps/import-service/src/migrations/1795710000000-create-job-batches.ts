import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What happened to each row, one row per committed batch: the result file is built from these and
 * the original file after the run, so a resumed job still reports every row exactly once.
 */
export class CreateJobBatches1795710000000 implements MigrationInterface {
  name = 'CreateJobBatches1795710000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE imports.job_batches (
        job_id uuid NOT NULL REFERENCES imports.import_jobs (id) ON DELETE CASCADE,
        batch_no int NOT NULL,
        sheet_index int NOT NULL,
        first_row int NOT NULL,
        outcomes jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, batch_no)
      )`);
    await db.query('CREATE INDEX job_batches_sheet ON imports.job_batches (job_id, sheet_index, first_row)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE imports.job_batches');
  }
}
