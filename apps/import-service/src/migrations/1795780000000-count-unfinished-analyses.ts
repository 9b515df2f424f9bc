import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analyses of a job that began and never ended (the process died reading the file): a file that
 * kills its worker each time fails after a few, instead of being delivered again for ever.
 */
export class CountUnfinishedAnalyses1795780000000 implements MigrationInterface {
  name = 'CountUnfinishedAnalyses1795780000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE imports.import_jobs ADD COLUMN analyses_unfinished int NOT NULL DEFAULT 0');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE imports.import_jobs DROP COLUMN analyses_unfinished');
  }
}
