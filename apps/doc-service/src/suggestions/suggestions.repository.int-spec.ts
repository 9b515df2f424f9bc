import { randomUUID } from 'node:crypto';
import { docsTestDatabase, type DocsTestDatabase } from '../docs-test-database';
import { MAX_NAMES_PER_DOCUMENT, MAX_SUGGESTIONS_PER_KIND, SuggestionsRepository } from './suggestions.repository';

describe('SuggestionsRepository on a real database: the list stays bounded', () => {
  let db: DocsTestDatabase;
  let repo: SuggestionsRepository;

  beforeAll(async () => {
    db = await docsTestDatabase();
    repo = new SuggestionsRepository(db.ds);
  });
  afterAll(() => db?.close());
  beforeEach(() => db.ds.query('DELETE FROM docs.suggestions'));

  const names = async (kind: string) => ((await db.ds.query('SELECT name FROM docs.suggestions WHERE kind = $1', [kind])) as { name: string }[]).map((r) => r.name);

  it('counts at most the first names a document proposes, once each whatever the case', async () => {
    const many = Array.from({ length: MAX_NAMES_PER_DOCUMENT + 5 }, (_, i) => `Name ${i}`);
    await repo.add('category', ['name 0', ...many], randomUUID());
    expect((await names('category')).sort()).toEqual(['name 0', ...many.slice(1, MAX_NAMES_PER_DOCUMENT)].sort());
  });

  it('keeps the names proposed most often, then the most recent, when more come than the list holds', async () => {
    // Two names proposed often, then a long stream of one-off names.
    for (let i = 0; i < 3; i++) await repo.add('document_type', ['warranty', 'payslip'], randomUUID());
    for (let i = 0; i < MAX_SUGGESTIONS_PER_KIND + 20; i++) await repo.add('document_type', [`one-off ${i}`], randomUUID());
    const kept = await names('document_type');
    expect(kept).toHaveLength(MAX_SUGGESTIONS_PER_KIND);
    expect(kept).toEqual(expect.arrayContaining(['warranty', 'payslip', `one-off ${MAX_SUGGESTIONS_PER_KIND + 19}`]));
    expect(kept).not.toContain('one-off 0');
    // The other kind's list is its own.
    await repo.add('category', ['Office'], randomUUID());
    expect(await names('category')).toEqual(['Office']);
  });
});
