// The combined subscriber view against the real sandbox: counts, search, filters, sort,
// export, every simulated fault, and names rendered as text.
import { readFileSync } from 'node:fs';
import { test, expect, expectNoLeak } from './support/fixtures';
import { Sandbox, SANDBOX_TOKEN } from './support/sandbox';
import { SubscribersPage } from './support/subscribers-page';
import { sendEvent } from './support/webhooks';

test('loads both sources and counts exactly the seeded data', async ({ page, consoleLog }) => {
  const subs = new SubscribersPage(page);
  await subs.open();
  await subs.loaded();
  await expect(subs.status('stripe')).toHaveAttribute('data-state', 'ok');
  await expect(subs.status('ios')).toHaveAttribute('data-state', 'ok');
  await expect(subs.total).toHaveText('51 subscriptions · 49 people');
  await expect(page.getByTestId('subs-count-stripe')).toHaveText('36');
  await expect(page.getByTestId('subs-count-ios')).toHaveText('15');
  await expect(page.getByTestId('subs-paying')).toHaveText('15');
  await expect(page.getByTestId('subs-stripe-only')).toHaveText('10');
  await expect(page.getByTestId('subs-both')).toHaveText('2');
  await expect(page.getByTestId('subs-double')).toHaveText('1');
  await expect(page.getByText('A Stripe-only view would undercount paying subscribers by 5')).toBeVisible();
  await expect(subs.shown()).toHaveText('Showing 51 of 51 subscriptions');
  expect(await subs.rows.count()).toBeLessThanOrEqual(51);
  // The token the page filled in is the sandbox's documented default, and it stays out of storage.
  await expectNoLeak(page, consoleLog, [SANDBOX_TOKEN]);
});

test('the charts draw each bar to scale, with the numbers of their tables', async ({ page }) => {
  const subs = new SubscribersPage(page);
  await subs.open();
  await subs.loaded();
  for (const name of ['status', 'tier']) {
    const bars = await page.getByTestId(`subs-chart-${name}`).locator('svg g').evaluateAll((gs) =>
      gs.map((g) => ({
        total: Number(g.querySelector('.btk-chart-total')?.textContent),
        widths: [...g.querySelectorAll('rect')].map((r) => r.getAttribute('width') ?? ''),
      })),
    );
    expect(bars.length, name).toBeGreaterThan(1);
    const largest = Math.max(...bars.map((b) => b.total));
    for (const bar of bars) {
      // Coordinates are written to a tenth of a pixel, never in exponent form.
      for (const w of bar.widths) expect(w).toMatch(/^\d+(\.\d)?$/);
      const drawn = bar.widths.reduce((sum, w) => sum + Number(w), 0);
      // The longest bar is 220 px (the core's frame); the others to scale.
      expect(Math.abs(drawn - (220 * bar.total) / largest), `${name} bar of ${bar.total}`).toBeLessThanOrEqual(0.2);
    }
    const tableTotals = await page.getByTestId(`subs-table-${name}`).locator('tbody tr td:last-child').allTextContents();
    expect(tableTotals.map(Number)).toEqual(bars.map((b) => b.total));
  }
});

test('every column of the list is shown, its heading at most two lines tall', async ({ page }) => {
  const subs = new SubscribersPage(page);
  await subs.open();
  await subs.loaded();
  // The fixed layout gives a column without a set width none at all: the paywall column
  // once had none, drawn zero wide, with its heading wrapped into a column of letters.
  const headings = page.locator('.btk-subs-table thead th');
  await expect(headings).toHaveCount(10);
  const row = (await subs.rows.first().boundingBox())!;
  for (const box of await headings.evaluateAll((ths) => ths.map((th) => {
    const b = th.getBoundingClientRect();
    return { name: th.textContent ?? '', width: b.width, height: b.height };
  }))) {
    expect(box.width, box.name).toBeGreaterThan(60);
    expect(box.height, box.name).toBeLessThan(1.5 * row.height);
  }
  await expect(subs.rows.first().getByTestId('subs-chain')).toBeVisible();
  // The rows start right under the headings, so the scroller shows about a screenful.
  const shown = await subs.rows.evaluateAll((rows) => {
    const scroller = rows[0].closest('.btk-subs-scroll')!.getBoundingClientRect();
    return rows.filter((r) => r.getBoundingClientRect().bottom <= scroller.bottom).length;
  });
  expect(shown).toBeGreaterThanOrEqual(7);
});

