import type { ImportServiceConfig } from '@intake/config';
import { WorkQueue } from '@intake/messaging';
import { startNatsServer, type TestNats, waitFor } from '@intake/testing';
import { connect, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { importsTestDatabase, type ImportsTestDatabase } from '../imports-test-database';
import { ImportJobsRepository } from './import-jobs.repository';
import { StaleImportJobs } from './stale-import-jobs';
import { lanesOf, WAITING, type WaitingStatus } from './waiting-jobs';

const TEN_MINUTES = 10 * 60_000;

describe('StaleImportJobs on a real database and JetStream', () => {
  let db: ImportsTestDatabase;
  let ds: DataSource;
  let nats: TestNats;
  let nc: NatsConnection;
  let queue: WorkQueue;
  let sweeper: StaleImportJobs;
  /** Job ids each kind of worker was handed, by the status that waits for it. */
  const taken: Record<WaitingStatus, string[]> = { analysing: [], queued: [], rolling_back: [] };
  let holdRunner: Promise<void> | null = null;

  beforeAll(async () => {
    [db, nats] = await Promise.all([importsTestDatabase(), startNatsServer()]);
    ds = db.ds;
    nc = await connect(nats.options);
    queue = await WorkQueue.connect(nc);
    sweeper = new StaleImportJobs({ role: 'all' } as ImportServiceConfig, new ImportJobsRepository(ds), queue);
    // Every lane's workers, as import-service registers them.
    for (const status of Object.keys(WAITING) as WaitingStatus[]) {
      for (const lane of lanesOf(status)) {
        await queue.work(lane.subject, { durable: lane.durable }, async ({ job_id }) => {
          taken[status].push(job_id);
          if (status === 'queued') await holdRunner;
        });
      }
    }
  });
  afterAll(async () => {
    await queue?.drain();
    await nc?.close();
    await Promise.allSettled([nats?.stop(), db?.close()]);
  });

  const insert = (status: string, minutesAgo: number) => db.insertJob(status, minutesAgo);

  it('sends again the message of jobs left waiting, to the workers of their kind, and leaves live and finished jobs alone', async () => {
    const lost = { analysing: await insert('analysing', 15), queued: await insert('queued', 15), rolling_back: await insert('rolling_back', 15) };
    const fresh = await insert('queued', 1);
    for (const status of ['ready', 'running', 'completed', 'failed']) await insert(status, 60);

    expect((await sweeper.sweep(TEN_MINUTES)).sort()).toEqual(Object.values(lost).sort());
    await waitFor(() => Object.values(taken).every((ids) => ids.length === 1));
    expect(taken).toEqual({ analysing: [lost.analysing], queued: [lost.queued], rolling_back: [lost.rolling_back] });
    expect(taken.queued).not.toContain(fresh);
    // Taken by the first sweep, they are not sent again by another replica's at the same time.
    expect(await sweeper.sweep(TEN_MINUTES)).toEqual([]);
  });

  it('leaves a queued job alone while the runners have work waiting or in hand, and sends it once they are idle', async () => {
    let release!: () => void;
    holdRunner = new Promise((resolve) => (release = resolve));
    const running = randomUUID();
    await queue.enqueue('import.work.run', { job_id: running });
    await waitFor(() => taken.queued.includes(running));
    const lost = await insert('queued', 15);

    // The jobs of the first test are finished by now.
    await ds.query(`UPDATE imports.import_jobs SET status = 'completed' WHERE id <> $1`, [lost]);
    expect(await sweeper.sweep(TEN_MINUTES)).toEqual([]);
    release();
    holdRunner = null;
    await waitFor(async () => (await queue.backlog('IMPORT_JOBS', WAITING.queued.durable)) === 0);
    expect(await sweeper.sweep(TEN_MINUTES)).toEqual([lost]);
    await waitFor(() => taken.queued.includes(lost));
  });
});
