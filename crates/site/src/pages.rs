//! The full app's route documents around the pre-rendered body: the head that makes the
//! first paint fast (styles inline; the route's bundle preloaded while the HTML parses)
//! and the stable loader that brings it to life.

use billing_testkit::browser::url_query::QueryKey;

/// What goes into one route's document.
pub struct Document<'a> {
    /// The `<title>`'s first part.
    pub title: &'a str,
    /// The route's bundle (module and wasm file names), if it has one.
    pub bundle: Option<(&'a str, &'a str)>,
    /// The query keys of the route's surface: when the URL carries one, the default view
    /// rendered at build time is not what the person asked for, so it stays hidden until
    /// the bundle has rendered theirs.
    pub query_keys: &'a [QueryKey],
    /// All of the app's CSS.
    pub css: &'a str,
    /// The pre-rendered `<div data-testkit="app">` content.
    pub body: &'a str,
}

/// Marks the document while its pre-rendered view is not the one the URL asks for.
fn pending_script(keys: &[QueryKey]) -> String {
    if keys.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = keys.iter().map(|k| k.0).collect();
    format!(
        "<script>if(/[?&]({})=/.test(location.search))document.documentElement.setAttribute('data-btk-pending','')</script>",
        names.join("|")
    )
}

impl Document<'_> {
    /// The HTML document.
    pub fn render(&self) -> String {
        let preload = self.bundle.map_or(String::new(), |(js, wasm)| {
            format!(
                "<link rel=\"modulepreload\" href=\"/{js}\"><link rel=\"preload\" href=\"/{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin>"
            )
        });
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title} · billing-testkit · TEST MODE</title><link rel=\"icon\" href=\"data:,\">\
             {preload}{pending}<style>{css}</style></head>\
             <body style=\"margin:0\"><div data-testkit=\"app\">{body}</div>\
             <noscript>billing-testkit needs JavaScript and WebAssembly to be interactive.</noscript>\
             <script type=\"module\" src=\"/testkit-embed.js\"></script></body></html>\n",
            title = self.title,
            pending = pending_script(self.query_keys),
            css = self.css,
            body = self.body,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_preloads_its_bundle_and_hides_a_default_view_the_url_overrides() {
        let keys = [QueryKey("q"), QueryKey("category")];
        let html = Document {
            title: "Test cards",
            bundle: Some(("cards-0123456789ab.js", "cards-0123456789ab.wasm")),
            query_keys: &keys,
            css: ".btk{}",
            body: "<p>cards</p>",
        }
        .render();
        assert!(html.contains("<link rel=\"modulepreload\" href=\"/cards-0123456789ab.js\">"));
        assert!(html.contains("href=\"/cards-0123456789ab.wasm\" as=\"fetch\""));
        assert!(html.contains("/[?&](q|category)=/"));
        assert!(html.contains("<div data-testkit=\"app\"><p>cards</p></div>"));
        assert!(html.contains("src=\"/testkit-embed.js\""));
    }

    #[test]
    fn a_static_route_has_no_bundle_and_no_pending_state() {
        let html = Document {
            title: "Overview",
            bundle: None,
            query_keys: &[],
            css: "",
            body: "",
        }
        .render();
        assert!(!html.contains("modulepreload") && !html.contains("data-btk-pending"));
    }
}
