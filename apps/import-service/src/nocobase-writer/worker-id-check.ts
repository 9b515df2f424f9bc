import { Injectable } from '@nestjs/common';
import type { CollectionDescription } from '@intake/contracts';
import { NocoBasePools } from '../nocobase/nocobase-pools';
import { qualified, quoteIdent } from '../nocobase/nocobase-names';
import type { NocoBaseConnection } from '../targets/nocobase-target';
import { IdReservationsRepository } from './id-reservations.repository';
import { databaseKeyOf } from './id-reservations';
import { secondOf, SNOWFLAKE_EPOCH_SECONDS, workerIdOf } from './snowflake';

const RECENT_IDS = 1000;

export interface WorkerIdReport {
  workerId: number;
  /** How many of the newest ids were looked at. */
  checked: number;
  /** Ids among them that carry our worker id but lie outside every range we reserved: a NocoBase process made them. */
  clashes: number;
  /** When the newest such id was made. */
  lastClashAt: Date | null;
  /** A sentence for the plan screen when there is a clash; null otherwise. */
  warning: string | null;
}

/**
 * Reports (never fails) when NocoBase itself makes ids with the worker id the target imports with:
 * each NocoBase process picks a random worker id at start, and one that picked ours can make the
 * same id as an import in the same second. Ids made by our own reservations are not counted.
 */
@Injectable()
export class WorkerIdCheck {
  constructor(
    private readonly pools: NocoBasePools,
    private readonly reservations: IdReservationsRepository,
  ) {}

  async check(conn: NocoBaseConnection, description: CollectionDescription): Promise<WorkerIdReport> {
    const workerId = conn.snowflake_worker_id;
    const none: WorkerIdReport = { workerId, checked: 0, clashes: 0, lastClashAt: null, warning: null };
    if (description.primary_key.kind !== 'snowflake' || description.primary_key.columns.length !== 1) return none;
    const pk = quoteIdent(description.primary_key.columns[0]);
    const ids = await this.pools.withClient(conn, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `SELECT ${pk}::text AS id FROM ${qualified(description.table.schema, description.table.name)} ORDER BY ${pk} DESC LIMIT ${RECENT_IDS}`,
      );
      return rows.map((r) => r.id);
    });
    const ranges = await this.reservations.snowflakeRanges(databaseKeyOf(conn), workerId);
    const ours = (second: number) => ranges.some((r) => second >= r.first && second <= r.last);
    const clashing = ids.filter((id) => workerIdOf(id) === workerId && !ours(secondOf(id)));
    if (!clashing.length) return { ...none, checked: ids.length };
    const lastClashAt = new Date((Math.max(...clashing.map(secondOf)) + SNOWFLAKE_EPOCH_SECONDS) * 1000);
    const warning =
      `${clashing.length} of the newest ${ids.length} ${description.title} records have ids made by a NocoBase process with worker id ${workerId}, ` +
      `the one this target imports with (last on ${lastClashAt.toISOString()}): choose another snowflake worker id in the target's settings`;
    return { workerId, checked: ids.length, clashes: clashing.length, lastClashAt, warning };
  }
}
