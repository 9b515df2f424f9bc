import { type Actor, Actors, createNocoBaseDatabase, signIn, type TestDatabase, TestSuite } from '@intake/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';

type Who = 'admin' | 'power' | 'operator' | 'reader' | 'anonymous';
const WHO: Who[] = ['admin', 'power', 'operator', 'reader', 'anonymous'];

interface Fixture {
  self: Actor | null;
  otherUserId: string;
  grantId: string;
  /** A fresh NocoBase target on the fixture database, which operator and reader hold a grant on. */
  targetId: string;
  nocobaseDatabase: string;
}

interface Row {
  route: string;
  send: (api: request.Agent | ReturnType<typeof request>, f: Fixture) => request.Test;
  expect: Record<Who, number>;
  /** Sent with a token of its own: logout ends the session of the token it carries. */
  ownSession?: true;
}

const all = (status: number, anonymous = 401): Record<Who, number> => ({ admin: status, power: status, operator: status, reader: status, anonymous });
const adminOnly = (status: number): Record<Who, number> => ({ admin: status, power: 403, operator: 403, reader: 403, anonymous: 401 });
/** Another's record: an admin's to read; to anyone else it is not there, as any id that is not theirs. */
const othersHidden = (status: number): Record<Who, number> => ({ admin: status, power: 404, operator: 404, reader: 404, anonymous: 401 });
const unique = () => randomBytes(4).toString('hex');
const nocobase = (database: string) => ({ host: '127.0.0.1', port: 5432, database, user: 'postgres' });

/** Every route of the foundation, called by each role and by nobody, gets exactly this status. */
const ROWS: Row[] = [
  { route: 'POST /api/auth/login (wrong password)', send: (a) => a.post('/api/auth/login').send({ username: 'nobody-matrix', password: 'not it' }), expect: all(401, 401) },
  { route: 'POST /api/auth/logout', send: (a) => a.post('/api/auth/logout'), expect: all(204, 204), ownSession: true },
  { route: 'GET /api/auth/me', send: (a) => a.get('/api/auth/me'), expect: all(200) },
  { route: 'GET /api/users', send: (a) => a.get('/api/users'), expect: adminOnly(200) },
  {
    route: 'POST /api/users',
    send: (a) => {
      const u = `m-${unique()}`;
      return a.post('/api/users').send({ username: u, email: `${u}@example.test`, full_name: 'Matrix', password: 'matrix password 1' });
    },
    expect: adminOnly(201),
  },
  { route: 'GET /api/users/:self', send: (a, f) => a.get(`/api/users/${f.self?.user.id ?? f.otherUserId}`), expect: all(200) },
  { route: 'GET /api/users/:other', send: (a, f) => a.get(`/api/users/${f.otherUserId}`), expect: othersHidden(200) },
  { route: 'PATCH /api/users/:other', send: (a, f) => a.patch(`/api/users/${f.otherUserId}`).send({ full_name: 'Renamed' }), expect: adminOnly(200) },
  { route: 'DELETE /api/users/:other', send: (a, f) => a.delete(`/api/users/${f.otherUserId}`), expect: adminOnly(204) },
  { route: 'GET /api/profile', send: (a) => a.get('/api/profile'), expect: all(200) },
  { route: 'PUT /api/profile', send: (a) => a.put('/api/profile').send({ job_title: 'Tester' }), expect: all(200) },
  { route: 'GET /api/apps', send: (a) => a.get('/api/apps'), expect: all(200) },
  { route: 'GET /api/app-permissions', send: (a, f) => a.get(`/api/app-permissions?user_id=${f.otherUserId}`), expect: adminOnly(200) },
  { route: 'POST /api/app-permissions', send: (a, f) => a.post('/api/app-permissions').send({ user_id: f.otherUserId, app_key: 'imports' }), expect: adminOnly(201) },
  { route: 'DELETE /api/app-permissions/:userId/:appKey', send: (a, f) => a.delete(`/api/app-permissions/${f.otherUserId}/documents`), expect: adminOnly(204) },
  {
    route: 'POST /api/index-access',
    send: (a, f) => a.post('/api/index-access').send({ user_id: f.otherUserId, index_pattern: `p-${unique()}-*` }),
    expect: adminOnly(201),
  },
  { route: 'GET /api/index-access/my-accesses', send: (a) => a.get('/api/index-access/my-accesses'), expect: all(200) },
  { route: 'GET /api/index-access/user/:self', send: (a, f) => a.get(`/api/index-access/user/${f.self?.user.id ?? f.otherUserId}`), expect: all(200) },
  { route: 'GET /api/index-access/user/:other', send: (a, f) => a.get(`/api/index-access/user/${f.otherUserId}`), expect: othersHidden(200) },
  { route: 'PATCH /api/index-access/:id', send: (a, f) => a.patch(`/api/index-access/${f.grantId}`).send({ can_write: true }), expect: adminOnly(200) },
  { route: 'DELETE /api/index-access/:id', send: (a, f) => a.delete(`/api/index-access/${f.grantId}`), expect: adminOnly(204) },
  {
    route: 'POST /api/index-access/check-access',
    send: (a) => a.post('/api/index-access/check-access').send({ index_name: 'logs-1', action: 'read' }),
    expect: all(200),
  },
  // Non-admins have the imports app here, and operator and reader a grant on `customers` of every target.
  { route: 'GET /api/imports', send: (a) => a.get('/api/imports'), expect: all(200) },
  // Readers make no imports: refused before the body is looked at.
  { route: 'POST /api/imports (no file)', send: (a) => a.post('/api/imports').send({}), expect: { ...all(400), reader: 403 } },
  { route: 'GET /api/imports/:unknown', send: (a) => a.get('/api/imports/00000000-0000-4000-8000-000000000000'), expect: all(404) },
  { route: 'DELETE /api/imports/:unknown', send: (a) => a.delete('/api/imports/00000000-0000-4000-8000-000000000000'), expect: all(404) },
  { route: 'GET /api/import-targets', send: (a) => a.get('/api/import-targets'), expect: all(200) },
  {
    route: 'POST /api/import-targets',
    send: (a, f) => a.post('/api/import-targets').send({ kind: 'nocobase', name: `m-${unique()}`, settings: nocobase(f.nocobaseDatabase) }),
    expect: adminOnly(201),
  },
  { route: 'GET /api/import-targets/:id', send: (a, f) => a.get(`/api/import-targets/${f.targetId}`), expect: all(200) },
  { route: 'PATCH /api/import-targets/:id', send: (a, f) => a.patch(`/api/import-targets/${f.targetId}`).send({ name: `r-${unique()}` }), expect: adminOnly(200) },
  { route: 'DELETE /api/import-targets/:id', send: (a, f) => a.delete(`/api/import-targets/${f.targetId}`), expect: adminOnly(204) },
  { route: 'POST /api/import-targets/:id/test', send: (a, f) => a.post(`/api/import-targets/${f.targetId}/test`), expect: all(200) },
  { route: 'GET /api/import-targets/:id/collections', send: (a, f) => a.get(`/api/import-targets/${f.targetId}/collections`), expect: all(200) },
  {
    route: 'GET /api/import-targets/:id/collections/:name',
    send: (a, f) => a.get(`/api/import-targets/${f.targetId}/collections/customers`),
    expect: all(200),
  },
  { route: 'GET /.well-known/jwks.json', send: (a) => a.get('/.well-known/jwks.json'), expect: all(200, 200) },
  { route: 'GET /api/health', send: (a) => a.get('/api/health'), expect: all(200, 200) },
  { route: 'GET /api/docs', send: (a) => a.get('/api/docs'), expect: all(200, 200) },
];

