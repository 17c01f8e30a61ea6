// Figures for the subscriber view with a large data set served by the sandbox:
// time to load every page of both sources, time from a keystroke in search to the updated
// and repainted list (p50/p95), row elements in the DOM, memory of the page.
// Usage: node tools/bench/subscribers_100k.mjs <app base url>
import { chromium } from '@playwright/test';

const base = process.argv[2];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
// The sandbox prints its address before it has seeded the rows and answers only after: the
// load is timed from a sandbox that answers (the seeding used to be counted in it, up to 4 s).
const waited = Date.now();
while (!(await fetch(`${base}/health`).then((r) => r.ok, () => false))) await new Promise((r) => setTimeout(r, 50));
const seeding = Date.now() - waited;
const started = Date.now();
await page.goto(`${base}/subscribers`);
await page.waitForFunction(() => ['stripe', 'ios'].every((s) => document.querySelector(`[data-testid=subs-source-status-${s}]`)?.getAttribute('data-state') === 'ok'), null, { timeout: 300_000 });
const loadMs = Date.now() - started;
const total = await page.getByTestId('subs-total').textContent();
const stripe = await page.getByTestId('subs-source-status-stripe').textContent();
const ios = await page.getByTestId('subs-source-status-ios').textContent();

// Keystroke latency, from a Chrome trace of typing in search. Per keystroke:
//   input handling = the input event's dispatch (handler, filter, DOM updates; the
//                    microtasks Leptos's effects run in are inside it),
//   to repaint     = that plus the style, layout, paint and commit work of the frame that
//                    shows the result (the main thread's work; not the idle wait for vsync).
const search = page.getByTestId('subs-search');
await search.focus();
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
let keystrokes = 0;
for (const word of ['usr_bulk_00012', '2000000000481', 'test+billing-bulk-0004', 'cus_demo00000']) {
  for (const ch of word) {
    await page.keyboard.type(ch);
    await page.waitForTimeout(60);
    keystrokes++;
  }
  for (let i = 0; i < word.length; i++) {
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(60);
    keystrokes++;
  }
}
const trace = JSON.parse((await browser.stopTracing()).toString()).traceEvents.filter((e) => e.ph === 'X' && e.dur);
const inputs = trace.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'input').sort((a, b) => a.ts - b.ts);
const mainThread = trace.filter((e) => e.tid === inputs[0].tid).sort((a, b) => a.ts - b.ts);
const RENDER = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit']);
const handling = [];
const repaint = [];
for (const input of inputs) {
  const end = input.ts + input.dur;
  const commit = mainThread.find((e) => e.name === 'Commit' && e.ts >= end);
  const render = mainThread
    .filter((e) => RENDER.has(e.name) && e.ts >= end && commit && e.ts <= commit.ts)
    .reduce((sum, e) => sum + e.dur, 0);
  handling.push(input.dur / 1000);
  repaint.push((input.dur + render) / 1000);
}
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const rowsInDom = await page.getByTestId('subs-row').count();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
const wasmBytes = await page.evaluate(() => globalThis.billingTestkitMemory().subscribers);
const nodes = metrics.Nodes;
console.log(`  data:                ${total}`);
console.log(`  sources:             ${stripe.trim()} | ${ios.trim()}`);
console.log(`  load (navigation to both sources shown): ${(loadMs / 1000).toFixed(2)} s (after ${(seeding / 1000).toFixed(2)} s waiting for the sandbox to finish seeding)`);
console.log(`  keystroke -> input handled (filter + DOM): p50 ${pct(handling, 0.5).toFixed(1)} ms, p95 ${pct(handling, 0.95).toFixed(1)} ms, max ${Math.max(...handling).toFixed(1)} ms (${handling.length} of ${keystrokes} keystrokes)`);
console.log(`  keystroke -> repainted list (+ style, layout, paint): p50 ${pct(repaint, 0.5).toFixed(1)} ms, p95 ${pct(repaint, 0.95).toFixed(1)} ms, max ${Math.max(...repaint).toFixed(1)} ms`);
console.log(`  row elements in the DOM: ${rowsInDom} (DOM nodes in the page: ${nodes})`);
console.log(`  memory: JS heap ${(metrics.JSHeapUsedSize / 1048576).toFixed(1)} MB, wasm linear memory ${(wasmBytes / 1048576).toFixed(1)} MB`);
await browser.close();
