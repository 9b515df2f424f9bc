import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Earlier imports of the same file into the same target, looked up on each preview. Built at boot
 * without CONCURRENTLY (migrations run in a transaction): brief, as a job row is small.
 */
export class IndexJobsByFile1795790000000 implements MigrationInterface {
  name = 'IndexJobsByFile1795790000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX import_jobs_by_file ON imports.import_jobs (target_id, sha256)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX imports.import_jobs_by_file');
  }
}
