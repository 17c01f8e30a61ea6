// The signature workbench: sign in the page, run the copied curl against a real sandbox,
// send from the page, verify headers with precise reasons, refuse live keys, and never
// leave a secret behind.
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { test, expect, expectNoLeak } from './support/fixtures';
import { SANDBOX_SECRET } from './support/sandbox';
import { SignerPage, stripeHeader } from './support/signer-page';

const TRICKY = 'Zoë "quoted" it\'s $HOME `id` \\\\ back\\\\slash — 東京 🧾';

test('the copied curl is accepted by the sandbox and the subscriber appears', async ({ page, context, sandbox, consoleLog }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const signer = new SignerPage(page);
  await signer.open(sandbox.url, 'customer.created');
  const email = `test+billing-e2e-${Date.now()}@raxx.app`;
  await signer.setField('customer-email', email);
  // Unicode, quotes, $, backticks, backslashes and escaped newlines in the signed bytes.
  const edited = (await signer.payloadText()).replace('"description": "sre-test"', `"description": ${JSON.stringify(TRICKY + '\nline two')}`);
  await signer.payload.fill(edited);
  await signer.secret.fill(SANDBOX_SECRET);
  await expect(signer.header).toHaveText(/^t=\d+,v1=[0-9a-f]{64}$/);

  await signer.testId('sig-curl-copy').click();
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  expect(curl).toContain(`${sandbox.url}/api/v1/billing/webhook`);
  const output = execFileSync('bash', [], { input: curl, encoding: 'utf8' });
  expect(output).toContain('{"received":true,"duplicate":false}');
  expect(output).toContain('HTTP 200');

  const { body } = await sandbox.api(`/api/v1/internal/billing/customers?email=${encodeURIComponent(email)}`);
  expect(body.data).toHaveLength(1);
  expect(body.data[0].billing_email).toBe(email);
  await expectNoLeak(page, consoleLog, [SANDBOX_SECRET]);
});

