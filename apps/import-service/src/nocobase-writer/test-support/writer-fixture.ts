import type { CollectionDescription } from '@intake/contracts';
import { createServiceDataSource, migrateServiceSchema } from '@intake/db';
import { Client } from 'pg';
import { createNocoBaseDatabase, type TestDatabase } from '@intake/testing';
import type { DataSource } from 'typeorm';
import { IMPORT_MIGRATIONS } from '../../migrations';
import { CollectionReader } from '../../nocobase/collection-reader';
import { NocoBaseMetadataRepository } from '../../nocobase/nocobase-metadata.repository';
import { NocoBasePools } from '../../nocobase/nocobase-pools';
import type { NocoBaseConnection } from '../../targets/nocobase-target';
import { IdReservationsRepository } from '../id-reservations.repository';
import { IdReservations } from '../id-reservations';
import { JobChangesRepository } from '../job-changes.repository';
import { JobInsertsRepository } from '../job-inserts.repository';
import { JobLinksRepository } from '../job-links.repository';
import { JobRollback } from '../job-rollback';
import { NocoBaseBatchWriter } from '../nocobase-batch-writer';
import { RelationResolver } from '../relation-resolver';
import { TableFactsReader } from '../table-facts';
import { WorkerIdCheck } from '../worker-id-check';

/**
 * The writer wired by hand on one throwaway database that holds both NocoBase's tables (the real
 * 2.2.15 dump, schema `public`) and our own `imports` schema — for the int-specs and the benchmark.
 */
export interface WriterStack {
  conn: NocoBaseConnection;
  dataSource: DataSource;
  pools: NocoBasePools;
  reader: CollectionReader;
  reservations: IdReservations;
  reservationsRepository: IdReservationsRepository;
  journal: JobChangesRepository;
  inserts: JobInsertsRepository;
  links: JobLinksRepository;
  writer: NocoBaseBatchWriter;
  relations: RelationResolver;
  rollback: JobRollback;
  workerIds: WorkerIdCheck;
  facts: TableFactsReader;
  /** A plain connection for arranging and asserting. */
  sql: Client;
  describe(collection: string): Promise<CollectionDescription>;
  close(): Promise<void>;
}

/** Runs the fixture's schema.sql and data.sql (plain SQL, no psql meta-commands). */
export function connectionFor(url: string, databaseName: string, overrides: Partial<NocoBaseConnection> = {}): NocoBaseConnection {
  const u = new URL(url);
  return {
    targetId: '00000000-0000-4000-8000-0000000000aa',
    host: u.hostname,
    port: Number(u.port || 5432),
    database: databaseName,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    schema: 'public',
    table_prefix: null,
    ssl: false,
    acting_user_id: 3,
    snowflake_worker_id: 29,
    ...overrides,
  };
}

export async function openWriterStack(url: string, databaseName: string, overrides: Partial<NocoBaseConnection> = {}): Promise<WriterStack> {
  const dataSource = createServiceDataSource({ url, schema: 'imports', migrationsTableName: 'import_migrations', entities: [], migrations: IMPORT_MIGRATIONS });
  await dataSource.initialize();
  await migrateServiceSchema(dataSource, 'imports');
  const pools = new NocoBasePools();
  const reader = new CollectionReader(pools, new NocoBaseMetadataRepository());
  const reservationsRepository = new IdReservationsRepository(dataSource);
  const journal = new JobChangesRepository(dataSource);
  const inserts = new JobInsertsRepository(dataSource);
  const links = new JobLinksRepository(dataSource);
  const conn = connectionFor(url, databaseName, overrides);
  const sql = new Client({ connectionString: url });
  await sql.connect();
  const describe = async (collection: string) => {
    const d = await reader.describe(conn, collection, true);
    if (!d) throw new Error(`no collection ${collection}`);
    return d;
  };
  return {
    conn,
    dataSource,
    pools,
    reader,
    reservations: new IdReservations(reservationsRepository, pools),
    reservationsRepository,
    journal,
    inserts,
    links,
    writer: new NocoBaseBatchWriter(pools, journal, inserts, links),
    relations: new RelationResolver(pools),
    rollback: new JobRollback(pools, journal, inserts, links),
    workerIds: new WorkerIdCheck(pools, reservationsRepository),
    facts: new TableFactsReader(pools),
    sql,
    describe,
    close: async () => {
      await sql.end();
      await pools.onApplicationShutdown();
      await dataSource.destroy();
    },
  };
}

/** Every row of a table as jsonb text, ordered by a column: compare two dumps for "exactly the same". */
export async function dumpTable(client: Client, table: string, orderBy = 'id'): Promise<string[]> {
  const { rows } = await client.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY ${orderBy}`);
  return rows.map((r) => r.row);
}

/** A throwaway database holding the fixture and our schema, with the writer stack open on it. */
export async function openFixtureDatabase(): Promise<{ db: TestDatabase; stack: WriterStack }> {
  const db = await createNocoBaseDatabase();
  return { db, stack: await openWriterStack(db.url, db.name) };
}

export async function closeFixtureDatabase(db: TestDatabase | undefined, stack: WriterStack | undefined): Promise<void> {
  await stack?.close();
  await db?.drop();
}
