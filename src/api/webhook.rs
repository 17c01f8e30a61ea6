//! POSTing a signed Stripe event to a webhook receiver.

use super::post::post_json;
pub use super::post::SendOutcome;

pub async fn post_webhook(url: &str, header: &str, body: String) -> SendOutcome {
    post_json(
        url,
        &[("Stripe-Signature", header)],
        body,
        "A receiver on another origin must allow CORS for the Stripe-Signature header; if it \
         does not, copy the curl command above and run it in a terminal instead.",
    )
    .await
}
