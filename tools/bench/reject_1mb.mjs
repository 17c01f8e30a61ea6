// Figures for issue 23's "a rejection costs no more than an acceptance", on a 1 MB body:
// the sandbox's answer time for an accepted and a rejected delivery (another secret: no
// cause to find, the costliest rejection), and the signer page's verifier: time from
// the body's input to the verdict, to the end of the cause search, and the longest main
// thread task meanwhile. Usage: node tools/bench/reject_1mb.mjs <sandbox url>
import { createHmac } from 'node:crypto';
import { chromium } from '@playwright/test';

const base = process.argv[2];
const SECRET = 'whsec_billing_testkit_sandbox';
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const MB = 1024 * 1024;

const header = (secret, body, t = Math.floor(Date.now() / 1000)) =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex')}`;

// A customer.created event of just under 1 MB, written as a receiver's worst case for the
// diagnosis: pretty-printed (line endings to convert), keys unsorted, non-ASCII text.
function event(id) {
  const metadata = {};
  const value = {
    id, object: 'event', api_version: '2024-06-20', created: Math.floor(Date.now() / 1000),
    type: 'customer.created', livemode: false, pending_webhooks: 1,
    data: { object: { id: 'cus_bench', object: 'customer', email: 'test+bench@raxx.app', name: 'Zoë Bench', metadata, livemode: false } },
  };
  const note = (i) => `Zoë 東京 line ${i}: plan pro, renews monthly`;
  // About 80 bytes an entry: fill to just over 1 MB, then drop entries until it fits.
  for (let i = 0; i < MB / 70; i += 1) metadata[`z_note_${i}`] = note(i);
  let text = JSON.stringify(value, null, 2);
  for (let i = Math.floor(MB / 70) - 1; Buffer.byteLength(text) > MB - 100; i -= 1) {
    delete metadata[`z_note_${i}`];
    if (i % 50 === 0) text = JSON.stringify(value, null, 2);
  }
  return Buffer.from(text);
}

async function post(body, signature) {
  const started = performance.now();
  const response = await fetch(`${base}/api/v1/billing/webhook`, {
    method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': signature },
  });
  const answer = await response.json();
  return { ms: performance.now() - started, status: response.status, code: answer.error?.code };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `median ${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)} to ${Math.max(...xs).toFixed(1)})`;

const accepted = [];
const rejected = [];
let lastRejected;
for (let round = 0; round < ROUNDS; round += 1) {
  // Same size every round: the id only changes digits.
  const body = event(`evt_bench_${String(round).padStart(6, '0')}`);
  const ok = await post(body, header(SECRET, body));
  if (ok.status !== 200) throw new Error(`accepted delivery answered ${ok.status}`);
  accepted.push(ok.ms);
  lastRejected = await post(body, header('whsec_not_the_endpoints', body));
  if (lastRejected.status !== 400) throw new Error(`rejected delivery answered ${lastRejected.status}`);
  rejected.push(lastRejected.ms);
}
const size = event('evt_bench_000000').length;
console.log(`  sandbox, ${size} bytes, ${ROUNDS} rounds, answer time seen by the client:`);
console.log(`    accepted (signed, applied):     ${range(accepted)}`);
console.log(`    rejected (wrong secret, ${lastRejected.code}): ${range(rejected)}`);
console.log(`    rejected / accepted: ${(median(rejected) / median(accepted)).toFixed(2)}x (goal: 2x or less)`);

// The page: the verifier given the same body as text, with the header of another secret
// (no cause), of a compact copy (cause: re-serialised) and of the body itself (valid).
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
const body = event('evt_bench_page01').toString('utf8');
const compact = JSON.stringify(JSON.parse(body));
const cases = [
  ['valid', header('whsec_bench_secret', body)],
  ['no cause (another secret)', header('whsec_not_this_one', body)],
  ['re-serialised (signed compact)', header('whsec_bench_secret', compact)],
];
console.log(`  signer page's verifier, ${Buffer.byteLength(body)} bytes given as text, headless Chromium:`);
for (const [name, signature] of cases) {
  const page = await browser.newPage();
  await page.goto(`${base}/signer`);
  await page.getByTestId('verify-open').click();
  await page.getByTestId('verify-secret').fill('whsec_bench_secret');
  const figures = await page.evaluate(async ([text, signature]) => {
    const tasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push([e.startTime, e.duration]))).observe({ type: 'longtask' });
    const result = document.querySelector('[data-testid=verify-result]');
    const box = document.querySelector('[data-testid=verify-payload]');
    const headerInput = document.querySelector('[data-testid=verify-header]');
    const input = (el, value) => {
      el.value = value;
      el.dispatchEvent(new InputEvent('input', { bubbles: true }));
    };
    // The body first, with no header (refused at once: "no header"), then the header: the
    // verdict on this body is the first one that says valid or no match.
    input(box, text);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = performance.now();
    let verdictMs;
    let doneMs;
    await new Promise((resolve) => {
      const look = () => {
        const said = result.textContent;
        const decided = said.includes('Valid.') || said.includes('No signatures found matching');
        if (verdictMs === undefined && decided) verdictMs = performance.now() - started;
        // Pages without a separate cause search (data-diagnosis) are done with the verdict.
        const diagnosis = result.getAttribute('data-diagnosis');
        if (verdictMs !== undefined && doneMs === undefined && diagnosis !== 'searching') {
          doneMs = performance.now() - started;
          resolve();
        }
      };
      new MutationObserver(look).observe(result, { attributes: true, subtree: true, childList: true });
      input(headerInput, signature);
      setTimeout(look, 0);
    });
    // A few seconds more: the page's clock ticks every second and re-checks the age.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // The body's own input (its fingerprint and warnings) is before `started`: apart.
    const before = tasks.filter(([at]) => at < started).map(([, d]) => d);
    const after = tasks.filter(([at]) => at >= started).map(([, d]) => d);
    return { verdictMs, doneMs, verdict: result.getAttribute('data-verdict'), hints: [...result.querySelectorAll('[data-hint]')].map((e) => e.getAttribute('data-hint')), before, after };
  }, [body, signature]);
  const longest = (xs) => (xs.length ? Math.max(...xs).toFixed(0) : 0);
  console.log(`    ${name}: verdict ${figures.verdict} in ${figures.verdictMs.toFixed(0)} ms, causes searched in ${figures.doneMs.toFixed(0)} ms [${figures.hints.join(', ') || 'none found'}]`);
  console.log(`      from the header's input on (verdict, search, 3 s of clock ticks): ${figures.after.length} long tasks, longest ${longest(figures.after)} ms; the body's input before it: longest ${longest(figures.before)} ms`);
  await page.close();
}
await browser.close();
