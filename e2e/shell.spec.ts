// The app shell: TEST MODE banner, navigation, not-found page, deep links on reload.
import { test, expect } from './support/fixtures';

test('every page says TEST MODE', async ({ page }) => {
  for (const path of ['/', '/cards', '/no/such/page']) {
    await page.goto(path);
    await expect(page.getByTestId('test-mode-banner')).toContainText('TEST MODE');
  }
});

test('navigation moves between surfaces and back', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing test toolkit');
  const nav = page.getByRole('navigation', { name: 'Testkit' });
  await nav.getByRole('link', { name: 'Test cards' }).click();
  await expect(page).toHaveURL(/\/cards$/);
  await expect(nav.getByRole('link', { name: 'Test cards' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('card-row').first()).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing test toolkit');
  await page.goForward();
  await expect(page.getByTestId('card-count')).toHaveText('51 of 51 cards');
});

test('unknown paths show the not-found page with a way out', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404); // the not-found page, with its real status
  await expect(page.getByTestId('not-found')).toContainText('Nothing lives at /no/such/page');
  await page.getByTestId('not-found').getByRole('link', { name: 'Test cards' }).click();
  await expect(page).toHaveURL(/\/cards$/);
  await expect(page.getByTestId('card-row').first()).toBeVisible();
});

test('a missing asset is a 404, not index.html', async ({ request }) => {
  const response = await request.get('/no-such-file.js');
  expect(response.status()).toBe(404);
});
