import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each attempt of a batch wrote (the `updatedAt` its NocoBase transaction gave the records it
 * updated), kept before that transaction commits: a rollback puts a record's old values back only
 * while it still has one of these times, so a change made since (in NocoBase, or by a later import)
 * is not overwritten. Jobs written before have none: their records are restored as before.
 */
export class RecordBatchWriteTime1795770000000 implements MigrationInterface {
  name = 'RecordBatchWriteTime1795770000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE imports.job_batch_writes (
        job_id uuid NOT NULL,
        collection text NOT NULL,
        batch_no int NOT NULL,
        written_at timestamptz[] NOT NULL,
        PRIMARY KEY (job_id, collection, batch_no)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE imports.job_batch_writes');
  }
}
