import { expectText, launchBrowser, nextDialog, securityViolations, signInOnPage, type TestBrowser, waitFor } from '@intake/testing';
import { DocSuite } from './doc-suite';

/**
 * The admin's users page in Chromium, served by the gateway from its real build, against the whole
 * suite: each change made on the page is checked through the API and by signing in as that user.
 */
describe('web app: users in a browser', () => {
  let s: DocSuite;
  let admin: TestBrowser;
  const browsers: TestBrowser[] = [];
  const openBrowser = async () => {
    const b = await launchBrowser(s.suite.url);
    browsers.push(b);
    return b;
  };
  const login = (username: string, password: string) => s.api().post('/api/auth/login').send({ username, password });
  const appsOf = async (userId: string) =>
    ((await s.api().get(`/api/app-permissions?user_id=${userId}`).set(s.admin.auth).expect(200)).body as { app_key: string }[]).map((p) => p.app_key).sort();
  type Listed = { id: string; username: string; role: string; is_active: boolean };
  const userNamed = async (username: string) => ((await s.api().get('/api/users').set(s.admin.auth).expect(200)).body as Listed[]).find((u) => u.username === username);
  const existing = async (username: string): Promise<Listed> => {
    const user = await userNamed(username);
    if (!user) throw new Error(`no user ${username}`);
    return user;
  };

  /** An import database users may be pinned to (never connected to here). */
  let ledger: string;

  beforeAll(async () => {
    s = await DocSuite.start();
    ledger = (await s.api().post('/api/import-targets').set(s.admin.auth).send({ kind: 'nocobase', name: 'Ledger', settings: { host: '127.0.0.1', database: 'ledger', user: 'nocobase' } }).expect(201)).body.id;
    admin = await openBrowser();
    await admin.page.goto('/users/');
    await signInOnPage(admin, { username: s.suite.adminUsername, password: s.suite.adminPassword });
    await admin.page.getByRole('heading', { name: 'Users' }).waitFor();
  });
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await s?.stop();
  });

  const row = (username: string) => admin.page.getByTestId(`user-${username}`);
  const fillNewUser = async (username: string, fullName: string, email: string, password: string) => {
    const { page } = admin;
    await page.getByRole('textbox', { name: 'Username' }).fill(username);
    await page.getByRole('textbox', { name: 'Full name' }).fill(fullName);
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.getByLabel('First password').fill(password);
  };

  it('creates a user with the documents app, who then signs in and opens documents', async () => {
    const { page } = admin;
    await fillNewUser('carla.m', 'Carla Mendes', 'carla@example.com', 'first-password-1');
    // By default one who can use the app ticked with it: an operator (a reader could not upload).
    expect(await page.getByRole('combobox', { name: 'Role', exact: true }).inputValue()).toBe('operator');
    await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('power');
    await page.getByRole('button', { name: 'Create' }).click();
    await expectText(page.getByRole('status'), /carla\.m was created/);
    await expectText(row('carla.m'), /Carla Mendes[\s\S]*carla@example\.com[\s\S]*never/);

    const carla = await existing('carla.m');
    expect(carla).toMatchObject({ role: 'power', is_active: true });
    expect(await appsOf(carla.id)).toEqual(['documents']);
    const token = (await login('carla.m', 'first-password-1').expect(200)).body.access_token;
    expect((await s.api().get('/api/apps').set('authorization', `Bearer ${token}`).expect(200)).body.map((a: { key: string }) => a.key)).toEqual(['documents']);
  });

  it('says which field the API refused, and creates nothing', async () => {
    const { page } = admin;
    await fillNewUser('carla.m', 'Another Carla', 'carla2@example.com', 'first-password-2');
    await page.getByRole('button', { name: 'Create' }).click();
    await expectText(page.getByRole('alert'), /carla\.m|username/i);
    // The last creation's "was created" is not left standing beside this refusal.
    expect(await page.getByText(/carla\.m was created/).count()).toBe(0);
    expect(((await s.api().get('/api/users').set(s.admin.auth).expect(200)).body as { email: string }[]).some((u) => u.email === 'carla2@example.com')).toBe(false);
  });

  // Clicked, not checked: a box shows the state as saved, once the API answered.
  it('changes apps, role, sign-in and password from the list, each saved at once', async () => {
    const { page } = admin;
    const carla = await existing('carla.m');
    await row('carla.m').getByRole('checkbox', { name: 'Documents' }).click();
    await expectText(page.getByRole('status'), /carla\.m may no longer open documents/);
    await row('carla.m').getByRole('checkbox', { name: 'Imports' }).click();
    await expectText(page.getByRole('status'), /carla\.m may now open imports/);
    expect(await appsOf(carla.id)).toEqual(['imports']);

    // A role is saved with its own button: going through the list by keyboard changes nobody's.
    const role = row('carla.m').getByRole('combobox', { name: 'Role of carla.m' });
    await role.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await role.inputValue()).toBe('admin');
    await row('carla.m').getByRole('button', { name: 'Cancel' }).click();
    expect(await role.inputValue()).toBe('power');
    expect((await userNamed('carla.m'))?.role).toBe('power');
    await role.selectOption('reader');
    await row('carla.m').getByRole('button', { name: 'Save role' }).click();
    await expectText(page.getByRole('status'), /carla\.m is now reader/);
    expect((await userNamed('carla.m'))?.role).toBe('reader');
    // Saved, the keyboard is back on the role it chose, not at the top of the page.
    expect(await page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe('Role of carla.m');

    // A reader (or operator) may be pinned to one import database, saved with its own button too.
    await row('carla.m').getByRole('combobox', { name: 'Import database carla.m is pinned to' }).selectOption({ label: 'Only Ledger' });
    await row('carla.m').getByRole('button', { name: 'Save pin' }).click();
    await expectText(page.getByRole('status'), /carla\.m may now import into Ledger only/);
    expect((await s.api().get(`/api/users/${carla.id}`).set(s.admin.auth).expect(200)).body.assigned_es_server_id).toBe(ledger);
    await row('carla.m').getByRole('combobox', { name: 'Import database carla.m is pinned to' }).selectOption({ label: 'Any database its grants name' });
    await row('carla.m').getByRole('button', { name: 'Save pin' }).click();
    await expectText(page.getByRole('status'), /carla\.m may import into any database its grants name/);
    expect((await s.api().get(`/api/users/${carla.id}`).set(s.admin.auth).expect(200)).body.assigned_es_server_id).toBeNull();

    // A deactivation is asked first: dismissed, nothing changes; the focus stays where the keyboard was.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await row('carla.m').getByRole('checkbox', { name: 'carla.m may sign in' }).click();
    expect((await userNamed('carla.m'))?.is_active).toBe(true);
    page.once('dialog', (dialog) => void dialog.accept());
    await row('carla.m').getByRole('checkbox', { name: 'carla.m may sign in' }).click();
    await expectText(page.getByRole('status'), /carla\.m can no longer sign in/);
    expect(await page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe('carla.m may sign in');
    await login('carla.m', 'first-password-1').expect(401);
    await row('carla.m').getByRole('checkbox', { name: 'carla.m may sign in' }).click();
    await expectText(page.getByRole('status'), /carla\.m may sign in again/);

    await row('carla.m').getByText('New password').click();
    await row('carla.m').getByLabel('New password for carla.m').fill('second-password-2');
    await row('carla.m').getByRole('button', { name: 'Set the new password of carla.m' }).click();
    await expectText(page.getByRole('status'), /carla\.m has a new password/);
    expect(await row('carla.m').getByLabel('New password for carla.m').inputValue()).toBe('');
    await login('carla.m', 'first-password-1').expect(401);
    await login('carla.m', 'second-password-2').expect(200);
  });

  it("keeps the admin's own role, sign-in and account out of reach, and gives the admin every app", async () => {
    const own = row(s.suite.adminUsername);
    expect(await own.getByRole('combobox').isDisabled()).toBe(true);
    expect(await own.getByRole('checkbox', { name: `${s.suite.adminUsername} may sign in` }).isDisabled()).toBe(true);
    // Their own password is changed knowing the current one (the profile), not here.
    expect(await own.getByText('New password').count()).toBe(0);
    expect(await own.getByRole('button', { name: /Delete/ }).count()).toBe(0);
    for (const app of ['Documents', 'Imports']) {
      expect(await own.getByRole('checkbox', { name: app }).isChecked()).toBe(true);
      expect(await own.getByRole('checkbox', { name: app }).isDisabled()).toBe(true);
    }
  });

  it('says a refused change above the list, and shows the list as it now is', async () => {
    const { page } = admin;
    const gone = await s.actors.user('reader');
    await page.reload();
    await row(gone.user.username).waitFor();
    await s.api().delete(`/api/users/${gone.user.id}`).set(s.admin.auth).expect(204);
    await row(gone.user.username).getByRole('combobox', { name: `Role of ${gone.user.username}` }).selectOption('operator');
    await row(gone.user.username).getByRole('button', { name: 'Save role' }).click();
    await expectText(page.getByRole('alert'), new RegExp(`${gone.user.username}: .*(not found|does not exist)`, 'i'));
    await row(gone.user.username).waitFor({ state: 'detached' });
  });

  it('deletes a user after asking', async () => {
    const { page } = admin;
    const carla = await existing('carla.m');
    const asked = nextDialog(page, 'dismiss');
    await row('carla.m').getByRole('button', { name: 'Delete carla.m' }).click();
    // It says what goes and what stays: the documents are erased by a sweep, the imports kept.
    expect(await asked).toMatch(/documents carla\.m uploaded are erased within minutes; carla\.m’s imports and their files are kept/);
    expect(await userNamed('carla.m')).toBeDefined();
    page.once('dialog', (dialog) => void dialog.accept());
    await row('carla.m').getByRole('button', { name: 'Delete carla.m' }).click();
    await expectText(page.getByRole('status'), /carla\.m was deleted/);
    await row('carla.m').waitFor({ state: 'detached' });
    await s.api().get(`/api/users/${carla.id}`).set(s.admin.auth).expect(404);
    await login('carla.m', 'second-password-2').expect(401);
  });

  it("corrects another user's username, full name and email in place, sending only what changed", async () => {
    const { page } = admin;
    const typo = await s.actors.user('reader', { username: 'tpyo.user' });
    await page.reload();
    await row('tpyo.user').getByText('Names', { exact: true }).click();
    const names = row('tpyo.user').getByRole('form', { name: 'Names of tpyo.user' });
    await names.getByLabel('Username').fill('typo.user');
    await names.getByLabel('Full name').fill('Typo Fixed');
    await names.getByRole('button', { name: 'Save the names of tpyo.user' }).click();
    await expectText(page.getByRole('status'), /typo\.user: names saved/);
    const saved = (await s.api().get(`/api/users/${typo.user.id}`).set(s.admin.auth).expect(200)).body;
    expect(saved).toMatchObject({ username: 'typo.user', full_name: 'Typo Fixed', email: typo.user.email });
    await login('typo.user', typo.password).expect(200);
  });

  it('signs a user out everywhere from the list, once confirmed, and the password still signs in', async () => {
    const { page } = admin;
    const away = await s.actors.user('reader');
    await page.reload();
    const asked = nextDialog(page, 'accept');
    await row(away.user.username).getByRole('button', { name: `Sign ${away.user.username} out everywhere` }).click();
    expect(await asked).toMatch(/Every session of .* ends at once, on every device; the password stays/);
    await expectText(page.getByRole('status'), new RegExp(`${away.user.username} was signed out everywhere`));
    await s.api().get('/api/auth/me').set(away.auth).expect(401);
    await login(away.user.username, away.password).expect(200);
  });

  it("asks the admin's own password before making an admin or deleting one, and makes nothing when cancelled or wrong", async () => {
    const { page } = admin;
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Username').fill('stepup.web');
    await form.getByLabel('Full name').fill('Step Up');
    await form.getByLabel('Email').fill('stepup.web@example.test');
    await form.getByLabel('First password').fill('stepup-password-1');
    await form.getByLabel('Role').selectOption('admin');
    const prompt = page.getByRole('dialog', { name: 'Your password, please' });
    await form.getByRole('button', { name: 'Create' }).click();
    await expectText(prompt, /To make an admin, type your own password/);
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    await prompt.waitFor({ state: 'detached' });
    expect(await userNamed('stepup.web')).toBeUndefined();
    await form.getByRole('button', { name: 'Create' }).click();
    await prompt.getByLabel('Your password').fill('not my password');
    await prompt.getByRole('button', { name: 'Confirm' }).click();
    await expectText(form.getByRole('alert'), /Your password was not right: nothing was changed\./);
    expect(await userNamed('stepup.web')).toBeUndefined();
    await form.getByRole('button', { name: 'Create' }).click();
    await prompt.getByLabel('Your password').fill(s.suite.adminPassword);
    await prompt.getByRole('button', { name: 'Confirm' }).click();
    await expectText(page.getByRole('status'), /stepup\.web was created/);
    expect((await existing('stepup.web')).role).toBe('admin');
    // Another admin's deletion, asked as any, then the password.
    page.once('dialog', (dialog) => void dialog.accept());
    await row('stepup.web').getByRole('button', { name: 'Delete stepup.web' }).click();
    await expectText(prompt, /To delete another admin \(stepup\.web\), type your own password/);
    await prompt.getByLabel('Your password').fill(s.suite.adminPassword);
    await prompt.getByRole('button', { name: 'Confirm' }).click();
    await expectText(page.getByRole('status'), /stepup\.web was deleted/);
    expect(await userNamed('stepup.web')).toBeUndefined();
  });

  it('is for admins only: a power user holding every app sees neither the link nor the list', async () => {
    const power = await s.user('power');
    await s.api().post('/api/app-permissions').set(s.admin.auth).send({ user_id: power.user.id, app_key: 'imports' }).expect(201);
    const b = await openBrowser();
    await b.page.goto('/users/');
    await signInOnPage(b, { username: power.user.username, password: power.password });
    await expectText(b.page.getByRole('alert'), /Only administrators manage users/);
    expect(await b.page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await b.page.getByRole('table').count()).toBe(0);
  });

  it("brings a user's open page up to date with a role changed meanwhile, once the tab is shown again", async () => {
    const reader = await s.user('reader');
    const b = await openBrowser();
    await b.page.goto('/documents/');
    await signInOnPage(b, { username: reader.user.username, password: reader.password });
    await b.page.getByRole('heading', { name: 'Documents' }).waitFor();
    expect(await b.page.getByTestId('upload-input').count()).toBe(0);
    await s.api().patch(`/api/users/${reader.user.id}`).set(s.admin.auth).send({ role: 'operator' }).expect(200);
    // Coming back to the tab (focus) reads the session again: the upload appears without a reload.
    await b.page.evaluate('window.sameDocument = true');
    await waitFor(async () => {
      await b.page.evaluate("window.dispatchEvent(new Event('focus'))");
      return (await b.page.getByTestId('upload-input').count()) === 1;
    }, 20_000, 500);
    expect(await b.page.evaluate('window.sameDocument')).toBe(true);
  });

  it('meets no Content-Security-Policy violation', () => {
    expect(browsers.flatMap(securityViolations)).toEqual([]);
  });
});
