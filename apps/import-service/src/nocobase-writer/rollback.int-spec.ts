import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@intake/testing';
import type { CellValue } from '@intake/tabular';
import { importRows } from './test-support/import-rows';
import { closeFixtureDatabase, dumpTable, openFixtureDatabase, type WriterStack } from './test-support/writer-fixture';
import type { ColumnMapping, WriteMode } from './writer-types';

const [WEBSITE_DOWN, CHECK_DNS, PRINTER_JAM] = ['399760437608465', '399760437608466', '399760437608469'];
const TABLES = ['customers', 'products', 'tickets', 'main_tickets_path', 'legacy_items', 't_w9ecfhg4a1v'];
const ORDER_BY: Record<string, string> = { main_tickets_path: '"nodePk"', t_w9ecfhg4a1v: 'f_lk5x86e826m, f_35ayi2sr426' };

describe('JobRollback: undoes jobs exactly', () => {
  let db: TestDatabase;
  let stack: WriterStack;

  beforeAll(async () => ({ db, stack } = await openFixtureDatabase()));
  afterAll(() => closeFixtureDatabase(db, stack));
  afterEach(() => jest.restoreAllMocks());

  const dump = async () => {
    const tables: Record<string, string[]> = {};
    for (const t of TABLES) tables[t] = await dumpTable(stack.sql, t, ORDER_BY[t]);
    return tables;
  };
  const rollback = (jobId: string) => stack.rollback.rollbackJob({ jobId, conn: stack.conn, describe: stack.describe, describeLinked: stack.describe });

  async function runJob(collection: string, mode: WriteMode, mapping: ColumnMapping, headers: string[], batches: CellValue[][][], keyFields: string[] = []) {
    const jobId = randomUUID();
    const rowCount = batches.flat().length;
    const ids = mode === 'update' ? null : await stack.reservations.reserve({ jobId, conn: stack.conn, description: await stack.describe(collection), rowCount });
    let firstRowIndex = 0;
    const outcomes = [];
    for (const [i, rows] of batches.entries()) {
      outcomes.push(...(await importRows(stack, { jobId, collection, mapping, mode, keyFields, ids, batchNo: i + 1, sheet: { headers, rows, firstRowIndex, firstRowNumber: 2 + firstRowIndex } })));
      firstRowIndex += rows.length;
    }
    return { jobId, outcomes };
  }

  it('restores customers, products, tickets (paths, sorts), legacy_items and link rows to the exact state before the jobs', async () => {
    const before = await dump();
    const customers = await runJob('customers', 'upsert', { 0: 'name', 1: 'email', 2: 'age', 3: 'signupDate' }, ['Name', 'Email', 'Age', 'Signup date'], [
      [['Alice A.', 'alice@example.com', '32', '2020-01-01'], ['Nina', 'nina@example.com', '28', null]],
      [['Bob B.', 'bob@example.com', null, null], ['Alice again', 'alice@example.com', '99', null], ['Omar', 'omar@example.com', '51', null]],
    ], ['email']);
    expect(customers.outcomes.map((o) => o.status)).toEqual(['updated', 'inserted', 'updated', 'failed', 'inserted']);
    const products = await runJob('products', 'upsert', { 0: 'name', 1: 'sku', 2: 'price', 3: 'tags', 4: 'discount' }, ['Name', 'SKU', 'Price', 'Tags', 'Discount'], [
      [['Backup Suite 2', 'SW-BK', '249.99', 'eco', '10%'], ['Switch 24p', 'HW-SW24', '310', 'new, sale', null]],
    ], ['sku']);
    const moves = await runJob('tickets', 'update', { 0: 'id', 1: 'parent', 2: 'title' }, ['ID', 'Parent', 'Title'], [[[CHECK_DNS, PRINTER_JAM, 'Check DNS (moved)']]], ['id']);
    const newTickets = await runJob('tickets', 'insert', { 0: 'title', 1: 'parent' }, ['Title', 'Parent'], [[['Flush cache', CHECK_DNS], ['Call ISP', WEBSITE_DOWN], ['New root', null]]]);
    const legacy = await runJob('legacy_items', 'upsert', { 0: 'code', 1: 'quantity' }, ['Code', 'Quantity'], [[['L-002', '7'], ['L-900', '1']]], ['code']);
    for (const job of [products, moves, newTickets, legacy]) expect(job.outcomes.every((o) => o.status !== 'failed')).toBe(true);

    // NocoBase users work with the new records meanwhile: an order for Nina, linked to the new switch.
    const nina = customers.outcomes[1].recordId;
    const order = await stack.sql.query(`INSERT INTO orders (id, amount, "customerId") VALUES (5001, 1, $1) RETURNING id`, [nina]);
    await stack.sql.query(`INSERT INTO t_w9ecfhg4a1v ("createdAt", "updatedAt", f_lk5x86e826m, f_35ayi2sr426) VALUES (now(), now(), 5001, $1)`, [products.outcomes[1].recordId]);
    expect(await dump()).not.toEqual(before);

    const results = [];
    for (const job of [legacy, newTickets, moves, products, customers]) results.push(await rollback(job.jobId));
    expect(results.map((r) => [r.deleted, r.restored, r.missing])).toEqual([[1, 1, 0], [3, 0, 0], [0, 1, 0], [1, 1, 0], [2, 2, 0]]);
    expect(results.flatMap((r) => r.warnings)).toEqual([]);
    expect(await dump()).toEqual(before);
    const orphan = await stack.sql.query(`SELECT "customerId" FROM orders WHERE id = $1`, [order.rows[0].id]);
    expect(orphan.rows[0].customerId).toBeNull();

    // Idempotent: nothing left to undo.
    expect(await rollback(customers.jobId)).toEqual({ deleted: 0, restored: 0, missing: 0, warnings: [] });
    expect(await dump()).toEqual(before);
  });

  it('a crash after NocoBase committed the rollback: the repeat deletes nothing twice and leaves the same state', async () => {
    const before = await dump();
    const job = await runJob('customers', 'upsert', { 0: 'name', 1: 'email' }, ['Name', 'Email'], [[['Carol C.', 'carol@example.com'], ['Pia', 'pia@example.com']]], ['email']);
    jest.spyOn(stack.journal, 'markRolledBack').mockRejectedValueOnce(new Error('process killed'));
    await expect(rollback(job.jobId)).rejects.toThrow('process killed');
    expect(await dump()).toEqual(before);
    expect(await rollback(job.jobId)).toEqual({ deleted: 0, restored: 1, missing: 0, warnings: [] });
    expect(await dump()).toEqual(before);
  });

  it('a record changed after the job (in NocoBase, or by a later import) keeps that change, and the rollback says so', async () => {
    const first = await runJob('customers', 'update', { 0: 'email', 1: 'age' }, ['Email', 'Age'], [[['alice@example.com', '40'], ['bob@example.com', '41']]], ['email']);
    const later = await runJob('customers', 'update', { 0: 'email', 1: 'age' }, ['Email', 'Age'], [[['alice@example.com', '50']]], ['email']);
    expect([...first.outcomes, ...later.outcomes].map((o) => o.status)).toEqual(['updated', 'updated', 'updated']);
    const age = async (email: string) => (await stack.sql.query(`SELECT age::int FROM customers WHERE email = $1`, [email])).rows[0].age;
    // Rolled back out of order: Alice's record is the later job's now, and keeps its 50; Bob's goes back.
    const bobBefore = (await stack.sql.query(`SELECT age::int FROM customers c WHERE email = 'bob@example.com'`)).rows[0].age;
    const out = await rollback(first.jobId);
    expect(out).toMatchObject({ restored: 1, missing: 0, warnings: ['1 updated Customers record(s) were changed after the import (in NocoBase, or by a later import) and keep those changes'] });
    expect(await age('alice@example.com')).toBe(50);
    expect(await age('bob@example.com')).not.toBe(41);
    expect(bobBefore).toBe(41);
    // The later job goes back to what it found: the first job's 40.
    expect(await rollback(later.jobId)).toMatchObject({ restored: 1, warnings: [] });
    expect(await age('alice@example.com')).toBe(40);

    // An edit in NocoBase after a job: its rollback leaves the record as edited.
    const edited = await runJob('customers', 'update', { 0: 'email', 1: 'age' }, ['Email', 'Age'], [[['bob@example.com', '60']]], ['email']);
    await stack.sql.query(`UPDATE customers SET age = 61, "updatedAt" = now() WHERE email = 'bob@example.com'`);
    expect(await rollback(edited.jobId)).toMatchObject({ restored: 0, missing: 0, warnings: [expect.stringMatching(/^1 updated Customers record\(s\) were changed after the import/)] });
    expect(await age('bob@example.com')).toBe(61);
  });

  it('a record the job inserted and someone changed since is kept with the change, and the rollback says so', async () => {
    const job = await runJob('customers', 'insert', { 0: 'name', 1: 'email' }, ['Name', 'Email'], [[['Rita', 'rita.kept@example.com'], ['Sara', 'sara.gone@example.com']]]);
    expect(job.outcomes.map((o) => o.status)).toEqual(['inserted', 'inserted']);
    // Edited in NocoBase after the import: NocoBase moves updatedAt on.
    await stack.sql.query(`UPDATE customers SET name = 'Rita (edited)', "updatedAt" = now() + interval '1 second' WHERE email = 'rita.kept@example.com'`);
    expect(await rollback(job.jobId)).toMatchObject({ deleted: 1, warnings: ['1 inserted Customers record(s) were changed after the import (in NocoBase, or by a later import) and are kept'] });
    const left = await stack.sql.query(`SELECT name FROM customers WHERE email IN ('rita.kept@example.com', 'sara.gone@example.com')`);
    expect(left.rows).toEqual([{ name: 'Rita (edited)' }]);
    // A repeat finds nothing left to do.
    expect(await rollback(job.jobId)).toMatchObject({ deleted: 0, warnings: [] });
  });

  it('a batch that never committed changed nothing: its journaled records are left as they are, edits since included', async () => {
    const jobId = randomUUID();
    // The NocoBase transaction fails after the journal took the batch's before-images.
    jest.spyOn(stack.inserts, 'record').mockRejectedValueOnce(new Error('connection ended'));
    await expect(importRows(stack, { jobId, collection: 'customers', mapping: { 0: 'email', 1: 'age' }, mode: 'update', keyFields: ['email'], ids: null, sheet: { headers: ['Email', 'Age'], rows: [['carol@example.com', '70']] } })).rejects.toThrow();
    await stack.sql.query(`UPDATE customers SET age = 77, "updatedAt" = now() WHERE email = 'carol@example.com'`);
    expect(await rollback(jobId)).toEqual({ deleted: 0, restored: 0, missing: 0, warnings: [] });
    expect((await stack.sql.query(`SELECT age::int FROM customers WHERE email = 'carol@example.com'`)).rows[0].age).toBe(77);
  });

  it('a record any attempt of its batch wrote is restored: a replay that left it as an earlier attempt wrote it does not make it look changed', async () => {
    const job = await runJob('customers', 'update', { 0: 'email', 1: 'age' }, ['Email', 'Age'], [[['carol@example.com', '71']]], ['email']);
    // A replay of the batch wrote at another time, and did not write this record again.
    await stack.journal.recordWriteTime(job.jobId, 'customers', 1, new Date(Date.now() + 60_000).toISOString());
    expect(await rollback(job.jobId)).toMatchObject({ restored: 1, warnings: [] });
    expect((await stack.sql.query(`SELECT age::int FROM customers WHERE email = 'carol@example.com'`)).rows[0].age).toBe(77);
  });

  it('a record the job updated and someone deleted since is counted missing, not recreated', async () => {
    const job = await runJob('customers', 'update', { 0: 'email', 1: 'age' }, ['Email', 'Age'], [[['carol@example.com', '70']]], ['email']);
    await stack.sql.query(`DELETE FROM customers WHERE email = 'carol@example.com'`);
    expect(await rollback(job.jobId)).toEqual({ deleted: 0, restored: 0, missing: 1, warnings: [] });
    expect((await stack.sql.query(`SELECT count(*)::int AS n FROM customers WHERE email = 'carol@example.com'`)).rows[0].n).toBe(0);
  });

  it('a column the job changed and someone renamed since: the rest is restored and a warning names the column', async () => {
    const job = await runJob('customers', 'update', { 0: 'email', 1: 'name', 2: 'age' }, ['Email', 'Name', 'Age'], [[['bob@example.com', 'Robert', '46']]], ['email']);
    expect(job.outcomes.map((o) => o.status)).toEqual(['updated']);
    await stack.sql.query('ALTER TABLE customers RENAME COLUMN age TO years');
    try {
      expect(await rollback(job.jobId)).toEqual({
        deleted: 0, restored: 1, missing: 0,
        warnings: ["1 updated Customers records kept their values in 'age': the column no longer exists"],
      });
      expect((await stack.sql.query(`SELECT name, years FROM customers WHERE email = 'bob@example.com'`)).rows).toEqual([{ name: 'Bob', years: '46' }]);
    } finally {
      await stack.sql.query('ALTER TABLE customers RENAME COLUMN years TO age');
    }
  });
});
