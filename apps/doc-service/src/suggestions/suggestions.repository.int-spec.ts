import { randomUUID } from 'node:crypto';
import { docsTestDatabase, type DocsTestDatabase } from '../docs-test-database';
import { SuggestionsRepository } from './suggestions.repository';

describe('SuggestionsRepository on a real database', () => {
  let db: DocsTestDatabase;
  let repo: SuggestionsRepository;

  beforeAll(async () => {
    db = await docsTestDatabase({ poolSize: 2 });
    repo = new SuggestionsRepository(db.ds);
  });
  afterAll(() => db?.close());

  it("stores a model's names without control characters (PostgreSQL refuses NUL), counting the same name once per document", async () => {
    const doc = randomUUID();
    await repo.add('document_type', ['Pay\u0000slip', ' payslip\n', '\u0007', 'x'.repeat(200)], doc);
    await repo.add('document_type', ['PAYSLIP'], randomUUID());
    const rows = await repo.list();
    expect(rows.map((r) => [r.name, r.times])).toEqual([
      ['Payslip', 2],
      ['x'.repeat(80), 1],
    ]);
  });
});
