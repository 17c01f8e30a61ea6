//! Signing exact bytes instead of the editor's text: a file, base64 or hex. The inputs are
//! a part ([`ExactBytesPart`]) behind a button; it tells the page the bytes given (or why
//! they are unusable, or `None` for the editor's text), its one tie to the page.

use leptos::prelude::*;

use super::body_input::{BodyInput, BodyModes};
use super::state::SignerState;
use crate::components::{show_part, Events, Part, PartInfo, PartToggle};

/// The bytes given, why they are unusable, or `None`: the editor's text is signed.
type Exact = Option<Result<Vec<u8>, String>>;

/// The button that opens the exact-bytes inputs; while they are closed, the editor's text
/// is signed.
#[component]
pub fn ExactBytesToggle(state: SignerState) -> impl IntoView {
    let take = move |exact: Exact| {
        state.exact.try_set(exact);
    };
    view! {
        <PartToggle testid="sig-body-exact-open" id="btk-sig-body-exact"
            show="Sign exact bytes instead (a file, base64 or hex)"
            hide="Close the exact-bytes inputs (sign the editor's text)"
            part={move || show_part::<ExactBytesPart>(Signal::stored(()), take)}/>
    }
}

/// The exact-bytes inputs: every change of the bytes given goes to the page; closing
/// them gives the page back the editor's text.
pub struct ExactBytesPart;

impl Part for ExactBytesPart {
    const INFO: PartInfo = PartInfo {
        name: "signer-bytes",
        loading: "Loading the exact-bytes inputs…",
        separate: false,
    };
    type Input = ();
    type Event = Exact;

    fn view(_: Signal<()>, events: Events<Exact>) -> AnyView {
        let input = BodyInput::new();
        Effect::new(move |_| events.send(input.exact_bytes_or_text()));
        on_cleanup(move || events.send(None));
        view! {
            <div data-testid="sig-body-exact">
                <BodyModes input=input prefix="sig-body" text_label="The editor's text"/>
            </div>
        }
        .into_any()
    }
}
