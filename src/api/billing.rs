//! Queue's and Raptor's list APIs: every page of a list, with progress, cancellation, a
//! per-request timeout, and a specific error for each way a source can fail.

use gloo_net::http::Response;
use js_sys::{Promise, Uint8Array};
use testkit_core::contract::{error_message, FromRow, MAX_LIMIT};
use testkit_core::subscribers::{read_page, BadRow, PageError};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestCache, RequestInit};

pub use super::abort::Abort;

/// Why a source could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    NoToken,
    /// The token has characters an HTTP header cannot carry.
    BadToken,
    Unauthorized(String),
    Forbidden(String),
    RateLimited {
        retry_after: Option<u64>,
        message: String,
    },
    Server {
        status: u16,
        message: String,
    },
    Status {
        status: u16,
        message: String,
    },
    /// A non-2xx answer whose body is not JSON (a proxy's page).
    NotJsonError {
        status: u16,
    },
    /// A 2xx answer whose body is not JSON.
    NotJson,
    NotAList,
    Timeout {
        seconds: u32,
    },
    Network,
    Cancelled,
}

impl FetchError {
    /// A sentence for the person, naming the source.
    pub fn describe(&self, source: &str) -> String {
        match self {
            FetchError::NoToken => format!("{source}: no bearer token. Enter the service token in Sources."),
            FetchError::BadToken => format!(
                "{source}: the bearer token cannot be sent: it has a line break or a character outside Latin-1, which an HTTP header cannot carry."
            ),
            FetchError::Unauthorized(m) => format!("{source}: 401 unauthorized: the token is missing or wrong ({m})."),
            FetchError::Forbidden(m) => format!("{source}: 403 forbidden: this token may not read billing ({m})."),
            FetchError::RateLimited { retry_after: Some(s), .. } => {
                format!("{source}: 429 rate limited: retry in {s} s.")
            }
            FetchError::RateLimited { message, .. } => format!("{source}: 429 rate limited ({message})."),
            FetchError::Server { status, message } => format!("{source}: server error {status} ({message})."),
            FetchError::Status { status, message } => format!("{source}: HTTP {status} ({message})."),
            FetchError::NotJsonError { status } => {
                format!("{source}: HTTP {status}, and the body is not JSON (a proxy or gateway page?).")
            }
            FetchError::NotJson => format!("{source}: the answer is not JSON."),
            FetchError::NotAList => format!("{source}: the answer is JSON but not a list."),
            FetchError::Timeout { seconds } => format!("{source}: no answer within {seconds} s (timeout)."),
            FetchError::Network => format!(
                "{source}: the request failed: the service is unreachable, or the browser blocked it (CORS)."
            ),
            FetchError::Cancelled => format!("{source}: loading was cancelled."),
        }
    }
}

/// Where a source lives and how to call it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub base: String,
    pub path: String,
    pub token: String,
    pub timeout_secs: u32,
}

async fn error_from(response: Response) -> FetchError {
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse().ok());
    let text = response.text().await.unwrap_or_default();
    let Some(message) = error_message(&text) else {
        return FetchError::NotJsonError { status };
    };
    match status {
        401 => FetchError::Unauthorized(message),
        403 => FetchError::Forbidden(message),
        429 => FetchError::RateLimited {
            retry_after,
            message,
        },
        500..=599 => FetchError::Server { status, message },
        _ => FetchError::Status { status, message },
    }
}

/// A body's bytes as `Response.text()` would give them (a leading BOM dropped, bytes that
/// are not UTF-8 replaced), read without a JS string in between: decoding each page into
/// one and encoding it back into the wasm's memory took longer than reading its rows.
fn text_of(bytes: Vec<u8>) -> String {
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// What every page of one list is asked with: the bearer token, no disk cache, and the
/// load's abort signal. Built once per list and reused for each of its pages: building a
/// request (headers, options, a `Request` object) for each of 1,500 pages was a third of
/// the page's own work per page, on the thread that also reads them.
fn request_init(endpoint: &Endpoint, abort: &Abort) -> Result<RequestInit, FetchError> {
    let headers = Headers::new().map_err(|_| FetchError::Network)?;
    headers
        .set("Authorization", &format!("Bearer {}", endpoint.token))
        .map_err(|_| FetchError::BadToken)?;
    let init = RequestInit::new();
    init.set_headers(&headers);
    // `no-store`: a list page is read once, and live billing data (emails, ids) has no
    // place in the disk cache; storing 2,000 pages of 30 KB for nothing was about a
    // third of the browser's network process's work per page.
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&abort.signal()));
    Ok(init)
}

