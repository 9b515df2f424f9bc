import type { Actor } from '@intake/testing';
import { ImportSuite } from './import-suite';

// 25 rows: every fifth has a good e-mail, the others fail on it.
const ROWS = Array.from({ length: 25 }, (_, i) => `Person ${i},${i % 5 === 0 ? `p${i}.failures@example.test` : `not-an-email-${i}`}`);
const CSV = ['Name,E-mail', ...ROWS].join('\n');

/** The failed rows of an import, listed a page at a time: GET /api/imports/:id/failures. */
describe('imports: the failed rows, on the page', () => {
  let s: ImportSuite;
  let olga: Actor;
  let jobId: string;

  beforeAll(async () => {
    s = await ImportSuite.start();
    olga = await s.importer('operator', { index_pattern: 'customers', can_read: true, can_write: true });
    jobId = (await s.upload('customers.csv', CSV, olga).expect(201)).body.id;
    await s.until(jobId, ['ready'], olga);
  });
  afterAll(() => s?.stop());

  const failures = (query: string, who: Actor = olga) => s.api().get(`/api/imports/${jobId}/failures${query}`).set(who.auth);

  it('lists none before the import has run', async () => {
    expect((await failures('').expect(200)).body).toEqual({ items: [], total: 0 });
  });

  it('lists each failed row with its sheet, row number and why, in file order, a page at a time', async () => {
    await s.api().post(`/api/imports/${jobId}/start`).set(olga.auth).expect(201);
    expect((await s.until(jobId, ['completed', 'failed'], olga)).progress).toMatchObject({ inserted: 5, failed: 20 });
    const first = (await failures('?limit=15').expect(200)).body;
    expect(first.total).toBe(20);
    const expected = ROWS.flatMap((_, i) => (i % 5 === 0 ? [] : [i + 2]));
    expect(first.items.map((f: { row: number }) => f.row)).toEqual(expected.slice(0, 15));
    expect(first.items[0]).toEqual({ sheet: 'customers', row: 3, error: expect.stringMatching(/^row 3, column B 'E-mail': 'not-an-email-1' is not an email address/) });
    const rest = (await failures('?limit=15&offset=15').expect(200)).body;
    expect(rest).toMatchObject({ total: 20 });
    expect(rest.items.map((f: { row: number }) => f.row)).toEqual(expected.slice(15));
    expect((await failures('?offset=40').expect(200)).body).toEqual({ items: [], total: 20 });
  });

  it("keeps another user's import out of reach, and refuses a misspelt or outsized query", async () => {
    const other = await s.importer('operator', { index_pattern: 'customers', can_read: true, can_write: true });
    await failures('', other).expect(404);
    expect((await failures('?lmit=5').expect(400)).body.message).toMatch(/lmit/);
    expect((await failures('?limit=201').expect(400)).body.message).toMatch(/limit/);
  });
});
