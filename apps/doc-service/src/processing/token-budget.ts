import { Inject, Injectable } from '@nestjs/common';
import type { AiProviderName } from '@intake/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { AiCallsRepository } from './ai-calls.repository';

/** A hold left by a worker that died is forgotten after this long: past two calls at the longest provider timeout (600 s). */
const HOLD_TTL_SECONDS = 30 * 60;
/** How often a call waiting for others looks again, and for how long at most before it is refused. */
const WAIT_POLL_MS = 500;
const MAX_WAIT_MS = 10 * 60_000;

/** Tokens of the prompt's fixed part, and the most an answer may take (the providers' output cap). */
const PROMPT_TOKENS = 800;
const ANSWER_TOKENS = 4096;

/**
 * What a call is expected to spend at most: the text sent and the lists at about four characters a
 * token (English and Portuguese; CJK text spends more), the prompt, and a full answer. A
 * corrective retry spends it again under the same hold.
 */
export function callEstimate(textChars: number, listChars: number): number {
  return Math.ceil((textChars + listChars) / 4) + PROMPT_TOKENS + ANSWER_TOKENS;
}

/** The provider's daily token budget is spent; a property of today, not of the document. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
}

/**
 * A provider's daily token budget across every worker and replica. A call may start while today's
 * tokens are under the budget; while other calls are under way, it starts only if today's tokens,
 * theirs (as estimated) and its own estimate fit, and otherwise waits for them to end and looks
 * again with what they really spent. So at most one call crosses the budget, as long as calls spend
 * no more than expected (callEstimate). A call waits at most MAX_WAIT_MS, then is refused; waiting
 * calls are not queued in order.
 */
@Injectable()
export class TokenBudget {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly calls: AiCallsRepository,
  ) {}

  /** Waits for room for a call of about `estimate` tokens and holds it; answers the release (call it once the call is logged). */
  async hold(provider: AiProviderName, budget: number, estimate: number): Promise<() => Promise<void>> {
    const deadline = Date.now() + MAX_WAIT_MS;
    for (;;) {
      const verdict = await this.db.transaction(async (m): Promise<{ spent: number } | { wait: true } | { id: string }> => {
        // Another call deciding right now: look again shortly rather than hold a pooled connection in line.
        const [{ locked }]: { locked: boolean }[] = await m.query(`SELECT pg_try_advisory_xact_lock(hashtextextended('docs.ai_budget:' || $1, 0)) AS locked`, [provider]);
        if (!locked) return { wait: true };
        const used = await this.calls.tokensToday(provider, m);
        if (used >= budget) return { spent: used };
        const [{ held, calls }]: { held: number; calls: number }[] = await m.query(
          `SELECT coalesce(sum(tokens), 0)::float8 AS held, count(*)::int AS calls FROM docs.ai_budget_holds
           WHERE provider = $1 AND created_at > now() - make_interval(secs => $2)`,
          [provider, HOLD_TTL_SECONDS],
        );
        if (calls > 0 && used + held + estimate > budget) return { wait: true };
        const [{ id }]: { id: string }[] = await m.query('INSERT INTO docs.ai_budget_holds (provider, tokens) VALUES ($1, $2) RETURNING id', [provider, Math.ceil(estimate)]);
        return { id };
      });
      if ('spent' in verdict) {
        throw new BudgetExceededError(
          `The daily token budget for ${provider} (${budget}) is spent: ${verdict.spent} tokens used today (UTC). Re-process the document tomorrow or raise the budget.`,
        );
      }
      if ('id' in verdict) return () => this.release(verdict.id);
      if (Date.now() > deadline) {
        throw new BudgetExceededError(
          `The daily token budget for ${provider} (${budget}) is nearly spent: this call waited ${MAX_WAIT_MS / 60_000} minutes for the calls under way, which together would pass it. Re-process the document later or raise the budget.`,
        );
      }
      await sleep(WAIT_POLL_MS);
    }
  }

  private async release(id: string): Promise<void> {
    await this.db.query('DELETE FROM docs.ai_budget_holds WHERE id = $1', [id]);
  }
}
