// The app's surfaces and parts as the site build published them (dist/testkit-manifest.json,
// written from the surfaces table), so the accessibility, navigation and delivery tests
// cover every surface and part without a list of their own. `lifecycle.spec.ts` checks
// that the app's navigation shows exactly these.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type SurfaceRow = { route: string; widget: string; title: string };
/** A row with what the build renders before the wasm arrives (`Prerender` in the table). */
export type PrerenderRow = SurfaceRow & { prerender: 'Content' | 'Placeholder' };

type Manifest = {
  surfaces: Record<string, { parts: string[] }>;
  parts: Record<string, { wasm: string }>;
  routes: Record<string, { title: string; widget?: string; prerender?: PrerenderRow['prerender'] }>;
};

export function manifest(): Manifest {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'dist', 'testkit-manifest.json'), 'utf8'));
}

/** Every surface with its `prerender` field, in navigation order. */
export function prerendered(): PrerenderRow[] {
  const rows = Object.entries(manifest().routes)
    .filter(([, r]) => r.widget)
    .map(([route, r]) => ({ route, widget: r.widget!, title: r.title, prerender: r.prerender! }));
  if (rows.length === 0) throw new Error('the manifest (dist/testkit-manifest.json) lists no surfaces');
  return rows;
}

export function surfaces(): SurfaceRow[] {
  return prerendered().map(({ route, widget, title }) => ({ route, widget, title }));
}

/** The parts split off into a chunk of their page's module. */
export function separateParts(): string[] {
  return Object.keys(manifest().parts).sort();
}
