import { type Actor, expectText, expectTitle, launchBrowser, nextDialog, securityViolations, signInOnPage, type TestBrowser } from '@intake/testing';
import { DocSuite } from './doc-suite';

/** Every user's own account page in Chromium, against the whole suite: details and password, checked through the API. */
describe('web app: one\'s own account in a browser', () => {
  let s: DocSuite;
  let reader: Actor;
  let b: TestBrowser;

  beforeAll(async () => {
    s = await DocSuite.start();
    reader = await s.actors.user('reader');
    b = await launchBrowser(s.suite.url);
    await b.page.goto('/');
    await signInOnPage(b, { username: reader.user.username, password: reader.password });
  });
  afterAll(async () => {
    await b?.close();
    await s?.stop();
  });

  const profile = async (who: Actor) => (await s.api().get('/api/profile').set(who.auth).expect(200)).body as Record<string, unknown>;

  it('names every page in the HTML served for it, before any script runs', async () => {
    const titles = { '/account/': 'Your account', '/users/': 'Users', '/targets/': 'Import databases', '/settings/': 'AI settings', '/login/': 'Sign in', '/documents/': 'Documents', '/documents/view/': 'Document', '/imports/': 'Imports', '/imports/view/': 'Import', '/': 'Intake' };
    for (const [path, title] of Object.entries(titles)) {
      const html = (await s.api().get(path).expect(200)).text;
      expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe(path === '/' ? title : `${title} · Intake`);
    }
  });

  it('opens from the name at the top and saves the details, which the top then shows', async () => {
    const { page } = b;
    await page.getByRole('link', { name: reader.user.full_name }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await expectText(page.locator('main'), new RegExp(`Signed in as ${reader.user.username}, reader`));
    await expectTitle(page, 'Your account · Intake');
    await page.getByRole('textbox', { name: 'Full name' }).fill('Rita Leitora');
    await page.getByRole('textbox', { name: 'Department' }).fill('Contabilidade');
    await page.getByRole('combobox', { name: 'Time zone' }).fill('Not/AZone');
    await page.getByRole('button', { name: 'Save details' }).click();
    await expectText(page.getByRole('alert'), /timezone: must be a time zone/);
    expect((await profile(reader)).department).toBeNull();

    await page.getByRole('combobox', { name: 'Time zone' }).fill('Europe/Lisbon');
    await page.getByRole('button', { name: 'Save details' }).click();
    await expectText(page.getByRole('status'), /Your details were saved/);
    expect(await profile(reader)).toMatchObject({ full_name: 'Rita Leitora', department: 'Contabilidade', timezone: 'Europe/Lisbon', phone: null });
    await expectText(page.locator('header'), /Rita Leitora/);
  });

  it('asks for the current password only when the email changes', async () => {
    const { page } = b;
    const password = page.getByLabel('Current password, to change the email');
    const address = `rita.${reader.user.username}@example.test`;
    await page.getByRole('textbox', { name: 'Email' }).fill(address);
    await password.waitFor();
    await password.fill('not the password');
    await page.getByRole('button', { name: 'Save details' }).click();
    await expectText(page.getByRole('alert'), /^The current password is wrong/);
    expect((await profile(reader)).email).toBe(reader.user.email);
    await password.fill(reader.password);
    await page.getByRole('button', { name: 'Save details' }).click();
    await expectText(page.getByRole('status'), /Your details were saved/);
    expect((await profile(reader)).email).toBe(address);
    await password.waitFor({ state: 'detached' });
  });

  it('changes the password knowing the current one, refuses a guessable one, and stays signed in', async () => {
    const { page } = b;
    const fill = async (current: string, next: string, again = next) => {
      await page.getByLabel('Current password').fill(current);
      await page.getByLabel('New password', { exact: true }).fill(next);
      await page.getByLabel('New password again').fill(again);
      await page.getByRole('button', { name: 'Change password' }).click();
    };
    // Made by an admin, the password is not yet the reader's own: every page says so.
    await expectText(page.getByTestId('password-change-due'), /Your password was chosen by someone else .*: choose your own below, so that only you know it\./);
    await fill(reader.password, 'inverno chuvoso em Braga', 'inverno chuvoso em braga');
    await expectText(page.getByRole('alert'), /differ: type the same one twice/);
    await fill(reader.password, 'qwertyuiop123');
    await expectText(page.getByRole('alert'), /^The new password is too easy to guess/);
    await fill('not the password', 'inverno chuvoso em Braga');
    await expectText(page.getByRole('alert'), /^The current password is wrong/);
    // Nothing above changed it.
    await s.api().get('/api/profile').set(reader.auth).expect(200);

    await fill(reader.password, 'inverno chuvoso em Braga');
    await expectText(page.getByRole('status'), /Your password was changed/);
    expect(await page.getByLabel('Current password').inputValue()).toBe('');
    await page.getByTestId('password-change-due').waitFor({ state: 'detached' });
    // The sessions of the old password are over; this page signed in again with the new one.
    await s.api().get('/api/profile').set(reader.auth).expect(401);
    await page.reload();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await s.api().post('/api/auth/login').send({ username: reader.user.username, password: 'inverno chuvoso em Braga' }).expect(200);
    await s.api().post('/api/auth/login').send({ username: reader.user.username, password: reader.password }).expect(401);
  });

  it('signs out everywhere once confirmed: every session of the account ends, this page goes to sign-in', async () => {
    const other = await s.actors.user('reader');
    const elsewhere = (await s.api().post('/api/auth/login').send({ username: other.user.username, password: other.password }).expect(200)).body.access_token as string;
    const browser = await launchBrowser(s.suite.url);
    try {
      await browser.page.goto('/account/');
      await signInOnPage(browser, { username: other.user.username, password: other.password });
      const button = browser.page.getByRole('button', { name: 'Sign out everywhere' });
      const declined = nextDialog(browser.page, 'dismiss');
      await button.click();
      expect(await declined).toMatch(/Every session of your account ends, on every device and browser, this one included/);
      await s.api().get('/api/profile').set(other.auth).expect(200);
      const accepted = nextDialog(browser.page, 'accept');
      await button.click();
      await accepted;
      await browser.page.waitForURL(/\/login\/$/);
      await s.api().get('/api/profile').set(other.auth).expect(401);
      await s.api().get('/api/profile').set('Authorization', `Bearer ${elsewhere}`).expect(401);
      expect(securityViolations(browser)).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('leads an admin from their own row of the users list to this page', async () => {
    const admin = await launchBrowser(s.suite.url);
    try {
      await admin.page.goto('/users/');
      await signInOnPage(admin, { username: s.suite.adminUsername, password: s.suite.adminPassword });
      await admin.page.getByTestId(`user-${s.suite.adminUsername}`).getByRole('link', { name: 'Your password and details' }).click();
      await admin.page.getByRole('heading', { name: 'Your account' }).waitFor();
      expect(securityViolations(admin)).toEqual([]);
    } finally {
      await admin.close();
    }
    expect(securityViolations(b)).toEqual([]);
  });
});
