import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { safeObjectKey } from './object-key';
import type { ObjectStorage } from './object-storage';
import { InvalidObjectKeyError, ObjectNotFoundError, ObjectSizeMismatchError, ObjectTooLargeError } from './storage-errors';

/** Test helpers shared by the adapters' test files; not part of the library's public API. */
export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Streams `bytes` in small chunks, as a network upload would arrive, with no length attached. */
export function chunked(bytes: Buffer, chunkSize = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
    })(),
  );
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

/**
 * One behaviour for every ObjectStorage adapter. `create` runs once, in beforeAll; every key the
 * suite writes lives under one random prefix, removed afterwards, so a shared real bucket stays clean.
 */
export function describeObjectStorageContract(name: string, create: () => Promise<ObjectStorage>): void {
  describe(`${name} (ObjectStorage contract)`, () => {
    const run = `contract-${randomBytes(4).toString('hex')}`;
    const key = (...parts: string[]) => safeObjectKey(run, ...parts);
    let storage: ObjectStorage;

    beforeAll(async () => {
      storage = await create();
    });
    afterAll(async () => {
      await storage?.deletePrefix(`${run}/`);
    });

    it('round-trips a Buffer and reports its size and sha256', async () => {
      const body = Buffer.from('name;amount\nÄrger GmbH;12.50\n');
      const stored = await storage.put(key('buffer.csv'), body, { contentType: 'text/csv' });
      expect(stored).toEqual({ key: key('buffer.csv'), size: body.length, sha256: sha256(body) });
      expect(await readAll(await storage.get(key('buffer.csv')))).toEqual(body);
      expect(await storage.stat(key('buffer.csv'))).toEqual({ size: body.length, lastModified: expect.any(Date) });
      expect(await storage.exists(key('buffer.csv'))).toBe(true);
    });

    it('round-trips a stream of declared size', async () => {
      const body = randomBytes(300_000);
      const stored = await storage.put(key('declared.bin'), chunked(body), { size: body.length });
      expect(stored).toEqual({ key: key('declared.bin'), size: body.length, sha256: sha256(body) });
      expect(sha256(await readAll(await storage.get(key('declared.bin'))))).toBe(sha256(body));
    });

    it('stores a 5 MB stream of unknown size', async () => {
      const body = randomBytes(5 * 1024 * 1024);
      const stored = await storage.put(key('big', 'five-mb.bin'), chunked(body));
      expect(stored).toEqual({ key: key('big', 'five-mb.bin'), size: body.length, sha256: sha256(body) });
      const read = await readAll(await storage.get(key('big', 'five-mb.bin')));
      expect(read.length).toBe(body.length);
      expect(sha256(read)).toBe(sha256(body));
      const stat = await storage.stat(key('big', 'five-mb.bin'));
      expect(stat?.size).toBe(body.length);
      expect(Math.abs((stat?.lastModified.getTime() ?? 0) - Date.now())).toBeLessThan(10 * 60_000);
    });

    it('stores an empty body', async () => {
      const stored = await storage.put(key('empty.txt'), chunked(Buffer.alloc(0)));
      expect(stored).toEqual({ key: key('empty.txt'), size: 0, sha256: sha256(Buffer.alloc(0)) });
      expect(await readAll(await storage.get(key('empty.txt')))).toEqual(Buffer.alloc(0));
    });

    it('keeps accented names as given', async () => {
      const accented = key('documents', 'Müller', 'Résumé 2024.pdf');
      await storage.put(accented, Buffer.from('%PDF-1.7'));
      expect((await readAll(await storage.get(accented))).toString()).toBe('%PDF-1.7');
    });

    it('overwrites an existing object', async () => {
      await storage.put(key('over.txt'), Buffer.from('first version, longer'));
      const stored = await storage.put(key('over.txt'), chunked(Buffer.from('second')));
      expect(stored.size).toBe(6);
      expect((await readAll(await storage.get(key('over.txt')))).toString()).toBe('second');
      expect((await storage.stat(key('over.txt')))?.size).toBe(6);
    });

    it('throws ObjectNotFoundError for a missing key, and stat/exists say it is absent', async () => {
      await expect(storage.get(key('missing.txt'))).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(storage.get(key('missing.txt'))).rejects.toMatchObject({ key: key('missing.txt') });
      expect(await storage.stat(key('missing.txt'))).toBeNull();
      expect(await storage.exists(key('missing.txt'))).toBe(false);
    });

    describe('maxBytes', () => {
      it('aborts a stream of unknown size once it passes the limit, keeping nothing', async () => {
        const put = storage.put(key('cap', 'stream.bin'), chunked(randomBytes(200_000), 16_384), { maxBytes: 100_000 });
        await expect(put).rejects.toBeInstanceOf(ObjectTooLargeError);
        await expect(put).rejects.toMatchObject({ limit: 100_000 });
        expect(await storage.exists(key('cap', 'stream.bin'))).toBe(false);
      });

      it('rejects a declared size or a Buffer over the limit before storing anything', async () => {
        const stream = chunked(randomBytes(2_000));
        await expect(storage.put(key('cap', 'declared.bin'), stream, { size: 2_000, maxBytes: 1_000 })).rejects.toBeInstanceOf(
          ObjectTooLargeError,
        );
        await expect(storage.put(key('cap', 'buffer.bin'), randomBytes(2_000), { maxBytes: 1_000 })).rejects.toBeInstanceOf(
          ObjectTooLargeError,
        );
        expect(await storage.exists(key('cap', 'declared.bin'))).toBe(false);
        expect(await storage.exists(key('cap', 'buffer.bin'))).toBe(false);
      });

      it('leaves the previous object in place when its replacement is too large', async () => {
        await storage.put(key('cap', 'kept.txt'), Buffer.from('old'));
        const put = storage.put(key('cap', 'kept.txt'), chunked(randomBytes(50_000), 4_096), { maxBytes: 10_000 });
        await expect(put).rejects.toBeInstanceOf(ObjectTooLargeError);
        expect((await readAll(await storage.get(key('cap', 'kept.txt')))).toString()).toBe('old');
      });

      it('accepts a body of exactly maxBytes', async () => {
        const stored = await storage.put(key('cap', 'exact.bin'), chunked(randomBytes(10_000), 1_000), { maxBytes: 10_000 });
        expect(stored.size).toBe(10_000);
      });
    });

    it('refuses a stream whose length differs from the declared size', async () => {
      const shortPut = storage.put(key('short.bin'), chunked(randomBytes(500)), { size: 1_000 });
      await expect(shortPut).rejects.toBeInstanceOf(ObjectSizeMismatchError);
      const longPut = storage.put(key('long.bin'), chunked(randomBytes(1_500), 100), { size: 1_000 });
      await expect(longPut).rejects.toBeInstanceOf(ObjectSizeMismatchError);
      expect(await storage.exists(key('short.bin'))).toBe(false);
      expect(await storage.exists(key('long.bin'))).toBe(false);
    });

    it('deletes idempotently', async () => {
      await storage.put(key('gone.txt'), Buffer.from('x'));
      await storage.delete(key('gone.txt'));
      expect(await storage.exists(key('gone.txt'))).toBe(false);
      await expect(storage.delete(key('gone.txt'))).resolves.toBeUndefined();
      await expect(storage.delete(key('never', 'there.txt'))).resolves.toBeUndefined();
    });

    it('deletes by prefix, as a plain string prefix, and nothing else', async () => {
      const names = ['jobs/1/original/a.csv', 'jobs/1/result.xlsx', 'jobs/12/result.xlsx', 'jobs/2/result.xlsx'];
      for (const name of names) await storage.put(key(name), Buffer.from(name));
      await storage.deletePrefix(`${run}/jobs/1/`);
      const left = async () => (await Promise.all(names.map((n) => storage.exists(key(n))))).map((e, i) => e && names[i]);
      expect(await left()).toEqual([false, false, 'jobs/12/result.xlsx', 'jobs/2/result.xlsx']);
      await storage.deletePrefix(key('jobs/1'));
      expect(await left()).toEqual([false, false, false, 'jobs/2/result.xlsx']);
      await expect(storage.deletePrefix(`${run}/nothing-here/`)).resolves.toBeUndefined();
    });

    it.each(['../x', '/abs', 'a\\b', 'a/../../b', 'a//b', 'nul\u0000byte', ''])('rejects the key %j everywhere', async (bad) => {
      const calls = [
        () => storage.put(bad, Buffer.from('x')),
        () => storage.get(bad),
        () => storage.stat(bad),
        () => storage.exists(bad),
        () => storage.delete(bad),
      ];
      for (const call of calls) await expect(call()).rejects.toBeInstanceOf(InvalidObjectKeyError);
    });

    it.each(['', '../', '/abs/', 'a\\'])('rejects the prefix %j', async (bad) => {
      await expect(storage.deletePrefix(bad)).rejects.toBeInstanceOf(InvalidObjectKeyError);
    });
  });
}
