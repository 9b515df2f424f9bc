import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createObjectStorage } from './create-object-storage';
import { FilesystemStorage } from './filesystem-storage';
import { chunked, describeObjectStorageContract, readAll } from './object-storage.contract';
import { InvalidObjectKeyError, ObjectNotFoundError, ObjectTooLargeError } from './storage-errors';

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('FilesystemStorage', () => {
  let workDir: string;
  let root: string;
  let outside: string;

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'intake-fs-storage-'));
    root = join(workDir, 'objects');
    outside = join(workDir, 'outside');
    mkdirSync(outside);
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  describeObjectStorageContract('FilesystemStorage', () => createObjectStorage({ kind: 'filesystem', root }));

  describe('on disk', () => {
    let storage: FilesystemStorage;
    beforeAll(async () => {
      storage = new FilesystemStorage(join(workDir, 'disk'));
      await storage.init();
    });

    it('removes the temp files of writes cut off long ago, and nothing else', async () => {
    const storage = new FilesystemStorage(join(workDir, 'partials'));
    await storage.init();
    await storage.put('documents/u1/kept.pdf', Buffer.from('%PDF-1.7 kept'));
    const folder = join(workDir, 'partials', 'documents', 'u1');
    const stale = join(folder, '.cut.pdf.0123456789ab.partial');
    const fresh = join(folder, '.writing.pdf.ba9876543210.partial');
    const lookalike = join(folder, '.notes.partial');
    for (const path of [stale, fresh, lookalike]) writeFileSync(path, 'part');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    utimesSync(lookalike, twoHoursAgo, twoHoursAgo);
    expect(await storage.removeStalePartials(60 * 60_000)).toBe(1);
    expect(readdirSync(folder).sort()).toEqual(['.notes.partial', '.writing.pdf.ba9876543210.partial', 'kept.pdf']);
  });

  it('stores a key at the same relative path, creating the folders', async () => {
      await storage.put('imports/job-1/original/data.csv', Buffer.from('a;b'));
      expect(filesUnder(storage.root)).toEqual(['imports/job-1/original/data.csv']);
      // Other local users may not list whose documents and files there are.
      for (const folder of ['', 'imports', 'imports/job-1', 'imports/job-1/original']) expect(statSync(join(storage.root, folder)).mode & 0o007).toBe(0);
      expect(statSync(join(storage.root, 'imports/job-1/original/data.csv')).mode & 0o007).toBe(0);
    });

    it('leaves no temp file behind after a successful or an aborted put', async () => {
      await storage.put('tmp-check/ok.bin', chunked(Buffer.alloc(50_000, 1)));
      const aborted = storage.put('tmp-check/too-big.bin', chunked(Buffer.alloc(50_000, 1), 1_000), { maxBytes: 5_000 });
      await expect(aborted).rejects.toBeInstanceOf(ObjectTooLargeError);
      expect(readdirSync(join(storage.root, 'tmp-check'))).toEqual(['ok.bin']);
    });

    it('names the file of an object for a local reader; a missing object or a folder is not found', async () => {
      await storage.put('local/a/doc.pdf', Buffer.from('%PDF-1.7'));
      const path = await storage.localPath('local/a/doc.pdf');
      expect(path).toBe(join(storage.root, 'local/a/doc.pdf'));
      expect(readFileSync(path, 'latin1')).toBe('%PDF-1.7');
      await expect(storage.localPath('local/a/missing.pdf')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(storage.localPath('local/nowhere/missing.pdf')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(storage.localPath('local/a')).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    it('removes the folder of a prefix that ends with "/"', async () => {
      await storage.put('doomed/a/1.txt', Buffer.from('1'));
      await storage.put('doomed-not/1.txt', Buffer.from('1'));
      await storage.deletePrefix('doomed/');
      expect(existsSync(join(storage.root, 'doomed'))).toBe(false);
      expect(existsSync(join(storage.root, 'doomed-not/1.txt'))).toBe(true);
    });
  });

  describe('cannot be tricked outside its root', () => {
    let storage: FilesystemStorage;
    beforeAll(async () => {
      storage = new FilesystemStorage(join(workDir, 'jail'));
      await storage.init();
      writeFileSync(join(outside, 'secret.txt'), 'secret');
      // Links planted inside the root by someone with shell access, pointing out of it.
      symlinkSync(outside, join(storage.root, 'escape'));
      symlinkSync(join(outside, 'secret.txt'), join(storage.root, 'secret-link.txt'));
    });

    it('refuses to write through a symlinked folder', async () => {
      await expect(storage.put('escape/planted.txt', Buffer.from('x'))).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(storage.put('escape/deeper/planted.txt', Buffer.from('x'))).rejects.toBeInstanceOf(InvalidObjectKeyError);
      // Not even an empty folder may appear out there.
      expect(readdirSync(outside, { recursive: true })).toEqual(['secret.txt']);
    });

    it('refuses to read, stat or delete through symlinks', async () => {
      await expect(storage.get('escape/secret.txt')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(storage.get('secret-link.txt')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(storage.stat('escape/secret.txt')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(storage.localPath('escape/secret.txt')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(storage.localPath('secret-link.txt')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(storage.delete('escape/secret.txt')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(storage.deletePrefix('escape/')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      expect(filesUnder(outside)).toEqual(['secret.txt']);
    });

    it('refuses keys that would climb out, and reads its own objects normally', async () => {
      for (const bad of ['../outside/secret.txt', 'a/../../outside/secret.txt', join(outside, 'secret.txt')]) {
        await expect(storage.get(bad)).rejects.toBeInstanceOf(InvalidObjectKeyError);
      }
      await storage.put('inside.txt', Buffer.from('mine'));
      expect((await readAll(await storage.get('inside.txt'))).toString()).toBe('mine');
      await expect(storage.localPath('../outside/secret.txt')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    });
  });

  it('createObjectStorage makes the root folder for a filesystem config', async () => {
    const storage = await createObjectStorage({ kind: 'filesystem', root: join(workDir, 'fresh', 'objects') });
    expect(storage).toBeInstanceOf(FilesystemStorage);
    expect(readdirSync(join(workDir, 'fresh'))).toEqual(['objects']);
  });
});
