import type { Actor } from '@intake/testing';
import { ImportSuite } from './import-suite';

const CSV = ['Name,E-mail', 'Rita Sousa,rita.same@example.test', 'Tiago Neves,tiago.same@example.test'].join('\n');

/**
 * A file seen before. An export loaded twice adds its rows twice in insert mode: a new upload says
 * which earlier imports of the same bytes into the same target wrote rows, to their owner (to an
 * admin, everyone's). A result file uploaded again, its failed rows fixed, is proposed the plan of
 * the import it came from.
 */
describe('imports: a file seen before', () => {
  let s: ImportSuite;
  let olga: Actor;
  let omar: Actor;

  beforeAll(async () => {
    s = await ImportSuite.start();
    const grant = { index_pattern: 'customers', can_read: true, can_write: true };
    [olga, omar] = [await s.importer('operator', grant), await s.importer('operator', grant)];
  });
  afterAll(() => s?.stop());

  const sameFile = async (id: string, who: Actor) => (await s.api().get(`/api/imports/${id}/same-file`).set(who.auth).expect(200)).body;
  const ready = async (content: string, who: Actor, name = 'customers.csv') => {
    const id = (await s.upload(name, content, who).expect(201)).body.id as string;
    await s.until(id, ['ready'], who);
    return id;
  };
  let first = '';

  it('says nothing of a file never imported, nor of one only previewed or cancelled before it started', async () => {
    first = await ready(CSV, olga);
    const previewed = await ready(CSV, olga);
    expect(await sameFile(previewed, olga)).toEqual({ items: [], total: 0, collections: [] });
    await s.api().post(`/api/imports/${previewed}/cancel`).set(olga.auth).expect(201);
    expect(await sameFile(first, olga)).toEqual({ items: [], total: 0, collections: [] });
  });

  it('names an earlier import that wrote the same bytes into the target, whatever the file is called', async () => {
    await s.api().post(`/api/imports/${first}/start`).set(olga.auth).expect(201);
    await s.until(first, ['completed'], olga);
    const again = await ready(CSV, olga, 'export (1).csv');
    expect(await sameFile(again, olga)).toEqual({
      items: [{ id: first, file_name: 'customers.csv', status: 'completed', mode: 'insert', collections: ['customers'], mine: true, created_at: expect.any(String), finished_at: expect.any(String), inserted: 2, updated: 0 }],
      total: 1,
      collections: ['customers'],
    });
    // Another file, even one differing by a line end, is another file.
    expect((await sameFile(await ready(`${CSV}\n`, olga), olga)).total).toBe(0);
  });

  it("keeps another operator's imports to themselves, and shows an admin everyone's", async () => {
    const his = await ready(CSV, omar);
    expect(await sameFile(his, omar)).toEqual({ items: [], total: 0, collections: [] });
    // Nor can he ask about hers.
    await s.api().get(`/api/imports/${first}/same-file`).set(omar.auth).expect(404);
    expect((await sameFile(his, s.admin)).items).toEqual([expect.objectContaining({ id: first, mine: false })]);
  });

  it('counts only the target it went into, and not an all-or-nothing import that took its rows back', async () => {
    const other = (await s.api().post('/api/import-targets').set(s.admin.auth).send({ kind: 'nocobase', name: 'Same database, another target', settings: s.targetSettings }).expect(201)).body.id as string;
    const elsewhere = (await s.upload('customers.csv', CSV, s.admin, other).expect(201)).body.id as string;
    await s.until(elsewhere, ['ready']);
    expect(await sameFile(elsewhere, s.admin)).toEqual({ items: [], total: 0, collections: [] });
    // Its second row's e-mail is a customer's already (a unique field): the row fails, and all or nothing takes the first back.
    const undone = `Name,E-mail\nNew Person,new.person.same@example.test\nAlice Again,alice@example.com`;
    const taken = await ready(undone, olga);
    await s.api().put(`/api/imports/${taken}/plan`).set(olga.auth).send({ sheets: [{ sheet: 'customers', collection: 'customers', mapping: { A: 'name', B: 'email' } }], all_or_nothing: true }).expect(200);
    await s.api().post(`/api/imports/${taken}/start`).set(olga.auth).expect(201);
    expect(await s.until(taken, ['completed', 'failed'], olga)).toMatchObject({ status: 'failed', progress: { inserted: 0 } });
    expect((await sameFile(await ready(undone, olga), olga)).total).toBe(0);
  });

  it('forgets an import once it is rolled back: what it wrote is gone', async () => {
    const again = await ready(CSV, olga);
    await s.api().post(`/api/imports/${first}/rollback`).set(olga.auth).expect(201);
    await s.until(first, ['rolled_back'], olga);
    expect(await sameFile(again, olga)).toEqual({ items: [], total: 0, collections: [] });
  });

  it('proposes the plan of the import a result file came from when its failed rows are fixed and uploaded again, to its owner only', async () => {
    const orders = ['Name,E-mail,Age', 'Rui Lopes,rui.again@example.test,44', 'Sara Dias,sara.again@example.test,not a number'].join('\n');
    const first = await ready(orders, olga);
    const plan = { sheets: [{ sheet: 'customers', collection: 'customers', mapping: { A: 'name', B: 'email', C: 'age' }, key_fields: ['email'] }], mode: 'upsert', date_order: 'month-first', time_zone: 'Europe/Lisbon' };
    await s.api().put(`/api/imports/${first}/plan`).set(olga.auth).send(plan).expect(200);
    await s.api().post(`/api/imports/${first}/start`).set(olga.auth).expect(201);
    expect(await s.until(first, ['completed'], olga)).toMatchObject({ progress: { inserted: 1, failed: 1 } });
    const failed = (await s.download(`/api/imports/${first}/result?format=csv&rows=failed`, olga)).body.toString('utf8');
    // Meanwhile another file with the same columns goes in with another plan (insert, as proposed).
    const later = await ready(['Name,E-mail,Age', 'Tomé Gil,tome.later@example.test,50'].join('\n'), olga, 'other-export.csv');
    await s.api().post(`/api/imports/${later}/start`).set(olga.auth).expect(201);
    await s.until(later, ['completed'], olga);
    const fixed = failed.replace('not a number', '38');
    // Renamed, a result file is a file like any other: proposed afresh.
    const renamed = await ready(fixed, olga, 'fixed by hand.csv');
    expect((await s.api().get(`/api/imports/${renamed}/preview`).set(olga.auth).expect(200)).body.proposed_plan).toMatchObject({ mode: 'insert', key_fields: [] });
    // Downloaded twice by the browser, it keeps its source in its name.
    const again = await ready(fixed, olga, 'customers-failed-rows (1).csv');
    const preview = (await s.api().get(`/api/imports/${again}/preview`).set(olga.auth).expect(200)).body;
    expect(preview.proposed_plan).toMatchObject({
      mode: 'upsert',
      key_fields: ['email'],
      date_order: 'month-first',
      time_zone: 'Europe/Lisbon',
      sheets: [{ sheet: 'customers-failed-rows (1)', collection: 'customers', mapping: { A: 'name', B: 'email', C: 'age' } }],
    });
    expect(preview.sheets[0].problems).toContainEqual(expect.stringMatching(/^proposed as in your import of customers\.csv, whose result file this is by its name and columns/));
    // Checked as that plan will run: by its key.
    expect(preview.sheets[0].key_matches).toMatchObject({ mode: 'upsert', key_fields: ['email'], unmatched: 1 });
    // Started as proposed, the fixed row goes in.
    await s.api().post(`/api/imports/${again}/start`).set(olga.auth).expect(201);
    expect(await s.until(again, ['completed'], olga)).toMatchObject({ progress: { inserted: 1, failed: 0 } });
    expect(await s.query(`SELECT name, age::int AS age FROM customers WHERE email = 'sara.again@example.test'`)).toEqual([{ name: 'Sara Dias', age: 38 }]);
    // Someone else's upload of the same file is proposed afresh: another's plan is not theirs to see.
    const his = await ready(fixed, omar, 'customers-failed-rows.csv');
    const fresh = (await s.api().get(`/api/imports/${his}/preview`).set(omar.auth).expect(200)).body;
    expect(fresh.proposed_plan).toMatchObject({ mode: 'insert', key_fields: [] });
    expect(fresh.sheets[0].problems.join('\n')).not.toMatch(/proposed as in your import/);
    for (const id of [again, later, first]) {
      await s.api().post(`/api/imports/${id}/rollback`).set(olga.auth).expect(201);
      await s.until(id, ['rolled_back'], olga);
    }
  });
});
