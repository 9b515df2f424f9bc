import { Inject, Injectable } from '@nestjs/common';
import type { AiProviderName } from '@intake/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { AiCallsRepository } from './ai-calls.repository';

/** A hold left by a worker that died is forgotten after this long (provider calls time out within 10 minutes). */
const HOLD_TTL_SECONDS = 15 * 60;
/** How often a call waiting for others re-checks. */
const WAIT_POLL_MS = 500;

/** Tokens of the prompt around the document (instructions, lists, schema), and of an answer, as a call is expected to spend them. */
const PROMPT_TOKENS = 800;
const ANSWER_TOKENS = 1000;

/**
 * What a call sending `textChars` characters of a document is expected to spend: about four
 * characters a token (English and Portuguese text; CJK spends more, which the budget then learns
 * from the calls' logged tokens).
 */
export function callEstimate(textChars: number): number {
  return Math.ceil(textChars / 4) + PROMPT_TOKENS + ANSWER_TOKENS;
}

/** The provider's daily token budget is spent; a property of today, not of the document. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
}

/**
 * A provider's daily token budget across every worker and replica. A call may start while today's
 * tokens are under the budget; while other calls are under way, it starts only if today's tokens,
 * theirs (as estimated) and its own estimate fit, and otherwise waits for them to end and looks
 * again with what they really spent. So at most one call crosses the budget, by its own size.
 */
@Injectable()
export class TokenBudget {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly calls: AiCallsRepository,
  ) {}

  /** Waits for room for a call of about `estimate` tokens and holds it; answers the release (call it once the call is logged). */
  async hold(provider: AiProviderName, budget: number, estimate: number): Promise<() => Promise<void>> {
    for (;;) {
      const verdict = await this.db.transaction(async (m): Promise<{ spent: number } | { wait: true } | { id: string }> => {
        await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('docs.ai_budget:' || $1, 0))`, [provider]);
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
      await sleep(WAIT_POLL_MS);
    }
  }

  private async release(id: string): Promise<void> {
    await this.db.query('DELETE FROM docs.ai_budget_holds WHERE id = $1', [id]);
  }
}
