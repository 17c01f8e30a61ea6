//! `site build [--out DIR]`: builds what the testkit serves. One wasm bundle per surface
//! of the surfaces table; each route of the full app and each widget pre-rendered from
//! the app's own views; content-hashed, precompressed files; and the loader
//! `testkit-embed.js` with their manifest. `scripts/lib.sh` runs it (`build_app`).

// The views are fully typed natively (no `erase_components`): deep types need a higher limit.
#![recursion_limit = "512"]

mod assets;
mod bundles;
mod loader;
mod pages;
mod render;
mod split;
mod styles;

use std::path::{Path, PathBuf};

use billing_testkit::app::Route;
use billing_testkit::pages::Surface;
use testkit_core::appstore;

use assets::Site;
use loader::SurfaceFiles;
use pages::Document;

/// Why the build stopped, for a person.
#[derive(Debug)]
pub struct Failure(pub String);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The time the pages are rendered for: `SOURCE_DATE_EPOCH` (reproducible builds), else now.
fn render_time() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
}

/// Every table row has its bundle entry and every entry a row, so the loader never names
/// a bundle that was not built and no bundle is built that nothing loads.
fn check_entries(root: &Path, widgets: &[&str]) -> Result<(), Failure> {
    let dir = root.join("src/bin");
    let entries: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| Failure(format!("cannot list {}: {e}", dir.display())))?
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".rs")
                .map(str::to_string)
        })
        .collect();
    let expected: Vec<String> = widgets.iter().map(|w| w.to_string()).collect();
    same_set(entries, expected, |entries, expected| {
        format!("src/bin/ has bundle entries {entries:?} but the surfaces table (src/pages/mod.rs) has {expected:?}: each surface needs src/bin/<widget>.rs, and nothing else")
    })
}

/// `Ok` when `found` and `expected` hold the same items in any order, else the failure
/// `why` words from both, sorted.
fn same_set<T: Ord>(
    mut found: Vec<T>,
    mut expected: Vec<T>,
    why: impl FnOnce(&[T], &[T]) -> String,
) -> Result<(), Failure> {
    found.sort();
    expected.sort();
    if found == expected {
        Ok(())
    } else {
        Err(Failure(why(&found, &expected)))
    }
}

fn build(out: &Path) -> Result<(), Failure> {
    let root = workspace_root();
    let rendered_at = render_time();
    billing_testkit::browser::clock::set_prerender_now(rendered_at);
    let widgets: Vec<&'static str> = Surface::all().map(|s| s.info().widget).collect();
    check_entries(&root, &widgets)?;
    let bundles = bundles::build(&root, &root.join("target/site"), &widgets)?;
    check_chunks(&bundles)?;

    let mut site = Site::create(out)?;
    let app_css = styles::css_for(&root, &widgets)?;
    let mut files = Vec::new();
    let mut part_files = Vec::new();
    for (surface, bundle) in Surface::all().zip(&bundles) {
        let widget = surface.info().widget;
        let js = site.write_hashed(widget, "js", &bundle.js)?;
        let wasm = site.write_hashed(widget, "wasm", &bundle.wasm)?;
        let link = write_chunks(&mut site, bundle, &js, &mut part_files)?;
        let fragment = format!(
            "<style>{}</style>{}",
            styles::css_for(&root, &[widget])?,
            render::widget(surface, rendered_at)
        );
        let widget_file =
            site.write_hashed(&format!("{widget}-widget"), "html", fragment.as_bytes())?;
        let main = render::app_main(surface, rendered_at);
        let page = site.write_hashed(&format!("{widget}-page"), "html", main.as_bytes())?;
        let document = Document {
            title: surface.info().title,
            bundle: Some((&js, &wasm)),
            query_keys: surface.info().query_keys,
            css: &app_css,
            body: &render::app_body(Route::Surface(surface), main),
        };
        site.write(&format!("{widget}.html"), document.render().as_bytes())?;
        files.push(SurfaceFiles {
            surface,
            js,
            wasm,
            link,
            widget: widget_file,
            page,
        });
    }

    let overview = render::overview_main();
    let overview_page = site.write_hashed("overview-page", "html", overview.as_bytes())?;
    for (name, title, route, main) in [
        ("index.html", "Overview", Route::Overview, overview),
        (
            "404.html",
            "Page not found",
            Route::NotFound,
            render::not_found_main(),
        ),
    ] {
        let document = Document {
            title,
            bundle: None,
            query_keys: &[],
            css: &app_css,
            body: &render::app_body(route, main),
        };
        site.write(name, document.render().as_bytes())?;
    }

    let manifest = loader::manifest(&files, &part_files, &overview_page);
    let template_path = root.join("embed/testkit-embed.js");
    let template = std::fs::read_to_string(&template_path)
        .map_err(|e| Failure(format!("cannot read {}: {e}", template_path.display())))?;
    let loader = loader::fill(&template, &manifest).map_err(Failure)?;
    let work = root.join("target/site");
    let (filled, minified) = (
        work.join("testkit-embed.js"),
        work.join("testkit-embed.min.js"),
    );
    std::fs::write(&filled, loader)
        .map_err(|e| Failure(format!("cannot write {}: {e}", filled.display())))?;
    bundles::minify(&filled, &minified)?;
    let loader = std::fs::read(&minified)
        .map_err(|e| Failure(format!("cannot read {}: {e}", minified.display())))?;
    site.write("testkit-embed.js", &loader)?;
    site.write(
        "testkit-manifest.json",
        loader::described(&manifest).to_string().as_bytes(),
    )?;
    site.write(
        appstore::REAL_SANDBOX_TEST_NOTIFICATION_FILE,
        appstore::REAL_SANDBOX_TEST_NOTIFICATION.as_bytes(),
    )?;
    copy_examples(&root, &mut site)?;
    report(&site, &bundles);
    Ok(())
}