test('search finds people by email, user id and store ids', async ({ page }) => {
  const subs = new SubscribersPage(page);
  await subs.open();
  await subs.loaded();
  await subs.search.fill('usr_demo_024');
  await expect(subs.rows).toHaveCount(2);
  expect((await subs.stores()).sort()).toEqual(['ios', 'stripe']);
  await subs.search.fill('cus_Demo0000000000000005');
  await expect(subs.rows).toHaveCount(1);
  await subs.search.fill('sub_demo0000000000000007');
  await expect(subs.rows).toHaveCount(1);
  await subs.search.fill('2000000000480003');
  await expect(subs.rows).toHaveCount(1);
  await expect(subs.rows.first()).toHaveAttribute('data-store', 'ios');
  await subs.search.fill('TEST+BILLING-FOUNDERS');
  await expect(subs.rows).toHaveCount(9);
  await expect(subs.shown()).toHaveText('Showing 9 of 51 subscriptions');
});

test('filters by store, status, tier and flags, kept in the URL', async ({ page }) => {
  const subs = new SubscribersPage(page);
  await subs.open();
  await subs.loaded();
  await page.getByTestId('subs-filter-store').selectOption('ios');
  // The list renders only the rows in view: the count says how many matched.
  await expect(subs.shown()).toHaveText('Showing 15 of 51 subscriptions');
  expect(new Set(await subs.stores())).toEqual(new Set(['ios']));
  await page.getByTestId('subs-filter-status').selectOption('grace');
  await expect(subs.rows).toHaveCount(3);
  await expect(page).toHaveURL(/store=ios/);
  await expect(page).toHaveURL(/status=grace/);
  await page.reload();
  await subs.loaded();
  await expect(subs.rows).toHaveCount(3);
  await page.getByTestId('subs-clear').click();
  await page.getByTestId('subs-filter-tier').selectOption('enterprise_legacy');
  await expect(subs.rows).toHaveCount(1);
  await expect(subs.rows.first()).toContainText('enterprise_legacy');
  await page.getByTestId('subs-clear').click();
  await page.getByTestId('subs-filter-flag').selectOption('both-stores');
  await expect(subs.rows).toHaveCount(4);
  await page.getByTestId('subs-filter-flag').selectOption('double-billing');
  await expect(subs.rows).toHaveCount(2);
  await expect(subs.rows.first()).toContainText('double billing');
});

test('sorts by any column, both ways', async ({ page }) => {
  const subs = new SubscribersPage(page);
  await subs.open();
  await subs.loaded();
  const store = page.getByTestId('subs-sort-store');
  await store.click();
  await expect(subs.rows.first()).toHaveAttribute('data-store', 'stripe');
  await expect(page.locator('th[aria-sort=ascending]')).toContainText('Store');
  await store.click();
  await expect(subs.rows.first()).toHaveAttribute('data-store', 'ios');
  await expect(page).toHaveURL(/sort=store&dir=desc|dir=desc&sort=store/);
  await page.getByTestId('subs-sort-updated').click();
  await expect(subs.rows.first()).toContainText('2026-06-01');
});

