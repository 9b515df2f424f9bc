import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who last asked for a job's work (its start, its rollback): the workers act for that user as they
 * stand when the work runs, not with the role its owner had at upload (a user demoted to reader
 * could still roll back with the rights of a power user). Null: the owner.
 */
export class RecordJobActor1795750000000 implements MigrationInterface {
  name = 'RecordJobActor1795750000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE imports.import_jobs ADD COLUMN actor_id uuid');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE imports.import_jobs DROP COLUMN actor_id');
  }
}
