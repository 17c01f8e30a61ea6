// Figures for the signer: time to compute Stripe-Signature over a 1 MB payload in the
// browser (the page re-signs every second in "now" mode; each signing's time is in the
// header's data-sign-ms). Usage: node tools/bench/sign_1mb.mjs <app base url>
import { chromium } from '@playwright/test';

const base = process.argv[2];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
const page = await browser.newPage();
await page.goto(`${base}/signer`);
await page.getByTestId('sig-secret').fill('whsec_bench_secret');
const filler = 'x'.repeat(1024 * 1024 - 40);
const payload = `{"id":"evt_bench","object":"event","p":"${filler}"}`.slice(0, 1024 * 1024);
const typed = Date.now();
await page.getByTestId('sig-payload').fill(payload);
await page.waitForFunction((n) => document.querySelector('[data-testid=sig-header]') && document.querySelector('[data-testid=sig-payload]').value.length === n, payload.length);
const fillMs = Date.now() - typed;
const samples = [];
let last = '';
while (samples.length < 10) {
  const [header, ms] = await page.getByTestId('sig-header').evaluate((el) => [el.textContent, el.getAttribute('data-sign-ms')]);
  if (header !== last) {
    samples.push(Number(ms));
    last = header;
  }
  await page.waitForTimeout(200);
}
// Whole-page cost of a re-sign: long main-thread tasks (>= 50 ms) during 5 ticks.
const longTasks = await page.evaluate(() => new Promise((resolve) => {
  const seen = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => seen.push(e.duration))).observe({ type: 'longtask' });
  setTimeout(() => resolve(seen), 5000);
}));
samples.sort((a, b) => a - b);
const bytes = await page.getByTestId('sig-payload').evaluate((el) => new TextEncoder().encode(el.value).length);
console.log(`  payload:           ${bytes} bytes`);
console.log(`  HMAC-SHA256 in wasm: median ${samples[5].toFixed(2)} ms, min ${samples[0].toFixed(2)} ms, max ${samples[9].toFixed(2)} ms (10 signings)`);
console.log(`  fill 1 MB + first header (Playwright fill, parse, sign, render): ${fillMs} ms`);
const worst = longTasks.length ? Math.max(...longTasks).toFixed(0) : 0;
console.log(`  main-thread long tasks in 5 s of ticking (re-sign, curl, repaint): ${longTasks.length}, longest ${worst} ms`);
await browser.close();