/// The surfaces table's separate parts are exactly the chunks the modules split into: a
/// part marked separate but not named in its surface's entry (or the reverse) would not be
/// split as the table says.
fn check_chunks(bundles: &[bundles::Bundle]) -> Result<(), Failure> {
    let chunks: Vec<(&str, &str)> = bundles
        .iter()
        .flat_map(|b| b.chunks.iter().map(|c| (b.widget, c.part.as_str())))
        .collect();
    let table: Vec<(&str, &str)> = billing_testkit::pages::separate_parts().collect();
    same_set(chunks, table, |chunks, table| {
        format!("the modules split into the chunks {chunks:?} but the surfaces table marks {table:?} separate: a separate part is named in its surface's entry, with its chunk named as the part (src/bin/clocks.rs: surface_bundle!(Clocks, clocks::replay::ReplayPart => clocks_replay))")
    })
}

/// Writes a bundle's chunks under hashed names and its link module, completed with the
/// names it asks for (the page's module and each chunk), recording each chunk in
/// `parts`; the link module's name, when there is one.
fn write_chunks(
    site: &mut Site,
    bundle: &bundles::Bundle,
    js: &str,
    parts: &mut Vec<(String, String)>,
) -> Result<Option<String>, Failure> {
    let Some((name, text)) = &bundle.link else {
        return Ok(None);
    };
    let mut text = text.replace(split::MAIN_MODULE, &format!("./{js}"));
    for chunk in &bundle.chunks {
        let wasm = site.write_hashed(&chunk.part, "wasm", &chunk.wasm)?;
        text = text.replace(&format!("\"./{}\"", chunk.file), &format!("\"./{wasm}\""));
        parts.push((chunk.part.clone(), wasm));
    }
    site.write(name, text.as_bytes())?;
    Ok(Some(name.clone()))
}

/// The example docs host pages, as they are.
fn copy_examples(root: &Path, site: &mut Site) -> Result<(), Failure> {
    let dir = root.join("embed");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Failure(format!("cannot list {}: {e}", dir.display())))?
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    pages.sort();
    for path in pages {
        let bytes = std::fs::read(&path)
            .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        site.write(name, &bytes)?;
    }
    Ok(())
}

fn report(site: &Site, bundles: &[bundles::Bundle]) {
    println!("site: {} files written", site.written.len());
    for bundle in bundles {
        let gz = assets::gzip(&bundle.js).len() + assets::gzip(&bundle.wasm).len();
        println!(
            "  {:<12} wasm {:>7} B, js {:>6} B, {:>6} B gzip",
            bundle.widget,
            bundle.wasm.len(),
            bundle.js.len(),
            gz
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["build"] => PathBuf::from("dist"),
        ["build", "--out", dir] => PathBuf::from(dir),
        _ => {
            eprintln!("usage: site build [--out DIR]   (builds the testkit's site into DIR, default dist)");
            std::process::exit(2);
        }
    };
    if let Err(Failure(message)) = build(&out) {
        eprintln!("site: {message}");
        std::process::exit(1);
    }
}
