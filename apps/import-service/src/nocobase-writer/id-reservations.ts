import { Injectable } from '@nestjs/common';
import { AppError, type CollectionDescription } from '@intake/contracts';
import type { PoolClient } from 'pg';
import { NocoBasePools } from '../nocobase/nocobase-pools';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { IdReservationsRepository } from './id-reservations.repository';
import type { ReservedIds } from './reserved-ids';

export interface ReserveIdsRequest {
  jobId: string;
  conn: NocoBaseConnection;
  description: CollectionDescription;
  /** Rows the job will write at most (row indexes 0 … rowCount − 1, across all its sheets). */
  rowCount: number;
}

/** Ranges are exclusive per NocoBase database, whichever target points at it. */
export function databaseKeyOf(conn: NocoBaseConnection): string {
  return `${conn.host.toLowerCase()}:${conn.port}/${conn.database}`;
}

/**
 * Reserves the ids a job's new records get, once, before its first batch; calling again for the
 * same job returns the same reservation (a redelivered job keeps its ids).
 * - Snowflake collections: a range of whole seconds for the target's worker id, shared by every
 *   snowflake collection the job writes (ids only need to be unique per table; these are unique
 *   across the database too).
 * - Legacy auto-increment collections: a block of the sequence, taken under a table lock that
 *   holds NocoBase's own inserts for a moment, and the sequence moved past it (setval) right away,
 *   so NocoBase never hands out an id of the block. Unused ids of the block stay a gap.
 */
@Injectable()
export class IdReservations {
  constructor(
    private readonly repository: IdReservationsRepository,
    private readonly pools: NocoBasePools,
  ) {}

  async reserve({ jobId, conn, description, rowCount }: ReserveIdsRequest): Promise<ReservedIds> {
    if (!Number.isInteger(rowCount) || rowCount < 0) throw new RangeError(`rowCount ${rowCount} is not a count`);
    const pk = description.primary_key;
    const databaseKey = databaseKeyOf(conn);
    if (pk.kind === 'snowflake') {
      return this.repository.reserveSnowflake({ jobId, targetId: conn.targetId, databaseKey, workerId: conn.snowflake_worker_id, rowCount });
    }
    if (pk.kind === 'auto_increment' && pk.sequence && pk.columns.length === 1) {
      const sequence = pk.sequence;
      const existing = await this.repository.find(jobId, `sequence:${sequence}`);
      if (existing) return existing;
      const block = await this.pools.withClient(conn, (client) => takeSequenceBlock(client, description, sequence, rowCount));
      return this.repository.saveSequenceBlock({ jobId, targetId: conn.targetId, databaseKey, sequence, rowCount, ...block });
    }
    throw new AppError('VALIDATION_FAILED', `${description.title} has a ${pk.kind.replace('_', '-')} primary key: the importer cannot create its records`);
  }
}

async function takeSequenceBlock(client: PoolClient, d: CollectionDescription, sequence: string, rowCount: number): Promise<{ firstId: string; lastId: string }> {
  const table = qualified(d.table.schema, d.table.name);
  await client.query('BEGIN');
  try {
    // SHARE ROW EXCLUSIVE waits for and then holds back INSERTs, whose DEFAULT nextval() would otherwise slip into the block.
    await client.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
    const { rows } = await client.query<{ first: string }>(
      `SELECT GREATEST(nextval($1::regclass), COALESCE((SELECT max(${quoteIdent(d.primary_key.columns[0])}) FROM ${table}), 0) + 1)::text AS first`,
      [sequence],
    );
    const first = BigInt(rows[0].first);
    const last = first + BigInt(rowCount) - 1n;
    if (rowCount > 0) await client.query('SELECT setval($1::regclass, $2::bigint, true)', [sequence, last.toString()]);
    await client.query('COMMIT');
    return { firstId: first.toString(), lastId: last.toString() };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
