// Reads twiggy's `top -f csv` on stdin and prints the largest crates of a wasm module
// (code and data by the crate that names them; function names are not shipped).
// Usage: twiggy top -n 100000 -f csv module.wasm | node tools/bench/by_crate.mjs
import { readFileSync } from 'node:fs';

const lines = readFileSync(0, 'utf8').trim().split('\n').slice(1);
const sizes = new Map();
let total = 0;
for (const line of lines) {
  // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent (names may hold commas)
  const fields = line.split(',');
  const name = fields.slice(0, -4).join(',');
  const size = Number(fields.at(-4));
  if (!Number.isFinite(size) || name.includes('function names')) continue;
  const crate = /([a-z_][a-z0-9_]*)(\[[0-9a-f]+\])?::/.exec(name)?.[1] ?? (name.includes('data segment') ? 'data' : 'other');
  sizes.set(crate, (sizes.get(crate) ?? 0) + size);
  total += size;
}
const top = [...sizes].sort((a, b) => b[1] - a[1]).slice(0, 6);
console.log(top.map(([c, s]) => `${c} ${((100 * s) / total).toFixed(0)}%`).join(', ') + ` of ${(total / 1024).toFixed(0)} KB`);
