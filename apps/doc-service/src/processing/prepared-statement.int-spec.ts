import { createServiceDataSource, PreparedStatement, sqlState } from '@intake/db';
import { createTestDatabase, type TestDatabase, waitFor } from '@intake/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

// libs/db's PreparedStatement, tested here: libs/db may not use the testing lib (which uses it).

const SLEEP = new PreparedStatement<{ pid: number }>('test_sleep', 'SELECT pg_backend_pid() AS pid, pg_sleep($1::float8)');
const PID = new PreparedStatement<{ pid: number }>('test_pid', 'SELECT pg_backend_pid() AS pid');

describe('PreparedStatement on a real database', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let admin: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    // One connection: the second caller waits for the first one's, as under load.
    ds = createServiceDataSource({ url: db.url, schema: 'public', migrationsTableName: 'migrations', entities: [], migrations: [], poolSize: 1 });
    await ds.initialize();
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await ds?.destroy();
    await db?.drop();
  });

  it('survives its connection being terminated mid-statement, and the next caller gets a fresh one', async () => {
    const first = SLEEP.run(ds, [5]).catch((error: unknown) => error);
    const second = PID.run(ds, []);
    // The sleeping backend, found from outside, is terminated as a PostgreSQL restart or failover would.
    let victim = 0;
    await waitFor(async () => {
      const rows = await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()`);
      victim = rows.rows[0]?.pid ?? 0;
      return victim > 0;
    });
    await admin.query('SELECT pg_terminate_backend($1)', [victim]);
    expect(sqlState(await first)).toBe('57P01'); // admin_shutdown, severity FATAL
    const { rows } = await second;
    expect(rows[0].pid).not.toBe(victim);
    expect((await PID.run(ds, [])).rows[0].pid).toBe(rows[0].pid);
  });

  it('keeps the connection after a statement PostgreSQL refused', async () => {
    const before = (await PID.run(ds, [])).rows[0].pid;
    const refused = new PreparedStatement('test_refused', 'SELECT 1 / $1::int AS x');
    expect(sqlState(await refused.run(ds, [0]).catch((error: unknown) => error))).toBe('22012'); // division_by_zero
    expect((await PID.run(ds, [])).rows[0].pid).toBe(before);
  });
});
