// The verifier's cause search (issue 23): the verdict shows before the causes are looked
// for; a body the receiver re-serialised in a way no variant reproduces (through a typed
// model) gets the most common cause and how to read the raw bytes; a large body's cause
// is still found.
import { test, expect, expectNoLeak } from './support/fixtures';
import { SignerPage, stripeHeader } from './support/signer-page';

const SECRET = 'whsec_e2e_causes';
const EVENT = JSON.stringify({
  id: 'evt_causes', object: 'event', type: 'customer.created', livemode: false, request: { id: null, idempotency_key: null },
  data: { object: { id: 'cus_causes', object: 'customer', name: 'Zoë 東京', phone: null, metadata: { plan: 'pro' } } },
}, null, 2);

test('a body re-serialised by the receiver gets the verdict and the raw-bytes cause', async ({ page, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open('');
  await signer.openVerifier();
  // What a receiver has after parsing into a typed model and serialising it again (nulls
  // dropped, compact): no variant of these bytes gives the signed ones back.
  const received = JSON.stringify(JSON.parse(EVENT), (_, v) => (v === null ? undefined : v));
  await signer.verify(stripeHeader(SECRET, EVENT), SECRET, 'text', received);
  await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'invalid');
  await expect(signer.verifyResult).toContainText('No signatures found matching the expected signature for payload');
  await expect(signer.verifyResult).toHaveAttribute('data-diagnosis', 'done');
  await expect(signer.verifyFindings).toHaveCount(0);
  const raw = signer.testId('verify-raw-bytes');
  await expect(raw).toContainText('parsed the JSON and serialised it again');
  await expect(raw).toContainText('raw request body');
  await expect(raw).toContainText("express.raw({ type: 'application/json' })");
  await expect(raw).toContainText('request.get_data()');
  await expect(raw).toContainText('io.ReadAll(r.Body)');
  // The body as signed verifies, and the cause goes away with the mismatch.
  await signer.verifyPayload.fill(EVENT);
  await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'valid');
  await expect(raw).toHaveCount(0);
  await expectNoLeak(page, consoleLog, [SECRET]);
});

test('a large body gets its verdict, then the cause once the search gets to it', async ({ page, consoleLog }) => {
  const signer = new SignerPage(page);
  await signer.open('');
  await signer.openVerifier();
  // About 300 KB with 4,000 keys: the search takes several steps between which it yields.
  const metadata: Record<string, string> = {};
  for (let i = 0; i < 4000; i += 1) metadata[`z_note_${i}`] = `Zoë 東京 line ${i}: plan pro, renews monthly`;
  const big = JSON.parse(EVENT);
  delete big.request;
  big.data.object.metadata = metadata;
  const compact = JSON.stringify(big);
  // Signed pretty-printed, received compact: re-serialised.
  await signer.verify(stripeHeader(SECRET, JSON.stringify(big, null, 2)), SECRET, 'text', compact);
  await expect(signer.verifyResult).toHaveAttribute('data-verdict', 'invalid');
  await expect(signer.verifyHint('reserialised')).toContainText('matches this JSON in pretty-printed layout', { timeout: 30_000 });
  await expect(signer.verifyResult).toHaveAttribute('data-diagnosis', 'done');
  await expect(signer.testId('verify-raw-bytes')).toHaveCount(0);
  await expectNoLeak(page, consoleLog, [SECRET]);
});
