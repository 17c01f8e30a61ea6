// Figures for delivery: when a page's content first shows, against a static HTML page of
// the same content served by the same server, side by side in one run (medians of 7,
// each load in a fresh browser context: a new user with an empty cache); and when the
// surface becomes interactive (its wasm has taken the content over).
// Usage: node tools/bench/first_paint.mjs <base url of a sandbox serving dist/ and the
// static copies bench.sh wrote next to it>
import { chromium } from '@playwright/test';

const base = process.argv[2];
const ROUNDS = 7;
// [label, testkit page, static page, the element whose appearance is the content showing]
const pages = [
  ['/cards', '/cards', '/static-cards.html', '[data-testid="card-row"]'],
  ['/checklist', '/checklist', '/static-checklist.html', '[data-testid="check-item"]'],
  ['/clocks', '/clocks', '/static-clocks.html', '[data-testid="clock-step"]'],
  ['docs page, cards widget', '/docs-cards.html', '/static-docs-cards.html', '[data-testid="card-row"]'],
];

// In the page, before anything runs: every animation frame, look for the content (also
// inside shadow roots) and for the live surface; keep the times (ms since navigation).
const probe = (selector) => {
  const find = (sel) => {
    if (document.querySelector(sel)) return true;
    for (const host of document.querySelectorAll('[data-testkit]')) if (host.shadowRoot?.querySelector(sel)) return true;
    return false;
  };
  window.__seen = { content: null, live: null };
  const tick = () => {
    const now = performance.now();
    if (window.__seen.content === null && find(selector)) window.__seen.content = now;
    if (window.__seen.live === null && find('[data-btk-live]')) window.__seen.live = now;
    if (window.__seen.content === null || window.__seen.live === null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});

async function load(path, selector, isStatic) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(probe, selector);
  await page.goto(base + path);
  await page.waitForFunction((s) => window.__seen.content !== null && (s || window.__seen.live !== null), isStatic, { timeout: 20_000 });
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
  const seen = await page.evaluate(() => window.__seen);
  await context.close();
  return { content: seen.content, live: seen.live, fcp };
}

const median = (xs) => {
  const known = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return known.length ? known[Math.floor(known.length / 2)] : null;
};
const ms = (x) => (x === null ? '   - ms' : `${x.toFixed(0).padStart(4)} ms`);

console.log(`  content shown (ms after navigation, median of ${ROUNDS}, fresh context each; static = same HTML without scripts):`);
for (const [label, testkit, plain, selector] of pages) {
  const ours = [];
  const theirs = [];
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(await load(testkit, selector, false));
    theirs.push(await load(plain, selector, true));
  }
  const content = median(ours.map((r) => r.content));
  const baseline = median(theirs.map((r) => r.content));
  const live = median(ours.map((r) => r.live));
  const ratio = content / baseline;
  console.log(
    `  ${label.padEnd(24)} testkit ${ms(content)}  static ${ms(baseline)}  ratio ${ratio.toFixed(2)} (goal <= 1.50)  ` +
      `interactive ${ms(live)}  FCP ${ms(median(ours.map((r) => r.fcp)))} vs ${ms(median(theirs.map((r) => r.fcp)))}`,
  );
}
await browser.close();
