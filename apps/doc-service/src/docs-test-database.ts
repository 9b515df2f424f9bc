import { createServiceDataSource, migrateServiceSchema } from '@intake/db';
import { createTestDatabase, type TestDatabase } from '@intake/testing';
import type { DataSource } from 'typeorm';
import { DOC_MIGRATIONS } from './migrations';

export interface DocsTestDatabase {
  db: TestDatabase;
  /** Connected, with doc-service's migrations run. */
  ds: DataSource;
  /** What the migrations did, in order. */
  migrated: string[];
  close(): Promise<void>;
}

/** For doc-service's integration tests: a throwaway database with the docs schema as doc-service migrates it. */
export async function docsTestDatabase(options: { poolSize?: number; encoding?: 'LATIN1' } = {}): Promise<DocsTestDatabase> {
  const db = await createTestDatabase({ encoding: options.encoding });
  const ds = createServiceDataSource({ url: db.url, schema: 'docs', migrationsTableName: 'doc_migrations', entities: [], migrations: DOC_MIGRATIONS, poolSize: options.poolSize });
  try {
    await ds.initialize();
    const migrated = await migrateServiceSchema(ds, 'docs');
    return { db, ds, migrated, close: () => ds.destroy().finally(() => db.drop()) };
  } catch (error) {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
    throw error;
  }
}
