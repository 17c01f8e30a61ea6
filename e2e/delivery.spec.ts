// Delivery: a page shows the HTML the build rendered at once, then the wasm takes it
// over with the same content and no layout shift; a docs page downloads only the bundles
// of its own widgets; hashed files are cached for good and the loader revalidated; and
// embedding works (or says why not) from a docs page on another origin.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { Sandbox } from './support/sandbox';
import { prerendered, separateParts, surfaces } from './support/surfaces';

/** What a person sees under `root`: per element its tag, test id, hidden flag, form value
 *  and own text (whitespace collapsed); comments and attributes such as absolute links
 *  are left out. */
function snapshot(page: Page, host: string | null) {
  return page.evaluate((host) => {
    const scope = host ? document.querySelector(host)!.shadowRoot! : document;
    const root = scope.querySelector('[data-btk-mount]')!;
    const out: string[] = [];
    const walk = (el: Element, depth: number) => {
      let text = '';
      for (const node of el.childNodes) if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
      const value = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement ? ` =${el.value}` : '';
      const id = el.getAttribute('data-testid');
      out.push(`${depth} ${el.tagName}${id ? `[${id}]` : ''}${el.hasAttribute('hidden') ? ' hidden' : ''}${value} ${text.replace(/\s+/g, ' ').trim()}`);
      for (const child of el.children) walk(child, depth + 1);
    };
    walk(root, 0);
    return { rows: out, renderedAt: Number(root.getAttribute('data-btk-rendered-at') ?? 0) };
  }, host);
}

/** The pre-rendered view (wasm refused), then the live one at the build's time. */
async function bothViews(page: Page, url: string, host: string | null) {
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(url);
  const before = await snapshot(page, host);
  await page.unroute('**/*.wasm');
  // The build rendered "now" as its own time: show the live view that moment too.
  await page.clock.setFixedTime(new Date(before.renderedAt * 1000));
  await page.goto(url);
  await expect(page.locator(`${host ?? ''} [data-btk-mount][data-btk-live]`.trim()).first()).toBeAttached();
  const after = await snapshot(page, host);
  return { before, after };
}

const rendered = prerendered().filter((s) => s.prerender === 'Content');

for (const s of rendered) {
  test(`${s.route}: the pre-rendered content is what the app renders when it takes over`, async ({ page }) => {
    const { before, after } = await bothViews(page, s.route, null);
    expect(before.rows.length).toBeGreaterThan(20);
    expect(after.rows).toEqual(before.rows);
  });
}

test('a docs widget: the pre-rendered content is what the widget renders', async ({ page }) => {
  const { before, after } = await bothViews(page, '/docs-cards.html', '#widget-cards');
  expect(before.rows.filter((r) => r.includes('[card-row]'))).toHaveLength(51);
  expect(after.rows).toEqual(before.rows);
});

test('placeholder surfaces say what is loading until their bundle takes over', async ({ page }) => {
  for (const s of prerendered().filter((s) => s.prerender === 'Placeholder')) {
    await page.route('**/*.wasm', (route) => route.abort());
    await page.goto(s.route);
    await expect(page.locator('[data-btk-mount] .btk-loading')).toHaveText(`Loading ${s.title}…`);
    // The page says it is not interactive, and why, instead of failing silently.
    await expect(page.getByTestId('testkit-load-error')).toContainText('not interactive');
    await page.unroute('**/*.wasm');
    await page.goto(s.route);
    await expect(page.locator('[data-btk-mount][data-btk-live] .btk-loading')).toHaveCount(0);
  }
});

/** Layout shifts seen from the start of the page, and what moved. */
async function layoutShift(page: Page): Promise<{ total: number; moved: string[] }> {
  return page.evaluate(
    () =>
      new Promise<{ total: number; moved: string[] }>((resolve) => {
        let total = 0;
        const moved: string[] = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as any[]) {
            if (entry.hadRecentInput) continue;
            total += entry.value;
            for (const source of entry.sources ?? []) {
              const node = source.node as Element | null;
              moved.push(`${entry.startTime.toFixed(0)} ms: ${node?.outerHTML?.slice(0, 120) ?? node?.nodeName ?? '?'}`);
            }
          }
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve({ total, moved }), 300);
      }),
  );
}

test('taking over moves nothing on the page (cumulative layout shift 0)', async ({ page }) => {
  for (const url of [...rendered.map((s) => s.route), '/docs-cards.html']) {
    await page.goto(url);
    const shift = await layoutShift(page);
    expect(shift.total, `${url} moved: ${shift.moved.join(' | ')}`).toBe(0);
  }
});

test('typing before the takeover is kept by the live view', async ({ page }) => {
  // Hold the wasm back, type into the pre-rendered search, then let it through.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/cards', { waitUntil: 'domcontentloaded' });
  await page.getByTestId('card-search').pressSequentially('amex');
  release();
  await expect(page.locator('[data-btk-mount][data-btk-live]')).toBeAttached();
  await expect(page.getByTestId('card-search')).toHaveValue('amex');
  await expect(page.getByTestId('card-count')).toHaveText('2 of 51 cards');
  await expect(page.getByTestId('card-search')).toBeFocused();
});

