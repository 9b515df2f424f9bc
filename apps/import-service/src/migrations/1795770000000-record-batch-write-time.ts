import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a batch's NocoBase transaction wrote (the `updatedAt` it gave the records it updated): a
 * rollback puts a record's old values back only while it still has that time, so a change made
 * since (in NocoBase, or by a later import) is not overwritten. Null for batches written before.
 */
export class RecordBatchWriteTime1795770000000 implements MigrationInterface {
  name = 'RecordBatchWriteTime1795770000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE imports.job_change_batches ADD COLUMN written_at timestamptz');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE imports.job_change_batches DROP COLUMN written_at');
  }
}
