//! Mounting: the whole app into `[data-testkit="app"]`, and one surface into every other
//! `[data-testkit="<surface>"]` element, each inside its own shadow root so that the
//! host page's CSS cannot reach the widget and the widget's CSS cannot leak out.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

use crate::app::App;
use crate::browser::document;
use crate::components::WidgetFrame;
use crate::styles::CSS;

/// Attribute naming what to mount in an element.
pub const HOST_ATTR: &str = "data-testkit";
/// Marks an element already mounted, so loading the script twice mounts nothing twice.
const MOUNTED_ATTR: &str = "data-testkit-mounted";
/// The `data-testkit` value that asks for the whole app with its router.
const APP_NAME: &str = "app";
const STYLE_ID: &str = "btk-style";

/// Mounts into every `[data-testkit]` element of the page.
pub fn start() {
    let Ok(hosts) = document().query_selector_all(&format!("[{HOST_ATTR}]")) else {
        return;
    };
    for index in 0..hosts.length() {
        let Some(host) = hosts
            .item(index)
            .and_then(|n| n.dyn_into::<HtmlElement>().ok())
        else {
            continue;
        };
        if host.has_attribute(MOUNTED_ATTR) {
            continue;
        }
        let _ = host.set_attribute(MOUNTED_ATTR, "");
        let name = host.get_attribute(HOST_ATTR).unwrap_or_default();
        if name == APP_NAME {
            mount_app(host);
        } else if let Err(err) = mount_widget(host.clone(), &name) {
            host.set_text_content(Some(&format!(
                "billing-testkit could not mount the \"{name}\" widget: {}",
                err.as_string()
                    .unwrap_or_else(|| "the browser refused a shadow root".into())
            )));
        }
    }
}

/// The full app owns its page: styles go to the document head.
fn mount_app(host: HtmlElement) {
    install_document_style();
    leptos::mount::mount_to(host, App).forget();
}

fn install_document_style() {
    let doc = document();
    if doc.get_element_by_id(STYLE_ID).is_some() {
        return;
    }
    if let (Ok(style), Some(head)) = (doc.create_element("style"), doc.head()) {
        style.set_id(STYLE_ID);
        style.set_text_content(Some(CSS));
        let _ = head.append_child(&style);
    }
}

/// Mounts one surface inside `host`'s shadow root, with the styles alongside it.
pub fn mount_widget(host: HtmlElement, name: &str) -> Result<(), JsValue> {
    let doc = document();
    let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    let style = doc.create_element("style")?;
    style.set_text_content(Some(CSS));
    shadow.append_child(&style)?;
    let container: HtmlElement = doc.create_element("div")?.unchecked_into();
    shadow.append_child(&container)?;
    let name = name.to_string();
    leptos::mount::mount_to(container, move || view! { <WidgetFrame name=name/> }).forget();
    Ok(())
}
