import { createServiceDataSource, migrateServiceSchema } from '@intake/db';
import { createTestDatabase, migrateTwice } from '@intake/testing';
import { DOC_MIGRATIONS } from './migrations';

describe('doc-service migrations', () => {
  it('create only the docs schema with its own migrations table, and a second run is a no-op', async () => {
    const report = await migrateTwice({ schema: 'docs', migrationsTableName: 'doc_migrations', entities: [], migrations: DOC_MIGRATIONS });
    expect(report.firstRun.length).toBe(DOC_MIGRATIONS.length);
    expect(report.secondRun).toEqual([]);
    expect(report.schemas.filter((s) => s !== 'public')).toEqual(['docs']);
    expect(report.tables).toEqual(['docs.ai_calls', 'docs.categories', 'docs.doc_migrations', 'docs.document_categories', 'docs.documents', 'docs.search_index_state', 'docs.suggestions']);
  });

  it('migrate a database that is not UTF-8 too, where words are left as written', async () => {
    const db = await createTestDatabase({ encoding: 'LATIN1' });
    const ds = createServiceDataSource({ url: db.url, schema: 'docs', migrationsTableName: 'doc_migrations', entities: [], migrations: DOC_MIGRATIONS, poolSize: 2 });
    try {
      await ds.initialize();
      expect(await migrateServiceSchema(ds, 'docs')).toHaveLength(DOC_MIGRATIONS.length);
      const [row] = await ds.query(`SELECT docs.unaccented('Relatório anual') AS folded, docs.search_words('simple', 'Relatório anual')::text AS words`);
      // How words are cut there is the database locale's business (C here): only that it works is ours.
      expect(row).toEqual({ folded: 'Relatório anual', words: expect.stringContaining("'anual'") });
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
