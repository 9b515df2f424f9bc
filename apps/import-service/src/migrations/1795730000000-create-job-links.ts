import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The many-to-many link rows a job added to or removed from NocoBase's link tables, one row per
 * link, written before the batch's NocoBase transaction commits. A link is named by its table and
 * its two key columns (sorted by name, so a relation and its reverse field, which share the link
 * table, name the same link the same way). The first entry of a link wins: it says what the link
 * was before the job (added: absent; removed: present, with `link` holding the whole row to put back).
 */
export class CreateJobLinks1795730000000 implements MigrationInterface {
  name = 'CreateJobLinks1795730000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE imports.job_links (
        job_id uuid NOT NULL,
        link_schema text NOT NULL,
        link_table text NOT NULL,
        column_a text NOT NULL,
        key_a text NOT NULL,
        column_b text NOT NULL,
        key_b text NOT NULL,
        action text NOT NULL CHECK (action IN ('add', 'remove')),
        link jsonb NOT NULL,
        batch_no int NOT NULL,
        rolled_back boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, link_schema, link_table, column_a, key_a, column_b, key_b)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE imports.job_links');
  }
}
