import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@intake/testing';
import type { CellValue } from '@intake/tabular';
import { importRows } from './test-support/import-rows';
import { closeFixtureDatabase, dumpTable, openFixtureDatabase, type WriterStack } from './test-support/writer-fixture';
import type { ReservedIds } from './reserved-ids';
import type { WriteMode } from './writer-types';

const HEADERS = ['Name', 'Email', 'Age'];
const MAPPING = { 0: 'name', 1: 'email', 2: 'age' };

describe('insert journal: one row per batch, found again by id, undone batch by batch', () => {
  let db: TestDatabase;
  let stack: WriterStack;

  beforeAll(async () => ({ db, stack } = await openFixtureDatabase()));
  afterAll(() => closeFixtureDatabase(db, stack));

  const reserve = async (jobId: string, rowCount: number) => stack.reservations.reserve({ jobId, conn: stack.conn, description: await stack.describe('customers'), rowCount });
  const batch = (jobId: string, ids: ReservedIds, mode: WriteMode, batchNo: number, firstRowIndex: number, rows: CellValue[][]) =>
    importRows(stack, { jobId, collection: 'customers', mapping: MAPPING, mode, keyFields: mode === 'insert' ? [] : ['email'], ids, batchNo, sheet: { headers: HEADERS, rows, firstRowIndex, firstRowNumber: 2 + firstRowIndex } });
  const journalRows = async (jobId: string) =>
    (await stack.sql.query('SELECT batch_no, cardinality(record_ids) AS n, row_numbers FROM imports.job_inserts WHERE job_id = $1 ORDER BY batch_no', [jobId])).rows;
  const changeRows = async (jobId: string) => Number((await stack.sql.query('SELECT count(*) FROM imports.job_changes WHERE job_id = $1', [jobId])).rows[0].count);
  const rollback = (jobId: string) => stack.rollback.rollbackJob({ jobId, conn: stack.conn, describe: stack.describe, describeLinked: stack.describe });

  it('journals each batch in one row, recognises a record an earlier batch inserted, and rollback deletes every one', async () => {
    const before = await dumpTable(stack.sql, 'customers');
    const jobId = randomUUID();
    const ids = await reserve(jobId, 7);
    const first = await batch(jobId, ids, 'upsert', 1, 0, [['Zed', 'zed@example.com', '40'], ['Yan', 'yan@example.com', '41'], ['Xia', 'xia@example.com', '42']]);
    const second = await batch(jobId, ids, 'upsert', 2, 3, [['Wim', 'wim@example.com', '43'], ['Zed again', 'zed@example.com', '44']]);
    const third = await batch(jobId, ids, 'upsert', 3, 5, [['Vic', 'vic@example.com', '45'], ['Uma', 'uma@example.com', '46']]);
    expect([...first, ...second, ...third].map((o) => o.status)).toEqual(['inserted', 'inserted', 'inserted', 'inserted', 'failed', 'inserted', 'inserted']);
    expect(second[1].error).toBe("row 6: row 2 of this import already wrote the record with Email 'zed@example.com'");
    expect(await journalRows(jobId)).toEqual([
      { batch_no: 1, n: 3, row_numbers: [2, 3, 4] },
      { batch_no: 2, n: 1, row_numbers: [5] },
      { batch_no: 3, n: 2, row_numbers: [7, 8] },
    ]);
    expect(await changeRows(jobId)).toBe(0);

    expect(await rollback(jobId)).toEqual({ deleted: 6, restored: 0, missing: 0, warnings: [] });
    expect(await dumpTable(stack.sql, 'customers')).toEqual(before);
    expect(await rollback(jobId)).toEqual({ deleted: 0, restored: 0, missing: 0, warnings: [] });
  });

  it('a replayed batch that now inserts a row the first attempt failed adds it to the batch row, and rollback deletes it too', async () => {
    const before = await dumpTable(stack.sql, 'customers');
    const holder = randomUUID();
    const holderIds = await reserve(holder, 1);
    expect((await batch(holder, holderIds, 'insert', 1, 0, [['Holder', 'taken@example.com', '50']]))[0].status).toBe('inserted');

    const jobId = randomUUID();
    const ids = await reserve(jobId, 2);
    const rows = [['Tia', 'tia@example.com', '30'], ['Taker', 'taken@example.com', '31']];
    expect((await batch(jobId, ids, 'insert', 1, 0, rows)).map((o) => o.status)).toEqual(['inserted', 'failed']);
    await rollback(holder); // the e-mail is free now: the same batch, replayed, writes its second row
    expect((await batch(jobId, ids, 'insert', 1, 0, rows)).map((o) => o.status)).toEqual(['inserted', 'inserted']);
    expect(await journalRows(jobId)).toEqual([{ batch_no: 1, n: 2, row_numbers: [2, 3] }]);

    expect((await rollback(jobId)).deleted).toBe(2);
    expect(await dumpTable(stack.sql, 'customers')).toEqual(before);
  });

  it('rollback pages through more batches than it reads at once', async () => {
    const before = await dumpTable(stack.sql, 'customers');
    const jobId = randomUUID();
    const ids = await reserve(jobId, 25);
    for (let i = 0; i < 25; i++) expect((await batch(jobId, ids, 'insert', i + 1, i, [[`Page ${i}`, `page${i}@example.com`, '20']]))[0].status).toBe('inserted');
    expect((await rollback(jobId)).deleted).toBe(25);
    expect(await dumpTable(stack.sql, 'customers')).toEqual(before);
  });
});
