import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

/** zlib's fastest level: a result file is written once and CPU is what an import runs short of. */
const COMPRESSION_LEVEL = 1;
/**
 * Room for a few batches of XML ahead of the deflater (which runs on libuv's thread pool): with the
 * default 16 KiB every write would wait for it, and serialising and compressing would take turns.
 */
const ENTRY_BUFFER_BYTES = 1024 * 1024;

export interface EntryOptions {
  store?: boolean;
  /** The entry's modification time (default now). */
  mtime?: Date;
}

/**
 * A zip archive written into `output` as it is produced (yazl): each entry is deflated as its bytes
 * arrive, its sizes and CRC follow it in a data descriptor, and only the small central directory
 * waits for end(). Back-pressure runs through: a full `output` stops the deflater, which stops
 * taking bytes from an entry stream, whose write() then returns false.
 */
export class StreamingZip {
  private readonly zip = new yazl.ZipFile();
  /** Settles when everything reached `output`, or with the first failure of the zip or of `output`. */
  private readonly written: Promise<void>;
  /** Aborted with that failure, so a wait for 'drain' (which would never come) ends with it. */
  private readonly failure = new AbortController();

  constructor(output: Writable) {
    const zipOutput = this.zip.outputStream as PassThrough;
    this.zip.on('error', (error: Error) => zipOutput.destroy(error));
    this.written = pipeline(zipOutput, output);
    this.written.catch((error: unknown) => this.failure.abort(error));
  }

  addFile(path: string, text: string): void {
    this.zip.addBuffer(Buffer.from(text, 'utf8'), path, { compressionLevel: COMPRESSION_LEVEL });
  }

  /**
   * An entry whose content is written to the returned stream; end() it before end()ing the zip.
   * `store`: kept as is, not deflated (for content that is compressed already, such as PDFs).
   */
  addStream(path: string, options: EntryOptions = {}): Writable {
    const entry = new PassThrough({ highWaterMark: ENTRY_BUFFER_BYTES });
    this.zip.addReadStream(entry, path, { compressionLevel: options.store ? 0 : COMPRESSION_LEVEL, mtime: options.mtime });
    return entry;
  }

  /**
   * An entry read from `source`, resolving once all of it has been handed to the zip (at most one
   * entry buffer ahead of `output`). Entries are written one after another: adding the next when
   * this resolves keeps one source open at a time.
   */
  async addSource(path: string, source: Readable, options: EntryOptions = {}): Promise<void> {
    const { signal } = this.failure;
    try {
      await pipeline(source, this.addStream(path, options), { signal });
    } catch (error) {
      source.destroy(); // also when the entry could not even be added
      throw signal.aborted ? signal.reason : error;
    }
  }

  /** Resolves once `entry` takes writes again; rejects with the failure if the zip or `output` failed. */
  async drained(entry: Writable): Promise<void> {
    const { signal } = this.failure;
    try {
      await once(entry, 'drain', { signal });
    } catch (error) {
      throw signal.aborted ? signal.reason : error;
    }
  }

  /** Writes the central directory and resolves once `output` has finished. */
  async end(): Promise<void> {
    this.zip.end();
    await this.written;
  }
}
