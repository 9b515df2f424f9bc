import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, open, readdir, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertObjectKey, assertObjectPrefix } from './object-key';
import type { ObjectStat, ObjectStorage, PutObjectOptions, StoredObject } from './object-storage';
import { assertWithinLimit, MeteredStream } from './metered-stream';
import { InvalidObjectKeyError, ObjectNotFoundError } from './storage-errors';
import { FolderSyncs } from './folder-syncs';

const hasCode = (error: unknown, ...codes: string[]) => codes.includes((error as NodeJS.ErrnoException)?.code ?? '');

/**
 * Objects as files under one root folder: the default when no S3 endpoint is configured. A key maps
 * to the same relative path. Content types are not kept: nothing reads them back from a folder.
 */
/** The temp file a put writes before its rename (see put). */
const PARTIAL = /^\..+\.[0-9a-f]{12}\.partial$/;
/** Far longer than any upload may take (the request timeout is 15 minutes). */
const STALE_PARTIAL_MS = 60 * 60_000;

export class FilesystemStorage implements ObjectStorage {
  readonly root: string;
  /** The root's real path, looked up once: symlinks are checked below it, the root itself is configured. */
  private realRoot?: Promise<string>;
  private readonly folderSyncs = new FolderSyncs();

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Makes the root; then, without waiting, removes what writes cut off by a crash left behind. */
  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o750 });
    // A root made before folders were closed to other users: closing it closes everything under it.
    await chmod(this.root, 0o750);
    void this.removeStalePartials(STALE_PARTIAL_MS).catch(() => undefined);
  }

  /**
   * Removes the temp files of writes older than `olderThanMs`: a process killed mid-upload leaves
   * its `.partial` file. Younger ones may be another replica's write under way.
   */
  async removeStalePartials(olderThanMs: number): Promise<number> {
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    const before = Date.now() - olderThanMs;
    let removed = 0;
    for (const entry of entries) {
      if (!entry.isFile() || !PARTIAL.test(entry.name)) continue;
      const path = join(entry.parentPath, entry.name);
      const info = await stat(path).catch(() => null);
      if (!info || info.mtimeMs >= before) continue;
      await rm(path, { force: true });
      removed++;
    }
    return removed;
  }

  async put(key: string, body: Readable | Buffer, options: PutObjectOptions = {}): Promise<StoredObject> {
    const declared = Buffer.isBuffer(body) ? body.length : options.size;
    assertWithinLimit(declared, options.maxBytes);
    const path = this.keyPath(key);
    await this.prepareFolder(key, dirname(path));
    // Same folder as the target, so the rename below is atomic: readers see the old or the new file.
    const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
    const meter = new MeteredStream({ maxBytes: options.maxBytes, expectedSize: declared });
    // Uploads are private to the service's user and group; 'wx' never reuses a stranger's file.
    // flush: the data reaches the disk before the rename, so a crash cannot leave a renamed empty file.
    const out = createWriteStream(temp, { flags: 'wx', mode: 0o640, flush: true });
    try {
      const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
      await pipeline(source, meter, out);
      await rename(temp, path);
      // The new name (and a new folder's) reaches the disk too: a row committed for this object must
      // not outlive a power cut that the file's name did not.
      await this.folderSyncs.syncNewName(dirname(path), this.root);
    } catch (error) {
      // The file is opened asynchronously: a body that fails at once can fail before it exists, and
      // removing it then would leave it behind once the open completes.
      if (!out.closed) await once(out, 'close').catch(() => undefined);
      await rm(temp, { force: true });
      throw error;
    }
    return { key, ...meter.result() };
  }

  async get(key: string): Promise<Readable> {
    const path = await this.pathOf(key);
    try {
      // Opening first turns "missing" into an error here instead of a later stream 'error' event.
      const handle = await open(path, 'r');
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw new ObjectNotFoundError(key);
      }
      return handle.createReadStream();
    } catch (error) {
      if (hasCode(error, 'ENOENT', 'ENOTDIR', 'EISDIR')) throw new ObjectNotFoundError(key);
      throw error;
    }
  }

  async localPath(key: string): Promise<string> {
    const path = await this.pathOf(key);
    const info = await stat(path).catch((error: unknown) => {
      if (hasCode(error, 'ENOENT', 'ENOTDIR')) return null;
      throw error;
    });
    if (!info?.isFile()) throw new ObjectNotFoundError(key);
    return path;
  }

  async stat(key: string): Promise<ObjectStat | null> {
    const path = await this.pathOf(key);
    try {
      const info = await stat(path);
      return info.isFile() ? { size: info.size, lastModified: new Date(info.mtimeMs) } : null;
    } catch (error) {
      if (hasCode(error, 'ENOENT', 'ENOTDIR')) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async delete(key: string): Promise<void> {
    const path = await this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      // A folder at that path holds other keys ("a/b" when deleting "a"); like S3, that is no object.
      if (!hasCode(error, 'ENOENT', 'ENOTDIR', 'EISDIR')) throw error;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertObjectPrefix(prefix);
    // "imports/12" must also remove "imports/123/…", as it would in S3: match names in the parent.
    const cut = prefix.lastIndexOf('/');
    const folder = resolve(this.root, prefix.slice(0, cut + 1));
    const start = prefix.slice(cut + 1);
    await this.checkInsideRoot(prefix, folder);
    // A whole folder ("imports/<jobId>/"): drop it too, or every finished job would leave one behind.
    if (start === '') {
      this.folderSyncs.forget(folder);
      return rm(folder, { recursive: true, force: true });
    }
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      if (hasCode(error, 'ENOENT', 'ENOTDIR')) return;
      throw error;
    }
    const doomed = names.filter((name) => name.startsWith(start));
    for (const name of doomed) this.folderSyncs.forget(join(folder, name));
    await Promise.all(doomed.map((name) => rm(join(folder, name), { recursive: true, force: true })));
  }

  /** The file path of a valid key, refusing any that would leave the root. */
  private async pathOf(key: string): Promise<string> {
    const path = this.keyPath(key);
    await this.checkInsideRoot(key, path);
    return path;
  }

  /** The file path a key names, not yet checked against symlinks. */
  private keyPath(key: string): string {
    assertObjectKey(key);
    return resolve(this.root, key);
  }

  /**
   * Makes the key's folder if it is missing. Checked before mkdir (which would follow a symlink
   * planted inside the root) and after it; an existing folder, the usual case, is checked once.
   */
  private async prepareFolder(key: string, folder: string): Promise<void> {
    if (await this.checkInsideRoot(key, folder)) return;
    await mkdir(folder, { recursive: true, mode: 0o750 });
    await this.checkInsideRoot(key, folder);
  }

  /**
   * Key validation already forbids "..", so this guards against symlinks: the real path of the
   * deepest existing part of `path` must still be inside the real root (throws otherwise).
   * Answers whether `path` itself exists. Whoever can write inside the root as the service's user
   * could still swap a folder for a symlink between this check and the write; Node cannot open a
   * path without following symlinks part by part, so that user is trusted.
   */
  private async checkInsideRoot(key: string, path: string): Promise<boolean> {
    if (!isInside(this.root, path)) throw new InvalidObjectKeyError(key, 'outside the storage root');
    const pending = (this.realRoot ??= realpath(this.root));
    const realRoot = await pending.catch((error: unknown) => {
      if (this.realRoot === pending) this.realRoot = undefined; // not made yet (init not called): look again next time
      throw error;
    });
    let existing = path;
    for (;;) {
      try {
        const real = await realpath(existing);
        if (!isInside(realRoot, real)) throw new InvalidObjectKeyError(key, 'outside the storage root');
        return existing === path;
      } catch (error) {
        if (!hasCode(error, 'ENOENT', 'ENOTDIR') || existing === this.root) throw error;
        existing = dirname(existing);
      }
    }
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
