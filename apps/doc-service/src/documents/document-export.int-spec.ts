import type { DocServiceConfig } from '@intake/config';
import { SecretBox } from '@intake/db';
import { startNatsServer, type TestNats } from '@intake/testing';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { randomBytes, randomUUID } from 'node:crypto';
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
  const owner = randomUUID();
  const all = ExportDocumentsSchema.parse({ sort: 'file_name' });

  beforeAll(async () => {
    [db, nats] = await Promise.all([docsTestDatabase({ poolSize: 2 }), startNatsServer()]);
    nc = await connect(nats.options);
    repo = new DocumentsRepository(db.ds);
    // No settings file: the defaults ('simple' search).
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

  it('reads the selection in batches, in order, and leaves no transaction open, also when the reader stops early', async () => {
    const batches: string[][] = [];
    for await (const rows of repo.exportRows(owner, all, 'simple', 2)) batches.push(rows.map((r) => r.file_name));
    expect(batches).toEqual([['doc-1.pdf', 'doc-2.pdf'], ['doc-3.pdf', 'doc-4.pdf'], ['doc-5.pdf']]);

    for await (const rows of repo.exportRows(owner, all, 'simple', 2)) {
      expect(rows).toHaveLength(2);
      break;
    }
    expect(await openTransactions()).toBe(0);
    // Both pool connections are free again: two queries at once still answer.
    await Promise.all([db.ds.query('SELECT 1'), db.ds.query('SELECT 1')]);
  });

  it('stops the file at the cap even when more documents arrived after the check', async () => {
    const exporter = new DocumentExport({ exports: { maxRows: 3 } } as DocServiceConfig, repo, settings);
    await expect(exporter.check(owner, all)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^5 documents match; one export holds at most 3/) });
    const chunks: Buffer[] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    await exporter.write(owner, all, output);
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['doc-1.pdf', 'doc-2.pdf', 'doc-3.pdf']);
    expect(await openTransactions()).toBe(0);
  });
});
