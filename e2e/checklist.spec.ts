// Interactive runbook checklists: ticks kept per run, readiness shown where tests start,
// the live-key STOP state, the run record, and nothing typed ever kept.
import AxeBuilder from '@axe-core/playwright';
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
  await page.goto('/clocks');
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

// The runbook's psql commands (§4, §6.2, §6.3, §6.4, §7, §8), each beside the sandbox's
// equivalent, character for character.
const RUNBOOK_SQL: [string, string, string][] = [
  ['wiring/schema-applied', 'raxx-queue-staging', 'QUEUE_DATABASE_URL', '\\dt billing_*'],
  ['verify/customer-row', 'raxx-queue-staging', 'QUEUE_DATABASE_URL',
    'SELECT id, stripe_customer_id, billing_email, created_at FROM billing_customer ORDER BY created_at DESC LIMIT 5;'],
  ['verify/subscription-row', 'raxx-queue-staging', 'QUEUE_DATABASE_URL',
    'SELECT id, stripe_subscription_id, plan_tier, status, current_period_end FROM billing_subscription ORDER BY created_at DESC LIMIT 5;'],
  ['verify/dedup-row', 'raxx-queue-staging', 'QUEUE_DATABASE_URL',
    'SELECT event_id, created_at FROM processed_stripe_events ORDER BY created_at DESC LIMIT 5;'],
  ['verify/paid-invoice', 'raxx-queue-staging', 'QUEUE_DATABASE_URL',
    "SELECT id, stripe_invoice_id, status, paid_at FROM billing_invoice WHERE status = 'paid' ORDER BY paid_at DESC LIMIT 5;"],
  ['verify/mirror-row', 'raxx-api-staging', 'RAPTOR_DATABASE_URL',
    'SELECT queue_customer_id, plan_tier, status, current_period_end, updated_at FROM billing_subscription_mirror ORDER BY updated_at DESC LIMIT 5;'],
  ['ios/mirror-row', 'raxx-api-staging', 'RAPTOR_DATABASE_URL',
    "SELECT id, subscription_source, plan_tier, status, original_transaction_id FROM billing_subscription_mirror WHERE subscription_source = 'ios' ORDER BY created_at DESC LIMIT 5;"],
  ['cleanup/purge-queue', 'raxx-queue-staging', 'QUEUE_DATABASE_URL',
    "DELETE FROM billing_customer WHERE billing_email LIKE 'test+billing-%@raxx.app';"],
  ['cleanup/prod-customers', 'raxx-queue-prod', 'QUEUE_DATABASE_URL',
    "SELECT COUNT(*) FROM billing_customer WHERE billing_email LIKE 'test+billing-%';"],
  ['cleanup/prod-events', 'raxx-queue-prod', 'QUEUE_DATABASE_URL',
    "SELECT COUNT(*) FROM processed_stripe_events WHERE event_id LIKE 'evt_test_%';"],
].map(([item, app, variable, sql]): [string, string, string] => [item, `heroku pg:psql --app ${app} -c "${sql}"`, `psql "$${variable}" -c "${sql}"`]);

test("the runbook's psql commands show the sandbox's equivalent, verbatim", async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const check = new ChecklistPage(page);
  await check.open();
  for (const [id, runbook, sandbox] of RUNBOOK_SQL) {
    const item = check.item(id);
    await expect(item.getByTestId('check-command'), id).toHaveText(runbook);
    await expect(item.getByTestId('check-sandbox-command'), id).toHaveText(sandbox);
  }
  // §4's purge says what it leaves behind: Raptor's mirror, which only Queue's fan-out
  // of Stripe's deletions reaches.
  await expect(check.item('cleanup/purge-queue')).toContainText("Raptor's mirror keeps the purged subscriptions' rows");
  // The §7 query orders by created_at, as the runbook does.
  await expect(check.item('ios/mirror-row').getByTestId('check-sandbox-command')).toContainText('ORDER BY created_at DESC');
  // §6.2: the pattern cannot list processed_stripe_events; the erratum checks it by name.
  const tables = check.item('wiring/schema-applied');
  await expect(tables.getByTestId('check-expected')).not.toContainText('processed_stripe_events');
  await expect(tables.getByTestId('check-erratum')).toContainText('cannot match it');
  await expect(tables.getByTestId('check-by-name-command')).toHaveText('heroku pg:psql --app raxx-queue-staging -c "\\dt processed_stripe_events"');
  await expect(tables.getByTestId('check-by-name-sandbox-command')).toHaveText('psql "$QUEUE_DATABASE_URL" -c "\\dt processed_stripe_events"');
  // What is copied is what is shown.
  await check.item('verify/mirror-row').getByTestId('check-sandbox-command-copy').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(RUNBOOK_SQL[5][2]);
});

test("§8's counts: 0 is clean, 3 is a SEV-2 with the runbook's guidance, anything else asks for a number", async ({ page }) => {
  const check = new ChecklistPage(page);
  await check.open();
  const customers = check.item('cleanup/prod-customers');
  const input = customers.getByTestId('count-input');
  const verdict = customers.getByTestId('count-verdict');
  await expect(customers.getByText('Count returned')).toBeVisible();
  await expect(verdict).toHaveCount(0);

  await input.fill('0');
  await expect(verdict).toHaveAttribute('data-verdict', 'clean');
  await expect(verdict).toContainText('Clean: 0 rows');
  await expect(customers.getByRole('alert')).toHaveCount(0);

  await input.fill('3');
  await expect(verdict).toHaveAttribute('data-verdict', 'sev2');
  await expect(verdict).toHaveAttribute('role', 'alert');
  await expect(verdict).toContainText('SEV-2: 3 rows of test data in the production database.');
  for (const words of ['STOP', 'Do not delete the rows yet: preserve state.', 'Escalate to the operator.', 'RCA']) {
    await expect(verdict).toContainText(words);
  }

  await input.fill('three');
  await expect(verdict).toHaveCount(0);
  await expect(customers.getByTestId('count-input-error')).toHaveText(
    'Type the number the query printed: a whole number, 0 or more (for example 0 or 3).');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await input.fill('');
  await expect(customers.getByTestId('count-input-error')).toHaveCount(0);
  await expect(input).toHaveAttribute('aria-invalid', 'false');

  // Each count is judged on its own.
  const events = check.item('cleanup/prod-events');
  await events.getByTestId('count-input').fill('-1');
  await expect(events.getByTestId('count-input-error')).toBeVisible();
  await events.getByTestId('count-input').fill('1');
  await expect(events.getByTestId('count-verdict')).toHaveAttribute('data-verdict', 'sev2');
  await expect(events.getByTestId('count-verdict')).toContainText('SEV-2: 1 row of test data');
  await expect(customers.getByTestId('count-verdict')).toHaveCount(0);
  // The alarm and the field's message, shown, are accessible too.
  await input.fill('x');
  await expect(customers.getByTestId('count-input-error')).toBeVisible();
  const result = await new AxeBuilder({ page })
    .include('[data-item="cleanup/prod-customers"]')
    .include('[data-item="cleanup/prod-events"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
});
