// billing-testkit embed loader.
// A docs page adds <div data-testkit="cards"></div> (or signer, clocks, ...) and
//   <script type="module" src="https://<testkit host>/testkit-embed.js"></script>
// Each such element then gets that surface, isolated in its own shadow root.
const base = new URL("./", import.meta.url);
// Tells the app where its own services (the sandbox APIs) live.
globalThis.billingTestkitBase = base.href;
const { default: init } = await import(new URL("billing-testkit.js", base).href);
await init({ module_or_path: new URL("billing-testkit_bg.wasm", base) });
