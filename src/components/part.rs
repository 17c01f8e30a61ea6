//! A part of a surface: a component the page shows on request (or once there is input)
//! that the site build may make a bundle of its own. Every part talks to its page the
//! same way: a typed input the page keeps current, and typed events it sends back. The
//! same code runs linked into the page's bundle or loaded as another wasm module, where
//! input and events cross as JSON through one context object ([`show_part`]).

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::bundle_part::BundlePart;
use crate::browser::js_object::{object, owned_function, value_at};

/// What the surfaces table knows of a part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartInfo {
    /// Its name, and its bundle's (`src/bin/<name>.rs`) when it is separate.
    pub name: &'static str,
    /// Shown while its bundle downloads.
    pub loading: &'static str,
    /// Whether the site build makes it a bundle of its own. It is, only where that pays:
    /// it saves at least 15 KB gzip on the page's first load and the page plus every part
    /// stays at or under 260 KB gzip (`./scripts/bench.sh size`; docs/add-a-part.md).
    pub separate: bool,
}

/// A part: its view, given its input and a way to send events.
pub trait Part: 'static {
    /// Its row (the surface's `parts` in the surfaces table hold the same value).
    const INFO: PartInfo;
    /// What the page gives it, kept current.
    type Input: Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static;
    /// What it tells the page.
    type Event: Serialize + DeserializeOwned + 'static;
    fn view(input: Signal<Self::Input>, events: Events<Self::Event>) -> AnyView;
}

/// How a part sends events to its page (a handle, copied into handlers).
pub struct Events<E: 'static>(StoredValue<Box<dyn Fn(E)>, LocalStorage>);

impl<E: 'static> Clone for Events<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E: 'static> Copy for Events<E> {}

impl<E: 'static> Events<E> {
    pub fn new(send: impl Fn(E) + 'static) -> Self {
        Events(StoredValue::new_local(Box::new(send)))
    }

    /// Sends `event` to the page (nothing once the part or the page is gone).
    pub fn send(self, event: E) {
        self.0.try_with_value(|send| send(event));
    }
}

/// Shows part `P` with `input`, calling `on_event` with what it sends: in place when it
/// is linked into this bundle (the whole-app build, or a part that is not separate),
/// else downloaded and mounted by the loader.
pub fn show_part<P: Part>(
    input: Signal<P::Input>,
    on_event: impl Fn(P::Event) + 'static,
) -> AnyView {
    if P::INFO.separate && !cfg!(feature = "single-bundle") {
        loaded::<P>(input, on_event)
    } else {
        // Untracked: what the part reads as it is built must not rebuild it.
        let part = untrack(|| P::view(input, Events::new(on_event)));
        view! { <div data-btk-part=P::INFO.name>{part}</div> }.into_any()
    }
}

/// The page's side of a part in another module: the context object is
/// `{ subscribe(tell), emit(json) }`; the page calls `tell` with the input's JSON at
/// once and after every change.
fn loaded<P: Part>(input: Signal<P::Input>, on_event: impl Fn(P::Event) + 'static) -> AnyView {
    let subscriber = StoredValue::new_local(None::<js_sys::Function>);
    let tell = move |f: &js_sys::Function| {
        if let Some(json) = input.try_with_untracked(|i| serde_json::to_string(i).ok()) {
            let _ = f.call1(&JsValue::NULL, &JsValue::from(json));
        }
    };
    Effect::new(move |_| {
        input.track();
        if let Some(f) = subscriber.get_value() {
            tell(&f);
        }
    });
    let subscribe = owned_function(Closure::<dyn Fn(JsValue)>::new(move |f: JsValue| {
        if let Ok(f) = f.dyn_into::<js_sys::Function>() {
            tell(&f);
            subscriber.set_value(Some(f));
        }
    }));
    let emit = owned_function(Closure::<dyn Fn(JsValue)>::new(move |json: JsValue| {
        if let Some(event) = json.as_string().and_then(|j| serde_json::from_str(&j).ok()) {
            on_event(event);
        }
    }));
    let context = object(&[("subscribe", subscribe), ("emit", emit)]);
    view! { <BundlePart name=P::INFO.name loading=P::INFO.loading context=context.into()/> }
        .into_any()
}

/// The part's side, in its own bundle (`part_bundle!`): subscribes to the page's input
/// and sends events as JSON.
pub fn from_context<P: Part>(context: JsValue) -> AnyView {
    let function =
        |key| value_at(&context, key).and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let (Some(subscribe), Some(emit)) = (function("subscribe"), function("emit")) else {
        return disagree(P::INFO.name);
    };
    let input = RwSignal::new(None::<P::Input>);
    let take = owned_function(Closure::<dyn Fn(JsValue)>::new(move |json: JsValue| {
        let Some(value) = json.as_string().and_then(|j| serde_json::from_str(&j).ok()) else {
            return;
        };
        if input.try_with_untracked(|i| i.as_ref() != Some(&value)) == Some(true) {
            input.try_set(Some(value));
        }
    }));
    let _ = subscribe.call1(&JsValue::NULL, &take);
    // The page tells the input at once, inside `subscribe`.
    let Some(first) = input.get_untracked() else {
        return disagree(P::INFO.name);
    };
    let input = Signal::derive(move || input.get().unwrap_or_else(|| first.clone()));
    let emit = StoredValue::new_local(emit);
    let events = Events::new(move |event: P::Event| {
        if let Ok(json) = serde_json::to_string(&event) {
            emit.try_with_value(|f| f.call1(&JsValue::NULL, &JsValue::from(json)));
        }
    });
    untrack(|| P::view(input, events))
}

/// The part and its page do not speak the same input (a page and a part from two builds).
fn disagree(name: &str) -> AnyView {
    let why = format!("The {name} part does not fit this page: reload the page.");
    view! { <p class="btk-error" role="alert" data-testid="part-error">{why}</p> }.into_any()
}

/// The button that shows and hides part `P`: its view is made (and, when it is separate,
/// downloaded) the first time it is shown.
#[component]
pub fn PartToggle(
    /// The button's test id.
    testid: &'static str,
    /// The id of the element the part is shown in (the button controls it).
    id: &'static str,
    /// The button's label while the part is hidden, and while it is shown.
    show: &'static str,
    hide: &'static str,
    /// The part, shown in the element while it is open.
    part: impl Fn() -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button type="button" class="btk-secondary" data-testid=testid aria-controls=id
            aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
            {move || if open.get() { hide } else { show }}
        </button>
        <div id=id>{move || open.get().then(&part)}</div>
    }
}
