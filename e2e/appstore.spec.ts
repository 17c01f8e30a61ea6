// App Store notifications: a real Apple-signed payload verifies against Apple Root CA - G3
// in the page; broken inputs get Apple's status and a precise reason; a notification
// crafted and signed in the page with the sandbox's test chain is accepted by the
// sandbox and shows in the subscriber view; the test key never leaves the page's memory.
import { test, expect, expectNoLeak } from './support/fixtures';
import { AppStorePage } from './support/appstore-page';
import { SubscribersPage } from './support/subscribers-page';
import { SANDBOX_TOKEN } from './support/sandbox';

test('a real Apple-signed payload verifies against G3, and not against the test root alone', async ({ page }) => {
  const asn = new AppStorePage(page);
  await asn.open();
  await expect(asn.testId('asn-g3-fingerprint')).toHaveText('63343ABFB89A6A03EBB57E9B3F5FA7BE7C4F5C756F3017B3A8C488C3653E9179');
  await asn.testId('asn-load-sample').click();
  await expect(asn.verdict).toHaveAttribute('data-status', 'OK');
  await expect(asn.verdict).toContainText('Verified');
  await expect(asn.testId('asn-found')).toContainText("the request body's signedPayload");
  // The chain as read: Apple's leaf and intermediate, with their markers.
  const chain = asn.testId('asn-chain');
  await expect(chain.getByTestId('asn-cert')).toHaveCount(2);
  await expect(chain).toContainText('Apple Worldwide Developer Relations');
  await expect(chain).toContainText('leaf 1.2.840.113635.100.6.11.1');
  // Decoded: dates as dates, enums with their meanings.
  const fields = asn.testId('asn-verdict-fields');
  await expect(fields.locator('[data-field="notificationType"]')).toContainText('TEST');
  await expect(fields.locator('[data-field="signedDate"]')).toContainText('2025-09-05T');
  // Trusting only the sandbox's test root, Apple's chain does not verify.
  await asn.testId('asn-trust-g3').uncheck();
  await expect(asn.verdict).toHaveAttribute('data-status', 'VERIFICATION_FAILURE');
  await asn.testId('asn-trust-g3').check();
  await asn.testId('asn-trust-sandbox').uncheck();
  await expect(asn.verdict).toHaveAttribute('data-status', 'OK');
});

test('the sample is fetched from the site when asked for; a failed fetch says so next to the button', async ({ page }) => {
  const asn = new AppStorePage(page);
  const asked: string[] = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await page.route('**/apple-sandbox-test-notification.jws', (route) => route.fulfill({ status: 503, body: 'down' }));
  await asn.open();
  expect(asked).not.toContain('/apple-sandbox-test-notification.jws');
  await asn.testId('asn-load-sample').click();
  await expect(asn.testId('asn-load-sample-error').and(page.getByRole('alert'))).toContainText('answered HTTP 503');
  await expect(asn.input).toHaveValue('');
  await page.unroute('**/apple-sandbox-test-notification.jws');
  await asn.testId('asn-load-sample').click();
  await expect(asn.verdict).toHaveAttribute('data-status', 'OK');
  await expect(asn.testId('asn-load-sample-error')).toHaveCount(0);
});

test('the verifier is shown once the input holds a JWS, and goes when it is cleared', async ({ page }) => {
  const asn = new AppStorePage(page);
  await asn.open();
  const part = page.locator('[data-btk-part="appstore-inspect"]');
  await asn.inspect('not a jws at all');
  await expect(asn.testId('asn-input-error')).toContainText('three parts');
  await expect(part).toHaveCount(0);
  await asn.testId('asn-load-sample').click();
  await expect(asn.verdict).toHaveAttribute('data-status', 'OK');
  await expect(part).toHaveCount(1);
  await asn.inspect('');
  await expect(part).toHaveCount(0);
  await expect(asn.verdict).toHaveCount(0);
  await asn.testId('asn-load-sample').click();
  await expect(asn.verdict).toHaveAttribute('data-status', 'OK');
  // A settings change verifies again, live: the wrong bundle id fails the same text.
  await asn.testId('asn-bundle-id').fill('com.example.other');
  await expect(asn.verdict).not.toHaveAttribute('data-status', 'OK');
});

