// Shared fixtures. `pageGuard` runs for every test automatically: the test fails if the
// page throws or Rust panics. `consoleLog` is what the console printed, for tests that
// prove secrets never reach it.
import { test as base, expect, type ConsoleMessage } from '@playwright/test';

type Fixtures = { pageGuard: string[]; consoleLog: string[] };

export const test = base.extend<Fixtures>({
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
});

export { expect };
