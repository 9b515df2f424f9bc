import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calls to a model under way, each with the tokens it is expected to spend: while they run, a call
 * that would take a provider past its daily budget together with them waits for them to end, so
 * at most one call crosses the budget, whatever the number of workers and replicas.
 */
export class HoldTokenBudget1795860000000 implements MigrationInterface {
  name = 'HoldTokenBudget1795860000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE docs.ai_budget_holds (
        id bigserial PRIMARY KEY,
        provider varchar(16) NOT NULL,
        tokens int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX ai_budget_holds_provider ON docs.ai_budget_holds (provider, created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE docs.ai_budget_holds');
  }
}
