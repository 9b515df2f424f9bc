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

  it('cleans names, counts each once per document whatever the case, and at most the first of one document', async () => {
    const many = Array.from({ length: MAX_NAMES_PER_DOCUMENT + 5 }, (_, i) => `Name ${i}`);
    await repo.add('category', ['name 0', ...many], randomUUID());
    expect((await names('category')).sort()).toEqual(['name 0', ...many.slice(1, MAX_NAMES_PER_DOCUMENT)].sort());
    await repo.add('document_type', ['Pay\u0000slip\u001f', `  ${'x'.repeat(100)}  `, '\u0007'], randomUUID());
    expect((await names('document_type')).sort()).toEqual(['Payslip', 'x'.repeat(80)]);
    await repo.add('document_type', ['PAYSLIP'], randomUUID());
    expect(await db.ds.query(`SELECT name, times FROM docs.suggestions WHERE kind = 'document_type' AND name = 'Payslip'`)).toEqual([{ name: 'Payslip', times: 2 }]);
  });

  it('counts a Greek name ending in ς and its capitals (Σ) as one name, in one document and across documents', async () => {
    await repo.add('category', ['Σίσυφος', 'ΣΊΣΥΦΟΣ'], randomUUID());
    await repo.add('category', ['σίσυφοσ'], randomUUID());
    expect(await db.ds.query(`SELECT name, times FROM docs.suggestions WHERE kind = 'category'`)).toEqual([{ name: 'Σίσυφος', times: 2 }]);
  });

  it('makes proposed names plain as typed ones are: composed, nothing invisible alone, never cut through a character', async () => {
    await repo.add('category', ['Cafe\u0301', 'Café', '\u200b', '\u200d', `${'x'.repeat(79)}😀`, 'Gro\u200bceries'], randomUUID());
    expect((await names('category')).sort()).toEqual(['Café', 'Groceries', 'x'.repeat(79)].sort());
  });

  it('keeps the names proposed most recently when more come than the list holds', async () => {
    // A list full of names proposed often, then a new name and a stream of one-off names, with a recurring one among them.
    for (let i = 0; i < MAX_SUGGESTIONS_PER_KIND; i++) for (let n = 0; n < 2; n++) await repo.add('document_type', [`old favourite ${i}`], randomUUID());
    await repo.add('document_type', ['Utility bill'], randomUUID());
    expect(await names('document_type')).toContain('Utility bill');
    for (let i = 0; i < MAX_SUGGESTIONS_PER_KIND + 20; i++) {
      await repo.add('document_type', [`one-off ${i}`], randomUUID());
      if (i % 50 === 0) await repo.add('document_type', ['Utility bill'], randomUUID());
    }
    const kept = await names('document_type');
    expect(kept).toHaveLength(MAX_SUGGESTIONS_PER_KIND);
    expect(kept).toEqual(expect.arrayContaining(['Utility bill', `one-off ${MAX_SUGGESTIONS_PER_KIND + 19}`]));
    expect(kept).not.toContain('one-off 0');
    expect(kept).not.toContain('old favourite 0');
    // The other kind's list is its own.
    await repo.add('category', ['Office'], randomUUID());
    expect(await names('category')).toEqual(['Office']);
  });
});
