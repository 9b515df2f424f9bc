import type { DocServiceConfig } from '@intake/config';
import { SecretBox } from '@intake/db';
import { FilesystemStorage } from '@intake/storage';
import { startNatsServer, type TestNats, unzipEntries, waitFor } from '@intake/testing';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { docsTestDatabase, type DocsTestDatabase } from '../docs-test-database';
import { SettingsStore } from '../settings/settings-store';
import { DocumentExport } from './document-export';
import { DocumentsRepository } from './documents.repository';
import { ExportDocumentsSchema } from './dto/list-documents.dto';

describe('DocumentExport on a real database: a cursor, a batch at a time, within the cap', () => {
  let db: DocsTestDatabase;
  let nats: TestNats;
  let nc: NatsConnection;
  let repo: DocumentsRepository;
  let settings: SettingsStore;
  let storage: FilesystemStorage;
  const owner = randomUUID();
  const all = ExportDocumentsSchema.parse({ sort: 'file_name' });

  beforeAll(async () => {
    [db, nats] = await Promise.all([docsTestDatabase({ poolSize: 4 }), startNatsServer()]);
    nc = await connect(nats.options);
    repo = new DocumentsRepository(db.ds);
    // No settings file: the defaults ('simple' search).
    storage = new FilesystemStorage(await mkdtemp(join(tmpdir(), 'intake-export-')));
    await storage.init();
    // doc-5's file is missing: the archive lists it instead.
    for (const i of [1, 2, 3, 4]) await storage.put(`k/${i}`, Buffer.from(`%PDF-1.4 document ${i}`));
    settings = new SettingsStore({ settingsFile: join(tmpdir(), `intake-no-settings-${randomUUID()}.json`) } as DocServiceConfig, new SecretBox(randomBytes(32).toString('base64')), db.ds, nc);
    await db.ds.query(
      `INSERT INTO docs.documents (id, owner_id, file_name, storage_key, size_bytes, sha256)
       SELECT gen_random_uuid(), $1, 'doc-' || i || '.pdf', 'k/' || i, 1, lpad(i::text, 64, '0') FROM generate_series(1, 5) AS i`,
      [owner],
    );
  });
  afterAll(async () => {
    await nc?.close();
    await Promise.allSettled([nats?.stop(), db?.close()]);
  });

  /** Asked on a connection of its own: the pool's would see itself busy, not idle in its transaction. */
  const openTransactions = async () => {
    const client = new Client({ connectionString: db.db.url });
    await client.connect();
    try {
      return (await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`)).rows[0].n as number;
    } finally {
      await client.end();
    }
  };

  const sink = (stall = false) => {
    const chunks: Buffer[] = [];
    // A stalled sink is a client that stopped reading: it takes one chunk and never asks for more.
    const output = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        if (!stall) callback();
      },
    });
    return { output, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const exporter = (maxRows = 100, idleMs = 60_000) => new DocumentExport({ exports: { maxRows, archiveMaxFiles: 100, archiveMaxBytes: 1e9, idleMs } } as DocServiceConfig, storage, repo, settings);

  it('reads one snapshot in batches, in order, counted, and leaves no transaction open', async () => {
    const cursor = await repo.openExport(owner, all, 'simple');
    // Added after the export began: not in it, as it was not in the count.
    await db.ds.query(`INSERT INTO docs.documents (id, owner_id, file_name, storage_key, size_bytes, sha256) VALUES (gen_random_uuid(), $1, 'doc-0.pdf', 'k/0', 1, $2)`, [owner, '9'.repeat(64)]);
    const batches: string[][] = [];
    for await (const rows of cursor.batches(2)) batches.push(rows.map((r) => r.file_name));
    await cursor.close();
    expect(cursor.total).toBe(5);
    expect(batches).toEqual([['doc-1.pdf', 'doc-2.pdf'], ['doc-3.pdf', 'doc-4.pdf'], ['doc-5.pdf']]);
    await db.ds.query(`DELETE FROM docs.documents WHERE file_name = 'doc-0.pdf'`);

    const early = await repo.openExport(owner, all, 'simple');
    for await (const rows of early.batches(2)) {
      expect(rows).toHaveLength(2);
      break;
    }
    await early.close();
    expect(await openTransactions()).toBe(0);
    // Every pool connection is free again: as many queries at once still answer.
    await Promise.all([1, 2, 3, 4].map(() => db.ds.query('SELECT pg_sleep(0.01)')));
  });

  it('refuses more documents than the cap before writing, a second export of one user and a fifth at once', async () => {
    await expect(exporter(3).open(owner, all, exporter(3).tableLimits)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^5 documents match; one export holds at most 3/) });
    await expect(exporter(3).measure(owner, all, exporter(3).tableLimits)).rejects.toMatchObject({ status: 400 });
    expect(await exporter().measure(owner, all, exporter().archiveLimits)).toEqual({ files: 5, bytes: 5 });
    const one = exporter();
    const first = await one.open(owner, all, one.tableLimits);
    await expect(one.open(owner, all, one.tableLimits)).rejects.toMatchObject({ status: 429, message: 'Your previous export is still being written; try again when it has finished' });
    // Others (who have no documents) each get one, up to four at once.
    const others = [await one.open(randomUUID(), all, one.tableLimits), await one.open(randomUUID(), all, one.tableLimits), await one.open(randomUUID(), all, one.tableLimits)];
    await expect(one.open(randomUUID(), all, one.tableLimits)).rejects.toMatchObject({ status: 429, message: '4 exports are being written right now, the most at once; try again in a moment' });
    await first.close();
    await first.close(); // twice is harmless and frees no second place
    const again = await one.open(owner, all, one.tableLimits);
    await expect(one.open(randomUUID(), all, one.tableLimits)).rejects.toMatchObject({ status: 429 });
    await Promise.all(others.map((c) => c.close()));
    const { output, text } = sink();
    await one.writeTable(again, 'csv', output);
    expect(text().trim().split('\r\n').map((line) => line.split(',')[1])).toEqual(['file_name', 'doc-1.pdf', 'doc-2.pdf', 'doc-3.pdf', 'doc-4.pdf', 'doc-5.pdf']);
    expect(await openTransactions()).toBe(0);
  });

  it('stops an export whose client takes nothing for the idle time, and gives its place back', async () => {
    const one = exporter(100, 300);
    const { output } = sink(true);
    await expect(one.writeTable(await one.open(owner, all, one.tableLimits), 'csv', output)).rejects.toThrow(/took nothing for 0 seconds|closed/);
    expect(output.destroyed).toBe(true);
    expect(await openTransactions()).toBe(0);
    await (await one.open(owner, all, one.tableLimits)).close();
  });

  it('reads the documents of an archive before streaming it, so a slow download holds no connection', async () => {
    const one = exporter();
    const { output, text } = sink(true);
    const writing = one.writeArchive(await one.open(owner, all, one.archiveLimits), output);
    await waitFor(async () => text().length > 0);
    expect(await openTransactions()).toBe(0);
    await (await one.open(owner, all, one.tableLimits)).close(); // the owner's place is free again too
    output.destroy();
    await expect(writing).rejects.toThrow();
  });

  it('writes the originals as one ZIP, each under its own name, listing a file missing from storage', async () => {
    const one = exporter();
    const chunks: Buffer[] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    await one.writeArchive(await one.open(owner, all, one.archiveLimits), output);
    const entries = await unzipEntries(Buffer.concat(chunks));
    expect([...entries.keys()]).toEqual(['doc-1.pdf', 'doc-2.pdf', 'doc-3.pdf', 'doc-4.pdf', '_missing.txt']);
    expect(entries.get('doc-3.pdf')?.toString()).toBe('%PDF-1.4 document 3');
    expect(entries.get('_missing.txt')?.toString()).toMatch(/could not be found in storage:\ndoc-5\.pdf \([0-9a-f-]{36}\)\n$/);
    const bytes = new DocumentExport({ exports: { maxRows: 100, archiveMaxFiles: 100, archiveMaxBytes: 4 } } as DocServiceConfig, storage, repo, settings);
    await expect(bytes.open(owner, all, bytes.archiveLimits)).rejects.toMatchObject({ status: 400, message: 'the 5 documents that match hold 1 MB; one archive holds at most 1 MB: narrow the filters (status, type, category, dates, text)' });
    expect(await openTransactions()).toBe(0);
  });

  it.each(['csv', 'xlsx', 'zip'] as const)('ends when the client goes away mid-download, its connection and place given back (%s)', async (format) => {
    const one = exporter();
    const cursor = await one.open(owner, all, one.tableLimits);
    const { output, text } = sink(true);
    const writing = format === 'zip' ? one.writeArchive(cursor, output) : one.writeTable(cursor, format, output);
    await waitFor(async () => text().length > 0);
    output.destroy();
    await expect(writing).rejects.toThrow();
    expect(await openTransactions()).toBe(0);
    await (await one.open(owner, all, one.tableLimits)).close();
  });
});

