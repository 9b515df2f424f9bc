import { createServiceDataSource, migrateServiceSchema } from '@intake/db';
import { createTestDatabase, type TestDatabase } from '@intake/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DOC_MIGRATIONS } from '../migrations';
import { SuggestionsRepository } from './suggestions.repository';

describe('SuggestionsRepository on a real database', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let repo: SuggestionsRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createServiceDataSource({ url: db.url, schema: 'docs', migrationsTableName: 'doc_migrations', entities: [], migrations: DOC_MIGRATIONS, poolSize: 2 });
    await ds.initialize();
    await migrateServiceSchema(ds, 'docs');
    repo = new SuggestionsRepository(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

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
