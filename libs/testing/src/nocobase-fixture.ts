import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { WORKSPACE_ROOT } from './paths';
import { createTestDatabase, type TestDatabase } from './test-database';

/** The real NocoBase 2.2.15 dump beside the repository (see its README); NOCOBASE_FIXTURE_DIR overrides. */
export const NOCOBASE_FIXTURE_DIR = process.env.NOCOBASE_FIXTURE_DIR ?? join(WORKSPACE_ROOT, '../shared/fixtures/nocobase');

/** Loads the fixture into an existing (empty) database. Its files are plain SQL, no psql meta-commands, so pg runs them. */
export async function loadNocoBaseFixture(url: string, fixtureDir = NOCOBASE_FIXTURE_DIR): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const file of ['schema.sql', 'data.sql']) {
      const sql = readFileSync(join(fixtureDir, file), 'utf8');
      if (/^\\/m.test(sql)) throw new Error(`${join(fixtureDir, file)} contains psql meta-commands`);
      await client.query(sql);
    }
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** A throwaway database holding the fixture. */
export async function createNocoBaseDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  try {
    await loadNocoBaseFixture(db.url);
  } catch (error) {
    await db.drop();
    throw error;
  }
  return db;
}
