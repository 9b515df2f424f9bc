import type { Actor } from '@intake/testing';
import { request as httpRequest } from 'node:http';
import { type Grant, ImportSuite } from './import-suite';

/** An order of the fixture's: Alice's cancelled one, which the tests point at an imported customer. */
const ORDER_ID = '399760437608459';
const ALICE_ID = '399759541403648';

describe('imports by operators and readers: only what their role and grants allow now', () => {
  let s: ImportSuite;

  beforeAll(async () => {
    s = await ImportSuite.start({}, { acting_user_id: 3 });
  });
  afterAll(() => s?.stop());

  const api = () => s.api();
  const query = (sql: string, params: unknown[] = []) => s.query(sql, params);

  const operator = (...grants: Grant[]) => s.importer('operator', ...grants);

  /**
   * Sends the form's target, then the head of a file and its first row, and holds the rest back:
   * the answer (status and body) that comes before the file ends, or 'no answer' after 5 s.
   */
  function answerBeforeTheFileEnds(auth: Record<string, string>, targetId: string): Promise<{ status: number; body: string } | 'no answer'> {
    const boundary = 'held-back-boundary';
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${s.suite.url}/api/imports`, { method: 'POST', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => {
          clearTimeout(timer);
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      const timer = setTimeout(() => {
        req.destroy();
        resolve('no answer');
      }, 5000);
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="target_id"\r\n\r\n${targetId}\r\n`);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="held.csv"\r\nContent-Type: text/csv\r\n\r\nname,email\n`);
    });
  }

  it('refuses an upload into a target the operator holds no grant on before its file is read', async () => {
    const stranger = await operator();
    expect(await answerBeforeTheFileEnds(stranger.auth, s.targetId)).toMatchObject({ status: 404 });
  });

  it('keeps an operator pinned to another target off this one, whatever its grants say', async () => {
    const other = (await s.api().post('/api/import-targets').set(s.admin.auth).send({ kind: 'nocobase', name: 'Pinned elsewhere', settings: s.targetSettings }).expect(201)).body.id as string;
    const pinned = await operator({ index_pattern: 'customers', can_write: true }, { es_server_id: null, index_pattern: 'orders', can_write: true });
    const pin = (target: string) => s.api().patch(`/api/users/${pinned.user.id}`).set(s.admin.auth).send({ assigned_es_server_id: target }).expect(200);
    const visible = async () => ((await s.api().get('/api/import-targets').set(pinned.auth).expect(200)).body as { id: string }[]).map((t) => t.id).sort();
    const collections = async (target: string) => ((await s.api().get(`/api/import-targets/${target}/collections`).set(pinned.auth).expect(200)).body as { name: string }[]).map((c) => c.name).sort();
    // Unpinned: this target by both grants, the other by the grant on every target.
    expect(await visible()).toEqual([other, s.targetId].sort());
    await pin(other);
    expect(await visible()).toEqual([other]);
    await s.api().get(`/api/import-targets/${s.targetId}/collections`).set(pinned.auth).expect(404);
    expect((await s.upload('pinned.csv', 'email\npinned@example.test\n', pinned).expect(404)).body.message).toMatch(/does not exist/);
    // On its own target, the grant naming every target applies; the one naming this target does not.
    expect(await collections(other)).toEqual(['orders']);
    // A target with a user pinned to it is not removed: that user would be shut out of every target.
    const refused = await s.api().delete(`/api/import-targets/${other}`).set(s.admin.auth).expect(409);
    expect(refused.body.message).toBe(`${pinned.user.username} is pinned to this import target: pin them to another target, or to none, before removing it`);
    expect(await visible()).toEqual([other]);
    await pin(s.targetId);
    expect(await collections(s.targetId)).toEqual(['customers', 'orders']);
    await s.api().patch(`/api/users/${pinned.user.id}`).set(s.admin.auth).send({ assigned_es_server_id: null }).expect(200);
    await s.api().delete(`/api/import-targets/${other}`).set(s.admin.auth).expect(204);
  });

  async function ready(who: Actor, name: string, csv: string): Promise<string> {
    const job = (await s.upload(name, csv, who).expect(201)).body;
    await s.until(job.id, ['ready', 'failed'], who);
    return job.id;
  }

  it('rolls back customers an operator imported although orders, which it holds no grant on, point at them', async () => {
    const who = await operator({ index_pattern: 'customers', can_write: true });
    const before = await query('SELECT * FROM customers ORDER BY id');
    const id = await ready(who, 'customers.csv', 'name,email\nNuno Operador,nuno@operators.test\n');
    await api().post(`/api/imports/${id}/start`).set(who.auth).expect(201);
    expect(await s.until(id, ['completed', 'failed'], who)).toMatchObject({ status: 'completed', progress: { inserted: 1 } });
    // Someone in NocoBase files an order under the new customer meanwhile.
    const [nuno] = await query(`SELECT id::text FROM customers WHERE email = 'nuno@operators.test'`);
    await query(`UPDATE orders SET "customerId" = $1 WHERE id = $2`, [nuno.id, ORDER_ID]);

    await api().post(`/api/imports/${id}/rollback`).set(who.auth).expect(201);
    expect(await s.until(id, ['rolled_back', 'completed'], who)).toMatchObject({ status: 'rolled_back', error: null });
    expect(await query('SELECT * FROM customers ORDER BY id')).toEqual(before);
    // As NocoBase does when a customer is deleted (onDelete SET NULL).
    expect(await query(`SELECT "customerId" FROM orders WHERE id = $1`, [ORDER_ID])).toEqual([{ customerId: null }]);
    await query(`UPDATE orders SET "customerId" = $1 WHERE id = $2`, [ALICE_ID, ORDER_ID]);
  });

  it("undoes an operator's all-or-nothing import that failed, as far as the records it wrote", async () => {
    const who = await operator({ index_pattern: 'customers', can_write: true });
    const before = await query('SELECT * FROM customers ORDER BY id');
    const id = await ready(who, 'customers.csv', 'name,email\nRui Operador,rui@operators.test\nBroken,not-an-email\n');
    await api()
      .put(`/api/imports/${id}/plan`)
      .set(who.auth)
      .send({ sheets: [{ sheet: 'customers', collection: 'customers', mapping: { A: 'name', B: 'email' } }], all_or_nothing: true })
      .expect(200);
    await api().post(`/api/imports/${id}/start`).set(who.auth).expect(201);
    const done = await s.until(id, ['completed', 'failed'], who);
    expect(done.status).toBe('failed');
    expect(done.error).not.toMatch(/removing the rows it wrote failed/);
    expect(await query('SELECT * FROM customers ORDER BY id')).toEqual(before);
  });

  it('says why a sheet named after a collection the operator may not import into is left out', async () => {
    const who = await operator({ index_pattern: 'orders', can_write: true }, { index_pattern: 'customers' });
    const id = await ready(who, 'customers.csv', 'Name,Email\nZé,ze@example.com\n');
    const [sheet] = (await api().get(`/api/imports/${id}/preview`).set(who.auth).expect(200)).body.sheets;
    expect(sheet.proposed_collection).toBeNull();
    expect(sheet.problems).toEqual(["no collection you may import into matches the sheet's name or its columns: choose the one it goes into, or leave it out"]);
  });

  describe('a relation column into a collection the operator may not read', () => {
    const CSV = 'Customer,Amount,Status\nalice@example.com,12.5,paid\n';
    const withCustomer = { sheets: [{ sheet: 'orders', collection: 'orders', mapping: { A: 'customer', B: 'amount', C: 'status' } }] };

    it('is left out of the proposal, saying why, and a plan naming it is refused by its column', async () => {
      const who = await operator({ index_pattern: 'orders', can_write: true });
      const id = await ready(who, 'orders.csv', CSV);
      const preview = (await api().get(`/api/imports/${id}/preview`).set(who.auth).expect(200)).body;
      const sheet = preview.sheets[0];
      expect(sheet.columns.map((c: { proposed_field: string | null }) => c.proposed_field)).toEqual([null, 'amount', 'status']);
      expect(sheet.problems[0]).toMatch(/^Column A \('Customer'\) is not proposed: field 'customer' links to collection 'customers', which you have no grant to read/);
      // Nothing of the customers reaches the preview: no lookups, no suggestions.
      expect(sheet.columns[0]).toMatchObject({ error_count: 0, unresolved: [] });
      // Named by the relation and one of its collection's fields, the same: said, not dropped without a word.
      const byField = await ready(who, 'orders.csv', CSV.replace('Customer,', 'Customer e-mail,'));
      const [other] = (await api().get(`/api/imports/${byField}/preview`).set(who.auth).expect(200)).body.sheets;
      expect(other.columns.map((c: { proposed_field: string | null }) => c.proposed_field)).toEqual([null, 'amount', 'status']);
      expect(other.problems[0]).toMatch(/^Column A \('Customer e-mail'\) is not proposed: field 'customer' links to collection 'customers', which you have no grant to read/);

      const refused = await api().put(`/api/imports/${id}/plan`).set(who.auth).send(withCustomer).expect(400);
      expect(refused.body.message).toMatch(/sheets\.0\.mapping\.A: field 'customer' links to collection 'customers', which you have no grant to read/);
      // The proposed plan, without the column, runs.
      await api().post(`/api/imports/${id}/start`).set(who.auth).expect(201);
      expect(await s.until(id, ['completed', 'failed'], who)).toMatchObject({ status: 'completed', progress: { inserted: 1, failed: 0 } });
    });

    it('is looked up with a grant to read that collection, and the order lands on its customer', async () => {
      const who = await operator({ index_pattern: 'orders', can_write: true }, { index_pattern: 'customers', can_read: true });
      const id = await ready(who, 'orders.csv', CSV.replace('12.5', '13.75'));
      const preview = (await api().get(`/api/imports/${id}/preview`).set(who.auth).expect(200)).body;
      expect(preview.sheets[0].columns.map((c: { proposed_field: string | null }) => c.proposed_field)).toEqual(['customer', 'amount', 'status']);
      await api().put(`/api/imports/${id}/plan`).set(who.auth).send(withCustomer).expect(200);
      await api().post(`/api/imports/${id}/start`).set(who.auth).expect(201);
      expect(await s.until(id, ['completed', 'failed'], who)).toMatchObject({ status: 'completed', progress: { inserted: 1, failed: 0 } });
      expect(await query(`SELECT "customerId"::text FROM orders WHERE amount = 13.75`)).toEqual([{ customerId: ALICE_ID }]);
      // Read, not write: the customers themselves stay out of the operator's reach.
      const refused = await s.upload('customers.csv', 'name,email\nX,x@operators.test\n', who).expect(201);
      await s.until(refused.body.id, ['ready', 'failed'], who);
      const plan = { sheets: [{ sheet: 'customers', collection: 'customers', mapping: { A: 'name', B: 'email' } }] };
      const answer = await api().put(`/api/imports/${refused.body.id}/plan`).set(who.auth).send(plan);
      expect([answer.status, answer.body.message]).toEqual([403, 'You may read but not import into Customers; ask an administrator for a write grant']);
      // Seen read-only, as the picker shows it.
      const listed = (await api().get(`/api/import-targets/${s.targetId}/collections`).set(who.auth).expect(200)).body;
      expect(listed.map((c: { name: string; can_write: boolean }) => [c.name, c.can_write])).toEqual([['customers', false], ['orders', true]]);
    });
  });

  describe('readers, and users whose role changed since', () => {
    const user = (role: 'power' | 'reader', ...grants: Grant[]) => s.importer(role, ...grants);
    const setRole = (who: Actor, role: string) => api().patch(`/api/users/${who.user.id}`).set(s.admin.auth).send({ role }).expect(200);

    it('refuses a reader an upload before its file is read, and every step that writes or causes work', async () => {
      const reader = await user('reader', { index_pattern: 'customers', can_read: true });
      const refused = await s.upload('customers.csv', 'name,email\nR,r@operators.test\n', reader).expect(403);
      expect(refused.body.message).toBe('Readers may view imports but not make them; ask an administrator for the operator role');
      // Its own job from before it became a reader: viewable, not changeable.
      const owner = await user('power');
      const id = await ready(owner, 'customers.csv', 'name,email\nR,r@operators.test\n');
      await setRole(owner, 'reader');
      await api().get(`/api/imports/${id}/preview`).set(owner.auth).expect(200);
      const plan = { sheets: [{ sheet: 'customers', collection: 'customers', mapping: { A: 'name', B: 'email' } }] };
      await api().put(`/api/imports/${id}/plan`).set(owner.auth).send(plan).expect(403);
      for (const step of ['start', 'cancel', 'rollback']) expect((await api().post(`/api/imports/${id}/${step}`).set(owner.auth)).status).toBe(403);
      expect((await s.job(id, owner)).status).toBe('ready');
    });

    it('refuses a rollback to a power user demoted since the import, and says why, with the rows kept', async () => {
      const power = await user('power');
      const id = await ready(power, 'customers.csv', 'name,email\nDemoted Power,demoted@operators.test\n');
      await api().post(`/api/imports/${id}/start`).set(power.auth).expect(201);
      expect((await s.until(id, ['completed', 'failed'], power)).status).toBe('completed');
      const imported = `SELECT count(*)::int AS n FROM customers WHERE email = 'demoted@operators.test'`;
      await setRole(power, 'reader');
      expect((await api().post(`/api/imports/${id}/rollback`).set(power.auth).expect(403)).body.message).toMatch(/Readers may view imports but not make them/);
      // An operator now, without a grant on customers: the collection is not theirs to change.
      await setRole(power, 'operator');
      expect((await api().post(`/api/imports/${id}/rollback`).set(power.auth)).status).toBe(404);
      expect(await query(imported)).toEqual([{ n: 1 }]);
      expect((await s.job(id, power)).status).toBe('completed');
      // An admin may roll it back for them.
      await api().post(`/api/imports/${id}/rollback`).set(s.admin.auth).expect(201);
      expect((await s.until(id, ['rolled_back', 'completed'])).status).toBe('rolled_back');
      expect(await query(imported)).toEqual([{ n: 0 }]);
    });

    it('holds at most 20 unfinished imports a user: one more is refused until one is started or cancelled', async () => {
      const power = await user('power');
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push((await s.upload(`open-${i}.csv`, `name,email\nOpen ${i},open${i}@operators.test\n`, power).expect(201)).body.id);
      const refused = await s.upload('one-more.csv', 'name,email\nX,x@operators.test\n', power).expect(429);
      expect(refused.body.message).toMatch(/You have 20 imports not finished yet/);
      // Named before the file, the target is asked about first: the refusal comes while the file is still being sent.
      const early = await answerBeforeTheFileEnds(power.auth, s.targetId);
      expect(early).toMatchObject({ status: 429, body: expect.stringMatching(/You have 20 imports not finished yet/) });
      await s.until(ids[0], ['ready'], power);
      await api().post(`/api/imports/${ids[0]}/cancel`).set(power.auth).expect(201);
      await s.upload('one-more.csv', 'name,email\nX,x@operators.test\n', power).expect(201);
    });

    it('has nothing to roll back for a job cancelled before it ran', async () => {
      const power = await user('power');
      const id = await ready(power, 'customers.csv', 'name,email\nNever,never@operators.test\n');
      await api().post(`/api/imports/${id}/cancel`).set(power.auth).expect(201);
      expect((await api().post(`/api/imports/${id}/rollback`).set(power.auth).expect(409)).body.message).toBe('The import never ran, so there is nothing to roll back');
    });
  });
});
