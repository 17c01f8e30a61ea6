// Widgets on a docs-like host page: two catalogs mounted in place, isolated from the
// host's loud CSS, and not leaking CSS into the host.
import { test, expect } from './support/fixtures';
import { CardsPage } from './support/cards-page';
import { SignerPage } from './support/signer-page';

test('both widgets mount in place and work', async ({ page }) => {
  await page.goto('/docs-example.html');
  const cards = new CardsPage(page, page.locator('#widget-cards'));
  await expect(cards.rows).toHaveCount(51);
  await cards.search.fill('unionpay');
  await expect(cards.count).toHaveText('3 of 51 cards');
  await cards.category('refund').click();
  await expect(cards.rows).toHaveCount(0);
  await expect(page.locator('#widget-cards').getByTestId('test-mode-banner')).toContainText('TEST MODE');

  const signer = new SignerPage(page, page.locator('#widget-signer'));
  await expect(page.locator('#widget-signer').getByTestId('test-mode-banner')).toContainText('TEST MODE');
  await signer.secret.fill('whsec_widget');
  await expect(signer.header).toHaveText(/^t=\d+,v1=[0-9a-f]{64}$/);
  // The widget sends to the origin its script came from, not the docs page's path.
  const origin = new URL(page.url()).origin;
  await expect(signer.testId('send-url')).toHaveValue(`${origin}/api/v1/billing/webhook`);
  // The verifier, a part of its own, mounts inside the widget and takes the signer's output.
  await signer.openVerifier();
  await signer.testId('verify-use-signed').click();
  await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'valid');
  await expect(signer.verifySecret).toHaveValue('whsec_widget');
  // Widgets' filters live in the host URL; no secret does.
  await expect(page).toHaveURL(/q=unionpay/);
  expect(page.url()).not.toContain('whsec_widget');
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
