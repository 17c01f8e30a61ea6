// The /clocks "Replay against a receiver" panel against a private sandbox: scenario B
// passes step by step and leaves its customer in the subscriber view with the status the
// playbook expects; a receiver that cancels at the first failed payment is caught at
// that step, field by field; Cancel stops a run and leaving the page aborts it; the
// secret and token never reach storage, the URL or the console, and live keys are refused;
// scenario H (one person on both stores, App Store notifications signed in the page with
// the sandbox's test chain) passes every step.
import type { Page } from '@playwright/test';
import { test, expect, expectNoLeak } from './support/fixtures';
import { trackInFlight } from './support/requests';
import { Sandbox, SANDBOX_SECRET, SANDBOX_TOKEN } from './support/sandbox';
import { ReplayPanel } from './support/replay-panel';
import { SubscribersPage } from './support/subscribers-page';

const JAN_31_2027 = 1801396800; // 2027-01-31T12:00:00Z
const SCENARIO_B = `?scenario=B&start=${JAN_31_2027}`;

/** The playbook's step titles ("Advance past the renewal: ..."), in order. */
async function playbookTitles(page: Page): Promise<string[]> {
  const headings = await page.getByTestId('clock-step').locator('h3').allTextContents();
  return headings.map((h) => h.replace(/^\d+\. /, ''));
}

/** The subscription status the playbook expects after its last step. */
async function expectedFinalStatus(page: Page): Promise<string> {
  const text = await page.getByTestId('clock-step').last().textContent();
  const status = /billing_subscription: (\w+)/.exec(text ?? '')?.[1];
  if (!status) throw new Error(`no expected subscription status in the last step: ${text}`);
  return status;
}

/** Stripe statuses as the subscriber view normalises them (the README's table). */
const NORMALISED: Record<string, string> = {
  active: 'Active',
  trialing: 'Trialing',
  past_due: 'Grace period',
  unpaid: 'Billing retry',
  canceled: 'Ended',
  incomplete_expired: 'Ended',
  paused: 'Paused',
};

test('scenario B replayed against the sandbox passes every step; the subscriber view shows its customer', async ({ page, sandbox, consoleLog }) => {
  const replay = new ReplayPanel(page);
  await replay.open(sandbox.url, SCENARIO_B);
  await replay.defaultsFilled();
  await expect(replay.receiver).toHaveValue(`${sandbox.url}/api/v1/billing/webhook`);
  await expect(replay.queue).toHaveValue(sandbox.url);
  const titles = await playbookTitles(page);
  expect(titles.length).toBeGreaterThan(5);
  // Before a run, the scenario's steps wait.
  expect(await replay.statuses()).toEqual(titles.map(() => 'pending'));

  const started = Date.now();
  await replay.start.click();
  await replay.ended('passed');
  const wall = Date.now() - started;
  console.log(`scenario B replayed in the browser: ${wall} ms`);

  expect(await replay.statuses()).toEqual(titles.map(() => 'passed'));
  await expect(replay.verdict).toContainText(`All ${titles.length} steps passed`);
  const report = await replay.report.inputValue();
  expect(report).toContain('# Lifecycle replay: scenario B');
  expect(report).toContain(`**PASSED**: all ${titles.length} steps pass`);
  titles.forEach((title, i) => {
    const row = report.split('\n').find((line) => line.startsWith(`| ${i + 1} |`));
    expect(row, `report row of step ${i + 1}`).toContain(title.replace(/\|/g, '\\|'));
    // The paywall (Raptor's /access, fed by Queue's fan-out) agreed, after a measured lag.
    expect(row).toMatch(/\| \d+ ms \| pass \|$/);
  });
  const tag = await replay.runTag();
  expect(tag).toMatch(/^[0-9a-z]{8}$/);
  expect(report).toContain(`run tag ${tag}`);
  expect(report).not.toContain(SANDBOX_SECRET);
  expect(report).not.toContain(SANDBOX_TOKEN);

  // The run's customer, as the combined subscriber view shows it.
  const status = await expectedFinalStatus(page);
  const subs = new SubscribersPage(page);
  await subs.open(sandbox.url);
  await subs.loaded();
  await subs.search.fill(tag);
  await expect(subs.rows).toHaveCount(1);
  const row = subs.rows.first();
  await expect(row).toHaveAttribute('data-store', 'stripe');
  await expect(row.locator('td').first()).toContainText(`-r${tag}@raxx.app`);
  await expect(row.locator('td').nth(3)).toHaveText(status);
  await expect(row.locator('td').nth(4)).toHaveText(NORMALISED[status]);
  await expectNoLeak(page, consoleLog, [SANDBOX_SECRET, SANDBOX_TOKEN]);
});

