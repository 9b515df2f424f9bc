import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** The server tests create databases on; TEST_DATABASE_URL points elsewhere (any database on it). */
export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** Runs one statement as the server's admin (ALTER DATABASE, pg_terminate_backend, …). */
export async function adminQuery(sql: string): Promise<void> {
  await withAdmin((client) => client.query(sql));
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database for one test file; `drop()` removes it even with connections open.
 * `encoding` other than the server's default (e.g. LATIN1, as some installations still run) comes
 * from template0 with the C locale, which takes any encoding.
 */
export async function createTestDatabase(options: { encoding?: 'LATIN1' | 'SQL_ASCII' } = {}): Promise<TestDatabase> {
  const name = `intake_test_${randomBytes(6).toString('hex')}`;
  const encoding = options.encoding ? ` TEMPLATE template0 ENCODING '${options.encoding}' LC_COLLATE 'C' LC_CTYPE 'C'` : '';
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}${encoding}`));
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
