// Interactive runbook checklists: ticks kept per run, readiness shown where tests start,
// the live-key STOP state, the run record, and nothing typed ever kept.
import { test, expect, expectNoLeak } from './support/fixtures';
import { ChecklistPage } from './support/checklist-page';

test('ticks survive a reload, with their time, and progress counts them', async ({ page }) => {
  const check = new ChecklistPage(page);
  await check.open();
  await expect(check.status).toHaveAttribute('data-ready', 'false');
  await check.tick('preflight/billing-flag');
  await check.tick('preflight/not-prod');
  await expect(check.item('preflight/billing-flag')).toHaveAttribute('data-checked', 'true');
  await expect(check.progress('preflight')).toHaveAttribute('value', '2');
  await expect(page.getByText('2 of 6 done')).toBeVisible();
  await page.reload();
  await expect(check.item('preflight/billing-flag')).toHaveAttribute('data-checked', 'true');
  await expect(check.item('preflight/billing-flag')).toContainText(/ticked \d{4}-\d\d-\d\dT/);
  await expect(check.item('preflight/dashboard-test-mode')).toHaveAttribute('data-checked', 'false');
  await check.item('preflight/billing-flag').locator('input[type=checkbox]').uncheck();
  await expect(check.progress('preflight')).toHaveAttribute('value', '1');
  await page.getByTestId('check-reset').click();
  await expect(check.progress('preflight')).toHaveAttribute('value', '0');
  await page.reload();
  await expect(check.item('preflight/not-prod')).toHaveAttribute('data-checked', 'false');
});

test('required checklists gate READY, here and on the signer and clock pages', async ({ page }) => {
  const check = new ChecklistPage(page);
  await check.open();
  await check.tickAll('preflight');
  await expect(check.status).toContainText('NOT READY');
  await expect(check.status).toContainText('Environment wiring');
  await check.tickAll('wiring');
  await expect(check.status).toHaveAttribute('data-ready', 'true');
  await expect(check.status).toContainText('Checklist: READY');
  await page.goto('/signer');
  await expect(page.getByTestId('checklist-status')).toHaveAttribute('data-ready', 'true');
  await page.goto('/clocks');
  await expect(page.getByTestId('checklist-status')).toHaveAttribute('data-ready', 'true');
  await page.goto('/checklist');
  await check.item('wiring/price-ids').locator('input[type=checkbox]').uncheck();
  await page.goto('/clocks');
  await expect(page.getByTestId('checklist-status')).toHaveAttribute('data-ready', 'false');
  await expect(page.getByTestId('checklist-status')).toContainText('8 of 9');
});

test('the guard names the key, and a live prefix stops everything until reset', async ({ page, consoleLog }) => {
  const check = new ChecklistPage(page);
  await check.open();
  const guard = check.item('preflight/restricted-key-prefix');
  const input = guard.getByTestId('key-prefix-input');
  const verdict = guard.getByTestId('key-verdict');
  await expect(input).toHaveAttribute('maxlength', '8');
  await input.fill('rk_test_');
  await expect(verdict).toHaveText('Test restricted API key: safe for testing.');
  await input.fill('sk_test_');
  await expect(verdict).toContainText('This item confirms a restricted API key');
  await check.item('preflight/webhook-secret').getByTestId('key-prefix-input').fill('whsec_');
  await expect(check.item('preflight/webhook-secret').getByTestId('key-verdict')).toContainText('cannot tell test from live');

  await input.fill('RK_LIVE_');
  await expect(verdict).toContainText('LIVE restricted API key: STOP');
  await expect(input).toHaveValue('');
  const stop = page.getByTestId('check-stop');
  await expect(stop).toContainText('STOP: a LIVE restricted API key was detected.');
  await expect(stop).toContainText('NEVER use Stripe test cards (4242..., 4000...) against live Stripe keys.');
  await expect(check.status).toHaveAttribute('data-ready', 'stop');
  await expect(check.item('preflight/billing-flag').locator('input[type=checkbox]')).toBeDisabled();

  await page.reload();
  await expect(page.getByTestId('check-stop')).toBeVisible();
  await page.goto('/signer');
  await expect(page.getByTestId('checklist-status')).toHaveAttribute('data-ready', 'stop');
  await expect(page.getByTestId('checklist-status')).toContainText('LIVE restricted API key');
  await page.goto('/checklist');
  await page.getByTestId('check-stop-reset').click();
  await expect(page.getByTestId('check-stop')).toHaveCount(0);
  await expect(check.status).toHaveAttribute('data-ready', 'false');
  // Nothing typed in a guard (or the run-by field) was kept anywhere.
  await expectNoLeak(page, consoleLog, ['RK_LIVE_', 'rk_live_', 'rk_test_', 'sk_test_', 'whsec_']);
});

test('the run record says who, when, and each item with its time', async ({ page, context, consoleLog }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const check = new ChecklistPage(page);
  await check.open();
  await page.getByTestId('check-run-name').fill('release-2026-06-17');
  await page.getByTestId('check-run-name').press('Enter');
  await page.getByTestId('check-run-by').fill('Pat Operator');
  await check.tick('cleanup/prod-customers');
  const record = await check.record.inputValue();
  expect(record).toContain('# Billing test run: release-2026-06-17');
  expect(record).toContain('- Run by: Pat Operator');
  expect(record).toContain('- Status: NOT READY');
  expect(record).toMatch(/- \[x\] No test customer reached prod Queue \(ticked \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)/);
  expect(record).toContain('- [ ] The Stripe Dashboard shows Test mode');
  expect(record).toContain('## Cleanup after a run (1 of 6)');
  await page.getByTestId('check-record-copy').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(record);
  // Another run starts empty; the first keeps its ticks.
  await page.getByTestId('check-run-name').fill('second-run');
  await page.getByTestId('check-run-name').press('Enter');
  await expect(check.item('cleanup/prod-customers')).toHaveAttribute('data-checked', 'false');
  await page.getByTestId('check-run-name').fill('release-2026-06-17');
  await page.getByTestId('check-run-name').press('Enter');
  await expect(check.item('cleanup/prod-customers')).toHaveAttribute('data-checked', 'true');
  await expectNoLeak(page, consoleLog, ['Pat Operator']);
});
