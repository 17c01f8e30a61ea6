// The one-bundle app (`trunk build`, served by the sandbox from target/trunk-dist): every
// route renders from the navigation and from a deep link, every part is linked in and
// shows in place, and the subscriber view loads both sources through the sandbox.
import { expect, test } from '../support/fixtures';
import { SubscribersPage } from '../support/subscribers-page';

test('every route of the navigation renders its surface, in the page and from a deep link', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Billing test toolkit' })).toBeVisible();
  const links = page.getByRole('navigation', { name: 'Testkit' }).getByRole('link');
  const routes = await links.evaluateAll((as) => as.map((a) => [a.getAttribute('href')!, a.getAttribute('data-widget')]));
  expect(routes.length).toBeGreaterThan(1);
  for (const [route, widget] of routes) {
    await page.getByRole('navigation', { name: 'Testkit' }).locator(`a[href="${route}"]`).click();
    // Some surfaces write their inputs into the query at once (the clocks).
    await expect.poll(() => new URL(page.url()).pathname).toBe(route);
    await expect(page.locator(`a[href="${route}"][aria-current=page]`)).toBeVisible();
    if (widget) await expect(page.locator(`[data-btk-mount="${widget}"][data-btk-live]`)).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  }
  for (const [route, widget] of routes.filter(([, w]) => w)) {
    await page.goto(route);
    await expect(page.locator(`[data-btk-mount="${widget}"][data-btk-live]`)).toBeVisible();
  }
  await page.goBack();
  await expect(page.locator('[data-btk-live]')).toBeVisible();
});

test('an unknown path shows the not-found page naming it', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByTestId('not-found')).toContainText('/no/such/page');
});

test('the catalog keeps its filter in the URL and survives a reload', async ({ page }) => {
  await page.goto('/cards?q=insufficient');
  const rows = page.getByTestId('card-row');
  await expect(rows.filter({ visible: true })).not.toHaveCount(0);
  const shown = await rows.filter({ visible: true }).count();
  expect(shown).toBeLessThan(await rows.count());
  await page.reload();
  await expect(rows.filter({ visible: true })).toHaveCount(shown);
});

test('subscribers load from both sources through the sandbox', async ({ page }) => {
  const subscribers = new SubscribersPage(page);
  await subscribers.open();
  await subscribers.loaded();
  await expect(subscribers.status('stripe')).toHaveAttribute('data-state', 'ok');
  await expect(subscribers.status('ios')).toHaveAttribute('data-state', 'ok');
  await expect(subscribers.rows.first()).toBeVisible();
  expect(new Set(await subscribers.stores())).toEqual(new Set(['stripe', 'ios']));
});

test('parts are linked in: each opens in place with no download', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  await page.goto('/signer');
  await page.getByTestId('verify-open').click();
  await expect(page.locator('[data-btk-part="signer-verify"]')).toBeVisible();
  await page.getByTestId('sig-body-exact-open').click();
  await expect(page.getByTestId('sig-body-exact')).toBeVisible();
  await page.goto('/clocks');
  await page.getByTestId('replay-open').click();
  await expect(page.locator('[data-btk-part="clocks-replay"]')).toBeVisible();
  await page.goto('/appstore');
  await page.getByTestId('asn-craft-open').click();
  await expect(page.locator('[data-btk-part="appstore-craft"]')).toBeVisible();
  await page.getByTestId('asn-load-sample').click();
  await expect(page.getByTestId('asn-verdict').first()).toBeVisible();
  // One bundle: the app's own wasm, fetched once per page load, and nothing else.
  expect(new Set(wasm.map((u) => new URL(u).pathname.replace(/-[0-9a-f]+_bg\.wasm$/, '')))).toEqual(new Set(['/billing-testkit']));
});
