import { migrateTwice } from '@intake/testing';
import { IMPORT_ENTITIES } from './app.module';
import { IMPORT_MIGRATIONS } from './migrations';

describe('import-service migrations', () => {
  it('create only the imports schema with its own migrations table, and a second run is a no-op', async () => {
    const report = await migrateTwice({ schema: 'imports', migrationsTableName: 'import_migrations', entities: IMPORT_ENTITIES, migrations: IMPORT_MIGRATIONS });
    expect(report.firstRun.length).toBe(IMPORT_MIGRATIONS.length);
    expect(report.secondRun).toEqual([]);
    expect(report.schemas.filter((s) => s !== 'public')).toEqual(['imports']);
    expect(report.tables).toEqual(expect.arrayContaining(['imports.import_jobs', 'imports.import_migrations', 'imports.targets']));
    expect(report.tables.every((t) => t.startsWith('imports.'))).toBe(true);
  });
});
