import { Injectable, Logger } from '@nestjs/common';
import { type CollectionField, UNRESOLVED_SUGGESTIONS } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { qualified } from '../nocobase/nocobase-names';
import { NocoBasePools } from '../nocobase/nocobase-pools';
import { matchFields } from '../nocobase-writer/relation-resolver';
import type { RelationPlan } from '../nocobase-writer/row-converter';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { closestValues } from './similar-text';
import { findCandidates } from './suggestion-candidates';

/** Longer than the pool's 10 s: a million-row table is scanned once, and only suggestions wait for it. */
const SCAN_TIMEOUT_MS = 30_000;
const TEXT_COLUMNS = new Set(['character varying', 'text', 'character']);

/** The fields a relation cell may name that hold text worth suggesting (not ids). */
export function suggestionFields(plan: RelationPlan): CollectionField[] {
  return matchFields(plan).filter((f) => TEXT_COLUMNS.has(f.db_type ?? '') && !f.primary_key);
}

/**
 * Existing values of a related collection that look like the ones a file names but no record has:
 * one query per relation column, over the fields RelationResolver matches cells against.
 */
@Injectable()
export class RelationSuggestions {
  private readonly logger = new Logger(RelationSuggestions.name);

  constructor(private readonly pools: NocoBasePools) {}

  /** value → up to UNRESOLVED_SUGGESTIONS existing values, closest first (an empty list when none is close). */
  async suggest(conn: NocoBaseConnection, plan: RelationPlan, values: readonly string[]): Promise<Map<string, string[]>> {
    const columns = suggestionFields(plan).map((f) => f.column as string);
    const result = new Map(values.map((v) => [v, [] as string[]]));
    if (!columns.length || !values.length) return result;
    const table = qualified(plan.target.table.schema, plan.target.table.name);
    try {
      const candidates = await this.pools.withClient(conn, (client) =>
        readOnly(client, async () => findCandidates(client, { table, columns, canFoldAccents: await serverFoldsAccents(client) }, values)),
      );
      values.forEach((value, i) => result.set(value, closestValues(value, candidates.get(i) ?? [], UNRESOLVED_SUGGESTIONS)));
    } catch (error) {
      // Suggestions are a help, not a check: the preview still lists the values without them.
      this.logger.warn({ targetId: conn.targetId, collection: plan.target.name, err: (error as Error).message }, 'could not look for similar values');
    }
    return result;
  }
}

/** A read-only transaction with its own statement timeout, so the scan can neither write nor hang on. */
async function readOnly<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query(`SET LOCAL statement_timeout = ${SCAN_TIMEOUT_MS}`);
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** normalize() is PostgreSQL 13+ and needs a UTF-8 database. */
async function serverFoldsAccents(client: PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>(
    `SELECT current_setting('server_version_num')::int >= 130000 AND current_setting('server_encoding') = 'UTF8' AS ok`,
  );
  return rows[0]?.ok === true;
}
