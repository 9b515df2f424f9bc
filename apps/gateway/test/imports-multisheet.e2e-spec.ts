import { type Actor, waitFor } from '@intake/testing';
import ExcelJS from 'exceljs';
import { ImportSuite } from './import-suite';

/** A workbook whose orders sheet (first) points at customers (second) by email. */
async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const orders = book.addWorksheet('Orders');
  orders.addRows([
    ['Customer', 'Amount', 'Status'],
    ['zoe@multi.test', 10.5, 'Paid'],
    ['yuri@multi.test', 20, 'pending'],
    ['nobody@multi.test', 30, 'paid'],
  ]);
  const customers = book.addWorksheet('Customers');
  customers.addRows([
    ['Name', 'Email', 'Signup date'],
    ['Zoe', 'zoe@multi.test', new Date(Date.UTC(2024, 0, 15))],
    ['Yuri', 'yuri@multi.test', new Date(Date.UTC(2024, 1, 20))],
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('imports: a multi-sheet workbook with relations', () => {
  let s: ImportSuite;
  let admin: Actor;

  beforeAll(async () => {
    s = await ImportSuite.start({}, { acting_user_id: 1 });
    admin = s.admin;
  });
  afterAll(() => s?.stop());

  const api = () => s.api();
  const job = (id: string) => s.job(id);
  const query = (sql: string) => s.query(sql);

  it('maps each sheet to its collection, imports customers before the orders that point at them, and names unresolved values', async () => {
    const created = (await s.upload('export.xlsx', await workbook()).expect(201)).body;
    await waitFor(async () => (await job(created.id)).status !== 'analysing', 30_000);
    const preview = (await api().get(`/api/imports/${created.id}/preview`).set(admin.auth).expect(200)).body;
    expect(preview.format).toBe('xlsx');
    expect(preview.sheets.map((s: { name: string; proposed_collection: string | null; rows: number }) => [s.name, s.proposed_collection, s.rows])).toEqual([
      ['Orders', 'orders', 3],
      ['Customers', 'customers', 2],
    ]);
    const orders = preview.sheets[0];
    expect(orders.columns.map((c: { proposed_field: string | null }) => c.proposed_field)).toEqual(['customer', 'amount', 'status']);
    // The customers sheet is written first: the orders naming its customers find them; the one naming nobody does not.
    expect(orders.columns[0].error_count).toBe(1);
    expect(orders.columns[0].first_errors).toEqual([{ row: 4, message: expect.stringMatching(/nobody@multi\.test/) }]);
    expect(orders.failing_rows).toBe(1);

    await api().post(`/api/imports/${created.id}/start`).set(admin.auth).expect(201);
    await waitFor(async () => ['completed', 'failed'].includes((await job(created.id)).status), 30_000);
    expect(await job(created.id)).toMatchObject({ status: 'completed', progress: { inserted: 4, failed: 1 } });

    const rows = await query(`SELECT c.email, o.amount, o.status, o."createdById" FROM orders o JOIN customers c ON c.id = o."customerId" WHERE c.email LIKE '%@multi.test' ORDER BY c.email`);
    expect(rows.map((r) => [r.email, r.amount, r.status, Number(r.createdById)])).toEqual([
      ['yuri@multi.test', 20, 'pending', 1],
      ['zoe@multi.test', 10.5, 'paid', 1],
    ]);
    const signup = await query(`SELECT to_char("signupDate" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM customers WHERE email = 'zoe@multi.test'`);
    expect(signup).toEqual([{ day: '2024-01-15' }]);

    const result = new ExcelJS.Workbook();
    const download = await s.download(`/api/imports/${created.id}/result?sheet=Orders`);
    expect(download.headers['content-disposition']).toMatch(/export-Orders-result\.xlsx/);
    await result.xlsx.load(download.body as never);
    const lines = (result.worksheets[0].getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(lines[3].slice(3)).toEqual(['failed', expect.stringMatching(/nobody@multi\.test/)]);
    await api().get(`/api/imports/${created.id}/result?sheet=Nope`).set(admin.auth).expect(404);
  });
  it('finds the column names below a title, and leaves a hidden sheet out of the proposal, saying both', async () => {
    const book = new ExcelJS.Workbook();
    const customers = book.addWorksheet('Customers');
    customers.addRows([['Customer export 2024-11-28'], [], ['Name', 'Email'], ['Titled One', 'titled1@multi.test'], ['Titled Two', 'titled2@multi.test']]);
    customers.mergeCells('A1:B1');
    book.addWorksheet('Products', { state: 'hidden' }).addRows([['Name', 'SKU'], ['Hidden kit', 'HID-1']]);
    const created = (await s.upload('titled.xlsx', Buffer.from(await book.xlsx.writeBuffer())).expect(201)).body;
    await s.until(created.id, ['ready']);
    const preview = (await api().get(`/api/imports/${created.id}/preview`).set(admin.auth).expect(200)).body;
    const [titled, hidden] = preview.sheets;
    expect(titled).toMatchObject({ proposed_collection: 'customers', rows: 2, failing_rows: 0 });
    expect(titled.columns.map((c: { name: string; proposed_field: string | null }) => [c.name, c.proposed_field])).toEqual([['Name', 'name'], ['Email', 'email']]);
    expect(titled.problems).toContain('the column names are in row 3: the rows above them are left out');
    expect(hidden).toMatchObject({ name: 'Products', proposed_collection: null, problems: ['the sheet is hidden in the workbook: left out unless you choose the collection it goes into'] });
    await api().post(`/api/imports/${created.id}/start`).set(admin.auth).expect(201);
    await s.until(created.id, ['completed']);
    expect(await query(`SELECT name FROM customers WHERE email LIKE 'titled%@multi.test' ORDER BY email`)).toEqual([{ name: 'Titled One' }, { name: 'Titled Two' }]);
    expect(await query(`SELECT 1 FROM products WHERE sku = 'HID-1'`)).toEqual([]);
  });

  it('upserts each sheet by its own key fields: customers by e-mail, products by SKU', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Customers').addRows([['Name', 'Email'], ['Xana', 'xana@keys.test'], ['Wim', 'wim@keys.test']]);
    book.addWorksheet('Products').addRows([['Name', 'SKU', 'Price'], ['Keyed kit', 'KEY-1', 5]]);
    const first = (await s.upload('keys.xlsx', Buffer.from(await book.xlsx.writeBuffer())).expect(201)).body;
    await s.until(first.id, ['ready']);
    await api().post(`/api/imports/${first.id}/start`).set(admin.auth).expect(201);
    expect(await s.until(first.id, ['completed', 'failed'])).toMatchObject({ status: 'completed', progress: { inserted: 3 } });

    const [customers, products] = book.worksheets;
    customers.getRow(2).getCell(1).value = 'Xana Renamed';
    products.getRow(2).getCell(3).value = 6.5;
    products.addRow(['New kit', 'KEY-2', 7]);
    const again = (await s.upload('keys.xlsx', Buffer.from(await book.xlsx.writeBuffer())).expect(201)).body;
    await s.until(again.id, ['ready']);
    const sheets = [
      { sheet: 'Customers', collection: 'customers', mapping: { A: 'name', B: 'email' }, key_fields: ['email'] },
      { sheet: 'Products', collection: 'products', mapping: { A: 'name', B: 'sku', C: 'price' }, key_fields: ['sku'] },
    ];
    // One list for both would need a field both sheets map: refused, naming the sheet it fails.
    const shared = await api().put(`/api/imports/${again.id}/plan`).set(admin.auth).send({ sheets: sheets.map(({ key_fields: _, ...sheet }) => sheet), mode: 'upsert', key_fields: ['email'] }).expect(400);
    expect(shared.body.message).toMatch(/key_fields: sheet 'Products': Key field email is not a field of Products/);
    const unmapped = await api().put(`/api/imports/${again.id}/plan`).set(admin.auth).send({ sheets: [sheets[0], { ...sheets[1], key_fields: ['name', 'category'] }], mode: 'upsert' }).expect(400);
    expect(unmapped.body.details.fields).toEqual([{ field: 'sheets.1.key_fields', message: expect.stringMatching(/sheet 'Products': Key field Category is not mapped/) }]);

    await api().put(`/api/imports/${again.id}/plan`).set(admin.auth).send({ sheets, mode: 'upsert' }).expect(200);
    // Xana renamed and the kit's new price are updates; Wim's row is as the record is, so it is left unchanged.
    await api().post(`/api/imports/${again.id}/start`).set(admin.auth).expect(201);
    expect(await s.until(again.id, ['completed', 'failed'])).toMatchObject({ status: 'completed', progress: { inserted: 1, updated: 2, unchanged: 1, failed: 0 } });
    expect(await query(`SELECT name, email FROM customers WHERE email LIKE '%@keys.test' ORDER BY email`)).toEqual([
      { name: 'Wim', email: 'wim@keys.test' },
      { name: 'Xana Renamed', email: 'xana@keys.test' },
    ]);
    expect(await query(`SELECT name, sku, price::text FROM products WHERE sku LIKE 'KEY-%' ORDER BY sku`)).toEqual([
      { name: 'Keyed kit', sku: 'KEY-1', price: '6.50' },
      { name: 'New kit', sku: 'KEY-2', price: '7.00' },
    ]);
  });

  it('names the other sheet when a row repeats a value a row of another sheet wrote into the same collection', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('First').addRows([['Name', 'Email'], ['Shared A', 'shared@two.test']]);
    book.addWorksheet('Second').addRows([['Name', 'Email'], ['Own', 'own@two.test'], ['Shared B', 'shared@two.test']]);
    const job = (await s.upload('two.xlsx', Buffer.from(await book.xlsx.writeBuffer())).expect(201)).body;
    await s.until(job.id, ['ready']);
    const into = (sheet: string) => ({ sheet, collection: 'customers', mapping: { A: 'name', B: 'email' } });
    await api().put(`/api/imports/${job.id}/plan`).set(admin.auth).send({ sheets: [into('First'), into('Second')] }).expect(200);
    await api().post(`/api/imports/${job.id}/start`).set(admin.auth).expect(201);
    expect((await s.until(job.id, ['completed'])).progress).toMatchObject({ inserted: 2, failed: 1 });
    const failures = (await api().get(`/api/imports/${job.id}/failures`).set(admin.auth).expect(200)).body;
    expect(failures.items).toEqual([expect.objectContaining({ row: 3, error: expect.stringMatching(/Email 'shared@two\.test' was already written by row 2 of sheet 'First'$/) })]);
  });

  it('refuses a plan listing one sheet twice, and a workbook of more sheets than a plan holds, saying so', async () => {
    const job = (await s.upload('multi.xlsx', await workbook()).expect(201)).body;
    await s.until(job.id, ['ready']);
    const twice = { sheets: [{ sheet: 'Orders', collection: null, mapping: {} }, { sheet: 'Customers', collection: 'customers', mapping: { A: 'name' } }, { sheet: 'Customers', collection: 'customers', mapping: { B: 'email' } }] };
    expect((await s.api().put(`/api/imports/${job.id}/plan`).set(admin.auth).send(twice).expect(400)).body.message).toMatch(/sheets\.2\.sheet: sheet 'Customers' is listed twice/);

    const book = new ExcelJS.Workbook();
    for (let i = 1; i <= 101; i++) book.addWorksheet(`Sheet ${i}`).addRows([['Name'], [`Row ${i}`]]);
    const many = (await s.upload('many-sheets.xlsx', Buffer.from(await book.xlsx.writeBuffer())).expect(201)).body;
    expect(await s.until(many.id, ['failed'])).toMatchObject({ error: 'The workbook has 101 sheets; at most 100 can be imported from one file' });
    await s.api().get('/api/imports').set(admin.auth).expect(200);
  });
});
