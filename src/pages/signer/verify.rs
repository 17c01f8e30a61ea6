//! The verify panel: a pasted header, a body (text, or exact bytes from a file, base64 or
//! hex) and secrets, and a verdict with the precise reason, in the order and wording of
//! Stripe's own libraries. It is a part ([`VerifyPart`]): the page gives it the signer's
//! output, its one tie to the page.

use leptos::prelude::*;
use testkit_core::bytes::Purpose;
use testkit_core::keys::refuse_as_webhook_secret;
use testkit_core::signature::{
    check_signature, describe_age, Checked, Failure, Verification, DEFAULT_TOLERANCE_SECS,
};

use super::body_input::{pasted_text, BodyBytes, BodyInput, BodyMode};
use super::causes::{mismatch_view, Search, Searcher};
use super::state::{Signed, SignerState};
use crate::browser::clock::ticking_now;
use crate::components::{
    show_part, Events, Field, Part, PartInfo, PartToggle, SecretInput, TextField,
};

const MAX_SECRETS: usize = 4;

/// Whether a text box holding `value` holds exactly the pasted `raw` text: a text box turns
/// CRLF and lone CR into LF.
fn text_box_holds(raw: &str, value: &str) -> bool {
    let mut kept = Vec::with_capacity(raw.len());
    let raw = raw.as_bytes();
    for (i, &b) in raw.iter().enumerate() {
        match b {
            b'\r' if raw.get(i + 1) == Some(&b'\n') => {}
            b'\r' => kept.push(b'\n'),
            _ => kept.push(b),
        }
    }
    kept == value.as_bytes()
}

/// "12 CRLF line endings", "1 CR character"...
fn cr_count_words(text: &str) -> String {
    let bytes = text.as_bytes();
    let cr = bytes.iter().filter(|b| **b == b'\r').count();
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    if crlf == cr {
        format!(
            "{crlf} CRLF line ending{}",
            if crlf == 1 { "" } else { "s" }
        )
    } else {
        format!("{cr} CR character{}", if cr == 1 { "" } else { "s" })
    }
}

/// The signer's output as "Use the signer's output" takes it: the header, the body (the
/// editor's text, or exact bytes) and the secrets, given by the page to the part in
/// memory only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SignerOutput {
    pub header: String,
    /// The editor's text, when the body is text.
    pub text: Option<String>,
    /// The exact bytes, when the body is not text.
    pub bytes: Vec<u8>,
    /// The endpoint secret, then the second one if given.
    pub secrets: Vec<String>,
}

impl SignerOutput {
    /// What the signer signed as it stands, or `None` when it has nothing signed.
    fn of(state: SignerState, signed: Memo<Result<Signed, String>>) -> Option<SignerOutput> {
        let header = signed.try_get()?.ok()?.header;
        let text = state
            .exact
            .try_with(Option::is_none)?
            .then(|| state.payload.get());
        let bytes = match text {
            Some(_) => Vec::new(),
            None => state.body.try_get()?.ok()?,
        };
        let mut secrets = vec![state.secret.get()];
        secrets.extend(Some(state.secret_2.get()).filter(|s| !s.is_empty()));
        Some(SignerOutput {
            header,
            text,
            bytes,
            secrets,
        })
    }
}

/// The verifier: given the signer's output, for "Use the signer's output".
pub struct VerifyPart;

impl Part for VerifyPart {
    const INFO: PartInfo = PartInfo {
        name: "signer-verify",
        loading: "Loading the verifier…",
        separate: true,
    };
    type Input = Option<SignerOutput>;
    type Event = ();

    fn view(input: Signal<Self::Input>, _: Events<()>) -> AnyView {
        view! { <VerifyPanel now=ticking_now() take_output=move || input.get_untracked()/> }
            .into_any()
    }
}

/// The section on the page: what verifying does, and the verifier behind a button.
#[component]
pub fn VerifySection(state: SignerState, signed: Memo<Result<Signed, String>>) -> impl IntoView {
    let output = Signal::derive(move || SignerOutput::of(state, signed));
    view! {
        <section class="btk-panel" aria-labelledby="btk-verify-title">
            <h2 id="btk-verify-title">"Verify a header"</h2>
            <p class="btk-muted">
                "Give what a receiver got: paste the text, or give the exact bytes as a file, base64 or hex \
                 (a text box turns CRLF into LF). The verdict follows stripe-python's checks: header, secret, \
                 v1 present, signature match, then age."
            </p>
            <PartToggle testid="verify-open" id="btk-verify-form" show="Verify a header"
                hide="Hide the verifier" part={move || show_part::<VerifyPart>(output, |()| {})}/>
        </section>
    }
}

