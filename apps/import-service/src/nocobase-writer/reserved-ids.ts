import { snowflakeForRow } from './snowflake';

/**
 * The ids a job may give the records it creates, reserved before its first batch. Row i of the job
 * always gets the same id, so a replayed batch finds its own earlier records instead of creating
 * them again, and no other job (or this one's other rows) can hold that id.
 */
export type ReservedIds =
  | {
      kind: 'snowflake';
      jobId: string;
      workerId: number;
      /** Seconds since the snowflake epoch; row i gets second firstSecond + ⌊i / 65536⌋. */
      firstSecond: number;
      lastSecond: number;
      rowCount: number;
    }
  | {
      kind: 'sequence';
      jobId: string;
      /** The legacy auto-increment sequence, advanced past the block when it was reserved. */
      sequence: string;
      /** Row i gets firstId + i (as text: bigint). */
      firstId: string;
      lastId: string;
      rowCount: number;
    };

/** The id reserved for row `rowIndex` (0-based in the job); a RangeError outside the reservation is a bug in the caller. */
export function reservedIdFor(ids: ReservedIds, rowIndex: number): string {
  if (!Number.isInteger(rowIndex) || rowIndex < 0 || rowIndex >= ids.rowCount) {
    throw new RangeError(`row index ${rowIndex} is outside the ${ids.rowCount} ids reserved for job ${ids.jobId}`);
  }
  if (ids.kind === 'snowflake') return snowflakeForRow(ids.firstSecond, ids.workerId, rowIndex);
  return (BigInt(ids.firstId) + BigInt(rowIndex)).toString();
}

/** The lowest and highest id of the reservation: no record outside it can be one this job created. */
export function reservedRange(ids: ReservedIds): { first: bigint; last: bigint } {
  if (ids.rowCount === 0) return { first: 1n, last: 0n };
  return { first: BigInt(reservedIdFor(ids, 0)), last: BigInt(reservedIdFor(ids, ids.rowCount - 1)) };
}
