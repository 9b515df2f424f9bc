import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The records a job inserted, one row per batch and collection instead of one per record: an insert
 * needs no before-image, and a million-row import then adds 200 journal rows, not a million.
 * `first_id`/`last_id` bound the batch's ids (reserved ids grow with the row), so the batch holding an
 * id is found with one index probe. `job_changes` keeps the updates (and older jobs' inserts).
 */
export class CreateJobInserts1795720000000 implements MigrationInterface {
  name = 'CreateJobInserts1795720000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE imports.job_inserts (
        job_id uuid NOT NULL,
        collection text NOT NULL,
        batch_no int NOT NULL,
        first_id bigint NOT NULL,
        last_id bigint NOT NULL,
        record_ids bigint[] NOT NULL,
        row_indexes bigint[] NOT NULL,
        row_numbers int[] NOT NULL,
        rolled_back boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, collection, batch_no),
        CHECK (cardinality(record_ids) = cardinality(row_indexes) AND cardinality(record_ids) = cardinality(row_numbers))
      )`);
    await db.query('CREATE INDEX job_inserts_ids ON imports.job_inserts (job_id, collection, first_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE imports.job_inserts');
  }
}
