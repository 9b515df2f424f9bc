import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ObjectSizeMismatchError, ObjectTooLargeError } from './storage-errors';

export interface MeterOptions {
  maxBytes?: number;
  /** The length the caller declared; a body that ends shorter or runs longer is an error. */
  expectedSize?: number;
}

/**
 * Pass-through that counts and hashes the bytes on their way to a backend, and fails the stream the
 * moment a limit is crossed — before the offending chunk reaches the backend — so a partial write
 * is abandoned instead of committed.
 */
export class MeteredStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private digest?: string;

  constructor(private readonly options: MeterOptions = {}) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const { maxBytes, expectedSize } = this.options;
    const next = this.bytes + chunk.length;
    if (maxBytes !== undefined && next > maxBytes) return callback(new ObjectTooLargeError(maxBytes));
    if (expectedSize !== undefined && next > expectedSize) return callback(new ObjectSizeMismatchError(expectedSize, next));
    this.bytes = next;
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const { expectedSize } = this.options;
    if (expectedSize !== undefined && this.bytes !== expectedSize) {
      return callback(new ObjectSizeMismatchError(expectedSize, this.bytes));
    }
    this.digest = this.hash.digest('hex');
    callback();
  }

  /** Size and hash of everything that passed; only valid once the stream has ended cleanly. */
  result(): { size: number; sha256: string } {
    if (this.digest === undefined) throw new Error('MeteredStream.result() called before the stream ended');
    return { size: this.bytes, sha256: this.digest };
  }
}

/** Rejects early, before any byte is read, when the caller already knows the body is too large. */
export function assertWithinLimit(size: number | undefined, maxBytes: number | undefined): void {
  if (size !== undefined && maxBytes !== undefined && size > maxBytes) throw new ObjectTooLargeError(maxBytes);
}

/** SHA-256 of a body already in memory. */
export function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
