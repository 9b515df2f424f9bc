import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@intake/testing';
import { collection, field } from './test-support/descriptions';
import { importRows } from './test-support/import-rows';
import { closeFixtureDatabase, openFixtureDatabase, type WriterStack } from './test-support/writer-fixture';

const [WEBSITE_DOWN, CHECK_DNS, RENEW_CERT, PRINTER_JAM] = ['399760437608465', '399760437608466', '399760437608468', '399760437608469'];

describe('NocoBaseBatchWriter: belongsTo relations, Employees, trees and sort scopes', () => {
  let db: TestDatabase;
  let stack: WriterStack;

  beforeAll(async () => {
    ({ db, stack } = await openFixtureDatabase());
    // Two customers share a name, to make "by name" ambiguous.
    await stack.sql.query(`INSERT INTO customers (id, name, email) VALUES (1001, 'Twin', 'twin1@example.com'), (1002, 'Twin', 'twin2@example.com')`);
  });
  afterAll(() => closeFixtureDatabase(db, stack));

  const reserve = async (collection: string) => {
    const jobId = randomUUID();
    return { jobId, ids: await stack.reservations.reserve({ jobId, conn: stack.conn, description: await stack.describe(collection), rowCount: 20 }) };
  };

  it('orders: a customer cell resolves by the title field (email) or the id; unknown values fail naming them', async () => {
    const { jobId, ids } = await reserve('orders');
    const outcomes = await importRows(stack, { jobId, collection: 'orders', mapping: { 0: 'customer', 1: 'amount', 2: 'status' }, mode: 'insert', ids,
      sheet: { headers: ['Customer', 'Amount', 'Status'], rows: [['alice@example.com', '10.5', 'Paid'], ['399760437608448', '7', 'pending'], ['nobody@example.com', '1', 'paid'], [null, '2', 'Cancelled']] } });
    expect(outcomes.map((o) => [o.status, o.error])).toEqual([
      ['inserted', undefined],
      ['inserted', undefined],
      ['failed', "row 4, column A 'Customer': no Customers record has Email or ID 'nobody@example.com'"],
      ['inserted', undefined],
    ]);
    const rows = await stack.sql.query(`SELECT "customerId"::text, amount, status FROM orders WHERE id = ANY($1::bigint[]) ORDER BY id`, [outcomes.filter((o) => o.recordId).map((o) => o.recordId)]);
    expect(rows.rows).toEqual([
      { customerId: '399759541403648', amount: 10.5, status: 'paid' },
      { customerId: '399760437608448', amount: 7, status: 'pending' },
      { customerId: null, amount: 2, status: 'cancelled' },
    ]);
  });

  it('orders: `customer.name` matches by name; a name two customers share fails the row', async () => {
    const { jobId, ids } = await reserve('orders');
    const outcomes = await importRows(stack, { jobId, collection: 'orders', mapping: { 0: 'customer.name', 1: 'amount' }, mode: 'insert', ids,
      sheet: { headers: ['Customer', 'Amount'], rows: [['Bob', '3'], ['Twin', '4']] } });
    expect(outcomes[0].status).toBe('inserted');
    expect(outcomes[1].error).toBe("row 3, column A 'Customer': 2 Customers records have Name 'Twin': map the column to a field that identifies one record");
    const order = await stack.sql.query(`SELECT "customerId"::text FROM orders WHERE id = $1`, [outcomes[0].recordId]);
    expect(order.rows[0].customerId).toBe('399760437608448');
  });

  it('Employees (t_p3txouos661): f_xxx fields by their titles, department by name, manager by email (self relation)', async () => {
    const { jobId, ids } = await reserve('t_p3txouos661');
    const headers = ['Full name', 'Email', 'Hired at', 'Salary', 'Department', 'Manager'];
    const mapping = { 0: 'f_acdt3u3eed3', 1: 'f_oohdks4lfem', 2: 'f_72rvm72jkl7', 3: 'f_6okpvxsq5m9', 4: 'f_gr5de6z4rne', 5: 'f_gjyq3tdgpaj' };
    const outcomes = await importRows(stack, { jobId, collection: 't_p3txouos661', mapping, mode: 'upsert', keyFields: ['f_oohdks4lfem'], ids, sheet: { headers, rows: [
      ['Ida New', 'ida@example.com', '2024-05-01 09:00', '80000', 'Sales', 'gus@example.com'],
      ['Fay Dev', 'fay@example.com', null, '99000', 'Engineering', 'dana@example.com'],
      [null, 'nameless@example.com', null, null, 'Marketing', null],
    ] } });
    expect(outcomes.map((o) => o.status)).toEqual(['inserted', 'updated', 'failed']);
    expect(outcomes[2].error).toBe("row 4, column A 'Full name': a value is required");
    const rows = await stack.sql.query(
      `SELECT f_acdt3u3eed3 AS name, f_72rvm72jkl7 AS hired, f_6okpvxsq5m9::int AS salary, f_h776pz84nwr::text AS dept, f_p12448dtgk1::text AS manager
         FROM t_p3txouos661 WHERE f_oohdks4lfem IN ('ida@example.com', 'fay@example.com') ORDER BY f_oohdks4lfem`,
    );
    expect(rows.rows).toEqual([
      { name: 'Fay Dev', hired: null, salary: 99000, dept: '399760437608450', manager: '399760437608460' },
      { name: 'Ida New', hired: new Date('2024-05-01T09:00:00Z'), salary: 80000, dept: '399760437608451', manager: '399760437608463' },
    ]);
    const unknownDept = await importRows(stack, { jobId, collection: 't_p3txouos661', mapping, mode: 'insert', ids, batchNo: 2,
      sheet: { headers, rows: [['Jo', 'jo@example.com', null, null, 'Marketing', null]], firstRowIndex: 5 } });
    expect(unknownDept[0].error).toBe("row 2, column E 'Department': no Departments record has Name or ID 'Marketing'");
  });

  it('tickets: new nodes get path rows and the next sort value of their scope (a root takes the max of the whole table)', async () => {
    const { jobId, ids } = await reserve('tickets');
    const outcomes = await importRows(stack, { jobId, collection: 'tickets', mapping: { 0: 'title', 1: 'status', 2: 'parent' }, mode: 'insert', ids,
      sheet: { headers: ['Title', 'Status', 'Parent'], rows: [['Network down', 'Open', null], ['Switch dead', 'in_progress', WEBSITE_DOWN], ['Cable cut', 'Open', WEBSITE_DOWN], ['Orphan', 'open', '42']] } });
    expect(outcomes.map((o) => o.status)).toEqual(['inserted', 'inserted', 'inserted', 'failed']);
    expect(outcomes[3].error).toBe("row 5, column C 'Parent': no Tickets record has ID '42'");
    const [root, child, second] = outcomes.map((o) => o.recordId as string);
    const rows = await stack.sql.query(
      `SELECT t.id::text, t."parentId"::text AS parent, t.sort::int, t.status, p.path, p."rootPk"::text AS root
         FROM tickets t JOIN main_tickets_path p ON p."nodePk" = t.id WHERE t.id = ANY($1::bigint[]) ORDER BY t.sort`,
      [[root, child, second]],
    );
    expect(rows.rows).toEqual([
      { id: child, parent: WEBSITE_DOWN, sort: 3, status: 'in_progress', path: `/${WEBSITE_DOWN}/${child}`, root: WEBSITE_DOWN },
      { id: root, parent: null, sort: 4, status: 'open', path: `/${root}`, root },
      { id: second, parent: WEBSITE_DOWN, sort: 4, status: 'open', path: `/${WEBSITE_DOWN}/${second}`, root: WEBSITE_DOWN },
    ]);
  });

  it('tickets: moving a node rewrites its subtree paths and gives it the next sort of its new scope; a cycle fails the row', async () => {
    const { jobId } = await reserve('tickets');
    const outcomes = await importRows(stack, { jobId, collection: 'tickets', mapping: { 0: 'id', 1: 'parent' }, mode: 'update', keyFields: ['id'], ids: null,
      sheet: { headers: ['ID', 'Parent'], rows: [[CHECK_DNS, PRINTER_JAM], [WEBSITE_DOWN, RENEW_CERT]] } });
    expect(outcomes.map((o) => [o.status, o.error])).toEqual([
      ['updated', undefined],
      ['failed', 'row 3: the new parent is this record itself or one of its descendants'],
    ]);
    const paths = await stack.sql.query(`SELECT "nodePk"::text AS node, path, "rootPk"::text AS root FROM main_tickets_path WHERE "nodePk" = ANY($1::bigint[]) ORDER BY path`, [[CHECK_DNS, RENEW_CERT, WEBSITE_DOWN]]);
    expect(paths.rows).toEqual([
      { node: WEBSITE_DOWN, path: `/${WEBSITE_DOWN}`, root: WEBSITE_DOWN },
      { node: CHECK_DNS, path: `/${PRINTER_JAM}/${CHECK_DNS}`, root: PRINTER_JAM },
      { node: RENEW_CERT, path: `/${PRINTER_JAM}/${CHECK_DNS}/${RENEW_CERT}`, root: PRINTER_JAM },
    ]);
    const moved = await stack.sql.query(`SELECT sort::int, "parentId"::text AS parent FROM tickets WHERE id = $1`, [CHECK_DNS]);
    expect(moved.rows[0]).toEqual({ sort: 1, parent: PRINTER_JAM });
  });
  it('a relation to a collection without a primary key (linked by its code) resolves by the title field', async () => {
    await stack.sql.query(`CREATE TABLE intake_depts (code varchar(20) UNIQUE, name varchar(50)); INSERT INTO intake_depts VALUES ('S', 'Sales'), ('M', 'Marketing')`);
    const depts = collection('intake_depts', [], { fields: [field('code', { unique: true }), field('name')], title_field: 'name', primary_key: { kind: 'none', field: null, columns: [], sequence: null } });
    const dept = field('dept', {
      interface: 'm2o', type: 'belongsTo', column: 'deptCode',
      relation: { type: 'belongsTo', target: 'intake_depts', foreign_key: 'deptCode', foreign_key_column: 'deptCode', target_key: 'code', source_key: null, through: null, other_key: null, other_key_column: null, on_delete: null },
    });
    const refs = (text: string, rowNumber: number) => ({ rowNumber, rowIndex: rowNumber - 2, values: {}, refs: [{ field: 'dept', column: 0, text, where: `row ${rowNumber}` }] });
    const resolved = await stack.relations.resolve(stack.conn, [{ field: dept, matchBy: null, target: depts }], [refs('Sales', 2), refs('Sale', 3)]);
    expect(resolved.rows.map((r) => r.values)).toEqual([{ dept: 'S' }]);
    expect(resolved.failed.map((f) => f.errors[0].message)).toEqual([expect.stringMatching(/^row 3: no Intake_depts record has .*'Sale'/)]);
  });
});
