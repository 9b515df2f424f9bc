import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the NocoBase writer keeps in our schema so that a batch can be replayed and a job undone:
 * - `id_reservations`: ids reserved per job before its first batch (a snowflake second range per
 *   NocoBase database and worker id, or a block of a legacy sequence), so that row i of a job always
 *   gets the same id and two jobs never share one;
 * - `job_changes`: one row per record a job inserted or updated, with the record's before-image,
 *   written before the NocoBase transaction commits (a crash can lose the commit, never the journal);
 * - `job_change_batches`: the batches whose NocoBase transaction did commit.
 */
export class CreateNocoBaseWriteJournal1795700000000 implements MigrationInterface {
  name = 'CreateNocoBaseWriteJournal1795700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE imports.id_reservations (
        job_id uuid NOT NULL,
        scope text NOT NULL,
        target_id uuid NOT NULL,
        database_key text NOT NULL,
        worker_id int CHECK (worker_id BETWEEN 0 AND 31),
        first_second bigint,
        last_second bigint,
        first_id bigint,
        last_id bigint,
        row_count bigint NOT NULL CHECK (row_count >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, scope),
        CHECK ((scope = 'snowflake') = (worker_id IS NOT NULL AND first_second IS NOT NULL AND last_second >= first_second)),
        CHECK ((scope LIKE 'sequence:%') = (first_id IS NOT NULL AND last_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX id_reservations_snowflake_idx ON imports.id_reservations (database_key, worker_id, last_second) WHERE scope = 'snowflake'`);
    await db.query(`
      CREATE TABLE imports.job_changes (
        job_id uuid NOT NULL,
        collection text NOT NULL,
        record_id text NOT NULL,
        action text NOT NULL CHECK (action IN ('insert', 'update')),
        before jsonb,
        columns text[],
        row_number int NOT NULL,
        row_index bigint NOT NULL,
        batch_no int NOT NULL,
        rolled_back boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, collection, record_id),
        CHECK ((action = 'update') = (before IS NOT NULL))
      )`);
    await db.query(`
      CREATE TABLE imports.job_change_batches (
        job_id uuid NOT NULL,
        collection text NOT NULL,
        batch_no int NOT NULL,
        committed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, collection, batch_no)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE imports.job_change_batches');
    await db.query('DROP TABLE imports.job_changes');
    await db.query('DROP TABLE imports.id_reservations');
  }
}
