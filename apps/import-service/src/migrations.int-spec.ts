import { migrateTwice } from '@intake/testing';
import { CreateImportSchema1764100001000 } from './migrations/1764100001000-create-imports-schema';

describe('import-service migrations', () => {
  it('create only the imports schema with its own migrations table, and a second run is a no-op', async () => {
    const report = await migrateTwice({ schema: 'imports', migrationsTableName: 'import_migrations', entities: [], migrations: [CreateImportSchema1764100001000] });
    expect(report.firstRun.length).toBeGreaterThan(0);
    expect(report.secondRun).toEqual([]);
    expect(report.schemas.filter((s) => s !== 'public')).toEqual(['imports']);
    expect(report.tables).toEqual(['imports.import_migrations']);
  });
});
