import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A record a row found already holding its values is journaled as `unchanged` (no before-image):
 * nothing to undo, but a later batch's row with the same key learns that an earlier row of the job
 * had that record, as it does for an update.
 */
export class JournalUnchangedRecords1795760000000 implements MigrationInterface {
  name = 'JournalUnchangedRecords1795760000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE imports.job_changes DROP CONSTRAINT job_changes_action_check,
      ADD CONSTRAINT job_changes_action_check CHECK (action IN ('insert', 'update', 'unchanged'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM imports.job_changes WHERE action = 'unchanged'`);
    await db.query(`ALTER TABLE imports.job_changes DROP CONSTRAINT job_changes_action_check,
      ADD CONSTRAINT job_changes_action_check CHECK (action IN ('insert', 'update'))`);
  }
}
