// billing-testkit loader: the one stable URL that docs pages and the testkit's own pages
// load. It is revalidated on every visit; everything it loads has a content-hashed name
// and is cached for good. A docs page adds
//   <div data-testkit="cards"></div>
//   <script type="module" src="https://<testkit host>/testkit-embed.js"></script>
// and each such element gets that surface in its own shadow root: at once the HTML the
// build rendered, then the surface's own wasm bundle takes it over. Only the bundles of
// the widgets on the page are downloaded. On the testkit's own pages it brings the
// route's surface to life and navigates between routes in place.
// The manifest below is written in by the build (crates/site).
performance.mark('btk-loader');
const manifest = /*@manifest*/null;

const base = new URL('./', import.meta.url);
const at = (file) => new URL(file, base).href;
// Where the testkit's own services (the sandbox APIs) live, for the bundles.
globalThis.billingTestkitBase = base.href;

const MOUNTED = 'data-testkit-mounted';
const MOUNT = '[data-btk-mount]';
const downloads = new Map(); // widget name -> { module, wasm } downloads, once per page
const bundles = new Map(); // widget name -> Promise<started module>, once per page
const memories = new Map(); // widget name -> its wasm memory
// What each started bundle's wasm holds now, in bytes (for benchmarks and diagnostics).
globalThis.billingTestkitMemory = () => Object.fromEntries([...memories].map(([name, m]) => [name, m.buffer.byteLength]));
const fragments = new Map(); // file -> Promise<text>
const widgets = new Map(); // host element -> its mounted surface

// `<html data-btk-ready>` while no surface on the page is still loading (tests and
// docs automation wait for it before they type).
let loading = 0;
async function counted(work) {
  loading += 1;
  document.documentElement.removeAttribute('data-btk-ready');
  try {
    await work;
  } finally {
    loading -= 1;
    if (loading === 0) document.documentElement.setAttribute('data-btk-ready', '');
  }
}

/** Starts downloading a bundle (its module and, at the same time, its wasm). */
function download(name) {
  let files = downloads.get(name);
  if (!files) {
    const wanted = manifest.surfaces[name];
    files = { module: import(at(wanted.js)), wasm: fetch(at(wanted.wasm)) };
    // A failure is reported once, through the bundle's start.
    files.module.catch(() => {});
    files.wasm.catch(() => {});
    downloads.set(name, files);
  }
  return files;
}

/** Resolves once the browser has painted what is on the page now. */
const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** The started bundle. Compiling and starting the wasm waits until the pre-rendered HTML
 *  has been painted, so that work never delays the first paint. */
function bundle(name) {
  let loading = bundles.get(name);
  if (!loading) {
    const { module, wasm } = download(name);
    loading = painted()
      .then(() => module)
      .then(async (started) => {
        const exports = await started.default({ module_or_path: wasm });
        memories.set(name, exports.memory);
        return started;
      });
    bundles.set(name, loading);
  }
  return loading;
}

function fragment(file) {
  let loading = fragments.get(file);
  if (!loading) {
    loading = fetch(at(file), { priority: 'high' }).then((answer) => {
      if (!answer.ok) throw new Error(`${file} answered HTTP ${answer.status}`);
      return answer.text();
    });
    fragments.set(file, loading);
    loading.catch(() => fragments.delete(file));
  }
  return loading;
}

/** Does the URL ask for something other than the default view the build rendered? */
function asksForOwnView(keys) {
  const query = new URLSearchParams(location.search);
  return keys.some((key) => query.has(key));
}

/** Why a widget could not load, for the person reading the docs page. */
async function whyNot(name, error) {
  if (base.origin !== location.origin) {
    // The loader answers every origin; if it still answers, the other files were refused.
    const reachable = await fetch(at('testkit-embed.js'), { cache: 'no-store' }).then((a) => a.ok, () => false);
    if (reachable) {
      return `The testkit at ${base.origin} does not allow this page's origin (${location.origin}) to load its "${name}" widget (CORS). Start billing-sandbox with --cors-origin ${location.origin}, or ask the testkit's owners to allow this docs origin.`;
    }
  }
  return `The "${name}" widget could not be loaded from ${base.origin} (${error.message}). Is the testkit running?`;
}

function alert(text) {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.setAttribute('data-testid', 'testkit-load-error');
  p.style.cssText = 'all:initial;display:block;font:14px/1.5 system-ui,sans-serif;color:#7f1d1d;background:#fee2e2;border:1px solid #b91c1c;border-radius:6px;padding:.6em .9em;margin:.5em 0';
  p.textContent = text;
  return p;
}

