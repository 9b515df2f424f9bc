import { migrateTwice } from '@intake/testing';
import { docsTestDatabase } from './docs-test-database';
import { DOC_MIGRATIONS } from './migrations';

describe('doc-service migrations', () => {
  it('create only the docs schema with its own migrations table, and a second run is a no-op', async () => {
    const report = await migrateTwice({ schema: 'docs', migrationsTableName: 'doc_migrations', entities: [], migrations: DOC_MIGRATIONS });
    expect(report.firstRun.length).toBe(DOC_MIGRATIONS.length);
    expect(report.secondRun).toEqual([]);
    expect(report.schemas.filter((s) => s !== 'public')).toEqual(['docs']);
    expect(report.tables).toEqual(['docs.ai_budget_holds', 'docs.ai_budget_waiters', 'docs.ai_calls', 'docs.categories', 'docs.doc_migrations', 'docs.document_categories', 'docs.documents', 'docs.model_answers', 'docs.search_index_state', 'docs.suggestions']);
  });

  it('migrate a database that is not UTF-8 too, where words are left as written', async () => {
    const { ds, migrated, close } = await docsTestDatabase({ poolSize: 2, encoding: 'LATIN1' });
    try {
      expect(migrated).toHaveLength(DOC_MIGRATIONS.length);
      const [row] = await ds.query(`SELECT docs.unaccented('Relatório anual') AS folded, docs.search_words('simple', 'Relatório anual')::text AS words`);
      // How words are cut there is the database locale's business (C here): only that it works is ours.
      expect(row).toEqual({ folded: 'Relatório anual', words: expect.stringContaining("'anual'") });
    } finally {
      await close();
    }
  });
});
