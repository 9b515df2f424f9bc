import { type Actor, Actors, createNocoBaseDatabase, freePort, type TestDatabase, TestSuite } from '@intake/testing';
import { Client } from 'pg';
import request from 'supertest';
import { type FakeServer, startPasswordRefusingServer, startSilentServer } from './fake-servers';

const PASSWORD = 'trust-ignores-this-9876';

describe('import targets and NocoBase collections', () => {
  let suite: TestSuite;
  let actors: Actors;
  let admin: Actor;
  let nocobase: TestDatabase;
  let targetId: string;
  let otherTargetId: string;
  const fakes: FakeServer[] = [];

  const api = () => request(suite.url);
  const settings = (overrides: Record<string, unknown> = {}) => ({ host: '127.0.0.1', port: 5432, database: nocobase.name, user: 'postgres', ...overrides });
  const create = (name: string, overrides: Record<string, unknown> = {}) =>
    api().post('/api/import-targets').set(admin.auth).send({ kind: 'nocobase', name, settings: settings(overrides) });
  const storedRow = async (id: string) => {
    const client = new Client({ connectionString: suite.db.url });
    await client.connect();
    try {
      return (await client.query('SELECT * FROM imports.targets WHERE id = $1', [id])).rows[0];
    } finally {
      await client.end();
    }
  };
  const allTargetIds = async () => (await api().get('/api/import-targets').set(admin.auth).expect(200)).body.map((t: { id: string }) => t.id).sort();
  /** A user of this role with the imports app and these grants. */
  async function user(role: 'power' | 'operator' | 'reader', grants: Record<string, unknown>[] = [], app = true): Promise<Actor> {
    const actor = await actors.user(role);
    if (app) await api().post('/api/app-permissions').set(admin.auth).send({ user_id: actor.user.id, app_key: 'imports' }).expect(201);
    for (const g of grants) await api().post('/api/index-access').set(admin.auth).send({ user_id: actor.user.id, ...g }).expect(201);
    return actor;
  }

  beforeAll(async () => {
    [suite, nocobase] = await Promise.all([TestSuite.start(), createNocoBaseDatabase()]);
    actors = new Actors(suite);
    admin = await actors.admin();
    targetId = (await create('Main NocoBase', { password: PASSWORD, acting_user_id: 3 }).expect(201)).body.id;
    otherTargetId = (await create('Other NocoBase').expect(201)).body.id;
  });
  afterAll(async () => {
    await Promise.all(fakes.map((f) => f.stop()));
    await suite?.stop();
    await nocobase?.drop();
  });

  describe('as admin', () => {
    it('creates a target with defaults, stores the password encrypted and masks it on every read', async () => {
      const got = await api().get(`/api/import-targets/${targetId}`).set(admin.auth).expect(200);
      expect(got.body).toMatchObject({
        id: targetId, kind: 'nocobase', name: 'Main NocoBase', created_by: admin.user.id,
        settings: { host: '127.0.0.1', port: 5432, database: nocobase.name, user: 'postgres', password: '••••9876', schema: 'public', table_prefix: null, ssl: false, acting_user_id: 3, snowflake_worker_id: 31 },
      });
      const list = await api().get('/api/import-targets').set(admin.auth).expect(200);
      expect(list.body.map((t: { name: string; settings: { password: string | null } }) => [t.name, t.settings.password])).toEqual([
        ['Main NocoBase', '••••9876'],
        ['Other NocoBase', null],
      ]);
      const row = await storedRow(targetId);
      expect(JSON.stringify(row)).not.toContain(PASSWORD);
      expect(row.secrets).toMatch(/^v1:/);
      expect(row.settings).not.toHaveProperty('password');
    });

    it('keeps the stored password when a PATCH sends the mask or none, and changes it otherwise', async () => {
      const before = (await storedRow(targetId)).secrets;
      const masked = await api().patch(`/api/import-targets/${targetId}`).set(admin.auth).send({ settings: { password: '••••9876', snowflake_worker_id: 5 } }).expect(200);
      expect(masked.body.settings).toMatchObject({ password: '••••9876', snowflake_worker_id: 5 });
      await api().patch(`/api/import-targets/${targetId}`).set(admin.auth).send({ name: 'Main NocoBase', settings: { snowflake_worker_id: 31 } }).expect(200);
      expect((await storedRow(targetId)).secrets).toBe(before);
      const scratch = (await create('Scratch', { password: 'first-password-1111' }).expect(201)).body;
      const changed = await api().patch(`/api/import-targets/${scratch.id}`).set(admin.auth).send({ settings: { password: 'second-password-2222' } }).expect(200);
      expect(changed.body.settings.password).toBe('••••2222');
      const pasted = await api().patch(`/api/import-targets/${scratch.id}`).set(admin.auth).send({ settings: { password: '••••2222third-password' } }).expect(400);
      expect(pasted.body.message).toMatch(/settings\.password: still starts with the masked password/);
      expect((await api().get(`/api/import-targets/${scratch.id}`).set(admin.auth).expect(200)).body.settings.password).toBe('••••2222');
      const cleared = await api().patch(`/api/import-targets/${scratch.id}`).set(admin.auth).send({ settings: { password: null } }).expect(200);
      expect(cleared.body.settings.password).toBeNull();
      await api().delete(`/api/import-targets/${scratch.id}`).set(admin.auth).expect(204);
      await api().get(`/api/import-targets/${scratch.id}`).set(admin.auth).expect(404);
      await api().delete(`/api/import-targets/${scratch.id}`).set(admin.auth).expect(404);
    });

    it('sends the stored password to no other address: a new host, port or a TLS switched off needs it entered again', async () => {
      const held = (await create('Held', { password: 'held-password-3333', ssl: true }).expect(201)).body;
      const before = (await storedRow(held.id)).secrets;
      for (const settings of [{ host: 'collector.example.test' }, { port: 6543 }, { ssl: false }, { host: '127.0.0.2', password: '••••3333' }]) {
        const refused = await api().patch(`/api/import-targets/${held.id}`).set(admin.auth).send({ settings }).expect(400);
        expect(refused.body.message).toBe('settings.password: enter the password again to use it at another address (or without TLS): the stored one goes only where it was entered for');
      }
      expect((await api().get(`/api/import-targets/${held.id}`).set(admin.auth).expect(200)).body.settings).toMatchObject({ host: '127.0.0.1', port: 5432, ssl: true });
      expect((await storedRow(held.id)).secrets).toBe(before);
      // The same address in other letters, another database or user, or the password given: as asked.
      await api().patch(`/api/import-targets/${held.id}`).set(admin.auth).send({ settings: { host: '127.0.0.1', database: 'other', user: 'someone' } }).expect(200);
      const moved = await api().patch(`/api/import-targets/${held.id}`).set(admin.auth).send({ settings: { host: 'collector.example.test', password: 'a-password-for-new-place-4444' } }).expect(200);
      expect(moved.body.settings).toMatchObject({ host: 'collector.example.test', password: '••••4444' });
      // Without a stored password there is nothing to send.
      await api().patch(`/api/import-targets/${otherTargetId}`).set(admin.auth).send({ settings: { host: 'localhost' } }).expect(200);
      await api().patch(`/api/import-targets/${otherTargetId}`).set(admin.auth).send({ settings: { host: '127.0.0.1' } }).expect(200);
      await api().delete(`/api/import-targets/${held.id}`).set(admin.auth).expect(204);
    });

    it('tests a working target: server version and collection count', async () => {
      const res = await api().post(`/api/import-targets/${targetId}/test`).set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ ok: true, collections: 9, server_version: expect.stringMatching(/^\d+/), warnings: [] });
      const noPassword = await api().post(`/api/import-targets/${otherTargetId}/test`).set(admin.auth).expect(200);
      expect(noPassword.body).toMatchObject({ ok: true, warnings: [expect.stringContaining('No acting user')] });
    });

    it('answers ok: false, quickly and with the reason, for a wrong port, database, password or a silent server', async () => {
      const refusing = await startPasswordRefusingServer();
      const silent = await startSilentServer();
      fakes.push(refusing, silent);
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ port: await freePort() }, /connection refused/],
        [{ database: 'no_such_nocobase' }, /Database 'no_such_nocobase' does not exist/],
        [{ port: refusing.port, password: 'wrong' }, /Password authentication failed for user 'postgres'/],
        [{ port: silent.port }, /No answer from 127\.0\.0\.1:\d+ in time/],
        [{ schema: 'elsewhere' }, /elsewhere\.collections does not exist/],
      ];
      for (const [overrides, message] of cases) {
        const id = (await create(`Broken ${JSON.stringify(overrides)}`, overrides).expect(201)).body.id;
        const started = Date.now();
        const res = await api().post(`/api/import-targets/${id}/test`).set(admin.auth).expect(200);
        expect(res.body).toMatchObject({ ok: false, collections: null, message: expect.stringMatching(message) });
        expect(Date.now() - started).toBeLessThan(5000);
      }
      const broken = (await create('Broken collections', { port: await freePort() }).expect(201)).body.id;
      const res = await api().get(`/api/import-targets/${broken}/collections`).set(admin.auth).expect(502);
      expect(res.body).toMatchObject({ error: 'TARGET_UNREACHABLE', message: expect.stringMatching(/connection refused/) });
    });

    it('reads through a new connection as soon as a target’s settings change', async () => {
      const id = (await create('Moving target').expect(201)).body.id;
      await api().get(`/api/import-targets/${id}/collections`).set(admin.auth).expect(200);
      await api().patch(`/api/import-targets/${id}`).set(admin.auth).send({ settings: { database: 'no_such_nocobase' } }).expect(200);
      expect((await api().get(`/api/import-targets/${id}/collections`).set(admin.auth).expect(502)).body.message).toMatch(/does not exist/);
      await api().patch(`/api/import-targets/${id}`).set(admin.auth).send({ settings: { database: nocobase.name } }).expect(200);
      await api().get(`/api/import-targets/${id}/collections`).set(admin.auth).expect(200);
      await api().delete(`/api/import-targets/${id}`).set(admin.auth).expect(204);
    });

    it('lists every collection and describes one', async () => {
      const list = await api().get(`/api/import-targets/${targetId}/collections`).set(admin.auth).expect(200);
      expect(list.body.map((c: { name: string }) => c.name)).toEqual(['users', 'customers', 'orders', 'departments', 'products', 't_p3txouos661', 'legacy_items', 'tickets']);
      expect(list.body[1]).toEqual({ name: 'customers', title: 'Customers', template: 'general', tree: false, field_count: 11, row_estimate: 3, can_write: true, kept_by: null });
      const orders = await api().get(`/api/import-targets/${targetId}/collections/orders`).set(admin.auth).expect(200);
      expect(orders.body).toMatchObject({ name: 'orders', table: { schema: 'public', name: 'orders' }, primary_key: { kind: 'snowflake' }, can_write: true });
      expect(orders.body.fields.find((f: { name: string }) => f.name === 'products').relation.through).toEqual({ schema: 'public', name: 't_w9ecfhg4a1v', collection: 't_w9ecfhg4a1v' });
      const missing = await api().get(`/api/import-targets/${targetId}/collections/nope`).set(admin.auth).expect(404);
      expect(missing.body.error).toBe('COLLECTION_NOT_FOUND');
    });

    it('refuses bad bodies with 400 naming each field, and duplicate names with 409', async () => {
      const bad = await api()
        .post('/api/import-targets')
        .set(admin.auth)
        .send({ kind: 'nocobase', name: '', settings: { host: 'http://x y', port: 70000, snowflake_worker_id: 40, ssl: 'yes' } })
        .expect(400);
      expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'name', 'settings.database', 'settings.host', 'settings.port', 'settings.snowflake_worker_id', 'settings.ssl', 'settings.user',
      ]);
      expect((await api().post('/api/import-targets').set(admin.auth).send({ name: 'x', settings: settings() }).expect(400)).body.message).toMatch(/kind/);
      expect((await api().post('/api/import-targets').set(admin.auth).send({ kind: 'nocobase', name: 'x', settings: settings({ passwd: 'x' }) }).expect(400)).body.message).toMatch(/passwd/);
      expect((await api().patch(`/api/import-targets/${targetId}`).set(admin.auth).send({ settings: { port: 'x' } }).expect(400)).body.message).toMatch(/settings\.port/);
      expect((await api().patch(`/api/import-targets/${targetId}`).set(admin.auth).send({ kind: 'elasticsearch' }).expect(400)).body.message).toMatch(/kind/);
      await api().get('/api/import-targets/not-a-uuid').set(admin.auth).expect(400);
      // Text the database cannot store is refused by field, never a 500; nor does a collection name with it look like the target down.
      expect((await api().post('/api/import-targets').set(admin.auth).send({ kind: 'nocobase', name: 'x\u0000y', settings: settings() }).expect(400)).body.message).toMatch(/name: must not contain NUL/);
      expect((await api().post('/api/import-targets').set(admin.auth).send({ kind: 'nocobase', name: 'x', settings: settings({ database: 'x\ud800' }) }).expect(400)).body.message).toMatch(/settings\.database: must be valid Unicode/);
      expect((await api().patch(`/api/import-targets/${targetId}`).set(admin.auth).send({ name: 'Main \u001b[2J' }).expect(400)).body.message).toMatch(/name: must not contain control characters/);
      expect((await api().get(`/api/import-targets/${targetId}/collections/cust%00omers`).set(admin.auth).expect(400)).body.message).toMatch(/must not contain NUL/);
      const dup = await create('MAIN nocobase').expect(409);
      expect(dup.body).toMatchObject({ error: 'TARGET_EXISTS', message: expect.stringContaining('MAIN nocobase') });
      await api().patch(`/api/import-targets/${otherTargetId}`).set(admin.auth).send({ name: 'main NocoBase' }).expect(409);
    });
  });

  describe('as others', () => {
    it('shows an operator only the targets and collections its write grants match', async () => {
      const operator = await user('operator', [{ es_server_id: targetId, index_pattern: 'customer*', can_write: true }]);
      const list = await api().get('/api/import-targets').set(operator.auth).expect(200);
      expect(list.body.map((t: { id: string }) => t.id)).toEqual([targetId]);
      // How the target is reached is for administrators: an operator only chooses it by name.
      expect(list.body[0]).toMatchObject({ name: expect.any(String), settings: null });
      expect((await api().get(`/api/import-targets/${targetId}`).set(operator.auth).expect(200)).body.settings).toBeNull();
      await api().get(`/api/import-targets/${otherTargetId}`).set(operator.auth).expect(404);
      const collections = await api().get(`/api/import-targets/${targetId}/collections`).set(operator.auth).expect(200);
      expect(collections.body.map((c: { name: string; can_write: boolean }) => [c.name, c.can_write])).toEqual([['customers', true]]);
      const customers = await api().get(`/api/import-targets/${targetId}/collections/customers`).set(operator.auth).expect(200);
      expect(customers.body).toMatchObject({ name: 'customers', can_write: true, title_field: 'email' });
      expect((await api().get(`/api/import-targets/${targetId}/collections/orders`).set(operator.auth).expect(404)).body.error).toBe('COLLECTION_NOT_FOUND');
      expect((await api().post(`/api/import-targets/${targetId}/test`).set(operator.auth).expect(200)).body.ok).toBe(true);
      await api().patch(`/api/import-targets/${targetId}`).set(operator.auth).send({ name: 'mine' }).expect(403);
      await api().delete(`/api/import-targets/${targetId}`).set(operator.auth).expect(403);
      await api().post('/api/import-targets').set(operator.auth).send({ kind: 'nocobase', name: 'mine', settings: settings() }).expect(403);
    });

    it('tells an operator a broken target cannot be used, without its host, port, user or database', async () => {
      const port = await freePort();
      const broken = (await create('Broken for operators', { port }).expect(201)).body.id as string;
      const operator = await user('operator', [{ es_server_id: broken, index_pattern: 'customers', can_write: true }]);
      const test = (await api().post(`/api/import-targets/${broken}/test`).set(operator.auth).expect(200)).body;
      expect(test).toMatchObject({ ok: false, message: expect.stringMatching(/^The import database cannot be used just now/) });
      const collections = (await api().get(`/api/import-targets/${broken}/collections`).set(operator.auth).expect(502)).body;
      expect(collections.message).toMatch(/^The import database cannot be used just now/);
      for (const answer of [test.message, collections.message]) expect(answer).not.toMatch(new RegExp(`127\\.0\\.0\\.1|${port}|postgres`));
      // Its administrator is told why.
      expect((await api().post(`/api/import-targets/${broken}/test`).set(admin.auth).expect(200)).body.message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*connection refused`));
      await api().delete(`/api/import-targets/${broken}`).set(admin.auth).expect(204);
    });

    it('hides every target from an operator without grants: an empty list and 404s', async () => {
      const operator = await user('operator');
      expect((await api().get('/api/import-targets').set(operator.auth).expect(200)).body).toEqual([]);
      expect((await api().get(`/api/import-targets/${targetId}`).set(operator.auth).expect(404)).body.error).toBe('TARGET_NOT_FOUND');
      await api().post(`/api/import-targets/${targetId}/test`).set(operator.auth).expect(404);
      await api().get(`/api/import-targets/${targetId}/collections`).set(operator.auth).expect(404);
      await api().get(`/api/import-targets/${targetId}/collections/customers`).set(operator.auth).expect(404);
    });

    it('applies a grant that names no target to every target', async () => {
      const operator = await user('operator', [{ es_server_id: null, index_pattern: 'tickets', can_write: true }]);
      const seen = (await api().get('/api/import-targets').set(operator.auth).expect(200)).body.map((t: { id: string }) => t.id).sort();
      expect(seen).toEqual(await allTargetIds());
      const collections = await api().get(`/api/import-targets/${targetId}/collections`).set(operator.auth).expect(200);
      expect(collections.body.map((c: { name: string }) => c.name)).toEqual(['tickets']);
    });

    it('deletes a target together with the grants on it, and leaves grants on other targets and on every target', async () => {
      const doomed = (await create('Doomed NocoBase').expect(201)).body.id;
      const operator = await user('operator', [
        { es_server_id: doomed, index_pattern: 'customers', can_write: true },
        { es_server_id: targetId, index_pattern: 'orders', can_write: true },
        { es_server_id: null, index_pattern: 'tickets', can_read: true },
      ]);
      await api().delete(`/api/import-targets/${doomed}`).set(admin.auth).expect(204);
      const left = (await api().get('/api/index-access/my-accesses').set(operator.auth).expect(200)).body;
      expect(left.map((g: { es_server_id: string | null; index_pattern: string }) => [g.es_server_id, g.index_pattern]).sort()).toEqual([[null, 'tickets'], [targetId, 'orders']].sort());
      expect((await api().delete(`/api/import-targets/${doomed}`).set(admin.auth).expect(404)).body.error).toBe('TARGET_NOT_FOUND');
    });

    it('refuses users without the imports app with 403 APP_NOT_GRANTED', async () => {
      const operator = await user('operator', [{ es_server_id: targetId, index_pattern: '*', can_write: true }], false);
      const res = await api().get('/api/import-targets').set(operator.auth).expect(403);
      expect(res.body).toMatchObject({ error: 'APP_NOT_GRANTED', message: expect.stringContaining('imports') });
      await api().get(`/api/import-targets/${targetId}/collections`).set(operator.auth).expect(403);
      const power = await user('power', [], false);
      await api().post(`/api/import-targets/${targetId}/test`).set(power.auth).expect(403);
      await api().get('/api/import-targets').expect(401);
    });

    it('lets power users see every target and write to every collection, but not manage targets', async () => {
      const power = await user('power');
      const seen = (await api().get('/api/import-targets').set(power.auth).expect(200)).body.map((t: { id: string }) => t.id).sort();
      expect(seen).toEqual(await allTargetIds());
      expect(seen).toEqual(expect.arrayContaining([targetId, otherTargetId]));
      const collections = await api().get(`/api/import-targets/${targetId}/collections`).set(power.auth).expect(200);
      expect(collections.body).toHaveLength(8);
      // All but NocoBase's own users, which no one imports into.
      expect(collections.body.filter((c: { can_write: boolean }) => !c.can_write).map((c: { name: string }) => c.name)).toEqual(['users']);
      await api().post('/api/import-targets').set(power.auth).send({ kind: 'nocobase', name: 'p', settings: settings() }).expect(403);
    });

    it('shows readers what their grants match, read-only', async () => {
      const reader = await user('reader', [{ es_server_id: targetId, index_pattern: 'order*' }]);
      expect((await api().get('/api/import-targets').set(reader.auth).expect(200)).body.map((t: { id: string }) => t.id)).toEqual([targetId]);
      const collections = await api().get(`/api/import-targets/${targetId}/collections`).set(reader.auth).expect(200);
      expect(collections.body.map((c: { name: string; can_write: boolean }) => [c.name, c.can_write])).toEqual([['orders', false]]);
      expect((await api().get(`/api/import-targets/${targetId}/collections/orders`).set(reader.auth).expect(200)).body.can_write).toBe(false);
      const none = await user('reader');
      expect((await api().get('/api/import-targets').set(none.auth).expect(200)).body).toEqual([]);
    });
  });

  it('documents every route in OpenAPI', async () => {
    const doc = await api().get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths).filter((p) => p.includes('import-targets')).sort()).toEqual([
      '/api/import-targets',
      '/api/import-targets/{id}',
      '/api/import-targets/{id}/collections',
      '/api/import-targets/{id}/collections/{name}',
      '/api/import-targets/{id}/test',
    ]);
  });
});
