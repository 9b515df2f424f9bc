import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@intake/testing';
import type { CellValue } from '@intake/tabular';
import type { ReservedIds } from './reserved-ids';
import { secondOf, snowflakeId } from './snowflake';
import { importRows } from './test-support/import-rows';
import { closeFixtureDatabase, openFixtureDatabase, type WriterStack } from './test-support/writer-fixture';

const HEADERS = ['Name', 'Email', 'Age'];
const MAPPING = { 0: 'name', 1: 'email', 2: 'age' };

describe('NocoBaseBatchWriter: replays, crashes and id reservations', () => {
  let db: TestDatabase;
  let stack: WriterStack;

  beforeAll(async () => ({ db, stack } = await openFixtureDatabase()));
  afterAll(() => closeFixtureDatabase(db, stack));
  afterEach(() => jest.restoreAllMocks());

  const reserve = async (jobId: string, rowCount = 10, conn = stack.conn) =>
    stack.reservations.reserve({ jobId, conn, description: await stack.describe('customers'), rowCount });
  const upsert = (jobId: string, ids: ReservedIds, rows: CellValue[][]) =>
    importRows(stack, { jobId, collection: 'customers', mapping: MAPPING, mode: 'upsert', keyFields: ['email'], ids, sheet: { headers: HEADERS, rows } });
  const count = async () => Number((await stack.sql.query('SELECT count(*) FROM customers')).rows[0].count);
  const ageOf = async (email: string) => (await stack.sql.query('SELECT age::int FROM customers WHERE email = $1', [email])).rows[0]?.age;
  const journal = async (jobId: string) =>
    (
      await stack.sql.query(
        `SELECT action, age, (SELECT count(*)::int FROM imports.job_change_batches b WHERE b.job_id = $1) AS batches FROM (
           SELECT row_index, action, before->>'age' AS age FROM imports.job_changes WHERE job_id = $1
           UNION ALL
           SELECT r.row_index, 'insert', NULL FROM imports.job_inserts j, unnest(j.row_indexes) r(row_index) WHERE j.job_id = $1) c
         ORDER BY row_index`,
        [jobId],
      )
    ).rows;

  it('a batch replayed after success writes nothing twice and answers the same', async () => {
    const jobId = randomUUID();
    const ids = await reserve(jobId);
    const rows = [['Kim', 'kim@example.com', '20'], ['Bob', 'bob@example.com', '60'], ['Kim twin', 'kim@example.com', '21']];
    const first = await upsert(jobId, ids, rows);
    const total = await count();
    const again = await upsert(jobId, ids, rows);
    expect(again).toEqual(first);
    expect(first.map((o) => o.status)).toEqual(['inserted', 'updated', 'failed']);
    expect(await count()).toBe(total);
    expect(await journal(jobId)).toEqual([{ action: 'insert', age: null, batches: 1 }, { action: 'update', age: '45', batches: 1 }]);
  });

  it('a crash after NocoBase committed but before the batch was marked: the replay finds its own rows and keeps the first before-image', async () => {
    const jobId = randomUUID();
    const ids = await reserve(jobId);
    const rows = [['Lea', 'lea@example.com', '30'], ['Carol', 'carol@example.com', '33']];
    jest.spyOn(stack.journal, 'markCommitted').mockRejectedValueOnce(new Error('process killed'));
    await expect(upsert(jobId, ids, rows)).rejects.toThrow('process killed');
    expect(await ageOf('lea@example.com')).toBe(30);
    expect(await journal(jobId)).toEqual([{ action: 'insert', age: null, batches: 0 }, { action: 'update', age: null, batches: 0 }]);
    const total = await count();
    const replay = await upsert(jobId, ids, rows);
    expect(replay.map((o) => o.status)).toEqual(['inserted', 'updated']);
    expect(await count()).toBe(total);
    // Carol's age was NULL before the job: the replay's before-image (age 33) must not replace it.
    expect(await journal(jobId)).toEqual([{ action: 'insert', age: null, batches: 1 }, { action: 'update', age: null, batches: 1 }]);
  });

  it('a crash after the journal write but before NocoBase committed: nothing is in NocoBase, the replay writes it once', async () => {
    const jobId = randomUUID();
    const ids = await reserve(jobId);
    const rows = [['Max', 'max@example.com', '40'], ['Alice', 'alice@example.com', '35']];
    const record = stack.journal.record.bind(stack.journal);
    jest.spyOn(stack.journal, 'record').mockImplementationOnce(async (...args) => {
      await record(...args);
      throw new Error('connection lost');
    });
    const total = await count();
    const aliceAge = await ageOf('alice@example.com');
    await expect(upsert(jobId, ids, rows)).rejects.toThrow('connection lost');
    expect(await count()).toBe(total);
    expect(await ageOf('alice@example.com')).toBe(aliceAge);
    const replay = await upsert(jobId, ids, rows);
    expect(replay.map((o) => o.status)).toEqual(['inserted', 'updated']);
    expect(await count()).toBe(total + 1);
    expect(await journal(jobId)).toEqual([{ action: 'insert', age: null, batches: 1 }, { action: 'update', age: String(aliceAge), batches: 1 }]);
  });

  it('two jobs reserving at once on one database get disjoint ranges, also through another target; a job keeps its range', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const other = { ...stack.conn, targetId: '00000000-0000-4000-8000-0000000000bb' };
    const [ra, rb, rc] = (await Promise.all([reserve(a, 200_000), reserve(b, 70_000), reserve(c, 1, other)])) as Extract<ReservedIds, { kind: 'snowflake' }>[];
    const spans = [ra, rb, rc].map((r) => [r.firstSecond, r.lastSecond]).sort((x, y) => x[0] - y[0]);
    expect(spans[1][0]).toBeGreaterThan(spans[0][1]);
    expect(spans[2][0]).toBeGreaterThan(spans[1][1]);
    expect(ra.lastSecond - ra.firstSecond + 1).toBe(4);
    expect(await reserve(a, 200_000)).toEqual(ra);
    await expect(reserve(a, 300_000)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('two jobs writing into one table at once both succeed, with their own ids', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const [ia, ib] = await Promise.all([reserve(a), reserve(b)]);
    const rows = (prefix: string) => Array.from({ length: 5 }, (_, i) => [`${prefix}${i}`, `${prefix}${i}@example.com`, String(i)]);
    const [oa, ob] = await Promise.all([upsert(a, ia, rows('ja')), upsert(b, ib, rows('jb'))]);
    const idsA = new Set(oa.map((o) => o.recordId));
    expect(oa.every((o) => o.status === 'inserted') && ob.every((o) => o.status === 'inserted')).toBe(true);
    expect(ob.some((o) => idsA.has(o.recordId))).toBe(false);
  });

  it('reports (without failing) a NocoBase process that makes ids with our worker id', async () => {
    const description = await stack.describe('customers');
    expect(await stack.workerIds.check(stack.conn, description)).toMatchObject({ workerId: 29, clashes: 0, warning: null });
    const own = (await stack.sql.query(`SELECT max(id)::text AS id FROM customers`)).rows[0].id as string;
    const foreign = snowflakeId(secondOf(own) - 3600, 29, 7);
    await stack.sql.query(`INSERT INTO customers (id, name) VALUES ($1, 'Made by a NocoBase with worker 29')`, [foreign]);
    const report = await stack.workerIds.check(stack.conn, description);
    expect(report).toMatchObject({ workerId: 29, clashes: 1, warning: expect.stringContaining('worker id 29') });
    expect((await stack.workerIds.check({ ...stack.conn, snowflake_worker_id: 30 }, description)).clashes).toBe(0);
  });
});
