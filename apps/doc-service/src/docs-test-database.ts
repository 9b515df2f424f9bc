import { migratedTestDatabase, type MigratedTestDatabase } from '@intake/testing';
import { DOC_MIGRATIONS } from './migrations';

export type DocsTestDatabase = MigratedTestDatabase;

/** For doc-service's integration tests: a throwaway database with the docs schema as doc-service migrates it. */
export function docsTestDatabase(options: { poolSize?: number; encoding?: 'LATIN1' } = {}): Promise<DocsTestDatabase> {
  return migratedTestDatabase({ schema: 'docs', migrationsTableName: 'doc_migrations', entities: [], migrations: DOC_MIGRATIONS, ...options });
}
