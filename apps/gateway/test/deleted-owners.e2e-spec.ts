import { type Actor, textPdf, waitFor } from '@intake/testing';
import { Client } from 'pg';
import { DocSuite } from './doc-suite';

/** A deleted user's documents and categories are erased; nobody else's, and only on auth-service's word that the user is gone. */
describe('documents of deleted users', () => {
  let s: DocSuite;
  let db: Client;
  const rows = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows;
  const owned = async (who: Actor) => ({
    documents: (await rows('SELECT id FROM docs.documents WHERE owner_id = $1', [who.user.id])).length,
    categories: (await rows('SELECT id FROM docs.categories WHERE owner_id = $1', [who.user.id])).length,
    files: s.storedFiles().filter((path) => path.includes(who.user.id)).length,
  });
  /** Several sweeps go by (one a second), and everything of `who` is still there. */
  const expectKeptOverSweeps = async (who: Actor) => {
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(await owned(who)).toEqual({ documents: 2, categories: 1, files: 2 });
  };
  const uploadTwo = async (who: Actor) => {
    const res = await s
      .upload(who, [
        { name: 'one.pdf', bytes: await textPdf([`Invoice one of ${who.user.username}`]) },
        { name: 'two.pdf', bytes: await textPdf([`Invoice two of ${who.user.username}`]) },
      ])
      .expect(201);
    const ids: string[] = res.body.documents.map((d: { id: string }) => d.id);
    for (const id of ids) await s.until(who, id);
    await s.api().post('/api/documents/categories').set(who.auth).send({ name: 'Taxes' }).expect(201);
    return ids;
  };

  beforeAll(async () => {
    s = await DocSuite.start({ DOC_DELETED_OWNERS_SWEEP_SECONDS: '1' });
    db = new Client({ connectionString: s.suite.db.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await s?.stop();
  });

  it("erases a deleted user's documents, files and categories, and leaves everyone else's", async () => {
    const [ana, bob] = [await s.user(), await s.user()];
    await uploadTwo(ana);
    const [bobsDoc] = await uploadTwo(bob);
    expect(await owned(ana)).toEqual({ documents: 2, categories: 1, files: 2 });

    await s.api().delete(`/api/users/${ana.user.id}`).set(s.admin.auth).expect(204);
    expect(await rows('SELECT id FROM auth.deleted_users WHERE id = $1', [ana.user.id])).toHaveLength(1);
    await waitFor(async () => (await owned(ana)).documents === 0, 15_000, 200);
    expect(await owned(ana)).toEqual({ documents: 0, categories: 0, files: 0 });

    expect(await owned(bob)).toEqual({ documents: 2, categories: 1, files: 2 });
    await s.api().get(`/api/documents/${bobsDoc}/download`).set(bob.auth).expect(200);
  });

  it('keeps the documents of a deleted user put back (a row restored from a backup)', async () => {
    const dave = await s.user();
    await uploadTwo(dave);
    // Deleted once, then restored: the record of the deletion stays, the user is there again.
    await db.query('INSERT INTO auth.deleted_users (id) VALUES ($1)', [dave.user.id]);
    await expectKeptOverSweeps(dave);
  });

  it('keeps the documents of an owner auth-service does not say was deleted (a user missing from a restored database)', async () => {
    const carol = await s.user();
    await uploadTwo(carol);
    await db.query('DELETE FROM auth.users WHERE id = $1', [carol.user.id]);
    await expectKeptOverSweeps(carol);
  });
});