test('exports the filtered view as CSV', async ({ page }) => {
  const subs = new SubscribersPage(page);
  await subs.open();
  await subs.loaded();
  await page.getByTestId('subs-filter-store').selectOption('ios');
  const download = page.waitForEvent('download');
  await page.getByTestId('subs-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^subscribers-\d{8}\.csv$/);
  const csv = readFileSync(await file.path(), 'utf8');
  const lines = csv.split('\r\n').filter((l) => l.length > 0);
  expect(lines[0]).toBe('person,email,user_id,store,plan_tier,store_status,normalised_status,period_end,renews,stripe_customer_id,stripe_subscription_id,original_transaction_id,environment,updated_at,flags');
  expect(lines).toHaveLength(16);
  expect(lines.slice(1).every((l) => l.includes(',App Store,'))).toBe(true);
  await expect(page.getByTestId('subs-export-result')).toHaveText(/Exported 15 rows to subscribers-\d{8}\.csv\./);
});

test('names are text, and exported cells cannot run as formulas', async ({ page, sandbox }) => {
  const evil = '<img src=x onerror="window.__xss=1">';
  await sendEvent(sandbox.url, 'customer.created', {
    id: 'cus_evil', object: 'customer', email: '=HYPERLINK("http://evil.example")@x.io', name: evil, metadata: { user_id: 'usr_evil' },
  });
  await sendEvent(sandbox.url, 'customer.subscription.created', {
    id: 'sub_evil', object: 'subscription', customer: 'cus_evil', status: 'active', cancel_at_period_end: false,
    current_period_end: 1790000000, created: 1780000000, metadata: { plan_tier: 'pro' }, items: { data: [] },
  });
  const subs = new SubscribersPage(page);
  await subs.open(sandbox.url);
  await subs.loaded();
  await subs.search.fill('usr_evil');
  await expect(subs.rows).toHaveCount(1);
  await expect(subs.rows.first()).toContainText(evil);
  expect(await subs.rows.first().locator('img').count()).toBe(0);
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  const download = page.waitForEvent('download');
  await page.getByTestId('subs-export').click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv).toContain('"\'=HYPERLINK(""http://evil.example"")@x.io"');
});

test('a failing App Store source still shows Stripe rows, and every total says so', async ({ page, sandbox }) => {
  await sandbox.setFaults(['raptor.subscriptions:status=503']);
  const subs = new SubscribersPage(page);
  await subs.open(sandbox.url);
  await subs.loaded();
  await expect(subs.status('ios')).toHaveAttribute('data-state', 'failed');
  await expect(subs.status('ios')).toContainText('server error 503');
  await expect(subs.status('stripe')).toHaveAttribute('data-state', 'ok');
  await expect(subs.total).toHaveText('36 subscriptions · 36 people (incomplete: App Store source failed, counts exclude iOS)');
  await expect(page.getByTestId('subs-count-ios')).toHaveText('0*');
  await expect(page.getByTestId('subs-paying')).toHaveText('10*');
  await expect(subs.shown()).toHaveText('Showing 36 of 36 subscriptions');
  await sandbox.setFaults([]);
  await page.getByTestId('subs-retry-ios').click();
  await expect(subs.total).toHaveText('51 subscriptions · 49 people');
});

