// The edit loop's figure: from saving a one-line change to a view to the page under
// `trunk serve` showing it (trunk rebuilds and its live reload reloads the page). It
// edits the overview's lead line (src/pages/home.rs) ROUNDS times, each with a new
// marker, and restores the file at the end, whatever happens.
// Usage: node edit_loop.mjs <trunk serve url> [rounds]
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const base = process.argv[2];
const ROUNDS = Number(process.argv[3] ?? 5);
const FILE = 'src/pages/home.rs';
const LINE = '"Tools for testing subscription billing without touching real money: Stripe \\';
const original = readFileSync(FILE, 'utf8');
if (!original.includes(LINE)) throw new Error(`${FILE} no longer has the line this bench edits: ${LINE}`);
const restore = () => writeFileSync(FILE, original);
process.on('exit', restore);
process.on('SIGINT', () => process.exit(130));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
const page = await browser.newPage();
// trunk serve answers once its first build is done.
const waitedFrom = Date.now();
for (;;) {
  const up = await fetch(base).then((r) => r.ok, () => false);
  if (up) break;
  if (Date.now() - waitedFrom > 900_000) throw new Error(`trunk serve at ${base} did not answer within 15 minutes`);
  await new Promise((r) => setTimeout(r, 1000));
}
console.log(`  first build and start: ${((Date.now() - waitedFrom) / 1000).toFixed(0)} s (not counted below)`);
await page.goto(base);
await page.locator('html[data-btk-ready]').waitFor({ state: 'attached', timeout: 600_000 });

const times = [];
for (let round = 1; round <= ROUNDS; round++) {
  const marker = `edit ${round} at ${Date.now()}`;
  const saved = performance.now();
  writeFileSync(FILE, original.replace(LINE, LINE.replace('Tools for', `${marker}: tools for`)));
  await page.getByText(marker).waitFor({ timeout: 300_000 });
  const seconds = (performance.now() - saved) / 1000;
  times.push(seconds);
  console.log(`  round ${round}: ${seconds.toFixed(1)} s from save to the change on the page`);
}
restore();
await browser.close();
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(`  save to reloaded page: median ${median.toFixed(1)} s, ${sorted[0].toFixed(1)} to ${sorted.at(-1).toFixed(1)} s over ${ROUNDS} edits (goal: within 15 s)`);
