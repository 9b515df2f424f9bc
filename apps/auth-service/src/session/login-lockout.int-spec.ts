import { createServiceDataSource, migrateServiceSchema } from '@intake/db';
import { createTestDatabase, type TestDatabase } from '@intake/testing';
import type { DataSource } from 'typeorm';
import { AUTH_ENTITIES, AUTH_SCHEMA } from '../app.module';
import type { AuthServiceConfig } from '../config';
import { AUTH_MIGRATIONS } from '../migrations';
import { LoginLockout } from './login-lockout';

describe('sign-in attempts on a real database', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createServiceDataSource({ url: db.url, schema: AUTH_SCHEMA, migrationsTableName: 'auth_migrations', entities: AUTH_ENTITIES, migrations: AUTH_MIGRATIONS });
    await ds.initialize();
    await migrateServiceSchema(ds, AUTH_SCHEMA);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('deletes attempts older than the trust they give, and keeps the recent ones', async () => {
    const insert = (name: string, age: string) =>
      ds.query(`INSERT INTO auth.login_attempts (username_key, succeeded, ip, created_at) VALUES ($1, false, '192.0.2.1', now() - $2::interval)`, [name, age]);
    await insert('flood-old', '40 days');
    await insert('flood-recent', '20 days');
    const lockout = new LoginLockout({ lockout: { maxFailures: 5, maxAccountFailures: 20, windowSeconds: 900 } } as AuthServiceConfig, ds);
    expect(await lockout.guard({ userId: null, usernameKey: 'someone', ip: '192.0.2.2' }, async () => false)).toBe(false);
    const kept = ((await ds.query('SELECT username_key FROM auth.login_attempts ORDER BY id')) as { username_key: string }[]).map((r) => r.username_key);
    expect(kept).toEqual(['flood-recent', 'someone']);
  });

  it('finds a name\'s failures through its index, not by reading every attempt', async () => {
    await ds.query('ANALYZE auth.login_attempts');
    await ds.query('SET enable_seqscan = off');
    const plan = ((await ds.query(`EXPLAIN SELECT created_at FROM auth.login_attempts WHERE user_id IS NULL AND username_key = 'x' AND NOT succeeded`)) as { 'QUERY PLAN': string }[])
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    await ds.query('RESET enable_seqscan');
    expect(plan).toMatch(/login_attempts_name_time/);
  });
});
