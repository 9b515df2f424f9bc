/** Fills `into` with block `index`; returns the bytes it holds (fewer for the last block). */
export type BlockLoader = (index: number, into: Buffer) => number;

/**
 * The few most recently used blocks of a file. Excel numbers shared strings in order of first use,
 * so a sheet read top to bottom looks them up mostly forward, plus a handful of hot spots (values
 * that repeat): a few blocks hit almost always. A block handed out stays valid only until the next
 * get(), because evicted buffers are reused.
 */
export class BlockCache {
  /** Map order is use order: the first key is the least recently used. */
  private readonly blocks = new Map<number, Buffer>();
  private lastIndex = -1;
  private last: Buffer | undefined;

  constructor(
    private readonly blockSize: number,
    private readonly capacity: number,
    private readonly load: BlockLoader,
  ) {}

  get(index: number): Buffer {
    // Most lookups land in the block of the previous one; skip the LRU bookkeeping for them.
    if (index === this.lastIndex && this.last) return this.last;
    let block = this.blocks.get(index);
    if (block) {
      this.blocks.delete(index);
    } else {
      this.lastIndex = -1;
      let buffer: Buffer;
      if (this.blocks.size < this.capacity) {
        buffer = Buffer.allocUnsafe(this.blockSize);
      } else {
        const [oldest, evicted] = this.blocks.entries().next().value as [number, Buffer];
        this.blocks.delete(oldest);
        buffer = Buffer.from(evicted.buffer, evicted.byteOffset, this.blockSize);
      }
      block = buffer.subarray(0, this.load(index, buffer));
    }
    this.blocks.set(index, block);
    this.lastIndex = index;
    this.last = block;
    return block;
  }
}