async function mountWidget(host) {
  host.setAttribute(MOUNTED, '');
  const name = host.getAttribute('data-testkit');
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const files = manifest.surfaces[name];
  if (!files) {
    shadow.replaceChildren(alert(`No testkit widget is called "${name}". Use one of: ${Object.keys(manifest.surfaces).join(', ')}.`));
    return;
  }
  // The pre-rendered HTML first: it is what the reader sees while the bundle downloads.
  // The bundle's download starts once it is in: compiling wasm takes the cores the
  // browser needs to show it (on 2 cores, the HTML arrived 40 ms later otherwise).
  const shown = fragment(files.widget);
  let html;
  try {
    html = await shown;
  } catch (error) {
    shadow.replaceChildren(alert(await whyNot(name, error)));
    return;
  }
  if (!host.isConnected) return;
  shadow.innerHTML = html;
  download(name);
  // Root-relative links point at the testkit, not at the docs host.
  for (const link of shadow.querySelectorAll('a[href^="/"]')) link.href = new URL(link.getAttribute('href'), base).href;
  const root = shadow.querySelector(MOUNT);
  if (asksForOwnView(files.keys)) root.style.visibility = 'hidden';
  try {
    await painted();
    const module = await bundle(name);
    if (root.isConnected) widgets.set(host, module.mount(root, true));
  } catch (error) {
    root.style.visibility = '';
    shadow.append(alert(`This widget is shown as built but is not interactive: ${await whyNot(name, error)}`));
  }
}

/** The testkit's own pages: the route's surface comes alive; links between routes
 *  swap the main area in place instead of loading a new page. */
function startApp(app) {
  const main = app.querySelector('main');
  if (!main) return;
  let live = null;
  let turn = 0;
  const route = (path) => manifest.routes[path.replace(/\/(index\.html)?$/, '') || '/'];
  const pending = (name) => {
    const own = name !== undefined && asksForOwnView(manifest.surfaces[name].keys);
    document.documentElement.toggleAttribute('data-btk-pending', own);
  };
  const wake = async (name) => {
    const root = main.querySelector(MOUNT);
    const mine = turn;
    try {
      const module = await bundle(name);
      if (mine === turn && root.isConnected) live = module.mount(root, false);
    } catch (error) {
      document.documentElement.removeAttribute('data-btk-pending');
      main.prepend(alert(`This page is shown as built but is not interactive: ${await whyNot(name, error)}`));
    }
  };
  const show = async (url) => {
    const target = route(url.pathname);
    if (!target) return location.reload();
    const mine = ++turn;
    live?.unmount();
    live = null;
    let html;
    try {
      html = await fragment(target.page);
    } catch {
      return location.assign(url.href);
    }
    if (mine !== turn) return;
    pending(target.widget);
    main.innerHTML = html;
    document.title = `${target.title} · billing-testkit · TEST MODE`;
    for (const link of app.querySelectorAll('nav a')) {
      const current = new URL(link.href).pathname === (url.pathname.replace(/\/$/, '') || '/');
      if (current) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    window.scrollTo(0, 0);
    if (target.widget) await wake(target.widget);
  };

  const path = app.querySelector('[data-btk-path]');
  if (path) path.textContent = location.pathname;
  const first = main.querySelector(MOUNT);
  if (first) counted(wake(first.getAttribute('data-btk-mount')));

  app.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest && event.target.closest('a[href]');
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin || !route(url.pathname)) return;
    if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
    event.preventDefault();
    history.pushState(null, '', url.href);
    counted(show(url));
  });
  window.addEventListener('popstate', () => counted(show(new URL(location.href))));
}

function scan() {
  for (const host of document.querySelectorAll(`[data-testkit]:not([${MOUNTED}])`)) {
    if (host.getAttribute('data-testkit') === 'app') {
      host.setAttribute(MOUNTED, '');
      startApp(host);
    } else {
      counted(mountWidget(host));
    }
  }
  if (loading === 0) document.documentElement.setAttribute('data-btk-ready', '');
}

// Loading the script twice mounts nothing twice.
if (!globalThis.billingTestkitLoader) {
  globalThis.billingTestkitLoader = true;
  scan();
  // Docs sites that navigate without reloading add and remove widgets: mount the new
  // ones, and unmount the removed ones so that nothing of theirs keeps running.
  new MutationObserver(() => {
    for (const [host, mounted] of widgets) {
      if (!host.isConnected) {
        mounted.unmount();
        widgets.delete(host);
        host.removeAttribute(MOUNTED);
      }
    }
    scan();
  }).observe(document.documentElement, { childList: true, subtree: true });
}
