import { BlockCache } from './block-cache';
import { SpillFile } from './spill-file';

const MiB = 1024 * 1024;

export interface SpillOptions {
  /** Bytes held in memory; beyond this they move to a temp file. */
  spillAfterBytes?: number;
  /** Where the temp file goes; os.tmpdir() when undefined. */
  directory?: string;
  /** Block size: the unit of writes, reads and caching. Small values let specs cross blocks. */
  blockBytes?: number;
}

export const SPILL_DEFAULTS = { spillAfterBytes: 32 * MiB, blockBytes: 16 * 1024 } as const;
/**
 * 32 × 16 KiB: the forward reading position plus the hot spots of values that repeat (see
 * BlockCache). Smaller blocks than the usual 64 KiB: as many hot spots for the same memory, and a
 * lookup that does miss reads less.
 */
const CACHED_BLOCKS = 32;

/**
 * Append-only bytes in fixed-size blocks, kept in memory until they pass `spillAfterBytes`, then
 * moved to a temp file a batch at a time. Blocks [0, fileBlocks) are on file, the rest in `memory`;
 * the last memory block is the one being filled. Written in one phase, read in the next (seal()).
 */
export class SpillingBytes {
  private readonly spillAfterBytes: number;
  private readonly directory: string | undefined;
  readonly blockBytes: number;
  private readonly memory: Buffer[] = [];
  private fileBlocks = 0;
  private file: SpillFile | undefined = undefined;
  private cache: BlockCache | undefined = undefined;
  /** Bytes used in the last memory block. */
  private tailUsed: number;
  private sealed = false;
  length = 0;

  constructor(options: SpillOptions = {}) {
    this.spillAfterBytes = options.spillAfterBytes ?? SPILL_DEFAULTS.spillAfterBytes;
    this.blockBytes = options.blockBytes ?? SPILL_DEFAULTS.blockBytes;
    this.directory = options.directory;
    this.tailUsed = this.blockBytes;
  }

  get spilled(): boolean {
    return this.file !== undefined;
  }

  pushByte(value: number): void {
    this.tailWithRoom()[this.tailUsed++] = value;
    this.length++;
  }

  pushUtf8(text: string, byteLength: number): void {
    const tail = this.tailWithRoom();
    if (byteLength <= this.blockBytes - this.tailUsed) {
      tail.write(text, this.tailUsed, 'utf8');
      this.tailUsed += byteLength;
      this.length += byteLength;
      return;
    }
    // Crosses a block boundary: encode once, then copy piece by piece (Buffer.write would stop
    // short of a character that does not fit whole).
    const bytes = Buffer.from(text, 'utf8');
    for (let from = 0; from < bytes.length; ) {
      const copied = bytes.copy(this.tailWithRoom(), this.tailUsed, from);
      this.tailUsed += copied;
      from += copied;
    }
    this.length += bytes.length;
  }

  /**
   * Moves the full blocks to the temp file once memory holds more than the threshold; undefined
   * when there is nothing to move, so the caller awaits only then (this runs once per string).
   */
  spillIfFull(): Promise<void> | undefined {
    const fullBlocks = this.memory.length - 1;
    return fullBlocks > 0 && fullBlocks * this.blockBytes > this.spillAfterBytes ? this.moveToFile(fullBlocks) : undefined;
  }

  /** Ends writing. Once spilled, the rest goes to the file too, leaving only the cache in memory. */
  async seal(): Promise<void> {
    if (this.sealed) return;
    this.sealed = true;
    if (this.file && this.memory.length) await this.moveToFile(this.memory.length);
  }

  /** Block `index`; one read from the file stays valid only until the next call. */
  block(index: number): Buffer {
    if (index >= this.fileBlocks) return this.memory[index - this.fileBlocks];
    return (this.cache as BlockCache).get(index);
  }

  byteAt(position: number): number {
    const index = Math.floor(position / this.blockBytes);
    return this.block(index)[position - index * this.blockBytes];
  }

  utf8(start: number, byteLength: number): string {
    const index = Math.floor(start / this.blockBytes);
    const offset = start - index * this.blockBytes;
    const first = this.block(index);
    if (offset + byteLength <= first.length) return first.toString('utf8', offset, offset + byteLength);
    const whole = Buffer.allocUnsafe(byteLength);
    let copied = first.copy(whole, 0, offset);
    for (let next = index + 1; copied < byteLength; next++) copied += this.block(next).copy(whole, copied, 0, byteLength - copied);
    return whole.toString('utf8');
  }

  async close(): Promise<void> {
    this.memory.length = 0;
    await this.file?.close();
  }

  private tailWithRoom(): Buffer {
    if (this.sealed) throw new Error('SpillingBytes: written after seal()');
    if (this.tailUsed === this.blockBytes) {
      this.memory.push(Buffer.allocUnsafe(this.blockBytes));
      this.tailUsed = 0;
    }
    return this.memory[this.memory.length - 1];
  }

  private async moveToFile(blocks: number): Promise<void> {
    if (!this.file) {
      const file = (this.file = await SpillFile.create(this.directory));
      this.cache = new BlockCache(this.blockBytes, CACHED_BLOCKS, (index, into) => file.readSync(into, index * this.blockBytes));
    }
    const moving = this.memory.slice(0, blocks);
    if (blocks === this.memory.length) moving[blocks - 1] = moving[blocks - 1].subarray(0, this.tailUsed);
    await this.file.append(moving);
    this.memory.splice(0, blocks);
    this.fileBlocks += blocks;
  }
}
