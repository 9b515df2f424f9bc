import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { docsTestDatabase, type DocsTestDatabase } from '../docs-test-database';
import { AiCallsRepository } from './ai-calls.repository';
import { BudgetExceededError, callEstimate, TokenBudget } from './token-budget';

describe('TokenBudget on a real database: at most one call crosses a daily budget', () => {
  let db: DocsTestDatabase;
  let ds: DataSource;
  let calls: AiCallsRepository;
  let budget: TokenBudget;

  beforeAll(async () => {
    db = await docsTestDatabase({ poolSize: 4 });
    ds = db.ds;
    calls = new AiCallsRepository(ds);
    budget = new TokenBudget(ds, calls);
  });
  afterAll(() => db?.close());
  beforeEach(() => ds.query('TRUNCATE docs.ai_calls, docs.ai_budget_holds'));

  const spend = (tokens: number) => calls.record({ provider: 'lmstudio', model: 'm', documentId: randomUUID(), tokensIn: tokens, tokensOut: 0, durationMs: 1, outcome: 'ok', error: null });
  /** Whether `pending` is still waiting after a while (several of the budget's re-checks). */
  const stillWaiting = async (pending: Promise<unknown>) => (await Promise.race([pending.then(() => 'settled', () => 'settled'), new Promise((r) => setTimeout(() => r('waiting'), 1500))])) === 'waiting';

  it('lets a call start under the budget even when it alone may cross it, and none once it is spent', async () => {
    const release = await budget.hold('lmstudio', 1000, 5000);
    await spend(5000);
    await release();
    await expect(budget.hold('lmstudio', 1000, 10)).rejects.toThrow(new BudgetExceededError('The daily token budget for lmstudio (1000) is spent: 5000 tokens used today (UTC). Re-process the document tomorrow or raise the budget.'));
    // Another provider's budget is its own.
    await (await budget.hold('ollama', 1000, 10))();
  });

  it('runs calls side by side while they fit together, and makes one wait that would cross with the others', async () => {
    const first = await budget.hold('lmstudio', 10_000, 4000);
    const second = await budget.hold('lmstudio', 10_000, 4000); // 8,000 together: both go
    const third = budget.hold('lmstudio', 10_000, 4000); // 12,000: waits
    expect(await stillWaiting(third)).toBe(true);
    await spend(4000);
    await first();
    expect(await stillWaiting(third)).toBe(true); // 4,000 spent + 4,000 held + 4,000 > 10,000
    await spend(3000);
    await second();
    await (await third)(); // 7,000 spent, nothing under way: it starts (and may cross)
  });

  it('refuses the waiting call when the calls it waited for spent the budget', async () => {
    const first = await budget.hold('lmstudio', 6000, 5000);
    const second = budget.hold('lmstudio', 6000, 5000);
    expect(await stillWaiting(second)).toBe(true);
    await spend(6500);
    await first();
    await expect(second).rejects.toBeInstanceOf(BudgetExceededError);
  });

  it('forgets a hold left by a worker that died', async () => {
    await ds.query(`INSERT INTO docs.ai_budget_holds (provider, tokens, created_at) VALUES ('lmstudio', 9000, now() - interval '1 hour')`);
    const release = await budget.hold('lmstudio', 10_000, 4000);
    expect(await ds.query(`SELECT tokens FROM docs.ai_budget_holds WHERE created_at > now() - interval '1 minute'`)).toEqual([{ tokens: 4000 }]);
    await release();
    expect(await ds.query(`SELECT count(*)::int AS n FROM docs.ai_budget_holds WHERE created_at > now() - interval '1 minute'`)).toEqual([{ n: 0 }]);
  });

  it('expects about four characters a token of the text and the lists, plus the prompt and a full answer', () => {
    expect(callEstimate(20_000, 400)).toBe(5100 + 800 + 4096);
  });
});
