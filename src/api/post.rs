//! POSTing a body to a receiver (a Stripe webhook endpoint, Raptor's App Store endpoint)
//! and saying plainly what came back or why nothing did.

use gloo_net::http::Request;
use testkit_core::endpoints::refuse_destination;

use super::abort::Abort;
use crate::browser::clock::perf_ms;
use crate::browser::origin::is_same_origin;

/// Longest response body shown.
const BODY_LIMIT: usize = 4096;

#[derive(Clone, Debug, PartialEq)]
pub enum SendOutcome {
    /// The receiver answered (any status).
    Answered {
        status: u16,
        millis: f64,
        body: String,
    },
    /// Not sent: the destination is forbidden for test traffic.
    Refused(String),
    /// The browser could not complete the request.
    Blocked(String),
}

/// Why nothing came back from `url`: not running, or (on another origin) blocked by the
/// browser, with `cross_origin_hint` saying what such a server must allow.
pub fn no_answer(url: &str, cross_origin_hint: &str) -> String {
    if is_same_origin(url) {
        format!("No answer from {url}: the server is not running or not reachable from this page.")
    } else {
        format!(
            "The browser blocked the request to {url}, or the server did not answer. {cross_origin_hint}"
        )
    }
}

/// POSTs `body` as JSON with `headers`. `cross_origin_hint` says what a receiver on
/// another origin must allow, for when the browser blocks the request.
pub async fn post_json(
    url: &str,
    headers: &[(&str, &str)],
    body: String,
    cross_origin_hint: &str,
) -> SendOutcome {
    post_json_abortable(url, headers, body, cross_origin_hint, None).await
}

/// [`post_json`], aborted with `abort` (a request aborted fails as [`SendOutcome::Blocked`];
/// the caller asks `abort` whether it was cancelled or timed out).
pub async fn post_json_abortable(
    url: &str,
    headers: &[(&str, &str)],
    body: String,
    cross_origin_hint: &str,
    abort: Option<&Abort>,
) -> SendOutcome {
    if let Some(reason) = refuse_destination(url) {
        return SendOutcome::Refused(reason);
    }
    let started = perf_ms();
    let mut request = Request::post(url).header("Content-Type", "application/json");
    for (name, value) in headers {
        request = request.header(name, value);
    }
    if let Some(abort) = abort {
        request = request.abort_signal(Some(&abort.signal()));
    }
    let Ok(request) = request.body(body) else {
        return SendOutcome::Blocked(format!("\"{url}\" is not a URL the browser can send to."));
    };
    match request.send().await {
        Ok(response) => {
            let status = response.status();
            let mut text = response.text().await.unwrap_or_default();
            if text.len() > BODY_LIMIT {
                let cut = (0..=BODY_LIMIT)
                    .rev()
                    .find(|i| text.is_char_boundary(*i))
                    .unwrap_or(0);
                text.truncate(cut);
                text.push_str("\n… (truncated)");
            }
            SendOutcome::Answered {
                status,
                millis: perf_ms() - started,
                body: text,
            }
        }
        Err(_) => SendOutcome::Blocked(no_answer(url, cross_origin_hint)),
    }
}
