// Shared fixtures. `page` waits, after each `goto`, until the loader says every surface
// on the page has taken over its pre-rendered HTML (`<html data-btk-ready>`): what a test
// types then reaches the live views. `pageGuard` runs for every test automatically: the
// test fails if the page throws or Rust panics. `consoleLog` is what the console printed, for tests that
// prove secrets never reach it. `sandbox` is a private sandbox for tests that change
// server state.
import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test';
import { Sandbox } from './sandbox';

type Fixtures = { pageGuard: string[]; consoleLog: string[]; sandbox: Sandbox };

/** Resolves once the loader has brought every surface on the page to life. */
export async function surfacesReady(page: Page) {
  await page.locator('html[data-btk-ready]').waitFor({ state: 'attached' });
}

export const test = base.extend<Fixtures>({
  page: async ({ page }, use) => {
    const goto = page.goto.bind(page);
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      // A test that asks for an earlier moment (`waitUntil`) gets it; pages that are not
      // the testkit's (a bare API answer) never get the attribute.
      const html = response?.headers()['content-type']?.startsWith('text/html');
      if (html && (options?.waitUntil ?? 'load') === 'load') await surfacesReady(page);
      return response;
    };
    await use(page);
  },
  pageGuard: [
    async ({ page }, use) => {
      const log: string[] = [];
      const errors: string[] = [];
      page.on('console', (m: ConsoleMessage) => {
        log.push(`${m.type()}: ${m.text()}`);
        if (m.text().includes('panicked at')) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await use(log);
      expect(errors, 'page errors or Rust panics').toEqual([]);
    },
    { auto: true },
  ],
  consoleLog: async ({ pageGuard }, use) => {
    await use(pageGuard);
  },
  sandbox: async ({}, use) => {
    const sandbox = await Sandbox.start();
    await use(sandbox);
    await sandbox.stop();
  },
});

/** Fails if any of `secrets` is in storage, cookies, the URL or the console. */
export async function expectNoLeak(page: Page, consoleLog: string[], secrets: string[]) {
  const stored = await page.evaluate(() => {
    const dump = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`);
    return [...dump(localStorage), ...dump(sessionStorage), document.cookie].join('\n');
  });
  const places: Record<string, string> = {
    'localStorage/sessionStorage/cookies': stored,
    URL: page.url(),
    console: consoleLog.join('\n'),
  };
  for (const secret of secrets.filter((s) => s.length > 0)) {
    for (const [where, text] of Object.entries(places)) {
      expect(text.includes(secret), `secret found in ${where}`).toBe(false);
    }
  }
}

export { expect };
