import type { Actor } from '@intake/testing';
import { ImportSuite } from './import-suite';

const CSV = ['Name,E-mail', 'Rita Sousa,rita.same@example.test', 'Tiago Neves,tiago.same@example.test'].join('\n');

/**
 * An export loaded twice adds its rows twice in insert mode: a new upload says which earlier imports
 * of the same bytes into the same target wrote rows, to their owner (to an admin, everyone's).
 */
describe('imports: the same file imported before', () => {
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
    expect(await sameFile(previewed, olga)).toEqual({ items: [], total: 0 });
    await s.api().post(`/api/imports/${previewed}/cancel`).set(olga.auth).expect(201);
    expect(await sameFile(first, olga)).toEqual({ items: [], total: 0 });
  });

  it('names an earlier import that wrote the same bytes into the target, whatever the file is called', async () => {
    await s.api().post(`/api/imports/${first}/start`).set(olga.auth).expect(201);
    await s.until(first, ['completed'], olga);
    const again = await ready(CSV, olga, 'export (1).csv');
    expect(await sameFile(again, olga)).toEqual({
      items: [{ id: first, file_name: 'customers.csv', status: 'completed', mode: 'insert', mine: true, created_at: expect.any(String), finished_at: expect.any(String), inserted: 2, updated: 0 }],
      total: 1,
    });
    // Another file, even one differing by a line end, is another file.
    expect((await sameFile(await ready(`${CSV}\n`, olga), olga)).total).toBe(0);
  });

  it("keeps another operator's imports to themselves, and shows an admin everyone's", async () => {
    const his = await ready(CSV, omar);
    expect(await sameFile(his, omar)).toEqual({ items: [], total: 0 });
    // Nor can he ask about hers.
    await s.api().get(`/api/imports/${first}/same-file`).set(omar.auth).expect(404);
    expect((await sameFile(his, s.admin)).items).toEqual([expect.objectContaining({ id: first, mine: false })]);
  });

  it('forgets an import once it is rolled back: what it wrote is gone', async () => {
    const again = await ready(CSV, olga);
    await s.api().post(`/api/imports/${first}/rollback`).set(olga.auth).expect(201);
    await s.until(first, ['rolled_back'], olga);
    expect(await sameFile(again, olga)).toEqual({ items: [], total: 0 });
  });
});
