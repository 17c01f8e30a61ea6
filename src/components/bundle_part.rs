//! Where a part that is a bundle of its own is shown: the loader downloads and mounts it
//! when this element is shown, and it is unmounted with the element. Pages do not use it
//! directly: [`show_part`](super::part::show_part) does, for a separate part.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// The loader's `billingTestkitPart(name, element, context)`: resolves to the part's
    /// `Mounted`.
    #[wasm_bindgen(catch, js_name = billingTestkitPart)]
    fn mount_part(
        name: &str,
        element: &web_sys::HtmlElement,
        context: &JsValue,
    ) -> Result<js_sys::Promise, JsValue>;
}

/// Calls `unmount()` on a part's `Mounted` (an object of another wasm module).
fn unmount(mounted: &JsValue) {
    if let Some(unmount) = js_sys::Reflect::get(mounted, &"unmount".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = unmount.call0(mounted);
    }
}

/// The part's handle, kept while this element is shown.
enum PartState {
    Loading,
    Mounted(JsValue),
    Gone,
}

#[component]
pub fn BundlePart(
    /// The part's bundle, as the surfaces table names it.
    name: &'static str,
    /// Shown until the part has mounted.
    loading: &'static str,
    /// What the part is given of the page (the part is another wasm module: it shares no
    /// signals with this one), e.g. a function it calls for the page's current values.
    context: JsValue,
) -> impl IntoView {
    // The part mounts into `host`, whose children this view never touches.
    let host = NodeRef::<leptos::html::Div>::new();
    let state = StoredValue::new_local(PartState::Loading);
    let shown = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(element) = host.get() else { return };
        let element: web_sys::HtmlElement = element.unchecked_into();
        let started = mount_part(name, &element, &context);
        spawn_local(async move {
            let mounted = match started {
                Ok(promise) => JsFuture::from(promise).await,
                Err(e) => Err(e),
            };
            match mounted {
                Ok(mounted) => {
                    let kept = state
                        .try_update_value(|s| {
                            let loading = matches!(s, PartState::Loading);
                            if loading {
                                *s = PartState::Mounted(mounted.clone());
                            }
                            loading
                        })
                        .unwrap_or(false);
                    if kept {
                        shown.try_set(true);
                    } else {
                        // Removed while it loaded.
                        unmount(&mounted);
                    }
                }
                Err(e) => {
                    let why = js_sys::Reflect::get(&e, &"message".into())
                        .ok()
                        .and_then(|m| m.as_string())
                        .or_else(|| e.as_string())
                        .unwrap_or_else(|| "the loader did not answer".into());
                    problem.try_set(Some(format!(
                        "This part could not be loaded: {why}. Reload the page to try again."
                    )));
                }
            }
        });
    });
    on_cleanup(move || {
        if let Some(PartState::Mounted(mounted)) =
            state.try_update_value(|s| std::mem::replace(s, PartState::Gone))
        {
            unmount(&mounted);
        }
    });
    view! {
        <div data-btk-part=name>
            {move || match (problem.get(), shown.get()) {
                (Some(why), _) => Some(view! { <p class="btk-error" role="alert" data-testid="part-error">{why}</p> }.into_any()),
                (None, false) => Some(view! { <p class="btk-loading" role="status">{loading}</p> }.into_any()),
                (None, true) => None,
            }}
            <div node_ref=host></div>
        </div>
    }
    .into_any()
}
