import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ImportMode } from '@intake/contracts';
import { type CellValue, columnLetter, openTable } from '@intake/tabular';
import type { TestDatabase } from '@intake/testing';
import { modeInserts } from '../nocobase-writer/writer-types';
import { RowConverter } from '../nocobase-writer/row-converter';
import { importRows } from '../nocobase-writer/test-support/import-rows';
import { closeFixtureDatabase, openFixtureDatabase, type WriterStack } from '../nocobase-writer/test-support/writer-fixture';
import { EarlierRecords } from './earlier-records';
import { withIndexProbes } from './index-probes';
import { recordChanges } from './key-changes';
import { existingKeys, KeyMatchCheck } from './key-matches';
import { analyseSheet } from './sheet-analysis';
import { EMPLOYEES, STAFF_MAPPING } from './test-support/staff-sheet';

interface Sheet {
  collection: string;
  mapping: Record<number, string>;
  headers: string[];
  rows: (string | null)[][];
  mode: ImportMode;
  keyFields: string[];
  emptyCells: 'keep' | 'clear';
}

describe('preview: what the rows an update or upsert finds would change in their records', () => {
  let db: TestDatabase;
  let stack: WriterStack;

  beforeAll(async () => {
    ({ db, stack } = await openFixtureDatabase());
  });
  afterAll(() => closeFixtureDatabase(db, stack));

  /** The sheet's key_matches as JobAnalyser wires the check (relations looked up, records an earlier row adds known). */
  async function preview(sheet: Sheet) {
    const description = await stack.describe(sheet.collection);
    const csv = [sheet.headers, ...sheet.rows].map((r) => r.map((v) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`)).join(',')).join('\n');
    const table = await (await openTable(async () => Readable.from([Buffer.from(csv)]), { name: 'sheet' })).read();
    const converter = new RowConverter(description, sheet.mapping, { columns: table.columns });
    const related = description.fields.filter((f) => f.relation && Object.values(sheet.mapping).some((m) => m.split('.')[0] === f.name));
    const targets = Object.fromEntries(await Promise.all(related.map(async (f) => [f.relation?.target as string, await stack.describe(f.relation?.target as string)] as const)));
    const plans = converter.relationPlans(targets);
    const earlier = modeInserts(sheet.mode) ? new EarlierRecords(description.name, plans) : null;
    const keys = new KeyMatchCheck(
      description,
      Object.values(sheet.mapping),
      sheet.mode,
      sheet.keyFields,
      (fields, k) => stack.pools.withClient(stack.conn, (client) => existingKeys(client, description, fields, k)),
      {
        changes: async (keyFields, compared, rows, keepEmpty) => {
          const { columnTypes } = await stack.facts.read(stack.conn, description);
          return stack.pools.withClient(stack.conn, (client) => recordChanges(client, description, columnTypes, keyFields, compared, rows, keepEmpty));
        },
        keepEmpty: sheet.emptyCells === 'keep',
      },
    );
    const validation = { converter, mappingProblems: [], earlier, keys, resolve: (rows: Parameters<typeof stack.relations.resolve>[2]) => stack.relations.resolve(stack.conn, plans, rows, earlier), suggest: async () => new Map<string, string[]>() };
    const letters = Object.fromEntries(Object.entries(sheet.mapping).map(([i, field]) => [columnLetter(Number(i)), field]));
    return (await analyseSheet(table, sheet.collection, letters, validation)).key_matches;
  }

  /** The same rows through the writer: each row's status. */
  async function run(sheet: Sheet) {
    const jobId = randomUUID();
    const description = await stack.describe(sheet.collection);
    const ids = modeInserts(sheet.mode) ? await stack.reservations.reserve({ jobId, conn: stack.conn, description, rowCount: sheet.rows.length }) : null;
    const outcomes = await importRows(stack, { jobId, collection: sheet.collection, mapping: sheet.mapping, mode: sheet.mode, keyFields: sheet.keyFields, ids, emptyCells: sheet.emptyCells, sheet: { headers: sheet.headers, rows: sheet.rows as CellValue[][] } });
    return Object.fromEntries(outcomes.map((o) => [o.rowNumber, o.status]));
  }

  const customers = (rows: (string | null)[][], emptyCells: 'keep' | 'clear', mode: ImportMode = 'update'): Sheet => ({
    collection: 'customers',
    mapping: { 0: 'name', 1: 'email', 2: 'age', 3: 'active', 4: 'signupDate' },
    headers: ['Name', 'Email', 'Age', 'Active', 'Signed up'],
    rows,
    mode,
    keyFields: ['email'],
    emptyCells,
  });

  async function addCustomers(tag: string) {
    await stack.sql.query(
      `INSERT INTO customers (id, name, email, age, active, "signupDate") VALUES
        (${9200000000000 + tag.charCodeAt(0) * 10 + 1}, 'Ann', 'ann-${tag}@x.test', 31, true, '2024-03-01T00:00:00Z'),
        (${9200000000000 + tag.charCodeAt(0) * 10 + 2}, 'Ben', 'ben-${tag}@x.test', 45, false, NULL),
        (${9200000000000 + tag.charCodeAt(0) * 10 + 3}, 'Cy', 'cy-${tag}@x.test', NULL, true, NULL)`,
    );
  }

  it('counts the rows that would write nothing and names what the others change, as the run then decides them', async () => {
    await addCustomers('a');
    const sheet = customers(
      [
        // The same values written otherwise: the age's text, yes for true, the instant in another form.
        ['Ann', 'ann-a@x.test', '031', 'yes', '2024-03-01 00:00'],
        ['Ben', 'ben-a@x.test', '46', 'no', null],
        // Only the case of the name changes: still a change.
        ['CY', 'cy-a@x.test', null, 'true', null],
        ['Nobody', 'nobody-a@x.test', '1', 'no', null],
      ],
      'keep',
    );
    const found = await preview(sheet);
    expect(found?.matched).toBe(3);
    expect(found?.changes).toEqual({
      unchanged: 1,
      changing: 2,
      fields: [
        { field: 'name', rows: 1 },
        { field: 'age', rows: 1 },
      ],
      not_compared: [],
      first: [
        { row: 3, changes: [{ field: 'age', old: '45', new: '46' }] },
        { row: 4, changes: [{ field: 'name', old: 'Cy', new: 'CY' }] },
      ],
    });
    expect(await run(sheet)).toEqual({ 2: 'unchanged', 3: 'updated', 4: 'updated', 5: 'failed' });
    // Run again, every found record already holds its row's values.
    expect((await preview(sheet))?.changes).toMatchObject({ unchanged: 3, changing: 0, fields: [], first: [] });
    expect(await run(sheet)).toEqual({ 2: 'unchanged', 3: 'unchanged', 4: 'unchanged', 5: 'failed' });
  });

  it('an empty cell clears a field unless empty cells are kept: the preview says which', async () => {
    await addCustomers('b');
    const rows = [['Ann', 'ann-b@x.test', null, 'yes', '2024-03-01T00:00:00Z']];
    expect((await preview(customers(rows, 'keep')))?.changes).toMatchObject({ unchanged: 1, changing: 0 });
    const cleared = customers(rows, 'clear', 'upsert');
    expect((await preview(cleared))?.changes).toMatchObject({ unchanged: 0, changing: 1, first: [{ row: 2, changes: [{ field: 'age', old: '31', new: null }] }] });
    expect(await run(cleared)).toEqual({ 2: 'updated' });
  });

  it('a column mapped to the wrong field changes every record it finds: the count says so', async () => {
    await addCustomers('c');
    // The third column holds the customers' ages, mapped to their name.
    const sheet: Sheet = { ...customers([], 'keep'), mapping: { 0: 'email', 1: 'name' }, headers: ['Email', 'Age'], rows: [['ann-c@x.test', '31'], ['ben-c@x.test', '45'], ['cy-c@x.test', '20']] };
    const found = await preview(sheet);
    expect(found?.changes).toMatchObject({ unchanged: 0, changing: 3, fields: [{ field: 'name', rows: 3 }] });
    expect(found?.changes?.first[0]).toEqual({ row: 2, changes: [{ field: 'name', old: 'Ann', new: '31' }] });
  });

  it('compares decimals, percentages, dates and multiple choices in their own types, and shows the start of a long text', async () => {
    await stack.sql.query(`INSERT INTO products (id, name, sku, price, discount, tags, launched, description) VALUES (9300000000001, 'Widget', 'W-1', 10.50, 0.1, '["eco", "sale"]', '2024-05-01', NULL)`);
    const long = 'x'.repeat(300);
    const sheet: Sheet = {
      collection: 'products',
      mapping: { 0: 'sku', 1: 'price', 2: 'discount', 3: 'tags', 4: 'launched', 5: 'description' },
      headers: ['SKU', 'Price', 'Discount', 'Tags', 'Launched', 'Description'],
      rows: [['W-1', '10.5', '10%', 'sale, eco', '2024-05-01', long]],
      mode: 'update',
      keyFields: ['sku'],
      emptyCells: 'keep',
    };
    const found = await preview(sheet);
    expect(found?.changes?.fields).toEqual([{ field: 'description', rows: 1 }]);
    expect(found?.changes?.first[0].changes).toEqual([{ field: 'description', old: null, new: `${'x'.repeat(200)}…` }]);
    expect(await run(sheet)).toEqual({ 2: 'updated' });
    expect(await run(sheet)).toEqual({ 2: 'unchanged' });
  });

  it('a relation is compared by the record it names, and one an earlier row adds is a change', async () => {
    const sheet: Sheet = {
      collection: EMPLOYEES,
      mapping: STAFF_MAPPING,
      headers: ['Full name', 'Email', 'Manager'],
      rows: [
        // Fay's manager is Evan already; Gus's was Dana; Evan gets a manager the file adds first.
        ['Fay Dev', 'fay@example.com', 'evan@example.com'],
        ['Gus Seller', 'gus@example.com', 'evan@example.com'],
        ['Ivy Boss', 'ivy@example.com', null],
        ['Evan Lead', 'evan@example.com', 'ivy@example.com'],
      ],
      mode: 'upsert',
      keyFields: [STAFF_MAPPING[1]],
      emptyCells: 'keep',
    };
    const found = await preview(sheet);
    const manager = STAFF_MAPPING[2];
    const { rows: dana } = await stack.sql.query<{ id: string }>(`SELECT id::text FROM ${EMPLOYEES} WHERE f_oohdks4lfem = 'dana@example.com'`);
    expect(found?.changes).toEqual({
      unchanged: 1,
      changing: 2,
      fields: [{ field: manager, rows: 2 }],
      not_compared: [],
      first: [
        { row: 3, changes: [{ field: manager, old: dana[0].id, new: 'evan@example.com' }] },
        { row: 5, changes: [{ field: manager, old: dana[0].id, new: 'ivy@example.com' }] },
      ],
    });
    expect(await run(sheet)).toEqual({ 2: 'unchanged', 3: 'updated', 4: 'inserted', 5: 'updated' });
  });

  it('a row with a many-to-many field is always written: no unchanged count, the field named as not compared', async () => {
    const sheet: Sheet = {
      collection: 'products',
      mapping: { 0: 'sku', 1: 'orders' },
      headers: ['SKU', 'Orders'],
      rows: [['HW-R1', null]],
      mode: 'update',
      keyFields: ['sku'],
      emptyCells: 'keep',
    };
    expect((await preview(sheet))?.changes).toEqual({ unchanged: null, changing: 0, fields: [], not_compared: ['orders'], first: [] });
    expect(await run(sheet)).toEqual({ 2: 'updated' });
  });

  it('compares in the column\'s own type with its modifiers: a character(12) value is padded as stored, so the same name is no change', async () => {
    await stack.sql.query('ALTER TABLE legacy_items ALTER COLUMN name TYPE character(12)');
    const sheet: Sheet = { collection: 'legacy_items', mapping: { 0: 'code', 1: 'name' }, headers: ['Code', 'Name'], rows: [['L-001', 'Widget'], ['L-002', 'Gadget v2']], mode: 'update', keyFields: ['code'], emptyCells: 'keep' };
    expect((await preview(sheet))?.changes).toMatchObject({ unchanged: 1, changing: 1, first: [{ row: 3, changes: [{ field: 'name', old: 'Gadget      ', new: 'Gadget v2' }] }] });
    expect(await run(sheet)).toEqual({ 2: 'unchanged', 3: 'updated' });
  });

  it('probes an indexed key through its index for one look-up only: the pooled connection keeps its settings, also after a failure', async () => {
    await stack.pools.withClient(stack.conn, async (client) => {
      const setting = async () => (await client.query<{ enable_hashjoin: string }>('SHOW enable_hashjoin')).rows[0].enable_hashjoin;
      expect(await withIndexProbes(client, true, setting)).toBe('off');
      expect(await withIndexProbes(client, false, setting)).toBe('on');
      await expect(withIndexProbes(client, true, () => client.query('SELECT 1 / 0'))).rejects.toThrow(/division by zero/);
      expect(await setting()).toBe('on');
    });
  });

  it('says nothing of what skip-existing finds: it changes nothing', async () => {
    await addCustomers('d');
    const found = await preview(customers([['Ann', 'ann-d@x.test', '99', null, null]], 'keep', 'skip-existing'));
    expect(found).toMatchObject({ matched: 1, changes: null });
  });
});
