import { TestSuite, waitFor } from '@intake/testing';
import request from 'supertest';

describe('login rate limit', () => {
  let suite: TestSuite;

  beforeAll(async () => {
    suite = await TestSuite.start({ env: { LOGIN_RATE_LIMIT: '5', LOGIN_RATE_WINDOW_SECONDS: '60' } });
  });
  afterAll(() => suite?.stop());

  const login = (username: string, password: string) => request(suite.url).post('/api/auth/login').send({ username, password });

  it('counts no successful sign-in: an office behind one address signs in as often as it needs', async () => {
    for (let i = 0; i < 8; i++) await login(suite.adminUsername, suite.adminPassword).expect(200);
  });

  it('counts no sign-in that auth-service was away for: the address is not held up once it is back', async () => {
    await suite.stopService('auth-service');
    try {
      for (let i = 0; i < 6; i++) expect((await login(suite.adminUsername, suite.adminPassword)).status).toBeGreaterThanOrEqual(500);
    } finally {
      await suite.startService('auth-service');
    }
    await waitFor(async () => (await login(suite.adminUsername, suite.adminPassword)).status === 200, 30_000, 250);
  });

  it('answers 429 once a client passes the limit of failed sign-ins, even with the right password, and says when to try again', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login(`flood-${i}`, 'flood-password')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const limited = await login(suite.adminUsername, suite.adminPassword);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: 'RATE_LIMITED', message: expect.stringMatching(/^Too many failed sign-ins from this address; try again in \d+ s$/) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('limits only the login route', async () => {
    await request(suite.url).get('/api/health').expect(200);
    await request(suite.url).get('/.well-known/jwks.json').expect(200);
  });
});
