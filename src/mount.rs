//! How a surface's bundle comes alive: it takes over the HTML that the build rendered
//! (`[data-btk-mount]`), either a docs-page widget (inside the shadow root the loader
//! made) or the main area of the full app. The loader (`embed/testkit-embed.js`) finds
//! the elements and calls the bundle's `mount`; the bundle's entry is one line,
//! [`surface_bundle!`](crate::surface_bundle).

use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use crate::browser::{document, window};
use crate::components::WidgetFrame;
use crate::pages::Surface;

/// The attribute of the element a bundle takes over; its value is the widget name.
pub const MOUNT_ATTR: &str = "data-btk-mount";
/// Set on the element once the wasm has taken it over (tests and the benchmark wait for it).
pub const LIVE_ATTR: &str = "data-btk-live";
/// Marks an element whose content the build rendered once and no view ever changes (the
/// card catalog's rows): the live view leaves it empty and takes the pre-rendered
/// children instead, so a bundle carries the code that works on that content but not
/// the content itself.
pub const STATIC_ATTR: &str = "data-btk-static";

/// A mounted surface. `unmount` removes it and runs its cleanups (listeners removed,
/// loads in flight aborted); the loader calls it when the app navigates away or a docs
/// page removes the widget's element.
#[wasm_bindgen]
pub struct Mounted {
    handle: Option<leptos::mount::UnmountHandle<AnyViewState>>,
}

#[wasm_bindgen]
impl Mounted {
    /// Removes the surface and disposes of everything it owns.
    pub fn unmount(&mut self) {
        self.handle.take();
    }
}

/// Renders `page` (the view of `surface`) into a fresh element and puts it where
/// `prerendered` was, in one step, so the browser never paints in between: what it paints
/// next is the same content, now live. `widget` adds the docs-page frame (banner and
/// scoping root). `page` is a function of the bundle so that only its surface's views
/// are reachable from it.
pub fn take_over(
    prerendered: HtmlElement,
    surface: Surface,
    page: impl FnOnce() -> AnyView + Send + 'static,
    widget: bool,
) -> Result<Mounted, JsValue> {
    let live: HtmlElement = document().create_element("div")?.unchecked_into();
    live.set_attribute(MOUNT_ATTR, surface.info().widget)?;
    let view = move || {
        if widget {
            view! { <WidgetFrame>{page()}</WidgetFrame> }.into_any()
        } else {
            page()
        }
    };
    let typed = typed_values(&prerendered);
    let handle = leptos::mount::mount_to(live.clone(), view);
    adopt_static(&prerendered, &live)?;
    prerendered.replace_with_with_node_1(&live)?;
    live.set_attribute(LIVE_ATTR, "")?;
    carry_over(&live, typed);
    if let Some(performance) = window().performance() {
        let _ = performance.mark(&format!("btk-live:{}", surface.info().widget));
    }
    Ok(Mounted {
        handle: Some(handle),
    })
}

/// Moves the children of each pre-rendered [`STATIC_ATTR`] element into the live element
/// of the same name (before the swap, so what is painted next already has them). A page
/// built without them cannot be taken over: the loader then says so on the page.
fn adopt_static(prerendered: &HtmlElement, live: &HtmlElement) -> Result<(), JsValue> {
    let targets = live.query_selector_all(&format!("[{STATIC_ATTR}]"))?;
    for i in 0..targets.length() {
        let Some(target) = targets.item(i) else {
            continue;
        };
        let target: web_sys::Element = target.unchecked_into();
        let name = target.get_attribute(STATIC_ATTR).unwrap_or_default();
        let source = prerendered
            .query_selector(&format!("[{STATIC_ATTR}='{name}']"))?
            .filter(|source| source.child_element_count() > 0)
            .ok_or_else(|| {
                js_sys::Error::new(&format!(
                    "the page as built has no {name} (reload the page)"
                ))
            })?;
        while let Some(child) = source.first_child() {
            target.append_child(&child)?;
        }
    }
    Ok(())
}

/// What a person typed into the pre-rendered form fields before the wasm arrived (by
/// `data-testid`), and which of them had the focus.
struct Typed {
    values: Vec<(String, String)>,
    focused: Option<String>,
}

fn typed_values(prerendered: &HtmlElement) -> Typed {
    let mut values = Vec::new();
    if let Ok(fields) = prerendered.query_selector_all("input[data-testid], textarea[data-testid]")
    {
        for i in 0..fields.length() {
            let Some(field) = fields.item(i) else {
                continue;
            };
            let (id, value, default) =
                if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
                    (
                        input.get_attribute("data-testid"),
                        input.value(),
                        input.default_value(),
                    )
                } else if let Some(area) = field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                    (
                        area.get_attribute("data-testid"),
                        area.value(),
                        area.default_value().unwrap_or_default(),
                    )
                } else {
                    continue;
                };
            if let Some(id) = id.filter(|_| value != default) {
                values.push((id, value));
            }
        }
    }
    let root = prerendered.get_root_node();
    let active = root
        .dyn_ref::<web_sys::ShadowRoot>()
        .and_then(|shadow| shadow.active_element())
        .or_else(|| document().active_element());
    let focused = active
        .filter(|a| prerendered.contains(Some(a)))
        .and_then(|a| a.get_attribute("data-testid"));
    Typed { values, focused }
}

/// Puts what was typed into the live fields (as input events, so the views see it) and
/// the focus back where it was: nothing typed during the takeover is lost.
fn carry_over(live: &HtmlElement, typed: Typed) {
    let find = |id: &str| {
        live.query_selector(&format!("[data-testid='{id}']"))
            .ok()
            .flatten()
    };
    for (id, value) in typed.values {
        let Some(field) = find(&id) else { continue };
        if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
            input.set_value(&value);
        } else if let Some(area) = field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            area.set_value(&value);
        }
        if let Ok(event) = web_sys::Event::new("input") {
            let _ = field.dispatch_event(&event);
        }
    }
    if let Some(field) = typed.focused.as_deref().and_then(find) {
        let _ = field.unchecked_ref::<HtmlElement>().focus();
    }
}

/// The whole of a surface's bundle (`src/bin/<widget>.rs`): a `mount` export for the
/// loader that takes over one pre-rendered element with that surface and nothing else
/// (only its own views are reachable, so only they are compiled in), and a split point
/// for each separate part (`Type => chunk_name`, see [`split_part!`](crate::split_part)).
#[macro_export]
macro_rules! surface_bundle {
    ($surface:ident $(, $($part:ident)::+ => $chunk:ident)*) => {
        fn main() {}

        /// Takes over `prerendered` with this bundle's surface (`widget`: in a docs page).
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub fn mount(
            prerendered: web_sys::HtmlElement,
            widget: bool,
        ) -> Result<$crate::mount::Mounted, wasm_bindgen::JsValue> {
            use $crate::pages::Surface;
            $($crate::split_part!($crate::pages::$($part)::+, $chunk);)*
            $crate::mount::take_over(
                prerendered,
                Surface::$surface,
                || Surface::$surface.view(),
                widget,
            )
        }
    };
}
