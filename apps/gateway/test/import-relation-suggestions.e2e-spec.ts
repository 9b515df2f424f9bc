import { ImportSuite } from './import-suite';

describe('imports: the preview lists relation values no record has, with suggestions', () => {
  let s: ImportSuite;

  beforeAll(async () => {
    s = await ImportSuite.start({}, { acting_user_id: 3 });
  });
  afterAll(() => s?.stop());

  it('names each missing customer once, with its rows, its first row and the existing emails like it', async () => {
    const csv = 'Customer,Amount\nalice@exmple.com,1\nBOB@EXAMPLE.COM,2\nnobody@example.com,3\nalice@exmple.com,4\ncarol@example.com,5\n';
    const created = (await s.upload('orders.csv', csv).expect(201)).body;
    expect(await s.until(created.id, ['ready', 'failed'])).toMatchObject({ status: 'ready' });
    const [sheet] = (await s.api().get(`/api/imports/${created.id}/preview`).set(s.admin.auth).expect(200)).body.sheets;
    expect(sheet).toMatchObject({ proposed_collection: 'orders', failing_rows: 4 });
    const [customer, amount] = sheet.columns;
    expect(customer).toMatchObject({ proposed_field: 'customer', error_count: 4, unresolved_more: 0 });
    expect(customer.unresolved).toEqual([
      { value: 'alice@exmple.com', rows: 2, first_row: 2, suggestions: ['alice@example.com'] },
      { value: 'BOB@EXAMPLE.COM', rows: 1, first_row: 3, suggestions: ['bob@example.com'] },
      { value: 'nobody@example.com', rows: 1, first_row: 4, suggestions: [] },
    ]);
    expect(amount).toMatchObject({ unresolved: [], unresolved_more: 0 });
  });
});
