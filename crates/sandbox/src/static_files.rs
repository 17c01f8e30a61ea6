//! Serves the built app: files as they are, and index.html for any other path that
//! looks like a page (no file extension), so deep links survive a reload.

use std::convert::Infallible;
use std::path::Path;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use axum::response::IntoResponse;
use tower::service_fn;
use tower::util::BoxCloneSyncService;
use tower::Layer;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

type StaticService = BoxCloneSyncService<Request<Body>, Response<Body>, Infallible>;

/// True for paths a browser navigates to (no extension in the last segment), which
/// get index.html; a missing `.js` or `.wasm` stays a 404 instead of turning into HTML.
pub fn is_page_path(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    !last.contains('.') && !path.starts_with("/api/")
}

pub fn service(dir: &Path) -> StaticService {
    let index = ServeFile::new(dir.join("index.html"));
    let fallback = service_fn(move |req: Request<Body>| {
        let index = index.clone();
        async move {
            if is_page_path(req.uri().path()) {
                let res = index.oneshot(req).await.into_response();
                Ok::<_, Infallible>(res.map(Body::new))
            } else {
                Ok((StatusCode::NOT_FOUND, "not found").into_response())
            }
        }
    });
    let files = ServeDir::new(dir).fallback(fallback);
    // Stable file names (no hashes, so docs pages can embed them): revalidate each time.
    let no_cache = SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );
    // The wasm is ~0.8 MB raw and ~0.3 MB compressed: send what the browser accepts.
    let compressed = CompressionLayer::new()
        .gzip(true)
        .br(true)
        .layer(no_cache.layer(files));
    BoxCloneSyncService::new(compressed.map_response(|res| res.map(Body::new)))
}

#[cfg(test)]
mod tests {
    use super::is_page_path;

    #[test]
    fn pages_fall_back_and_assets_do_not() {
        assert!(is_page_path("/cards"));
        assert!(is_page_path("/"));
        assert!(is_page_path("/no/such/page"));
        assert!(!is_page_path("/billing-testkit.js"));
        assert!(!is_page_path("/api/v1/internal/billing/nope"));
    }
}