describe('role × route matrix', () => {
  let suite: TestSuite;
  let actors: Actors;
  let nocobaseDb: TestDatabase;
  const actor: Partial<Record<Who, Actor>> = {};

  beforeAll(async () => {
    [suite, nocobaseDb] = await Promise.all([TestSuite.start(), createNocoBaseDatabase()]);
    actors = new Actors(suite);
    actor.admin = await actors.admin();
    for (const role of ['power', 'operator', 'reader'] as const) {
      const user = await actors.user(role);
      actor[role] = user;
      await request(suite.url).post('/api/app-permissions').set(actor.admin.auth).send({ user_id: user.user.id, app_key: 'imports' }).expect(201);
      if (role === 'power') continue;
      await request(suite.url).post('/api/index-access').set(actor.admin.auth).send({ user_id: user.user.id, index_pattern: 'customers', can_write: true }).expect(201);
    }
  });
  afterAll(async () => {
    await suite?.stop();
    await nocobaseDb?.drop();
  });

  /** A fresh victim per call, so one role's DELETE cannot change what the next role sees. */
  async function fixture(who: Who): Promise<Fixture> {
    const admin = actor.admin as Actor;
    const u = `v-${unique()}`;
    const victim = await request(suite.url)
      .post('/api/users')
      .set(admin.auth)
      .send({ username: u, email: `${u}@example.test`, full_name: 'Victim', password: 'victim password 1', role: 'reader' });
    const otherUserId = victim.body.id as string;
    await request(suite.url).post('/api/app-permissions').set(admin.auth).send({ user_id: otherUserId, app_key: 'documents' });
    const grant = await request(suite.url).post('/api/index-access').set(admin.auth).send({ user_id: otherUserId, index_pattern: 'victim-*' });
    const target = await request(suite.url)
      .post('/api/import-targets')
      .set(admin.auth)
      .send({ kind: 'nocobase', name: `t-${unique()}`, settings: nocobase(nocobaseDb.name) });
    return { self: actor[who] ?? null, otherUserId, grantId: grant.body.id as string, targetId: target.body.id as string, nocobaseDatabase: nocobaseDb.name };
  }

  const cases = ROWS.flatMap((row) => WHO.map((who) => [row.route, who, row.expect[who], row] as const));

  it.each(cases)('%s as %s → %i', async (_route, who, status, row) => {
    const f = await fixture(who);
    const test = row.send(request(suite.url), f);
    const self = actor[who];
    const token = self && row.ownSession ? await signIn(suite.url, self.user.username, self.password) : self?.token;
    const res = await (token ? test.set('authorization', `Bearer ${token}`) : test);
    expect({ status: res.status, body: res.status === status ? undefined : res.body }).toEqual({ status, body: undefined });
  });
});
