import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it); CHROMIUM_PATH overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Headless and quiet: nothing fetched from the internet, no first-run or sync machinery. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface TestBrowser {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught page errors so far (a CSP violation shows up here). */
  problems: string[];
  close(): Promise<void>;
}

/** A fresh Chromium profile per call, so no cookie or cache leaks from one test's user into another's. */
export async function launchBrowser(baseURL: string): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  // Loaded here, not at the top: every test file imports this library, few of them drive a browser.
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'intake-chromium-'));
  // A fixed locale and time zone, so what pages format (amounts, dates) reads the same on every machine.
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS, baseURL, acceptDownloads: true, locale: 'en-US', timezoneId: 'UTC' });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return {
    page,
    context,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Answers the page's next dialog (a confirm, a leave-page warning) and resolves with what it asked. */
export function nextDialog(page: Page, answer: 'accept' | 'dismiss'): Promise<string> {
  return new Promise((resolve) => {
    page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void dialog[answer]();
    });
  });
}

/** Waits until the located elements' text matches `pattern`; the error shows what was there. */
export async function expectText(locator: Locator, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = '';
  while (Date.now() < deadline) {
    seen = (await locator.allInnerTexts().catch(() => [])).join('\n');
    if (pattern.test(seen)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // What the whole page said then: an alert or a stage elsewhere on it often tells why.
  const page = (await locator.page().locator('body').innerText().catch(() => '')).slice(0, 3000);
  throw new Error(`expected ${pattern} in: ${seen || '(nothing)'}\n--- the page said:\n${page}`);
}

/** Waits until the tab's title is `title`: a page sets it once it has rendered, a moment after its heading shows. */
export async function expectTitle(page: Page, title: string, timeoutMs = 5_000): Promise<void> {
  await page.waitForFunction((wanted) => (globalThis as unknown as { document: { title: string } }).document.title === wanted, title, { timeout: timeoutMs }).catch(async () => {
    throw new Error(`expected the title "${title}", the page has "${await page.title()}"`);
  });
}

/** The element that has the focus: its tag and test id. */
export async function focused(page: Page): Promise<{ tag: string | null; testId: string | null }> {
  return page.evaluate(() => {
    const element = (globalThis as unknown as { document: { activeElement: { tagName: string; getAttribute(name: string): string | null } | null } }).document.activeElement;
    return { tag: element?.tagName ?? null, testId: element?.getAttribute('data-testid') ?? null };
  });
}

/** What a page's console said of a Content-Security-Policy it broke. */
export function securityViolations(b: TestBrowser): string[] {
  return b.problems.filter((p) => /Content Security Policy|Refused to (execute|load|apply|connect)/i.test(p));
}

/** Signs in on the sign-in page (a signed-out visit is sent there by a redirect that may still be under way). */
export async function signInOnPage(b: Pick<TestBrowser, 'page'>, who: { username: string; password: string }): Promise<void> {
  await b.page.waitForURL((url) => url.pathname === '/login/');
  await b.page.fill('input[name=username]', who.username);
  await b.page.fill('input[name=password]', who.password);
  await b.page.click('button[type=submit]');
}
