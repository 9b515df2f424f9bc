/**
 * NocoBase 2.x snowflake ids (`@nocobase/snowflake-id`):
 *   id = (unixSeconds − 1605024000)·2^21 + workerId·2^16 + seq,  workerId 0–31, seq 0–65535.
 * They stay below 2^53 for 136 years, so NocoBase's clients read them as exact JS numbers.
 */

export const SNOWFLAKE_EPOCH_SECONDS = 1_605_024_000;
export const IDS_PER_SECOND = 65_536;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function snowflakeId(second: number, workerId: number, seq: number): string {
  if (!Number.isInteger(workerId) || workerId < 0 || workerId > 31) throw new RangeError(`worker id ${workerId} is not 0–31`);
  if (!Number.isInteger(seq) || seq < 0 || seq >= IDS_PER_SECOND) throw new RangeError(`sequence ${seq} is not 0–65535`);
  const id = (BigInt(second) << 21n) | (BigInt(workerId) << 16n) | BigInt(seq);
  if (second < 0 || id > MAX_SAFE) throw new RangeError(`second ${second} gives an id outside 0…2^53`);
  return id.toString();
}

/** The worker id inside an id: `(id >> 16) & 31`. */
export function workerIdOf(id: string | bigint): number {
  return Number((BigInt(id) >> 16n) & 31n);
}

/** The second (since the snowflake epoch) an id was made in. */
export function secondOf(id: string | bigint): number {
  return Number(BigInt(id) >> 21n);
}

/** Row i of a reserved range: second first + ⌊i / 65536⌋, sequence i mod 65536. */
export function snowflakeForRow(firstSecond: number, workerId: number, rowIndex: number): string {
  return snowflakeId(firstSecond + Math.floor(rowIndex / IDS_PER_SECOND), workerId, rowIndex % IDS_PER_SECOND);
}

/** How many seconds a range for `rowCount` rows spans (at least one). */
export function secondsFor(rowCount: number): number {
  return Math.max(1, Math.ceil(rowCount / IDS_PER_SECOND));
}
