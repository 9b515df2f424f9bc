import { ImportSuite } from './import-suite';

/** Orders with their products listed by SKU (the products' title field), comma-separated, as NocoBase's own import reads them. */
const CSV = [
  'Customer,Amount,Status,Products',
  'alice@example.com,10,paid,"HW-R1, SVC-INST"',
  'bob@example.com,20,pending,',
  'carol@example.com,30,paid,"SVC-INST, HW-TELEPORT"',
  'carol@example.com,abc,paid,"NOPE-2"',
].join('\n');

describe('imports: many-to-many columns through the gateway', () => {
  let s: ImportSuite;

  beforeAll(async () => {
    s = await ImportSuite.start({}, { acting_user_id: 1 });
  });
  afterAll(() => s?.stop());

  const api = () => s.api();
  const query = (sql: string, params: unknown[] = []) => s.query(sql, params);
  const links = () => query('SELECT f_lk5x86e826m::text AS "order", f_35ayi2sr426::text AS product FROM t_w9ecfhg4a1v ORDER BY 1, 2');

  it('links each new order to the products its cell names, fails a row naming an unknown product, and rollback removes the links', async () => {
    const [ordersBefore, linksBefore] = [await query('SELECT * FROM orders ORDER BY id'), await links()];
    const job = (await s.upload('orders.csv', CSV).expect(201)).body;
    await s.until(job.id, ['ready']);
    const preview = (await api().get(`/api/imports/${job.id}/preview`).set(s.admin.auth).expect(200)).body;
    expect(preview.sheets[0].columns.map((c: { proposed_field: string | null }) => c.proposed_field)).toEqual(['customer', 'amount', 'status', 'products']);
    expect(preview.sheets[0].columns[3]).toMatchObject({ error_count: 2, unresolved: [{ value: 'HW-TELEPORT', rows: 1, first_row: 4 }, { value: 'NOPE-2', rows: 1, first_row: 5 }] });
    expect(preview.sheets[0].failing_rows).toBe(2);

    await api().post(`/api/imports/${job.id}/start`).set(s.admin.auth).expect(201);
    expect(await s.until(job.id, ['completed', 'failed'])).toMatchObject({ status: 'completed', progress: { inserted: 2, failed: 2 } });
    const added = await query(
      `SELECT c.email, p.name FROM orders o JOIN customers c ON c.id = o."customerId" LEFT JOIN t_w9ecfhg4a1v l ON l.f_lk5x86e826m = o.id LEFT JOIN products p ON p.id = l.f_35ayi2sr426
        WHERE o.id <> ALL($1::bigint[]) ORDER BY c.email, p.name`,
      [ordersBefore.map((o) => o.id)],
    );
    expect(added.map((r) => [r.email, r.name])).toEqual([
      ['alice@example.com', 'Installation'],
      ['alice@example.com', 'Rack server R1'],
      ['bob@example.com', null],
    ]);
    const result = (await s.download(`/api/imports/${job.id}/result?format=csv`)).body.toString('utf8');
    const lines = result.split(/\r?\n/);
    expect(lines[3]).toMatch(/failed.*HW-TELEPORT/);
    // A row with a bad amount and an unknown product names both.
    expect(lines[4]).toMatch(/failed.*column B 'Amount'.*'abc'.*; row 5, column D 'Products'.*NOPE-2/);

    await api().post(`/api/imports/${job.id}/rollback`).set(s.admin.auth).expect(201);
    await s.until(job.id, ['rolled_back']);
    expect(await query('SELECT * FROM orders ORDER BY id')).toEqual(ordersBefore);
    expect(await links()).toEqual(linksBefore);
  });
  it('fails the job before writing anything when a link table has a required column the importer cannot fill', async () => {
    const ordersBefore = await query('SELECT * FROM orders ORDER BY id');
    await query(`ALTER TABLE t_w9ecfhg4a1v ADD COLUMN note text NOT NULL DEFAULT ''; ALTER TABLE t_w9ecfhg4a1v ALTER COLUMN note DROP DEFAULT`);
    try {
      const job = (await s.upload('orders.csv', CSV).expect(201)).body;
      await s.until(job.id, ['ready']);
      await api().post(`/api/imports/${job.id}/start`).set(s.admin.auth).expect(201);
      expect(await s.until(job.id, ['completed', 'failed'])).toMatchObject({ status: 'failed', error: expect.stringMatching(/link table t_w9ecfhg4a1v requires note/), progress: { rows_processed: 0 } });
      expect(await query('SELECT * FROM orders ORDER BY id')).toEqual(ordersBefore);
    } finally {
      await query('ALTER TABLE t_w9ecfhg4a1v DROP COLUMN note');
    }
  });
});
