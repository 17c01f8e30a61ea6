// Figures for delivery: what each surface costs to download (gzip -9 of its wasm and
// module, as the build wrote them), what a docs page with only the card catalog and the
// full app's first route download in all (with the loader), against the goals.
// Usage: node tools/bench/sizes.mjs <dist> [widget]   (with a widget: only its line)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const [dist, only] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(dist, 'testkit-manifest.json'), 'utf8'));
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const raw = (file) => readFileSync(join(dist, file)).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1).padStart(6)} KB`;
const loader = gz('testkit-embed.js');
if (only) {
  const files = manifest.surfaces[only];
  console.log(`  the ${only} surface's own bundle (wasm + module; no other page downloads it): ${kb(gz(files.wasm) + gz(files.js))} gzip`);
  process.exit(0);
}

console.log(`  loader testkit-embed.js ${kb(loader)} gzip (${raw('testkit-embed.js')} B raw)`);
console.log('  per widget (wasm + module, gzip -9; goal: none above 160 KB):');
let worst = 0;
for (const [widget, files] of Object.entries(manifest.surfaces)) {
  const total = gz(files.wasm) + gz(files.js);
  worst = Math.max(worst, total + loader);
  const verdict = total <= 160 * 1024 ? 'within' : 'OVER';
  console.log(`    ${widget.padEnd(12)} ${kb(total)}  (wasm ${kb(gz(files.wasm))}, module ${kb(gz(files.js))}; pre-rendered widget HTML ${kb(gz(files.widget))})  ${verdict}`);
}
for (const [part, files] of Object.entries(manifest.parts)) {
  console.log(`    ${part.padEnd(12)} ${kb(gz(files.wasm) + gz(files.js))}  (a part, downloaded only when shown)`);
}
const cards = manifest.surfaces.cards;
const docs = loader + gz(cards.wasm) + gz(cards.js);
console.log(`  docs page with only the card catalog: ${kb(docs)} of wasm+js in all (goal 80 KB): ${docs <= 80 * 1024 ? 'within' : 'OVER'}`);
console.log(`  full app, heaviest first route (loader + that route's bundle): ${kb(worst)} (goal 200 KB): ${worst <= 200 * 1024 ? 'within' : 'OVER'}`);
