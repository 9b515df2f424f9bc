import { TestSuite, waitFor } from '@intake/testing';
import { execFileSync } from 'node:child_process';
import request from 'supertest';

/** First start on an empty database, without ADMIN_PASSWORD; and what listens on the host. */
describe('first start', () => {
  let suite: TestSuite;

  beforeAll(async () => {
    suite = await TestSuite.start({ env: { ADMIN_PASSWORD: '', ADMIN_USERNAME: 'boss', ADMIN_EMAIL: 'boss@example.test' } });
  });
  afterAll(() => suite?.stop());

  const printed = () => [...suite.logs('auth-service').matchAll(/First admin: (\S+) \/ (\S+)/g)];

  it('creates the first admin with a random password printed once, and it signs in', async () => {
    expect(printed()).toHaveLength(1);
    const [, username, password] = printed()[0];
    expect(username).toBe('boss');
    expect(password.length).toBeGreaterThanOrEqual(16);
    const res = await request(suite.url).post('/api/auth/login').send({ username: 'boss', password }).expect(200);
    // Generated and printed: the admin is asked to choose their own.
    expect(res.body.user).toMatchObject({ role: 'admin', email: 'boss@example.test', password_change_due: true });
    expect(suite.logs('auth-service').split(password).length - 1).toBe(1);
  });

  it('does not create or print another admin on restart', async () => {
    await suite.stopService('auth-service');
    await suite.startService('auth-service');
    await waitFor(async () => (await request(suite.url).get('/api/health')).status === 200, 30_000, 200);
    expect(printed()).toHaveLength(1);
    const [, , password] = printed()[0];
    const token = (await request(suite.url).post('/api/auth/login').send({ username: 'boss', password }).expect(200)).body.access_token;
    const users = await request(suite.url).get('/api/users').set('authorization', `Bearer ${token}`).expect(200);
    expect(users.body).toHaveLength(1);
  });

  it('lets only the gateway listen for the host; doc-service only on loopback, for the gateway\'s proxy', () => {
    const listeners = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' }).split('\n');
    const addressesOf = (pid: number | undefined) => listeners.filter((l) => pid !== undefined && l.includes(`pid=${pid},`)).map((l) => l.trim().split(/\s+/)[3]);
    expect(addressesOf(suite.pid('gateway')).length).toBeGreaterThan(0);
    for (const service of ['auth-service', 'import-service'] as const) {
      expect({ service, addresses: addressesOf(suite.pid(service)) }).toEqual({ service, addresses: [] });
    }
    expect(addressesOf(suite.pid('doc-service'))).toEqual([`127.0.0.1:${suite.docServicePort}`]);
  });
});
