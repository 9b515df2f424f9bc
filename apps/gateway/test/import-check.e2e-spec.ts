import type { Actor } from '@intake/testing';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImportSuite } from './import-suite';

// Headers the proposal cannot place, and dates only month-first reads: the operator maps and says so by hand.
const CSV = ['Full name,Mail,Years,Joined', 'Ana Souza,ana.check@example.test,34,12/31/2024', 'Bruno Lima,bruno.check@example.test,old,01/02/2024', 'Carla Dias,carla.check@example.test,29,02/28/2024'].join('\n');

type Column = { letter: string; proposed_field: string | null; error_count: number; first_errors: { row: number; message: string }[] };

/** Checking the rows again with a plan changed by hand, through the gateway: POST /api/imports/:id/check. */
describe('imports: the rows checked again with the saved plan', () => {
  let s: ImportSuite;
  let olga: Actor;

  beforeAll(async () => {
    s = await ImportSuite.start();
    olga = await s.importer('operator', { index_pattern: 'customers', can_read: true, can_write: true });
  });
  afterAll(() => s?.stop());

  const preview = async (id: string, who: Actor = olga) => (await s.api().get(`/api/imports/${id}/preview`).set(who.auth).expect(200)).body;
  const plan = {
    sheets: [{ sheet: 'customers', collection: 'customers', mapping: { A: 'name', B: 'email', C: 'age', D: 'signupDate' } }],
    mode: 'insert',
    date_order: 'month-first',
    time_zone: 'Europe/Lisbon',
  };

  async function ready(csv = CSV): Promise<string> {
    const { body } = await s.upload('customers.csv', csv, olga).expect(201);
    await s.until(body.id, ['ready'], olga);
    return body.id as string;
  }

  it('checks the columns mapped by hand, as the plan reads dates, and replaces the proposal with the plan', async () => {
    const id = await ready();
    const before = (await preview(id)).sheets[0].columns as Column[];
    // Unplaced by the proposal, so unchecked.
    expect(before.find((c) => c.letter === 'C')?.proposed_field).toBeNull();

    await s.api().put(`/api/imports/${id}/plan`).set(olga.auth).send(plan).expect(200);
    const started = await s.api().post(`/api/imports/${id}/check`).set(olga.auth).expect(201);
    expect(started.body.status).toBe('analysing');
    expect(await s.until(id, ['ready', 'failed'], olga)).toMatchObject({ status: 'ready', error: null });

    const after = await preview(id);
    const columns = after.sheets[0].columns as Column[];
    expect(columns.map((c) => c.proposed_field)).toEqual(['name', 'email', 'age', 'signupDate']);
    expect(columns[2]).toMatchObject({ error_count: 1, first_errors: [{ row: 3, message: expect.stringMatching(/'old' is not a number/) }] });
    // 12/31/2024 fits month-first, as the plan reads it (day-first it would fail).
    expect(columns[3].error_count).toBe(0);
    expect(after.sheets[0]).toMatchObject({ proposed_collection: 'customers', failing_rows: 1 });
    expect(after.proposed_plan).toMatchObject({ mode: 'insert', date_order: 'month-first', time_zone: 'Europe/Lisbon' });

    // The run goes as checked: two rows in, the one the check named fails.
    await s.api().post(`/api/imports/${id}/start`).set(olga.auth).expect(201);
    expect((await s.until(id, ['completed', 'failed'], olga)).progress).toMatchObject({ inserted: 2, failed: 1 });
    expect(await s.query(`SELECT "signupDate" AT TIME ZONE 'UTC' AS d FROM customers WHERE email = 'ana.check@example.test'`)).toEqual([{ d: new Date('2024-12-31T00:00:00Z') }]);
  });

  it('checks an update as an update, keyed as planned: the e-mails customers have are the records it changes, the others fail', async () => {
    const id = await ready(['Full name,Mail', 'Alice,alice@example.com', 'Bob Checked,bob@example.com', 'Nobody,nobody.check@example.test', 'Carol,CAROL@example.com'].join('\n'));
    const update = { ...plan, mode: 'update', key_fields: ['email'], empty_cells: 'keep', sheets: [{ ...plan.sheets[0], mapping: { A: 'name', B: 'email' } }] };
    await s.api().put(`/api/imports/${id}/plan`).set(olga.auth).send(update).expect(200);
    await s.api().post(`/api/imports/${id}/check`).set(olga.auth).expect(201);
    await s.until(id, ['ready'], olga);
    const after = await preview(id);
    expect(after.proposed_plan).toMatchObject({ mode: 'update', key_fields: ['email'] });
    // In update mode the e-mail is the key: held values are the records changed, said so rather than failed.
    expect(after.sheets[0].columns[1].unique_values).toMatchObject({ existing: 2, repeated: 0 });
    // The key finds Alice and Bob; no customer has row 4's e-mail, so the update will fail that row.
    // Carol's key is written in capitals: no record has it, and the check names the one that has it but for case.
    expect(after.sheets[0].key_matches).toMatchObject({ mode: 'update', key_fields: ['email'], matched: 2, unmatched: 2, unmatched_rows: [4, 5], fails: 2, unmatched_like: [{ row: 5, value: 'CAROL@example.com', existing: 'carol@example.com' }] });
    await s.api().post(`/api/imports/${id}/start`).set(olga.auth).expect(201);
    // Alice's record already holds her row's values: left unchanged, not written.
    expect((await s.until(id, ['completed', 'failed'], olga)).progress).toMatchObject({ updated: 1, unchanged: 1, failed: 2 });
    // The list names each import's mode.
    const listed = (await s.api().get('/api/imports').set(olga.auth).expect(200)).body.items as { id: string; mode: string | null }[];
    expect(listed.find((j) => j.id === id)?.mode).toBe('update');
  });

  it('an upsert keeping empty cells: a blank required cell keeps the record\'s value, and fails only a row that would add a record', async () => {
    const csv = ['Name,SKU,Price', ',HW-R1,5200', ',NEW-CHECK-1,10', 'Named,NEW-CHECK-2,11'].join('\n');
    const { body } = await s.upload('products.csv', csv).expect(201);
    await s.until(body.id, ['ready']);
    const upsert = { sheets: [{ sheet: 'products', collection: 'products', mapping: { A: 'name', B: 'sku', C: 'price' }, key_fields: ['sku'] }], mode: 'upsert', empty_cells: 'keep' };
    await s.api().put(`/api/imports/${body.id}/plan`).set(s.admin.auth).send(upsert).expect(200);
    await s.api().post(`/api/imports/${body.id}/check`).set(s.admin.auth).expect(201);
    await s.until(body.id, ['ready']);
    const checked = (await s.api().get(`/api/imports/${body.id}/preview`).set(s.admin.auth).expect(200)).body;
    expect(checked.sheets[0].failing_rows).toBe(0);
    expect(checked.sheets[0].key_matches).toMatchObject({ matched: 1, unmatched: 1, incomplete: 1, incomplete_rows: [3], fails: 1 });
    const name = async () => (await s.query(`SELECT name FROM products WHERE sku = 'HW-R1'`))[0].name;
    const before = await name();
    await s.api().post(`/api/imports/${body.id}/start`).set(s.admin.auth).expect(201);
    expect((await s.until(body.id, ['completed', 'failed'])).progress).toMatchObject({ updated: 1, inserted: 1, failed: 1 });
    expect(await name()).toBe(before);
    const failures = (await s.api().get(`/api/imports/${body.id}/failures`).set(s.admin.auth).expect(200)).body;
    expect(failures.items).toEqual([expect.objectContaining({ row: 3, error: 'row 3: Name is empty, but a new record needs it' })]);
  });

  it('stops a check when asked, leaving the import ready with the preview from before it', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `Stop ${i},stop.${i}@example.test,${i % 90},01/02/2024`);
    const id = await ready([CSV.split('\n')[0], ...rows].join('\n'));
    const before = await preview(id);
    await s.api().put(`/api/imports/${id}/plan`).set(olga.auth).send(plan).expect(200);
    expect((await s.api().post(`/api/imports/${id}/check`).set(olga.auth).expect(201)).body.status).toBe('analysing');
    const stopped = await s.api().post(`/api/imports/${id}/cancel`).set(olga.auth).expect(201);
    expect(stopped.body).toMatchObject({ status: 'ready', error: 'The check was stopped: the preview is the one from before it' });
    // The analysis sees it and ends without writing its preview over the old one.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await s.job(id, olga)).toMatchObject({ status: 'ready', error: 'The check was stopped: the preview is the one from before it' });
    expect((await preview(id)).proposed_plan).toEqual(before.proposed_plan);
    // A cancel now is one of the import.
    expect((await s.api().post(`/api/imports/${id}/cancel`).set(olga.auth).expect(201)).body.status).toBe('cancelled');
  });

  it('proposes that times without a zone are in the zone the user set on their account, else UTC', async () => {
    const lisbon = await s.importer('operator', { index_pattern: 'customers', can_read: true, can_write: true });
    const proposedZone = async (who: Actor) => {
      const { body } = await s.upload('customers.csv', CSV, who).expect(201);
      await s.until(body.id, ['ready'], who);
      return (await preview(body.id, who)).proposed_plan.time_zone;
    };
    expect(await proposedZone(lisbon)).toBe('UTC');
    await s.api().put('/api/profile').set(lisbon.auth).send({ timezone: 'Europe/Lisbon' }).expect(200);
    expect(await proposedZone(lisbon)).toBe('Europe/Lisbon');
  });

  it("refuses NocoBase's own collection (users: the root account's email, a reset token) to anyone, so no import takes over an account nor shows a stored value", async () => {
    const wide = await s.importer('operator', { index_pattern: '*', can_read: true, can_write: true });
    await s.query(`UPDATE users SET "resetToken" = 'RESET-TOKEN-abc123' WHERE id = 1`);
    const [admin] = await s.query('SELECT email FROM users WHERE id = 1');
    const { body } = await s.upload('users.csv', `email,resetToken,nickname\n${String(admin.email)},y,Super Admin`, wide).expect(201);
    await s.until(body.id, ['ready'], wide);
    // Neither proposed nor offered...
    expect(((await preview(body.id, wide)).sheets[0].columns as Column[]).map((c) => c.proposed_field)).not.toContain('resetToken');
    // ...nor taken from a plan sent by hand: as a value, or as the key finding the records.
    const hidden = { sheets: [{ sheet: 'users', collection: 'users', mapping: { A: 'email', B: 'resetToken', C: 'nickname' } }], mode: 'update' };
    const owned = /Users is NocoBase's own collection \(kept by @nocobase\/plugin-users\): imports never write it/;
    for (const key_fields of [['email'], ['resetToken']]) {
      const refused = await s.api().put(`/api/imports/${body.id}/plan`).set(wide.auth).send({ ...hidden, key_fields }).expect(403);
      expect(refused.body.message).toMatch(owned);
    }
    expect(JSON.stringify(await preview(body.id, wide))).not.toContain('RESET-TOKEN-abc123');
    // Not even a power user's, who writes every other collection: a new email on the root account would hand it over.
    const power = await s.importer('power');
    const taken = await s.upload('users.csv', 'username,email\nnocobase,attacker@evil.example', power).expect(201);
    await s.until(taken.body.id, ['ready'], power);
    const plan = { sheets: [{ sheet: 'users', collection: 'users', mapping: { A: 'username', B: 'email' } }], mode: 'update', key_fields: ['username'] };
    expect((await s.api().put(`/api/imports/${taken.body.id}/plan`).set(power.auth).send(plan).expect(403)).body.message).toMatch(owned);
    const listed = (await s.api().get(`/api/import-targets/${s.targetId}/collections`).set(power.auth).expect(200)).body as { name: string; can_write: boolean; kept_by: string | null }[];
    expect(listed.find((c) => c.name === 'users')).toMatchObject({ can_write: false, kept_by: '@nocobase/plugin-users' });
    expect((await s.query('SELECT email FROM users WHERE id = 1'))[0].email).toBe(admin.email);
  });

  it('leaves the job ready with its last preview when the check cannot finish, saying why', async () => {
    const id = await ready();
    await s.api().put(`/api/imports/${id}/plan`).set(olga.auth).send(plan).expect(200);
    const before = await preview(id);
    // The stored original now has no rows: the check fails, the job does not.
    const folder = join(s.suite.dataDir, 'objects', 'imports', id, 'original');
    for (const f of readdirSync(folder)) writeFileSync(join(folder, f), 'Full name,Mail,Years,Joined\n');
    await s.api().post(`/api/imports/${id}/check`).set(olga.auth).expect(201);
    const after = await s.until(id, ['ready', 'failed'], olga);
    expect(after).toMatchObject({ status: 'ready', error: expect.stringMatching(/^The rows could not be checked again: the file has column names but no rows/) });
    expect(await preview(id)).toEqual(before);
  });

  it('is refused while the database is away, and without a saved plan, the job staying ready', async () => {
    const id = await ready();
    const refused = await s.api().post(`/api/imports/${id}/check`).set(olga.auth).expect(409);
    expect(refused.body.message).toMatch(/no saved plan to check/);
    await s.api().put(`/api/imports/${id}/plan`).set(olga.auth).send(plan).expect(200);
    await s.api().patch(`/api/import-targets/${s.targetId}`).set(s.admin.auth).send({ settings: { port: 1 } }).expect(200);
    try {
      const away = await s.api().post(`/api/imports/${id}/check`).set(olga.auth);
      expect(away.status).toBeGreaterThanOrEqual(500);
      expect((await s.job(id, olga)).status).toBe('ready');
    } finally {
      await s.api().patch(`/api/import-targets/${s.targetId}`).set(s.admin.auth).send({ settings: { port: 5432 } }).expect(200);
    }
  });

  it("is refused for another user's import, a reader's look at it (404), and an import that is not ready (409)", async () => {
    const id = await ready();
    const other = await s.importer('operator', { index_pattern: 'customers', can_read: true, can_write: true });
    const reader = await s.importer('reader', { index_pattern: 'customers', can_read: true });
    await s.api().post(`/api/imports/${id}/check`).set(other.auth).expect(404);
    await s.api().post(`/api/imports/${id}/check`).set(reader.auth).expect(404);
    await s.api().post(`/api/imports/${id}/cancel`).set(olga.auth).expect(201);
    const refused = await s.api().post(`/api/imports/${id}/check`).set(olga.auth).expect(409);
    expect(refused.body.message).toMatch(/Cannot check it again: the import is cancelled/);
    expect((await s.job(id, olga)).status).toBe('cancelled');
  });
});
