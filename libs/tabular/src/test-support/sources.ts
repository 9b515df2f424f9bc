import { Readable } from 'node:stream';
import type { OpenStream, SheetTable, SourceRow } from '../table-types';

/**
 * An OpenStream over bytes in memory, cut into `chunkSize` pieces so chunk boundaries land inside
 * records, quotes and multi-byte characters. `opened` counts how often the source was opened; `streams` keeps them to check they were released.
 */
export function bytesSource(bytes: Buffer | string, chunkSize = 7): OpenStream & { opened: number; streams: Readable[] } {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const open = Object.assign(
    () => {
      open.opened++;
      const chunks: Buffer[] = [];
      for (let i = 0; i < buffer.length; i += chunkSize) chunks.push(buffer.subarray(i, i + chunkSize));
      const stream = Readable.from(chunks, { objectMode: false });
      open.streams.push(stream);
      return stream;
    },
    { opened: 0, streams: [] as Readable[] },
  );
  return open;
}

export async function allRows(table: SheetTable): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return rows;
}

/** Resolves with the error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}
