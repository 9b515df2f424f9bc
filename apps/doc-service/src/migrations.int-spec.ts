import { migrateTwice } from '@intake/testing';
import { CreateDocSchema1764100002000 } from './migrations/1764100002000-create-docs-schema';

describe('doc-service migrations', () => {
  it('create only the docs schema with its own migrations table, and a second run is a no-op', async () => {
    const report = await migrateTwice({ schema: 'docs', migrationsTableName: 'doc_migrations', entities: [], migrations: [CreateDocSchema1764100002000] });
    expect(report.firstRun.length).toBeGreaterThan(0);
    expect(report.secondRun).toEqual([]);
    expect(report.schemas.filter((s) => s !== 'public')).toEqual(['docs']);
    expect(report.tables).toEqual(['docs.doc_migrations']);
  });
});
