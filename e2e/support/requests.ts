// The page's requests as the browser sees them, for tests that prove a view leaves none
// running behind it.
import type { Page, Request } from '@playwright/test';

/** Requests started and not yet finished or failed (an aborted fetch fails). */
export function trackInFlight(page: Page): () => string[] {
  const open = new Set<Request>();
  page.on('request', (r) => open.add(r));
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => open.delete(r));
  return () => [...open].map((r) => r.url());
}
