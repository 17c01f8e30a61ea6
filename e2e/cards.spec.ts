// The test-card catalog in the full app: search, filter, copy, deep links, keyboard.
import { test, expect } from './support/fixtures';
import { CardsPage } from './support/cards-page';

test('lists every card with a count', async ({ page }) => {
  const cards = new CardsPage(page);
  await cards.open();
  await expect(cards.rows).toHaveCount(51);
  await expect(cards.count).toHaveText('51 of 51 cards');
  await expect(page.getByText('Raw numbers are for Checkout and Elements forms only.')).toBeVisible();
});

test('search matches numbers with or without spaces, codes and pm ids', async ({ page }) => {
  const cards = new CardsPage(page);
  await cards.open();
  await cards.search.fill('4000 0000 0000 0341');
  await expect(cards.rows).toHaveCount(1);
  expect(await cards.numbers()).toEqual(['4000000000000341']);
  await cards.search.fill('4000000000000341');
  await expect(cards.count).toHaveText('1 of 51 cards');
  await cards.search.fill('insufficient_funds');
  expect(await cards.numbers()).toEqual(['4000000000009995', '4000008260003178']);
  await cards.search.fill('pm_card_createDispute');
  expect(await cards.numbers()).toEqual(['4000000000000259']);
  await cards.search.fill('JCB');
  expect(await cards.numbers()).toEqual(['3566002020360505']);
  await cards.search.fill('zzz no card');
  await expect(cards.rows).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear the search and filter' }).click();
  await expect(cards.rows).toHaveCount(51);
});

test('category filter narrows the list and is kept in the URL', async ({ page }) => {
  const cards = new CardsPage(page);
  await cards.open();
  await cards.category('3ds').click();
  await expect(cards.count).toHaveText('6 of 51 cards');
  await expect(cards.category('3ds')).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/category=3ds/);
  await cards.search.fill('insufficient');
  await expect(cards.rows).toHaveCount(1);
  await expect(page).toHaveURL(/category=3ds&q=insufficient|q=insufficient&category=3ds/);
});

test('deep link reproduces the filter, also after a reload', async ({ page }) => {
  const cards = new CardsPage(page);
  await cards.open('?category=dispute&q=fraud');
  await expect(cards.count).toHaveText('2 of 51 cards');
  await expect(cards.search).toHaveValue('fraud');
  await page.reload();
  await expect(cards.count).toHaveText('2 of 51 cards');
  expect(await cards.numbers()).toEqual(['4000000000000259', '4000000000005423']);
});

test('an unknown category in a link is explained, not silently applied', async ({ page }) => {
  const cards = new CardsPage(page);
  await cards.open('?category=bogus');
  await expect(page.getByRole('alert')).toContainText('unknown category "bogus"');
  await expect(cards.rows).toHaveCount(51);
});

test('copy buttons copy digits and ids, and say so', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const cards = new CardsPage(page);
  await cards.open();
  const amex = cards.row('378282246310005');
  await expect(amex).toContainText('3782 822463 10005');
  const copyNumber = amex.getByTestId('copy-number');
  await copyNumber.click();
  await expect(copyNumber).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('378282246310005');
  await expect(copyNumber).toHaveText('Copy', { timeout: 4000 });

  await cards.row('4000000000000341').getByTestId('copy-pm').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('pm_card_chargeCustomerFail');
});

test('works with the keyboard alone', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const cards = new CardsPage(page);
  await cards.open();
  // Tab order: skip link, nav links, then the search box.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  while (!(await cards.search.evaluate((el) => el === document.activeElement))) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.type('lost');
  await expect(cards.rows).toHaveCount(1);
  await page.keyboard.press('Tab'); // "All" chip
  await page.keyboard.press('Tab'); // "Succeeds" chip
  await page.keyboard.press('Tab'); // "Declined" chip
  await expect(cards.category('decline')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(cards.category('decline')).toHaveAttribute('aria-pressed', 'true');
  await expect(cards.rows).toHaveCount(1);
  const copy = cards.row('4000000000009987').getByTestId('copy-number');
  while (!(await copy.evaluate((el) => el === document.activeElement))) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Space');
  await expect(copy).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('4000000000009987');
});
