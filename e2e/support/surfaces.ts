// The app's surfaces, read from the one table that defines them (src/pages/mod.rs), so
// that the accessibility and navigation tests cover every surface without a list of
// their own. `lifecycle.spec.ts` checks that the app's navigation shows exactly these.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type SurfaceRow = { route: string; widget: string; title: string };
/** A row with what the build renders before the wasm arrives (`Prerender` in the table). */
export type PrerenderRow = SurfaceRow & { prerender: 'Content' | 'Placeholder' };

export function surfaces(): SurfaceRow[] {
  const table = readFileSync(join(__dirname, '..', '..', 'src', 'pages', 'mod.rs'), 'utf8');
  const rows = [...table.matchAll(/route: "([^"]+)",\s*widget: "([^"]+)",\s*title: "([^"]+)"/g)];
  if (rows.length === 0) throw new Error('no rows found in the surfaces table (src/pages/mod.rs)');
  return rows.map(([, route, widget, title]) => ({ route, widget, title }));
}

/** Every surface with its `prerender` field. */
export function prerendered(): PrerenderRow[] {
  const table = readFileSync(join(__dirname, '..', '..', 'src', 'pages', 'mod.rs'), 'utf8');
  const rows = [...table.matchAll(/route: "([^"]+)",\s*widget: "([^"]+)",\s*title: "([^"]+)",[\s\S]*?prerender: Prerender::(Content|Placeholder)/g)];
  if (rows.length !== surfaces().length) throw new Error('every row of the surfaces table needs a prerender field');
  return rows.map(([, route, widget, title, prerender]) => ({ route, widget, title, prerender: prerender as PrerenderRow['prerender'] }));
}
