import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A grant allows at least one thing, also when two changes race (each one alone checked in the
 * service). NOT VALID: a grant allowing nothing, saved before the service refused them, is kept (it
 * still shows its target to its user) until an administrator changes or deletes it.
 */
export class GrantsAllowSomething1764100007000 implements MigrationInterface {
  name = 'GrantsAllowSomething1764100007000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.access_grants ADD CONSTRAINT access_grants_allow_something CHECK (can_read OR can_write OR can_create) NOT VALID');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.access_grants DROP CONSTRAINT access_grants_allow_something');
  }
}
