// Figures for the App Store surface: time to verify one notification in Chromium, the
// chain, the signature and both nested JWS (transaction and renewal info), as the
// inspect panel reports it; for a notification crafted and signed in the page with the
// sandbox's test chain (P-256, nested JWS) and for Apple's real signed sandbox
// notification (P-384 chain to Apple Root CA - G3); and the time from a paste to the
// verdict shown, the first time (with the download of the verifier, a part of its own)
// and after. Usage: node appstore.mjs <base url>
import { chromium } from '@playwright/test';

const base = process.argv[2];
const ROUNDS = 15;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
const page = await browser.newPage();
await page.goto(`${base}/appstore`);
await page.getByTestId('asn-sandbox-fingerprint').waitFor();
await page.getByTestId('asn-craft-open').click();
await page.getByTestId('asn-craft-type').selectOption({ label: 'DID_RENEW' });
await page.getByTestId('asn-sign').click();
await page.getByTestId('asn-body').waitFor();
const crafted = await page.getByTestId('asn-body').inputValue();

// From the paste to the verdict on the page, measured in the page.
async function toVerdict(text) {
  await page.getByTestId('asn-input').fill('');
  await page.getByTestId('asn-verdict').waitFor({ state: 'detached' });
  return page.evaluate(async (text) => {
    const input = document.querySelector('[data-testid="asn-input"]');
    const started = performance.now();
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    while (!document.querySelector('[data-testid="asn-found"]')) await new Promise(requestAnimationFrame);
    return performance.now() - started;
  }, text);
}
const first = await toVerdict(crafted);
const after = [];
for (let i = 0; i < ROUNDS; i++) after.push(await toVerdict(crafted));
after.sort((a, b) => a - b);

async function timings(text) {
  const samples = [];
  for (let i = 0; i < ROUNDS; i++) {
    await page.getByTestId('asn-input').fill('');
    await page.getByTestId('asn-input').fill(text);
    const found = await page.getByTestId('asn-found').textContent({ timeout: 10_000 });
    const status = await page.getByTestId('asn-verdict').getAttribute('data-status');
    if (status !== 'OK') throw new Error(`the bench's notification did not verify: ${status}`);
    samples.push(Number(/verified in ([0-9.]+) ms/.exec(found)[1]));
  }
  return samples.sort((a, b) => a - b);
}

const report = (label, s, note) =>
  console.log(`  ${label.padEnd(44)} median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, min ${s[0].toFixed(1)}, max ${s.at(-1).toFixed(1)} (${ROUNDS} verifications${note})`);
console.log(`  ${'paste to verdict shown (crafted DID_RENEW)'.padEnd(44)} first ${first.toFixed(0)} ms (with the verifier part's download), then median ${after[Math.floor(ROUNDS / 2)].toFixed(0)} ms (${ROUNDS} pastes)`);
report('crafted DID_RENEW (test chain, P-256)', await timings(crafted), ', each with both nested JWS');
// The sample sets the expected bundle id to its own app's.
await page.getByTestId('asn-load-sample').click();
await page.getByTestId('asn-found').waitFor();
report("Apple's real TEST notification (G3, P-384)", await timings(await page.getByTestId('asn-input').inputValue()), '');
await browser.close();
