import { createServiceDataSource, migrateServiceSchema, type ServiceDatabaseOptions } from '@intake/db';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface MigratedTestDatabase {
  db: TestDatabase;
  /** Connected, with the service's migrations run. */
  ds: DataSource;
  /** What the migrations did, in order. */
  migrated: string[];
  close(): Promise<void>;
}

/** A throwaway database with a service's schema as the service migrates it, for its integration tests. */
export async function migratedTestDatabase(
  options: Omit<ServiceDatabaseOptions, 'url'> & { encoding?: 'LATIN1' },
): Promise<MigratedTestDatabase> {
  const { encoding, ...service } = options;
  const db = await createTestDatabase({ encoding });
  const ds = createServiceDataSource({ ...service, url: db.url });
  try {
    await ds.initialize();
    const migrated = await migrateServiceSchema(ds, service.schema);
    return { db, ds, migrated, close: () => ds.destroy().finally(() => db.drop()) };
  } catch (error) {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
    throw error;
  }
}

export interface MigrationReport {
  firstRun: string[];
  secondRun: string[];
  /** Schemas other than PostgreSQL's own that exist after migrating. */
  schemas: string[];
  /** Every table, as `schema.table`, outside PostgreSQL's own schemas. */
  tables: string[];
}

/** Migrates a service on an empty database twice and reports what it created. */
export async function migrateTwice(options: Omit<ServiceDatabaseOptions, 'url'>): Promise<MigrationReport> {
  const db = await createTestDatabase();
  try {
    const runOnce = async () => {
      const dataSource = createServiceDataSource({ ...options, url: db.url });
      await dataSource.initialize();
      try {
        return await migrateServiceSchema(dataSource, options.schema);
      } finally {
        await dataSource.destroy();
      }
    };
    const firstRun = await runOnce();
    const secondRun = await runOnce();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const own = `('pg_catalog', 'information_schema', 'pg_toast')`;
      const schemas = await client.query(`SELECT nspname FROM pg_namespace WHERE nspname NOT IN ${own} AND nspname NOT LIKE 'pg_%' ORDER BY 1`);
      const tables = await client.query(
        `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema NOT IN ${own} ORDER BY 1`,
      );
      return {
        firstRun,
        secondRun,
        schemas: schemas.rows.map((r) => r.nspname as string),
        tables: tables.rows.map((r) => r.t as string),
      };
    } finally {
      await client.end();
    }
  } finally {
    await db.drop();
  }
}
