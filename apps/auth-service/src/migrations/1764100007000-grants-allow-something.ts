import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A grant allows at least one thing, also when two changes race (each one alone checked in the
 * service). Grants allowing nothing, saved before the service refused them, give no access: they go.
 */
export class GrantsAllowSomething1764100007000 implements MigrationInterface {
  name = 'GrantsAllowSomething1764100007000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('DELETE FROM auth.access_grants WHERE NOT (can_read OR can_write OR can_create)');
    await db.query('ALTER TABLE auth.access_grants ADD CONSTRAINT access_grants_allow_something CHECK (can_read OR can_write OR can_create)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.access_grants DROP CONSTRAINT access_grants_allow_something');
  }
}
