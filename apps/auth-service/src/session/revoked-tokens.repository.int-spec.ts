import { createServiceDataSource, migrateServiceSchema } from '@intake/db';
import { createTestDatabase, type TestDatabase } from '@intake/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AUTH_ENTITIES, AUTH_SCHEMA } from '../app.module';
import { AUTH_MIGRATIONS } from '../migrations';
import { UsersRepository } from '../users/users.repository';
import { RevokedTokensRepository } from './revoked-tokens.repository';

describe('revoked tokens on a real database', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let revoked: RevokedTokensRepository;
  let users: UsersRepository;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createServiceDataSource({ url: db.url, schema: AUTH_SCHEMA, migrationsTableName: 'auth_migrations', entities: AUTH_ENTITIES, migrations: AUTH_MIGRATIONS });
    await ds.initialize();
    await migrateServiceSchema(ds, AUTH_SCHEMA);
    revoked = new RevokedTokensRepository(ds);
    users = new UsersRepository(ds);
    const user = await users.create({
      username: 'rita',
      email: 'rita@example.test',
      fullName: 'Rita',
      role: 'reader',
      isActive: true,
      assignedEsServerId: null,
      passwordHash: 'x',
    });
    userId = user.id;
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const listed = async () => ((await ds.query('SELECT jti FROM auth.revoked_tokens ORDER BY jti')) as { jti: string }[]).map((r) => r.jti);
  const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000);

  it('finds a revoked jti with its user in one lookup, and only that jti', async () => {
    const jti = randomUUID();
    await revoked.revoke({ jti, userId, expiresAt: inMinutes(60) });
    await revoked.revoke({ jti, userId, expiresAt: inMinutes(60) }); // twice is fine
    expect(await users.findForSession(userId, jti)).toMatchObject({ user: { id: userId }, revoked: true });
    expect(await users.findForSession(userId, randomUUID())).toMatchObject({ user: { id: userId }, revoked: false });
    expect(await users.findForSession(userId, null)).toMatchObject({ user: { id: userId }, revoked: false });
    expect(await users.findForSession(randomUUID(), jti)).toEqual({ user: null, revoked: false });
  });

  it('drops the rows of expired tokens when it revokes another', async () => {
    await ds.query('DELETE FROM auth.revoked_tokens');
    const [expired, live, next] = [randomUUID(), randomUUID(), randomUUID()];
    await revoked.revoke({ jti: expired, userId, expiresAt: inMinutes(-1) });
    await revoked.revoke({ jti: live, userId, expiresAt: inMinutes(60) });
    expect(await listed()).toEqual([live].sort());
    await revoked.revoke({ jti: next, userId, expiresAt: inMinutes(60) });
    expect(await listed()).toEqual([live, next].sort());
  });
});
