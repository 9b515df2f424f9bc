import { SpillingBytes, type SpillOptions } from './spilling-bytes';

/** One index entry per this many strings: about half a byte of memory per string, at most 15 skips a lookup. */
const GROUP = 16;

/**
 * The workbook's shared strings, out of the JS heap: each is stored as its UTF-8 byte length
 * (LEB128) and bytes, in memory up to a threshold and then in a temp file (see SpillingBytes).
 * Only the position of every GROUP-th string is kept, so memory does not grow with the file
 * beyond that sparse index; a lookup walks at most GROUP − 1 length prefixes from there.
 */
export class SharedStringTable {
  private readonly bytes: SpillingBytes;
  private readonly groupStarts: number[] = [];
  private count = 0;

  constructor(options: SpillOptions = {}) {
    this.bytes = new SpillingBytes(options);
  }

  get size(): number {
    return this.count;
  }

  get spilled(): boolean {
    return this.bytes.spilled;
  }

  /** Appends the next string; returns a promise only when part of the table is moving to disk. */
  add(text: string): Promise<void> | undefined {
    if (this.count % GROUP === 0) this.groupStarts.push(this.bytes.length);
    this.count++;
    const byteLength = Buffer.byteLength(text, 'utf8');
    let rest = byteLength;
    while (rest >= 0x80) {
      this.bytes.pushByte((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.bytes.pushByte(rest);
    this.bytes.pushUtf8(text, byteLength);
    return this.bytes.spillIfFull();
  }

  /** Ends adding; lookups may start. */
  seal(): Promise<void> {
    return this.bytes.seal();
  }

  /** The string at `index`, or undefined when there is none (a cell pointing past the table). */
  get(index: number): string | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    let position = this.groupStarts[Math.floor(index / GROUP)];
    for (let skip = index % GROUP; ; skip--) {
      let byteLength = 0;
      for (let scale = 1; ; scale *= 0x80) {
        const byte = this.bytes.byteAt(position++);
        byteLength += (byte & 0x7f) * scale;
        if (byte < 0x80) break;
      }
      if (skip === 0) return this.bytes.utf8(position, byteLength);
      position += byteLength;
    }
  }

  close(): Promise<void> {
    return this.bytes.close();
  }
}
