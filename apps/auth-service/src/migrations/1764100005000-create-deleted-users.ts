import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ids of deleted users, so other services can erase what those users left (their documents)
 * on a positive answer only: an id missing from `users` is not taken as deleted (a database restored
 * from an older backup lacks users created since, who still own their data).
 */
export class CreateDeletedUsers1764100005000 implements MigrationInterface {
  name = 'CreateDeletedUsers1764100005000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE TABLE auth.deleted_users (id uuid PRIMARY KEY, deleted_at timestamptz NOT NULL DEFAULT now())');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE auth.deleted_users');
  }
}
