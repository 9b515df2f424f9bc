import { type Actor, Actors, type TestDatabase, TestSuite, waitFor } from '@intake/testing';
import { Client } from 'pg';
import request from 'supertest';
import { createNocoBaseDatabase } from './nocobase-fixture';

const ROWS = 60_000;

function customersCsv(tag: string): Buffer {
  const lines = ['name,email,age'];
  for (let i = 0; i < ROWS; i++) lines.push(`Customer ${i},${tag}-${i}@bulk.test,${i % 90}`);
  return Buffer.from(lines.join('\n'));
}

/** A worker killed mid-job (a real process, SIGKILL) resumes at its checkpoint: every row once, none twice. */
describe('imports: crash, resume and cancel', () => {
  let suite: TestSuite;
  let nocobase: TestDatabase;
  let admin: Actor;
  let targetId: string;

  beforeAll(async () => {
    [suite, nocobase] = await Promise.all([TestSuite.start({ env: { IMPORT_WORKER_ACK_WAIT_SECONDS: '3' } }), createNocoBaseDatabase()]);
    admin = await new Actors(suite).admin();
    const target = await request(suite.url)
      .post('/api/import-targets')
      .set(admin.auth)
      .send({ kind: 'nocobase', name: 'Fixture', settings: { host: '127.0.0.1', port: 5432, database: nocobase.name, user: 'postgres' } })
      .expect(201);
    targetId = target.body.id;
  });
  afterAll(async () => {
    await suite?.stop();
    await nocobase?.drop();
  });

  const api = () => request(suite.url);
  const job = async (id: string) => (await api().get(`/api/imports/${id}`).set(admin.auth).expect(200)).body;
  const count = async (tag: string) => {
    const client = new Client({ connectionString: nocobase.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM customers WHERE email LIKE $1`, [`${tag}-%`]);
      return rows[0] as { n: number; ids: number };
    } finally {
      await client.end();
    }
  };
  const uploadAndStart = async (tag: string) => {
    const created = (await api().post('/api/imports').set(admin.auth).field('target_id', targetId).attach('file', customersCsv(tag), 'customers.csv').expect(201)).body;
    await waitFor(async () => (await job(created.id)).status === 'ready', 30_000);
    await api().post(`/api/imports/${created.id}/start`).set(admin.auth).expect(201);
    return created.id as string;
  };

  it('resumes after the worker is killed mid-job, without duplicates', async () => {
    const id = await uploadAndStart('resume');
    let seen = { status: '', progress: { rows_processed: 0 } };
    await waitFor(async () => (seen = await job(id)).progress.rows_processed >= 5000, 60_000, 20);
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
    await waitFor(async () => (await job(id)).progress.rows_processed >= 5000, 60_000, 20);
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
