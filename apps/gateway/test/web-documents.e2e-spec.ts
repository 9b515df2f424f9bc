import { type Actor, AnthropicDouble, blankPagesPdf, expectText, launchBrowser, nextDialog, notPdf, openEventStream, sampleDocumentPdf, securityViolations, signInOnPage, type TestBrowser, textPdf, unzipEntries, waitFor } from '@intake/testing';
import { readFileSync } from 'node:fs';
import { DocSuite } from './doc-suite';

/**
 * The web app in Chromium, served by the gateway from its real build, against the whole suite. The
 * tests run in order as one user's session: each builds on what the one before left (signed in,
 * documents uploaded, a category made), so the first failure is the one to read.
 */
describe('web app: documents and AI settings in a browser', () => {
  let s: DocSuite;
  let ana: Actor;
  let browser: TestBrowser;
  // Every browser opened, so the last test can check that none met a CSP violation.
  const browsers: TestBrowser[] = [];
  const openBrowser = async () => {
    const b = await launchBrowser(s.suite.url);
    browsers.push(b);
    return b;
  };
  const files: Record<'invoiceEn' | 'faturaPt', Buffer> = {} as never;

  beforeAll(async () => {
    // Streams look at their session every 2 s (30 by default), so a session's end shows without a long wait.
    // Two files an upload, so the web app must send three in two requests.
    s = await DocSuite.start({ DOC_EVENTS_RECHECK_SECONDS: '2', DOC_UPLOAD_MAX_FILES: '2' });
    // Suggested categories come from the admin's list: the English invoice (toner) gets "Office".
    await s.settings({ categories: ['Office'], rules: { categories: [{ name: 'Office', match: 'toner', algorithm: 'any' }] } });
    ana = await s.user('power');
    files.invoiceEn = await sampleDocumentPdf('invoiceEn');
    files.faturaPt = await sampleDocumentPdf('faturaPt');
    browser = await openBrowser();
  });
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await s?.stop();
  });

  const rows = () => browser.page.getByTestId('document-row');
  /** As a browser hides a background tab. */
  const setHidden = (hidden: boolean, page = browser.page) =>
    page.evaluate(`(() => {
      Object.defineProperty(document, 'hidden', { value: ${hidden}, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    })()`);
  const eventStream = () => openEventStream(`${s.suite.url}/api/documents/events`, ana.auth);
  /** The answer to the page's next list request (its filters in the address asked of the API). */
  const listAnswer = (matches: (query: URLSearchParams) => boolean = () => true) =>
    browser.page.waitForResponse((r) => {
      const url = new URL(r.url());
      return url.pathname === '/api/documents' && url.searchParams.has('page_size') && matches(url.searchParams);
    });
  const row = (file: string) => browser.page.locator(`[data-testid=document-row][data-file="${file}"]`);

  it('sends a signed-out visitor to sign in, refuses a wrong password, and returns to the page asked for', async () => {
    const { page } = browser;
    await page.goto('/documents/');
    await page.waitForURL((url) => url.pathname === '/login/' && url.searchParams.get('next') === '/documents/');
    await signInOnPage(browser, { username: ana.user.username, password: 'not-the-password' });
    await expectText(page.getByRole('alert'), /invalid|incorrect|wrong/i);
    await signInOnPage(browser, { username: ana.user.username, password: ana.password });
    await page.waitForURL((url) => url.pathname === '/documents/');
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    expect(await page.getByRole('link', { name: 'AI settings' }).count()).toBe(0);
  });

  it('shows dropped PDFs move to done without a reload, with what was read, and names a refused file', async () => {
    const { page } = browser;
    // A mark on this page's window: still there at the end means the page was never reloaded.
    await page.evaluate('window.sameDocument = true');
    // A finished row is brought up to date with the list, never with a document's detail (its whole text).
    const details: string[] = [];
    page.on('request', (req) => /\/api\/documents\/[0-9a-f-]{36}$/.test(new URL(req.url()).pathname) && details.push(req.url()));
    const uploads: string[] = [];
    page.on('request', (req) => req.method() === 'POST' && new URL(req.url()).pathname === '/api/documents' && uploads.push(req.url()));
    await page.getByTestId('upload-input').setInputFiles([
      { name: 'invoice-en.pdf', mimeType: 'application/pdf', buffer: files.invoiceEn },
      { name: 'fatura-pt.pdf', mimeType: 'application/pdf', buffer: files.faturaPt },
      { name: 'archive.pdf', mimeType: 'application/pdf', buffer: notPdf('zip') },
    ]);
    await expectText(page.getByRole('status'), /2 added/);
    await expectText(page.getByRole('status'), /archive\.pdf is not a PDF/); // named once, not "archive.pdf: archive.pdf is…"
    expect(await page.getByRole('status').innerText()).not.toContain('archive.pdf: archive.pdf');
    expect(uploads).toHaveLength(2);
    for (const file of ['invoice-en.pdf', 'fatura-pt.pdf']) await row(file).getByTestId('status').getByText('done').waitFor({ timeout: 60_000 });
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    await expectText(row('fatura-pt.pdf'), /invoice[\s\S]*2024-02-07[\s\S]*861/);
    await expectText(row('invoice-en.pdf'), /invoice[\s\S]*2024-03-15[\s\S]*1,452\.30/);
    expect(details).toEqual([]);
    // The file picker is reached with the keyboard too (a hidden input never got the focus).
    await page.getByTestId('upload-input').focus();
    expect(await page.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('upload-input');
  });

  it('names the files of an upload a proxy in front refused, none of them stored', async () => {
    const { page } = browser;
    // A proxy's own answer: an HTML page, no JSON error of ours; held until the page has been looked at mid-upload.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/documents', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      await held;
      await route.fulfill({ status: 413, contentType: 'text/html', body: '<html><body><h1>413 Request Entity Too Large</h1></body></html>' });
    }, { times: 1 });
    await page.getByTestId('upload-input').setInputFiles([
      { name: 'scan-1.pdf', mimeType: 'application/pdf', buffer: files.invoiceEn },
      { name: 'scan-2.pdf', mimeType: 'application/pdf', buffer: files.faturaPt },
    ]);
    // While it uploads: the last upload's report is gone, and leaving is asked first.
    await page.getByText('Uploading…').waitFor();
    expect(await page.getByText(/2 added/).count()).toBe(0);
    const leaving = "(() => { const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented; })()";
    expect(await page.evaluate(leaving)).toBe(true);
    release();
    await expectText(page.getByTestId('upload-failed'), /^Not uploaded \(The server answered 413: the request is larger than the server, or a proxy in front of it, accepts\): scan-1\.pdf, scan-2\.pdf\. Send them again\.$/);
    expect(await page.evaluate(leaving)).toBe(false);
    await page.unrouteAll();
    expect((await s.api().get('/api/documents').query({ q: 'scan' }).set(ana.auth).expect(200)).body.total).toBe(0);
  });

  it('names a file over the largest the settings allow at once, without sending it', async () => {
    const { page } = browser;
    await s.settings({ max_file_mb: 1 });
    const uploads: string[] = [];
    const count = (req: { method(): string; url(): string }) => req.method() === 'POST' && new URL(req.url()).pathname === '/api/documents' && uploads.push(req.url());
    page.on('request', count);
    const large = Buffer.concat([files.invoiceEn, Buffer.alloc(1024 * 1024, 0x20)]);
    await page.getByTestId('upload-input').setInputFiles([{ name: 'large-scan.pdf', mimeType: 'application/pdf', buffer: large }]);
    await expectText(page.getByRole('status'), /large-scan\.pdf is larger than the 1\.0 MB limit/);
    page.off('request', count);
    await s.settings({ max_file_mb: 50 });
    expect(uploads).toEqual([]);
  });

  it('updates a row live, from the event stream, when its document is processed again', async () => {
    const { page } = browser;
    // Record every status the row shows; only the event stream changes a row without a reload.
    await page.evaluate(`(() => {
      const badge = document.querySelector('[data-testid=document-row][data-file="invoice-en.pdf"] [data-testid=status]');
      window.seenStatuses = [badge.textContent];
      new MutationObserver(() => window.seenStatuses.push(badge.textContent)).observe(badge, { childList: true, characterData: true, subtree: true });
    })()`);
    const id = (await s.api().get('/api/documents').query({ q: 'toner' }).set(ana.auth).expect(200)).body.items[0].id;
    await s.api().post(`/api/documents/${id}/reprocess`).set(ana.auth).expect(202);
    await waitFor(async () => {
      const seen = (await page.evaluate('window.seenStatuses')) as string[];
      return seen.includes('processing') && seen.at(-1) === 'done';
    }, 30_000, 100);
    expect(await page.evaluate('window.sameDocument')).toBe(true);
  });

  it('gives the stream back while the tab is hidden, and catches up when it is shown again', async () => {
    const { page } = browser;
    const streams = () => page.evaluate(`performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/documents/events')).length`) as Promise<number>;
    const opened = await streams();
    /** Whether Ana may open all ten streams a user may hold: only when this tab holds none. */
    const tenMore = async () => {
      const answers = await Promise.all(Array.from({ length: 10 }, () => eventStream().catch(() => null)));
      for (const answer of answers) answer?.close();
      return answers.every((answer) => answer?.body.includes(': connected'));
    };
    expect(await tenMore()).toBe(false);
    await setHidden(true);
    await waitFor(tenMore, 10_000, 400);
    // A change the list only learns of by asking again (an edit sends no status event).
    const id = (await s.api().get('/api/documents').query({ q: 'toner' }).set(ana.auth).expect(200)).body.items[0].id;
    await s.api().patch(`/api/documents/${id}`).set(ana.auth).send({ title: 'Seen once the tab is back' }).expect(200);
    await setHidden(false);
    // Shown again: a new stream, and the list asked again for what it missed.
    await expectText(row('invoice-en.pdf'), /Seen once the tab is back/);
    await waitFor(async () => (await streams()) > opened, 10_000, 100);
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    await s.api().patch(`/api/documents/${id}`).set(ana.auth).send({ reset_fields: ['title'] }).expect(200);
  });

  it('pauses live updates while other tabs hold every stream, and resumes them once one is given back', async () => {
    const { page } = browser;
    await setHidden(true);
    // The ten streams a user may hold, taken elsewhere once this tab gave its own back.
    const others: Awaited<ReturnType<typeof eventStream>>[] = [];
    try {
      await waitFor(async () => {
        const answer = await eventStream();
        if (answer.body.includes(': connected')) others.push(answer);
        return others.length === 10;
      }, 10_000, 100);
      await setHidden(false);
      await expectText(page.getByTestId('live-ended'), /Live updates are paused in this tab/);
      others.pop()?.close();
      // Asked again after a few seconds, the tab holds a stream of its own and the notice goes.
      await page.getByTestId('live-ended').waitFor({ state: 'detached', timeout: 15_000 });
      expect((await eventStream()).body).toContain('too_many_streams');
    } finally {
      for (const other of others) other.close();
    }
  });

  it('finds documents by their text in Portuguese and English', async () => {
    const { page } = browser;
    const search = page.getByRole('searchbox', { name: 'Search' });
    // Typed past the 200 characters the API takes, the box stops there instead of a refusal naming q.
    await search.pressSequentially('x'.repeat(205), { delay: 0 });
    expect((await search.inputValue()).length).toBe(200);
    await search.fill('manutenção');
    await expectRows(['fatura-pt.pdf']);
    // An export holds what the list shows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^documents-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path()).toString('utf8').trim().split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain('fatura-pt.pdf');
    const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDFs (ZIP)' }).click()]);
    expect(zip.suggestedFilename()).toMatch(/^documents-\d{4}-\d{2}-\d{2}\.zip$/);
    expect([...(await unzipEntries(readFileSync(await zip.path()))).keys()]).toEqual(['fatura-pt.pdf']);
    expect(new URL(page.url()).pathname).toBe('/documents/'); // the downloads left the page where it was
    await search.fill('toner cartridge');
    await expectRows(['invoice-en.pdf']);
    // A search that finds nothing says so and offers to clear the filters.
    await search.fill('zebra quasar');
    await expectText(page.getByTestId('empty'), /No document matches these filters/);
    await page.getByTestId('empty').getByRole('button', { name: 'Clear the filters' }).click();
    await expectRows(['fatura-pt.pdf', 'invoice-en.pdf']);
    // Best match ranks by a search: not offered without one; a search of spaces alone is none, so
    // the newest come first (not a refusal), and the sort box says so.
    expect(await page.getByRole('option', { name: 'Best match (with a search)' }).isDisabled()).toBe(true);
    await search.fill('fatura');
    await Promise.all([listAnswer(), page.getByRole('combobox', { name: 'Sort' }).selectOption('relevance')]);
    const [spaces] = await Promise.all([listAnswer(), search.fill('   ')]);
    expect(spaces.status()).toBe(200);
    await expectRows(['fatura-pt.pdf', 'invoice-en.pdf']);
    expect(await page.getByRole('combobox', { name: 'Sort' }).inputValue()).toBe('-created_at');
    await page.getByTestId('empty').waitFor({ state: 'detached' });
    // A sign alone is no search: said in words, not as the API's refusal.
    await search.fill('€');
    await expectText(page.getByRole('alert'), /“€” has no letters or digits to search for: type a word, a number or a date\./);
    await search.fill('');
    // Dates that exclude each other: said in words, and no list of other filters beside it.
    await page.getByLabel('Dated from').fill('2024-06-01');
    await page.getByLabel('Dated to').fill('2024-01-01');
    await expectText(page.getByRole('alert'), /The “from” date is after the “to” date/);
    expect(await rows().count()).toBe(0);
    await page.getByLabel('Dated from').fill('');
    await page.getByLabel('Dated to').fill('');
    await expectRows(['fatura-pt.pdf', 'invoice-en.pdf']);
    // A period by name fills the dates, in the browser's calendar (here the machine's, as this process's).
    const period = page.getByRole('combobox', { name: 'Period' });
    const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const now = new Date();
    const quarter = now.getMonth() - (now.getMonth() % 3);
    await period.selectOption({ label: 'Last quarter' });
    expect(await page.getByLabel('Dated from').inputValue()).toBe(day(new Date(now.getFullYear(), quarter - 3, 1)));
    expect(await page.getByLabel('Dated to').inputValue()).toBe(day(new Date(now.getFullYear(), quarter, 0)));
    await expectText(page.getByTestId('empty'), /No document matches these filters/);
    expect(new URL(page.url()).searchParams.get('date_from')).toBe(day(new Date(now.getFullYear(), quarter - 3, 1)));
    // Typed dates that are a period show as it; others as chosen; "Any date" clears them.
    await page.getByLabel('Dated from').fill(`${now.getFullYear() - 1}-01-01`);
    await page.getByLabel('Dated to').fill(`${now.getFullYear() - 1}-12-31`);
    expect(await period.inputValue()).toBe('last-year');
    await page.getByLabel('Dated from').fill('2024-01-01');
    await page.getByLabel('Dated to').fill('2024-02-29');
    await expectRows(['fatura-pt.pdf']);
    expect(await period.locator('option:checked').textContent()).toBe('Dates chosen');
    await period.selectOption({ label: 'This year' });
    expect(await page.getByLabel('Dated to').inputValue()).toBe(`${now.getFullYear()}-12-31`);
    await period.selectOption({ label: 'Any date' });
    expect(await page.getByLabel('Dated from').inputValue()).toBe('');
    await expectRows(['fatura-pt.pdf', 'invoice-en.pdf']);
    // The documents without a date; a date typed leaves that choice.
    await period.selectOption({ label: 'Without a date' });
    await expectText(page.getByTestId('empty'), /No document matches these filters/);
    expect(new URL(page.url()).searchParams.get('dated')).toBe('false');
    await page.getByLabel('Dated from').fill('2024-01-01');
    await expectRows(['fatura-pt.pdf', 'invoice-en.pdf']);
    expect(await period.locator('option:checked').textContent()).toBe('Dates chosen');
    await period.selectOption({ label: 'Any date' });
    // Amounts from and to (the invoice 1,452.30, the fatura 861,00), and a range that cannot be.
    await page.getByLabel('Amount from').fill('1000');
    await expectRows(['invoice-en.pdf']);
    // Written as the documents write amounts, Portuguese or English; one that reads two ways is asked about.
    await page.getByLabel('Amount from').fill('1.000,50 €');
    await expectRows(['invoice-en.pdf']);
    await page.getByLabel('Amount from').fill('1.000');
    await expectText(page.getByRole('alert'), /“1\.000” could be 1000 or 1/);
    await page.getByLabel('Amount from').fill('1,000.50');
    await expectRows(['invoice-en.pdf']);
    await page.getByLabel('Amount to').fill('999');
    await expectText(page.getByRole('alert'), /The “from” amount is more than the “to” amount/);
    expect(await rows().count()).toBe(0);
    await page.getByLabel('Amount from').fill('');
    await expectRows(['fatura-pt.pdf']);
    await page.getByLabel('Amount to').fill('');
    await expectRows(['fatura-pt.pdf', 'invoice-en.pdf']);
    // Amounts in one currency only: a code none of them is in finds none.
    await page.getByLabel('Currency').fill('xyz');
    await expectText(page.getByTestId('empty'), /No document matches these filters/);
    expect(new URL(page.url()).searchParams.get('currency')).toBe('xyz');
    await page.getByLabel('Currency').fill('');
    await expectRows(['fatura-pt.pdf', 'invoice-en.pdf']);
  });

  it('files documents into a new category in bulk and filters by it', async () => {
    const { page } = browser;
    await page.getByText(/^My categories/).click();
    await page.getByRole('textbox', { name: 'New category' }).fill('Taxes 2024');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('combobox', { name: 'Category', exact: true }).locator('option', { hasText: 'Taxes 2024' }).waitFor({ state: 'attached' });
    await expectText(page.getByRole('status').last(), /“Taxes 2024” added\./);
    // Each category's buttons say which category they act on, to a screen reader too.
    for (const action of ['Rename', 'Delete']) expect(await page.getByRole('button', { name: `${action} Taxes 2024` }).count()).toBe(1);
    await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
    await page.getByRole('combobox', { name: 'Category for the selected documents' }).selectOption({ label: 'Taxes 2024' });
    await page.getByRole('button', { name: 'File into' }).click();
    await expectText(page.getByRole('status').last(), /2 documents filed into “Taxes 2024”/);
    // Both documents are in the category, so the rows alone cannot tell the filtered list from the one before: its answer can.
    const [filtered] = await Promise.all([
      listAnswer((query) => query.has('category_id')),
      page.getByRole('combobox', { name: 'Category', exact: true }).selectOption({ label: 'Taxes 2024' }),
    ]);
    expect(((await filtered.json()) as { items: { file_name: string }[] }).items.map((d) => d.file_name).sort()).toEqual(['fatura-pt.pdf', 'invoice-en.pdf']);
    await expectRows(['fatura-pt.pdf', 'invoice-en.pdf']);
    await expectText(row('fatura-pt.pdf'), /Taxes 2024/);
    const api = await s.api().get('/api/documents/categories').set(ana.auth).expect(200);
    expect(api.body).toEqual([expect.objectContaining({ name: 'Taxes 2024', document_count: 2 })]);
    // Asked before it goes, a category says how many documents leave it.
    const [question] = await Promise.all([
      page.waitForEvent('dialog').then(async (dialog) => (await dialog.dismiss(), dialog.message())),
      page.getByRole('button', { name: 'Delete Taxes 2024' }).click(),
    ]);
    expect(question).toBe('Delete “Taxes 2024”? The 2 documents filed in it stay, and leave the category.');
    // Filed again, the page says what the server did: nothing new.
    await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
    await page.getByRole('combobox', { name: 'Category for the selected documents' }).selectOption({ label: 'Taxes 2024' });
    await page.getByRole('button', { name: 'File into' }).click();
    await expectText(page.getByRole('status').last(), /0 documents filed into “Taxes 2024”\. 2 documents already were in it\./);
  });

  it('re-processes the selected documents in one go', async () => {
    const { page } = browser;
    const before = (await s.api().get('/api/documents').set(ana.auth).expect(200)).body.items as { id: string; processed_at: string }[];
    await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
    await page.getByRole('button', { name: 'Re-process' }).click();
    await expectText(page.getByRole('status').last(), /2 documents queued to be processed again/);
    await waitFor(async () => {
      const after = (await s.api().get('/api/documents').set(ana.auth).expect(200)).body.items as { id: string; status: string; processed_at: string }[];
      return after.every((d) => d.status === 'done' && d.processed_at !== before.find((b) => b.id === d.id)?.processed_at);
    }, 30_000, 200);
    for (const file of ['invoice-en.pdf', 'fatura-pt.pdf']) await row(file).getByTestId('status').getByText('done').waitFor({ timeout: 30_000 });
  });

  it('says which of the selected documents could not be re-processed', async () => {
    const { page } = browser;
    const gone = (await s.upload(ana, [{ name: 'gone.pdf', bytes: files.invoiceEn.subarray(0, files.invoiceEn.length - 1) }]).expect(201)).body.documents[0];
    await s.until(ana, gone.id);
    const before = (await s.api().get('/api/documents').set(ana.auth).expect(200)).body.items as { id: string; processed_at: string }[];
    await page.goto(new URL('/documents/', page.url()).href); // every document, none of the filters set before
    await row('gone.pdf').waitFor();
    await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
    // Deleted behind the page's back: its re-process answers 404.
    await s.api().delete(`/api/documents/${gone.id}`).set(ana.auth).expect(204);
    await page.getByRole('button', { name: 'Re-process' }).click();
    await expectText(page.getByRole('status').last(), /2 documents queued to be processed again/);
    await expectText(page.getByTestId('bulk-problem'), /1 could not be queued: Document [0-9a-f-]+ not found/);
    // The rows showed done before the click: only a new processed_at says the re-process ended.
    await waitFor(async () => {
      const after = (await s.api().get('/api/documents').set(ana.auth).expect(200)).body.items as { id: string; status: string; processed_at: string }[];
      return after.length === 2 && after.every((d) => d.status === 'done' && d.processed_at !== before.find((b) => b.id === d.id)?.processed_at);
    }, 30_000, 200);
    for (const file of ['invoice-en.pdf', 'fatura-pt.pdf']) await row(file).getByTestId('status').getByText('done').waitFor({ timeout: 30_000 });
  });

  it('keeps a correction made on the detail page over the AI, and downloads the original byte for byte', async () => {
    const { page } = browser;
    // The list as it was left is where a document's page leads back to: its search, sort and page.
    await page.getByRole('searchbox', { name: 'Search' }).fill('fatura');
    await page.getByRole('combobox', { name: 'Sort' }).selectOption({ label: 'Oldest first' });
    await expectRows(['fatura-pt.pdf']);
    await row('fatura-pt.pdf').getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/documents/view/');
    await page.getByRole('link', { name: '← Documents' }).click();
    await page.waitForURL((url) => url.pathname === '/documents/' && url.searchParams.get('q') === 'fatura' && url.searchParams.get('sort') === 'created_at');
    // The address is the link's own: the page sets its controls from it once it has loaded.
    await waitFor(async () => (await page.getByRole('searchbox', { name: 'Search' }).inputValue()) === 'fatura', 10_000, 50);
    expect(await page.getByRole('combobox', { name: 'Sort' }).inputValue()).toBe('created_at');
    await expectRows(['fatura-pt.pdf']);
    await row('fatura-pt.pdf').getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/documents/view/');
    // An amount typed the Portuguese way is read as meant; one that could be read two ways is refused, not guessed.
    const amount = page.locator('input[name=amount]');
    await amount.fill('1.500');
    await page.getByRole('button', { name: 'Save corrections' }).click();
    await expectText(page.getByRole('alert'), /“1\.500” could be 1500 or 1\.5/);
    // As the document prints it, currency and all.
    await amount.fill('4 250,75 €');
    await page.getByRole('button', { name: 'Save corrections' }).click();
    await expectText(page.getByRole('status'), /Saved/);
    const id = new URL(page.url()).searchParams.get('id');
    expect((await s.api().get(`/api/documents/${id}`).set(ana.auth).expect(200)).body.amount).toBe(4250.75);
    const title = page.locator('input[name=title]');
    await title.fill('Fatura Gonçalves fevereiro');
    // Edited since: the first save's "Saved" is gone, so the one awaited below is this save's.
    await page.getByRole('status').waitFor({ state: 'detached' });
    // Leaving now is asked first.
    expect(await page.evaluate("(() => { const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented; })()")).toBe(true);
    // So is a link inside the app (no page unload for the browser to ask about): declined, the page and its edits stay.
    const asked = nextDialog(page, 'dismiss');
    await page.getByRole('link', { name: '← Documents' }).click();
    expect(await asked).toMatch(/corrections are not saved/);
    expect(new URL(page.url()).pathname).toBe('/documents/view/');
    expect(await title.inputValue()).toBe('Fatura Gonçalves fevereiro');
    // And the browser's Back: declined, the address is the document's again and its edits stay.
    const viewed = page.url();
    const backAsked = nextDialog(page, 'dismiss');
    await page.evaluate('history.back()');
    expect(await backAsked).toMatch(/corrections are not saved/);
    await waitFor(async () => page.url() === viewed, 5_000, 50);
    expect(await title.inputValue()).toBe('Fatura Gonçalves fevereiro');
    // Three quick presses save once.
    let patches = 0;
    const countPatch = (request: { method(): string; url(): string }) => void (request.method() === 'PATCH' && request.url().includes(`/api/documents/${id}`) && patches++);
    page.on('request', countPatch);
    await page.getByRole('button', { name: 'Save corrections' }).click({ clickCount: 3 });
    await expectText(page.getByRole('status'), /Saved/);
    page.off('request', countPatch);
    expect(patches).toBe(1);
    await page.reload();
    await page.getByRole('heading', { name: 'Fatura Gonçalves fevereiro' }).waitFor();
    expect(await page.locator('input[name=title]').inputValue()).toBe('Fatura Gonçalves fevereiro');
    const field = page.locator('.field', { has: page.locator('input[name=title]') });
    await expectText(field, /your correction/);
    // The label names the field alone, and a click on it goes into the field, the correction kept.
    await page.getByText('Title', { exact: true }).click();
    expect(await page.evaluate("document.activeElement?.getAttribute('name')")).toBe('title');
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Fatura Gonçalves fevereiro');
    await expectText(field, /your correction/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the original' }).click()]);
    expect(download.suggestedFilename()).toBe('fatura-pt.pdf');
    expect(readFileSync((await download.path()) as string).equals(files.faturaPt)).toBe(true);
    // And undone: the AI's title again.
    await field.locator('button', { hasText: "use the AI's value" }).click();
    // This suite's provider is the offline rules, which the page does not call an AI.
    await expectText(field, /read by the rules · \d+% sure/);
    expect(await page.locator('input[name=title]').inputValue()).not.toBe('Fatura Gonçalves fevereiro');
  });

  it('keeps what is typed while the page loads new results, and offers them instead', async () => {
    const { page } = browser;
    const id = new URL(page.url()).searchParams.get('id') as string;
    // The page's load of the re-processed document is held until the user has started typing.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let loading!: () => void;
    const asked = new Promise<void>((resolve) => (loading = resolve));
    await page.route(`**/api/documents/${id}`, async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      loading();
      await held;
      await route.continue();
    });
    try {
      await s.api().post(`/api/documents/${id}/reprocess`).set(ana.auth).expect(202);
      await asked;
      await page.locator('input[name=title]').fill('Typed while it loaded');
      release();
      await expectText(page.getByRole('status'), /New results arrived while you were editing/);
      expect(await page.locator('input[name=title]').inputValue()).toBe('Typed while it loaded');
    } finally {
      release();
      await page.unroute(`**/api/documents/${id}`);
    }
    // Asked for, the new results replace what was typed.
    await page.getByRole('button', { name: 'Show them' }).click();
    await page.getByRole('status').waitFor({ state: 'detached' });
    expect(await page.locator('input[name=title]').inputValue()).not.toBe('Typed while it loaded');
  });

  it("shows another user's document as not found", async () => {
    const id = new URL(browser.page.url()).searchParams.get('id');
    const other = await s.user('power');
    const b = await openBrowser();
    try {
      await b.page.goto(`/documents/view/?id=${id}`);
      await b.page.waitForURL((url) => url.pathname === '/login/');
      await signInOnPage(b, { username: other.user.username, password: other.password });
      await b.page.waitForURL((url) => url.pathname === '/documents/view/');
      await expectText(b.page.getByRole('alert'), /not found/i);
      expect(await b.page.content()).not.toContain('Gonçalves');
    } finally {
      await b.page.close();
    }
  });

  it('says a document looks like another of the same amount, date and counterparty, and opens that one from its link', async () => {
    const invoice = (copy: string) => textPdf([`Fatura FT 2026/55\nFornecedor: Vodafone Portugal, S.A.\nData de emissão: 03/08/2026\n${copy}\nTotal a pagar: 41,99 EUR`]);
    const [first, second] = (await s.upload(ana, [{ name: 'vodafone-agosto.pdf', bytes: await invoice('Original') }, { name: 'vodafone-scan.pdf', bytes: await invoice('Digitalizado') }]).expect(201)).body.documents.map((d: { id: string }) => d.id);
    await s.until(ana, first);
    await s.until(ana, second);
    const { page } = browser;
    await page.goto(`/documents/view/?id=${second}`);
    const note = page.getByTestId('look-alikes');
    await expectText(note, /^The same amount, currency, date and counterparty as .+: if it is the same document, delete one of them, or it is counted twice\.$/);
    await note.getByRole('link').click();
    await page.waitForURL((url) => url.searchParams.get('id') === first, { waitUntil: 'commit' });
    // The page is the other document's now, not the first one's with another address.
    await expectText(page.locator('.meta'), /vodafone-agosto\.pdf/);
    expect(await page.getByTestId('look-alikes').getByRole('link').getAttribute('href')).toBe(`/documents/view/?id=${second}`);
    for (const id of [first, second]) await s.api().delete(`/api/documents/${id}`).set(ana.auth).expect(204);
  });

  it('keeps a later page of the list in the address, for a reload and the way back from a document', async () => {
    const many = await s.user('power');
    const pdfs = await Promise.all(Array.from({ length: 26 }, async (_, i) => ({ name: `page-${String(i + 1).padStart(2, '0')}.pdf`, bytes: await textPdf([`Page test ${i} ${Date.now()}`]) })));
    // Two an upload, as this suite's doc-service takes.
    const uploaded: { id: string }[] = [];
    for (let i = 0; i < pdfs.length; i += 2) uploaded.push(...(await s.upload(many, pdfs.slice(i, i + 2)).expect(201)).body.documents);
    for (const doc of uploaded) await s.until(many, doc.id);
    const b = await openBrowser();
    try {
      await b.page.goto('/documents/?sort=created_at&page=2');
      await signInOnPage(b, { username: many.user.username, password: many.password });
      await b.page.waitForURL((url) => url.pathname === '/documents/');
      await b.page.locator('[data-testid=document-row][data-file="page-26.pdf"]').waitFor();
      expect(await b.page.getByTestId('document-row').count()).toBe(1);
      await b.page.reload();
      await b.page.locator('[data-testid=document-row][data-file="page-26.pdf"]').getByRole('link').click();
      await b.page.waitForURL((url) => url.pathname === '/documents/view/');
      await b.page.getByRole('link', { name: '← Documents' }).click();
      await b.page.waitForURL((url) => url.pathname === '/documents/' && url.searchParams.get('page') === '2');
      await b.page.locator('[data-testid=document-row][data-file="page-26.pdf"]').waitFor();
      expect(new URL(b.page.url()).searchParams.get('page')).toBe('2');

      // A bulk action on every matching document, not one page of them at a time.
      const category = (await s.api().post('/api/documents/categories').set(many.auth).send({ name: 'All pages' }).expect(201)).body.id as string;
      await b.page.reload();
      await b.page.getByRole('button', { name: 'Previous' }).click();
      // The first page shown, not the second still: "all on this page" is the rows on screen.
      await b.page.locator('[data-testid=document-row][data-file="page-01.pdf"]').waitFor();
      // Back and forward walk through the pages shown, as through any other pages.
      await b.page.goBack();
      await b.page.locator('[data-testid=document-row][data-file="page-26.pdf"]').waitFor();
      expect(new URL(b.page.url()).searchParams.get('page')).toBe('2');
      await b.page.goForward();
      await b.page.locator('[data-testid=document-row][data-file="page-01.pdf"]').waitFor();
      expect(new URL(b.page.url()).searchParams.get('page')).toBeNull();
      // What is typed into a filter is one step back, not one a key: its first key is the step.
      await b.page.getByRole('searchbox', { name: 'Search' }).pressSequentially('page-0', { delay: 20 });
      await b.page.waitForURL((url) => url.searchParams.get('q') === 'page-0');
      await b.page.getByLabel('Type', { exact: true }).pressSequentially('invoice', { delay: 20 });
      await b.page.waitForURL((url) => url.searchParams.get('type') === 'invoice');
      await b.page.goBack();
      await b.page.waitForURL((url) => url.searchParams.get('q') === 'page-0' && !url.searchParams.has('type'));
      await b.page.goBack();
      await b.page.waitForURL((url) => url.pathname === '/documents/' && !url.searchParams.has('q') && !url.searchParams.has('page'));
      await b.page.locator('[data-testid=document-row][data-file="page-01.pdf"]').waitFor();
      await b.page.getByRole('checkbox', { name: 'Select all on this page' }).check();
      await b.page.getByRole('button', { name: 'Select all 26 matching' }).click();
      await expectText(b.page.locator('.bulk'), /^26 selected/);
      // The selection stays on another page.
      await b.page.getByRole('button', { name: 'Next' }).click();
      await b.page.locator('[data-testid=document-row][data-file="page-26.pdf"]').waitFor();
      await expectText(b.page.locator('.bulk'), /^26 selected/);
      await b.page.getByRole('combobox', { name: 'Category for the selected documents' }).selectOption(category);
      // One of them deleted meanwhile (in another tab): it is unselected, nothing else changes, and the rest go on the next try.
      await s.api().delete(`/api/documents/${uploaded[0].id}`).set(many.auth).expect(204);
      await b.page.getByRole('button', { name: 'File into' }).click();
      await expectText(b.page.locator('.bulk'), /^25 selected[\s\S]*1 of the selected documents are gone \(deleted meanwhile\) and were unselected; nothing was changed/);
      expect((await s.api().get('/api/documents').query({ category_id: category }).set(many.auth).expect(200)).body.total).toBe(0);
      await b.page.getByRole('button', { name: 'File into' }).click();
      await expectText(b.page.getByRole('status'), /25 documents filed into “All pages”/);
      expect((await s.api().get('/api/documents').query({ category_id: category }).set(many.auth).expect(200)).body.total).toBe(25);
    } finally {
      await b.page.close();
    }
  });

  it("files a document into the AI's suggested category, made one of the user's own in one click", async () => {
    const { page } = browser;
    await page.goto('/documents/');
    await row('invoice-en.pdf').getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/documents/view/');
    await page.getByRole('button', { name: 'add “Office” and tick it' }).click();
    const office = page.getByRole('checkbox', { name: /^Office/ });
    await office.waitFor();
    expect(await office.isChecked()).toBe(true);
    await expectText(page.locator('label', { has: office }), /suggested · 70%/);
    // Ticked is not yet filed: leaving before the save is asked first.
    expect(await page.evaluate("(() => { const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented; })()")).toBe(true);
    await page.getByRole('button', { name: 'Save corrections' }).click();
    await expectText(page.getByRole('status'), /Saved/);
    const id = new URL(page.url()).searchParams.get('id');
    const saved = (await s.api().get(`/api/documents/${id}`).set(ana.auth).expect(200)).body;
    expect(saved.categories.map((c: { name: string }) => c.name).sort()).toEqual(['Office', 'Taxes 2024']);
    // Once the user has it, the suggestion marks the box instead of offering to make it.
    await page.reload();
    await expectText(page.locator('label', { has: page.getByRole('checkbox', { name: /^Office/ }) }), /suggested/);
    expect(await page.getByRole('button', { name: /add “Office”/ }).count()).toBe(0);
  });

  it('never follows a sign-in link to another site', async () => {
    const b = await openBrowser();
    const here = new URL(s.suite.url).origin;
    // Both become "//evil.example/" once the browser has parsed them: a tab it drops, a dot segment it resolves.
    for (const next of ['/\t/evil.example/', '/.//evil.example/']) {
      // Off the app first: a page of it, signed out under its feet, sends itself to sign in, which
      // could cut the navigation below short.
      await b.page.goto('about:blank');
      await b.context.clearCookies();
      await b.page.goto(`/login/?next=${encodeURIComponent(next)}`);
      await signInOnPage(b, { username: ana.user.username, password: ana.password });
      await b.page.waitForURL((url) => url.pathname !== '/login/');
      await b.page.waitForLoadState();
      expect(new URL(b.page.url()).origin).toBe(here);
    }
    await b.page.close();
  });

  it('keeps corrections typed on a page whose session ended, and says nothing was saved', async () => {
    const bob = await s.user();
    const [doc] = (await s.upload(bob, [{ name: 'bob-invoice.pdf', bytes: files.invoiceEn }]).expect(201)).body.documents;
    await s.until(bob, doc.id);
    const b = await openBrowser();
    try {
      await b.page.goto(`/documents/view/?id=${doc.id}`);
      await signInOnPage(b, { username: bob.user.username, password: bob.password });
      const title = b.page.locator('input[name=title]');
      await title.fill('Typed before the session ended');
      await b.page.context().clearCookies();
      await b.page.getByRole('button', { name: 'Save corrections' }).click();
      await expectText(b.page.getByRole('alert'), /Your session ended, so nothing was saved/);
      expect(new URL(b.page.url()).pathname).toBe('/documents/view/');
      expect(await title.inputValue()).toBe('Typed before the session ended');
    } finally {
      await b.page.close();
    }
  });

  /** A new user's documents page in a browser of its own, and a second tab of it that signs out. */
  const twoTabs = async () => {
    const user = await s.user();
    const b = await openBrowser();
    await b.page.goto('/documents/');
    await signInOnPage(b, { username: user.user.username, password: user.password });
    await b.page.getByTestId('empty').waitFor();
    const other = await b.context.newPage();
    await other.goto('/documents/');
    const signOut = async () => {
      await other.getByRole('button', { name: 'Sign out' }).click();
      await other.waitForURL((url) => url.pathname.startsWith('/login'));
    };
    const signInAgain = () => signInOnPage({ ...b, page: other }, { username: user.user.username, password: user.password });
    /** A document uploaded elsewhere shows up done in the first tab, live. */
    const seesLive = async (name: string) => {
      const [doc] = (await s.upload(user, [{ name, bytes: await textPdf([`${name} ${Date.now()}`]) }]).expect(201)).body.documents;
      await s.until(user, doc.id);
      await b.page.locator(`[data-testid=document-row][data-file="${name}"]`).getByTestId('status').getByText('done').waitFor({ timeout: 20_000 });
    };
    const close = async () => {
      for (const page of b.context.pages()) await page.close();
    };
    return { page: b.page, signOut, signInAgain, seesLive, close };
  };

  it('goes on with live updates in a tab once the user signed out and in again in another', async () => {
    const tabs = await twoTabs();
    try {
      await tabs.signOut();
      await expectText(tabs.page.getByRole('alert'), /Your session was ended: live updates stopped/);
      await tabs.signInAgain();
      // The first tab follows the new session: its alert goes, and a document uploaded elsewhere shows up done there.
      await tabs.page.getByText(/live updates stopped/).waitFor({ state: 'detached', timeout: 20_000 });
      await tabs.seesLive('after-sign-in.pdf');
    } finally {
      await tabs.close();
    }
  });

  it('keeps a tab whose stream finds the session gone when it comes back, and goes on once signed in again', async () => {
    const tabs = await twoTabs();
    try {
      // Signed out elsewhere while this tab was hidden: no stream of its own heard the end.
      await setHidden(true, tabs.page);
      await tabs.signOut();
      await setHidden(false, tabs.page);
      await expectText(tabs.page.getByTestId('live-ended'), /Your session ended: live updates stopped/);
      expect(new URL(tabs.page.url()).pathname).toBe('/documents/');
      await tabs.signInAgain();
      await tabs.page.getByTestId('live-ended').waitFor({ state: 'detached', timeout: 20_000 });
      await tabs.seesLive('back-again.pdf');
    } finally {
      await tabs.close();
    }
  });

  it("saves only what an admin changed: another admin's change made meanwhile stays", async () => {
    const admin = await openBrowser();
    const before = (await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body;
    try {
      await admin.page.goto('/settings/');
      await signInOnPage(admin, { username: s.suite.adminUsername, password: s.suite.adminPassword });
      await admin.page.getByRole('heading', { name: 'AI settings' }).waitFor();
      // Meanwhile, another admin (here through the API) adds a type and a rule for it.
      const rule = { name: 'payslip', match: 'salary', algorithm: 'any', case_sensitive: false };
      await s.settings({ document_types: [...before.document_types, 'payslip'], rules: { document_types: [...before.rules.document_types, rule] } });
      // This admin, on the page as loaded before, changes only the largest PDF.
      await admin.page.getByRole('spinbutton', { name: 'Largest PDF (MB)' }).fill('33');
      await admin.page.getByRole('button', { name: 'Save' }).click();
      await expectText(admin.page.getByRole('status'), /Saved/);
      const after = (await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body;
      expect(after.max_file_mb).toBe(33);
      expect(after.document_types).toContain('payslip');
      expect(after.rules.document_types).toContainEqual(rule);
    } finally {
      await admin.page.close();
      await s.settings({ max_file_mb: before.max_file_mb, document_types: before.document_types, rules: before.rules });
    }
  });

  it('says in the list when a PDF has no text, ranks a search by best match, and takes the currency typed with an amount', async () => {
    const cato = await s.user('power');
    const stamp = Date.now();
    const [invoice, scan] = (await s.upload(cato, [{ name: 'ft-117.pdf', bytes: await textPdf([`Fatura FT 2025/117 ${stamp}`]) }, { name: 'scan.pdf', bytes: await blankPagesPdf(1) }]).expect(201)).body.documents;
    const [newer] = (await s.upload(cato, [{ name: 'ft-1170.pdf', bytes: await textPdf([`Fatura FT 2025/1170 ${stamp}`]) }]).expect(201)).body.documents;
    for (const doc of [invoice, scan, newer]) await s.until(cato, doc.id);
    const b = await openBrowser();
    try {
      await b.page.goto('/documents/');
      await signInOnPage(b, { username: cato.user.username, password: cato.password });
      await expectText(b.page.locator('[data-testid=document-row][data-file="scan.pdf"]').getByTestId('note'), /The PDF has no text/);
      // Newest first until a search is typed; then best match, the reference as typed above the longer one.
      await b.page.getByRole('searchbox', { name: 'Search' }).fill('FT 2025/117');
      await b.page.waitForURL((url) => url.searchParams.get('sort') === 'relevance');
      await waitFor(async () => (await b.page.getByTestId('document-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-file')))).join() === 'ft-117.pdf,ft-1170.pdf', 10_000, 100);
      await b.page.goto(`/documents/view/?id=${invoice.id}`);
      const amount = b.page.getByLabel('Amount', { exact: true });
      // Two currencies that disagree are asked about, nothing saved.
      await amount.fill('10 USD');
      await b.page.getByLabel('Currency', { exact: true }).fill('EUR');
      await b.page.getByRole('button', { name: 'Save corrections' }).click();
      await expectText(b.page.getByRole('alert'), /The amount is in USD but Currency says EUR: change one of them\./);
      await b.page.getByLabel('Currency', { exact: true }).fill('');
      await amount.fill('347,52 €');
      await b.page.getByRole('button', { name: 'Save corrections' }).click();
      await waitFor(async () => (await s.api().get(`/api/documents/${invoice.id}`).set(cato.auth)).body.amount === 347.52, 10_000, 100);
      expect((await s.api().get(`/api/documents/${invoice.id}`).set(cato.auth).expect(200)).body).toMatchObject({ amount: 347.52, currency: 'EUR' });
    } finally {
      await b.close();
    }
  });

  it('shows a reader the documents without the controls a reader may not use', async () => {
    const reader = await s.user('reader');
    const b = await openBrowser();
    await b.page.goto('/documents/');
    await signInOnPage(b, { username: reader.user.username, password: reader.password });
    await b.page.getByTestId('total').waitFor();
    expect(await b.page.getByTestId('upload-input').count()).toBe(0);
    expect(await b.page.getByText(/^My categories/).count()).toBe(0);
    await b.page.goto('/settings/');
    await expectText(b.page.getByRole('alert'), /Only administrators/);
    await b.page.close();
  });

  it('lets only an admin change the AI settings; the key is tested, saved and only ever shown masked; rules are checked; a provider error shows as the reason', async () => {
    await browser.page.goto('/settings/');
    await expectText(browser.page.getByRole('alert'), /Only administrators/);

    const key = 'sk-ant-web-test-key-0123456789';
    const anthropic = new AnthropicDouble({ apiKey: key });
    await anthropic.start();
    const admin = await openBrowser();
    try {
      const { page } = admin;
      await page.goto('/settings/');
      await signInOnPage(admin, { username: s.suite.adminUsername, password: s.suite.adminPassword });
      await page.getByRole('heading', { name: 'AI settings' }).waitFor();
      await page.getByRole('combobox', { name: 'Provider' }).selectOption('ollama');
      expect(await page.getByRole('textbox', { name: 'Base URL' }).getAttribute('placeholder')).toMatch(/^required/);
      await page.getByRole('combobox', { name: 'Provider' }).selectOption('anthropic');
      expect(await page.getByRole('textbox', { name: 'Base URL' }).getAttribute('placeholder')).toBe('https://api.anthropic.com when empty');
      await page.getByRole('textbox', { name: 'Model' }).fill('claude-test-model');
      await page.getByRole('textbox', { name: 'Base URL' }).fill(anthropic.url);
      await page.getByTestId('api-key').fill('sk-ant-wrong-key-00000000');
      await page.getByRole('button', { name: 'Test the connection' }).click();
      await expectText(page.getByTestId('test-result'), /Connection failed \(unauthorized\)/);
      await page.getByTestId('api-key').fill(key);
      await page.getByRole('button', { name: 'Test the connection' }).click();
      await expectText(page.getByTestId('test-result'), /Connection works/);
      await page.getByRole('button', { name: 'Save' }).click();
      await expectText(page.getByRole('status'), /Saved/);
      // Saved from the foot of the form: the word that it was is brought into sight.
      expect(await page.getByText(/^Saved\./).evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= (globalThis as unknown as { innerHeight: number }).innerHeight;
      })).toBe(true);
      await page.reload();
      await page.getByRole('heading', { name: 'AI settings' }).waitFor();
      const shown = await page.getByTestId('api-key').inputValue();
      expect(shown).toMatch(/^••••/);
      expect(shown).not.toContain(key.slice(8));
      expect(await page.content()).not.toContain(key);
      // Saving again with the masked value keeps the stored key working.
      await page.getByRole('button', { name: 'Save' }).click();
      await expectText(page.getByRole('status'), /Saved/);
      const test = await s.api().post('/api/settings/test').set(s.admin.auth).send({}).expect(200);
      expect(test.body).toMatchObject({ ok: true, provider: 'anthropic' });
      // A key pasted into the masked field replaces the mask (selected on focus) instead of following it.
      await page.getByTestId('api-key').focus();
      await page.keyboard.insertText('sk-ant-pasted-key');
      expect(await page.getByTestId('api-key').inputValue()).toBe('sk-ant-pasted-key');
      await page.getByTestId('api-key').fill(shown);

      // Another provider: the Anthropic key stays kept for Anthropic, and comes back with it, masked, without entering it again.
      const provider = page.getByRole('combobox', { name: 'Provider' });
      const baseUrl = page.getByRole('textbox', { name: 'Base URL' });
      const model = page.getByRole('textbox', { name: 'Model' });
      const toOllama = async () => {
        await provider.selectOption('ollama');
        await model.fill('llama3.1');
        await baseUrl.fill('http://127.0.0.1:11434');
      };
      const saved = async () => (await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body;
      await toOllama();
      expect(await page.getByTestId('api-key').inputValue()).toBe('');
      await expectText(page.getByTestId('api-key-hint'), /The Anthropic key stays kept for Anthropic/);
      await page.getByRole('button', { name: 'Save' }).click();
      await expectText(page.getByTestId('kept-keys'), /Anthropic at http:\/\/127\.0\.0\.1:\d+: ••••/);
      expect(await saved()).toMatchObject({ provider: 'ollama', api_key: null, kept_keys: [{ provider: 'anthropic', base_url: anthropic.url, api_key: shown }] });
      // The offline rules need none, and say so.
      await provider.selectOption('rules');
      await expectText(page.getByTestId('api-key-hint'), /^The offline rules need no key and no address\.$/);
      await toOllama();
      // A key typed for one provider does not follow the choice of another.
      await page.getByTestId('api-key').fill('sk-typed-for-ollama');
      await provider.selectOption('lmstudio');
      expect(await page.getByTestId('api-key').inputValue()).toBe('');
      // Nor do a model and an address: another provider's would only be refused by it. Each comes back
      // with its own as typed, and a kept key's address with the key.
      expect([await model.inputValue(), await baseUrl.inputValue(), await model.getAttribute('placeholder')]).toEqual(['', '', expect.stringMatching(/LM Studio/)]);
      await model.fill('qwen2.5-7b-instruct');
      await provider.selectOption('ollama');
      expect([await model.inputValue(), await baseUrl.inputValue()]).toEqual(['llama3.1', 'http://127.0.0.1:11434']);
      await provider.selectOption('lmstudio');
      expect(await model.inputValue()).toBe('qwen2.5-7b-instruct');
      await provider.selectOption('anthropic');
      expect([await model.inputValue(), await baseUrl.inputValue()]).toEqual(['', anthropic.url]);
      await model.fill('claude-test-model');
      expect(await page.getByTestId('api-key').inputValue()).toBe(shown);
      await expectText(page.getByTestId('api-key-hint'), /The key kept for this provider and address is shown masked/);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('kept-keys').waitFor({ state: 'detached' });
      expect(await saved()).toMatchObject({ provider: 'anthropic', api_key: shown, kept_keys: [] });
      expect((await s.api().post('/api/settings/test').set(s.admin.auth).send({}).expect(200)).body).toMatchObject({ ok: true, provider: 'anthropic' });
      // "Forget" drops a kept key when saved: going back then needs the key again.
      await toOllama();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('kept-keys').waitFor();
      await page.getByRole('button', { name: `Forget the Anthropic key for ${anthropic.url}` }).click();
      await page.getByTestId('kept-keys').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Save' }).click();
      await waitFor(async () => (await saved()).kept_keys.length === 0, 10_000, 100);
      await page.reload();
      await page.getByRole('heading', { name: 'AI settings' }).waitFor();
      await provider.selectOption('anthropic');
      expect(await model.inputValue()).toBe('');
      await model.fill('claude-test-model');
      await baseUrl.fill(anthropic.url);
      expect(await page.getByTestId('api-key').inputValue()).toBe('');
      await page.getByTestId('api-key').fill(key);
      await page.getByRole('button', { name: 'Save' }).click();
      // The page's own answer, not only the server's: the form is made again from it, and typing before would be lost.
      await expectText(page.getByRole('status'), /Saved/);
      await waitFor(async () => (await saved()).provider === 'anthropic', 10_000, 100);
      expect(await saved()).toMatchObject({ provider: 'anthropic', api_key: shown, kept_keys: [] });

      // Each provider has its own daily token budget; the calls panel shows today's tokens against it.
      await page.getByRole('spinbutton', { name: 'Anthropic' }).fill('250000');
      await page.getByRole('button', { name: 'Save' }).click();
      await expectText(page.getByRole('status'), /Saved/);
      expect((await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body.daily_token_budget).toEqual({ anthropic: 250000, ollama: null, lmstudio: null });
      await page.reload();
      await expectText(page.getByRole('heading', { name: 'AI calls' }).locator('xpath=..'), /anthropic \d+ calls, \d+ tokens of 250000/);

      // The offline rules: a regex that could backtrack forever is refused with the rule named; a safe one is kept.
      await page.getByRole('button', { name: 'Add a rule' }).first().click();
      await page.getByRole('combobox', { name: 'Type rules: rule 1 names' }).selectOption('invoice');
      await page.getByRole('combobox', { name: 'Type rules: rule 1 matching' }).selectOption('regex');
      await page.getByRole('textbox', { name: 'Type rules: rule 1 text' }).fill('(a+)+$');
      await page.getByRole('button', { name: 'Save' }).click();
      await expectText(page.getByRole('alert'), /rules\.document_types\.0\.match: the regex of rule "invoice"/);
      await page.getByRole('textbox', { name: 'Type rules: rule 1 text' }).fill('fatura|invoice');
      await page.getByRole('button', { name: 'Save' }).click();
      await expectText(page.getByRole('status'), /Saved/);
      await page.reload();
      expect(await page.getByRole('textbox', { name: 'Type rules: rule 1 text' }).inputValue()).toBe('fatura|invoice');
      expect((await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body.rules.document_types).toEqual([
        { name: 'invoice', match: 'fatura|invoice', algorithm: 'regex', case_sensitive: false },
      ]);

      // A provider error reaches the user's list as a failed document saying why, never a stuck one.
      anthropic.reset();
      // Four times: the service asks again three times before it gives up.
      for (let i = 0; i < 4; i++) anthropic.fail(429, 'Number of request tokens has exceeded your rate limit');
      await browser.page.goto('/documents/');
      await browser.page.getByTestId('upload-input').setInputFiles([{ name: 'receipt.pdf', mimeType: 'application/pdf', buffer: await sampleDocumentPdf('receiptEn') }]);
      await row('receipt.pdf').getByTestId('status').getByText('failed').waitFor({ timeout: 60_000 });
      await expectText(row('receipt.pdf'), /The AI service is limiting requests for now: re-process the document in a while/);
      expect(await row('receipt.pdf').innerText()).not.toMatch(/rate limit/i);
      // On its page, in words its owner can act on; the provider's own message is for an admin.
      const listed = (await s.api().get('/api/documents').query({ status: 'failed' }).set(ana.auth).expect(200)).body.items as { id: string; file_name: string }[];
      const receipt = listed.find((d) => d.file_name === 'receipt.pdf')?.id;
      await browser.page.goto(`/documents/view/?id=${receipt}`);
      await expectText(browser.page.getByTestId('failure'), /^The AI service is limiting requests for now: re-process the document in a while; if it keeps failing, ask your administrator\.$/);
      // A document classified before keeps that classification's fields, and says so.
      const done = ((await s.api().get('/api/documents').query({ status: 'done' }).set(ana.auth).expect(200)).body.items as { id: string; provider: string }[]).find((d) => d.provider === 'rules');
      for (let i = 0; i < 4; i++) anthropic.fail(401, 'invalid x-api-key');
      await s.api().post(`/api/documents/${done?.id}/reprocess`).set(ana.auth).expect(202);
      await waitFor(async () => (await s.api().get(`/api/documents/${done?.id}`).set(ana.auth).expect(200)).body.status === 'failed', 60_000, 200);
      await browser.page.goto(`/documents/view/?id=${done?.id}`);
      await expectText(browser.page.getByTestId('failure'), /^The AI service refused the key Intake has for it: ask your administrator to check the AI settings, then re-process the document\. The fields below are from its earlier classification by rules\.$/);
      await expectText(browser.page.locator('.meta'), /last classified by rules/);
      // An admin, who can act on it, reads the provider's own reason too.
      anthropic.fail(401, 'invalid x-api-key');
      await admin.page.goto('/documents/');
      await admin.page.getByTestId('upload-input').setInputFiles([{ name: 'admin-receipt.pdf', mimeType: 'application/pdf', buffer: await textPdf([`Receipt ${Date.now()}\nAmount paid: $6.30`]) }]);
      const adminRow = admin.page.locator('[data-testid=document-row][data-file="admin-receipt.pdf"]');
      await adminRow.getByTestId('status').getByText('failed').waitFor({ timeout: 60_000 });
      await expectText(adminRow, /The AI service refused the key Intake has for it: check the AI settings, then re-process the document\. \(.*invalid x-api-key\)/);
    } finally {
      await admin.page.close();
      await anthropic.stop();
      await s.settings({ provider: 'rules', api_key: null, daily_token_budget: null });
    }
  });

  it('keeps every page within a phone-wide screen, with a 200-character name and a file name of 200 letters', async () => {
    const long = await s.user('power');
    await s.api().patch(`/api/users/${long.user.id}`).set(s.admin.auth).send({ full_name: 'Ω'.repeat(200) }).expect(200);
    const [doc] = (await s.upload(long, [{ name: `${'a'.repeat(196)}.pdf`, bytes: await textPdf([`Long name ${Date.now()}`]) }]).expect(201)).body.documents;
    await s.until(long, doc.id);
    const b = await openBrowser();
    try {
      await b.page.setViewportSize({ width: 390, height: 800 });
      await b.page.goto('/documents/');
      await signInOnPage(b, { username: long.user.username, password: long.password });
      await b.page.getByTestId('document-row').first().waitFor();
      const fits = async () => b.page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');
      expect(await fits()).toBe(true);
      const signOut = await b.page.getByRole('button', { name: 'Sign out' }).boundingBox();
      expect(signOut && signOut.x + signOut.width).toBeLessThanOrEqual(390);
      // The status stays one badge, not a word broken in two beside the long name.
      expect((await b.page.getByTestId('document-row').first().locator('.badge').boundingBox())?.height).toBeLessThan(30);
      await b.page.goto(`/documents/view/?id=${doc.id}`);
      await b.page.getByRole('link', { name: 'Download the original' }).waitFor();
      expect(await fits()).toBe(true);
    } finally {
      await b.page.close();
    }
    // An admin's pages too: five links in the bar, the users' table, the AI calls.
    const admin = await openBrowser();
    try {
      await admin.page.setViewportSize({ width: 375, height: 800 });
      await admin.page.goto('/users/');
      await signInOnPage(admin, { username: s.suite.adminUsername, password: s.suite.adminPassword });
      await admin.page.getByRole('heading', { name: 'Users' }).waitFor();
      const fits = async () => admin.page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');
      expect(await fits()).toBe(true);
      const importDatabases = await admin.page.getByRole('link', { name: 'Import databases' }).boundingBox();
      expect(importDatabases && importDatabases.x + importDatabases.width).toBeLessThanOrEqual(375);
      // A user's name is a line, not a letter a line.
      expect((await admin.page.locator('td.person strong').first().boundingBox())?.height).toBeLessThan(30);
      // On a laptop's screen, the short words of the table stay whole ("Act/ive" was cut).
      await admin.page.setViewportSize({ width: 1400, height: 800 });
      for (const word of ['Active', 'Documents', 'Imports']) expect((await admin.page.locator('tbody td label', { hasText: word }).first().boundingBox())?.height).toBeLessThan(30);
      await admin.page.setViewportSize({ width: 375, height: 800 });
      await admin.page.goto('/settings/');
      await admin.page.getByRole('heading', { name: 'AI calls' }).waitFor();
      expect(await fits()).toBe(true);
    } finally {
      await admin.page.close();
    }
  });

  it('serves every page with a hash-based Content-Security-Policy and meets no violation in any browser', async () => {
    for (const path of ['/', '/login/', '/documents/', '/documents/view/', '/settings/', '/users/']) {
      const policy = (await browser.page.goto(path))?.headers()['content-security-policy'] ?? '';
      expect(policy).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
      expect(/script-src[^;]*/.exec(policy)?.[0]).not.toContain('unsafe');
    }
    expect(browsers.flatMap(securityViolations)).toEqual([]);
  });

  async function expectRows(fileNames: string[], timeoutMs = 20_000) {
    const expected = [...fileNames].sort().join(', ');
    const deadline = Date.now() + timeoutMs;
    let seen = '';
    while (Date.now() < deadline) {
      seen = (await rows().evaluateAll((list) => list.map((r) => r.getAttribute('data-file')))).sort().join(', ');
      if (seen === expected) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`expected rows ${expected}, saw ${seen || '(none)'}`);
  }
});
