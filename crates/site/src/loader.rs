//! The loader (`testkit-embed.js`): the one stable URL docs pages and the app's pages
//! load. The build writes into it the manifest of everything else, whose names are
//! content-hashed: which bundle, widget fragment and page fragment each surface has.

use billing_testkit::pages::Surface;
use serde_json::{json, Map, Value};

/// The placeholder in `embed/testkit-embed.js` that the manifest replaces.
const SLOT: &str = "/*@manifest*/null";

/// One surface's hashed files.
pub struct SurfaceFiles {
    /// Which surface.
    pub surface: Surface,
    /// Its bundle's ES module.
    pub js: String,
    /// Its bundle's wasm.
    pub wasm: String,
    /// The module that loads its parts' chunks, which its ES module imports (when it has
    /// separate parts).
    pub link: Option<String>,
    /// Its docs-page widget (styles and pre-rendered HTML for its shadow root).
    pub widget: String,
    /// Its main area in the full app (for in-app navigation).
    pub page: String,
}

/// The manifest as JSON: surfaces by widget name (with the module that loads their parts'
/// chunks, `split`, when they have any), their parts' chunks by name, and the full app's
/// routes.
pub fn manifest(files: &[SurfaceFiles], parts: &[(String, String)], overview_page: &str) -> Value {
    let mut surfaces = Map::new();
    let mut routes = Map::new();
    routes.insert(
        "/".into(),
        json!({ "title": "Overview", "page": overview_page }),
    );
    for f in files {
        let info = f.surface.info();
        let keys: Vec<&str> = info.query_keys.iter().map(|k| k.0).collect();
        let mut entry = json!({ "js": f.js, "wasm": f.wasm, "widget": f.widget, "keys": keys });
        if let Some(link) = &f.link {
            entry["split"] = json!(link);
        }
        surfaces.insert(info.widget.into(), entry);
        routes.insert(
            info.route.into(),
            json!({ "title": info.title, "page": f.page, "widget": info.widget }),
        );
    }
    let parts: Map<String, Value> = parts
        .iter()
        .map(|(name, wasm)| (name.clone(), json!({ "wasm": wasm })))
        .collect();
    json!({ "surfaces": surfaces, "parts": parts, "routes": routes })
}

/// The manifest as `testkit-manifest.json` publishes it, for tests and the benchmarks
/// (the loader carries only what it uses): with each surface's separate parts and
/// whether its page is pre-rendered content or a placeholder.
pub fn described(manifest: &Value) -> Value {
    let mut described = manifest.clone();
    for surface in Surface::all() {
        let info = surface.info();
        let parts: Vec<&str> = info.separate_parts().collect();
        if let Some(entry) = described["surfaces"][info.widget].as_object_mut() {
            entry.insert("parts".into(), json!(parts));
        }
        if let Some(entry) = described["routes"][info.route].as_object_mut() {
            entry.insert("prerender".into(), json!(format!("{:?}", info.prerender)));
        }
    }
    described
}

/// The loader with `manifest` written in.
pub fn fill(template: &str, manifest: &Value) -> Result<String, String> {
    if !template.contains(SLOT) {
        return Err(format!(
            "the loader template has no {SLOT} for the manifest"
        ));
    }
    Ok(template.replacen(SLOT, &manifest.to_string(), 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_surface_and_route_is_in_the_manifest() {
        let files: Vec<SurfaceFiles> = Surface::all()
            .map(|surface| SurfaceFiles {
                surface,
                js: format!("{}-h.js", surface.info().widget),
                wasm: format!("{}-h.wasm", surface.info().widget),
                link: (surface == Surface::Clocks).then(|| "clocks-split-h.js".to_string()),
                widget: format!("{}-widget-h.html", surface.info().widget),
                page: format!("{}-page-h.html", surface.info().widget),
            })
            .collect();
        let parts = [(
            "clocks-replay".to_string(),
            "clocks-replay-h.wasm".to_string(),
        )];
        let m = manifest(&files, &parts, "overview-page-h.html");
        assert_eq!(
            m["surfaces"].as_object().unwrap().len(),
            Surface::all().count()
        );
        assert_eq!(
            m["routes"].as_object().unwrap().len(),
            Surface::all().count() + 1
        );
        assert_eq!(m["surfaces"]["cards"]["keys"], json!(["q", "category"]));
        assert_eq!(m["routes"]["/cards"]["widget"], "cards");
        assert_eq!(m["parts"]["clocks-replay"]["wasm"], "clocks-replay-h.wasm");
        assert_eq!(m["surfaces"]["clocks"]["split"], "clocks-split-h.js");
        assert!(m["surfaces"]["cards"].get("split").is_none());
        let d = described(&m);
        assert_eq!(d["surfaces"]["clocks"]["parts"], json!(["clocks-replay"]));
        assert_eq!(d["surfaces"]["cards"]["parts"], json!([]));
        assert_eq!(d["routes"]["/cards"]["prerender"], "Content");
        assert_eq!(d["routes"]["/signer"]["prerender"], "Placeholder");
        assert!(m["surfaces"]["clocks"].get("parts").is_none());
        let loader = fill("const manifest = /*@manifest*/null;", &m).unwrap();
        assert!(loader.starts_with("const manifest = {\""));
        assert!(fill("no slot", &m).is_err());
    }
}
