import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { type Caller } from '@intake/contracts';
import { RpcClient } from '@intake/messaging';
import { TestSuite } from '@intake/testing';
import { decode } from 'jsonwebtoken';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';

/** auth-service enforces its contracts itself: NATS is not a way around the gateway's checks. */
describe('auth-service message handlers over real NATS', () => {
  let suite: TestSuite;
  let rpc: RpcClient;
  let adminCaller: Caller;

  beforeAll(async () => {
    suite = await TestSuite.start();
    const proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { ...suite.nats.options, servers: [suite.nats.url] } });
    await proxy.connect();
    rpc = new RpcClient(proxy, 3000);
    const login = await rpc.request('auth.session.login', { username: suite.adminUsername, password: suite.adminPassword, ip: null });
    adminCaller = { userId: login.user.id, role: 'admin' };
  });
  afterAll(async () => {
    await rpc?.close();
    await suite?.stop();
  });

  it('refuses a NATS client without the credentials', async () => {
    await expect(connect({ servers: suite.nats.url, reconnect: false })).rejects.toThrow(/Authorization Violation/);
  });

  it('refuses a caller-less request to a non-public subject', async () => {
    await expect(rpc.request('auth.users.list', {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('refuses a role the contract does not allow', async () => {
    const reader: Caller = { userId: adminCaller.userId, role: 'reader' };
    await expect(rpc.request('auth.users.list', {}, { caller: reader })).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('refuses a payload that breaks the contract, naming the field', async () => {
    const bad = rpc.request('auth.users.create', { username: 'ok-name', email: 'nope' } as never, { caller: adminCaller });
    await expect(bad).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('email') });
    await expect(rpc.request('auth.users.get', { id: 'x' }, { caller: { userId: 'not-a-uuid', role: 'admin' } as Caller })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('caller.userId'),
    });
  });

  it('answers a well-formed admin request', async () => {
    const users = await rpc.request('auth.users.list', {}, { caller: adminCaller });
    expect(users.map((u) => u.username)).toContain(suite.adminUsername);
  });

  it('lets a caller end only the session of their own token', async () => {
    const password = 'victim password 1';
    const victim = await rpc.request(
      'auth.users.create',
      { username: 'logout-victim', email: 'logout-victim@example.test', full_name: 'Victim', password, role: 'reader' },
      { caller: adminCaller },
    );
    const victimCaller: Caller = { userId: victim.id, role: 'reader' };
    const { access_token } = await rpc.request('auth.session.login', { username: victim.username, password, ip: null });
    const claims = decode(access_token) as { iat_ms: number; jti: string };
    const verify = () => rpc.request('auth.session.verify', { user_id: victim.id, issued_at_ms: claims.iat_ms, jti: claims.jti });

    await expect(rpc.request('auth.session.logout', { access_token }, { caller: adminCaller })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(rpc.request('auth.session.logout', { access_token })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const forged = `${access_token.slice(0, access_token.lastIndexOf('.'))}.AAAA`;
    await expect(rpc.request('auth.session.logout', { access_token: forged }, { caller: victimCaller })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await verify()).id).toBe(victim.id);

    await expect(rpc.request('auth.session.logout', { access_token }, { caller: victimCaller })).resolves.toEqual({ revoked: true });
    await expect(verify()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/logging out/) });
  });

  it("changes users only for an admin still active when the change is made: a request sent before a demotion restores nothing", async () => {
    const make = (username: string, role: 'admin' | 'reader') =>
      rpc.request('auth.users.create', { username, email: `${username}@example.test`, full_name: username, password: 'long enough password 1', role, current_password: suite.adminPassword }, { caller: adminCaller });
    const demoted = await make('demoted-admin', 'admin');
    const other = await make('someone-else', 'reader');
    await rpc.request('auth.users.update', { id: demoted.id, changes: { role: 'reader', is_active: false, current_password: suite.adminPassword } }, { caller: adminCaller });
    // As the gateway checked it before the demotion landed: still an admin in the caller.
    const stale: Caller = { userId: demoted.id, role: 'admin' };
    await expect(rpc.request('auth.users.update', { id: demoted.id, changes: { role: 'admin', is_active: true } }, { caller: stale })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Refused as a demoted admin, not asked for a password: with the right one as much as without.
    await expect(rpc.request('auth.users.update', { id: other.id, changes: { role: 'admin' } }, { caller: stale })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(rpc.request('auth.users.update', { id: other.id, changes: { role: 'admin', current_password: 'long enough password 1' } }, { caller: stale })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(rpc.request('auth.users.delete', { id: other.id }, { caller: stale })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const newAdmin = { username: 'stale-made', email: 'stale-made@example.test', full_name: 'Made late', password: 'long enough password 1', role: 'admin' as const };
    await expect(rpc.request('auth.users.create', newAdmin, { caller: stale })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(rpc.request('auth.grants.create', { user_id: other.id, index_pattern: '*', can_write: true, can_create: true }, { caller: stale })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(rpc.request('auth.app_permissions.grant', { user_id: other.id, app_key: 'imports' }, { caller: stale })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await rpc.request('auth.users.get', { id: demoted.id }, { caller: adminCaller })).toMatchObject({ role: 'reader', is_active: false });
    expect(await rpc.request('auth.users.get', { id: other.id }, { caller: adminCaller })).toMatchObject({ role: 'reader' });
  });

  it('takes an id in capitals as the same id: the last admin cannot demote or delete themselves that way', async () => {
    const own = adminCaller.userId.toUpperCase();
    await expect(rpc.request('auth.users.update', { id: own, changes: { role: 'power' } }, { caller: adminCaller })).rejects.toMatchObject({ code: 'LAST_ADMIN' });
    await expect(rpc.request('auth.users.delete', { id: own }, { caller: adminCaller })).rejects.toMatchObject({ status: 409 });
    await expect(rpc.request('auth.users.get', { id: own }, { caller: { userId: own, role: 'reader' } as Caller })).resolves.toMatchObject({ id: adminCaller.userId });
  });

  it('answers a profile change of an account deleted meanwhile as a session that is over, not a database error', async () => {
    const gone: Caller = { userId: '00000000-0000-4000-8000-0000000000aa', role: 'reader' };
    await expect(rpc.request('auth.profile.update', { phone: '+351 1' }, { caller: gone })).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('holds at most 2,000 users, so the users list always fits one answer', async () => {
    const db = new Client({ connectionString: suite.db.url });
    await db.connect();
    try {
      const existing = Number((await db.query('SELECT count(*) FROM auth.users')).rows[0].count);
      await db.query(
        `INSERT INTO auth.users (username, email, full_name, role, password_hash)
         SELECT 'bulk' || n, 'bulk' || n || '@example.test', 'Bulk user ' || n, 'reader', 'x' FROM generate_series(1, $1) n`,
        [2000 - existing],
      );
      const extra = { username: 'one-too-many', email: 'one-too-many@example.test', full_name: 'One too many', password: 'long enough password 1', role: 'reader' as const };
      await expect(rpc.request('auth.users.create', extra, { caller: adminCaller })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/^Intake holds at most 2,000 users/) });
      expect((await rpc.request('auth.users.list', {}, { caller: adminCaller })).length).toBe(2000);
    } finally {
      await db.query(`DELETE FROM auth.users WHERE username LIKE 'bulk%'`);
      await db.end();
    }
  });

  it('answers a raw request with a malformed envelope with an error reply, and stays up', async () => {
    const nc: NatsConnection = await connect(suite.nats.options);
    try {
      const reply = await nc.request('auth.users.list', new TextEncoder().encode('{"pattern":"auth.users.list","data":"oops","id":"1"}'), { timeout: 3000 });
      const body = JSON.parse(new TextDecoder().decode(reply.data));
      expect(body.response).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', status: 400 } });
      const badData = JSON.stringify({ pattern: 'auth.users.get', id: '2', data: { caller: adminCaller, data: { id: 42 } } });
      const second = JSON.parse(new TextDecoder().decode((await nc.request('auth.users.get', new TextEncoder().encode(badData), { timeout: 3000 })).data));
      expect(second.response).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('id') } });
    } finally {
      await nc.close();
    }
    expect((await rpc.request('auth.health.check', {})).status).toBe('up');
  });

  it('times out instead of hanging when a subscriber never answers', async () => {
    const nc = await connect(suite.nats.options);
    try {
      const silent = nc.subscribe('doc.health.check', { queue: 'doc-service', callback: () => undefined });
      await suite.stopService('doc-service');
      const started = Date.now();
      await expect(rpc.request('doc.health.check', {}, { timeoutMs: 500 })).rejects.toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        message: expect.stringContaining('did not answer'),
      });
      expect(Date.now() - started).toBeLessThan(2000);
      silent.unsubscribe();
    } finally {
      await nc.close();
    }
  });
});
