//! Serves the built site (`site build`'s dist): pages by route (`/cards` is `cards.html`,
//! an unknown page is `404.html` with status 404), files as stored, with the variant the
//! build precompressed for the client's `Accept-Encoding` (brotli, gzip, else identity).
//! Content-hashed files are cached for good; the pages and the loader are revalidated on
//! every visit. CORS: the loader answers every origin (so that on a docs page it can say
//! why a disallowed origin gets no widgets); every other file only the allowed origins.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, StatusCode, Uri};
use tower::util::BoxCloneSyncService;
use tower::ServiceExt;
use tower_http::services::ServeDir;

type StaticService = BoxCloneSyncService<Request<Body>, Response<Body>, Infallible>;

/// The stable URL docs pages load.
pub const LOADER: &str = "/testkit-embed.js";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// True for paths a browser navigates to (no extension in the last segment); a missing
/// `.js` or `.wasm` stays a plain 404 instead of turning into a page.
pub fn is_page_path(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    !last.contains('.') && !path.starts_with("/api/")
}

/// True for a content-hashed file name as the build writes them: `cards-0123456789ab.wasm`
/// (12 hex digits before the extension).
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        hash.len() == 12
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// Which file a page path is: the route's page, or `None` (the 404 page). A folder with
/// no 404 page holds a one-bundle app (`trunk build`), whose one page shows every route.
fn page_file(dir: &Path, path: &str) -> Option<String> {
    if !dir.join("404.html").is_file() {
        return Some("/index.html".to_string());
    }
    let trimmed = path.trim_end_matches('/');
    let file = if trimmed.is_empty() {
        "/index.html".to_string()
    } else {
        format!("{trimmed}.html")
    };
    dir.join(file.trim_start_matches('/'))
        .is_file()
        .then_some(file)
}

fn with_path(req: Request<Body>, path: &str) -> Request<Body> {
    let (mut parts, body) = req.into_parts();
    if let Ok(uri) = path.parse::<Uri>() {
        parts.uri = uri;
    }
    Request::from_parts(parts, body)
}

/// `Access-Control-Allow-Origin` for a request to `path` from `origin`, if any.
fn allow_origin(
    path: &str,
    origin: Option<&HeaderValue>,
    allowed: &[String],
) -> Option<HeaderValue> {
    if path == LOADER {
        return Some(HeaderValue::from_static("*"));
    }
    let origin = origin?;
    let text = origin.to_str().ok()?;
    allowed.iter().any(|a| a == text).then(|| origin.clone())
}

pub fn service(dir: &Path, cors_origins: &[String]) -> StaticService {
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false);
    let dir: Arc<PathBuf> = Arc::new(dir.to_path_buf());
    let allowed: Arc<Vec<String>> = Arc::new(cors_origins.to_vec());
    let serve = tower::service_fn(move |req: Request<Body>| {
        let (files, dir, allowed) = (files.clone(), dir.clone(), allowed.clone());
        async move {
            let asked = req.uri().path().to_string();
            let origin = req.headers().get(header::ORIGIN).cloned();
            let (req, missing) = if is_page_path(&asked) {
                match page_file(&dir, &asked) {
                    Some(file) => (with_path(req, &file), false),
                    None => (with_path(req, "/404.html"), true),
                }
            } else {
                (req, false)
            };
            let served = req.uri().path().to_string();
            let mut res = files
                .oneshot(req)
                .await
                .map(|r| r.map(Body::new))
                .unwrap_or_else(|e| {
                    let mut res = Response::new(Body::from(e.to_string()));
                    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                    res
                });
            if missing && res.status().is_success() {
                *res.status_mut() = StatusCode::NOT_FOUND;
            }
            let cache = if is_hashed(&served) && res.status().is_success() {
                IMMUTABLE
            } else {
                REVALIDATE
            };
            let headers = res.headers_mut();
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            if let Some(value) = allow_origin(&served, origin.as_ref(), &allowed) {
                headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
            }
            // The stored variant depends on Accept-Encoding, and the CORS answer on Origin.
            headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
            if served != LOADER {
                headers.append(header::VARY, HeaderValue::from_static("origin"));
            }
            Ok::<_, Infallible>(res)
        }
    });
    BoxCloneSyncService::new(serve)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_fall_back_and_assets_do_not() {
        assert!(is_page_path("/cards"));
        assert!(is_page_path("/"));
        assert!(is_page_path("/no/such/page"));
        assert!(!is_page_path("/testkit-embed.js"));
        assert!(!is_page_path("/api/v1/internal/billing/nope"));
    }

    #[test]
    fn a_site_serves_route_pages_and_a_one_bundle_app_its_one_page() {
        let dir = std::env::temp_dir().join(format!("btk-static-{}", std::process::id()));
        let (site, whole) = (dir.join("site"), dir.join("whole"));
        for (folder, files) in [
            (&site, &["index.html", "cards.html", "404.html"][..]),
            (&whole, &["index.html"][..]),
        ] {
            std::fs::create_dir_all(folder).unwrap();
            for file in files {
                std::fs::write(folder.join(file), "<!doctype html>").unwrap();
            }
        }
        assert_eq!(page_file(&site, "/").as_deref(), Some("/index.html"));
        assert_eq!(page_file(&site, "/cards/").as_deref(), Some("/cards.html"));
        assert_eq!(page_file(&site, "/nope"), None);
        assert_eq!(page_file(&whole, "/cards").as_deref(), Some("/index.html"));
        assert_eq!(page_file(&whole, "/nope").as_deref(), Some("/index.html"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_content_hashed_names_are_immutable() {
        assert!(is_hashed("/cards-0123456789ab.wasm"));
        assert!(is_hashed("/cards-widget-0123456789ab.html"));
        assert!(!is_hashed("/testkit-embed.js"));
        assert!(!is_hashed("/cards.html"));
        assert!(!is_hashed("/docs-example.html"));
        assert!(!is_hashed("/cards-0123456789AB.wasm"));
        assert!(!is_hashed("/cards-0123456789a.wasm"));
    }

    #[test]
    fn the_loader_answers_every_origin_and_the_rest_only_allowed_ones() {
        let docs = HeaderValue::from_static("https://docs.example");
        let other = HeaderValue::from_static("https://elsewhere.example");
        let allowed = vec!["https://docs.example".to_string()];
        assert_eq!(allow_origin(LOADER, Some(&other), &[]).unwrap(), "*");
        assert_eq!(
            allow_origin("/cards-0123456789ab.js", Some(&docs), &allowed).unwrap(),
            docs
        );
        assert!(allow_origin("/cards-0123456789ab.js", Some(&other), &allowed).is_none());
        assert!(allow_origin("/cards-0123456789ab.js", None, &allowed).is_none());
    }
}