test('a receiver that cancels at the failed payment fails that step, field by field', async ({ page, sandbox }) => {
  await sandbox.setFaults(['webhook:cancel-on=invoice.payment_failed']);
  const replay = new ReplayPanel(page);
  await replay.open(sandbox.url, SCENARIO_B);
  await replay.defaultsFilled();
  const titles = await playbookTitles(page);
  const failing = titles.findIndex((t) => t.includes('the charge fails'));
  expect(failing).toBeGreaterThan(0);

  await replay.start.click();
  await replay.ended('failed');
  const statuses = await replay.statuses();
  // Green up to the failed payment, red from there.
  expect(statuses.slice(0, failing)).toEqual(titles.slice(0, failing).map(() => 'passed'));
  expect(statuses[failing]).toBe('failed');
  const step = replay.steps.nth(failing);
  const check = step.locator('[data-testid=replay-check][data-field="subscription.status"]');
  await expect(check.getByTestId('replay-check-expected')).toHaveText('past_due');
  await expect(check.getByTestId('replay-check-actual')).toHaveText('canceled');
  // The step's deliveries, each with the receiver's status and answer.
  const deliveries = step.getByTestId('replay-delivery');
  await expect(deliveries.filter({ hasText: 'invoice.payment_failed' })).toHaveCount(1);
  expect(await deliveries.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).not.toContain('none');
  await expect(deliveries.first()).toContainText('"received"');
  await expect(replay.verdict).toContainText(`the first is step ${failing + 1}`);
  await expect(replay.verdict).toContainText('subscription.status expected past_due, got canceled');
  const report = await replay.report.inputValue();
  expect(report).toContain('**FAILED**');
  expect(report).toContain(`## Step ${failing + 1}: ${titles[failing]} (FAIL)`);
  expect(report).toContain('| 1 | subscription.status | past_due | canceled |');
});

test('Cancel stops a run between steps and says so; nothing more is sent', async ({ page, sandbox }) => {
  const replay = new ReplayPanel(page);
  await replay.open(sandbox.url, SCENARIO_B);
  await replay.defaultsFilled();
  await replay.delay.fill('1500');
  const inFlight = trackInFlight(page);
  const webhooks: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/billing/webhook')) webhooks.push(r.url());
  });
  await replay.start.click();
  await expect(replay.steps.first()).toHaveAttribute('data-status', 'passed');
  await expect(replay.verdict).toHaveAttribute('data-state', 'running');
  await replay.cancel.click();
  await replay.ended('cancelled', 5_000);
  await expect(replay.verdict).toContainText('Cancelled during step');
  const statuses = await replay.statuses();
  expect(statuses).toContain('pending');
  expect(statuses).not.toContain('running');
  const sent = webhooks.length;
  await page.waitForTimeout(2_000);
  expect(webhooks.length, 'deliveries after Cancel').toBe(sent);
  expect(inFlight()).toEqual([]);
  expect(await replay.statuses()).toEqual(statuses);
  const report = await replay.report.inputValue();
  expect(report).toContain('**INCOMPLETE**');
  expect(report).toMatch(/The run stopped after step \d+: cancelled during step \d+\./);
  // A new run starts again from the first step.
  await replay.delay.fill('0');
  await replay.start.click();
  await replay.ended('passed');
});

