import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { docsTestDatabase, type DocsTestDatabase } from '../docs-test-database';
import { AiCallsRepository } from './ai-calls.repository';
import { waitFor } from '@intake/testing';
import { BudgetExceededError, callEstimate, HOLD_HEARTBEAT_MS, TokenBudget } from './token-budget';

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
  beforeEach(() => ds.query('TRUNCATE docs.ai_calls, docs.ai_budget_holds, docs.ai_budget_waiters'));
  const waiters = async () => (await ds.query('SELECT count(*)::int AS n FROM docs.ai_budget_waiters'))[0].n as number;

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
    expect(await waiters()).toBe(0); // out of the line
  });

  it('serves waiting calls in the order they came: a small call that would fit waits behind a large one', async () => {
    const first = await budget.hold('lmstudio', 10_000, 4000);
    const order: string[] = [];
    const large = budget.hold('lmstudio', 10_000, 8000).then((release) => (order.push('large'), release)); // 12,000 with the first: waits
    expect(await stillWaiting(large)).toBe(true);
    const small = budget.hold('lmstudio', 10_000, 1000).then((release) => (order.push('small'), release)); // 5,000 with the first: would fit
    expect(await stillWaiting(small)).toBe(true);
    expect(await waiters()).toBe(2);
    await spend(1000);
    await first();
    // 1,000 spent, then the large one under way: the small one fits beside it (10,000) once it is its turn.
    await Promise.all([(await large)(), (await small)()]);
    expect(order).toEqual(['large', 'small']);
    expect(await waiters()).toBe(0);
  });

  it('passes over a waiter that stopped looking (its worker died)', async () => {
    await ds.query(`INSERT INTO docs.ai_budget_waiters (provider, seen_at) VALUES ('lmstudio', clock_timestamp() - interval '1 minute')`);
    await (await budget.hold('lmstudio', 10_000, 4000))();
    await ds.query(`INSERT INTO docs.ai_budget_waiters (provider) VALUES ('lmstudio')`); // one still looking: the line holds
    const behind = budget.hold('lmstudio', 10_000, 10).then((release) => release());
    expect(await stillWaiting(behind)).toBe(true);
    await ds.query(`DELETE FROM docs.ai_budget_waiters WHERE id = (SELECT min(id) FROM docs.ai_budget_waiters)`);
    await behind; // first in line now, and nothing under way
  });

  it('forgets a hold left by a worker that died, once it is no longer renewed, and renews a live one', async () => {
    await ds.query(`INSERT INTO docs.ai_budget_holds (provider, tokens, seen_at) VALUES ('lmstudio', 9000, clock_timestamp() - interval '3 minutes')`);
    budget.heartbeatMs = 100;
    try {
      const release = await budget.hold('lmstudio', 10_000, 4000);
      const seen = async () => (await ds.query(`SELECT seen_at FROM docs.ai_budget_holds WHERE tokens = 4000`))[0].seen_at as Date;
      const first = await seen();
      await waitFor(async () => (await seen()).getTime() > first.getTime(), 5000, 50);
      await release();
      expect(await ds.query(`SELECT tokens FROM docs.ai_budget_holds`)).toEqual([{ tokens: 9000 }]);
    } finally {
      budget.heartbeatMs = HOLD_HEARTBEAT_MS;
    }
  });

  it('expects about four characters a token of alphabetic text and the lists, one a character of CJK, plus the prompt and a full answer', () => {
    expect(callEstimate('a'.repeat(20_000), 'x'.repeat(400))).toBe(5100 + 800 + 4096);
    expect(callEstimate('ção '.repeat(5_000), '')).toBe(5000 + 800 + 4096);
    expect(callEstimate('請求書'.repeat(1000), 'Invoice 請求書')).toBe(3000 + 2 + 3 + 800 + 4096);
  });
});
