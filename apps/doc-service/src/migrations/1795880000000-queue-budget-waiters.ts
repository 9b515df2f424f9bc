import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calls waiting for room in a provider's daily token budget, in the order they came (the id):
 * a call that would fit does not start while an older one waits, so a large call is not kept
 * waiting by small ones until it is refused. A waiter that stops looking (its worker died) is
 * passed over once its `seen_at` is old; so is a hold whose call stopped saying it runs, within
 * minutes rather than the half hour a dead worker's hold used to block the line.
 */
export class QueueBudgetWaiters1795880000000 implements MigrationInterface {
  name = 'QueueBudgetWaiters1795880000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE docs.ai_budget_waiters (
        id bigserial PRIMARY KEY,
        provider varchar(16) NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query('CREATE INDEX ai_budget_waiters_provider ON docs.ai_budget_waiters (provider, id)');
    await db.query('ALTER TABLE docs.ai_budget_holds ADD COLUMN seen_at timestamptz NOT NULL DEFAULT clock_timestamp()');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE docs.ai_budget_holds DROP COLUMN seen_at');
    await db.query('DROP TABLE docs.ai_budget_waiters');
  }
}
