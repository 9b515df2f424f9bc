import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@intake/testing';
import type { CellValue } from '@intake/tabular';
import { reservedIdFor, type ReservedIds } from './reserved-ids';
import { workerIdOf } from './snowflake';
import { importRows } from './test-support/import-rows';
import { closeFixtureDatabase, openFixtureDatabase, type WriterStack } from './test-support/writer-fixture';
import type { WriteMode } from './writer-types';

const HEADERS = ['Name', 'Email', 'Age', 'Active', 'Signup date'];
const MAPPING = { 0: 'name', 1: 'email', 2: 'age', 3: 'active', 4: 'signupDate' };

describe('NocoBaseBatchWriter: every mode on customers (unique email)', () => {
  let db: TestDatabase;
  let stack: WriterStack;

  beforeAll(async () => ({ db, stack } = await openFixtureDatabase()));
  afterAll(() => closeFixtureDatabase(db, stack));

  async function job(rowCount = 50): Promise<{ jobId: string; ids: ReservedIds }> {
    const jobId = randomUUID();
    return { jobId, ids: await stack.reservations.reserve({ jobId, conn: stack.conn, description: await stack.describe('customers'), rowCount }) };
  }
  const run = (jobId: string, ids: ReservedIds | null, mode: WriteMode, rows: CellValue[][], keyFields: string[] = []) =>
    importRows(stack, { jobId, collection: 'customers', mapping: MAPPING, mode, keyFields, ids, sheet: { headers: HEADERS, rows } });
  const customer = async (email: string) => (await stack.sql.query(`SELECT id::text, name, age, active, "createdAt", "updatedAt", "createdById", "updatedById" FROM customers WHERE email = $1`, [email])).rows;
  const count = async () => Number((await stack.sql.query('SELECT count(*) FROM customers')).rows[0].count);

  it('insert: new rows get their reserved ids, audit columns and NocoBase-readable values; bad rows fail alone', async () => {
    const { jobId, ids } = await job();
    const before = await count();
    const outcomes = await run(jobId, ids, 'insert', [
      ['Dave', 'dave@example.com', '41', 'yes', '2024-02-03 10:00'],
      ['Bob 2', 'bob@', null, null, null],
      ['Alice again', 'alice@example.com', null, null, null],
      ['Eve', 'eve@example.com', 'abc', null, null],
      ['Eve', 'eve2@example.com', null, 'maybe', null],
      ['Eve', 'eve2@example.com', null, null, null],
    ]);
    expect(outcomes.map((o) => [o.rowNumber, o.status, o.error])).toEqual([
      [2, 'inserted', undefined],
      [3, 'failed', "row 3, column B 'Email': 'bob@' is not an email address"],
      [4, 'failed', "row 4: Email 'alice@example.com' already exists"],
      [5, 'failed', "row 5, column C 'Age': 'abc' is not a number"],
      [6, 'failed', expect.stringMatching(/^row 6, column D 'Active': 'maybe' is not a boolean/)],
      [7, 'inserted', undefined],
    ]);
    expect(await count()).toBe(before + 2);
    const [dave] = await customer('dave@example.com');
    expect(outcomes[0].recordId).toBe(dave.id);
    expect(dave).toMatchObject({ name: 'Dave', age: '41', active: true, createdById: '3', updatedById: '3' });
    expect(dave.createdAt).toEqual(dave.updatedAt);
    expect(Math.abs(dave.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(Number(dave.id)).toBeLessThan(2 ** 53);
    expect(workerIdOf(dave.id)).toBe(29);
    const signup = await stack.sql.query(`SELECT "signupDate" FROM customers WHERE email = 'dave@example.com'`);
    expect(signup.rows[0].signupDate.toISOString()).toBe('2024-02-03T10:00:00.000Z');
  });

  it('insert: a key field given in insert mode also refuses existing values', async () => {
    const { jobId, ids } = await job();
    const outcomes = await run(jobId, ids, 'insert', [['Bob', 'bob@example.com', null, null, null]], ['email']);
    expect(outcomes[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/^row 2: Email 'bob@example.com' already exists \(record \d+\)$/) });
  });

  it('upsert: updates by key (keeping createdAt/createdById), inserts the rest', async () => {
    const { jobId, ids } = await job();
    const [alice] = await customer('alice@example.com');
    const outcomes = await run(jobId, ids, 'upsert', [
      ['Alice Updated', 'alice@example.com', '32', 'no', null],
      ['Frank', 'frank@example.com', '50', 'true', null],
      ['Nobody', null, null, null, null],
    ], ['email']);
    expect(outcomes.map((o) => [o.status, o.error])).toEqual([
      ['updated', undefined],
      ['inserted', undefined],
      ['failed', 'row 4: Email is empty, but it is a key field'],
    ]);
    expect(outcomes[0].recordId).toBe(alice.id);
    const [updated] = await customer('alice@example.com');
    expect(updated).toMatchObject({ name: 'Alice Updated', age: '32', active: false, createdById: '1', updatedById: '3', createdAt: alice.createdAt });
    expect(updated.updatedAt.getTime()).toBeGreaterThan(alice.updatedAt.getTime());
  });

  it('update: only existing records by key; a missing key fails its row', async () => {
    const { jobId } = await job();
    const outcomes = await run(jobId, null, 'update', [
      ['Bob B.', 'bob@example.com', '46', 'false', null],
      ['Ghost', 'ghost@example.com', null, null, null],
    ], ['email']);
    expect(outcomes.map((o) => [o.status, o.error])).toEqual([
      ['updated', undefined],
      ['failed', "row 3: no record has Email 'ghost@example.com'"],
    ]);
    expect((await customer('ghost@example.com')).length).toBe(0);
    expect((await customer('bob@example.com'))[0]).toMatchObject({ name: 'Bob B.', age: '46' });
  });

  it('update and upsert: an empty cell keeps the field as it is under empty_cells keep, and empties it under clear', async () => {
    const seed = await job();
    await run(seed.jobId, seed.ids, 'insert', [['Kim', 'kim@example.com', '33', 'true', '2024-01-05 09:00']]);
    const keep = (mode: WriteMode, rows: CellValue[][], ids: ReservedIds | null) =>
      importRows(stack, { jobId: randomUUID(), collection: 'customers', mapping: MAPPING, mode, keyFields: ['email'], emptyCells: 'keep', ids, sheet: { headers: HEADERS, rows } });
    expect((await keep('update', [['Kim K.', 'kim@example.com', null, null, null]], null)).map((o) => o.status)).toEqual(['updated']);
    expect((await customer('kim@example.com'))[0]).toMatchObject({ name: 'Kim K.', age: '33', active: true });
    const upsert = await job();
    expect((await keep('upsert', [[null, 'kim@example.com', '34', null, null]], upsert.ids)).map((o) => o.status)).toEqual(['updated']);
    expect((await customer('kim@example.com'))[0]).toMatchObject({ name: 'Kim K.', age: '34', active: true });
    const cleared = await run(randomUUID(), null, 'update', [['Kim', 'kim@example.com', null, null, null]], ['email']);
    expect(cleared.map((o) => o.status)).toEqual(['updated']);
    expect((await customer('kim@example.com'))[0]).toMatchObject({ name: 'Kim', age: null, active: null });
  });

  it('update and upsert: a record that already holds the row\'s values is not written: unchanged, its audit kept, left by a rollback, and so again on a replay', async () => {
    const seed = await job();
    await run(seed.jobId, seed.ids, 'insert', [['Lee', 'lee@example.com', '40', 'true', '2024-01-05 09:00']]);
    const [before] = await customer('lee@example.com');
    // The same values as written another way: 040 is 40, yes is true.
    const same = [['Lee', 'lee@example.com', '040', 'yes', '2024-01-05 09:00']];
    const { jobId, ids } = await job();
    expect((await run(jobId, ids, 'upsert', same, ['email'])).map((o) => [o.status, o.recordId])).toEqual([['unchanged', before.id]]);
    expect((await customer('lee@example.com'))[0]).toEqual(before);
    // A replay of the batch decides the same.
    expect((await run(jobId, ids, 'upsert', same, ['email'])).map((o) => o.status)).toEqual(['unchanged']);
    // A later batch's row with the same key fails, as it would after an update: the first row has the record.
    const later = await importRows(stack, { jobId, batchNo: 2, collection: 'customers', mapping: MAPPING, mode: 'upsert', keyFields: ['email'], ids, sheet: { headers: HEADERS, rows: [['Lee Other', 'lee@example.com', '41', null, null]], firstRowNumber: 12, firstRowIndex: 10 } });
    expect(later.map((o) => [o.status, o.error])).toEqual([['failed', "row 12: row 2 of this import has the same Email 'lee@example.com'"]]);
    // Someone edits the record in NocoBase: rolling back the job that changed nothing leaves their edit.
    await stack.sql.query(`UPDATE customers SET name = 'Lee (NocoBase)' WHERE email = 'lee@example.com'`);
    expect(await stack.rollback.rollbackJob({ jobId, conn: stack.conn, describe: stack.describe, describeLinked: stack.describe })).toMatchObject({ restored: 0, deleted: 0 });
    expect((await customer('lee@example.com'))[0].name).toBe('Lee (NocoBase)');
    // One value differs: updated. Under keep an empty cell gives nothing, so it differs in nothing; under clear it empties a field.
    expect((await run(randomUUID(), null, 'update', [['Lee', 'lee@example.com', '40', 'true', '2024-01-05 09:00']], ['email'])).map((o) => o.status)).toEqual(['updated']);
    const keep = await importRows(stack, { jobId: randomUUID(), collection: 'customers', mapping: MAPPING, mode: 'update', keyFields: ['email'], emptyCells: 'keep', ids: null, sheet: { headers: HEADERS, rows: [[null, 'lee@example.com', null, null, null]] } });
    expect(keep.map((o) => o.status)).toEqual(['unchanged']);
    expect((await run(randomUUID(), null, 'update', [['Lee', 'lee@example.com', '40', 'true', null]], ['email'])).map((o) => o.status)).toEqual(['updated']);
    expect((await customer('lee@example.com'))[0]).toMatchObject({ name: 'Lee', age: '40', active: true });
    // Under a case-insensitive collation 'LEE' equals 'Lee', but it is still a change to write.
    await stack.sql.query(`CREATE COLLATION IF NOT EXISTS intake_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`);
    await stack.sql.query('ALTER TABLE customers ALTER COLUMN name TYPE varchar(255) COLLATE intake_ci');
    try {
      expect((await run(randomUUID(), null, 'update', [['LEE', 'lee@example.com', '40', 'true', null]], ['email'])).map((o) => o.status)).toEqual(['updated']);
      expect((await customer('lee@example.com'))[0].name).toBe('LEE');
    } finally {
      await stack.sql.query('ALTER TABLE customers ALTER COLUMN name TYPE varchar(255) COLLATE "default"');
    }
  });

  it('skip-existing: existing records are skipped untouched, new ones inserted, a repeated key skipped', async () => {
    const { jobId, ids } = await job();
    const [carol] = await customer('carol@example.com');
    const outcomes = await run(jobId, ids, 'skip-existing', [
      ['Carol X', 'carol@example.com', '99', null, null],
      ['Gina', 'gina@example.com', null, null, null],
      ['Gina again', 'gina@example.com', null, null, null],
    ], ['email']);
    expect(outcomes.map((o) => o.status)).toEqual(['skipped', 'inserted', 'skipped']);
    expect(outcomes[0].recordId).toBe(carol.id);
    expect(outcomes[2].recordId).toBe(outcomes[1].recordId);
    expect((await customer('carol@example.com'))[0]).toEqual(carol);
  });

  it('upsert: the same key twice in one job fails the later row, within a batch and across batches', async () => {
    const { jobId, ids } = await job();
    const first = await importRows(stack, { jobId, collection: 'customers', mapping: MAPPING, mode: 'upsert', keyFields: ['email'], ids, batchNo: 1,
      sheet: { headers: HEADERS, rows: [['Hal', 'hal@example.com', null, null, null], ['Hal 2', 'hal@example.com', null, null, null]] } });
    expect(first.map((o) => [o.status, o.error])).toEqual([['inserted', undefined], ['failed', "row 3: row 2 of this import has the same Email 'hal@example.com'"]]);
    const second = await importRows(stack, { jobId, collection: 'customers', mapping: MAPPING, mode: 'upsert', keyFields: ['email'], ids, batchNo: 2,
      sheet: { headers: HEADERS, rows: [['Hal 3', 'hal@example.com', null, null, null]], firstRowNumber: 4, firstRowIndex: 2 } });
    expect(second[0]).toMatchObject({ status: 'failed', error: "row 4: row 2 of this import already wrote the record with Email 'hal@example.com'" });
  });

  it('what PostgreSQL refuses that the checks could not see (a length not given, an expression index) fails only its row', async () => {
    const { jobId, ids } = await job();
    await stack.sql.query('CREATE UNIQUE INDEX customers_email_lower ON customers (lower(email))');
    try {
      const outcomes = await stack.writer.writeBatch({ jobId, batchNo: 1, conn: stack.conn, description: await stack.describe('customers'), ids, mode: 'insert', keyFields: [], emptyCells: 'clear', rows: [
        { rowNumber: 2, rowIndex: 0, values: { name: 'x'.repeat(300), email: 'long@example.com' } },
        { rowNumber: 3, rowIndex: 1, values: { name: 'Upper Alice', email: 'ALICE@example.com' } },
        { rowNumber: 4, rowIndex: 2, values: { name: 'Jay', email: 'jay@example.com' } },
      ] });
      expect(outcomes.map((o) => [o.status, o.error])).toEqual([
        ['failed', 'row 2: value too long for type character varying(255)'],
        ['failed', expect.stringMatching(/^row 3: duplicate key value violates unique constraint "customers_email_lower": Key \(lower\(email::text\)\)=\(alice@example.com\) already exists/)],
        ['inserted', undefined],
      ]);
      expect((await customer('jay@example.com')).length).toBe(1);
    } finally {
      await stack.sql.query('DROP INDEX customers_email_lower');
    }
  });

  it('a reserved id already taken by a record this job did not write fails the row instead of claiming it', async () => {
    const { jobId, ids } = await job();
    await stack.sql.query(`INSERT INTO customers (id, name, email) VALUES ($1, 'Intruder', 'intruder@example.com')`, [reservedIdFor(ids, 0)]);
    const outcomes = await run(jobId, ids, 'insert', [['Ivy', 'ivy@example.com', null, null, null]]);
    expect(outcomes[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('is already used by another record') });
    expect((await customer('ivy@example.com')).length).toBe(0);
  });
});
