import { Readable } from 'node:stream';
import type { OpenStream } from '../table-types';

/** Half-open byte range [start, end) of the source file. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Yields the bytes of ascending, non-overlapping ranges from ONE sequential read of the source,
 * skipping the gaps, and stops reading after the last range. This is how the XLSX reader gets
 * random access out of a stream-only source (object storage): it pays with reading the skipped
 * bytes, never with holding them.
 */
export async function* readRanges(open: OpenStream, ranges: ByteRange[], signal?: AbortSignal): AsyncGenerator<Buffer> {
  if (ranges.length === 0 || signal?.aborted) return;
  const stream = await open();
  // Destroying the source ends a read that is still waiting for data, so an abort never hangs.
  const abort = (): void => void stream.destroy();
  signal?.addEventListener('abort', abort, { once: true });
  let position = 0;
  let current = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const chunkEnd = position + chunk.length;
      while (current < ranges.length) {
        const { start, end } = ranges[current];
        if (start >= chunkEnd) break;
        const from = Math.max(start, position) - position;
        const to = Math.min(end, chunkEnd) - position;
        if (to > from) yield chunk.subarray(from, to);
        if (end > chunkEnd) break;
        current++;
      }
      position = chunkEnd;
      if (current === ranges.length) return;
    }
    const missing = ranges[current];
    if (signal?.aborted) return;
    throw new RangeError(`the file ended at byte ${position}, before byte ${missing.end}`);
  } finally {
    signal?.removeEventListener('abort', abort);
    stream.destroy();
  }
}

/** One range as a stream, for yauzl's RandomAccessReader. */
export function rangeStream(open: OpenStream, range: ByteRange): Readable {
  return Readable.from(readRanges(open, [range]), { objectMode: false });
}
