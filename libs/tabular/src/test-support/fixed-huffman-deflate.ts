const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const END_OF_BLOCK = 256;

/** The last table index whose base is at most `value`. */
const bucket = (bases: number[], value: number): number => bases.findLastIndex((base) => base <= value);

/**
 * A raw deflate stream of one block with the fixed Huffman codes (RFC 1951 §3.2.6), written token
 * by token. zlib picks its own tokens; this lets a test decide the compressed bits, e.g. to put a
 * zip signature inside compressed data.
 */
export class FixedHuffmanDeflate {
  private readonly bits: number[] = [];

  constructor() {
    this.write(1, 1); // the final block
    this.write(1, 2); // fixed Huffman codes
  }

  /** Bits written so far: where the next token starts. */
  get bitLength(): number {
    return this.bits.length;
  }

  /** One literal per byte (UTF-8). */
  literals(text: string): this {
    for (const byte of Buffer.from(text, 'utf8')) this.symbol(byte);
    return this;
  }

  /** A back-reference: copy `length` bytes from `distance` bytes back. */
  match(length: number, distance: number): this {
    const lengthCode = bucket(LENGTH_BASE, length);
    const distanceCode = bucket(DISTANCE_BASE, distance);
    if (length > 258 || lengthCode < 0 || distance > 32768 || distanceCode < 0) throw new RangeError(`no deflate match of ${length} at ${distance}`);
    this.symbol(257 + lengthCode);
    this.write(length - LENGTH_BASE[lengthCode], LENGTH_EXTRA[lengthCode]);
    this.huffman(distanceCode, 5);
    this.write(distance - DISTANCE_BASE[distanceCode], DISTANCE_EXTRA[distanceCode]);
    return this;
  }

  end(): Buffer {
    this.symbol(END_OF_BLOCK);
    const bytes = Buffer.alloc(Math.ceil(this.bits.length / 8));
    this.bits.forEach((bit, i) => (bytes[i >> 3] |= bit << (i & 7)));
    return bytes;
  }

  private symbol(value: number): void {
    if (value < 144) this.huffman(0x30 + value, 8);
    else if (value < 256) this.huffman(0x190 + value - 144, 9);
    else if (value < 280) this.huffman(value - 256, 7);
    else this.huffman(0xc0 + value - 280, 8);
  }

  /** Huffman codes go most significant bit first. */
  private huffman(code: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.bits.push((code >> i) & 1);
  }

  /** Everything else goes least significant bit first. */
  private write(value: number, length: number): void {
    for (let i = 0; i < length; i++) this.bits.push((value >> i) & 1);
  }
}
