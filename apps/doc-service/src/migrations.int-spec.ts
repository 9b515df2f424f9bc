import { migrateTwice } from '@intake/testing';
import { DOC_MIGRATIONS } from './migrations';

describe('doc-service migrations', () => {
  it('create only the docs schema with its own migrations table, and a second run is a no-op', async () => {
    const report = await migrateTwice({ schema: 'docs', migrationsTableName: 'doc_migrations', entities: [], migrations: DOC_MIGRATIONS });
    expect(report.firstRun.length).toBe(DOC_MIGRATIONS.length);
    expect(report.secondRun).toEqual([]);
    expect(report.schemas.filter((s) => s !== 'public')).toEqual(['docs']);
    expect(report.tables).toEqual(['docs.ai_calls', 'docs.categories', 'docs.doc_migrations', 'docs.document_categories', 'docs.documents', 'docs.search_index_state', 'docs.suggestions']);
  });
});
