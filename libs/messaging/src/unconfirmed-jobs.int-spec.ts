import { startNatsServer, stopProcess, type TestNats, waitFor } from '@intake/testing';
import { connect, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { natsConnectOptions } from './messaging.module';
import { UnconfirmedJobs, type WantedJob } from './unconfirmed-jobs';
import { WorkQueue } from './work-queue';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('UnconfirmedJobs on a real JetStream', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let queue: WorkQueue;
  let jobs: UnconfirmedJobs;
  const taken: string[] = [];
  /** The jobs whose record still waits for them. */
  const waiting = new Set<string>();

  beforeAll(async () => {
    nats = await startNatsServer();
    // Connected as the services connect: it outlives a NATS restart.
    nc = await connect({ ...natsConnectOptions({ url: nats.url, user: nats.user, pass: nats.pass, rpcTimeoutMs: 5000 }), name: 'unconfirmed-test' });
    queue = await WorkQueue.connect(nc);
    jobs = new UnconfirmedJobs(queue);
    await queue.work('import.work.run', { durable: 'runners', ackWaitMs: 5_000 }, async ({ job_id }) => void taken.push(job_id));
  });
  afterEach(() => {
    jobs.retryAfterMs = [50, 50];
    jobs.withinMs = 90_000;
  });
  afterAll(async () => {
    jobs?.onApplicationShutdown();
    await queue?.drain();
    await nc?.close();
    await nats?.stop();
  });

  const job = (id: string, stillWanted = async () => waiting.has(id)): WantedJob<'import.work.run'> => ({
    subject: 'import.work.run',
    payload: { job_id: id },
    dedupeId: `run:${id}`,
    stillWanted,
    about: { jobId: id },
  });

  it('sends a job again while it is still wanted, and not once its record moved on', async () => {
    jobs.retryAfterMs = [50, 50];
    const wanted = randomUUID();
    const movedOn = randomUUID();
    waiting.add(wanted);
    jobs.sendLater(job(wanted));
    jobs.sendLater(job(movedOn));
    await waitFor(() => taken.includes(wanted), 10_000, 20);
    // Every other try has had its turn by now.
    await sleep(500);
    expect(taken.filter((id) => id === wanted || id === movedOn)).toEqual([wanted]);
  });

  it('tries again after a failed check (the database away for a moment), and not past its window', async () => {
    jobs.retryAfterMs = [50, 400, 400];
    const id = randomUUID();
    waiting.add(id);
    let checks = 0;
    jobs.sendLater(
      job(id, async () => {
        if (++checks === 1) throw new Error('the database is away');
        return waiting.has(id);
      }),
    );
    await sleep(250);
    expect(taken).not.toContain(id);
    await waitFor(() => taken.includes(id), 10_000, 20);
    expect(checks).toBe(2);

    const late = randomUUID();
    const slow = randomUUID();
    waiting.add(late).add(slow);
    jobs.withinMs = 30;
    jobs.sendLater(job(late));
    // Its try starts within the window, but its check ends past it.
    jobs.retryAfterMs = [10];
    jobs.sendLater(job(slow, () => sleep(200).then(() => true)));
    await sleep(500);
    expect(taken).not.toContain(late);
    expect(taken).not.toContain(slow);
  });

  it('stores a job sent twice within the stream window once: a job NATS stored after all is not doubled', async () => {
    const id = randomUUID();
    waiting.add(id);
    await queue.enqueue('import.work.run', { job_id: id }, `run:${id}`);
    jobs.sendLater(job(id));
    await waitFor(() => taken.includes(id), 10_000, 20);
    await sleep(500);
    expect(taken.filter((t) => t === id)).toHaveLength(1);
  });

  it('answers false when NATS stalls, and the job NATS lost in the stall runs once NATS is back', async () => {
    jobs.retryAfterMs = [500, 1000, 2000, 4000];
    const pid = nats.pid;
    if (!pid) throw new Error('the test NATS has no process id');
    // The stream is known to this queue before NATS stops, so the stall meets the job itself, not a look at the stream.
    await queue.enqueue('import.work.run', { job_id: randomUUID() });
    const id = randomUUID();
    waiting.add(id);
    let confirmed: boolean | undefined;
    try {
      await stopProcess(pid);
      confirmed = await jobs.send(job(id));
    } finally {
      // The job sits unread in the stopped server's socket: killed, the server never stores it.
      process.kill(pid, 'SIGKILL');
      await nats.restart(0);
    }
    expect(confirmed).toBe(false);
    await waitFor(() => taken.includes(id), 30_000, 50);
    expect(taken.filter((t) => t === id)).toHaveLength(1);
  }, 60_000);

  it('throws any other failure (here a payload the queue contract refuses), and sends nothing again', async () => {
    const id = randomUUID();
    waiting.add(id);
    await expect(jobs.send({ ...job(id), payload: { job_id: 'not a uuid' } })).rejects.toThrow();
    await sleep(300);
    expect(taken).not.toContain(id);
  });
});
