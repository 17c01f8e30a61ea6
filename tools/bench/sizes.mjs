// Figures for delivery: what each surface costs to download (gzip -9 of its wasm, its
// module and the module that loads its chunks, as the build wrote them), each of its
// separate parts (a chunk of its module), full use (the page and
// every part), what a docs page with only the card catalog and the
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
// A surface's first load: its wasm, its ES module, and the module that loads its chunks.
const firstLoad = (files) => gz(files.wasm) + gz(files.js) + (files.split ? gz(files.split) : 0);
if (only) {
  const files = manifest.surfaces[only];
  console.log(`  the ${only} surface's own bundle (wasm + modules; no other page downloads it): ${kb(firstLoad(files))} gzip`);
  process.exit(0);
}

console.log(`  loader testkit-embed.js ${kb(loader)} gzip (${raw('testkit-embed.js')} B raw)`);
console.log('  per surface (wasm + modules, gzip -9). Goals: a first load at or under 200 KB; a part stays');
console.log('  separate only while full use (the page and every part, what someone using all of it');
console.log('  downloads) stays at or under 260 KB, and it saves 15 KB or more on the first load:');
let worst = 0;
for (const [widget, files] of Object.entries(manifest.surfaces)) {
  const total = firstLoad(files);
  worst = Math.max(worst, total + loader);
  const parts = (files.parts ?? []).map((name) => [name, gz(manifest.parts[name].wasm)]);
  const full = total + parts.reduce((sum, [, size]) => sum + size, 0);
  console.log(`    ${widget.padEnd(12)} first load ${kb(total)}  (wasm ${kb(gz(files.wasm))}, modules ${kb(gz(files.js) + (files.split ? gz(files.split) : 0))}; pre-rendered widget HTML ${kb(gz(files.widget))})  ${total <= 200 * 1024 ? 'within' : 'OVER'}`);
  for (const [name, size] of parts) console.log(`      part ${name.padEnd(17)} ${kb(size)}  (downloaded when shown)`);
  if (parts.length) console.log(`      full use          ${kb(full)}  ${full <= 260 * 1024 ? 'within' : 'OVER'} 260 KB`);
}
const cards = manifest.surfaces.cards;
const docs = loader + gz(cards.wasm) + gz(cards.js);
console.log(`  docs page with only the card catalog: ${kb(docs)} of wasm+js in all (goal 80 KB): ${docs <= 80 * 1024 ? 'within' : 'OVER'}`);
console.log(`  full app, heaviest first route (loader + that route's bundle): ${kb(worst)} (goal 200 KB): ${worst <= 200 * 1024 ? 'within' : 'OVER'}`);
