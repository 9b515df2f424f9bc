import { DataSource, type MixedList, type EntitySchema } from 'typeorm';

export interface ServiceDatabaseOptions {
  url: string;
  /** The PostgreSQL schema this service owns, e.g. `auth`. */
  schema: string;
  /** e.g. `auth_migrations`; lands inside `schema`. */
  migrationsTableName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
  /** The longest one statement may run (PostgreSQL's statement_timeout); 0 or unset for none. Migrations run without it. */
  statementTimeoutMs?: number;
}

export function createServiceDataSource(options: ServiceDatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: options.migrationsTableName,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    applicationName: options.applicationName ?? options.schema,
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5000, ...statementTimeout(options.statementTimeoutMs) },
  });
}

/**
 * node-postgres sends `statement_timeout` only when it is not 0; 0 ("none") goes as a server option,
 * so that a timeout set for the role or the database does not apply either.
 */
function statementTimeout(ms: number | undefined): Record<string, unknown> {
  if (ms === undefined) return {};
  return ms > 0 ? { statement_timeout: ms } : { options: '-c statement_timeout=0' };
}

/**
 * Creates the schema and runs pending migrations under a PostgreSQL advisory lock, so replicas that
 * start together take turns instead of racing on the migrations table.
 */
export async function migrateServiceSchema(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`intake:migrations:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`intake:migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}

/** A bounded liveness query for readiness checks. */
export async function pingDatabase(dataSource: DataSource, timeoutMs = 2000): Promise<boolean> {
  if (!dataSource.isInitialized) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([dataSource.query('SELECT 1').then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
