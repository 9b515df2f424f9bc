import { type Actor, adminQuery, expectText, launchBrowser, signInOnPage, stopProcess, type TestSuite, waitFor } from '@intake/testing';
import { Client } from 'pg';
import { ImportSuite } from './import-suite';

const ROWS = 60_000;

function customersCsv(tag: string): Buffer {
  const lines = ['name,email,age'];
  for (let i = 0; i < ROWS; i++) lines.push(`Customer ${i},${tag}-${i}@bulk.test,${i % 90}`);
  return Buffer.from(lines.join('\n'));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A worker killed mid-job (a real process, SIGKILL) resumes at its checkpoint: every row once, none
 * twice; a job whose queue message NATS lost still runs.
 */
describe('imports: crash, resume, cancel and a lost start', () => {
  let s: ImportSuite;
  let suite: TestSuite;
  let admin: Actor;

  beforeAll(async () => {
    s = await ImportSuite.start({ IMPORT_WORKER_ACK_WAIT_SECONDS: '3' });
    ({ suite, admin } = s);
  });
  afterAll(() => s?.stop());

  const api = () => s.api();
  const job = (id: string) => s.job(id);
  const count = async (tag: string) =>
    (await s.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM customers WHERE email LIKE $1`, [`${tag}-%`]))[0];
  /** Analyses of the job begun and not ended, from import-service's own table. */
  const unfinished = async (id: string) => {
    const client = new Client({ connectionString: suite.db.url });
    await client.connect();
    try {
      return Number((await client.query('SELECT analyses_unfinished AS n FROM imports.import_jobs WHERE id = $1', [id])).rows[0].n);
    } finally {
      await client.end();
    }
  };
  const uploadAndStart = async (tag: string) => {
    const created = (await s.upload('customers.csv', customersCsv(tag)).expect(201)).body;
    await s.until(created.id, ['ready']);
    await api().post(`/api/imports/${created.id}/start`).set(admin.auth).expect(201);
    return created.id as string;
  };

  it('resumes after the worker is killed mid-job, without duplicates', async () => {
    const id = await uploadAndStart('resume');
    let seen = { status: '', progress: { rows_processed: 0 } } as { status: string; progress: Record<string, number | null> };
    await waitFor(async () => ((seen = await job(id)).progress.rows_processed ?? 0) >= 5000, 60_000, 20);
    await suite.killService('import-service');
    expect(seen.status).toBe('running');
    expect(seen.progress.rows_processed).toBeLessThan(ROWS);
    await suite.startService('import-service');
    // 503 until the new process subscribes; then the job is redelivered once its ack wait passes.
    await waitFor(async () => ['completed', 'failed'].includes((await job(id).catch(() => ({ status: 'starting' }))).status), 90_000, 200);
    const done = await job(id);
    expect(done).toMatchObject({ status: 'completed', progress: { rows_processed: ROWS, inserted: ROWS, failed: 0 } });
    expect(await count('resume')).toEqual({ n: ROWS, ids: ROWS });
  });

  it("says on the import's page when no rows came for a while, and goes on once the killed worker is back", async () => {
    const id = (await s.upload('customers.csv', customersCsv('stall')).expect(201)).body.id as string;
    await s.until(id, ['ready']);
    const b = await launchBrowser(suite.url);
    try {
      // Started on its page, which then follows it: a machine busy with other suites may take longer to open a page than the run takes.
      await b.page.goto(`/imports/view/?id=${id}`);
      await signInOnPage(b, { username: suite.adminUsername, password: suite.adminPassword });
      await b.page.getByRole('button', { name: 'Start the import' }).click();
      await waitFor(async () => ((await job(id)).progress.rows_processed ?? 0) >= 2000, 60_000, 20);
      await suite.killService('import-service');
      await expectText(b.page.getByTestId('progress-text'), /^[\d,]+ of 60,000 rows/);
      // Said after 20 s without a new row, and only then.
      expect(await b.page.getByTestId('stalled').count()).toBe(0);
      await expectText(b.page.getByTestId('stalled'), /^No new rows for 2\d s\. A busy database can take this long over a batch; if the import service restarted, the import goes on by itself/, 40_000);
      await suite.startService('import-service');
      await expectText(b.page.getByTestId('outcome'), /The import finished: 60,000 of 60,000 rows, 60,000 inserted/, 90_000);
      expect(await b.page.getByTestId('stalled').count()).toBe(0);
      // So many rows take a while to make into a result file: said beside its links, so nobody clicks twice.
      await expectText(b.page.locator('main'), /Each file is made on its first download: for this many rows the download starts after a while/);
    } finally {
      await b.close();
    }
    expect(await count('stall')).toEqual({ n: ROWS, ids: ROWS });
  }, 150_000);

  it('stays up when a NocoBase connection in use is ended mid-job (a server restart, an administrator), and the job completes once, every row once', async () => {
    const id = await uploadAndStart('severed');
    const pid = suite.pid('import-service');
    await waitFor(async () => ((await job(id)).progress.rows_processed ?? 0) >= 5000, 60_000, 20);
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${s.nocobase.name}' AND application_name = 'intake-import-service'`);
    await waitFor(async () => ['completed', 'failed'].includes((await job(id).catch(() => ({ status: 'starting' }))).status), 90_000, 200);
    expect(await job(id)).toMatchObject({ status: 'completed', progress: { rows_processed: ROWS, inserted: ROWS, failed: 0 } });
    expect(await count('severed')).toEqual({ n: ROWS, ids: ROWS });
    expect(suite.pid('import-service')).toBe(pid);
    expect(suite.logs('import-service')).not.toMatch(/exited|Unhandled 'error' event/);
  }, 120_000);

  it('cancels a running job between batches, keeping what was written and reporting the rest', async () => {
    const id = await uploadAndStart('cancel');
    await waitFor(async () => ((await job(id)).progress.rows_processed ?? 0) >= 5000, 60_000, 20);
    await api().post(`/api/imports/${id}/cancel`).set(admin.auth).expect(201);
    await waitFor(async () => (await job(id)).status === 'cancelled', 60_000, 100);
    const done = await job(id);
    expect(done.progress.rows_processed).toBeLessThan(ROWS);
    expect((await count('cancel')).n).toBe(done.progress.inserted);
    expect(done.has_result).toBe(true);
    // The rows it never reached count as skipped, as its result file marks them; no ETA is left.
    expect(done.progress).toMatchObject({ skipped: ROWS - (done.progress.rows_processed ?? 0), eta_seconds: null });
    const result = (await s.download(`/api/imports/${id}/result?format=csv`)).body.toString('utf8');
    expect(result.split('\n').filter((line) => line.includes(',skipped,')).length).toBe(done.progress.skipped);
    await api().post(`/api/imports/${id}/rollback`).set(admin.auth).expect(201);
    await waitFor(async () => (await job(id)).status === 'rolled_back', 60_000, 100);
    expect((await count('cancel')).n).toBe(0);
  });

  it('runs a job whose start NATS lost in a stall (it died unread), seconds later and not after the ten-minute sweep', async () => {
    const created = (await s.upload('customers.csv', customersCsv('lost')).expect(201)).body;
    const id = created.id as string;
    await s.until(id, ['ready']);
    const pid = suite.nats.pid;
    if (!pid) throw new Error('the suite has no NATS process id');
    // The job's row is held, so the start waits in import-service, past the request over NATS, until NATS is stopped.
    const holder = new Client({ connectionString: suite.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM imports.import_jobs WHERE id = $1 FOR UPDATE', [id]);
      const answer = api().post(`/api/imports/${id}/start`).set(admin.auth).then((res) => res.status);
      await waitFor(async () => (await holder.query('SELECT 1 FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))')).rowCount === 1, 10_000, 20);
      await stopProcess(pid);
      try {
        await holder.query('COMMIT');
        // import-service now saves the start and sends the job into the stopped server's socket.
        await waitFor(async () => (await holder.query('SELECT status FROM imports.import_jobs WHERE id = $1', [id])).rows[0].status === 'queued', 10_000, 20);
        await sleep(500);
      } finally {
        // Killed, the server never reads the job.
        process.kill(pid, 'SIGKILL');
      }
      await suite.nats.restart(0);
      // The gateway's request over NATS went unanswered; whatever it said, the job is queued.
      expect([201, 503, 504]).toContain(await answer);
    } finally {
      await holder.end();
    }
    const done = await s.until(id, ['completed', 'failed'], admin, 60_000);
    expect(done).toMatchObject({ status: 'completed', progress: { rows_processed: ROWS, inserted: ROWS, failed: 0 } });
    expect(await count('lost')).toEqual({ n: ROWS, ids: ROWS });
  }, 120_000);

  it('keeps the file of an upload import-service answered too late, and the job it made is analysed from it', async () => {
    const holder = new Client({ connectionString: suite.db.url });
    await holder.connect();
    let res: { status: number; body: { message?: string } };
    try {
      // New jobs held off: import-service saves this one only after the gateway stopped waiting (RPC_TIMEOUT_MS + 5 s).
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE imports.import_jobs IN SHARE MODE');
      res = await s.upload('late.csv', customersCsv('late'));
    } finally {
      await holder.query('COMMIT').catch(() => undefined);
      await holder.end();
    }
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 503, message: expect.stringMatching(/upload may have been made: look for "late\.csv"/) });
    let id = '';
    await waitFor(async () => !!(id = (await api().get('/api/imports').set(admin.auth).expect(200)).body.items.find((j: { file: { name: string } }) => j.file.name === 'late.csv')?.id ?? ''), 30_000, 200);
    expect(await s.until(id, ['ready', 'failed'], admin, 60_000)).toMatchObject({ status: 'ready', error: null });
  }, 90_000);

  it('puts a job whose rollback failed (its target away) back as it was, and rolls it back when asked again right after', async () => {
    const id = await uploadAndStart('again');
    await waitFor(async () => ((await job(id)).progress.rows_processed ?? 0) >= 5000, 60_000, 20);
    await api().post(`/api/imports/${id}/cancel`).set(admin.auth).expect(201);
    await s.until(id, ['cancelled'], admin, 60_000);
    await adminQuery(`ALTER DATABASE "${s.nocobase.name}" ALLOW_CONNECTIONS false`);
    try {
      await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${s.nocobase.name}'`);
      await api().post(`/api/imports/${id}/rollback`).set(admin.auth).expect(201);
      // Five deliveries, 1 + 2 + 4 + 8 s apart, then the job is back with the reason: cancelled, as it was (it used to say completed).
      await waitFor(async () => ((await job(id)).error ?? '').startsWith('The rollback failed'), 60_000, 200);
      expect((await job(id)).status).toBe('cancelled');
    } finally {
      await adminQuery(`ALTER DATABASE "${s.nocobase.name}" ALLOW_CONNECTIONS true`);
    }
    // Within two minutes of the first: not taken for a copy of its message.
    await api().post(`/api/imports/${id}/rollback`).set(admin.auth).expect(201);
    expect(await s.until(id, ['rolled_back', 'cancelled'], admin, 30_000)).toMatchObject({ status: 'rolled_back', error: null });
    expect((await count('again')).n).toBe(0);
  }, 120_000);

  it('fails an analysis that takes its process down each time, after three, instead of delivering it for ever', async () => {
    const created = (await s.upload('customers.csv', customersCsv('dies')).expect(201)).body;
    // Killed as each analysis begins, as a file exhausting the process's memory would kill it.
    for (let death = 1; death <= 3; death += 1) {
      await waitFor(async () => (await unfinished(created.id)) === death, 60_000, 20);
      await suite.killService('import-service');
      await suite.startService('import-service');
    }
    await suite.waitUntilHealthy();
    expect(await s.until(created.id, ['failed', 'ready'], admin, 60_000)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^the analysis stopped 3 times without finishing, as the import service restarted while reading this file/),
    });
    // A file that ends in time leaves no count behind.
    const next = (await s.upload('customers.csv', customersCsv('lives')).expect(201)).body;
    expect(await s.until(next.id, ['ready', 'failed'], admin, 60_000)).toMatchObject({ status: 'ready' });
    expect(await unfinished(next.id)).toBe(0);
  }, 150_000);
});
