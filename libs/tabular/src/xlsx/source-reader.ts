import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { OpenStream } from '../table-types';
import { rangeStream } from './byte-ranges';

/**
 * yauzl wants random access; the source only streams. Reads that fall inside the tail kept from
 * the first pass (where the central directory lives) are served from memory; any other read
 * re-opens the source and skips to the range.
 */
export class SourceReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly open: OpenStream,
    private readonly tail: Buffer,
    private readonly tailStart: number,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    if (start >= this.tailStart) {
      return Readable.from([this.tail.subarray(start - this.tailStart, end - this.tailStart)]);
    }
    return rangeStream(this.open, { start, end });
  }
}