test('each fault the sandbox simulates is reported specifically', async ({ page, sandbox }) => {
  const subs = new SubscribersPage(page);
  const cases: [string[], 'stripe' | 'ios', RegExp][] = [
    [['queue.customers:rate-limit=30'], 'stripe', /429 rate limited: retry in 30 s/],
    [['raptor.subscriptions:html'], 'ios', /HTTP 502, and the body is not JSON/],
    [['queue.subscriptions:status=500'], 'stripe', /server error 500/],
    [['queue.subscriptions:malformed-row'], 'stripe', /1 malformed row\(s\) were skipped \(row 1 id malformed_row: /],
  ];
  for (const [faults, source, message] of cases) {
    await sandbox.setFaults(faults);
    await subs.open(sandbox.url);
    await subs.loaded();
    await expect(subs.status(source)).toContainText(message);
    await expect(subs.status(source)).toHaveAttribute('role', 'alert');
  }
  await expect(subs.total).toContainText('incomplete: 1 malformed Stripe row not counted');

  await sandbox.setFaults(['queue.customers:bare-array', 'queue.subscriptions:bare-array']);
  await subs.open(sandbox.url);
  await subs.loaded();
  await expect(subs.status('stripe')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('subs-count-stripe')).toHaveText('36');

  await sandbox.setFaults(['raptor.subscriptions:delay=3000']);
  await subs.open(sandbox.url);
  await page.getByText('Service URLs, tokens and timeout').click();
  await page.getByTestId('subs-timeout').fill('1');
  await page.getByTestId('subs-retry-ios').or(page.getByTestId('subs-load')).first().click();
  await expect(subs.status('ios')).toContainText('no answer within 1 s (timeout)', { timeout: 10_000 });
});

test('tokens: wrong is 401, not allowed is 403, a Stripe key is refused, one a header cannot carry is named', async ({ page, sandbox, consoleLog }) => {
  const subs = new SubscribersPage(page);
  await subs.open(sandbox.url);
  await subs.loaded();
  await page.getByText('Service URLs, tokens and timeout').click();
  await page.getByTestId('subs-queue-token').fill('wrong-token');
  await page.getByTestId('subs-raptor-token').fill('sandbox-token-no-billing');
  await page.getByTestId('subs-load').click();
  await expect(subs.status('stripe')).toContainText('401 unauthorized: the token is missing or wrong');
  await expect(subs.status('ios')).toContainText('403 forbidden: this token may not read billing');
  await page.getByTestId('subs-queue-token').fill('sk_live_51TVsomething');
  await expect(page.getByTestId('subs-queue-token-error')).toContainText('LIVE');
  await expect(page.getByTestId('subs-load')).toBeDisabled();
  await page.getByTestId('subs-queue-token').fill('tök€n');
  await page.getByTestId('subs-load').click();
  await expect(subs.status('stripe')).toContainText('the bearer token cannot be sent: it has a line break or a character outside Latin-1');
  await page.getByTestId('subs-queue-token').fill('');
  await page.getByTestId('subs-load').click();
  await expect(subs.status('stripe')).toContainText('no bearer token');
  await expectNoLeak(page, consoleLog, ['wrong-token', 'sandbox-token-no-billing', 'sk_live_51TVsomething', 'tök€n']);
});

test('cancel stops loading and says so', async ({ page, sandbox }) => {
  await sandbox.setFaults(['queue.customers:delay=4000', 'raptor.subscriptions:delay=4000']);
  const subs = new SubscribersPage(page);
  await subs.open(sandbox.url);
  await expect(subs.status('ios')).toHaveAttribute('data-state', 'loading');
  await page.getByTestId('subs-cancel').click();
  await expect(subs.status('ios')).toContainText('loading was cancelled');
  await expect(subs.status('stripe')).toContainText('loading was cancelled');
  // The mirror waits for the other two: cancelled before it was asked, it says so too.
  await expect(subs.status('mirror')).toContainText('loading was cancelled');
});

test('test data in a source marked production raises the SEV-2 alarm', async ({ page }) => {
  const subs = new SubscribersPage(page);
  await subs.open();
  await subs.loaded();
  await expect(page.getByTestId('subs-contamination')).toHaveCount(0);
  await page.getByTestId('subs-production').check();
  const alarm = page.getByTestId('subs-contamination');
  await expect(alarm).toContainText('SEV-2: 51 test subscriptions in a source marked production.');
  await expect(alarm).toContainText('Do not delete the rows yet — preserve state and escalate to the operator.');
});

test('a large list keeps at most 200 rows in the DOM and scrolls to the end', async ({ page }) => {
  const bulk = await Sandbox.start(['--seed', 'bulk:3000']);
  try {
    const subs = new SubscribersPage(page);
    await subs.open(bulk.url);
    await subs.loaded();
    await expect(subs.total).toHaveText(/^6000 subscriptions/);
    expect(await subs.rows.count()).toBeLessThanOrEqual(200);
    await page.locator('.btk-subs-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(subs.rows.last()).toContainText('usr_bulk_ios_0002999');
    expect(await subs.rows.count()).toBeLessThanOrEqual(200);
    await subs.search.fill('usr_bulk_0002999');
    await expect(subs.rows).toHaveCount(1);
  } finally {
    await bulk.stop();
  }
});

test('the chain to the paywall: a canceled subscription the mirror still grants is drift, and heals once the fan-out is back', async ({ page, sandbox }) => {
  await sendEvent(sandbox.url, 'customer.created', {
    id: 'cus_chain', object: 'customer', email: 'test+billing-chain@raxx.app', name: 'Chain', metadata: { user_id: 'usr_chain' },
  });
  const subscription = {
    id: 'sub_chain', object: 'subscription', customer: 'cus_chain', status: 'active', cancel_at_period_end: false,
    current_period_end: 1790000000, created: 1780000000, metadata: { plan_tier: 'pro' }, items: { data: [] },
  };
  await sendEvent(sandbox.url, 'customer.subscription.created', subscription);
  await sandbox.outboxDrained();
  const subs = new SubscribersPage(page);
  await subs.open(sandbox.url);
  await subs.loaded();
  await expect(subs.status('mirror')).toHaveAttribute('data-state', 'ok');
  await expect(subs.status('mirror')).toContainText('Newest change');
  await expect(page.getByTestId('subs-drift-count')).toHaveText('0');
  await expect(page.getByTestId('subs-access-unpaid')).toHaveText('0');
  await expect(page.getByTestId('subs-paid-no-access')).toHaveText('0');
  await expect(page.getByTestId('subs-drift-alarm')).toHaveCount(0);
  await subs.search.fill('usr_chain');
  await expect(subs.rows).toHaveCount(1);
  await expect(subs.rows.getByTestId('subs-chain')).toHaveAttribute('data-access', 'granted');
  await expect(subs.rows.getByTestId('subs-drift')).toContainText(/^in step · synced (just now|\d+ s ago)$/);

  // Raptor's mirror-sync is down when Stripe cancels: Queue has it, the paywall does not.
  await sandbox.setFaults(['mirror-sync:status=503']);
  await sendEvent(sandbox.url, 'customer.subscription.deleted', { ...subscription, status: 'canceled' });
  await page.getByTestId('subs-load').click();
  await subs.loaded();
  await expect(page.getByTestId('subs-drift-count')).toHaveText('1');
  await expect(page.getByTestId('subs-drift-alarm')).toContainText('Mirror drift: 1 Stripe subscriptions');
  await expect(page.getByTestId('subs-access-unpaid-alarm')).toContainText('1 people get through the paywall');
  await subs.search.fill('');
  await page.getByTestId('subs-filter-flag').selectOption('drift');
  await expect(subs.rows).toHaveCount(1);
  await expect(subs.rows).toHaveAttribute('data-store', 'stripe');
  await expect(subs.rows.getByTestId('subs-drift')).toContainText('mirror differs: status · synced');
  await expect(subs.rows.getByTestId('subs-chain')).toContainText('access, not paid');
  await page.getByTestId('subs-filter-flag').selectOption('access-without-payment');
  await expect(subs.rows).toHaveCount(1);

  // Raptor is back: the outbox drains and the drift heals.
  await sandbox.setFaults([]);
  await sandbox.outboxDrained();
  await page.getByTestId('subs-load').click();
  await subs.loaded();
  await expect(page.getByTestId('subs-drift-count')).toHaveText('0');
  await expect(page.getByTestId('subs-drift-alarm')).toHaveCount(0);
  await expect(page.getByTestId('subs-access-unpaid-alarm')).toHaveCount(0);
  await expect(subs.rows).toHaveCount(0);
  await page.getByTestId('subs-filter-flag').selectOption('');
  await subs.search.fill('usr_chain');
  await expect(subs.rows.getByTestId('subs-chain')).toHaveAttribute('data-access', 'denied');
  await expect(subs.rows.getByTestId('subs-drift')).toContainText('in step');
});

test('a failing mirror source says the chain is not checked, and the rows still show', async ({ page, sandbox }) => {
  await sandbox.setFaults(['raptor.subscriptions:status=503']);
  const subs = new SubscribersPage(page);
  await subs.open(sandbox.url);
  await subs.loaded();
  await expect(subs.status('mirror')).toHaveAttribute('data-state', 'failed');
  await expect(subs.status('mirror')).toContainText('503');
  await expect(page.getByTestId('subs-chain-unchecked')).toBeVisible();
  // One Raptor endpoint serves both of its lists: the App Store rows failed too.
  await expect(subs.status('ios')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('subs-count-stripe')).toHaveText('36*');
  await expect(subs.rows.first().getByTestId('subs-chain')).toHaveAttribute('data-access', 'unknown');
});
