//! Wall-clock and high-resolution time from the browser.

use std::sync::atomic::{AtomicI64, Ordering};

/// The time pre-rendered pages are rendered for (unix seconds): set once by the build.
static PRERENDER_NOW: AtomicI64 = AtomicI64::new(0);

/// Sets the time that views rendered at build time show as "now".
pub fn set_prerender_now(secs: i64) {
    PRERENDER_NOW.store(secs, Ordering::Relaxed);
}

/// Unix seconds now.
pub fn now_secs() -> i64 {
    if super::prerendering() {
        return PRERENDER_NOW.load(Ordering::Relaxed);
    }
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Unix seconds now, as a signal that ticks every second while its owner lives (so "now"
/// and ages shown stay current).
pub fn ticking_now() -> leptos::prelude::RwSignal<i64> {
    use leptos::prelude::*;
    let now = RwSignal::new(now_secs());
    let ticker = set_interval_with_handle(
        move || now.set(now_secs()),
        std::time::Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(handle) = ticker {
            handle.clear();
        }
    });
    now
}

/// Milliseconds from `performance.now()`, for measuring work.
pub fn perf_ms() -> f64 {
    super::window()
        .performance()
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// A seed for id generation that differs per page load.
pub fn random_seed() -> u64 {
    if super::prerendering() {
        return 0;
    }
    let random = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    random ^ (js_sys::Date::now() as u64).rotate_left(21)
}

/// "12.345" for 12.3456 ms, without pulling float formatting into the bundle.
pub fn format_ms(millis: f64, decimals: u32) -> String {
    testkit_core::decimal::fixed(millis.max(0.0), decimals)
}

/// Resolves on a later task of the event loop (a zero-delay timeout): long work split in
/// steps awaits it between them, so the page handles input and paints meanwhile.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = super::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
