import { ImportSuite } from './import-suite';

/** Files written the way other countries write them: the proposal reads them so, and the run stores what they mean. */
describe('imports: dates and decimals read as the file writes them', () => {
  let s: ImportSuite;

  beforeAll(async () => {
    s = await ImportSuite.start();
  });
  afterAll(() => s?.stop());

  async function ready(name: string, content: string) {
    const { body } = await s.upload(name, content).expect(201);
    await s.until(body.id, ['ready']);
    return { id: body.id as string, preview: (await s.api().get(`/api/imports/${body.id}/preview`).set(s.admin.auth).expect(200)).body };
  }

  async function run(id: string) {
    await s.api().post(`/api/imports/${id}/start`).set(s.admin.auth).expect(201);
    return s.until(id, ['completed', 'failed']);
  }

  it('reads a German export with decimal commas and thousands points as it means them', async () => {
    const csv = ['Name;SKU;Price;Discount', 'Kit A;DE-1;49,90;0,5', 'Kit B;DE-2;1.299;0,25', 'Kit C;DE-3;2.500,50;0,125'].join('\r\n');
    const { id, preview } = await ready('products.csv', csv);
    expect(preview.proposed_plan).toMatchObject({ decimal_mark: ',', date_order: 'day-first' });
    expect(preview.sheets[0].failing_rows).toBe(0);
    expect(await run(id)).toMatchObject({ status: 'completed', progress: { inserted: 3, failed: 0 } });
    // Before, 1.299 went in as 1.30 and 0,125 as 125.
    expect(await s.query(`SELECT sku, price::text, discount FROM products WHERE sku LIKE 'DE-%' ORDER BY sku`)).toEqual([
      { sku: 'DE-1', price: '49.90', discount: 0.5 },
      { sku: 'DE-2', price: '1299.00', discount: 0.25 },
      { sku: 'DE-3', price: '2500.50', discount: 0.125 },
    ]);
  });

  it('reads an American export month first when its dates say so, and a plan may say otherwise', async () => {
    const csv = ['Name,E-mail,Signup date', 'Mo,mo@reading.test,03/04/2024', 'Di,di@reading.test,12/31/2024'].join('\n');
    const { id, preview } = await ready('customers.csv', csv);
    expect(preview.proposed_plan).toMatchObject({ date_order: 'month-first' });
    expect(preview.proposed_plan.decimal_mark).toBeUndefined();
    // Checked as the proposal reads them: 12/31 fits.
    expect(preview.sheets[0].failing_rows).toBe(0);
    expect(await run(id)).toMatchObject({ status: 'completed', progress: { inserted: 2, failed: 0 } });
    expect(await s.query(`SELECT email, to_char("signupDate" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS d FROM customers WHERE email LIKE '%@reading.test' ORDER BY email`)).toEqual([
      { email: 'di@reading.test', d: '2024-12-31' },
      { email: 'mo@reading.test', d: '2024-03-04' },
    ]);

    // The operator says day first: 12/31 then fails, named, when the rows are checked again.
    const again = await ready('customers.csv', csv.replace(/@reading/g, '@reading2'));
    const plan = { ...again.preview.proposed_plan, date_order: 'day-first' };
    await s.api().put(`/api/imports/${again.id}/plan`).set(s.admin.auth).send(plan).expect(200);
    await s.api().post(`/api/imports/${again.id}/check`).set(s.admin.auth).expect(201);
    await s.until(again.id, ['ready']);
    const checked = (await s.api().get(`/api/imports/${again.id}/preview`).set(s.admin.auth).expect(200)).body;
    expect(checked.sheets[0].failing_rows).toBe(1);
    expect(checked.sheets[0].columns[2].first_errors).toEqual([{ row: 3, message: expect.stringContaining('12/31/2024') }]);
  });
});
