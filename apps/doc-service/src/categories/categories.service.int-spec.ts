import { AppError } from '@intake/contracts';
import { randomUUID } from 'node:crypto';
import { docsTestDatabase, type DocsTestDatabase } from '../docs-test-database';
import { CategoriesRepository } from './categories.repository';
import { CategoriesService, MAX_CATEGORIES_PER_USER } from './categories.service';

describe('CategoriesService on a real database: the number of categories a user may have', () => {
  let db: DocsTestDatabase;
  let service: CategoriesService;

  beforeAll(async () => {
    db = await docsTestDatabase({ poolSize: 4 });
    service = new CategoriesService(new CategoriesRepository(db.ds));
  });
  afterAll(() => db?.close());

  /** Gives `owner` `n` categories straight in the table. */
  const fill = (owner: string, n: number) =>
    db.ds.query(`INSERT INTO docs.categories (id, owner_id, name) SELECT gen_random_uuid(), $1, 'c' || i FROM generate_series(1, $2) AS i`, [owner, n]);
  const count = async (owner: string) => (await db.ds.query('SELECT count(*)::int AS n FROM docs.categories WHERE owner_id = $1', [owner]))[0].n;

  it('refuses one more than the cap, naming it, even when several are created at once', async () => {
    const owner = randomUUID();
    await fill(owner, MAX_CATEGORIES_PER_USER - 1);
    const results = await Promise.allSettled(['One', 'Two', 'Three'].map((name) => service.create(owner, name)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
    expect(refused).toHaveLength(2);
    for (const error of refused) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ status: 409, message: expect.stringContaining(`You have ${MAX_CATEGORIES_PER_USER} categories, the most one user may have`) });
    }
    expect(await count(owner)).toBe(MAX_CATEGORIES_PER_USER);
  });

  it('lists categories as a reader expects: an accented initial beside its letter, numbers by value', async () => {
    const owner = randomUUID();
    for (const name of ['Zona', 'Água', 'lote 10', 'Banco', 'lote 2']) await service.create(owner, name);
    expect((await service.list(owner)).map((c) => c.name)).toEqual(['Água', 'Banco', 'lote 2', 'lote 10', 'Zona']);
  });

  it("counts each user's own: another user still creates, and a name taken is still said so below the cap", async () => {
    const full = randomUUID();
    await fill(full, MAX_CATEGORIES_PER_USER);
    const other = randomUUID();
    expect(await service.create(other, 'Travel')).toMatchObject({ name: 'Travel', document_count: 0 });
    await expect(service.create(other, 'travel')).rejects.toMatchObject({ status: 409, message: 'You already have a category named "travel"' });
    await expect(service.create(full, 'Travel')).rejects.toMatchObject({ status: 409 });
  });

  it('takes a Greek name ending in ς and the same name in capitals (Σ) as one, on create and on rename', async () => {
    const owner = randomUUID();
    expect(await service.create(owner, 'Σίσυφος')).toMatchObject({ name: 'Σίσυφος' });
    await expect(service.create(owner, 'ΣΊΣΥΦΟΣ')).rejects.toMatchObject({ status: 409, message: 'You already have a category named "ΣΊΣΥΦΟΣ"' });
    const other = await service.create(owner, 'Οδυσσέας');
    await expect(service.rename(owner, other.id, 'σίσυφοσ')).rejects.toMatchObject({ status: 409 });
    // A σ inside a word is not a final one: these stay two names.
    expect(await service.create(owner, 'Σίσυφοσα')).toMatchObject({ name: 'Σίσυφοσα' });
  });

  it('answers 404, never a database error, when the category or a document is deleted while documents are filed', async () => {
    const owner = randomUUID();
    for (let round = 0; round < 30; round++) {
      const docs = [randomUUID(), randomUUID()];
      await db.ds.query(
        `INSERT INTO docs.documents (id, owner_id, file_name, storage_key, size_bytes, sha256) SELECT id, $1, 'd.pdf', 'k', 1, replace(id::text, '-', '') || 'abcdabcd' FROM unnest($2::uuid[]) AS id`,
        [owner, docs],
      );
      const { id } = await service.create(owner, `Race ${round}`);
      const deletion = round % 2 ? service.delete(owner, id) : db.ds.query('DELETE FROM docs.documents WHERE id = $1', [docs[1]]);
      const [filed] = await Promise.allSettled([service.assign(owner, id, docs), deletion]);
      if (filed.status === 'rejected') {
        expect(filed.reason).toBeInstanceOf(AppError);
        expect(filed.reason).toMatchObject({ status: 404, message: expect.stringMatching(/^(Category|Document) .*not found/) });
      }
    }
  });
});
