import { Inject, Injectable } from '@nestjs/common';
import type { AiUsage } from '@intake/contracts';
import { DataSource, type EntityManager } from 'typeorm';

export interface AiCall {
  provider: string;
  model: string;
  documentId: string | null;
  tokensIn: number;
  tokensOut: number;
  durationMs: number;
  /** 'ok' or the failure kind. */
  outcome: string;
  error: string | null;
}

/** The log of every AI call, and the tokens each provider spent today (UTC), for the daily budget. */
@Injectable()
export class AiCallsRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async record(call: AiCall): Promise<void> {
    await this.db.query(
      `INSERT INTO docs.ai_calls (provider, model, document_id, tokens_in, tokens_out, duration_ms, outcome, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [call.provider, call.model, call.documentId, call.tokensIn, call.tokensOut, Math.round(call.durationMs), call.outcome, call.error?.slice(0, 2000) ?? null],
    );
  }

  /** `within`: a transaction to read in (the budget's, which holds its lock). */
  async tokensToday(provider: string, within: Pick<EntityManager, 'query'> = this.db): Promise<number> {
    const rows: { total: string | null }[] = await within.query(
      `SELECT sum(tokens_in + tokens_out) AS total FROM docs.ai_calls WHERE provider = $1 AND created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
      [provider],
    );
    return Number(rows[0]?.total ?? 0);
  }

  /** Today's use per provider and the latest calls, for the settings page. */
  async usage(limit: number): Promise<Omit<AiUsage, 'daily_token_budget'>> {
    const [today, recent] = await Promise.all([
      this.db.query(
        // float8, not int: a day's sum may pass 2^31 tokens (and node-postgres answers bigint as text).
        `SELECT provider, count(*)::float8 AS calls, coalesce(sum(tokens_in), 0)::float8 AS tokens_in, coalesce(sum(tokens_out), 0)::float8 AS tokens_out
         FROM docs.ai_calls WHERE created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' GROUP BY provider ORDER BY provider`,
      ) as Promise<AiUsage['today']>,
      this.db.query(
        `SELECT provider, model, document_id, tokens_in, tokens_out, duration_ms, outcome, error, created_at FROM docs.ai_calls ORDER BY id DESC LIMIT $1`,
        [limit],
      ) as Promise<(Omit<AiUsage['recent'][number], 'created_at'> & { created_at: Date })[]>,
    ]);
    return { today, recent: recent.map((call) => ({ ...call, created_at: call.created_at.toISOString() })) };
  }
}
