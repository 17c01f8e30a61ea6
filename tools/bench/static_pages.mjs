// Writes, next to a built site, static copies of pages for the first-paint comparison:
// the same HTML with every script (and preload) taken out, and for the docs page the
// widget's pre-rendered HTML placed in the page itself. Usage: node static_pages.mjs <dir>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const manifest = JSON.parse(readFileSync(join(dir, 'testkit-manifest.json'), 'utf8'));
const strip = (html) =>
  html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '');

for (const page of ['cards', 'checklist', 'clocks']) {
  writeFileSync(join(dir, `static-${page}.html`), strip(readFileSync(join(dir, `${page}.html`), 'utf8')));
}
const widget = readFileSync(join(dir, manifest.surfaces.cards.widget), 'utf8');
const docs = readFileSync(join(dir, 'docs-cards.html'), 'utf8').replace(
  '<div data-testkit="cards" id="widget-cards"></div>',
  `<div id="widget-cards">${widget}</div>`,
);
writeFileSync(join(dir, 'static-docs-cards.html'), strip(docs));
