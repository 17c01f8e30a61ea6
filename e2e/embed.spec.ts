// Widgets on a docs-like host page: two catalogs mounted in place, isolated from the
// host's loud CSS, and not leaking CSS into the host.
import { test, expect } from './support/fixtures';
import { CardsPage } from './support/cards-page';

test('both widgets mount and work independently', async ({ page }) => {
  await page.goto('/docs-example.html');
  const first = new CardsPage(page, page.locator('#widget-cards'));
  const second = new CardsPage(page, page.locator('#widget-cards-2'));
  await expect(first.rows).toHaveCount(51);
  await expect(second.rows).toHaveCount(51);
  await first.search.fill('unionpay');
  await expect(first.count).toHaveText('3 of 51 cards');
  await expect(second.count).toHaveText('51 of 51 cards');
  await second.category('refund').click();
  await expect(second.rows).toHaveCount(2);
  await expect(first.rows).toHaveCount(3);
  await expect(page.locator('#widget-cards').getByTestId('test-mode-banner')).toContainText('TEST MODE');
});

test('host CSS does not reach the widget and widget CSS does not leak', async ({ page }) => {
  await page.goto('/docs-example.html');
  const widget = page.locator('#widget-cards');
  await expect(widget.getByTestId('card-row').first()).toBeVisible();

  const copy = widget.getByTestId('copy-number').first();
  const copyBg = await copy.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(copyBg).not.toBe('rgb(250, 204, 21)'); // the host's yellow buttons
  const search = widget.getByTestId('card-search');
  expect(await search.evaluate((el) => getComputedStyle(el).borderTopWidth)).toBe('1px');
  const rootFont = await widget.locator('.btk').first().evaluate((el) => getComputedStyle(el).fontSize);
  expect(rootFont).toBe('15px'); // host sets html { font-size: 10px } and body 18px

  const hostButtonBg = await page.locator('#host-button').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(hostButtonBg).toBe('rgb(250, 204, 21)');
  const hostTitle = await page.locator('#host-title').evaluate((el) => getComputedStyle(el).textTransform);
  expect(hostTitle).toBe('uppercase');
  const hostNoteFont = await page.locator('#host-note').evaluate((el) => getComputedStyle(el).fontFamily);
  expect(hostNoteFont).toContain('Georgia');
  // The testkit put no stylesheet into the host document itself.
  expect(await page.evaluate(() => document.querySelectorAll('#btk-style').length)).toBe(0);
});

test('widgets are keyboard reachable from the host page', async ({ page }) => {
  await page.goto('/docs-example.html');
  const widget = page.locator('#widget-cards');
  await expect(widget.getByTestId('card-row').first()).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(widget.getByTestId('card-search')).toBeFocused();
  await page.keyboard.type('velocity');
  await expect(widget.getByTestId('card-count')).toHaveText('1 of 51 cards');
});
