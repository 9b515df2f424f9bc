import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@intake/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { ReservedIds } from './reserved-ids';
import { secondsFor, SNOWFLAKE_EPOCH_SECONDS } from './snowflake';

interface ReservationRow {
  job_id: string;
  scope: string;
  worker_id: number | null;
  first_second: string | null;
  last_second: string | null;
  first_id: string | null;
  last_id: string | null;
  row_count: string;
}

export interface NewSnowflakeRange {
  jobId: string;
  targetId: string;
  /** Which NocoBase database the ids go into (`host:port/database`): ranges are exclusive per database and worker id. */
  databaseKey: string;
  workerId: number;
  rowCount: number;
}

export interface NewSequenceBlock {
  jobId: string;
  targetId: string;
  databaseKey: string;
  sequence: string;
  firstId: string;
  lastId: string;
  rowCount: number;
}

const COLUMNS = 'job_id, scope, worker_id, first_second, last_second, first_id, last_id, row_count';

/** `imports.id_reservations`: the id ranges jobs reserved, one per job and scope (`snowflake`, `sequence:<name>`). */
@Injectable()
export class IdReservationsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async find(jobId: string, scope: string, manager: EntityManager = this.dataSource.manager): Promise<ReservedIds | null> {
    const rows: ReservationRow[] = await manager.query(`SELECT ${COLUMNS} FROM imports.id_reservations WHERE job_id = $1 AND scope = $2`, [jobId, scope]);
    return rows.length ? toReservedIds(rows[0]) : null;
  }

  /**
   * The job's snowflake range, made on first call: under an advisory lock per (database, worker id),
   * it starts at the later of now and the second after every range reserved so far, so two jobs on
   * one database never share a second, whichever replica reserves.
   */
  reserveSnowflake(range: NewSnowflakeRange): Promise<ReservedIds> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`intake:snowflake:${range.databaseKey}:${range.workerId}`]);
      const existing = await this.find(range.jobId, 'snowflake', manager);
      if (existing) return sameSize(existing, range.rowCount);
      const [{ next }]: { next: string }[] = await manager.query(
        `SELECT GREATEST(floor(extract(epoch FROM clock_timestamp()))::bigint - $3, COALESCE(max(last_second) + 1, 0)) AS next
           FROM imports.id_reservations WHERE scope = 'snowflake' AND database_key = $1 AND worker_id = $2`,
        [range.databaseKey, range.workerId, SNOWFLAKE_EPOCH_SECONDS],
      );
      const first = Number(next);
      const rows: ReservationRow[] = await manager.query(
        `INSERT INTO imports.id_reservations (job_id, scope, target_id, database_key, worker_id, first_second, last_second, row_count)
         VALUES ($1, 'snowflake', $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [range.jobId, range.targetId, range.databaseKey, range.workerId, first, first + secondsFor(range.rowCount) - 1, range.rowCount],
      );
      return toReservedIds(rows[0]);
    });
  }

  /** Records a sequence block taken in NocoBase; a block another call recorded first wins (ours is then a harmless gap). */
  async saveSequenceBlock(block: NewSequenceBlock): Promise<ReservedIds> {
    const scope = `sequence:${block.sequence}`;
    await this.dataSource.query(
      `INSERT INTO imports.id_reservations (job_id, scope, target_id, database_key, first_id, last_id, row_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (job_id, scope) DO NOTHING`,
      [block.jobId, scope, block.targetId, block.databaseKey, block.firstId, block.lastId, block.rowCount],
    );
    return sameSize((await this.find(block.jobId, scope)) as ReservedIds, block.rowCount);
  }

  /** Every snowflake range reserved on a database for a worker id: ids in them are ours, not a clash. */
  async snowflakeRanges(databaseKey: string, workerId: number): Promise<{ first: number; last: number }[]> {
    const rows: { first_second: string; last_second: string }[] = await this.dataSource.query(
      `SELECT first_second, last_second FROM imports.id_reservations WHERE scope = 'snowflake' AND database_key = $1 AND worker_id = $2`,
      [databaseKey, workerId],
    );
    return rows.map((r) => ({ first: Number(r.first_second), last: Number(r.last_second) }));
  }
}

/** A job reserves once; asking again for more rows than it reserved means the caller counted wrong. */
function sameSize(ids: ReservedIds, rowCount: number): ReservedIds {
  if (rowCount > ids.rowCount) {
    throw new AppError('CONFLICT', `Job ${ids.jobId} reserved ids for ${ids.rowCount} rows and cannot grow to ${rowCount}`);
  }
  return ids;
}

function toReservedIds(r: ReservationRow): ReservedIds {
  const rowCount = Number(r.row_count);
  if (r.scope === 'snowflake') {
    return { kind: 'snowflake', jobId: r.job_id, workerId: r.worker_id as number, firstSecond: Number(r.first_second), lastSecond: Number(r.last_second), rowCount };
  }
  return { kind: 'sequence', jobId: r.job_id, sequence: r.scope.slice('sequence:'.length), firstId: String(r.first_id), lastId: String(r.last_id), rowCount };
}
