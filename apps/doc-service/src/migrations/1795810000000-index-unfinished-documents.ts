import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The stale-document sweep looks only at unfinished documents: a small index instead of a table scan. */
export class IndexUnfinishedDocuments1795810000000 implements MigrationInterface {
  name = 'IndexUnfinishedDocuments1795810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX documents_unfinished ON docs.documents (status, updated_at) WHERE status IN ('queued', 'processing')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX docs.documents_unfinished');
  }
}
