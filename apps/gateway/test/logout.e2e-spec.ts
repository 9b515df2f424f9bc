import { type Actor, signIn } from '@intake/testing';
import { decode } from 'jsonwebtoken';
import request from 'supertest';
import { DocSuite } from './doc-suite';

const ENDED = /ended by logging out/;

/** Logout ends the session of the token it is sent with, server-side: a copy of that token is refused. */
describe('logout', () => {
  let s: DocSuite;

  beforeAll(async () => {
    s = await DocSuite.start();
  });
  afterAll(() => s?.stop());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const me = (token: string) => s.api().get('/api/auth/me').set(bearer(token));
  /** doc-service itself, not through the gateway: it checks the token on its own. */
  const docServiceList = (token: string) => request(`http://127.0.0.1:${s.suite.docServicePort}`).get('/api/documents').set(bearer(token));

  it('refuses a logged-out bearer token at the gateway and at doc-service, and leaves the other sessions of the user alone', async () => {
    const ana: Actor = await s.user();
    const other = await signIn(s.suite.url, ana.user.username, ana.password);
    expect((decode(ana.token) as { jti?: string }).jti).toMatch(/^[0-9a-f-]{36}$/);
    await me(ana.token).expect(200);
    await docServiceList(ana.token).expect(200);

    await s.api().post('/api/auth/logout').set(ana.auth).expect(204);

    expect((await me(ana.token).expect(401)).body.message).toMatch(ENDED);
    expect((await s.api().get('/api/documents').set(ana.auth).expect(401)).body.message).toMatch(ENDED);
    expect((await docServiceList(ana.token).expect(401)).body.message).toMatch(ENDED);
    // Logout ends one session, not every session of the user.
    await me(other).expect(200);
    await s.api().get('/api/documents').set(bearer(other)).expect(200);
    await docServiceList(other).expect(200);
    // Logging out again, or with no token at all, answers as before.
    await s.api().post('/api/auth/logout').set(ana.auth).expect(204);
    await s.api().post('/api/auth/logout').expect(204);
    await me(other).expect(200);
  });

  it('ends a cookie session: logout needs the CSRF header, and the old cookie replayed is refused', async () => {
    const bob = await s.user();
    const agent = request.agent(s.suite.url);
    const login = await agent.post('/api/auth/login').send({ username: bob.user.username, password: bob.password }).expect(200);
    const cookie = `intake_token=${login.body.access_token}`;
    await s.api().get('/api/profile').set('cookie', cookie).expect(200);

    // Like every unsafe cookie request; the session goes on and the cookies stay.
    expect((await agent.post('/api/auth/logout').expect(403)).body.error).toBe('CSRF_TOKEN_INVALID');
    await agent.get('/api/profile').expect(200);

    const out = await agent.post('/api/auth/logout').set('x-csrf-token', login.body.csrf_token).expect(204);
    expect(([] as string[]).concat(out.headers['set-cookie'] ?? []).some((c) => c.startsWith('intake_token=;'))).toBe(true);
    await agent.get('/api/profile').expect(401);
    expect((await s.api().get('/api/profile').set('cookie', cookie).expect(401)).body.message).toMatch(ENDED);
    await me(bob.token).expect(200);
  });
});