test('three broken inputs get their reasons', async ({ page }) => {
  const asn = new AppStorePage(page);
  await asn.open();
  await asn.inspect('not a jws at all');
  await expect(asn.testId('asn-input-error')).toContainText('three parts');
  await asn.inspect('{"notSignedPayload": "x"}');
  await expect(asn.testId('asn-input-error')).toContainText('no signedPayload');
  // A crafted notification for another app, then a tampered one.
  const body = await asn.craft('SUBSCRIBED / INITIAL_BUY');
  await asn.testId('asn-bundle-id').fill('com.example.other');
  await asn.inspect(body);
  await expect(asn.verdict).toHaveAttribute('data-status', 'INVALID_APP_IDENTIFIER');
  await expect(asn.verdict).toContainText('com.example.other');
  await asn.testId('asn-bundle-id').fill('app.raxx');
  await expect(asn.verdict).toHaveAttribute('data-status', 'OK');
  const payload = JSON.parse(body).signedPayload as string;
  const [h, p, s] = payload.split('.');
  const tampered = `${h}.${p.slice(0, -2)}${p.slice(-2) === 'AA' ? 'BA' : 'AA'}.${s}`;
  await asn.inspect(tampered);
  await expect(asn.verdict).toHaveAttribute('data-status', 'VERIFICATION_FAILURE');
  // Production needs the app Apple ID: said next to it.
  await asn.testId('asn-environment').selectOption('Production');
  await expect(asn.testId('asn-app-id-error')).toContainText('Production needs the app Apple ID');
});

test('a crafted notification verifies in the page, with its nested JWS each verified', async ({ page }) => {
  const asn = new AppStorePage(page);
  await asn.open();
  const body = await asn.craft('DID_RENEW');
  await asn.inspect(body);
  await expect(asn.verdict).toHaveAttribute('data-status', 'OK');
  await expect(asn.testId('asn-verdict-transaction')).toHaveAttribute('data-status', 'OK');
  await expect(asn.testId('asn-verdict-renewal')).toHaveAttribute('data-status', 'OK');
  await expect(asn.testId('asn-test-chain-note')).toContainText('only a backend configured to trust');
});

test('craft, sign and send DID_FAIL_TO_RENEW with a grace period: the subscriber view shows it', async ({ page, sandbox, consoleLog }) => {
  const asn = new AppStorePage(page);
  await asn.open(sandbox.url);
  await asn.openCraft();
  await expect(asn.craftType).toHaveValue(/\d+/);
  await asn.craft('DID_FAIL_TO_RENEW / GRACE_PERIOD', 'usr_demo_002');
  await expect(asn.testId('asn-curl')).toContainText('/api/subscriptions/apple/notifications');
  await asn.send.click();
  await expect(asn.testId('asn-send-status')).toHaveAttribute('data-status', '200');
  await expect(asn.testId('asn-send-body')).toContainText('"duplicate":false');
  // The same body again is a duplicate (one notificationUUID).
  await asn.send.click();
  await expect(asn.testId('asn-send-body')).toContainText('"duplicate":true');

  const subs = new SubscribersPage(page);
  await subs.open(sandbox.url, '?store=ios&search=usr_demo_002');
  await subs.loaded();
  await expect(subs.rows).toHaveCount(1);
  await expect(subs.rows.first()).toContainText('Grace period');

  // EXPIRED moves it to ended; REFUND to revoked.
  for (const [label, status] of [['EXPIRED / VOLUNTARY', 'Ended'], ['REFUND', 'Revoked']]) {
    await asn.open(sandbox.url);
    await asn.craft(label, 'usr_demo_002');
    await asn.send.click();
    await expect(asn.testId('asn-send-status')).toHaveAttribute('data-status', '200');
    await subs.open(sandbox.url, '?store=ios&search=usr_demo_002');
    await subs.loaded();
    await expect(subs.rows.first()).toContainText(status);
  }
  // The test key stays in the page's memory: not in storage, the URL or the console.
  const signer = await sandbox.api('/__sandbox/apple/test-signer');
  expect(signer.status).toBe(200);
  await expectNoLeak(page, consoleLog, [signer.body.leaf_private_key_pkcs8, SANDBOX_TOKEN === 'sandbox-token' ? '' : SANDBOX_TOKEN]);
});

test('a form error is shown next to its input and blocks signing', async ({ page }) => {
  const asn = new AppStorePage(page);
  await asn.open();
  await asn.openCraft();
  await asn.testId('asn-expires').fill('yesterday-ish');
  await expect(asn.testId('asn-expires-error')).toBeVisible();
  await expect(asn.testId('asn-sign')).toBeDisabled();
  await asn.testId('asn-grace').fill('200');
  await expect(asn.testId('asn-grace-error')).toContainText('1 to 60');
});
