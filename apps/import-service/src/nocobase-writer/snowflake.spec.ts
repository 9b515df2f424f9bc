import { reservedIdFor, type ReservedIds } from './reserved-ids';
import { IDS_PER_SECOND, secondOf, SNOWFLAKE_EPOCH_SECONDS, snowflakeForRow, snowflakeId, workerIdOf } from './snowflake';

describe('snowflake ids', () => {
  it('follows NocoBase 2.x: (seconds − 1605024000)·2^21 + worker·2^16 + seq, below 2^53', () => {
    // An id from the fixture: made by worker 22 on 2026-11-25.
    const fixtureId = '399759541403648';
    expect(workerIdOf(fixtureId)).toBe(22);
    expect(snowflakeId(secondOf(fixtureId), 22, 0)).toBe(fixtureId);
    const second = Date.UTC(2026, 10, 25, 22, 3, 23) / 1000 - SNOWFLAKE_EPOCH_SECONDS;
    expect(snowflakeId(second, 31, 65_535)).toBe(String(second * 2 ** 21 + 31 * 2 ** 16 + 65_535));
    expect(() => snowflakeId(2 ** 32, 0, 0)).toThrow(RangeError);
    expect(() => snowflakeId(second, 32, 0)).toThrow(/worker id/);
  });

  it('gives row i of a range the second first + ⌊i/65536⌋ and the sequence i mod 65536', () => {
    expect(snowflakeForRow(100, 5, 0)).toBe(snowflakeId(100, 5, 0));
    expect(snowflakeForRow(100, 5, IDS_PER_SECOND + 3)).toBe(snowflakeId(101, 5, 3));
    const ids: ReservedIds = { kind: 'snowflake', jobId: 'j', workerId: 5, firstSecond: 100, lastSecond: 101, rowCount: IDS_PER_SECOND + 4 };
    expect(reservedIdFor(ids, IDS_PER_SECOND + 3)).toBe(snowflakeId(101, 5, 3));
    expect(() => reservedIdFor(ids, IDS_PER_SECOND + 4)).toThrow(/outside the 65540 ids reserved/);
    expect(reservedIdFor({ kind: 'sequence', jobId: 'j', sequence: 's', firstId: '9007199254740990', lastId: '9007199254741000', rowCount: 10 }, 9)).toBe('9007199254740999');
  });
});