/// The URL of the page after `after` (the first page without it).
fn page_url(endpoint: &Endpoint, after: Option<&str>) -> String {
    let join = if endpoint.path.contains('?') {
        '&'
    } else {
        '?'
    };
    let mut url = format!(
        "{}{}{join}limit={MAX_LIMIT}",
        endpoint.base.trim_end_matches('/'),
        endpoint.path
    );
    if let Some(after) = after {
        url.push_str("&starting_after=");
        url.push_str(&String::from(js_sys::encode_uri_component(after)));
    }
    url
}

/// Waits for a promise; its rejection (a network failure or an abort) is `Network`.
async fn settle<T: JsCast>(promise: Promise) -> Result<T, FetchError> {
    JsFuture::from(promise)
        .await
        .map(JsCast::unchecked_into)
        .map_err(|_| FetchError::Network)
}

async fn get_page(
    endpoint: &Endpoint,
    init: &RequestInit,
    after: Option<&str>,
    abort: &Abort,
) -> Result<String, FetchError> {
    let deadline = abort.deadline(endpoint.timeout_secs);
    let promise =
        crate::browser::window().fetch_with_str_and_init(&page_url(endpoint, after), init);
    let result = match settle::<web_sys::Response>(promise).await {
        Ok(response) if response.ok() => match response.array_buffer() {
            Ok(body) => settle::<js_sys::ArrayBuffer>(body)
                .await
                .map(|bytes| text_of(Uint8Array::new(&bytes).to_vec())),
            Err(_) => Err(FetchError::Network),
        },
        Ok(response) => Err(error_from(Response::from(response)).await),
        Err(err) => Err(err),
    };
    drop(deadline);
    result.map_err(|err| match () {
        _ if abort.timed_out() => FetchError::Timeout {
            seconds: endpoint.timeout_secs,
        },
        _ if abort.aborted() => FetchError::Cancelled,
        _ => err,
    })
}

/// Every row of a list endpoint, following `starting_after` until `has_more` is false
/// (a bare array is one complete page). `progress(pages, rows)` runs after each page.
pub async fn fetch_all<T: FromRow>(
    endpoint: &Endpoint,
    abort: &Abort,
    mut progress: impl FnMut(usize, usize),
) -> Result<(Vec<T>, Vec<BadRow>), FetchError> {
    if endpoint.token.trim().is_empty() {
        return Err(FetchError::NoToken);
    }
    let mut rows: Vec<T> = Vec::new();
    let mut bad = Vec::new();
    let mut pages = 0;
    every_page(endpoint, abort, &mut |text| {
        let page = read_page::<T>(text).map_err(|e| match e {
            PageError::NotJson => FetchError::NotJson,
            PageError::NotAList => FetchError::NotAList,
        })?;
        pages += 1;
        bad.extend(page.bad_rows);
        rows.extend(page.rows);
        progress(pages, rows.len());
        Ok((page.has_more, page.last_id))
    })
    .await?;
    Ok((rows, bad))
}

/// Whether another page follows, and the cursor to it.
type More = (bool, Option<String>);

/// Asks for each page and gives its text to `read`, which says whether another follows
/// and the cursor to it. Not generic, so the bundle holds this loop once rather than once
/// per row type.
async fn every_page(
    endpoint: &Endpoint,
    abort: &Abort,
    read: &mut dyn FnMut(&str) -> Result<More, FetchError>,
) -> Result<(), FetchError> {
    let init = request_init(endpoint, abort)?;
    let mut after: Option<String> = None;
    loop {
        let text = get_page(endpoint, &init, after.as_deref(), abort).await?;
        let (has_more, last_id) = read(&text)?;
        // A cursor that does not move would page forever.
        if !has_more || last_id.is_none() || last_id == after {
            return Ok(());
        }
        after = last_id;
    }
}
