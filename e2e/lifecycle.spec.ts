// Views clean up after themselves: navigating between surfaces many times leaves the
// window's event listeners and the requests in flight where they started, and the
// navigation shows exactly the surfaces of the table.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { trackInFlight } from './support/requests';
import { surfaces } from './support/surfaces';

/** The number of event listeners on `window`, from Chrome's DevTools protocol. */
async function windowListeners(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
  await cdp.detach();
  return listeners.length;
}

test('the navigation lists exactly the surfaces of the table', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Testkit' }).locator('a[data-widget]');
  await expect(nav.first()).toBeVisible();
  const shown = await nav.evaluateAll((links) =>
    links.map((a) => ({ route: new URL((a as HTMLAnchorElement).href).pathname, widget: (a as HTMLElement).dataset.widget!, title: a.textContent!.trim() })),
  );
  expect(shown).toEqual(surfaces());
});

test('50 navigations between surfaces leave listeners and requests at their baseline', async ({ page, sandbox }) => {
  test.setTimeout(120_000);
  // Slow sources: a subscriber load is still running when the page is left.
  await sandbox.setFaults(['raptor.subscriptions:delay=4000', 'queue.subscriptions:delay=4000']);
  const inFlight = trackInFlight(page);
  await page.goto(sandbox.url + '/');
  await page.getByTestId('test-mode-banner').waitFor();
  const nav = page.getByRole('navigation', { name: 'Testkit' });
  const routes = surfaces();
  // Visit every surface once first: what stays for the page's life (the router) counts
  // in the baseline.
  for (const s of routes) await nav.getByRole('link', { name: s.title, exact: true }).click();
  await nav.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing test toolkit');
  await expect.poll(() => inFlight().length, { timeout: 10_000 }).toBe(0);
  const baseline = await windowListeners(page);

  for (let i = 0; i < 50; i++) {
    const s = routes[i % routes.length];
    await nav.getByRole('link', { name: s.title, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${s.route}(\\?.*)?$`));
  }
  await nav.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing test toolkit');
  // Left loads are aborted at once, not answered seconds later by the slow sources.
  await expect.poll(() => inFlight(), { timeout: 1_500 }).toEqual([]);
  expect(await windowListeners(page)).toBe(baseline);
  // And nothing from a page left behind writes into the current URL.
  await page.waitForTimeout(500);
  expect(new URL(page.url()).search).toBe('');
});

test('leaving a page while it asks the sandbox for its defaults leaves nothing behind', async ({ page }) => {
  // A slow answer: the page is left before it comes (the page guard fails on any panic).
  await page.route('**/__sandbox/info', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 600));
    await route.continue().catch(() => {});
  });
  const inFlight = trackInFlight(page);
  await page.goto('/');
  await page.getByTestId('test-mode-banner').waitFor();
  const nav = page.getByRole('navigation', { name: 'Testkit' });
  for (const title of ['Subscribers', 'Test clocks']) {
    await nav.getByRole('link', { name: title, exact: true }).click();
    await nav.getByRole('link', { name: 'Overview' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing test toolkit');
  }
  await page.waitForTimeout(1_000);
  await expect.poll(() => inFlight(), { timeout: 1_500 }).toEqual([]);
});
