import { Inject, Injectable } from '@nestjs/common';
import type { AiProviderName } from '@intake/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type EntityManager } from 'typeorm';
import { AiCallsRepository } from './ai-calls.repository';

/** A call under way says so this often; a hold not renewed for HOLD_TTL_SECONDS (its worker died) is forgotten. */
export const HOLD_HEARTBEAT_MS = 30_000;
const HOLD_TTL_SECONDS = 120;
/** How often a call waiting for others looks again, and for how long at most before it is refused. */
const WAIT_POLL_MS = 500;
const MAX_WAIT_MS = 10 * 60_000;
/** A waiter that has not looked again for this long (its worker died) no longer keeps its place. */
const WAITER_TTL_SECONDS = 30;

/** Tokens of the prompt's fixed part, and the most an answer may take (the providers' output cap). */
const PROMPT_TOKENS = 800;
const ANSWER_TOKENS = 4096;

/**
 * What a call is expected to spend at most: the text sent and the lists (tokensOf), the prompt,
 * and a full answer. A corrective retry spends it again under the same hold.
 */
export function callEstimate(text: string, lists: string): number {
  return tokensOf(text) + tokensOf(lists) + PROMPT_TOKENS + ANSWER_TOKENS;
}

/** Latin, Greek and Cyrillic letters with their marks, punctuation and currency signs: about four a token. */
const NARROW = /[\t\n\r\u0020-\u052f\u1e00-\u20cf]+/g;

/**
 * Tokens a text may spend: about four characters a token in alphabetic scripts (English and
 * Portuguese), and one a character beyond them (Chinese, Japanese, Korean, Thai, emoji, … spend
 * one or more each), so CJK text is not held at a quarter of what it spends.
 */
export function tokensOf(text: string): number {
  const wide = text.replace(NARROW, '').length;
  return Math.ceil((text.length - wide) / 4) + wide;
}

/** What one look at the budget decided: hold `id`, wait with the place in line, or the day's tokens are spent. */
type Verdict = { id: string } | { wait: string | null } | { spent: number };

/** The provider's daily token budget is spent; a property of today, not of the document. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
}

/**
 * A provider's daily token budget across every worker and replica. A call may start while today's
 * tokens are under the budget; while other calls are under way, it starts only if today's tokens,
 * theirs (as estimated) and its own estimate fit, and otherwise waits for them to end and looks
 * again with what they really spent. So at most one call crosses the budget, as long as calls spend
 * no more than expected (callEstimate). Waiting calls are served in the order they came (a call
 * that would fit does not pass an older one that waits), each for at most MAX_WAIT_MS.
 */
@Injectable()
export class TokenBudget {
  /** How often a hold is renewed while its call runs (tests shorten it). */
  heartbeatMs = HOLD_HEARTBEAT_MS;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly calls: AiCallsRepository,
  ) {}

  /** Waits for room for a call of about `estimate` tokens and holds it; answers the release (call it once the call is logged). */
  async hold(provider: AiProviderName, budget: number, estimate: number): Promise<() => Promise<void>> {
    const deadline = Date.now() + MAX_WAIT_MS;
    let ticket: string | null = null;
    try {
      for (;;) {
        const verdict = await this.db.transaction(async (m): Promise<Verdict> => {
          // Another call deciding right now: look again shortly rather than hold a pooled connection in line.
          const [{ locked }]: { locked: boolean }[] = await m.query(`SELECT pg_try_advisory_xact_lock(hashtextextended('docs.ai_budget:' || $1, 0)) AS locked`, [provider]);
          if (!locked) return { wait: ticket };
          const used = await this.calls.tokensToday(provider, m);
          if (used >= budget) return { spent: used };
          const [{ held, calls }]: { held: number; calls: number }[] = await m.query(
            `SELECT coalesce(sum(tokens), 0)::float8 AS held, count(*)::int AS calls FROM docs.ai_budget_holds
             WHERE provider = $1 AND seen_at > clock_timestamp() - make_interval(secs => $2)`,
            [provider, HOLD_TTL_SECONDS],
          );
          const [{ ahead }]: { ahead: number }[] = await m.query(
            `SELECT count(*)::int AS ahead FROM docs.ai_budget_waiters
             WHERE provider = $1 AND ($2::bigint IS NULL OR id < $2) AND seen_at > clock_timestamp() - make_interval(secs => $3)`,
            [provider, ticket, WAITER_TTL_SECONDS],
          );
          if (ahead > 0 || (calls > 0 && used + held + estimate > budget)) return { wait: await this.waitInLine(m, provider, ticket) };
          const [{ id }]: { id: string }[] = await m.query('INSERT INTO docs.ai_budget_holds (provider, tokens) VALUES ($1, $2) RETURNING id', [provider, Math.ceil(estimate)]);
          if (ticket !== null) await m.query('DELETE FROM docs.ai_budget_waiters WHERE id = $1', [ticket]);
          return { id };
        });
        if ('spent' in verdict) {
          throw new BudgetExceededError(
            `The daily token budget for ${provider} (${budget}) is spent: ${verdict.spent} tokens used today (UTC). Re-process the document tomorrow or raise the budget.`,
          );
        }
        if ('id' in verdict) {
          ticket = null; // left the line in the same transaction
          return this.keep(verdict.id);
        }
        ticket = verdict.wait;
        if (Date.now() > deadline) {
          throw new BudgetExceededError(
            `The daily token budget for ${provider} (${budget}) is nearly spent: this call waited ${MAX_WAIT_MS / 60_000} minutes for the calls under way and those before it in line, which together would pass it. Re-process the document later or raise the budget.`,
          );
        }
        await sleep(WAIT_POLL_MS);
      }
    } finally {
      // Refused, failed or given up: out of the line, or the calls behind would wait for it until its place lapses.
      if (ticket !== null) await this.db.query('DELETE FROM docs.ai_budget_waiters WHERE id = $1', [ticket]).catch(() => undefined);
    }
  }

  /** Takes a place in the line, or says this call is still there; answers the place. Places whose callers stopped looking go. */
  private async waitInLine(m: EntityManager, provider: AiProviderName, ticket: string | null): Promise<string> {
    if (ticket !== null) {
      const [, refreshed] = (await m.query('UPDATE docs.ai_budget_waiters SET seen_at = clock_timestamp() WHERE id = $1', [ticket])) as [unknown[], number];
      if (refreshed) return ticket;
    }
    await m.query('DELETE FROM docs.ai_budget_waiters WHERE provider = $1 AND seen_at < clock_timestamp() - make_interval(secs => $2)', [provider, WAITER_TTL_SECONDS]);
    const [{ id }]: { id: string }[] = await m.query('INSERT INTO docs.ai_budget_waiters (provider) VALUES ($1) RETURNING id', [provider]);
    return id;
  }

  /** Renews the hold while its call runs; answers its release. */
  private keep(id: string): () => Promise<void> {
    const renew = setInterval(() => void this.db.query('UPDATE docs.ai_budget_holds SET seen_at = clock_timestamp() WHERE id = $1', [id]).catch(() => undefined), this.heartbeatMs);
    renew.unref();
    return async () => {
      clearInterval(renew);
      await this.db.query('DELETE FROM docs.ai_budget_holds WHERE id = $1', [id]);
    };
  }
}
