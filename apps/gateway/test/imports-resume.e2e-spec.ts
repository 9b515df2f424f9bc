import { type Actor, type TestSuite, waitFor } from '@intake/testing';
import { ImportSuite } from './import-suite';

const ROWS = 60_000;

function customersCsv(tag: string): Buffer {
  const lines = ['name,email,age'];
  for (let i = 0; i < ROWS; i++) lines.push(`Customer ${i},${tag}-${i}@bulk.test,${i % 90}`);
  return Buffer.from(lines.join('\n'));
}

/** A worker killed mid-job (a real process, SIGKILL) resumes at its checkpoint: every row once, none twice. */
describe('imports: crash, resume and cancel', () => {
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

  it('cancels a running job between batches, keeping what was written and reporting the rest', async () => {
    const id = await uploadAndStart('cancel');
    await waitFor(async () => ((await job(id)).progress.rows_processed ?? 0) >= 5000, 60_000, 20);
    await api().post(`/api/imports/${id}/cancel`).set(admin.auth).expect(201);
    await waitFor(async () => (await job(id)).status === 'cancelled', 60_000, 100);
    const done = await job(id);
    expect(done.progress.rows_processed).toBeLessThan(ROWS);
    expect((await count('cancel')).n).toBe(done.progress.inserted);
    expect(done.has_result).toBe(true);
    await api().post(`/api/imports/${id}/rollback`).set(admin.auth).expect(201);
    await waitFor(async () => (await job(id)).status === 'rolled_back', 60_000, 100);
    expect((await count('cancel')).n).toBe(0);
  });
});