test('leaving the page during a delivery aborts it: no request stays in flight', async ({ page, sandbox }) => {
  await sandbox.setFaults(['webhook:delay=4000']);
  const replay = new ReplayPanel(page);
  await replay.open(sandbox.url, SCENARIO_B);
  await replay.defaultsFilled();
  const inFlight = trackInFlight(page);
  await replay.start.click();
  await expect.poll(() => inFlight().filter((u) => u.endsWith('/api/v1/billing/webhook')).length).toBe(1);
  await page.getByRole('navigation', { name: 'Testkit' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing test toolkit');
  await expect.poll(() => inFlight(), { timeout: 1_500 }).toEqual([]);
  // Nothing of the left run comes back later.
  await page.waitForTimeout(500);
  expect(inFlight()).toEqual([]);
});

test('typed secret and token stay out of storage, URL and console; live keys are refused next to the input', async ({ page, consoleLog }) => {
  const secret = 'whsec_e2e_replay_private_secret';
  const token = 'e2e-replay-private-token';
  // A sandbox with its own secret and token: it reveals neither, so they are typed.
  const own = await Sandbox.start(['--webhook-secret', secret, '--token', token]);
  try {
    const replay = new ReplayPanel(page);
    await replay.open(own.url, `?scenario=D&start=${JAN_31_2027}`);
    await expect(replay.panel.getByTestId('replay-problem')).toContainText('Enter the webhook secret');
    await expect(replay.start).toBeDisabled();

    const refused: [string, string, RegExp][] = [
      ['replay-secret', 'sk_live_51TVabcdefghijklmnop', /secret API key.*LIVE key/],
      ['replay-secret', 'rk_test_51TVabcdefghijklmnop', /restricted API key/],
      ['replay-secret', 'whsec_abc_live_def', /contains _live_/],
      ['replay-token', 'sk_live_51TVzzzzzzzzzzzz', /LIVE Stripe/],
      ['replay-token', 'sk_test_51TVzzzzzzzzzzzz', /not the service's bearer token/],
    ];
    for (const [field, value, reason] of refused) {
      await replay.panel.getByTestId(field).fill(value);
      await expect(replay.panel.getByTestId(`${field}-error`)).toHaveText(reason);
      await expect(replay.panel.getByTestId(field)).toHaveAttribute('aria-invalid', 'true');
      await expect(replay.start).toBeDisabled();
      await replay.panel.getByTestId(field).fill('');
    }
    await replay.queue.fill('https://queue.raxx.app');
    await expect(replay.panel.getByTestId('replay-queue-error')).toContainText('production');
    await replay.queue.fill(own.url);

    await replay.secret.fill(secret);
    await replay.token.fill(token);
    await replay.order.selectOption('shuffled');
    await replay.redeliver.fill('20%');
    await expect(replay.start).toBeEnabled();
    await replay.start.click();
    await replay.ended('passed');
    const report = await replay.report.inputValue();
    expect(report).toContain('shuffled within each step');
    expect(report).toContain('20% redelivered');
    expect(report).not.toContain(secret);
    expect(report).not.toContain(token);
    await expectNoLeak(page, consoleLog, [secret, token, ...refused.map(([, v]) => v)]);
  } finally {
    await own.stop();
  }
});

test('the paywall is checked after every step: a slow fan-out is waited for and its lag reported', async ({ page, sandbox }) => {
  await sandbox.setFaults(['mirror-sync:delay=400']);
  const replay = new ReplayPanel(page);
  await replay.open(sandbox.url, SCENARIO_B);
  await replay.defaultsFilled();
  await expect(page.getByTestId('replay-raptor')).toHaveValue(sandbox.url);
  await replay.start.click();
  await replay.ended('passed');
  const report = await replay.report.inputValue();
  const lags = [...report.matchAll(/\| (\d+) ms \| pass \|$/gm)].map((m) => Number(m[1]));
  const titles = await playbookTitles(page);
  expect(lags).toHaveLength(titles.length);
  // Steps that change the subscription wait for the delayed mirror-sync.
  expect(Math.max(...lags)).toBeGreaterThanOrEqual(400);

  // Without a Raptor URL, the paywall is not checked and the report says so.
  await sandbox.setFaults([]);
  await page.getByTestId('replay-raptor').fill('');
  await replay.start.click();
  await replay.ended('passed');
  expect(await replay.report.inputValue()).toMatch(/\| not checked \| pass \|$/m);
});

test('scenario H, one person on both stores, replayed from /clocks passes every step: either store grants, both ended is 402', async ({ page, sandbox, consoleLog }) => {
  const replay = new ReplayPanel(page);
  await replay.open(sandbox.url, `?scenario=E&start=${JAN_31_2027}`);
  await replay.defaultsFilled();
  await replay.scenario.selectOption('H');
  await expect(replay.start).toHaveText('Replay scenario H');
  const titles = [
    'Subscribe on Stripe (active) + App Store SUBSCRIBED',
    'App Store EXPIRED while Stripe is active',
    'App Store SUBSCRIBED again (RESUBSCRIBE)',
    'Cancel Stripe now while the App Store is active',
    'App Store EXPIRED too: both stores ended',
  ];
  expect(await replay.statuses()).toEqual(titles.map(() => 'pending'));

  await replay.start.click();
  await replay.ended('passed');
  expect(await replay.statuses()).toEqual(titles.map(() => 'passed'));
  await expect(replay.verdict).toContainText(`All ${titles.length} steps passed`);
  const report = await replay.report.inputValue();
  expect(report).toContain('# Lifecycle replay: scenario H, One person on both stores');
  titles.forEach((title, i) => {
    const row = report.split('\n').find((line) => line.startsWith(`| ${i + 1} |`));
    expect(row, `report row of step ${i + 1}`).toContain(title);
    // The paywall agreed with both stores after every step.
    expect(row).toMatch(/\| \d+ ms \| pass \|$/);
  });
  expect(report).not.toContain(SANDBOX_SECRET);
  expect(report).not.toContain(SANDBOX_TOKEN);
  await expectNoLeak(page, consoleLog, [SANDBOX_SECRET, SANDBOX_TOKEN]);
});
