import { type Actor, Actors, TestSuite } from '@intake/testing';
import request from 'supertest';

const MISSING_TARGET = '11111111-1111-4111-8111-111111111111';

describe('users, profiles, app permissions and index access', () => {
  let suite: TestSuite;
  let actors: Actors;
  let admin: Actor;
  /** Import targets the grants and pins name (never connected to here). */
  let SERVER_A: string;
  let SERVER_B: string;

  beforeAll(async () => {
    suite = await TestSuite.start();
    actors = new Actors(suite);
    admin = await actors.admin();
    const target = async (name: string) =>
      (await api().post('/api/import-targets').set(admin.auth).send({ kind: 'nocobase', name, settings: { host: '127.0.0.1', database: name, user: 'nocobase' } }).expect(201)).body.id as string;
    SERVER_A = await target('server-a');
    SERVER_B = await target('server-b');
  });
  afterAll(() => suite?.stop());

  const api = () => request(suite.url);

  describe('users', () => {
    it('creates a user with snake_case fields and never returns a hash', async () => {
      const res = await api()
        .post('/api/users')
        .set(admin.auth)
        .send({ username: 'maria', email: 'maria@example.test', full_name: 'Maria Silva', password: 'correct horse battery', role: 'operator', assigned_es_server_id: SERVER_A })
        .expect(201);
      expect(res.body).toMatchObject({ username: 'maria', full_name: 'Maria Silva', role: 'operator', is_active: true, assigned_es_server_id: SERVER_A });
      expect(JSON.stringify(res.body)).not.toMatch(/"password"|password_hash|argon/);
      // A pin on a target that does not exist would lock the user out of every target, silently.
      const pinned = { username: 'pinned', email: 'pinned@example.test', full_name: 'P', password: 'correct horse battery', role: 'operator' };
      const missing = await api().post('/api/users').set(admin.auth).send({ ...pinned, assigned_es_server_id: MISSING_TARGET }).expect(400);
      expect(missing.body.message).toBe(`assigned_es_server_id: no import target has the id ${MISSING_TARGET}`);
      await api().patch(`/api/users/${res.body.id}`).set(admin.auth).send({ assigned_es_server_id: MISSING_TARGET }).expect(400);
      expect((await api().get(`/api/users/${res.body.id}`).set(admin.auth).expect(200)).body.assigned_es_server_id).toBe(SERVER_A);
      const list = await api().get('/api/users').set(admin.auth).expect(200);
      expect(list.body.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['admin', 'maria']));
    });

    it('pins only operators and readers to one target: a new pin on a power user or admin is refused, one kept through a promotion sleeps', async () => {
      const base = { full_name: 'Pin', password: 'correct horse battery' };
      const power = await api().post('/api/users').set(admin.auth).send({ ...base, username: 'pin-power', email: 'pin-power@example.test', role: 'power', assigned_es_server_id: SERVER_A }).expect(400);
      expect(power.body.message).toBe('assigned_es_server_id: only operators and readers are pinned to one import target; a power user uses every target');
      const operator = await api().post('/api/users').set(admin.auth).send({ ...base, username: 'pin-op', email: 'pin-op@example.test', role: 'operator', assigned_es_server_id: SERVER_A }).expect(201);
      const both = await api().patch(`/api/users/${operator.body.id}`).set(admin.auth).send({ role: 'admin', assigned_es_server_id: SERVER_B }).expect(400);
      expect(both.body.message).toMatch(/an admin uses every target/);
      // Promoted, the pin sleeps: dropped, a later demotion would leave the user's grants on every target.
      expect((await api().patch(`/api/users/${operator.body.id}`).set(admin.auth).send({ role: 'power' }).expect(200)).body).toMatchObject({ role: 'power', assigned_es_server_id: SERVER_A });
      await api().patch(`/api/users/${operator.body.id}`).set(admin.auth).send({ assigned_es_server_id: SERVER_B }).expect(400);
      expect((await api().patch(`/api/users/${operator.body.id}`).set(admin.auth).send({ role: 'reader' }).expect(200)).body.assigned_es_server_id).toBe(SERVER_A);
      // Lifted while power, it is gone for good.
      await api().patch(`/api/users/${operator.body.id}`).set(admin.auth).send({ role: 'power' }).expect(200);
      expect((await api().patch(`/api/users/${operator.body.id}`).set(admin.auth).send({ assigned_es_server_id: null }).expect(200)).body.assigned_es_server_id).toBeNull();
    });

    it('answers 409 for a taken username or email, whatever the case', async () => {
      const base = { full_name: 'Dup', password: 'long enough password' };
      await api().post('/api/users').set(admin.auth).send({ ...base, username: 'dupe', email: 'dupe@example.test' }).expect(201);
      const byName = await api().post('/api/users').set(admin.auth).send({ ...base, username: 'DUPE', email: 'other@example.test' }).expect(409);
      expect(byName.body.message).toMatch(/username/);
      const byEmail = await api().post('/api/users').set(admin.auth).send({ ...base, username: 'dupe2', email: 'Dupe@Example.test' }).expect(409);
      expect(byEmail.body.message).toMatch(/email/);
    });

    it('answers 400 naming each bad field', async () => {
      const res = await api().post('/api/users').set(admin.auth).send({ username: 'ok-name', email: 'nope', full_name: 'X', password: 'short', role: 'king' }).expect(400);
      const fields = res.body.details.fields.map((f: { field: string }) => f.field).sort();
      expect(fields).toEqual(['email', 'password', 'role']);
      expect(res.body.message).toMatch(/email: /);
      const unknown = await api().post('/api/users').set(admin.auth).send({ username: 'ok-name', email: 'a@b.test', full_name: 'X', password: 'long enough pw', is_admin: true }).expect(400);
      expect(unknown.body.message).toMatch(/is_admin/);
      await api().get('/api/users/not-a-uuid').set(admin.auth).expect(400);
      // Text the database cannot store, or that would reach every screen and log as an escape, is refused by name, never a 500.
      const base = { username: 'odd-text', email: 'odd-text@example.test', full_name: 'X', password: 'long enough pw' };
      const refused = async (body: Record<string, unknown>) => (await api().post('/api/users').set(admin.auth).send({ ...base, ...body }).expect(400)).body.message as string;
      expect(await refused({ full_name: 'a\u0000b' })).toMatch(/full_name: must not contain NUL/);
      expect(await refused({ full_name: 'a\ud800b' })).toMatch(/full_name: must be valid Unicode/);
      expect(await refused({ full_name: 'Ana \u001b[31mred' })).toMatch(/full_name: must not contain control characters/);
      expect(await refused({ full_name: 'Admin\u202e \u2066x' })).toMatch(/full_name: must not contain direction controls/);
      expect(await refused({ full_name: '\u200b\u200b' })).toMatch(/full_name: must have a letter, digit or sign to show/);
      expect(await refused({ password: 'long enough pw\ud800' })).toMatch(/password: must be valid Unicode/);
      await api().get('/api/users/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
    });

    it('refuses a password a guesser would try early, saying why, on creation and on a reset', async () => {
      const base = { username: 'joana.reis', email: 'joana.reis@example.test', full_name: 'Joana Reis', role: 'reader' };
      const common = await api().post('/api/users').set(admin.auth).send({ ...base, password: 'password123' }).expect(400);
      expect(common.body.message).toMatch(/^password is too easy to guess: .*commonly used/);
      expect(common.body.details.fields).toEqual([{ field: 'password', message: expect.stringMatching(/^is too easy to guess/) }]);
      expect((await api().post('/api/users').set(admin.auth).send({ ...base, password: 'JoanaReis2024' }).expect(400)).body.message).toMatch(/personal/);
      // Nothing was created by the refusals.
      const created = await api().post('/api/users').set(admin.auth).send({ ...base, password: 'inverno chuvoso em Braga' }).expect(201);
      // Chosen by the admin, the password is the user's to change.
      expect(created.body.password_change_due).toBe(true);
      const reset = await api().patch(`/api/users/${created.body.id}`).set(admin.auth).send({ password: 'qwertyuiop' }).expect(400);
      expect(reset.body.details.fields[0].field).toBe('password');
      await api().post('/api/auth/login').send({ username: 'joana.reis', password: 'inverno chuvoso em Braga' }).expect(200);
    });

    it('lets an admin change role and is_active, and the change applies to live tokens at once', async () => {
      const user = await actors.user('reader');
      await api().get('/api/users').set(user.auth).expect(403);
      await api().patch(`/api/users/${user.user.id}`).set(admin.auth).send({ role: 'admin', current_password: admin.password }).expect(200);
      await api().get('/api/users').set(user.auth).expect(200);
      const res = await api().patch(`/api/users/${user.user.id}`).set(admin.auth).send({ role: 'reader', is_active: false, current_password: admin.password }).expect(200);
      expect(res.body).toMatchObject({ role: 'reader', is_active: false });
      await api().get('/api/auth/me').set(user.auth).expect(401);
      // Made active again, the account signs in anew: the tokens of before stay ended.
      await api().patch(`/api/users/${user.user.id}`).set(admin.auth).send({ is_active: true }).expect(200);
      await api().get('/api/auth/me').set(user.auth).expect(401);
      const again = await api().post('/api/auth/login').send({ username: user.user.username, password: user.password }).expect(200);
      await api().get('/api/auth/me').set('authorization', `Bearer ${again.body.access_token}`).expect(200);
    });

    it("changes an admin's own username or email only with their current password, as the profile does", async () => {
      const own = await actors.user('admin');
      const self = () => api().patch(`/api/users/${own.user.id}`).set(own.auth);
      const email = `moved.${own.user.username}@example.test`;
      const missing = await self().send({ email }).expect(400);
      expect(missing.body).toMatchObject({ message: 'current_password is required to change your email', details: { fields: [{ field: 'current_password', message: 'is required' }] } });
      expect((await self().send({ username: `${own.user.username}.x`, current_password: 'not it' }).expect(400)).body.details.fields).toEqual([{ field: 'current_password', message: 'is wrong' }]);
      expect((await self().send({ username: `${own.user.username}.x`, email }).expect(400)).body.message).toBe('current_password is required to change your username and email');
      // The same names in other letters' case sign in the same: no password asked.
      await self().send({ email: own.user.email.toUpperCase() }).expect(200);
      // Neither refusal changed anything; the rest of one's own row needs no password.
      expect((await self().send({ full_name: 'Own Name' }).expect(200)).body).toMatchObject({ username: own.user.username, email: own.user.email.toUpperCase(), full_name: 'Own Name' });
      expect((await self().send({ email, current_password: own.password }).expect(200)).body.email).toBe(email);
      await self().send({ username: `${own.user.username}.x`, current_password: own.password }).expect(200);
      await api().post('/api/auth/login').send({ username: `${own.user.username}.x`, password: own.password }).expect(200);
      // Another admin's take the acting admin's own password (see the next test).
      await api().patch(`/api/users/${own.user.id}`).set(admin.auth).send({ email: `back.${own.user.username}@example.test`, current_password: admin.password }).expect(200);
    });

    it("asks the acting admin's own password before making an admin or changing or deleting another: a borrowed session alone cannot", async () => {
      const base = { full_name: 'Step Up', password: 'correct horse battery' };
      const asked = (res: { body: { message: string; details: { fields: unknown[] } } }, purpose: string) => {
        expect(res.body.message).toBe(`current_password is required to ${purpose}`);
        expect(res.body.details.fields).toEqual([{ field: 'current_password', message: 'is required' }]);
      };
      const made = { ...base, username: 'stepup-admin', email: 'stepup-admin@example.test', role: 'admin' };
      asked(await api().post('/api/users').set(admin.auth).send(made).expect(400), 'make an admin');
      const wrong = await api().post('/api/users').set(admin.auth).send({ ...made, current_password: 'not the password' }).expect(400);
      expect(wrong.body.details.fields).toEqual([{ field: 'current_password', message: 'is wrong' }]);
      // Nothing was made by the refusals; other roles need no password.
      expect((await api().get('/api/users').set(admin.auth).expect(200)).body.map((u: { username: string }) => u.username)).not.toContain('stepup-admin');
      const operator = await api().post('/api/users').set(admin.auth).send({ ...base, username: 'stepup-op', email: 'stepup-op@example.test', role: 'operator' }).expect(201);
      asked(await api().patch(`/api/users/${operator.body.id}`).set(admin.auth).send({ role: 'admin' }).expect(400), 'make stepup-op an admin');
      await api().patch(`/api/users/${operator.body.id}`).set(admin.auth).send({ role: 'reader', full_name: 'Op Reader' }).expect(200);
      const other = await api().post('/api/users').set(admin.auth).send({ ...made, current_password: admin.password }).expect(201);
      // Another admin's sign-in, password, role, sign-in right and pin, each alone.
      const changes = [{ username: 'stepup-taken' }, { email: 'taken@example.test' }, { password: 'a password of my own' }, { role: 'power' }, { is_active: false }, { assigned_es_server_id: null }];
      for (const change of changes) asked(await api().patch(`/api/users/${other.body.id}`).set(admin.auth).send(change).expect(400), 'change the account of another admin (stepup-admin)');
      // A wrong password changes nothing either.
      const guessed = await api().patch(`/api/users/${other.body.id}`).set(admin.auth).send({ email: 'taken@example.test', current_password: 'a guess' }).expect(400);
      expect(guessed.body.details.fields).toEqual([{ field: 'current_password', message: 'is wrong' }]);
      expect((await api().get(`/api/users/${other.body.id}`).set(admin.auth).expect(200)).body.email).toBe('stepup-admin@example.test');
      // Its full name is harmless.
      await api().patch(`/api/users/${other.body.id}`).set(admin.auth).send({ full_name: 'Renamed' }).expect(200);
      await api().post('/api/auth/login').send({ username: 'stepup-admin', password: base.password }).expect(200);
      asked(await api().delete(`/api/users/${other.body.id}`).set(admin.auth).expect(400), 'delete another admin (stepup-admin)');
      await api().delete(`/api/users/${other.body.id}`).set(admin.auth).send({ current_password: admin.password }).expect(204);
      await api().delete(`/api/users/${operator.body.id}`).set(admin.auth).expect(204);
    });

    it('never leaves the suite without an active admin', async () => {
      const self = await api().patch(`/api/users/${admin.user.id}`).set(admin.auth).send({ role: 'power' }).expect(409);
      expect(self.body.error).toBe('LAST_ADMIN');
      await api().delete(`/api/users/${admin.user.id}`).set(admin.auth).expect(409);
      // Nor its own password without the current one: a stolen session must not be enough to take the account.
      const ownPassword = await api().patch(`/api/users/${admin.user.id}`).set(admin.auth).send({ password: 'a whole new password' }).expect(403);
      expect(ownPassword.body.message).toMatch(/on your account page/);
      await api().get('/api/users').set(admin.auth).expect(200);
      const second = await actors.user('admin');
      await api().patch(`/api/users/${admin.user.id}`).set(second.auth).send({ is_active: false, current_password: second.password }).expect(200);
      const last = await api().patch(`/api/users/${second.user.id}`).set(second.auth).send({ is_active: false }).expect(409);
      expect(last.body.error).toBe('LAST_ADMIN');
      await api().patch(`/api/users/${admin.user.id}`).set(second.auth).send({ is_active: true, current_password: second.password }).expect(200);
      // Its deactivation ended the admin's session: it signs in again.
      await api().get('/api/users').set(admin.auth).expect(401);
      actors.forgetAdmin();
      admin = await actors.admin();
    });
  });

  describe('profile', () => {
    it('reads and edits only the caller’s own profile, with personal details', async () => {
      const a = await actors.user('operator');
      const b = await actors.user('operator');
      const res = await api().put('/api/profile').set(a.auth).send({ full_name: 'Ana A.', phone: '+351 912 345 678', department: 'Finance' }).expect(200);
      expect(res.body).toMatchObject({ id: a.user.id, full_name: 'Ana A.', phone: '+351 912 345 678', department: 'Finance' });
      const bView = await api().get('/api/profile').set(b.auth).expect(200);
      expect(bView.body).toMatchObject({ id: b.user.id, phone: null });
      await api().get(`/api/users/${b.user.id}`).set(a.auth).expect(404);
      await api().patch(`/api/users/${b.user.id}`).set(a.auth).send({ full_name: 'hijacked' }).expect(403);
      await api().put('/api/profile').set(a.auth).send({ role: 'admin' }).expect(400);
      expect((await api().put('/api/profile').set(a.auth).send({ phone: '12\u00003' }).expect(400)).body.message).toMatch(/phone: must not contain NUL/);
      expect((await api().put('/api/profile').set(a.auth).send({ department: 'x\udc00' }).expect(400)).body.message).toMatch(/department: must be valid Unicode/);
      expect((await api().put('/api/profile').set(a.auth).send({ timezone: 'Not/AZone' }).expect(400)).body.message).toMatch(/timezone: must be a time zone/);
      expect((await api().put('/api/profile').set(a.auth).send({ locale: '<script>' }).expect(400)).body.message).toMatch(/locale: must be a language tag/);
      expect((await api().put('/api/profile').set(a.auth).send({ timezone: 'Europe/Lisbon', locale: 'pt-PT' }).expect(200)).body).toMatchObject({ timezone: 'Europe/Lisbon', locale: 'pt-PT' });
      // Emptied, a detail is none.
      expect((await api().put('/api/profile').set(a.auth).send({ phone: '  ' }).expect(200)).body.phone).toBeNull();
      expect((await api().get(`/api/users/${a.user.id}`).set(a.auth).expect(200)).body.role).toBe('operator');
    });

    it('changes the email only with the current password', async () => {
      const user = await actors.user('reader');
      const other = await actors.user('reader');
      const address = `moved.${user.user.username}@example.test`;
      // The same address in other letters is no change.
      await api().put('/api/profile').set(user.auth).send({ email: user.user.email.toUpperCase(), department: 'Finance' }).expect(200);
      const missing = await api().put('/api/profile').set(user.auth).send({ email: address }).expect(400);
      expect(missing.body.message).toMatch(/current_password is required to change the email/);
      // Without the password, a borrowed session cannot learn which addresses are taken either.
      expect((await api().put('/api/profile').set(user.auth).send({ email: other.user.email }).expect(400)).body.message).toMatch(/current_password is required/);
      expect((await api().put('/api/profile').set(user.auth).send({ email: address, current_password: 'wrong' }).expect(400)).body.message).toMatch(/current_password is wrong/);
      expect((await api().get('/api/profile').set(user.auth).expect(200)).body.email).toBe(user.user.email.toUpperCase());
      await api().put('/api/profile').set(user.auth).send({ email: other.user.email, current_password: user.password }).expect(409);
      const moved = await api().put('/api/profile').set(user.auth).send({ email: address, current_password: user.password }).expect(200);
      expect(moved.body.email).toBe(address);
      // The session goes on, and the new address signs in.
      await api().get('/api/profile').set(user.auth).expect(200);
      await api().post('/api/auth/login').send({ username: address, password: user.password }).expect(200);
    });

    it('changes the password only with the current one', async () => {
      const user = await actors.user('reader');
      const missing = await api().put('/api/profile').set(user.auth).send({ new_password: 'a brand new password' }).expect(400);
      expect(missing.body.message).toMatch(/current_password/);
      await api().put('/api/profile').set(user.auth).send({ current_password: 'wrong', new_password: 'a brand new password' }).expect(400);
      // Judged only once the current password is right; refused, it changes nothing.
      expect((await api().put('/api/profile').set(user.auth).send({ current_password: 'wrong', new_password: '1234567890' }).expect(400)).body.message).toMatch(/current_password is wrong/);
      const weak = await api().put('/api/profile').set(user.auth).send({ current_password: user.password, new_password: '1234567890', department: 'Finance' }).expect(400);
      expect(weak.body.message).toMatch(/^new_password is too easy to guess/);
      expect((await api().get('/api/profile').set(user.auth).expect(200)).body.department).toBeNull();
      await api().put('/api/profile').set(user.auth).send({ current_password: user.password, new_password: 'a brand new password' }).expect(200);
      expect((await api().get('/api/profile').set(user.auth).expect(401)).body.message).toMatch(/password was changed/);
      const own = await api().post('/api/auth/login').send({ username: user.user.username, password: 'a brand new password' }).expect(200);
      await api().post('/api/auth/login').send({ username: user.user.username, password: user.password }).expect(401);
      // Now the user's own; a new one set by an admin is again someone else's.
      expect(own.body.user.password_change_due).toBe(false);
      await api().patch(`/api/users/${user.user.id}`).set(admin.auth).send({ password: 'set by the admin 2' }).expect(200);
      expect((await api().post('/api/auth/login').send({ username: user.user.username, password: 'set by the admin 2' }).expect(200)).body.user.password_change_due).toBe(true);
    });

    it("lets an admin sign another user out everywhere: every token of theirs is refused, the password still signs in", async () => {
      const user = await actors.user('reader');
      const second = (await api().post('/api/auth/login').send({ username: user.user.username, password: user.password }).expect(200)).body.access_token as string;
      await api().patch(`/api/users/${user.user.id}`).set(admin.auth).send({ end_sessions: false }).expect(400);
      await api().patch(`/api/users/${user.user.id}`).set(admin.auth).send({ end_sessions: true }).expect(200);
      await api().get('/api/auth/me').set(user.auth).expect(401);
      await api().get('/api/auth/me').set('authorization', `Bearer ${second}`).expect(401);
      await api().post('/api/auth/login').send({ username: user.user.username, password: user.password }).expect(200);
    });

    it('signs a user out everywhere: every token of the account is refused, other users go on', async () => {
      const user = await actors.user('reader');
      const bystander = await actors.user('reader');
      const second = (await api().post('/api/auth/login').send({ username: user.user.username, password: user.password }).expect(200)).body.access_token as string;
      await api().post('/api/auth/logout-all').expect(401);
      const done = await api().post('/api/auth/logout-all').set(user.auth).expect(204);
      expect(String(done.headers['set-cookie'])).toMatch(/intake_token=;/);
      await api().get('/api/profile').set(user.auth).expect(401);
      expect((await api().get('/api/profile').set('Authorization', `Bearer ${second}`).expect(401)).body.message).toMatch(/sign in again/);
      await api().get('/api/profile').set(bystander.auth).expect(200);
      const fresh = (await api().post('/api/auth/login').send({ username: user.user.username, password: user.password }).expect(200)).body.access_token as string;
      await api().get('/api/profile').set('Authorization', `Bearer ${fresh}`).expect(200);
    });

    it('gives a sign-in that races a password reset or a deactivation no token that outlives it', async () => {
      const user = await actors.user('reader');
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      let password = user.password;
      const tokens: string[] = [];
      // A reset hashes its new password before it commits, a sign-in checks the old one before it issues its token: started a little apart, some sign-ins read the old password and are issued their token after the commit.
      for (let round = 0; round < 16; round++) {
        const reset = round % 2 === 1;
        const next = `a brand new password ${round}`;
        const change = () => api().patch(`/api/users/${user.user.id}`).set(admin.auth).send(reset ? { password: next } : { is_active: false }).then((r) => r);
        const login = () => api().post('/api/auth/login').send({ username: user.user.username, password }).then((r) => r);
        // A deactivation commits at once: the sign-in goes first.
        const [first, second] = reset ? [change, login] : [login, change];
        const started = first();
        await sleep(5 * Math.floor(round / 2) + (reset ? 20 : 0));
        const [a, b] = await Promise.all([started, second()]);
        const [changed, answer] = reset ? [a, b] : [b, a];
        expect(changed.status).toBe(200);
        if (reset) password = next;
        else await api().patch(`/api/users/${user.user.id}`).set(admin.auth).send({ is_active: true }).expect(200);
        if (answer.status === 200) tokens.push(answer.body.access_token);
      }
      for (const token of tokens) await api().get('/api/profile').set('Authorization', `Bearer ${token}`).expect(401);
      // A sign-in after them all is a session.
      const fresh = await api().post('/api/auth/login').send({ username: user.user.username, password }).expect(200);
      await api().get('/api/profile').set('Authorization', `Bearer ${fresh.body.access_token}`).expect(200);
    });
  });

  describe('apps', () => {
    it('lists all apps for admins and only granted apps for others', async () => {
      const user = await actors.user('power');
      expect((await api().get('/api/apps').set(admin.auth).expect(200)).body.map((a: { key: string }) => a.key)).toEqual(['imports', 'documents', 'admin']);
      expect((await api().get('/api/apps').set(user.auth).expect(200)).body).toEqual([]);
      await api().post('/api/app-permissions').set(admin.auth).send({ user_id: user.user.id, app_key: 'documents' }).expect(201);
      await api().post('/api/app-permissions').set(admin.auth).send({ user_id: user.user.id, app_key: 'documents' }).expect(201);
      expect((await api().get('/api/apps').set(user.auth).expect(200)).body).toEqual([{ key: 'documents', name: 'Documents', path: '/documents' }]);
      const perms = await api().get(`/api/app-permissions?user_id=${user.user.id}`).set(admin.auth).expect(200);
      expect(perms.body).toEqual([expect.objectContaining({ user_id: user.user.id, app_key: 'documents', granted_by: admin.user.id })]);
      await api().delete(`/api/app-permissions/${user.user.id}/documents`).set(admin.auth).expect(204);
      await api().delete(`/api/app-permissions/${user.user.id}/documents`).set(admin.auth).expect(404);
      // A user who is not there has no list, not an empty one.
      const nobody = await api().get('/api/app-permissions?user_id=00000000-0000-4000-8000-00000000dead').set(admin.auth).expect(404);
      expect(nobody.body.message).toBe('User 00000000-0000-4000-8000-00000000dead does not exist');
      // A misspelt filter is refused, not read as no filter (which would answer everyone's permissions).
      expect((await api().get(`/api/app-permissions?userid=${user.user.id}`).set(admin.auth).expect(400)).body.message).toMatch(/userid/);
      expect((await api().get('/api/apps').set(user.auth).expect(200)).body).toEqual([]);
      const adminApp = await api().post('/api/app-permissions').set(admin.auth).send({ user_id: user.user.id, app_key: 'admin' }).expect(400);
      expect(adminApp.body.message).toMatch(/admin role/);
      const bad = await api().post('/api/app-permissions').set(admin.auth).send({ user_id: user.user.id, app_key: 'games' }).expect(400);
      expect(bad.body.message).toMatch(/app_key/);
    });
  });

  describe('index access', () => {
    let operator: Actor;

    beforeAll(async () => {
      operator = await actors.user('operator');
    });

    const grant = (body: Record<string, unknown>) => api().post('/api/index-access').set(admin.auth).send({ user_id: operator.user.id, ...body });
    const check = (who: Actor, index_name: string, action: string, es_server_id: string | null = SERVER_A) =>
      api().post('/api/index-access/check-access').set(who.auth).send({ index_name, action, es_server_id });

    it('creates grants with the original field names and refuses duplicates with 409', async () => {
      const res = await grant({ es_server_id: SERVER_A, index_pattern: 'logs-*', can_write: true }).expect(201);
      expect(res.body).toMatchObject({ user_id: operator.user.id, es_server_id: SERVER_A, index_pattern: 'logs-*', can_read: true, can_write: true, can_create: false, created_by: admin.user.id });
      const dup = await grant({ es_server_id: SERVER_A, index_pattern: 'logs-*' }).expect(409);
      expect(dup.body.error).toBe('GRANT_EXISTS');
      await grant({ es_server_id: SERVER_B, index_pattern: 'logs-*' }).expect(201);
      await grant({ es_server_id: null, index_pattern: 'gvuln*' }).expect(201);
      await grant({ es_server_id: null, index_pattern: 'gvuln*' }).expect(409);
      const bad = await grant({ index_pattern: 'bad pattern', can_write: 'yes' }).expect(400);
      expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['can_write', 'index_pattern']);
      expect((await grant({ index_pattern: 'a\u0000b' }).expect(400)).body.message).toMatch(/index_pattern: must not contain NUL/);
      expect((await grant({ index_pattern: 'logs-\ud800' }).expect(400)).body.message).toMatch(/index_pattern: must be valid Unicode/);
      // A pattern that shows as nothing, and a grant that allows nothing, would be listed as if they meant something.
      expect((await grant({ index_pattern: '\u200b' }).expect(400)).body.message).toMatch(/index_pattern: must not contain invisible characters/);
      expect((await grant({ index_pattern: 'logs\u2060-*' }).expect(400)).body.message).toMatch(/index_pattern: must not contain invisible characters/);
      expect((await grant({ index_pattern: 'none-*', can_read: false }).expect(400)).body.message).toMatch(/a grant must allow at least one of can_read, can_write and can_create/);
      const readOnly = await grant({ es_server_id: SERVER_A, index_pattern: 'emptied-*' }).expect(201);
      expect((await api().patch(`/api/index-access/${readOnly.body.id}`).set(admin.auth).send({ can_read: false }).expect(400)).body.message).toMatch(/a grant must allow at least one/);
      await api().patch(`/api/index-access/${readOnly.body.id}`).set(admin.auth).send({ can_read: false, can_write: true }).expect(200);
      await api().delete(`/api/index-access/${readOnly.body.id}`).set(admin.auth).expect(204);
      await api().post('/api/index-access').set(admin.auth).send({ user_id: '00000000-0000-4000-8000-000000000000', index_pattern: 'x' }).expect(404);
      // A grant on a target that does not exist would grant nothing, silently.
      expect((await grant({ es_server_id: MISSING_TARGET, index_pattern: 'x' }).expect(400)).body.message).toBe(`es_server_id: no import target has the id ${MISSING_TARGET}`);
    });

    it('never ends with a grant allowing nothing, when two changes each take one right away at once', async () => {
      const racer = await actors.user('operator');
      for (let round = 0; round < 8; round += 1) {
        const made = await api().post('/api/index-access').set(admin.auth).send({ user_id: racer.user.id, es_server_id: SERVER_A, index_pattern: `race-${round}-*`, can_write: true }).expect(201);
        const patch = (changes: Record<string, boolean>) => api().patch(`/api/index-access/${made.body.id}`).set(admin.auth).send(changes);
        const answers = await Promise.all([patch({ can_read: false }), patch({ can_write: false })]);
        expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
        expect(answers.find((r) => r.status === 400)?.body.message).toMatch(/a grant must allow at least one/);
        const [kept] = ((await api().get(`/api/index-access/user/${racer.user.id}`).set(admin.auth).expect(200)).body as { id: string; can_read: boolean; can_write: boolean }[]).filter((g) => g.id === made.body.id);
        expect(kept.can_read || kept.can_write).toBe(true);
      }
    });

    it('caps the grants one user holds, parallel creations included, so their lists always answer', async () => {
      const many = await actors.user('operator');
      const give = (i: number) => api().post('/api/index-access').set(admin.auth).send({ user_id: many.user.id, index_pattern: `pattern-${i}-${'0'.repeat(200)}` });
      for (let i = 0; i < 198; i += 22) await Promise.all(Array.from({ length: Math.min(22, 198 - i) }, (_, k) => give(i + k).expect(201)));
      const last = await Promise.all([198, 199, 200, 201, 202].map((i) => give(i)));
      expect(last.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409]);
      expect(last.find((r) => r.status === 409)?.body.message).toMatch(/already holds 200 grants, the most one user may/);
      expect((await api().get(`/api/index-access/user/${many.user.id}`).set(admin.auth).expect(200)).body).toHaveLength(200);
      expect((await api().get('/api/index-access/my-accesses').set(many.auth).expect(200)).body).toHaveLength(200);
    });

    it('answers check-access with a reason for each role', async () => {
      expect((await check(operator, 'logs-2024', 'write').expect(200)).body).toEqual({
        has_access: true, role: 'operator', action: 'write', index_name: 'logs-2024', es_server_id: SERVER_A, reason: "Granted by pattern 'logs-*' (write)",
      });
      const create = (await check(operator, 'logs-2024', 'create')).body;
      expect(create).toMatchObject({ has_access: false, reason: expect.stringContaining('does not allow create') });
      expect((await check(operator, 'metrics-2024', 'read')).body.has_access).toBe(false);
      expect((await check(operator, 'gvuln_v1', 'read', SERVER_B)).body.has_access).toBe(true);
      // A reader reads what its grants match, and writes nothing even where one says it may.
      const reader = await actors.user('reader');
      expect((await check(reader, 'anything', 'read')).body).toMatchObject({ has_access: false, reason: expect.stringContaining('No grant matches') });
      await api().post('/api/index-access').set(admin.auth).send({ user_id: reader.user.id, index_pattern: 'reports-*', can_write: true }).expect(201);
      expect((await check(reader, 'reports-2024', 'read')).body).toMatchObject({ has_access: true, reason: "Granted by pattern 'reports-*' (read)" });
      expect((await check(reader, 'reports-2024', 'write')).body).toMatchObject({ has_access: false, role: 'reader', reason: expect.stringContaining('read-only') });
      const power = await actors.user('power');
      expect((await check(power, 'anything', 'create')).body.has_access).toBe(true);
      const bad = await api().post('/api/index-access/check-access').set(operator.auth).send({ index_name: 'x', action: 'delete' }).expect(400);
      expect(bad.body.message).toMatch(/action/);
    });

    it('keeps an operator pinned to its server', async () => {
      const pinned = await actors.user('operator', { assigned_es_server_id: SERVER_A });
      await api().post('/api/index-access').set(admin.auth).send({ user_id: pinned.user.id, es_server_id: null, index_pattern: '*', can_write: true }).expect(201);
      expect((await check(pinned, 'logs-1', 'write', SERVER_A)).body.has_access).toBe(true);
      expect((await check(pinned, 'logs-1', 'write', SERVER_B)).body).toMatchObject({ has_access: false, reason: expect.stringContaining('pinned to another import target') });
    });

    it('shows a user their own grants only; admins see anyone’s', async () => {
      const mine = await api().get('/api/index-access/my-accesses').set(operator.auth).expect(200);
      expect(mine.body.map((g: { index_pattern: string }) => g.index_pattern).sort()).toEqual(['gvuln*', 'logs-*', 'logs-*']);
      await api().get(`/api/index-access/user/${operator.user.id}`).set(operator.auth).expect(200);
      const other = await actors.user('operator');
      await api().get(`/api/index-access/user/${operator.user.id}`).set(other.auth).expect(404);
      expect((await api().get(`/api/index-access/user/${operator.user.id}`).set(admin.auth).expect(200)).body).toHaveLength(3);
      expect((await api().get('/api/index-access/my-accesses').set(other.auth).expect(200)).body).toEqual([]);
      await api().get('/api/index-access/user/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
    });

    it('updates and deletes grants (admin), with 404 and 409 where due', async () => {
      const created = await grant({ es_server_id: SERVER_A, index_pattern: 'metrics-*' }).expect(201);
      const id = created.body.id as string;
      const updated = await api().patch(`/api/index-access/${id}`).set(admin.auth).send({ can_create: true }).expect(200);
      expect(updated.body).toMatchObject({ index_pattern: 'metrics-*', can_create: true });
      expect((await check(operator, 'metrics-x', 'create')).body.has_access).toBe(true);
      await api().patch(`/api/index-access/${id}`).set(admin.auth).send({ index_pattern: 'logs-*' }).expect(409);
      await api().patch(`/api/index-access/${id}`).set(admin.auth).send({ es_server_id: MISSING_TARGET }).expect(400);
      expect((await api().patch(`/api/index-access/${id}`).set(admin.auth).send({ es_server_id: SERVER_B }).expect(200)).body.es_server_id).toBe(SERVER_B);
      await api().patch(`/api/index-access/${id}`).set(admin.auth).send({ es_server_id: SERVER_A }).expect(200);
      await api().patch(`/api/index-access/${id}`).set(operator.auth).send({ can_write: true }).expect(403);
      await api().delete(`/api/index-access/${id}`).set(operator.auth).expect(403);
      await api().delete(`/api/index-access/${id}`).set(admin.auth).expect(204);
      await api().delete(`/api/index-access/${id}`).set(admin.auth).expect(404);
      expect((await check(operator, 'metrics-x', 'read')).body.has_access).toBe(false);
    });
  });
});
