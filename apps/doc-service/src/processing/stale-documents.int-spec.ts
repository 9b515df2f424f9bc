import type { DocServiceConfig } from '@intake/config';
import { DOC_STATUS_ALL, type DocStatusEvent } from '@intake/contracts';
import { SecretBox } from '@intake/db';
import { WorkQueue } from '@intake/messaging';
import { startNatsServer, type TestNats, waitFor } from '@intake/testing';
import { connect, type NatsConnection } from 'nats';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { docsTestDatabase, type DocsTestDatabase } from '../docs-test-database';
import { SettingsStore } from '../settings/settings-store';
import { BULK_DURABLE, PROCESSING_DURABLE } from './document-worker';
import { ProcessingRepository } from './processing.repository';
import { StaleDocuments } from './stale-documents';
import { StatusPublisher } from './status-publisher';

describe('StaleDocuments on a real database and JetStream', () => {
  let db: DocsTestDatabase;
  let nats: TestNats;
  let nc: NatsConnection;
  let ds: DataSource;
  let queue: WorkQueue;
  let sweeper: StaleDocuments;

  beforeAll(async () => {
    [db, nats] = await Promise.all([docsTestDatabase(), startNatsServer()]);
    ds = db.ds;
    nc = await connect(nats.options);
    queue = await WorkQueue.connect(nc);
    // No settings file: the defaults ('simple' search).
    const settings = new SettingsStore({ settingsFile: join(tmpdir(), `intake-no-settings-${randomUUID()}.json`) } as DocServiceConfig, new SecretBox(randomBytes(32).toString('base64')), ds, nc);
    sweeper = new StaleDocuments({ role: 'all', worker: { bulkAfterWaiting: 1 } } as DocServiceConfig, new ProcessingRepository(ds), queue, new StatusPublisher(nc), settings);
  });
  afterAll(async () => {
    await queue?.drain();
    await nc?.close();
    await Promise.allSettled([nats?.stop(), db?.close()]);
  });

  const insert = async (status: string, minutesAgo: number, owner = randomUUID()) => {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO docs.documents (id, owner_id, file_name, storage_key, size_bytes, sha256, status, updated_at) VALUES ($1, $2, 'a.pdf', 'k', 1, $3, $4, now() - make_interval(mins => $5))`,
      [id, owner, id.replace(/-/g, '').padEnd(64, '0'), status, minutesAgo],
    );
    return id;
  };

  it('queues lost documents again, fails those stuck in processing, and leaves live ones alone', async () => {
    const owner = randomUUID();
    const lost = await insert('queued', 16, owner);
    // The same owner's second lost one goes behind the first (bulkAfterWaiting 1 here), as on upload.
    const behind = await insert('queued', 15, owner);
    const fresh = await insert('queued', 1);
    const stuck = await insert('processing', 45);
    const running = await insert('processing', 2);
    const done = await insert('done', 120);
    const events: DocStatusEvent[] = [];
    const sub = nc.subscribe(DOC_STATUS_ALL, { callback: (_e, msg) => events.push(msg.json()) });
    const taken: string[] = [];
    await queue.work('docs.work.process', { durable: PROCESSING_DURABLE }, async ({ document_id }) => void taken.push(`process:${document_id}`));
    await queue.work('docs.work.bulk', { durable: BULK_DURABLE }, async ({ document_id }) => void taken.push(`bulk:${document_id}`));

    expect(await sweeper.sweep({ queuedMs: 10 * 60_000, processingMs: 30 * 60_000 })).toEqual({ requeued: 2, failed: 1 });
    await waitFor(() => taken.length === 2 && events.length === 1);
    expect(taken.sort()).toEqual([`bulk:${behind}`, `process:${lost}`]);
    expect(events).toEqual([expect.objectContaining({ document_id: stuck, status: 'failed', failure_kind: 'internal' })]);
    const statuses = Object.fromEntries((await ds.query('SELECT id, status FROM docs.documents')).map((r: { id: string; status: string }) => [r.id, r.status]));
    expect(statuses).toEqual({ [lost]: 'queued', [behind]: 'queued', [fresh]: 'queued', [stuck]: 'failed', [running]: 'processing', [done]: 'done' });
    // Found by its file name, as every failed document is.
    expect(await ds.query(`SELECT id FROM docs.documents WHERE search @@ to_tsquery('simple', 'pdf')`)).toEqual([{ id: stuck }]);
    sub.unsubscribe();
  });
});
