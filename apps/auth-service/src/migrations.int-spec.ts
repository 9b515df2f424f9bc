import { createServiceDataSource, migrateServiceSchema } from '@intake/db';
import { migratedTestDatabase, migrateTwice } from '@intake/testing';
import { AUTH_ENTITIES, AUTH_SCHEMA } from './app.module';
import { AUTH_MIGRATIONS } from './migrations';

describe('auth-service migrations', () => {
  it('create only the auth schema with its own migrations table, and a second run is a no-op', async () => {
    const report = await migrateTwice({ schema: AUTH_SCHEMA, migrationsTableName: 'auth_migrations', entities: AUTH_ENTITIES, migrations: AUTH_MIGRATIONS });
    expect(report.firstRun.length).toBeGreaterThan(0);
    expect(report.secondRun).toEqual([]);
    expect(report.schemas.filter((s) => s !== 'public')).toEqual(['auth']);
    expect(report.tables).toEqual(['auth.access_grants', 'auth.auth_migrations', 'auth.deleted_users', 'auth.login_attempts', 'auth.profiles', 'auth.revoked_tokens', 'auth.user_app_permissions', 'auth.users']);
  });

  it('keep the grants allowing nothing an older release saved, and refuse new ones and changes to nothing from then on', async () => {
    const options = { schema: AUTH_SCHEMA, migrationsTableName: 'auth_migrations', entities: [] };
    const at = AUTH_MIGRATIONS.findIndex((m) => m.name === 'GrantsAllowSomething1764100007000');
    const before = await migratedTestDatabase({ ...options, migrations: AUTH_MIGRATIONS.slice(0, at) });
    try {
      const [user]: { id: string }[] = await before.ds.query(`INSERT INTO auth.users (username, email, full_name, role, password_hash) VALUES ('op', 'op@example.test', 'Op', 'operator', 'x') RETURNING id`);
      await before.ds.query(
        `INSERT INTO auth.access_grants (user_id, pattern, can_read, can_write, can_create) VALUES ($1, 'nothing-*', false, false, false), ($1, 'write-*', false, true, false)`,
        [user.id],
      );
      const all = createServiceDataSource({ ...options, migrations: AUTH_MIGRATIONS, url: before.db.url });
      await all.initialize();
      try {
        expect(await migrateServiceSchema(all, AUTH_SCHEMA)).toEqual(AUTH_MIGRATIONS.slice(at).map((m) => m.name));
        expect(await all.query('SELECT pattern FROM auth.access_grants ORDER BY pattern')).toEqual([{ pattern: 'nothing-*' }, { pattern: 'write-*' }]);
        await expect(all.query(`UPDATE auth.access_grants SET can_write = false WHERE pattern = 'write-*'`)).rejects.toThrow(/access_grants_allow_something/);
        await expect(all.query(`INSERT INTO auth.access_grants (user_id, pattern, can_read) VALUES ($1, 'new-*', false)`, [user.id])).rejects.toThrow(/access_grants_allow_something/);
        await all.query(`UPDATE auth.access_grants SET can_read = true WHERE pattern = 'nothing-*'`);
      } finally {
        await all.destroy();
      }
    } finally {
      await before.close();
    }
  });
});
