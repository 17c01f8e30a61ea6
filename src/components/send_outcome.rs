//! What a receiver answered (status, time, body), or why nothing was sent or answered.

use leptos::prelude::*;

use crate::api::post::SendOutcome;
use crate::browser::clock::format_ms;

/// `testid` prefixes the parts: `{testid}-status`, `{testid}-body`, `{testid}-error`.
#[component]
pub fn SendOutcomeView(outcome: SendOutcome, testid: &'static str) -> impl IntoView {
    match outcome {
        SendOutcome::Answered { status, millis, body } => {
            let ok = (200..300).contains(&status);
            view! {
                <p class=if ok { "btk-verdict-ok" } else { "btk-verdict-bad" }
                    data-testid=format!("{testid}-status") data-status=status>
                    <strong>{format!("HTTP {status}")}</strong>
                    {format!(" in {} ms", format_ms(millis, 0))}
                </p>
                <pre class="btk-response" data-testid=format!("{testid}-body")>{body}</pre>
            }
            .into_any()
        }
        SendOutcome::Refused(reason) | SendOutcome::Blocked(reason) => view! {
            <p class="btk-field-error" role="alert" data-testid=format!("{testid}-error")>{reason}</p>
        }
        .into_any(),
    }
}
