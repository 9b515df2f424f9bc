import { Actors, TestSuite, waitFor } from '@intake/testing';
import request from 'supertest';

describe('login', () => {
  let suite: TestSuite;
  let actors: Actors;

  beforeAll(async () => {
    suite = await TestSuite.start({
      env: { LOG_LEVEL: 'info', LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_WINDOW_SECONDS: '2' },
    });
    actors = new Actors(suite);
  });
  afterAll(() => suite?.stop());

  const login = (username: string, password: string) => request(suite.url).post('/api/auth/login').send({ username, password });

  it('accepts the username or the email, in any case, and answers the original shape', async () => {
    const operator = await actors.user('operator');
    const byName = await login(operator.user.username.toUpperCase(), operator.password).expect(200);
    expect(byName.body).toMatchObject({ token_type: 'Bearer', expires_in: 28800, user: { id: operator.user.id, role: 'operator' } });
    expect(typeof byName.body.access_token).toBe('string');
    expect(byName.body.user).not.toHaveProperty('password_hash');
    const byEmail = await login(operator.user.email, operator.password).expect(200);
    expect(byEmail.body.user.id).toBe(operator.user.id);
  });

  it('says the same thing for a wrong password and an unknown user', async () => {
    const reader = await actors.user('reader');
    const wrong = await login(reader.user.username, 'not-the-password').expect(401);
    const unknown = await login('nobody-at-all', 'whatever-password').expect(401);
    expect(wrong.body.message).toBe('Invalid username or password');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('names the missing field of a bad body', async () => {
    const res = await request(suite.url).post('/api/auth/login').send({ username: 'x' }).expect(400);
    expect(res.body.message).toMatch(/password/);
    expect(res.body.details.fields).toEqual([expect.objectContaining({ field: 'password' })]);
    expect((await request(suite.url).post('/api/auth/login').send({ username: 'ali\u0000ce', password: 'x' }).expect(400)).body.message).toMatch(/username: must not contain NUL/);
    expect((await request(suite.url).post('/api/auth/login').send({ username: 'alice', password: 'x\ud800' }).expect(400)).body.message).toMatch(/password: must be valid Unicode/);
    // A name longer once lower-cased (İ lowers to two characters) is a wrong login like any other.
    await request(suite.url).post('/api/auth/login').send({ username: 'İ'.repeat(254), password: 'x' }).expect(401);
    const malformed = await request(suite.url).post('/api/auth/login').set('content-type', 'application/json').send('{"username":');
    expect(malformed.status).toBe(400);
    // Parsed by the gateway itself (not proxied): bytes that are not UTF-8, and a body sent as a form.
    const latin1 = Buffer.concat([Buffer.from('{"username":"jos'), Buffer.from([0xe9]), Buffer.from('","password":"x"}')]);
    const notUtf8 = await fetch(`${suite.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: latin1 });
    expect(notUtf8.status).toBe(400);
    expect(((await notUtf8.json()) as { message: string }).message).toBe('Request body rejected: it is not valid UTF-8, as a JSON body must be');
    const form = await request(suite.url).post('/api/auth/login').type('form').send({ username: 'x', password: 'y' }).expect(400);
    expect(form.body.message).toBe('Invalid body: none was read; send a JSON object with Content-Type: application/json');
  });

  it('locks an account after repeated failures, even for the right password, and unlocks after the window', async () => {
    const victim = await actors.user('power');
    for (let i = 0; i < 3; i++) await login(victim.user.username, `wrong-${i}-password`).expect(401);
    const locked = await login(victim.user.username, victim.password).expect(429);
    expect(locked.body).toMatchObject({ error: 'ACCOUNT_LOCKED', message: expect.stringMatching(/^Too many failed password attempts; try again in (\d+ s|\d+ minutes?)$/) });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The lock is per account: others still sign in.
    await login(suite.adminUsername, suite.adminPassword).expect(200);
    await waitFor(async () => (await login(victim.user.username, victim.password)).status === 200, 6000, 250);
  });

  it('locks a name that matches no account exactly like a real one, so the lock reveals nothing', async () => {
    const real = await actors.user('reader');
    const statuses = async (username: string) => {
      const out: number[] = [];
      for (let i = 0; i < 4; i++) out.push((await login(username, `guess-${i}-password`)).status);
      return out;
    };
    expect(await statuses(real.user.username)).toEqual([401, 401, 401, 429]);
    expect(await statuses('made-up-name')).toEqual([401, 401, 401, 429]);
  });

  it('counts parallel guesses: a burst cannot slip past the limit', async () => {
    const victim = await actors.user('operator');
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => login(victim.user.username, `parallel-${i}-guess`)));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });

  it('lifts a lock when an admin sets a new password, and ends the old sessions', async () => {
    const admin = await actors.admin();
    const user = await actors.user('reader');
    for (let i = 0; i < 3; i++) await login(user.user.username, `wrong-${i}-password`).expect(401);
    await login(user.user.username, user.password).expect(429);
    await request(suite.url).patch(`/api/users/${user.user.id}`).set(admin.auth).send({ password: 'reset by the admin' }).expect(200);
    await request(suite.url).get('/api/auth/me').set(user.auth).expect(401);
    await login(user.user.username, 'reset by the admin').expect(200);
  });

  it('refuses a deactivated account', async () => {
    const admin = await actors.admin();
    const gone = await actors.user('reader');
    await request(suite.url).patch(`/api/users/${gone.user.id}`).set(admin.auth).send({ is_active: false }).expect(200);
    const res = await login(gone.user.username, gone.password).expect(401);
    expect(res.body.message).toMatch(/deactivated/);
  });

  it('keeps passwords, tokens and cookies out of every log', async () => {
    const user = await actors.user('reader');
    const login = await request(suite.url).post('/api/auth/login').send({ username: user.user.username, password: user.password }).expect(200);
    await request(suite.url).get('/api/profile').set('authorization', `Bearer ${login.body.access_token}`).expect(200);
    await request(suite.url).get('/api/profile').set('cookie', `intake_token=${login.body.access_token}`).expect(200);
    // Nor what a user searches their documents for.
    await request(suite.url).get('/api/documents').query({ q: 'salary of maria', page: 2 }).set('authorization', `Bearer ${login.body.access_token}`);
    const logs = ['gateway', 'auth-service'].map((s) => suite.logs(s as 'gateway')).join('\n');
    expect(logs).toContain('/api/profile');
    // Its line is written once the answer went out: looked for until it is there.
    await waitFor(async () => suite.logs('gateway').includes('/api/documents?q=%5Bredacted%5D&page=2'), 5000, 50);
    expect(['gateway', 'auth-service', 'doc-service'].map((s) => suite.logs(s as 'gateway')).join('\n')).not.toMatch(/salary/);
    expect(logs).not.toContain(user.password);
    expect(logs).not.toContain(suite.adminPassword);
    expect(logs).not.toContain(login.body.access_token.split('.')[2]);
    expect(logs).not.toContain(login.body.csrf_token);
  });
});
