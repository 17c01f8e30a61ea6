//! The lifecycle replay's HTTP: one signed delivery to the receiver, one read of Queue's
//! internal API. What to send and when is the run's (testkit-core's replay decides it);
//! every request of a run shares one [`Abort`], so Cancel and leaving the page stop the
//! request in flight at once.

use gloo_net::http::Request;
use testkit_core::replay::{QueueRead, ReadAnswer};

use super::abort::Abort;
use super::post::{no_answer, post_json_abortable, SendOutcome};

/// Seconds each request may take (as `billing-sandbox replay`'s default).
pub const TIMEOUT_SECS: u32 = 10;

/// What the browser needs from a receiver on another origin, said when it blocks a send.
const RECEIVER_HINT: &str = "A receiver on another origin must allow CORS for the \
    Stripe-Signature header; if it does not, run the same replay in a terminal instead: \
    billing-sandbox replay --scenario <letter> --to <receiver URL> --queue <Queue base URL>.";

/// The same for Queue's internal API.
const QUEUE_HINT: &str = "A Queue on another origin must allow CORS for the Authorization \
    header; if it does not, run the same replay in a terminal instead: billing-sandbox \
    replay --scenario <letter> --to <receiver URL> --queue <Queue base URL>.";

/// Why a run cannot go on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Halt {
    /// The person pressed Cancel, or left the page.
    Cancelled,
    /// A receiver or Queue that did not answer, refused the token, or may not be used.
    Unusable(String),
}

/// Why an aborted request failed: a deadline (said as `what` did not answer in time) or
/// a cancel.
fn aborted(abort: &Abort, what: &str) -> Halt {
    if abort.timed_out() {
        Halt::Unusable(format!("{what} did not answer within {TIMEOUT_SECS} s."))
    } else {
        Halt::Cancelled
    }
}

/// One delivery: POSTs the exact `body` with `Stripe-Signature: header` to `to`. The
/// receiver's status, its answer and the time it took in milliseconds.
pub async fn deliver(
    to: &str,
    header: &str,
    body: String,
    abort: &Abort,
) -> Result<(u16, String, u64), Halt> {
    post(to, &[("Stripe-Signature", header)], body, abort).await
}

/// One App Store notification (`{"signedPayload": ...}`, scenario H) to Raptor's
/// receiver at `to`: as [`deliver`], without a Stripe signature (the JWS is the proof).
pub async fn deliver_notification(
    to: &str,
    body: String,
    abort: &Abort,
) -> Result<(u16, String, u64), Halt> {
    post(to, &[], body, abort).await
}

async fn post(
    to: &str,
    headers: &[(&str, &str)],
    body: String,
    abort: &Abort,
) -> Result<(u16, String, u64), Halt> {
    let deadline = abort.deadline(TIMEOUT_SECS);
    let outcome = post_json_abortable(to, headers, body, RECEIVER_HINT, Some(abort)).await;
    drop(deadline);
    if abort.aborted() {
        return Err(aborted(abort, &format!("The receiver at {to}")));
    }
    match outcome {
        SendOutcome::Answered {
            status,
            millis,
            body,
        } => Ok((status, body, millis.max(0.0) as u64)),
        SendOutcome::Refused(why) | SendOutcome::Blocked(why) => Err(Halt::Unusable(why)),
    }
}

/// One read of Queue's internal API at `queue` (its base URL) with the bearer `token`.
/// A 401 or 403 stops the run: no later read would get further.
pub async fn read(
    queue: &str,
    token: &str,
    read: QueueRead,
    abort: &Abort,
) -> Result<ReadAnswer, Halt> {
    let url = format!("{queue}{}", read.path);
    let deadline = abort.deadline(TIMEOUT_SECS);
    let sent = Request::get(&url)
        .header("Authorization", &format!("Bearer {token}"))
        .abort_signal(Some(&abort.signal()))
        .send()
        .await;
    let answer = match sent {
        Ok(response) => Some((response.status(), response.text().await.unwrap_or_default())),
        Err(_) => None,
    };
    drop(deadline);
    if abort.aborted() {
        return Err(aborted(abort, &format!("Queue at {queue}")));
    }
    match answer {
        Some((status @ (401 | 403), _)) => Err(Halt::Unusable(format!(
            "Queue refused the token ({status}) on {}.",
            read.path
        ))),
        Some((status, body)) => Ok(ReadAnswer { read, status, body }),
        None => Err(Halt::Unusable(no_answer(&url, QUEUE_HINT))),
    }
}