test('a docs page with only the card catalog downloads only that widget', async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await page.goto('/docs-cards.html');
  const widget = page.locator('#widget-cards');
  await expect(widget.locator('[data-testid="card-row"]:not([hidden])')).toHaveCount(51);
  const files = asked.filter((p) => p !== '/docs-cards.html');
  expect(files).toContain('/testkit-embed.js');
  const others = surfaces().map((s) => s.widget).filter((w) => w !== 'cards');
  for (const file of files) {
    expect(others.some((w) => file.startsWith(`/${w}-`)), `${file} belongs to another widget`).toBe(false);
  }
  expect(files.filter((f) => /^\/cards-[0-9a-f]{12}\.(js|wasm)$/.test(f))).toHaveLength(2);
  expect(files.filter((f) => /^\/cards-widget-[0-9a-f]{12}\.html$/.test(f))).toHaveLength(1);
});

// How to see each part: where it lives, the button that opens it, an element of the
// part, and its root; a part whose button does not toggle (the sender: its button is the
// first send; the App Store verifier: it is shown while the input holds a JWS) stays
// shown. The manifest says which parts are split off into a chunk of their page's
// module; the others are linked into it.
const PARTS = [
  { part: 'clocks-replay', route: '/clocks', open: 'replay-open', shown: 'replay-receiver', root: 'replay-panel' },
  { part: 'appstore-inspect', route: '/appstore', open: 'asn-load-sample', shown: 'asn-verdict', root: 'asn-found', toggles: false },
  { part: 'appstore-craft', route: '/appstore', open: 'asn-craft-open', shown: 'asn-craft-type', root: 'asn-craft-form' },
  { part: 'signer-verify', route: '/signer', open: 'verify-open', shown: 'verify-header', root: 'verify-form' },
  { part: 'signer-bytes', route: '/signer', open: 'sig-body-exact-open', shown: 'sig-body-mode-file', root: 'sig-body-exact' },
  { part: 'signer-send', route: '/signer', open: 'send-button', shown: 'send-error', root: 'send-part', toggles: false },
];
const separate = separateParts();

for (const p of PARTS) {
  const own = separate.includes(p.part);
  test(`${p.part} ${own ? 'is a chunk of its own, downloaded only when it is opened' : 'is linked into its page: it opens with no download'}`, async ({ page }) => {
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await page.goto(p.route);
    await expect(page.getByTestId(p.open)).toBeEnabled();
    await expect(page.locator('[data-btk-live]')).toBeAttached();
    const before = asked.length;
    expect(asked.filter((f) => f.startsWith(`/${p.part}-`))).toEqual([]);
    await page.getByTestId(p.open).click();
    await expect(page.getByTestId(p.shown)).toBeVisible();
    if (own) {
      expect(asked.filter((f) => new RegExp(`^/${p.part}-[0-9a-f]{12}\\.wasm$`).test(f))).toHaveLength(1);
    } else {
      expect(asked.slice(before).filter((f) => /\.(js|wasm)$/.test(f))).toEqual([]);
    }
    if (p.toggles === false) return;
    // Hidden again: the part is unmounted with its element.
    await page.getByTestId(p.open).click();
    await expect(page.getByTestId(p.root)).toHaveCount(0);
    await page.getByTestId(p.open).click();
    await expect(page.getByTestId(p.shown)).toBeVisible();
  });
}

test('a chunk that cannot be downloaded is said so where the part goes, and comes on the next try', async ({ page }) => {
  await page.route(/\/clocks-replay-[0-9a-f]{12}\.wasm$/, (route) => route.abort());
  await page.goto('/clocks');
  await expect(page.locator('[data-btk-live]')).toBeAttached();
  await page.getByTestId('replay-open').click();
  await expect(page.locator('#btk-replay-part').getByTestId('part-error')).toHaveText(
    'The clocks-replay part could not be downloaded: check the connection, then hide it and show it again.',
  );
  await page.unroute(/\/clocks-replay-[0-9a-f]{12}\.wasm$/);
  await page.getByTestId('replay-open').click();
  await page.getByTestId('replay-open').click();
  await expect(page.getByTestId('replay-receiver')).toBeVisible();
});

test('the served manifest lists the separate parts, and every part has a case above', async ({ request }) => {
  const served = await (await request.get('/testkit-manifest.json')).json();
  expect(Object.keys(served.parts).sort()).toEqual(separate);
  const listed = Object.values(served.surfaces as Record<string, { parts: string[] }>).flatMap((s) => s.parts).sort();
  expect(listed).toEqual(separate);
  for (const part of separate) expect(PARTS.map((p) => p.part)).toContain(part);
});

