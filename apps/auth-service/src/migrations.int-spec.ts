import { migrateTwice } from '@intake/testing';
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
});
