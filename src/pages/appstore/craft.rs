//! Craft: one subscription's App Store notifications (ids consistent across events),
//! signed in the page with the sandbox's test chain, as a request body, a curl command,
//! or sent (by default to the sandbox's Raptor endpoint).

use leptos::prelude::*;
use leptos::task::spawn_local;
use testkit_core::appstore::{
    craft, parse_craft, uuid_v4, CraftField, CraftFieldError, CraftTexts, Crafted, Event,
    APP_STORE_PRODUCTS,
};
use testkit_core::contract::APPLE_NOTIFICATIONS_PATH;
use testkit_core::shell::json_post_curl;
use testkit_core::time::{rfc3339, DAY};

use super::signer::{leaf_key, sign_es256, SignerState};
use crate::api::apple::post_notification;
use crate::api::post::SendOutcome;
use crate::browser::clock::{now_secs, random_seed};
use crate::browser::origin::service_origin;
use crate::components::{
    show_part, CopyButton, PartToggle, Select, SendOutcomeView, TextArea, TextField,
};

/// The form as typed.
#[derive(Clone, Copy)]
struct Form {
    event: RwSignal<Event>,
    bundle_id: RwSignal<String>,
    product_id: RwSignal<String>,
    environment: RwSignal<String>,
    app_apple_id: RwSignal<String>,
    user_id: RwSignal<String>,
    purchase: RwSignal<String>,
    expires: RwSignal<String>,
    signed: RwSignal<String>,
    renewal: RwSignal<String>,
    grace_days: RwSignal<String>,
    uuid: RwSignal<String>,
}

fn fresh_uuid() -> String {
    let (a, b) = (random_seed(), random_seed());
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_le_bytes());
    bytes[8..].copy_from_slice(&b.to_le_bytes());
    uuid_v4(bytes)
}

impl Form {
    fn new() -> Form {
        let now = now_secs();
        Form {
            event: RwSignal::new(Event::FailToRenewGracePeriod),
            bundle_id: RwSignal::new("app.raxx".into()),
            product_id: RwSignal::new(APP_STORE_PRODUCTS[0].product_id.into()),
            environment: RwSignal::new("Sandbox".into()),
            app_apple_id: RwSignal::new(String::new()),
            user_id: RwSignal::new("usr_demo_002".into()),
            purchase: RwSignal::new(rfc3339(now - 30 * DAY)),
            expires: RwSignal::new(rfc3339(now)),
            signed: RwSignal::new(rfc3339(now)),
            renewal: RwSignal::new("0".into()),
            grace_days: RwSignal::new("16".into()),
            uuid: RwSignal::new(fresh_uuid()),
        }
    }

    fn read(self) -> Result<Crafted, Vec<CraftFieldError>> {
        let (bundle, product, environment) = (
            self.bundle_id.get(),
            self.product_id.get(),
            self.environment.get(),
        );
        let (app_id, user, purchase) = (
            self.app_apple_id.get(),
            self.user_id.get(),
            self.purchase.get(),
        );
        let (expires, signed, renewal, grace) = (
            self.expires.get(),
            self.signed.get(),
            self.renewal.get(),
            self.grace_days.get(),
        );
        let texts = CraftTexts {
            bundle_id: &bundle,
            product_id: &product,
            environment: &environment,
            app_apple_id: &app_id,
            user_id: &user,
            purchase: &purchase,
            expires: &expires,
            signed: &signed,
            renewal: &renewal,
            grace_days: &grace,
        };
        let input = parse_craft(texts, &self.uuid.get())?;
        Ok(craft(self.event.get(), &input))
    }
}

/// The three JSON texts, as editable as the signer's event.
#[derive(Clone, Copy)]
struct Texts {
    notification: RwSignal<String>,
    transaction: RwSignal<String>,
    renewal: RwSignal<String>,
}

async fn sign_all(signer: SignerState, texts: (String, String, String)) -> Result<String, String> {
    let signer = signer
        .get_untracked()
        .ok_or("No test chain: this page needs the sandbox to sign (see the settings above).")?;
    let key = leaf_key(&signer).await?;
    let compact = |label: &str, text: &str| -> Result<Option<String>, String> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        serde_json::from_str::<serde_json::Value>(text)
            .map(|v| Some(v.to_string()))
            .map_err(|e| format!("The {label} JSON does not parse: {e}."))
    };
    let (notification, transaction, renewal) = texts;
    let notification =
        compact("notification", &notification)?.ok_or("The notification JSON is empty.")?;
    let mut signed_tx = None;
    if let Some(tx) = compact("transaction", &transaction)? {
        signed_tx = Some(sign_es256(&signer, &key, &tx).await?);
    }
    let mut signed_renewal = None;
    if let Some(r) = compact("renewal info", &renewal)? {
        signed_renewal = Some(sign_es256(&signer, &key, &r).await?);
    }
    let assembled = Crafted {
        event: Event::Test,
        notification,
        transaction: None,
        renewal_info: None,
    }
    .assemble(signed_tx.as_deref(), signed_renewal.as_deref())
    .map_err(|e| format!("The notification JSON is not an object: {e}."))?;
    let payload = sign_es256(&signer, &key, &assembled).await?;
    Ok(serde_json::json!({ "signedPayload": payload }).to_string())
}

