import { type Actor, expectText, expectTitle, focused, launchBrowser, nextDialog, securityViolations, signInOnPage, type TestBrowser, waitFor } from '@intake/testing';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ImportSuite } from './import-suite';

const CSV = ['Name,E-mail,Age,Active,Signup date', 'Carla Dias,carla.web@example.test,29,yes,2024-05-01', 'Duarte Reis,not-an-email,33,no,2024-05-02', 'Eva Lima,eva.web@example.test,41,yes,2024-05-03'].join('\n');

/**
 * The imports pages in Chromium, served by the gateway from its real build, against the whole suite
 * and a NocoBase fixture database: an operator with a write grant on customers uploads, adjusts the
 * mapping, starts, follows, downloads and rolls back, each checked in the database. The tests run in
 * order, each building on the one before.
 */
describe('web app: imports in a browser', () => {
  let s: ImportSuite;
  let olga: Actor;
  let browser: TestBrowser;
  const browsers: TestBrowser[] = [];
  const files = mkdtempSync(join(tmpdir(), 'web-imports-'));
  const file = (name: string, content: string) => {
    writeFileSync(join(files, name), content);
    return join(files, name);
  };
  let jobId = '';
  let before: Record<string, unknown>[] = [];
  const customers = () => s.query('SELECT * FROM customers ORDER BY id');

  beforeAll(async () => {
    // A small upload limit, for the file past it; every other file here is far smaller.
    s = await ImportSuite.start({ IMPORT_MAX_UPLOAD_BYTES: String(64 * 1024) });
    olga = await s.importer('operator', { index_pattern: 'customers', can_read: true, can_write: true });
    browser = await launchBrowser(s.suite.url);
    browsers.push(browser);
  });
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await s?.stop();
  });

  /** Uploads on the imports page and answers the id of the job whose page it lands on. */
  async function sendOnPage(name: string, content: string): Promise<string> {
    const { page } = browser;
    await page.goto('/imports/');
    await page.getByTestId('import-file').setInputFiles(file(name, content));
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await page.waitForURL((url) => url.pathname === '/imports/view/');
    return new URL(page.url()).searchParams.get('id') ?? '';
  }

  /** Uploads on the imports page and waits for the job's page to show its preview. */
  async function uploadOnPage(name: string, content: string) {
    jobId = await sendOnPage(name, content);
    await browser.page.getByTestId('sheet-customers').waitFor();
  }

  it('opens from the navigation and offers the one target the operator may use', async () => {
    const { page } = browser;
    await page.goto('/');
    await signInOnPage(browser, { username: olga.user.username, password: olga.password });
    // An operator with only the imports app lands on it.
    await page.waitForURL((url) => url.pathname === '/imports/');
    await page.getByRole('heading', { name: 'Imports', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Imports' }).getAttribute('class')).toBe('active');
    await page.getByRole('option', { name: 'Fixture' }).waitFor({ state: 'attached' });
    expect(await page.getByRole('combobox', { name: 'Into' }).inputValue()).toBe(s.targetId);
    await expectText(page.locator('main'), /No imports yet/);
  });

  it('says a file past the upload limit is too large as soon as it is chosen, and sends nothing', async () => {
    const { page } = browser;
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/imports') sent.push(r.url());
    });
    await page.getByTestId('import-file').setInputFiles(file('big.csv', `Name,E-mail\n${'Ann,ann@example.test\n'.repeat(4000)}`));
    await expectText(page.getByRole('alert'), /^big\.csv is 82 KB: an import takes files up to 64 KB\. Nothing was uploaded/);
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await expectText(page.getByRole('alert'), /^big\.csv is 82 KB/);
    expect(sent).toEqual([]);
    expect((await s.api().get('/api/imports/limits').set(olga.auth).expect(200)).body).toEqual({ max_upload_bytes: 64 * 1024 });
  });

  it('previews the file before anything is written: each column, the field it goes into, and the rows that would fail', async () => {
    before = await customers();
    await uploadOnPage('customers.csv', CSV);
    const { page } = browser;
    // Arrived from the upload, reading starts at the import's name.
    await waitFor(async () => (await focused(page)).tag === 'H1');
    expect(await page.getByRole('combobox', { name: 'Collection for sheet customers' }).inputValue()).toBe('customers');
    expect(await page.getByRole('combobox', { name: 'Field for column B (E-mail)' }).inputValue()).toBe('email');
    expect(await page.getByRole('combobox', { name: 'Field for column E (Signup date)' }).inputValue()).toBe('signupDate');
    await expectText(page.getByTestId('column-B'), /row 3, column B 'E-mail': 'not-an-email' is not an email address/);
    await expectText(page.getByTestId('sheet-customers'), /The check found 1 row that would fail/);
    await expectText(page.getByTestId('column-B'), /1 row fails/);
    // On a phone the columns stack rather than scroll sideways.
    await page.setViewportSize({ width: 390, height: 800 });
    try {
      expect(await page.evaluate('[...document.querySelectorAll(".table-wrap")].every((w) => w.scrollWidth <= w.clientWidth) && document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }
    // Only the collections the operator may write to are offered (orders, products… are not theirs).
    expect(await page.getByRole('combobox', { name: 'Collection for sheet customers' }).locator('option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value))).toEqual(['', 'customers']);
    expect(await customers()).toEqual(before);
  });

  it('says which column a refused plan trips on, and writes nothing', async () => {
    const { page } = browser;
    await page.getByRole('combobox', { name: 'Mode' }).selectOption('update');
    // The first unique field the sheet maps is proposed as its key; without any, the update is refused.
    // The tab names the import and where it is.
    await expectTitle(page, 'customers.csv: ready to start · Intake');
    const keys = page.getByRole('group', { name: 'Key fields for sheet customers' });
    expect(await keys.getByRole('checkbox', { name: 'email' }).isChecked()).toBe(true);
    // Named as the field list names them, the unique ones marked.
    await expectText(keys, /Email \(email\)\s*· unique/);
    await keys.getByRole('checkbox', { name: 'email' }).uncheck();
    // The preview found a row that fails: asked first.
    const warned = nextDialog(page, 'accept');
    await page.getByRole('button', { name: 'Start the import' }).click();
    expect(await warned).toMatch(/^The preview found 1 row that will fail/);
    await expectText(page.getByRole('alert'), /sheets and columns marked above/);
    await expectText(page.getByRole('group', { name: 'Key fields for sheet customers' }), /The update mode needs key fields/);
    expect((await s.job(jobId, olga)).status).toBe('ready');
    await page.getByRole('combobox', { name: 'Mode' }).selectOption('insert');
    // The changed plan is not saved until the start: leaving by a link is asked first, and declined keeps it.
    const asked = nextDialog(page, 'dismiss');
    await page.getByRole('link', { name: '← Imports' }).click();
    expect(await asked).toMatch(/changes to its plan are not saved/);
    expect(new URL(page.url()).pathname).toBe('/imports/view/');
  });

  it('starts with the mapping as changed on the page, follows the run live, and shows the outcome', async () => {
    const { page } = browser;
    const streams: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes(`/api/imports/${jobId}/events`)) streams.push(r.url());
    });
    await page.getByRole('combobox', { name: 'Field for column C (Age)' }).selectOption('');
    void nextDialog(page, 'accept');
    await page.getByRole('button', { name: 'Start the import' }).click();
    await expectText(page.getByTestId('outcome'), /The import finished: 3 of 3 rows, 2 inserted, 1 failed/);
    // Not a plain green "completed": a row failed.
    await expectText(page.getByTestId('job-status'), /^completed, some rows failed$/);
    expect(await page.getByTestId('job-status').getAttribute('class')).toBe('badge partial');
    // The button pressed is gone: the focus is on what now shows the import, not lost to the page.
    expect((await focused(page)).testId).toBe('stage');
    // The failed row is listed on the page, with why.
    await expectText(page.getByRole('table', { name: 'Failed rows' }), /^Row\s+Why\s+3\s+column B 'E-mail': 'not-an-email' is not an email address/);
    expect(streams.length).toBeGreaterThan(0);
    const job = await s.job(jobId, olga);
    expect(job).toMatchObject({ status: 'completed', progress: { inserted: 2, failed: 1 } });
    expect((job.plan as { sheets: { mapping: Record<string, string> }[] }).sheets[0].mapping).not.toHaveProperty('C');
    const added = await s.query(`SELECT name, age FROM customers WHERE email LIKE '%.web@example.test' ORDER BY name`);
    expect(added).toEqual([{ name: 'Carla Dias', age: null }, { name: 'Eva Lima', age: null }]);
  });

  it('downloads the result file and the original through their links', async () => {
    const { page } = browser;
    const result = await page.request.get((await page.getByRole('link', { name: 'Result (XLSX)' }).getAttribute('href')) ?? '');
    expect(result.status()).toBe(200);
    expect((await result.body()).subarray(0, 2).toString()).toBe('PK');
    const csv = await page.request.get((await page.getByRole('link', { name: 'Result (CSV)' }).getAttribute('href')) ?? '');
    expect((await csv.text()).split(/\r?\n/)[2]).toMatch(/not-an-email.*failed/);
    // A CSV's own format is the button: that file was written as the import ran.
    expect(await page.getByRole('link', { name: 'Result (CSV)' }).getAttribute('class')).toBe('button secondary');
    // The failed rows alone, to fix and upload again.
    const failed = await page.request.get((await page.getByRole('link', { name: 'Failed rows (CSV)' }).getAttribute('href')) ?? '');
    const failedLines = (await failed.text()).trim().split(/\r?\n/);
    expect(failedLines).toHaveLength(2);
    expect(failedLines[1]).toMatch(/not-an-email.*failed/);
    const original = await page.request.get((await page.getByRole('link', { name: 'download the original' }).getAttribute('href')) ?? '');
    expect(await original.text()).toBe(CSV);
  });

  it('rolls back once confirmed, leaving the collection as it was', async () => {
    const { page } = browser;
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('button', { name: 'Roll back the import' }).click();
    expect((await s.job(jobId, olga)).status).toBe('completed');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Roll back the import' }).click();
    await expectText(page.getByTestId('outcome'), /Rolled back/);
    expect(await customers()).toEqual(before);
    // The whole file is to load again now, not its failed rows alone: they are not offered.
    expect(await page.getByRole('link', { name: /^Failed rows/ }).count()).toBe(0);
    await expectTitle(page, 'customers.csv: rolled back · Intake');
    await page.getByRole('link', { name: '← Imports' }).click();
    // The list says how it was written: two imports of one file tell apart.
    await expectText(page.getByTestId(`job-${jobId}`), /customers\.csv[\s\S]*· insert into customers[\s\S]*Fixture[\s\S]*rolled back/);
    // The import's name leaves the tab with its page.
    await expectTitle(page, 'Imports · Intake');
  });

  it('lists the failed rows 20 at a time, the first row of the next ones taking the focus', async () => {
    const rows = Array.from({ length: 22 }, (_, i) => `Bad ${i},bad-${i},30,yes,2024-05-01`);
    await uploadOnPage('customers.csv', ['Name,E-mail,Age,Active,Signup date', ...rows].join('\n'));
    const { page } = browser;
    void nextDialog(page, 'accept');
    await page.getByRole('button', { name: 'Start the import' }).click();
    await expectText(page.getByTestId('outcome'), /22 failed/);
    await expectText(page.getByTestId('job-status'), /^every row failed$/);
    const failed = page.getByRole('table', { name: 'Failed rows' }).locator('tbody tr');
    await waitFor(async () => (await failed.count()) === 20);
    await page.getByRole('button', { name: 'Show 2 more' }).click();
    await waitFor(async () => (await failed.count()) === 22);
    expect(await failed.nth(21).innerText()).toMatch(/^23\s+column B 'E-mail': 'bad-21' is not an email address/);
    expect(await page.getByRole('button', { name: /more$/ }).count()).toBe(0);
    await waitFor(async () => (await focused(page)).tag === 'TR');
  });

  it('says an all-or-nothing import that failed kept nothing, and offers the whole file again, not its failed rows', async () => {
    await uploadOnPage('customers.csv', CSV.replace(/web@/g, 'whole@'));
    const { page } = browser;
    await page.getByRole('checkbox', { name: /^All or nothing/ }).check();
    void nextDialog(page, 'accept');
    await page.getByRole('button', { name: 'Start the import' }).click();
    await expectText(page.getByTestId('outcome'), /^The import failed: all or nothing, so it kept none of the rows it wrote\. 1 row failed: fix it in the file and upload the whole file again\.$/);
    expect(await page.getByRole('link', { name: /^Failed rows/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Roll back the import' }).count()).toBe(0);
    expect(await s.query(`SELECT name FROM customers WHERE email LIKE '%.whole@example.test'`)).toEqual([]);
  });

  it('cancels an import before it starts, once confirmed, writing nothing', async () => {
    await uploadOnPage('customers.csv', CSV.replace(/web@/g, 'cancelled@'));
    const { page } = browser;
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cancel the import' }).click();
    await expectText(page.getByTestId('outcome'), /Cancelled before it started: nothing was written/);
    expect((await s.job(jobId, olga)).status).toBe('cancelled');
    expect(await page.getByRole('button', { name: 'Roll back the import' }).count()).toBe(0);
    expect(await customers()).toEqual(before);
  });

  it('says which rows insert would fail for an e-mail a customer has or an earlier row repeats, what another mode does, and what its key finds once checked', async () => {
    const rows = ['Name,E-mail,Age', 'Alice Again,alice@example.com,31', 'New One,new.one@example.test,20', 'New Twice,new.one@example.test,21'];
    await uploadOnPage('customers.csv', rows.join('\n'));
    const { page } = browser;
    const email = page.getByTestId('column-B');
    await expectText(email, /1 row has a value already in the collection \(row 2\): insert fails it; choose upsert, update or skip existing, with this field as key, to match that record/);
    await expectText(email, /1 row repeats an earlier row's value \(row 4 same as row 3\): it fails/);
    expect(await email.getByText('every row fits').count()).toBe(0);
    // Started anyway, those rows would fail: asked first, and declined, nothing starts.
    const asked = nextDialog(page, 'dismiss');
    await page.getByRole('button', { name: 'Start the import' }).click();
    expect(await asked).toMatch(/^The preview found 2 rows that will fail/);
    expect((await s.job(jobId, olga)).status).toBe('ready');
    // Leaving out a column no row failed by changes nothing the preview counted: nothing to check again, the same figure.
    await page.getByRole('combobox', { name: 'Field for column C (Age)' }).selectOption('');
    expect(await page.getByRole('button', { name: 'Check the rows with this plan' }).count()).toBe(0);
    const again = nextDialog(page, 'dismiss');
    await page.getByRole('button', { name: 'Start the import' }).click();
    expect(await again).toMatch(/^The preview found 2 rows that will fail/);
    await page.getByRole('combobox', { name: 'Mode' }).selectOption('upsert');
    // E-mail is proposed as the key: the record it finds is changed, a repeated key still fails.
    await expectText(email, /\(row 2\): upsert changes that record[\s\S]*\(row 4 same as row 3\): it fails/);
    await page.getByRole('combobox', { name: 'Mode' }).selectOption('skip-existing');
    await expectText(email, /every row fits[\s\S]*\(row 2\): skip existing leaves that record as it is[\s\S]*skip existing skips it/);
    // The mode differs from the one checked: the whole file is checked again with the plan, which the page then keeps.
    await page.getByRole('combobox', { name: 'Field for column C (Age)' }).selectOption('');
    await page.getByRole('button', { name: 'Check the rows with this plan' }).click();
    // Checked: the preview is the plan's, and the page shows it with nothing left to check.
    const checked = async () => (await s.api().get(`/api/imports/${jobId}/preview`).set(olga.auth)).body.proposed_plan?.mode === 'skip-existing';
    await waitFor(async () => (await s.job(jobId, olga)).status === 'ready' && (await checked()), 20_000);
    await page.getByRole('combobox', { name: 'Mode' }).waitFor();
    await waitFor(async () => (await page.getByRole('button', { name: 'Check the rows with this plan' }).count()) === 0);
    // Still offered: the collections may change (another import adds the records a column names) while the plan does not.
    await page.getByRole('button', { name: 'Check the rows again' }).waitFor();
    expect((await s.job(jobId, olga)).error).toBeNull();
    expect(await page.getByRole('combobox', { name: 'Mode' }).inputValue()).toBe('skip-existing');
    expect(await page.getByRole('combobox', { name: 'Field for column C (Age)' }).inputValue()).toBe('');
    await expectText(page.getByTestId('column-B'), /every row fits[\s\S]*skip existing skips it/);
    expect((await s.job(jobId, olga)).plan).toMatchObject({ mode: 'skip-existing', sheets: [{ mapping: { A: 'name', B: 'email' } }] });
    // Checked with a key, the rows are counted by what it finds, as the run will decide them.
    const keys = page.getByTestId('key-matches');
    await expectText(keys, /1 row finds its record: skip existing leaves it as it is[\s\S]*1 row finds no record \(row 3\): a new record is added for each[\s\S]*1 row repeats the key of an earlier row \(row 4 same as row 3\): skip existing skips it/);
    // Someone adds row 3's record meanwhile: checked again with the same plan, the rows are counted as they now are.
    await s.query(`INSERT INTO customers (id, name, email, "createdAt", "updatedAt") VALUES (990001, 'New One', 'new.one@example.test', now(), now())`);
    await page.getByRole('button', { name: 'Check the rows again' }).click();
    await expectText(keys, /3 rows find their record: skip existing leaves them as they are/);
    await s.query('DELETE FROM customers WHERE id = 990001');
    await page.getByRole('button', { name: 'Check the rows again' }).click();
    // Checked again before the plan changes: the count is back to what the rows find without that record.
    await expectText(keys, /1 row finds its record: skip existing leaves it as it is/);
    // Another mode was not counted: nothing is said of it until it is checked, which the sheet points to.
    await page.getByRole('combobox', { name: 'Mode' }).selectOption('update');
    expect(await keys.count()).toBe(0);
    await expectText(page.getByRole('group', { name: 'Key fields for sheet customers' }), /“Check the rows with this plan” counts the rows these keys find/);
    await page.getByRole('button', { name: 'Check the rows with this plan' }).click();
    await expectText(keys, /1 row finds its record: update writes each row’s values into its record[\s\S]*2 rows find no record \(rows 3, 4\): update fails them/);
    expect(await keys.innerText()).not.toMatch(/case included/);
    // What the found record would get is shown before the run: here its name.
    await expectText(page.getByTestId('key-changes'), /1 record changes: name in 1\.[\s\S]*Row 2: name “Alice” → “Alice Again”/i);
    const warned = nextDialog(page, 'dismiss');
    await page.getByRole('button', { name: 'Start the import' }).click();
    // The keys fail rows 3 and 4, and row 4 repeats row 3's e-mail too: a row may fail for both, so the count is a floor.
    expect(await warned).toMatch(/^The preview found at least 2 rows that will fail/);
    await s.api().post(`/api/imports/${jobId}/cancel`).set(olga.auth).expect(201);
  });

  it('says what an update would change in the records it finds, and warns when a field changes in every one of them', async () => {
    // The second column holds nicknames, not the customers' names.
    await uploadOnPage('customers.csv', ['E-mail,Name', 'alice@example.com,Ali', 'bob@example.com,Bobby', 'carol@example.com,Caz'].join('\n'));
    const { page } = browser;
    await page.getByRole('combobox', { name: 'Mode' }).selectOption('update');
    await page.getByRole('group', { name: 'Key fields for sheet customers' }).getByRole('checkbox', { name: 'email' }).check();
    await page.getByRole('button', { name: 'Check the rows with this plan' }).click();
    const changes = page.getByTestId('key-changes');
    await expectText(changes, /3 records change: name in 3\.[\s\S]*Row 2: name “Alice” → “Ali”/i);
    await expectText(page.getByTestId('changes-everywhere'), /name changes in every record found: check that the right column goes into it/i);
    await s.api().post(`/api/imports/${jobId}/cancel`).set(olga.auth).expect(201);
  });

  it('sends no key that is no longer offered: ticked for an upsert, its column then left out, back to insert', async () => {
    await uploadOnPage('customers.csv', CSV.replace(/web@/g, 'keys@'));
    const { page } = browser;
    await page.getByRole('combobox', { name: 'Mode' }).selectOption('upsert');
    await page.getByRole('checkbox', { name: 'email' }).check();
    await page.getByRole('combobox', { name: 'Field for column B (E-mail)' }).selectOption('');
    expect(await page.getByRole('checkbox', { name: 'email' }).count()).toBe(0);
    await page.getByRole('combobox', { name: 'Mode' }).selectOption('insert');
    await page.getByRole('button', { name: 'Start the import' }).click();
    await expectText(page.getByTestId('outcome'), /The import finished/);
    expect((await s.job(jobId, olga)).plan).toMatchObject({ mode: 'insert', key_fields: [] });
    await s.api().post(`/api/imports/${jobId}/rollback`).set(olga.auth).expect(201);
    await s.until(jobId, ['rolled_back'], olga);
    expect(await customers()).toEqual(before);
  });

  it('upserts by the key fields ticked in the sheet, sent as the sheet\'s own', async () => {
    await uploadOnPage('customers.csv', CSV.replace(/web@/g, 'upsert@'));
    const { page } = browser;
    await page.getByRole('combobox', { name: 'Mode' }).selectOption('upsert');
    await page.getByRole('group', { name: 'Key fields for sheet customers' }).getByRole('checkbox', { name: 'email' }).check();
    // An empty cell leaves an existing record's field as it is unless the operator says otherwise.
    const empty = page.getByRole('combobox', { name: 'An empty cell, on a record that exists' });
    expect(await empty.inputValue()).toBe('keep');
    await empty.selectOption('clear');
    void nextDialog(page, 'accept');
    await page.getByRole('button', { name: 'Start the import' }).click();
    await expectText(page.getByTestId('outcome'), /The import finished/);
    const { plan } = await s.job(jobId, olga);
    expect(plan).toMatchObject({ mode: 'upsert', empty_cells: 'clear', key_fields: [], sheets: [{ sheet: 'customers', key_fields: ['email'] }] });
    await s.api().post(`/api/imports/${jobId}/rollback`).set(olga.auth).expect(201);
    await s.until(jobId, ['rolled_back'], olga);
    expect(await customers()).toEqual(before);
  });

  it('says the same file went into the database before, links to that import, and asks before inserting it again', async () => {
    const twice = CSV.replace(/web@/g, 'twice@');
    await uploadOnPage('customers.csv', twice);
    const { page } = browser;
    const firstId = jobId;
    // Its bad e-mail fails a row: asked about, and started anyway.
    void nextDialog(page, 'accept');
    await page.getByRole('button', { name: 'Start the import' }).click();
    await expectText(page.getByTestId('outcome'), /The import finished/);
    await uploadOnPage('customers.csv', twice);
    const note = page.getByTestId('same-file');
    await expectText(note, /This file was imported into this database before:\s*customers\.csv, [^\n]+, by you: 2 rows inserted into customers \(insert\)[\s\S]*Insert adds its rows again, as new records/);
    expect(await note.getByRole('link', { name: 'customers.csv' }).getAttribute('href')).toBe(`/imports/view/?id=${firstId}`);
    const asked = nextDialog(page, 'dismiss');
    await page.getByRole('button', { name: 'Start the import' }).click();
    expect(await asked).toMatch(/\n\nThis file was imported into customers before \(the latest: customers\.csv, .+, by you: 2 rows inserted into customers \(insert\)\)\. Insert adds its rows again[^\n]*\n\nStart anyway\?$/);
    expect((await s.job(jobId, olga)).status).toBe('ready');
    // Another mode finds what the first one wrote: said, and not asked about.
    await page.getByRole('combobox', { name: 'Mode' }).selectOption('skip-existing');
    await expectText(note, /Skip existing finds the records it wrote by their key/);
    const askedAgain = nextDialog(page, 'dismiss');
    await page.getByRole('button', { name: 'Start the import' }).click();
    expect(await askedAgain).not.toMatch(/imported into this database before/);
    // The link opens the earlier import's page, once leaving this one's changed plan is confirmed.
    const leaving = nextDialog(page, 'accept');
    await note.getByRole('link', { name: 'customers.csv' }).click();
    expect(await leaving).toMatch(/^Leave this import\?/);
    await page.waitForURL((url) => url.searchParams.get('id') === firstId, { waitUntil: 'commit' });
    await expectText(page.getByTestId('outcome'), /The import finished/);
    await expectText(page.getByRole('heading', { level: 1 }), /^customers\.csv$/);
    await s.api().post(`/api/imports/${jobId}/cancel`).set(olga.auth).expect(201);
    await s.api().post(`/api/imports/${firstId}/rollback`).set(olga.auth).expect(201);
    await s.until(firstId, ['rolled_back'], olga);
    expect(await customers()).toEqual(before);
  });

  /**
   * Holds the page's reads of the customers collection's fields: the first is answered by `first`
   * ('abort' fails it), the others wait for `release`. Answers `asked`, resolved at the first read.
   */
  async function holdDescriptions(first: 'abort' | 'hold') {
    const { page } = browser;
    const described = `**/api/import-targets/${s.targetId}/collections/customers`;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let loading!: () => void;
    const asked = new Promise<void>((resolve) => (loading = resolve));
    let reads = 0;
    await page.route(described, async (route) => {
      loading();
      if (++reads === 1 && first === 'abort') return route.abort();
      await held;
      // Unless the page has moved on meanwhile.
      await route.continue().catch(() => undefined);
    });
    return {
      asked,
      release,
      async stop() {
        release();
        await page.unroute(described);
      },
    };
  }

  it("proposes a key on leaving insert right after the page opens: it shows once the collection's fields are known", async () => {
    await uploadOnPage('customers.csv', CSV.replace(/web@/g, 'soon@'));
    const { page } = browser;
    const hold = await holdDescriptions('hold');
    try {
      await page.reload();
      await hold.asked;
      setTimeout(hold.release, 300);
      // As soon as the mode can be chosen.
      await page.getByRole('combobox', { name: 'Mode' }).selectOption('upsert');
    } finally {
      await hold.stop();
    }
    expect(await page.getByRole('group', { name: 'Key fields for sheet customers' }).getByRole('checkbox', { name: 'email' }).isChecked()).toBe(true);
    await s.api().post(`/api/imports/${jobId}/cancel`).set(olga.auth).expect(201);
  });

  it("keeps a plan's key fields when it is checked again while the collection's fields could not be read", async () => {
    await uploadOnPage('customers.csv', CSV.replace(/web@/g, 'keys@'));
    const { page } = browser;
    await page.getByRole('combobox', { name: 'Mode' }).selectOption('skip-existing');
    await page.getByRole('group', { name: 'Key fields for sheet customers' }).getByRole('checkbox', { name: 'email' }).check();
    await page.getByRole('button', { name: 'Check the rows with this plan' }).click();
    const keys = async () => ((await s.job(jobId, olga)).plan as { sheets: { key_fields?: string[] }[] } | null)?.sheets[0]?.key_fields;
    await waitFor(async () => (await s.job(jobId, olga)).status === 'ready' && (await keys())?.[0] === 'email', 20_000);
    // The page has read the checked preview (and the fields with it) before anything is held.
    await waitFor(async () => page.getByRole('button', { name: 'Check the rows again' }).isEnabled().catch(() => false), 20_000);
    // Opened again, the first read of the collection's fields fails and the next ones wait.
    const hold = await holdDescriptions('abort');
    const saved: string[] = [];
    const onRequest = (r: { method(): string; url(): string }) => r.method() === 'PUT' && saved.push(r.url());
    page.on('request', onRequest);
    try {
      await page.reload();
      await hold.asked;
      await page.getByRole('button', { name: 'Check the rows again' }).click();
      // Nothing is sent before the fields say which keys are offered.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(saved).toEqual([]);
      hold.release();
      await waitFor(async () => saved.length === 1);
      await waitFor(async () => (await s.job(jobId, olga)).status === 'ready' && (await page.getByRole('button', { name: 'Check the rows again' }).isEnabled()), 20_000);
    } finally {
      page.off('request', onRequest);
      await hold.stop();
    }
    // (Next's route announcer is an empty alert.)
    expect((await page.getByRole('alert').allInnerTexts()).filter(Boolean)).toEqual([]);
    expect(await keys()).toEqual(['email']);
    await s.api().post(`/api/imports/${jobId}/cancel`).set(olga.auth).expect(201);
  });

  it('says a file that could not be read was not imported, with the reason', async () => {
    const { page } = browser;
    const id = await sendOnPage('broken.xlsx', 'PK\u0003\u0004 not really a workbook');
    await expectText(page.getByTestId('outcome'), /The file could not be imported: nothing was written/);
    const failed = await s.job(id, olga);
    expect(failed).toMatchObject({ status: 'failed', error: expect.any(String) });
    await expectText(page.getByRole('region', { name: 'Outcome' }), new RegExp(String(failed.error).slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    expect(await page.getByRole('button', { name: 'Roll back the import' }).count()).toBe(0);
  });

  it('still offers to cancel an import whose preview cannot be shown while its database is away', async () => {
    await uploadOnPage('customers.csv', CSV.replace(/web@/g, 'away@'));
    const { page } = browser;
    await s.api().patch(`/api/import-targets/${s.targetId}`).set(s.admin.auth).send({ settings: { port: 1 } }).expect(200);
    try {
      await page.reload();
      await expectText(page.getByRole('alert'), /Cannot show the preview: /);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Cancel the import' }).click();
      await expectText(page.getByTestId('outcome'), /Cancelled before it started/);
      expect((await s.job(jobId, olga)).status).toBe('cancelled');
    } finally {
      await s.api().patch(`/api/import-targets/${s.targetId}`).set(s.admin.auth).send({ settings: { port: 5432 } }).expect(200);
    }
  });

  it('says a file with a header and no rows has nothing to import; tells an admin whose import it is', async () => {
    const { page } = browser;
    await sendOnPage('customers.csv', 'Name,E-mail,Age\n');
    await expectText(page.getByTestId('outcome'), /The file could not be imported: nothing was written/);
    await expectText(page.locator('main'), /the file has column names but no rows under them: there is nothing to import/);
    expect(await page.getByRole('button', { name: 'Start the import' }).count()).toBe(0);
    const id = await sendOnPage('customers.csv', CSV.replace(/web@/g, 'whose@'));
    await page.getByRole('button', { name: 'Start the import' }).waitFor();
    expect(await page.getByText('Another user’s import').count()).toBe(0);

    const b = await launchBrowser(s.suite.url);
    browsers.push(b);
    await b.page.goto(`/imports/view/?id=${id}`);
    await signInOnPage(b, { username: s.suite.adminUsername, password: s.suite.adminPassword });
    await b.page.waitForURL((url) => url.pathname === '/imports/view/');
    await expectText(b.page.locator('main'), /Another user’s import: started by you, it runs with your role and grants/);
    await s.api().post(`/api/imports/${id}/cancel`).set(olga.auth).expect(201);
  });

  it('marks the fields a new record needs that no column fills', async () => {
    const emil = await s.importer('operator', { index_pattern: 't_p3txouos661', can_write: true });
    const b = await launchBrowser(s.suite.url);
    browsers.push(b);
    await b.page.goto('/imports/');
    await signInOnPage(b, { username: emil.user.username, password: emil.password });
    await b.page.getByTestId('import-file').setInputFiles(file('employees.csv', 'Email,Salary\nemil@example.test,1000\n'));
    await b.page.getByRole('button', { name: 'Upload and preview' }).click();
    await b.page.getByTestId('sheet-employees').waitFor();
    await expectText(b.page.getByTestId('required-employees'), /Required for a new record, and no column goes into it: Full name\./);
    const salary = b.page.getByRole('combobox', { name: 'Field for column B (Salary)' });
    const option = async (label: RegExp) => salary.locator('option').filter({ hasText: label }).evaluate((o) => ({ text: (o as unknown as { textContent: string }).textContent, disabled: (o as unknown as { disabled: boolean }).disabled }));
    expect(await option(/^Full name/)).toEqual({ text: 'Full name (f_acdt3u3eed3) · required', disabled: false });
    // Mapped, the note goes.
    await salary.selectOption('f_acdt3u3eed3');
    await waitFor(async () => (await b.page.getByTestId('required-employees').count()) === 0);
  });

  it("keeps another user's import out of reach: its page says it does not exist", async () => {
    const other = await s.importer('operator', { index_pattern: 'customers', can_write: true });
    const b = await launchBrowser(s.suite.url);
    browsers.push(b);
    await b.page.goto(`/imports/view/?id=${jobId}`);
    await signInOnPage(b, { username: other.user.username, password: other.password });
    await b.page.waitForURL((url) => url.pathname === '/imports/view/');
    await expectText(b.page.getByRole('alert'), new RegExp(`Import ${jobId} does not exist`));
    // An address cut short names no import at all.
    await b.page.goto(`/imports/view/?id=${jobId.slice(0, 20)}`);
    await expectText(b.page.getByRole('alert'), /There is no such import: the address names none/);
    await b.page.getByRole('link', { name: '← Imports' }).click();
    await expectText(b.page.locator('main'), /No imports yet/);
  });

  it('lets an admin add a database, test it, grant an operator collections on it and take the grant back', async () => {
    const nobody = await s.importer('operator');
    // An operator who may not open the imports app: a grant would allow nothing, and the form says so.
    const appless = await s.actors.user('operator');
    const b = await launchBrowser(s.suite.url);
    browsers.push(b);
    const { page } = b;
    await page.goto('/targets/');
    await signInOnPage(b, { username: s.suite.adminUsername, password: s.suite.adminPassword });
    await page.getByRole('heading', { name: 'Import databases' }).waitFor();
    const form = page.getByRole('form', { name: 'Add a NocoBase database' });
    await form.getByLabel('Name').fill('Second');
    await form.getByLabel('Host').fill('127.0.0.1');
    await form.getByLabel('Database (DB_DATABASE)').fill(s.nocobase.name);
    await form.getByLabel('User (DB_USER)').fill('postgres');
    await form.getByRole('button', { name: 'Add' }).click();
    await expectText(page.getByRole('status'), /Second was added/);
    const card = page.getByTestId('target-Second');
    await card.getByRole('button', { name: 'Test the connection' }).click();
    await expectText(card.getByTestId('test-result'), /Connected .*: 9 NocoBase collections/);
    // Changed since, the old result no longer stands for it.
    await card.getByRole('button', { name: 'Change' }).click();
    await page.getByRole('form', { name: 'Change Second' }).getByRole('button', { name: 'Save' }).click();
    await expectText(page.getByRole('status'), /Second was saved/);
    expect(await card.getByTestId('test-result').count()).toBe(0);
    const second = ((await s.api().get('/api/import-targets').set(s.admin.auth).expect(200)).body as { id: string; name: string }[]).find((t) => t.name === 'Second');
    expect(second).toBeDefined();

    const grant = card.getByRole('form', { name: 'New grant on Second' });
    expect(await grant.getByRole('option', { name: `${appless.user.username} (operator, without the imports app)` }).count()).toBe(1);
    await grant.getByRole('combobox', { name: 'User' }).selectOption({ label: `${nobody.user.username} (operator)` });
    // A name in other letters' case matches nothing: asked, with the name meant; dismissed, nothing is granted.
    await card.locator('datalist option').first().waitFor({ state: 'attached' });
    await grant.getByLabel('Collections').fill('Orders');
    const [question] = await Promise.all([
      page.waitForEvent('dialog').then(async (dialog) => (await dialog.dismiss(), dialog.message())),
      grant.getByRole('button', { name: 'Grant' }).click(),
    ]);
    expect(question).toBe('“Orders” matches no collection on Second now. Names match exactly: did you mean “orders”? Grant it anyway (for a collection made later)?');
    expect((await s.api().get(`/api/index-access/user/${nobody.user.id}`).set(s.admin.auth).expect(200)).body).toEqual([]);
    // Write reads too (an import reads the records it updates): read stays ticked while write is.
    const read = grant.getByRole('checkbox', { name: /^read/ });
    expect([await read.isChecked(), await read.isDisabled()]).toEqual([true, true]);
    await grant.getByRole('checkbox', { name: 'write', exact: true }).uncheck();
    expect(await read.isDisabled()).toBe(false);
    await grant.getByRole('checkbox', { name: 'write', exact: true }).check();
    await grant.getByLabel('Collections').fill('orders');
    await grant.getByRole('button', { name: 'Grant' }).click();
    await expectText(page.getByRole('status'), new RegExp(`${nobody.user.username} was granted orders on Second`));
    // The keyboard stays in the form, ready for the next grant (the pressed button was disabled while it worked).
    await waitFor(async () => (await focused(page)).tag === 'SELECT');
    const grants = async () => (await s.api().get(`/api/index-access/user/${nobody.user.id}`).set(s.admin.auth).expect(200)).body as { es_server_id: string; index_pattern: string; can_write: boolean; can_read: boolean }[];
    expect(await grants()).toEqual([expect.objectContaining({ es_server_id: second?.id, index_pattern: 'orders', can_write: true, can_read: true })]);
    // The operator now finds orders among the collections of that database.
    const collections = (await s.api().get(`/api/import-targets/${second?.id}/collections`).set(nobody.auth).expect(200)).body as { name: string }[];
    expect(collections.map((c) => c.name)).toEqual(['orders']);

    await card.getByRole('button', { name: `Remove the grant of orders to ${nobody.user.username}` }).click();
    await expectText(page.getByRole('status'), /may no longer use orders on Second/);
    // The removed row's button is gone: the focus goes to the grants' heading, not to the page.
    await waitFor(async () => (await focused(page)).tag === 'H3');
    expect(await grants()).toEqual([]);
    // Several collections typed together: a grant each.
    await grant.getByRole('combobox', { name: 'User' }).selectOption({ label: `${nobody.user.username} (operator)` });
    await grant.getByLabel('Collections').fill('orders, customers');
    await grant.getByRole('button', { name: 'Grant' }).click();
    await expectText(page.getByRole('status'), new RegExp(`${nobody.user.username} was granted orders and customers on Second`));
    expect((await grants()).map((g) => g.index_pattern).sort()).toEqual(['customers', 'orders']);

    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Remove', exact: true }).click();
    await expectText(page.getByRole('status'), /Second was removed/);
    expect(((await s.api().get('/api/import-targets').set(s.admin.auth).expect(200)).body as { name: string }[]).map((t) => t.name)).toEqual(['Fixture']);

    // An admin's list holds everyone's imports, each saying whose.
    await page.getByRole('link', { name: 'Imports', exact: true }).click();
    await page.getByRole('heading', { name: 'Everyone’s imports' }).waitFor();
    await expectText(page.getByTestId(`job-${jobId}`), new RegExp(`customers\\.csv[\\s\\S]*${olga.user.username}[\\s\\S]*Fixture`));
  });

  it('shows a reader the collections their grants let them look at, with about how many records each holds', async () => {
    const rita = await s.importer('reader', { index_pattern: 'cust*', can_read: true, can_write: false });
    const b = await launchBrowser(s.suite.url);
    browsers.push(b);
    await b.page.goto('/imports/');
    await signInOnPage(b, { username: rita.user.username, password: rita.password });
    const fixture = b.page.getByTestId('readable-Fixture');
    await expectText(fixture, /Customers \(customers\) · about \d+ records · \d+ fields/);
    expect(await fixture.getByRole('listitem').count()).toBe(1);
    expect(await b.page.getByRole('button', { name: /upload/i }).count()).toBe(0);
  });

  it('keeps the import databases page to admins', async () => {
    await browser.page.goto('/targets/');
    await expectText(browser.page.getByRole('alert'), /Only administrators manage import databases/);
    expect(await browser.page.getByRole('link', { name: 'Import databases' }).count()).toBe(0);
  });

  it('keeps the list\'s page in the address: reloaded, gone back to from an import, or past the last', async () => {
    // 26 imports or more make a second page of 25.
    const have = (await s.api().get('/api/imports').set(olga.auth).expect(200)).body.total as number;
    for (let i = have; i < 27; i++) {
      const job = (await s.upload(`filler-${i}.csv`, 'email\nfiller@example.test\n', olga).expect(201)).body;
      await s.until(job.id, ['ready'], olga);
      await s.api().post(`/api/imports/${job.id}/cancel`).set(olga.auth).expect(201);
    }
    const { page } = browser;
    await page.goto('/imports/');
    const oldest = page.locator('table.imports tbody tr a').first();
    await oldest.waitFor();
    const newest = await oldest.textContent();
    await page.getByRole('button', { name: 'Older' }).click();
    await page.waitForURL((url) => url.search === '?page=2');
    await expectText(page.locator('.pager'), /Page 2 of 2/);
    // The second page's rows, once they have replaced the first's.
    await waitFor(async () => (await oldest.textContent()) !== newest, 10_000, 50);
    const name = await oldest.textContent();
    await page.reload();
    await expectText(page.locator('.pager'), /Page 2 of 2/);
    await oldest.click();
    await page.waitForURL((url) => url.pathname === '/imports/view/');
    await page.getByRole('link', { name: '← Imports' }).click();
    await page.waitForURL((url) => url.pathname === '/imports/' && url.search === '?page=2');
    expect(await page.locator('table.imports tbody tr a').first().textContent()).toBe(name);
    // Back walks the pages shown: the import, page 2 before it, then page 1.
    await page.goBack();
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/imports/' && url.search === '?page=2');
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/imports/' && url.search === '');
    await expectText(page.locator('.pager'), /Page 1 of 2/);
    await page.goto('/imports/?page=9');
    await expectText(page.locator('main'), /No imports on this page/);
    await page.getByRole('button', { name: 'The newest imports' }).click();
    await expectText(page.locator('.pager'), /Page 1 of 2/);
  });

  it('deletes an import once told what is lost, from the list and from its page (back to the list then), and offers it only where allowed', async () => {
    const { page } = browser;
    const setStatus = async (id: string, status: string) => {
      const db = new Client({ connectionString: s.suite.db.url });
      await db.connect();
      await db.query('UPDATE imports.import_jobs SET status = $2 WHERE id = $1', [id, status]).finally(() => db.end());
    };
    const deleteIn = (id: string) => page.getByTestId(`job-${id}`).getByRole('button', { name: /^Delete the import of/ });
    const jobs = (await s.api().get('/api/imports?limit=200').set(olga.auth).expect(200)).body.items as { id: string; status: string }[];
    const rolledBack = jobs.find((j) => j.status === 'rolled_back')?.id ?? '';
    // A completed import: deleting it keeps its rows, and the question says so.
    const completed = (await s.upload('customers.csv', 'name,email\nStays Put,stays.put@example.test\n', olga).expect(201)).body.id as string;
    await s.until(completed, ['ready'], olga);
    await s.api().post(`/api/imports/${completed}/start`).set(olga.auth).expect(201);
    await s.until(completed, ['completed'], olga);
    // One a worker is busy with offers no Delete, here nor on its page.
    const busy = (await s.upload('customers.csv', 'name,email\nBusy Web,busy.web@example.test\n', olga).expect(201)).body.id as string;
    await s.until(busy, ['ready'], olga);
    await setStatus(busy, 'running');

    await page.goto('/imports/');
    await page.getByTestId(`job-${busy}`).waitFor();
    expect(await deleteIn(busy).count()).toBe(0);
    // On one line, however narrow its column ("Del / ete" at 1280 px).
    const heightInEms = await page.evaluate(`(() => {
      const button = [...document.querySelectorAll('[data-testid="job-${completed}"] button')].find((b) => b.textContent.trim() === 'Delete');
      return button.getBoundingClientRect().height / parseFloat(getComputedStyle(button).fontSize);
    })()`);
    // One line and its padding is about 2.1 em; two lines 3.3.
    expect(heightInEms).toBeLessThan(2.7);
    const asked = nextDialog(page, 'dismiss');
    await deleteIn(completed).click();
    expect(await asked).toBe('Delete the import of customers.csv? Its original file and its result files are deleted for good. It can no longer be rolled back: the rows it wrote stay in the database (roll it back first to remove them).');
    expect((await s.job(completed, olga)).status).toBe('completed');
    page.once('dialog', (dialog) => void dialog.accept());
    await deleteIn(completed).click();
    await page.getByTestId(`job-${completed}`).waitFor({ state: 'detached' });
    await s.api().get(`/api/imports/${completed}`).set(olga.auth).expect(404);
    expect(await s.query(`SELECT name FROM customers WHERE email = 'stays.put@example.test'`)).toEqual([{ name: 'Stays Put' }]);

    await page.goto(`/imports/view/?id=${busy}`);
    await page.getByRole('button', { name: 'Stop the import' }).waitFor();
    expect(await page.getByRole('button', { name: /^Delete the import of/ }).count()).toBe(0);
    await setStatus(busy, 'cancelled');

    await page.goto(`/imports/view/?id=${rolledBack}`);
    await expectText(page.getByTestId('outcome'), /Rolled back/);
    const deleting = nextDialog(page, 'accept');
    await page.getByRole('button', { name: 'Delete the import of customers.csv' }).click();
    await page.waitForURL((url) => url.pathname === '/imports/');
    expect(await deleting).toBe('Delete the import of customers.csv? Its original file and its result files are deleted for good. Its rows were rolled back already.');
    await page.locator('table.imports tbody tr').first().waitFor();
    expect(await page.getByTestId(`job-${rolledBack}`).count()).toBe(0);
    expect(existsSync(join(s.suite.dataDir, 'objects', 'imports', rolledBack))).toBe(false);
  });

  it('uploads several files chosen at once as an import each, and says which one was refused and why', async () => {
    const { page } = browser;
    await page.goto('/imports/');
    const before = (await s.api().get('/api/imports').set(olga.auth).expect(200)).body.total as number;
    await page.getByTestId('import-file').setInputFiles([
      file('batch-a.csv', 'Name,E-mail\nAna,batch-a@example.test\n'),
      file('batch-b.csv', 'Name,E-mail\nBea,batch-b@example.test\n'),
      file('batch-big.csv', `Name,E-mail\n${'Ann,ann@example.test\n'.repeat(4000)}`),
    ]);
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await expectText(page.getByRole('status').filter({ hasText: 'files were uploaded' }), /^2 of 3 files were uploaded, an import each/);
    await expectText(page.getByRole('alert'), /batch-big\.csv is 82 KB: an import takes files up to 64 KB/);
    // The page stays on the list, which shows both.
    expect(new URL(page.url()).pathname).toBe('/imports/');
    for (const name of ['batch-a.csv', 'batch-b.csv']) await page.locator('table.imports').getByRole('link', { name }).waitFor();
    expect((await s.api().get('/api/imports').set(olga.auth).expect(200)).body.total).toBe(before + 2);
  });

  it('met no Content-Security-Policy violation on any page', () => {
    expect(browsers.flatMap(securityViolations)).toEqual([]);
  });
});
