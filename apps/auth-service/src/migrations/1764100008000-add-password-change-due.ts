import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Marks a password someone else chose (generated at setup, set by an admin): its owner is asked to change it. */
export class AddPasswordChangeDue1764100008000 implements MigrationInterface {
  name = 'AddPasswordChangeDue1764100008000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.users ADD COLUMN password_change_due boolean NOT NULL DEFAULT false');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.users DROP COLUMN password_change_due');
  }
}
