// The test-clock playbook: scenario and start drive every step's time, Stripe's rules
// are applied, the script is valid bash, and the view lives in the URL.
import { execFileSync } from 'node:child_process';
import { test, expect } from './support/fixtures';

const JAN_31_2027 = 1801396800; // 2027-01-31T12:00:00Z

async function advanceTimes(page: import('@playwright/test').Page, kind = 'advance'): Promise<number[]> {
  return page
    .locator(`[data-testid=clock-step][data-kind=${kind}]`)
    .evaluateAll((steps) => steps.map((s) => Number(s.getAttribute('data-advance-to'))));
}

test('renewal from January 31 follows Stripe anchoring, cumulatively', async ({ page }) => {
  await page.goto(`/clocks?scenario=A&start=${JAN_31_2027}`);
  const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000', '');
  await expect(page.locator('[data-testid=clock-step][data-kind=advance]')).toHaveCount(2);
  const times = await advanceTimes(page);
  expect(times.map(iso)).toEqual(['2027-02-28T14:00:00Z', '2027-03-31T14:00:00Z']);
  const all = await page.getByTestId('clock-step').evaluateAll((s) => s.map((e) => Number(e.getAttribute('data-advance-to'))));
  expect(all).toEqual([...all].sort((a, b) => a - b));
  await expect(page.getByTestId('clock-step').first()).toContainText(`frozen_time=${JAN_31_2027}`);
});

test('changing the scenario and start updates steps and timeline, and both are in the URL', async ({ page }) => {
  await page.goto('/clocks');
  await page.getByTestId('clock-scenario').selectOption('D');
  await expect(page.getByTestId('clock-step').last()).toContainText('Advance past the period end');
  await page.getByTestId('clock-start').fill(String(JAN_31_2027));
  await expect(page.getByTestId('clock-step').last()).toHaveAttribute('data-advance-to', String(JAN_31_2027 + 28 * 86400 + 3600));
  await expect(page.getByTestId('clock-timeline').locator('circle')).toHaveCount(11);
  await expect(page).toHaveURL(new RegExp(`scenario=D.*start=${JAN_31_2027}|start=${JAN_31_2027}.*scenario=D`));
  await page.reload();
  await expect(page.getByTestId('clock-scenario')).toHaveValue('D');
  await expect(page.getByTestId('clock-start')).toHaveValue(String(JAN_31_2027));
  await page.getByTestId('clock-start').fill('2028-02-29');
  await expect(page.getByText('2028-02-29T00:00:00Z').first()).toBeVisible();
});

test('dunning follows the retry settings and splits advances longer than two intervals', async ({ page }) => {
  await page.goto(`/clocks?scenario=B&start=${JAN_31_2027}&interval=week&window=30&retries=2&after=unpaid`);
  const steps = page.getByTestId('clock-step');
  await expect(steps.first()).toBeVisible();
  await expect(steps.filter({ hasText: 'part 1 of' })).not.toHaveCount(0);
  await expect(steps.last()).toContainText('billing_subscription: unpaid');
  const times = await advanceTimes(page);
  for (let i = 1; i < times.length; i++) {
    expect(times[i] - times[i - 1]).toBeGreaterThan(0);
    expect(times[i] - times[i - 1]).toBeLessThanOrEqual(14 * 86400);
  }
  await expect(page.getByText('pm_card_chargeCustomerFail').first()).toBeVisible();
});

test('bad parameters are explained next to the input', async ({ page }) => {
  await page.goto('/clocks');
  await page.getByTestId('clock-customers').fill('4');
  await expect(page.getByTestId('clock-customers-error')).toContainText('at most 3 customers');
  await expect(page.getByTestId('clock-invalid')).toBeVisible();
  await expect(page.getByTestId('clock-step')).toHaveCount(0);
  await page.getByTestId('clock-customers').fill('3');
  await expect(page.getByTestId('clock-step').first()).toBeVisible();
  await page.getByTestId('clock-start').fill('yesterday');
  await expect(page.getByTestId('clock-start-error')).toContainText('"yesterday"');
  await page.getByTestId('clock-start').fill('1801396800000');
  await expect(page.getByTestId('clock-start-error')).toContainText('milliseconds');
  await page.getByTestId('clock-trial').fill('two weeks');
  await expect(page.getByTestId('clock-trial-error')).toContainText('whole number');
});

test('the copied script is the exported script and is valid bash', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`/clocks?scenario=G&start=${JAN_31_2027}&customers=2`);
  await page.getByTestId('clock-script-copy').click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await page.getByTestId('clock-script').inputValue());
  expect(copied).toContain('set -euo pipefail');
  expect(copied).toContain('sk_test_* | rk_test_*');
  expect(copied).toContain('wait_ready "$CLOCK"');
  expect(copied).not.toMatch(/card\[number\]|4242424242424242/);
  execFileSync('bash', ['-n'], { input: copied });
  // Without a test key it refuses before any request.
  let refusal = '';
  try {
    execFileSync('bash', [], { input: copied, env: { PATH: '/usr/bin:/bin', RKEY: 'sk_live_nope' }, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err: any) {
    refusal = err.stderr.toString();
  }
  expect(refusal).toContain('LIVE key: refusing');
  const download = page.waitForEvent('download');
  await page.getByTestId('clock-script-download').click();
  expect((await download).suggestedFilename()).toBe('clock-scenario-g.sh');
});

test('every step can be copied, and the payment method links to its card', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`/clocks?scenario=C&start=${JAN_31_2027}`);
  const third = page.getByTestId('clock-step').nth(2);
  await third.getByTestId('clock-step-copy').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('test+billing-clock-c-20270131@raxx.app');
  await expect(page.getByTestId('clock-step').filter({ hasText: 'three days before' }).first())
    .toContainText('customer.subscription.trial_will_end at 2027-02-11T12:00:00Z');
  await page.getByRole('link', { name: 'pm_card_visa' }).click();
  await expect(page).toHaveURL(/\/cards\?q=pm_card_visa/);
  await expect(page.locator('[data-testid="card-row"]:not([hidden])')).toHaveCount(1);
});
