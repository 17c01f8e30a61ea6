// Accessibility (axe-core, WCAG 2 A and AA) on every surface, the widgets inside a host
// page, and layout on a phone-sized screen.
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './support/fixtures';
import { surfaces } from './support/surfaces';

const ROUTES = ['/', ...surfaces().map((s) => s.route), '/no/such/page'];

async function ready(page: import('@playwright/test').Page, path: string) {
  await page.goto(path);
  await page.getByTestId('test-mode-banner').first().waitFor();
  if (path === '/subscribers') {
    await expect(page.getByTestId('subs-source-status-ios')).toHaveAttribute('data-state', 'ok');
  }
  // Parts opened on request are checked open, as a user sees them.
  const part = { '/appstore': ['asn-craft-open', 'asn-craft-type'], '/signer': ['verify-open', 'verify-header'] }[path];
  if (part) {
    await page.getByTestId(part[0]).click();
    await expect(page.getByTestId(part[1])).toBeVisible();
  }
}

for (const path of ROUTES) {
  test(`no WCAG A/AA violations on ${path}`, async ({ page }) => {
    await ready(page, path);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
    expect(found).toEqual([]);
  });
}

test('no WCAG A/AA violations on /appstore with a verified notification shown', async ({ page }) => {
  await ready(page, '/appstore');
  await page.getByTestId('asn-load-sample').click();
  await expect(page.getByTestId('asn-verdict')).toHaveAttribute('data-status', 'OK');
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
});

/** /clocks on a private sandbox after a replay of scenario B whose payment step fails:
 * the panel at its fullest (failed checks, deliveries, report). */
async function failedReplay(page: import('@playwright/test').Page, sandbox: import('./support/sandbox').Sandbox) {
  await sandbox.setFaults(['webhook:cancel-on=invoice.payment_failed']);
  await page.goto(`${sandbox.url}/clocks?scenario=B`);
  await page.getByTestId('replay-open').click();
  await expect(page.getByTestId('replay-secret')).not.toHaveValue('');
  await page.getByTestId('replay-start').click();
  await expect(page.getByTestId('replay-verdict')).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
}

test('no WCAG A/AA violations in the replay panel after a run with a failed step', async ({ page, sandbox }) => {
  await failedReplay(page, sandbox);
  const result = await new AxeBuilder({ page })
    .include('[data-testid=replay-panel]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
});

test('no WCAG A/AA violations in the widgets of a docs page', async ({ page }) => {
  await page.goto('/docs-example.html');
  await page.locator('#widget-cards').getByTestId('card-row').first().waitFor();
  const result = await new AxeBuilder({ page })
    .include('#widget-cards')
    .include('#widget-signer')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
});

test.describe('on a phone-sized screen', () => {
  test.use({ viewport: { width: 375, height: 800 } });
  for (const path of ROUTES) {
    test(`${path} does not scroll sideways`, async ({ page }) => {
      await ready(page, path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }

  test('/clocks after a failed replay does not scroll sideways', async ({ page, sandbox }) => {
    await failedReplay(page, sandbox);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
