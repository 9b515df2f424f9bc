import { randomUUID } from 'node:crypto';
import { readSync } from 'node:fs';
import { open, rm, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The temp file failed (disk full, I/O error). Not a problem with the user's file, so it is never
 * turned into a TabularError and reaches the caller as an infrastructure failure.
 */
export class SpillFileError extends Error {
  override name = 'SpillFileError';

  constructor(action: string, cause: unknown) {
    // Duck-typed: errors from node's own modules fail instanceof Error inside test sandboxes.
    const reason = typeof cause === 'object' && cause !== null && 'message' in cause ? String(cause.message) : String(cause);
    super(`could not ${action} the temporary file of the shared-strings table: ${reason}`, { cause });
  }
}

/**
 * An append-only temp file read back by position. Its name is removed as soon as it is open, so
 * nothing is left behind even when the process is killed mid-read; closing it frees the space.
 * Where the OS refuses to remove an open file, the name goes on close instead.
 */
export class SpillFile {
  private closed = false;
  /** Bytes written so far. */
  length = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly leftoverPath: string | undefined,
  ) {}

  static async create(directory = tmpdir()): Promise<SpillFile> {
    const path = join(directory, `intake-shared-strings-${randomUUID()}.tmp`);
    let handle: FileHandle;
    try {
      // Owner-only: the table holds the user's data.
      handle = await open(path, 'wx+', 0o600);
    } catch (error) {
      throw new SpillFileError('create', error);
    }
    try {
      await unlink(path);
      return new SpillFile(handle, undefined);
    } catch {
      return new SpillFile(handle, path);
    }
  }

  async append(buffers: Buffer[]): Promise<void> {
    const total = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    try {
      const { bytesWritten } = await this.handle.writev(buffers, this.length);
      // Appends are at most a few tens of MB, which a regular file takes whole unless the disk is full.
      if (bytesWritten !== total) throw new Error(`wrote ${bytesWritten} of ${total} bytes; is the disk full?`);
    } catch (error) {
      throw new SpillFileError('write', error);
    }
    this.length += total;
  }

  /**
   * Fills `into` from `position` (less at the end of the file); returns the bytes read.
   * Synchronous because cells are resolved inside exceljs's synchronous row callback; the file was
   * just written, so reads come from the page cache.
   */
  readSync(into: Buffer, position: number): number {
    try {
      return readSync(this.handle.fd, into, 0, Math.min(into.length, this.length - position), position);
    } catch (error) {
      throw new SpillFileError('read', error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
    if (this.leftoverPath) await rm(this.leftoverPath, { force: true });
  }
}