#[component]
fn VerifyPanel(
    /// Unix seconds, ticking: the timestamp's age is checked against it.
    now: RwSignal<i64>,
    /// The signer's output, if it has one.
    take_output: impl Fn() -> Option<SignerOutput> + Copy + 'static,
) -> impl IntoView {
    let header = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let body_input = BodyInput::new();
    // The clipboard text of the last paste into the body, when it had CR characters that
    // the text box turned into LF (kept while the box still holds exactly that paste).
    let pasted_raw = RwSignal::new(None::<String>);
    let secrets: [RwSignal<String>; MAX_SECRETS] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let secret_count = RwSignal::new(1usize);
    let tolerance_text = RwSignal::new(DEFAULT_TOLERANCE_SECS.to_string());

    let body_bytes = Memo::new(move |_| {
        if body_input.mode.get() == BodyMode::Text {
            Ok(body.with(|b| b.as_bytes().to_vec()))
        } else {
            body_input.exact_bytes()
        }
    });
    let tolerance = Memo::new(move |_| {
        tolerance_text.with(|t| {
            t.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| format!("Tolerance is whole seconds, 0 or more (0 turns the age check off), not \"{t}\"."))
        })
    });
    let any_refused = Memo::new(move |_| {
        secrets
            .iter()
            .any(|s| s.with(|s| refuse_as_webhook_secret(s).is_some()))
    });
    let given = move || -> Vec<String> {
        secrets
            .iter()
            .take(secret_count.get())
            .map(|s| s.get())
            .collect()
    };
    // The signature's verdict, which does not depend on the time: a pass or two over the body
    // per secret, made again only when the inputs change (not at every tick of `now`).
    let checked = Memo::new(move |_| -> Option<Result<Checked, String>> {
        let no_body = body_bytes.with(|b| b.as_ref().map_or(true, Vec::is_empty));
        if (header.with(String::is_empty) && no_body) || any_refused.get() {
            return None;
        }
        let given = given();
        let refs: Vec<&str> = given.iter().map(String::as_str).collect();
        Some(body_bytes.with(|b| match b {
            Ok(bytes) => Ok(header.with(|h| check_signature(h, bytes, &refs))),
            Err(e) => Err(format!("{e} Nothing was verified.")),
        }))
    });
    let verdict = Memo::new(move |_| {
        let no_body = body_bytes.with(|b| b.as_ref().map_or(true, Vec::is_empty));
        if header.with(String::is_empty) && no_body {
            return None;
        }
        if any_refused.get() {
            return Some(Err(
                "A secret is refused (see above); nothing was verified.".to_string(),
            ));
        }
        let tolerance = match tolerance.get() {
            Ok(t) => t,
            Err(e) => return Some(Err(e)),
        };
        let now = now.get();
        checked.get().map(|c| c.map(|c| c.at(tolerance, now)))
    });
    // A mismatch starts the search for its cause, after the verdict is shown; new inputs
    // stop it and start another.
    let searcher = Searcher::new();
    Effect::new(move |_| {
        body_bytes.track();
        header.track();
        let given = given();
        match checked.get() {
            Some(Ok(Checked {
                result: Err(Failure::Mismatch(quick)),
                ..
            })) => {
                let body = body_bytes.with_untracked(|b| b.clone().unwrap_or_default());
                searcher.start(quick, header.get_untracked(), body, given);
            }
            _ => searcher.stop(),
        }
    });
    // Said when the signer has nothing signed to take.
    let nothing_signed = RwSignal::new(false);
    let use_signed = move |_| {
        let Some(output) = take_output() else {
            nothing_signed.set(true);
            return;
        };
        nothing_signed.set(false);
        header.set(output.header);
        pasted_raw.set(None);
        match output.text {
            Some(text) => {
                body.set(text);
                body_input.mode.set(BodyMode::Text);
            }
            None => body_input.set_exact(&output.bytes),
        }
        let mut given = output.secrets.into_iter();
        secrets[0].set(given.next().unwrap_or_default());
        if let Some(second) = given.next() {
            secrets[1].set(second);
            secret_count.update(|c| *c = (*c).max(2));
        }
    };
    let use_pasted = move |_| {
        if let Some(raw) = pasted_raw.get_untracked() {
            body_input.set_exact(raw.as_bytes());
            pasted_raw.set(None);
        }
    };
    let text_input: ChildrenFn = std::sync::Arc::new(move || {
        view! {
            <Field label="Body (raw, exactly as received)" testid="verify-payload" wide=true>
                <textarea class="btk-editor btk-editor-short" data-testid="verify-payload" spellcheck="false" rows="6"
                    prop:value=move || body.get()
                    on:paste=move |ev| {
                        pasted_raw.set(pasted_text(&ev).filter(|t| t.contains('\r')));
                    }
                    on:input:target=move |ev| {
                        let value = ev.target().value();
                        let same_paste = pasted_raw.with_untracked(|raw| {
                            raw.as_ref().is_some_and(|raw| text_box_holds(raw, &value))
                        });
                        if !same_paste {
                            pasted_raw.set(None);
                        }
                        body.set(value);
                    }></textarea>
            </Field>
            {move || pasted_raw.get().map(|raw| view! {
                <div class="btk-field-warning" data-testid="verify-pasted-cr">
                    <p>
                        {format!(
                            "What you pasted had {}, and this text box turned them into LF: the verdict below is \
                             for LF line endings. If your receiver got them as pasted, verify the pasted bytes as \
                             they were.",
                            cr_count_words(&raw)
                        )}
                    </p>
                    <button type="button" class="btk-secondary" data-testid="verify-use-pasted" on:click=use_pasted>
                        "Verify the pasted bytes as they were"
                    </button>
                </div>
            })}
        }
        .into_any()
    });

    view! {
        <div class="btk-verify-form" data-testid="verify-form">
            <button type="button" class="btk-secondary" data-testid="verify-use-signed" on:click=use_signed>
                "Use the signer's output"
            </button>
            {move || nothing_signed.get().then(|| view! {
                <p class="btk-field-error" role="alert" data-testid="verify-use-signed-error">
                    "The signer has nothing signed: fix what it marks above, then try again."
                </p>
            })}
            <TextField label="Stripe-Signature header" testid="verify-header" value=header
                placeholder="t=1700000000,v1=…" wide=true/>
            <BodyBytes input=body_input prefix="verify-body" text_label="Text" purpose=Purpose::Verify
                bytes=body_bytes text=text_input/>
            <div class="btk-form-grid">
                {secrets.into_iter().enumerate().map(|(i, secret)| {
                    let testid: &'static str = ["verify-secret", "verify-secret-2", "verify-secret-3", "verify-secret-4"][i];
                    view! {
                        <Show when=move || { i < secret_count.get() }>
                            <SecretInput
                                value=secret
                                label=format!("Secret {}", i + 1)
                                testid=testid
                                placeholder="whsec_…"
                                refusal=SignerState::secret_refusal(secret)
                            />
                        </Show>
                    }
                }).collect_view()}
                <TextField label="Tolerance (s)" testid="verify-tolerance" value=tolerance_text kind="number"/>
            </div>
            <button type="button" class="btk-secondary" data-testid="verify-add-secret"
                disabled=move || { secret_count.get() >= MAX_SECRETS }
                on:click=move |_| secret_count.update(|c| *c = (*c + 1).min(MAX_SECRETS))>
                "Add a secret"
            </button>
            <div class="btk-verdict" data-testid="verify-result" aria-live="polite"
                data-diagnosis=move || match searcher.state.get() {
                    Search::Running { .. } => "searching",
                    _ => "done",
                }
                data-verdict=move || match verdict.get() {
                    Some(Ok(v)) if v.is_valid() => "valid",
                    Some(Ok(_)) => "invalid",
                    Some(Err(_)) => "unusable",
                    None => "none",
                }>
                {move || match verdict.get() {
                    None => view! { <p class="btk-muted">"Paste a header and a body to verify."</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="btk-field-error">{e}</p> }.into_any(),
                    Some(Ok(v)) => verdict_view(v, searcher.state),
                }}
            </div>
        </div>
    }
}

fn verdict_view(v: Verification, search: RwSignal<Search>) -> AnyView {
    let notes = v.notes.clone();
    let body = match v.result {
        Ok(valid) => {
            let age = if valid.age_secs < 0 {
                format!("{} in the future", describe_age(-valid.age_secs as i64))
            } else {
                format!("{} old", describe_age(valid.age_secs as i64))
            };
            view! {
                <p class="btk-verdict-ok">
                    <strong>"Valid. "</strong>
                    {format!(
                        "Secret {} matches v1 value {} of the header. Timestamp {age}.",
                        valid.secret_index + 1,
                        valid.signature_index + 1
                    )}
                </p>
            }
            .into_any()
        }
        Err(failure @ Failure::Mismatch(_)) => mismatch_view(failure, search),
        Err(failure) => view! {
            <p class="btk-verdict-bad"><strong>"Does not verify. "</strong>{failure.explanation()}</p>
            <p class="btk-muted">"Stripe's libraries say: " <q>{failure.library_message()}</q></p>
        }
        .into_any(),
    };
    view! {
        {body}
        {(!notes.is_empty()).then(|| view! {
            <ul class="btk-notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
        })}
    }
    .into_any()
}
