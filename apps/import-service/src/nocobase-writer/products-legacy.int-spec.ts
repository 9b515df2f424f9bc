import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@intake/testing';
import { reservedIdFor } from './reserved-ids';
import { importRows } from './test-support/import-rows';
import { closeFixtureDatabase, openFixtureDatabase, type WriterStack } from './test-support/writer-fixture';

const HEADERS = ['Name', 'SKU', 'Price', 'Discount', 'Category', 'Tags', 'Launched', 'Homepage', 'Active', 'Description'];
const MAPPING = { 0: 'name', 1: 'sku', 2: 'price', 3: 'discount', 4: 'category', 5: 'tags', 6: 'launched', 7: 'homepage', 8: 'active', 9: 'description' };

describe('NocoBaseBatchWriter: products (select, multipleSelect, decimal, percent, date, url) and legacy_items (sequence)', () => {
  let db: TestDatabase;
  let stack: WriterStack;

  beforeAll(async () => ({ db, stack } = await openFixtureDatabase()));
  afterAll(() => closeFixtureDatabase(db, stack));

  const product = async (sku: string) =>
    (await stack.sql.query(`SELECT name, price::text, discount, category, tags::text, launched::text, homepage, active, description FROM products WHERE sku = $1`, [sku])).rows[0];

  it('converts every field type the way NocoBase stores it, and names the cell of every bad value', async () => {
    const jobId = randomUUID();
    const ids = await stack.reservations.reserve({ jobId, conn: stack.conn, description: await stack.describe('products'), rowCount: 10 });
    const outcomes = await importRows(stack, { jobId, collection: 'products', mapping: MAPPING, mode: 'insert', ids, sheet: { headers: HEADERS, rows: [
      ['Router X', 'HW-RX', '1234.567', '33.3%', 'Hardware', 'On sale; new', '31/12/2024', 'https://example.com/rx?a=1&b=2', 'sim', 'Line 1\nLine 2\twith a tab and a \\ backslash'],
      [null, 'HW-NONAME', null, null, null, null, null, null, null, null],
      ['Bogus', 'HW-BOGUS', '123456789.99', '0.1', 'bogus', 'zzz', '2024-02-30', null, null, null],
      ['Free tier', 'SW-FREE', '0', '0.25', 'sw', '[]', '2025-01-02', null, 'n', null],
    ] } });
    expect(outcomes.map((o) => o.status)).toEqual(['inserted', 'failed', 'failed', 'inserted']);
    expect(outcomes[1].error).toBe("row 3, column A 'Name': a value is required");
    expect(outcomes[2].error?.split('; ')).toEqual([
      "row 4, column C 'Price': '123456789.99' is too large: at most 8 digits before the decimal point (numeric(10, 2))",
      "row 4, column E 'Category': 'bogus' is not one of the options: Hardware, Software, Services",
      "row 4, column F 'Tags': 'zzz' is not one of the options: New, On sale, Eco",
      expect.stringMatching(/^row 4, column G 'Launched': '2024-02-30' is not a valid date/),
    ]);
    expect(await product('HW-RX')).toEqual({
      name: 'Router X', price: '1234.57', discount: 0.333, category: 'hw', tags: '["new", "sale"]', launched: '2024-12-31',
      homepage: 'https://example.com/rx?a=1&b=2', active: true, description: 'Line 1\nLine 2\twith a tab and a \\ backslash',
    });
    expect(await product('SW-FREE')).toMatchObject({ price: '0.00', discount: 0.25, category: 'sw', tags: '[]', active: false });
  });

  it('upserts by SKU, applying NocoBase defaults only to new records', async () => {
    const jobId = randomUUID();
    const ids = await stack.reservations.reserve({ jobId, conn: stack.conn, description: await stack.describe('products'), rowCount: 10 });
    const before = await product('HW-R1');
    const outcomes = await importRows(stack, { jobId, collection: 'products', mapping: { 0: 'name', 1: 'sku', 2: 'price' }, mode: 'upsert', keyFields: ['sku'], ids,
      sheet: { headers: ['Name', 'SKU', 'Price'], rows: [['Rack server R1 v2', 'HW-R1', '5100'], ['Patch panel', 'HW-PP', '49.9']] } });
    expect(outcomes.map((o) => o.status)).toEqual(['updated', 'inserted']);
    expect(await product('HW-R1')).toEqual({ ...before, name: 'Rack server R1 v2', price: '5100.00' });
    // tags has defaultValue [] in NocoBase (and a column default): a new record gets [], not NULL.
    expect(await product('HW-PP')).toMatchObject({ price: '49.90', tags: '[]', category: null });
  });

  it('legacy_items: a reserved block of the sequence, moved past at once so NocoBase never hands those ids out', async () => {
    const jobId = randomUUID();
    const description = await stack.describe('legacy_items');
    const ids = await stack.reservations.reserve({ jobId, conn: stack.conn, description, rowCount: 3 });
    expect(ids).toMatchObject({ kind: 'sequence', sequence: 'public.legacy_items_id_seq', firstId: '4', lastId: '6' });
    expect(await stack.reservations.reserve({ jobId, conn: stack.conn, description, rowCount: 3 })).toEqual(ids);
    const nocobaseInsert = await stack.sql.query(`INSERT INTO legacy_items (code, name) VALUES ('N-1', 'Made by NocoBase') RETURNING id::text`);
    expect(nocobaseInsert.rows[0].id).toBe('7');
    const headers = ['Code', 'Name', 'Quantity', 'Weight (kg)'];
    const outcomes = await importRows(stack, { jobId, collection: 'legacy_items', mapping: { 0: 'code', 1: 'name', 2: 'quantity', 3: 'weight' }, mode: 'insert', ids,
      sheet: { headers, rows: [['L-100', 'Bolt', '5', '0,5'], ['L-001', 'Dup', '1', '1'], ['L-101', 'Nut', '9007199254740993', '2.25']] } });
    expect(outcomes.map((o) => [o.status, o.recordId ?? o.error])).toEqual([
      ['inserted', reservedIdFor(ids, 0)],
      ['failed', "row 3: Code 'L-001' already exists"],
      ['inserted', '6'],
    ]);
    const rows = await stack.sql.query(`SELECT id::text, code, quantity::text, weight, "createdById" FROM legacy_items WHERE id >= 4 ORDER BY id`);
    expect(rows.rows).toEqual([
      { id: '4', code: 'L-100', quantity: '5', weight: 0.5, createdById: '3' },
      { id: '6', code: 'L-101', quantity: '9007199254740993', weight: 2.25, createdById: '3' },
      { id: '7', code: 'N-1', quantity: null, weight: null, createdById: null },
    ]);
  });
});
