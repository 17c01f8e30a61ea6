//! Serving the built site: the precompressed variant the client accepts (or the file as
//! stored when that variant is missing), pages by route with a real 404, caching by
//! name, and CORS for the docs origins the sandbox allows.

mod support;

use std::io::Write;
use std::path::Path;

use support::Sandbox;

const WASM: &str = "cards-0123456789ab.wasm";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A site as the build writes it: the wasm with both variants, a page with only gzip.
fn write_site(dir: &Path) {
    let wasm = b"\0asm-pretend-wasm-bytes".repeat(100);
    std::fs::write(dir.join(WASM), &wasm).unwrap();
    std::fs::write(dir.join(format!("{WASM}.gz")), gzip(&wasm)).unwrap();
    std::fs::write(dir.join(format!("{WASM}.br")), b"pretend-brotli").unwrap();
    std::fs::write(dir.join("cards.html"), "<p>cards page</p>").unwrap();
    std::fs::write(dir.join("cards.html.gz"), gzip(b"<p>cards page</p>")).unwrap();
    std::fs::write(dir.join("index.html"), "<p>overview</p>").unwrap();
    std::fs::write(dir.join("404.html"), "<p>not found page</p>").unwrap();
    std::fs::write(dir.join("testkit-embed.js"), "// loader").unwrap();
}

async fn site(origins: &[&str]) -> (Sandbox, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let path = dir.path().to_path_buf();
    let origins: Vec<String> = origins.iter().map(|o| o.to_string()).collect();
    let sandbox = Sandbox::start_with("none", move |c| {
        c.app_dir = Some(path);
        c.cors_origins = origins;
    })
    .await;
    (sandbox, dir)
}

async fn get(sandbox: &Sandbox, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = sandbox.client.get(sandbox.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

/// A header's value; repeated fields joined with ", ", as HTTP reads them.
fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    let values: Vec<&str> = response
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

#[tokio::test]
async fn each_client_gets_the_variant_it_accepts() {
    let (sandbox, _dir) = site(&[]).await;
    let path = format!("/{WASM}");
    let br = get(&sandbox, &path, &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(br.status(), 200);
    assert_eq!(header(&br, "content-encoding").as_deref(), Some("br"));
    assert_eq!(
        header(&br, "content-type").as_deref(),
        Some("application/wasm")
    );
    assert!(header(&br, "vary")
        .unwrap()
        .to_lowercase()
        .contains("accept-encoding"));
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"pretend-brotli");

    let gz = get(&sandbox, &path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(header(&gz, "content-encoding").as_deref(), Some("gzip"));

    let plain = get(&sandbox, &path, &[("accept-encoding", "identity")]).await;
    assert_eq!(header(&plain, "content-encoding"), None);
    assert!(plain.bytes().await.unwrap().starts_with(b"\0asm"));
}

#[tokio::test]
async fn a_missing_variant_falls_back_to_the_stored_file() {
    let (sandbox, _dir) = site(&[]).await;
    // cards.html has a gzip variant but no brotli one.
    let page = get(&sandbox, "/cards", &[("accept-encoding", "br")]).await;
    assert_eq!(page.status(), 200);
    assert_eq!(header(&page, "content-encoding"), None);
    assert_eq!(page.text().await.unwrap(), "<p>cards page</p>");
    // The loader has no variant at all.
    let loader = get(
        &sandbox,
        "/testkit-embed.js",
        &[("accept-encoding", "br, gzip")],
    )
    .await;
    assert_eq!(
        (
            loader.status().as_u16(),
            header(&loader, "content-encoding")
        ),
        (200, None)
    );
}

#[tokio::test]
async fn pages_by_route_and_a_real_404() {
    let (sandbox, _dir) = site(&[]).await;
    assert_eq!(
        get(&sandbox, "/", &[]).await.text().await.unwrap(),
        "<p>overview</p>"
    );
    assert_eq!(
        get(&sandbox, "/cards/", &[]).await.text().await.unwrap(),
        "<p>cards page</p>"
    );
    let missing = get(&sandbox, "/no/such/page", &[]).await;
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.text().await.unwrap(), "<p>not found page</p>");
    let asset = get(&sandbox, "/nope-0123456789ab.js", &[]).await;
    assert_eq!(asset.status(), 404);
}

#[tokio::test]
async fn hashed_files_are_immutable_and_the_rest_revalidate() {
    let (sandbox, _dir) = site(&[]).await;
    let wasm = get(&sandbox, &format!("/{WASM}"), &[]).await;
    assert_eq!(
        header(&wasm, "cache-control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    for path in ["/testkit-embed.js", "/cards", "/"] {
        let response = get(&sandbox, path, &[]).await;
        assert_eq!(
            header(&response, "cache-control").as_deref(),
            Some("no-cache"),
            "{path}"
        );
    }
    assert_eq!(
        header(&get(&sandbox, "/missing", &[]).await, "cache-control").as_deref(),
        Some("no-cache")
    );
}

#[tokio::test]
async fn cors_for_allowed_docs_origins_and_the_loader_for_all() {
    let (sandbox, _dir) = site(&["https://docs.example"]).await;
    let wasm = format!("/{WASM}");
    let allowed = get(&sandbox, &wasm, &[("origin", "https://docs.example")]).await;
    assert_eq!(
        header(&allowed, "access-control-allow-origin").as_deref(),
        Some("https://docs.example")
    );
    assert!(header(&allowed, "vary")
        .unwrap()
        .to_lowercase()
        .contains("origin"));
    let refused = get(&sandbox, &wasm, &[("origin", "https://elsewhere.example")]).await;
    assert_eq!(header(&refused, "access-control-allow-origin"), None);
    let loader = get(
        &sandbox,
        "/testkit-embed.js",
        &[("origin", "https://elsewhere.example")],
    )
    .await;
    assert_eq!(
        header(&loader, "access-control-allow-origin").as_deref(),
        Some("*")
    );
}