test('every widget mounts in the example host page, each in its own shadow root', async ({ page }) => {
  await page.goto('/docs-example.html');
  for (const s of surfaces()) {
    const host = page.locator(`#widget-${s.widget}`);
    await expect(host.locator('[data-btk-mount][data-btk-live]'), s.widget).toBeAttached();
    await expect(host.getByTestId('test-mode-banner')).toContainText('TEST MODE');
    const light = await host.evaluate((el) => ({ shadow: !!el.shadowRoot, children: el.children.length }));
    expect(light, s.widget).toEqual({ shadow: true, children: 0 });
  }
});

test('hashed files are never revalidated and the loader always is', async ({ page }) => {
  // Counted where it matters: the requests the server answered.
  const testkit = await Sandbox.start([], { logRequests: true });
  try {
    await page.goto(`${testkit.url}/docs-cards.html`);
    await expect(page.locator('#widget-cards [data-btk-live]')).toBeAttached();
    await expect.poll(() => testkit.requests.filter((r) => /-[0-9a-f]{12}\./.test(r.path)).length).toBe(3);
    const hashed = testkit.requests.filter((r) => /-[0-9a-f]{12}\./.test(r.path)).map((r) => r.path);
    // The widget's module, wasm and pre-rendered HTML.
    expect(hashed.filter((p) => /^\/cards-(widget-)?[0-9a-f]{12}\.(js|wasm|html)$/.test(p))).toHaveLength(3);
    const seenBefore = testkit.requests.length;
    // A second visit: the hashed files come from the cache without asking the server;
    // the loader is asked again and answered 304 (not modified).
    await page.goto(`${testkit.url}/docs-cards.html`);
    await expect(page.locator('#widget-cards [data-btk-live]')).toBeAttached();
    await expect.poll(() => testkit.requests.slice(seenBefore).filter((r) => r.path === '/testkit-embed.js').map((r) => r.status)).toEqual([304]);
    const second = testkit.requests.slice(seenBefore).map((r) => r.path);
    for (const file of hashed) expect(second, `${file} was asked again`).not.toContain(file);
  } finally {
    await testkit.stop();
  }
});

/** A docs host on its own origin, serving one page that embeds `widgets` from the
 *  testkit at `testkit()` (read per request: the testkit may start after the host). */
async function docsHost(testkit: () => string, widgets: string[]): Promise<{ url: string; server: Server }> {
  const server = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Docs on another origin</title></head>
<body><h1>Docs</h1>${widgets.map((w) => `<div data-testkit="${w}" id="widget-${w}"></div>`).join('')}
<script type="module" src="${testkit()}/testkit-embed.js"></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test('a docs page on another origin embeds the catalog and the subscriber view', async ({ page }) => {
  let testkit: Sandbox | undefined;
  const docs = await docsHost(() => testkit!.url, ['cards', 'subscribers']);
  testkit = await Sandbox.start(['--cors-origin', docs.url]);
  try {
    await page.goto(docs.url);
    expect(new URL(testkit.url).origin).not.toBe(docs.url);
    await expect(page.locator('#widget-cards [data-testid="card-row"]:not([hidden])')).toHaveCount(51);
    const subscribers = page.locator('#widget-subscribers');
    await expect(subscribers.locator('[data-btk-live]')).toBeAttached();
    // Demo data from both sources, read across origins with the sandbox's token.
    await expect(subscribers.getByTestId('subs-total')).toHaveText('51 subscriptions · 49 people', { timeout: 15_000 });
  } finally {
    docs.server.close();
    await testkit.stop();
  }
});

test('a docs page on another origin opens a separate part: its chunk is read across origins', async ({ page }) => {
  let testkit: Sandbox | undefined;
  const docs = await docsHost(() => testkit!.url, ['clocks']);
  testkit = await Sandbox.start(['--cors-origin', docs.url]);
  try {
    const asked: string[] = [];
    page.on('response', (r) => asked.push(`${r.status()} ${new URL(r.url()).pathname}`));
    await page.goto(docs.url);
    const clocks = page.locator('#widget-clocks');
    await expect(clocks.locator('[data-btk-live]')).toBeAttached();
    await clocks.getByTestId('replay-open').click();
    await expect(clocks.getByTestId('replay-receiver')).toBeVisible();
    expect(asked.filter((a) => /^200 \/clocks-replay-[0-9a-f]{12}\.wasm$/.test(a))).toHaveLength(1);
    await expect(clocks.getByTestId('part-error')).toHaveCount(0);
  } finally {
    docs.server.close();
    await testkit.stop();
  }
});

test('a docs origin the testkit does not allow is told so on the page', async ({ page }) => {
  const testkit = await Sandbox.start([]);
  const docs = await docsHost(() => testkit.url, ['cards', 'subscribers']);
  try {
    await page.goto(docs.url);
    for (const w of ['cards', 'subscribers']) {
      const error = page.locator(`#widget-${w}`).getByTestId('testkit-load-error');
      await expect(error).toContainText(`does not allow this page's origin (${docs.url})`);
      await expect(error).toContainText(`--cors-origin ${docs.url}`);
    }
  } finally {
    docs.server.close();
    await testkit.stop();
  }
});
