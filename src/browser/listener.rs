//! Window event listeners owned by the component that adds them: removed when it
//! unmounts, so navigating between surfaces never piles them up.

use leptos::prelude::{on_cleanup, StoredValue, UpdateValue};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Calls `f` on each of `events` on `window` until the current owner (the component
/// being built) is cleaned up.
pub fn on_window(events: &'static [&'static str], f: impl Fn() + 'static) {
    if super::prerendering() {
        return;
    }
    let callback = Closure::<dyn Fn()>::new(f);
    let window = super::window();
    for event in events {
        let _ = window.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
    }
    let held = StoredValue::new_local(Some(callback));
    on_cleanup(move || {
        let Some(callback) = held.try_update_value(Option::take).flatten() else {
            return;
        };
        let window = super::window();
        for event in events {
            let _ = window
                .remove_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
        }
    });
}

/// Dispatches the event `name` on `window` (other bundles on the page listen with
/// [`on_window`]).
pub fn announce(name: &str) {
    if let Ok(event) = web_sys::Event::new(name) {
        let _ = super::window().dispatch_event(&event);
    }
}