test('send posts the exact bytes; a resend is a duplicate until the event id is new', async ({ page, sandbox, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open(sandbox.url, 'customer.subscription.created');
  await signer.secret.fill(SANDBOX_SECRET);
  const send = signer.testId('send-button');
  const status = signer.testId('send-status');
  await send.click();
  await expect(status).toHaveAttribute('data-status', '200');
  await expect(signer.testId('send-body')).toContainText('"duplicate":false');
  await send.click();
  await expect(signer.testId('send-body')).toContainText('"duplicate":true');
  await signer.testId('sig-new-event-id').click();
  await send.click();
  await expect(signer.testId('send-body')).toContainText('"duplicate":false');
  const { body } = await sandbox.api('/__sandbox/stats');
  expect(body.tables.processed_stripe_events).toBe(2);

  await signer.payload.fill('{"not": "an event"}');
  await send.click();
  await expect(status).toHaveAttribute('data-status', '400');
  await expect(signer.testId('send-body')).toContainText('not a Stripe event');
  await expectNoLeak(page, consoleLog, [SANDBOX_SECRET]);
});

test('a send before there is a header says why nothing was sent, and sends once it has one', async ({ page, sandbox, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open(sandbox.url);
  await signer.testId('send-button').click();
  await expect(signer.getByRoleAlert('send-error')).toContainText("Enter the endpoint's whsec_ secret");
  await signer.secret.fill(SANDBOX_SECRET);
  await signer.testId('send-button').click();
  await expect(signer.testId('send-status')).toHaveAttribute('data-status', '200');
  await expectNoLeak(page, consoleLog, [SANDBOX_SECRET]);
});

test('a cross-origin receiver without CORS is explained, and production is refused', async ({ page, sandbox, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open(sandbox.url);
  await signer.secret.fill(SANDBOX_SECRET);
  const url = signer.testId('send-url');
  const other = await (await import('./support/sandbox')).Sandbox.start();
  try {
    await url.fill(`${other.url}/api/v1/billing/webhook`);
    await expect(signer.root.getByText('Another origin')).toBeVisible();
    await signer.testId('send-button').click();
    await expect(signer.testId('send-error')).toContainText('copy the curl command');
  } finally {
    await other.stop();
  }
  await url.fill('https://queue.raxx.app/api/v1/billing/webhook');
  await signer.testId('send-button').click();
  await expect(signer.testId('send-error')).toContainText('production billing endpoint');
  await expectNoLeak(page, consoleLog, [SANDBOX_SECRET]);
});

test('a receiver that allows this origin over CORS answers', async ({ page, sandbox, consoleLog }) => {
  const receiver = await (await import('./support/sandbox')).Sandbox.start(['--cors-origin', sandbox.url]);
  try {
    const signer = new SignerPage(page);
    await signer.open(sandbox.url);
    await signer.secret.fill(SANDBOX_SECRET);
    await signer.testId('send-url').fill(`${receiver.url}/api/v1/billing/webhook`);
    await signer.testId('send-button').click();
    await expect(signer.testId('send-status')).toHaveAttribute('data-status', '200');
    await expectNoLeak(page, consoleLog, [SANDBOX_SECRET]);
  } finally {
    await receiver.stop();
  }
});

test('verify gives the precise reason for each failure', async ({ page, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open('');
  await signer.openVerifier();
  // Nothing signed yet (no secret): said next to the button, nothing taken.
  await signer.secret.fill('');
  await signer.testId('verify-use-signed').click();
  await expect(signer.getByRoleAlert('verify-use-signed-error')).toContainText('nothing signed');
  await expect(signer.verifyHeader).toHaveValue('');
  await signer.secret.fill('whsec_e2e_verify');
  await signer.testId('verify-use-signed').click();
  await expect(signer.testId('verify-use-signed-error')).toHaveCount(0);
  await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'valid');
  await expect(signer.verifyResult).toContainText('Secret 1 matches v1 value 1');

  const body = await signer.verifyPayload.inputValue();
  await signer.verifyPayload.fill(body + '\n');
  await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'invalid');
  await expect(signer.verifyResult).toContainText('No signatures found matching the expected signature for payload');
  await expect(signer.verifyResult).toContainText('The body ends with a newline that was not signed');

  const compact = JSON.stringify(JSON.parse(body));
  await signer.verifyPayload.fill(compact);
  await expect(signer.verifyResult).toContainText('matches this JSON in pretty-printed layout');
  await signer.verifyPayload.fill(body);
  await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'valid');

  await signer.verifyHeader.fill('garbage');
  await expect(signer.verifyResult).toContainText('Unable to extract timestamp and signatures from header');
  await signer.verifyHeader.fill('t=1700000000,v0=abc');
  await expect(signer.verifyResult).toContainText('No signatures found with expected scheme v1');
  await signer.verifyHeader.fill('');
  await signer.verifySecret.fill('whsec_other');
  await signer.testId('verify-use-signed').click();
  await signer.verifySecret.fill('whsec_other');
  await expect(signer.verifyResult).toContainText('Either the secret is not the one that signed');

  // Too old, by how much; tolerance 0 turns the check off.
  await signer.timestamp.fill(String(Math.floor(Date.now() / 1000) - 1000));
  await signer.testId('verify-use-signed').click();
  await expect(signer.verifyResult).toContainText('Timestamp outside the tolerance zone');
  await expect(signer.verifyResult).toContainText(/16 min \d+ s old, \d+ min \d+ s beyond the 300 s tolerance/);
  await signer.testId('verify-tolerance').fill('0');
  await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'valid');
  await signer.testId('verify-tolerance').fill('-5');
  await expect(signer.verifyResult).toContainText('Tolerance is whole seconds');
  await expectNoLeak(page, consoleLog, ['whsec_e2e_verify', 'whsec_other']);
});

