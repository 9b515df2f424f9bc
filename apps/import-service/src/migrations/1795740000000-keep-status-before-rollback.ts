import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a job was (status and error) when its rollback was asked for: a rollback that gives up puts
 * it back so, where it used to become `completed` whatever it was (a cancelled or failed job
 * showed as completed, its own error gone). A job rolling back as this runs has no note and goes
 * back to completed, as before.
 */
export class KeepStatusBeforeRollback1795740000000 implements MigrationInterface {
  name = 'KeepStatusBeforeRollback1795740000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE imports.import_jobs ADD COLUMN before_rollback jsonb');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE imports.import_jobs DROP COLUMN before_rollback');
  }
}
