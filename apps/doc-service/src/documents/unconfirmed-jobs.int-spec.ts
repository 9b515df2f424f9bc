import { WorkQueue } from '@intake/messaging';
import { startNatsServer, type TestNats, waitFor } from '@intake/testing';
import { connect, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { docsTestDatabase, type DocsTestDatabase } from '../docs-test-database';
import { PROCESSING_DURABLE } from '../processing/document-worker';
import { DocumentsRepository } from './documents.repository';
import { UnconfirmedJobs } from './unconfirmed-jobs';

describe('UnconfirmedJobs on a real database and JetStream', () => {
  let db: DocsTestDatabase;
  let nats: TestNats;
  let nc: NatsConnection;
  let ds: DataSource;
  let queue: WorkQueue;
  let jobs: UnconfirmedJobs;
  const taken: string[] = [];

  beforeAll(async () => {
    [db, nats] = await Promise.all([docsTestDatabase(), startNatsServer()]);
    ds = db.ds;
    nc = await connect(nats.options);
    queue = await WorkQueue.connect(nc);
    jobs = new UnconfirmedJobs(queue, new DocumentsRepository(ds));
    jobs.retryAfterMs = [50, 50];
    await queue.work('docs.work.process', { durable: PROCESSING_DURABLE }, async ({ document_id }) => void taken.push(document_id));
  });
  afterAll(async () => {
    jobs?.onApplicationShutdown();
    await queue?.drain();
    await nc?.close();
    await Promise.allSettled([nats?.stop(), db?.close()]);
  });

  const insert = async (status: string, generation = 1): Promise<string> => {
    const id = randomUUID();
    await ds.query(`INSERT INTO docs.documents (id, owner_id, file_name, storage_key, size_bytes, sha256, status, generation) VALUES ($1, $2, 'a.pdf', 'k', 1, $3, $4, $5)`, [
      id,
      randomUUID(),
      id.replace(/-/g, '').padEnd(64, '0'),
      status,
      generation,
    ]);
    return id;
  };

  it('sends the job again for a document still queued, and not for one taken, done or re-processed meanwhile', async () => {
    const waiting = await insert('queued');
    const claimed = await insert('processing');
    const done = await insert('done');
    const reprocessed = await insert('queued', 2);
    for (const id of [waiting, claimed, done]) jobs.add({ id, generation: 1 });
    jobs.add({ id: reprocessed, generation: 1 });
    await waitFor(() => taken.includes(waiting), 10_000, 20);
    // Every other retry has had its turn by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(taken.filter((id) => [waiting, claimed, done, reprocessed].includes(id))).toEqual([waiting]);
  });

  it('tries again after a failure (the database away for a moment), and not past its window', async () => {
    const id = await insert('queued');
    jobs.retryAfterMs = [50, 400, 400];
    await ds.query('ALTER TABLE docs.documents RENAME TO documents_away');
    try {
      jobs.add({ id, generation: 1 });
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(taken).not.toContain(id);
    } finally {
      await ds.query('ALTER TABLE docs.documents_away RENAME TO documents');
    }
    await waitFor(() => taken.includes(id), 10_000, 20);

    const late = await insert('queued');
    jobs.withinMs = 30;
    jobs.add({ id: late, generation: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(taken).not.toContain(late);
    jobs.retryAfterMs = [50, 50];
    jobs.withinMs = 90_000;
  });

  it('sends a job twice within the stream window only once: a job NATS stored after all is not doubled', async () => {
    const id = await insert('queued');
    await queue.enqueue('docs.work.process', { document_id: id, generation: 1 }, `${id}:1`);
    jobs.add({ id, generation: 1 });
    await waitFor(() => taken.includes(id), 10_000, 20);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(taken.filter((t) => t === id)).toHaveLength(1);
  });
});