test('rotation: two secrets give two v1 values and verify says which matched', async ({ page, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open('');
  await signer.openVerifier();
  await signer.secret.fill('whsec_old_one');
  await signer.secret2.fill('whsec_new_one');
  await expect(signer.header).toHaveText(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
  await signer.testId('verify-use-signed').click();
  await signer.verifySecret.fill('whsec_unrelated');
  await expect(signer.verifyResult).toContainText('Secret 2 matches v1 value 2');
  await signer.testId('verify-add-secret').click();
  await signer.testId('verify-secret-3').fill('whsec_new_one');
  await expect(signer.verifyResult).toContainText('Secret 2 matches');
  await expectNoLeak(page, consoleLog, ['whsec_old_one', 'whsec_new_one', 'whsec_unrelated']);
});

test('live keys and API keys are refused with the reason, everywhere', async ({ page, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open('');
  await signer.openVerifier();
  const cases: [string, RegExp][] = [
    ['sk_live_51TVabcdefghijklmnop', /secret API key.*LIVE key/],
    ['rk_test_51TVabcdefghijklmnop', /restricted API key/],
    ['pk_live_51TVabcdefghijklmnop', /publishable key/],
    ['whsec_abc_live_def', /contains _live_/],
  ];
  for (const [value, reason] of cases) {
    await signer.secret.fill(value);
    await expect(signer.testId('sig-secret-error')).toHaveText(reason);
    await expect(signer.header).toHaveCount(0);
    await expect(signer.testId('sig-header-missing')).toContainText('refused');
    await expect(signer.testId('sig-curl')).toHaveCount(0);
  }
  await signer.verifyHeader.fill('t=1,v1=aa');
  await signer.verifyPayload.fill('{}');
  await signer.verifySecret.fill('sk_live_51TVzzzzzzzz');
  await expect(signer.testId('verify-secret-error')).toContainText('LIVE');
  await expect(signer.verifyResult).toContainText('nothing was verified');
  await expectNoLeak(page, consoleLog, cases.map(([v]) => v).concat(['sk_live_51TVzzzzzzzz']));
});

test('invalid JSON gets line and column; the form and layouts rewrite the payload', async ({ page, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open('', 'invoice.payment_failed');
  await signer.secret.fill('whsec_form');
  const before = await signer.header.textContent();
  await signer.setField('amount', '4200');
  const edited = JSON.parse(await signer.payloadText());
  expect(edited.data.object.amount_due).toBe(4200);
  expect(edited.data.object.amount_remaining).toBe(4200);
  await expect(signer.header).not.toHaveText(before!);
  await signer.setField('amount', '42.00');
  await expect(signer.root.getByRole('alert').filter({ hasText: 'minor units' })).toBeVisible();
  await signer.testId('sig-field-plan-tier').selectOption('founders');
  const founders = JSON.parse(await signer.payloadText());
  expect(founders.data.object.lines.data[0].price.id).toBe('price_test_founders_6mo');
  expect(founders.data.object.amount_due).toBe(2900);

  await signer.testId('sig-compact').click();
  expect(await signer.payloadText()).not.toContain('\n');
  await expect(signer.root.getByText('Compacted: the bytes changed, so the signature changed.')).toBeVisible();
  await signer.testId('sig-pretty').click();
  expect(await signer.payloadText()).toContain('\n  "id": "evt_');

  await signer.payload.fill('{\n  "id": "evt_1",\n  "object" "event"\n}');
  await expect(signer.testId('sig-payload-error')).toContainText('Line 3, column 12');
  await expect(signer.testId('sig-compact')).toBeDisabled();
  await expect(signer.header).toHaveText(/^t=\d+,v1=/);
  await expectNoLeak(page, consoleLog, ['whsec_form']);
});

test('timestamp: unix seconds, a date, bad input, and back to now', async ({ page, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open('');
  await signer.secret.fill('whsec_time');
  await signer.timestamp.fill('1700000000');
  await expect(signer.header).toHaveText(/^t=1700000000,v1=/);
  await expect(signer.testId('sig-timestamp-age')).toContainText('beyond the 300 s tolerance, so a receiver will refuse it');
  await signer.timestamp.fill('2026-06-17 12:00');
  await expect(signer.header).toHaveText(/^t=1781697600,v1=/);
  await signer.timestamp.fill('soon');
  await expect(signer.testId('sig-timestamp-error')).toContainText('"soon"');
  await expect(signer.header).toHaveCount(0);
  await signer.testId('sig-timestamp-now').check();
  await expect(signer.testId('sig-timestamp-age')).toContainText('within the 300 s tolerance');
  await expectNoLeak(page, consoleLog, ['whsec_time']);
});

test('the clock stops writing the timestamp once the field is being edited', async ({ page }) => {
  const signer = new SignerPage(page);
  await signer.open('');
  await signer.secret.fill('whsec_time');
  await expect(signer.testId('sig-timestamp-now')).toBeChecked();
  // Select the time, let the clock tick past, then type: the typed value replaces the
  // selection (a tick used to rewrite the field and drop the selection, so the digits
  // were appended to the new time).
  await signer.timestamp.focus();
  await expect(signer.testId('sig-timestamp-now')).not.toBeChecked();
  await signer.timestamp.selectText();
  await page.waitForTimeout(1300);
  await page.keyboard.type('1700000000');
  await expect(signer.timestamp).toHaveValue('1700000000');
  await expect(signer.header).toHaveText(/^t=1700000000,v1=/);
});

test('the template is in the URL and survives a reload', async ({ page }) => {
  const signer = new SignerPage(page);
  await signer.open('', 'charge.dispute.created');
  expect(JSON.parse(await signer.payloadText()).type).toBe('charge.dispute.created');
  await signer.testId('sig-template').selectOption('invoice.upcoming');
  await expect(page).toHaveURL(/event=invoice\.upcoming/);
  await page.reload();
  await expect(signer.testId('sig-template')).toHaveValue('invoice.upcoming');
  const upcoming = JSON.parse(await signer.payloadText());
  expect(upcoming.type).toBe('invoice.upcoming');
  expect(upcoming.data.object.id).toBeUndefined();
});

test('secrets can be shown and hidden from the keyboard', async ({ page, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open('');
  await signer.secret.focus();
  await page.keyboard.type('whsec_keyboard');
  await expect(signer.secret).toHaveAttribute('type', 'password');
  await page.keyboard.press('Tab');
  await expect(signer.testId('sig-secret-toggle')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(signer.secret).toHaveAttribute('type', 'text');
  await expect(signer.testId('sig-secret-toggle')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Space');
  await expect(signer.secret).toHaveAttribute('type', 'password');
  await expectNoLeak(page, consoleLog, ['whsec_keyboard']);
});

// The same event as a receiver may get it, and as encoders write it (the Python lines are
// python3's own json.dumps output).
const EVENT = '{"id":"evt_1","object":"event","data":{"object":{"name":"Zoë 東京 🧾","id":"cus_1"}}}';
const PY_DUMPS = '{"id": "evt_1", "object": "event", "data": {"object": {"name": "Zo\\u00eb \\u6771\\u4eac \\ud83e\\uddfe", "id": "cus_1"}}}';
const PY_COMPACT_ESCAPED = '{"id":"evt_1","object":"event","data":{"object":{"name":"Zo\\u00eb \\u6771\\u4eac \\ud83e\\uddfe","id":"cus_1"}}}';
const SORTED_COMPACT = '{"data":{"object":{"id":"cus_1","name":"Zoë 東京 🧾"}},"id":"evt_1","object":"event"}';
const ASCII_EVENT = '{"id":"evt_2","object":"event","data":{"object":{"n":[1,2]}}}';
const ASCII_PY_DUMPS = '{"id": "evt_2", "object": "event", "data": {"object": {"n": [1, 2]}}}';
const LF_EVENT = '{\n  "id": "evt_3",\n  "object": "event",\n  "data": {\n    "object": {\n      "name": "Zoë"\n    }\n  }\n}';
const CRLF_EVENT = LF_EVENT.replace(/\n/g, '\r\n');
const BOM = '\ufeff';

test('verify names JSON re-encodings: escaped non-ASCII, sorted keys, Python separators, json.dumps', async ({ page, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open('');
  await signer.openVerifier();
  const secret = 'whsec_e2e_reencoded';
  const cases: [string, string, string, RegExp][] = [
    // [signed bytes, received body, hint, what the panel says]
    [PY_COMPACT_ESCAPED, EVENT, 'reencoded', /non-ASCII characters escaped as \\uXXXX \(the body has them as UTF-8\)/],
    [PY_DUMPS, EVENT, 'reencoded', /exactly what Python's json\.dumps\(json\.loads\(body\)\) writes/],
    [SORTED_COMPACT, EVENT, 'reencoded', /keys sorted at every depth \(the body has them in another order\), in compact layout/],
    [ASCII_PY_DUMPS, ASCII_EVENT, 'reserialised', /matches this JSON in Python's default layout/],
    [EVENT.replace('evt_1', 'evt_1'), PY_DUMPS, 'reencoded', /non-ASCII characters as UTF-8 \(the body escapes them as \\uXXXX/],
  ];
  for (const [signed, received, hint, text] of cases) {
    await signer.verify(stripeHeader(secret, signed), secret, 'text', received);
    await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'invalid');
    await expect(signer.verifyResult).toContainText('No signatures found matching the expected signature for payload');
    await expect(signer.verifyFindings.locator('li')).toHaveCount(1);
    await expect(signer.verifyHint(hint)).toContainText(text);
  }
  // A body with no non-ASCII never gets the escaping hint.
  await expect(signer.verifyHint('reserialised')).toHaveCount(0);
  await signer.verify(stripeHeader(secret, ASCII_PY_DUMPS), secret, 'text', ASCII_EVENT);
  await expect(signer.verifyHint('reserialised')).toBeVisible();
  await expect(signer.verifyResult).not.toContainText('non-ASCII');
  // Escapes in the pasted body are worth a warning of their own.
  await signer.verify(stripeHeader(secret, EVENT), secret, 'text', PY_DUMPS);
  await expect(signer.bodyWarning('verify-body', 'escaped-non-ascii')).toContainText('as Python\'s json.dumps does by default');
  await expectNoLeak(page, consoleLog, [secret]);
});

test('a CRLF body given as base64, hex or a file is diagnosed as line-ending conversion, never Valid', async ({ page, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open('');
  await signer.openVerifier();
  const secret = 'whsec_e2e_crlf';
  const header = stripeHeader(secret, LF_EVENT);
  // The case: pasted into a text box, the CRLF becomes LF and the signed bytes verify.
  await signer.verify(header, secret, 'text', CRLF_EVENT);
  await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'valid');
  await expect(signer.bodyWarning('verify-body', 'text-box-line-breaks')).toContainText(
    'a text box turns CRLF into LF: if your receiver got CRLF line endings, give the bytes as a file, base64 or hex',
  );
  const crlf = Buffer.from(CRLF_EVENT, 'utf8');
  const sha = createHash('sha256').update(crlf).digest('hex');
  for (const mode of ['base64', 'hex', 'file'] as const) {
    await signer.giveBody('verify-body', mode, crlf);
    await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'invalid');
    await expect(signer.verifyHint('line-endings')).toContainText('matches this body with LF (\\n) line endings; the body has CRLF (\\r\\n)');
    await expect(signer.testId('verify-body-bytes')).toHaveText(`Verifying ${crlf.length} bytes, SHA-256 ${sha.slice(0, 12)}…, starting 7b 0d 0a 20 20 22 69 64 22 3a 20 22.`);
    await expect(signer.bodyWarning('verify-body', 'cr')).toContainText('The bytes have 8 CRLF line endings');
  }
  // The other way: CRLF signed, LF received.
  await signer.verify(stripeHeader(secret, crlf), secret, 'text', LF_EVENT);
  await expect(signer.verifyHint('line-endings')).toContainText('a browser text box does this to pasted text');
  await expectNoLeak(page, consoleLog, [secret]);
});

test('verify names a byte-order mark added or removed, alone or with CRLF', async ({ page, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open('');
  await signer.openVerifier();
  const secret = 'whsec_e2e_bom';
  await signer.verify(stripeHeader(secret, LF_EVENT), secret, 'base64', BOM + LF_EVENT);
  await expect(signer.verifyHint('bom')).toContainText('starts with a byte-order mark (EF BB BF) that was not signed');
  await signer.verify(stripeHeader(secret, BOM + LF_EVENT), secret, 'text', LF_EVENT);
  await expect(signer.verifyHint('bom')).toContainText('computed over the body with a byte-order mark (EF BB BF) in front');
  await signer.verify(stripeHeader(secret, LF_EVENT), secret, 'file', BOM + CRLF_EVENT);
  await expect(signer.verifyHint('bom-and-line-endings')).toContainText(
    'with LF (\\n) line endings and without the byte-order mark (EF BB BF) the body starts with',
  );
  await expect(signer.verifyFindings.locator('li')).toHaveCount(1);
  // A wrong secret: no cause is claimed, whatever the body allows.
  await signer.verifySecret.fill('whsec_e2e_other');
  await expect(signer.verifyResult).toContainText('Either the secret is not the one that signed');
  await expect(signer.verifyFindings).toHaveCount(0);
  await expectNoLeak(page, consoleLog, [secret, 'whsec_e2e_other']);
});

test('pasted text with CR, a BOM or trailing whitespace gets warnings; bad base64 and hex say where', async ({ page, context, consoleLog }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const signer = new SignerPage(page);
  await signer.open('');
  await signer.openVerifier();
  const secret = 'whsec_e2e_paste';
  await signer.verifyHeader.fill(stripeHeader(secret, LF_EVENT));
  await signer.verifySecret.fill(secret);
  // A real paste: the clipboard has CRLF, the text box keeps LF, and the panel says so.
  await page.evaluate((text) => navigator.clipboard.writeText(text), CRLF_EVENT);
  await signer.verifyPayload.focus();
  await page.keyboard.press('ControlOrMeta+V');
  await expect(signer.verifyPayload).toHaveValue(LF_EVENT);
  await expect(signer.testId('verify-pasted-cr')).toContainText('What you pasted had 8 CRLF line endings, and this text box turned them into LF');
  await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'valid');
  await signer.testId('verify-use-pasted').click();
  await expect(signer.testId('verify-body-mode-base64')).toBeChecked();
  await expect(signer.testId('verify-body-encoded')).toHaveValue(Buffer.from(CRLF_EVENT).toString('base64'));
  await expect(signer.verifyHint('line-endings')).toBeVisible();

  await signer.giveBody('verify-body', 'text', `${BOM}${LF_EVENT}\n  `);
  await expect(signer.testId('verify-pasted-cr')).toHaveCount(0);
  await expect(signer.bodyWarning('verify-body', 'bom')).toContainText('Starts with a byte-order mark (EF BB BF). Stripe never sends one');
  await expect(signer.bodyWarning('verify-body', 'trailing-whitespace')).toContainText('The body ends with whitespace');
  await expect(signer.bodyWarning('verify-body', 'text-box-line-breaks')).toBeVisible();

  await signer.giveBody('verify-body', 'base64', Buffer.from('{}'));
  await signer.testId('verify-body-encoded').fill('ew0K f!==');
  await expect(signer.testId('verify-body-encoded-error')).toHaveRole('alert');
  await expect(signer.testId('verify-body-encoded-error')).toContainText("'!' at character 7 is not base64");
  await expect(signer.testId('verify-body-encoded')).toHaveAttribute('aria-invalid', 'true');
  await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'unusable');
  await signer.testId('verify-body-mode-hex').check();
  await signer.testId('verify-body-encoded').fill('7b 0d 0a 7');
  await expect(signer.testId('verify-body-encoded-error')).toContainText('7 hex digits: an odd count cannot be whole bytes');
  await signer.testId('verify-body-encoded').fill('7b\n0d 0g');
  await expect(signer.testId('verify-body-encoded-error')).toContainText("'g' at line 2, column 5 is not a hex digit");
  await expectNoLeak(page, consoleLog, [secret]);
});

test('the signer warns about its editor text and signs a file\'s exact bytes, which the sandbox accepts', async ({ page, sandbox, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open(sandbox.url, 'customer.created');
  await signer.openVerifier();
  await signer.secret.fill(SANDBOX_SECRET);
  const text = await signer.payloadText();
  await signer.payload.fill(`${BOM}${text}\n`);
  await expect(signer.bodyWarning('sig-body', 'bom')).toContainText('The body being signed starts with a byte-order mark');
  await expect(signer.bodyWarning('sig-body', 'trailing-whitespace')).toContainText('The body being signed ends with a line break');
  await signer.payload.fill(text);
  await expect(signer.testId('sig-body-warnings').locator('li')).toHaveCount(0);

  // The event as a Windows tool saves it: CRLF line endings, signed and sent exactly so.
  const bytes = Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');
  await signer.giveBody('sig-body', 'file', bytes);
  await expect(signer.testId('sig-body-file-name')).toHaveText(`body.json: ${bytes.length} bytes`);
  await expect(signer.testId('sig-editor-unused')).toBeVisible();
  await expect(signer.bodyWarning('sig-body', 'cr')).toContainText('they are signed and sent exactly so');
  await expect(signer.root.getByText(`${bytes.length} bytes signed in`)).toBeVisible();
  await signer.timestamp.fill(String(Math.floor(Date.now() / 1000)));
  await expect(signer.header).toHaveText(/^t=\d+,v1=[0-9a-f]{64}$/);
  const header = (await signer.header.textContent())!;
  const [, t] = /^t=(\d+),/.exec(header)!;
  expect(header).toBe(stripeHeader(SANDBOX_SECRET, bytes, Number(t)));
  await expect(signer.curl).toContainText('\\r\\n');

  const response = await page.request.post(`${sandbox.url}/api/v1/billing/webhook`, {
    headers: { 'Stripe-Signature': header, 'Content-Type': 'application/json' },
    data: bytes,
  });
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain('"duplicate":false');
  // The page sends the same bytes: the sandbox has seen this event.
  await signer.testId('send-button').click();
  await expect(signer.testId('send-status')).toHaveAttribute('data-status', '200');
  await expect(signer.testId('send-body')).toContainText('"duplicate":true');
  // The LF text of the editor is other bytes: refused.
  const lf = await page.request.post(`${sandbox.url}/api/v1/billing/webhook`, {
    headers: { 'Stripe-Signature': header, 'Content-Type': 'application/json' },
    data: Buffer.from(text, 'utf8'),
  });
  expect(lf.status()).toBe(400);
  expect(await lf.text()).toContain('The signature matches this body with CRLF');

  // Verify takes the signer's exact bytes as base64.
  await signer.testId('verify-use-signed').click();
  await expect(signer.testId('verify-body-mode-base64')).toBeChecked();
  await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'valid');
  await signer.testId('sig-body-mode-text').check();
  await expect(signer.testId('sig-editor-unused')).toHaveCount(0);
  await expectNoLeak(page, consoleLog, [SANDBOX_SECRET]);
});

test('the body inputs are labelled and work from the keyboard', async ({ page, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open('');
  await signer.openVerifier();
  const secret = 'whsec_e2e_keyboard';
  await signer.verifyHeader.fill(stripeHeader(secret, LF_EVENT));
  await signer.verifySecret.fill(secret);
  // Arrow keys move through the choices; Tab reaches the chosen input.
  await signer.testId('verify-body-mode-text').focus();
  await page.keyboard.press('ArrowRight');
  await expect(signer.testId('verify-body-mode-file')).toBeChecked();
  await page.keyboard.press('ArrowRight');
  await expect(signer.testId('verify-body-mode-base64')).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(signer.testId('verify-body-encoded')).toBeFocused();
  await page.keyboard.insertText(Buffer.from(CRLF_EVENT).toString('base64'));
  await expect(signer.verifyHint('line-endings')).toBeVisible();
  await page.keyboard.type('!');
  await expect(signer.getByRoleAlert('verify-body-encoded-error')).toBeVisible();
  await signer.secret.fill(secret);
  await signer.openExactBytes();
  await signer.testId('sig-body-mode-file').check();
  await signer.testId('sig-body-file').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.alloc(9 << 20, 32) });
  await expect(signer.getByRoleAlert('sig-body-file-error')).toContainText('big.json is 9437184 bytes: the limit is 8 MiB');
  await expect(signer.testId('sig-header-missing')).toContainText('No header: big.json is 9437184 bytes');
  const result = await new AxeBuilder({ page })
    .include('[aria-labelledby="btk-verify-title"]')
    .include('[aria-labelledby="btk-craft-title"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  await expectNoLeak(page, consoleLog, [secret]);
});

test('the API version picks the event\'s shapes; the form edits where that version keeps a field, and the sandbox applies it', async ({ page, sandbox }) => {
  const signer = new SignerPage(page);
  await signer.open(sandbox.url, 'customer.subscription.created');
  await signer.secret.fill(SANDBOX_SECRET);
  await expect(signer.testId('sig-api-version')).toHaveValue('2024-06-20');
  expect(JSON.parse(await signer.payloadText()).data.object.current_period_end).toEqual(expect.any(Number));

  await signer.testId('sig-api-version').selectOption('2026-10-28.endive');
  const endive = JSON.parse(await signer.payloadText());
  expect(endive.api_version).toBe('2026-10-28.endive');
  // From basil on, the period is on the items, and endive adds billing_mode.
  expect(endive.data.object).not.toHaveProperty('current_period_end');
  expect(endive.data.object).toHaveProperty('billing_mode');
  await signer.setField('period-end', '2031-01-15');
  const edited = JSON.parse(await signer.payloadText());
  expect(edited.data.object.items.data[0].current_period_end).toBe(Date.UTC(2031, 0, 15) / 1000);

  await signer.testId('send-button').click();
  await expect(signer.testId('send-status')).toHaveAttribute('data-status', '200');
  const { body } = await sandbox.api(`/api/v1/internal/billing/subscriptions?limit=100`);
  const row = body.data.find((s: any) => s.stripe_subscription_id === edited.data.object.id);
  expect(row.current_period_end).toBe('2031-01-15T00:00:00Z');
});
