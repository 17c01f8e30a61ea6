//! POSTing a signed event to a webhook receiver, with plain words for what went wrong.

use gloo_net::http::Request;
use testkit_core::endpoints::refuse_destination;

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

pub async fn post_webhook(url: &str, header: &str, body: String) -> SendOutcome {
    if let Some(reason) = refuse_destination(url) {
        return SendOutcome::Refused(reason);
    }
    let started = perf_ms();
    let request = Request::post(url)
        .header("Content-Type", "application/json")
        .header("Stripe-Signature", header)
        .body(body);
    let request = match request {
        Ok(r) => r,
        Err(_) => {
            return SendOutcome::Blocked(format!("\"{url}\" is not a URL the browser can send to."))
        }
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
        Err(_) if is_same_origin(url) => SendOutcome::Blocked(format!(
            "No answer from {url}: the server is not running or not reachable from this page."
        )),
        Err(_) => SendOutcome::Blocked(format!(
            "The browser blocked the request to {url}, or the server did not answer. A receiver on \
             another origin must allow CORS for the Stripe-Signature header; if it does not, copy \
             the curl command above and run it in a terminal instead."
        )),
    }
}
