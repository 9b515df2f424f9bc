import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderSyncs } from './folder-syncs';
import { syncFolder } from './sync-folder';

/** A flush that records when each one starts and ends only when the test says so. */
function heldFlushes() {
  const started: { folder: string; end: (error?: Error) => void }[] = [];
  const flush = (folder: string) =>
    new Promise<void>((resolve, reject) => started.push({ folder, end: (error) => (error ? reject(error) : resolve()) }));
  return { started, flush };
}

const settled = async (promise: Promise<void>) => {
  let state = 'pending';
  promise.then(() => (state = 'done'), () => (state = 'failed'));
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

describe('FolderSyncs', () => {
  it('makes a caller who asks during a flush wait for the next one, which everyone asking meanwhile shares', async () => {
    const { started, flush } = heldFlushes();
    const syncs = new FolderSyncs(flush);
    const first = syncs.sync('/a');
    const later = Array.from({ length: 10 }, () => syncs.sync('/a'));
    expect(started).toHaveLength(1);
    started[0].end();
    expect(await settled(first)).toBe('done');
    // The first flush may have begun before their renames: not enough for them.
    expect(await settled(later[0])).toBe('pending');
    expect(started).toHaveLength(2);
    started[1].end();
    for (const waiting of later) expect(await settled(waiting)).toBe('done');
    expect(started).toHaveLength(2);
  });

  it('flushes different folders independently', async () => {
    const { started, flush } = heldFlushes();
    const syncs = new FolderSyncs(flush);
    const a = syncs.sync('/a');
    const b = syncs.sync('/b');
    expect(started.map((s) => s.folder)).toEqual(['/a', '/b']);
    started[1].end();
    expect(await settled(b)).toBe('done');
    expect(await settled(a)).toBe('pending');
    started[0].end();
    expect(await settled(a)).toBe('done');
  });

  it('fails everyone waiting for a flush that failed, and flushes again for the next caller', async () => {
    const { started, flush } = heldFlushes();
    const syncs = new FolderSyncs(flush);
    const first = syncs.sync('/a');
    const second = syncs.sync('/a');
    const third = syncs.sync('/a');
    started[0].end(new Error('disk gone'));
    await expect(first).rejects.toThrow('disk gone');
    started[1].end(new Error('still gone'));
    await expect(second).rejects.toThrow('still gone');
    await expect(third).rejects.toThrow('still gone');
    const fourth = syncs.sync('/a');
    expect(started).toHaveLength(3);
    started[2].end();
    await expect(fourth).resolves.toBeUndefined();
  });

  it('lets a caller who comes between two flushes share the queued one, and keeps sharing after it', async () => {
    const { started, flush } = heldFlushes();
    const syncs = new FolderSyncs(flush);
    const first = syncs.sync('/a');
    const queued = syncs.sync('/a');
    // Arrives once the first flush has ended but before the queued one has begun.
    const between = first.then(() => syncs.sync('/a'));
    started[0].end();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toHaveLength(2);
    started[1].end();
    await Promise.all([queued, between]);
    expect(started).toHaveLength(2);
    // Still one flush at a time for the folder: the second waits for the first.
    const after = [syncs.sync('/a'), syncs.sync('/a')];
    expect(started).toHaveLength(3);
    started[2].end();
    await after[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toHaveLength(4);
    started[3].end();
    await after[1];
  });

  it('flushes the parents of a new name\'s folder until this process has flushed them once, and again after forget()', async () => {
    const flushed: string[] = [];
    const syncs = new FolderSyncs(async (folder) => void flushed.push(folder));
    // Two puts into a folder another put made a moment ago: both flush its entry, not only its maker.
    await Promise.all([syncs.syncNewName('/root/docs/u1', '/root'), syncs.syncNewName('/root/docs/u1', '/root')]);
    expect(new Set(flushed)).toEqual(new Set(['/root/docs/u1', '/root/docs', '/root']));
    flushed.length = 0;
    await syncs.syncNewName('/root/docs/u1', '/root');
    expect(flushed).toEqual(['/root/docs/u1']);
    flushed.length = 0;
    await syncs.syncNewName('/root/docs/u2', '/root');
    expect(flushed.sort()).toEqual(['/root/docs', '/root/docs/u2']);
    flushed.length = 0;
    syncs.forget('/root/docs');
    await syncs.syncNewName('/root/docs/u1', '/root');
    expect(flushed.sort()).toEqual(['/root', '/root/docs', '/root/docs/u1']);
  });

  it('does not remember a folder whose flush failed', async () => {
    let fail = true;
    const flushed: string[] = [];
    const syncs = new FolderSyncs(async (folder) => {
      flushed.push(folder);
      if (fail && folder === '/root') throw new Error('disk gone');
    });
    await expect(syncs.syncNewName('/root/docs', '/root')).rejects.toThrow('disk gone');
    fail = false;
    flushed.length = 0;
    await syncs.syncNewName('/root/docs', '/root');
    expect(flushed.sort()).toEqual(['/root', '/root/docs']);
  });

  it('flushes a real folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'folder-syncs-'));
    try {
      const syncs = new FolderSyncs(syncFolder);
      await Promise.all(Array.from({ length: 5 }, () => syncs.sync(dir)));
      await expect(new FolderSyncs().sync(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