#[component]
pub fn CraftPanel(signer: SignerState) -> impl IntoView {
    let form = Form::new();
    let texts = Texts {
        notification: RwSignal::new(String::new()),
        transaction: RwSignal::new(String::new()),
        renewal: RwSignal::new(String::new()),
    };
    let crafted = Memo::new(move |_| form.read());
    // The form rewrites the JSON; hand edits stay until the form changes again.
    Effect::new(move |_| {
        if let Ok(c) = crafted.get() {
            texts.notification.set(c.notification);
            texts.transaction.set(c.transaction.unwrap_or_default());
            texts.renewal.set(c.renewal_info.unwrap_or_default());
        }
    });
    // Sandbox defaults once the sandbox's expectations are known.
    Effect::new(move |_| {
        let Some(s) = signer.get() else { return };
        form.bundle_id.set(s.bundle_id);
        form.environment.set(s.environment);
        form.app_apple_id
            .set(s.app_apple_id.map(|i| i.to_string()).unwrap_or_default());
    });
    let error_of = move |field: CraftField| {
        Signal::derive(move || {
            crafted.with(|c| {
                c.as_ref().err().and_then(|e| {
                    e.iter()
                        .find(|x| x.field == field)
                        .map(|x| x.message.clone())
                })
            })
        })
    };
    let body = RwSignal::new(None::<Result<String, String>>);
    let url = RwSignal::new(format!("{}{APPLE_NOTIFICATIONS_PATH}", service_origin()));
    let outcome = RwSignal::new(None::<SendOutcome>);
    let busy = RwSignal::new(false);
    let sign = move |_| {
        let current = (
            texts.notification.get_untracked(),
            texts.transaction.get_untracked(),
            texts.renewal.get_untracked(),
        );
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let signed = sign_all(signer, current).await;
            body.try_set(Some(signed));
            busy.try_set(false);
        });
    };
    let send = move |_| {
        let Some(Ok(text)) = body.get_untracked() else {
            return;
        };
        let to = url.get_untracked();
        busy.set(true);
        spawn_local(async move {
            let answer = post_notification(&to, text).await;
            outcome.try_set(Some(answer));
            busy.try_set(false);
        });
    };
    let curl = Signal::derive(move || match body.get() {
        Some(Ok(text)) => json_post_curl(&url.get(), &[], text.as_bytes()),
        _ => String::new(),
    });
    let events: Vec<(String, String)> = Event::ALL
        .iter()
        .enumerate()
        .map(|(i, e)| (i.to_string(), e.label()))
        .collect();
    let products: Vec<(String, String)> = APP_STORE_PRODUCTS
        .iter()
        .map(|p| {
            (
                p.product_id.to_string(),
                format!("{} ({})", p.product_id, p.tier),
            )
        })
        .collect();
    let environments = vec![
        ("Sandbox".to_string(), "Sandbox".to_string()),
        ("Production".to_string(), "Production".to_string()),
    ];
    // Any change to what is signed invalidates the signed body.
    Effect::new(move |_| {
        texts.notification.track();
        texts.transaction.track();
        texts.renewal.track();
        body.set(None);
        outcome.set(None);
    });
    view! {
        <div class="btk-asn-craft-form" data-testid="asn-craft-form">
            {move || signer.failed().then(|| view! {
                <p class="btk-field-error" role="alert" data-testid="asn-signer-status">{format!("Signing is not available: {}.", signer.status_text())}</p>
            })}
            <div class="btk-form-grid">
                <Select label="Notification" testid="asn-craft-type" options=events
                    value=Signal::derive(move || Event::ALL.iter().position(|e| *e == form.event.get()).unwrap_or(0).to_string())
                    on_change=Callback::new(move |v: String| if let Some(e) = v.parse::<usize>().ok().and_then(|i| Event::ALL.get(i)) {
                        form.event.set(*e);
                        form.uuid.set(fresh_uuid());
                    })/>
                <Select label="Product (tier)" testid="asn-product" options=products value=form.product_id
                    on_change=Callback::new(move |v: String| form.product_id.set(v))/>
                <TextField label="Bundle id" testid="asn-craft-bundle" value=form.bundle_id error=error_of(CraftField::BundleId)/>
                <Select label="Environment" testid="asn-craft-environment" options=environments value=form.environment
                    on_change=Callback::new(move |v: String| form.environment.set(v))/>
                <TextField label="App Apple ID (Production)" testid="asn-craft-app-id" value=form.app_apple_id error=error_of(CraftField::AppAppleId)/>
                <TextField label="Raxx user id (appAccountToken is made from it)" testid="asn-user" value=form.user_id error=error_of(CraftField::UserId)/>
                <TextField label="Period start (purchaseDate)" testid="asn-purchase" value=form.purchase error=error_of(CraftField::Purchase)/>
                <TextField label="Period end (expiresDate)" testid="asn-expires" value=form.expires error=error_of(CraftField::Expires)/>
                <TextField label="Signed at (signedDate)" testid="asn-signed" value=form.signed error=error_of(CraftField::Signed)/>
                <TextField label="Renewals since the first purchase" testid="asn-renewal" value=form.renewal error=error_of(CraftField::Renewal)/>
                <TextField label="Grace period, days" testid="asn-grace" value=form.grace_days error=error_of(CraftField::GraceDays)/>
                <TextField label="notificationUUID" testid="asn-uuid" value=form.uuid/>
            </div>
            <div class="btk-button-row">
                <button type="button" class="btk-secondary" data-testid="asn-new-uuid" on:click=move |_| form.uuid.set(fresh_uuid())>
                    "New notificationUUID (a resend that is not a duplicate)"
                </button>
            </div>
            <TextArea label="Notification (JSON, editable)" testid="asn-json-notification" value=texts.notification
                on_input=Callback::new(move |v| texts.notification.set(v)) rows=10/>
            <TextArea label="Transaction (JSON, signed as signedTransactionInfo)" testid="asn-json-transaction" value=texts.transaction
                on_input=Callback::new(move |v| texts.transaction.set(v)) rows=8/>
            <TextArea label="Renewal info (JSON, signed as signedRenewalInfo)" testid="asn-json-renewal" value=texts.renewal
                on_input=Callback::new(move |v| texts.renewal.set(v)) rows=8/>
            <div class="btk-button-row">
                <button type="button" data-testid="asn-sign" on:click=sign
                    disabled=move || busy.get() || !signer.ready() || crafted.with(Result::is_err)>
                    "Sign with the test chain"
                </button>
            </div>
            {move || match body.get() {
                None => None,
                Some(Err(why)) => Some(view! { <p class="btk-field-error" role="alert" data-testid="asn-sign-error">{why}</p> }.into_any()),
                Some(Ok(text)) => Some(view! {
                    <TextArea label="Request body" testid="asn-body" value=text.clone() short=true/>
                    <div class="btk-button-row">
                        <CopyButton text=text label="Copy the body" testid="asn-body-copy"/>
                        <CopyButton text=curl label="Copy as curl" testid="asn-curl-copy"/>
                    </div>
                    <pre class="btk-output" data-testid="asn-curl">{curl}</pre>
                }.into_any()),
            }}
            <TextField label="Send to (an App Store Server Notifications endpoint)" testid="asn-send-url" value=url kind="url" wide=true/>
            <button type="button" data-testid="asn-send" on:click=send
                disabled=move || busy.get() || !matches!(body.get(), Some(Ok(_)))>
                "Send"
            </button>
            <div aria-live="polite">{move || outcome.get().map(|o| view! { <SendOutcomeView outcome=o testid="asn-send"/> })}</div>
            <p class="btk-muted">{move || crafted.with(|c| c.as_ref().err().map(|_| "Fix the fields marked above to craft the notification.".to_string()))}</p>
        </div>
    }
}

/// The section on the page: what crafting does, and the form behind a button (a part:
/// reading notifications, the page's first use, does not pay for it).
#[component]
pub fn CraftSection() -> impl IntoView {
    view! {
        <section class="btk-panel" aria-labelledby="btk-asn-craft">
            <h2 id="btk-asn-craft">"Craft and send a test notification"</h2>
            <p class="btk-field-warning" data-testid="asn-test-chain-note">
                "Signed in this page with the sandbox's TEST chain: only a backend configured to trust \
                 that test root (GET /__sandbox/apple/test-root) accepts it. Apple's production trust \
                 (Apple Root CA - G3) never will."
            </p>
            <PartToggle testid="asn-craft-open" id="btk-asn-craft-form" show="Craft a test notification"
                hide="Hide the craft form" part={|| show_part::<super::CraftPart>(Signal::stored(()), |()| {})}/>
        </section>
    }
}
