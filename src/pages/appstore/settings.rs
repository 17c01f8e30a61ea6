//! What a notification is verified against: the app (bundle id, environment, app Apple
//! ID in Production) and the trusted roots (Apple Root CA - G3, built in; the sandbox's
//! test root, fetched from the sandbox), with each problem shown next to its input.

use leptos::prelude::*;
use testkit_core::appstore::{
    apple_root_ca_g3, sha256_fingerprint, Environment, VerifierConfig, APPLE_ROOT_CA_G3_SHA256,
};

use super::test_root::TestRoot;
use crate::browser::clock::now_secs;
use crate::components::{Select, TextField};

/// The verifier's inputs.
#[derive(Clone, Copy)]
pub struct Settings {
    pub bundle_id: RwSignal<String>,
    pub environment: RwSignal<String>,
    pub app_apple_id: RwSignal<String>,
    pub trust_g3: RwSignal<bool>,
    pub trust_sandbox: RwSignal<bool>,
}

/// What settings refuse, by input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsErrors {
    pub app_apple_id: Option<String>,
    pub roots: Option<String>,
}

impl Settings {
    pub fn new() -> Settings {
        Settings {
            bundle_id: RwSignal::new("app.raxx".into()),
            environment: RwSignal::new(Environment::Sandbox.as_str().into()),
            app_apple_id: RwSignal::new(String::new()),
            trust_g3: RwSignal::new(true),
            trust_sandbox: RwSignal::new(true),
        }
    }

    /// The verifier's settings, or what is wrong with them.
    pub fn config(self, test_root: TestRoot) -> Result<VerifierConfig, SettingsErrors> {
        let mut errors = SettingsErrors::default();
        let environment =
            Environment::parse(&self.environment.get()).unwrap_or(Environment::Sandbox);
        let app_id_text = self.app_apple_id.get();
        let app_apple_id = match app_id_text.trim() {
            "" => None,
            text => match text.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.app_apple_id = Some(format!(
                        "The app Apple ID is a number (App Store Connect, App Information), not \"{text}\"."
                    ));
                    None
                }
            },
        };
        if environment == Environment::Production
            && app_apple_id.is_none()
            && errors.app_apple_id.is_none()
        {
            errors.app_apple_id = Some(
                "Production needs the app Apple ID: Apple's verifier refuses to start without it."
                    .into(),
            );
        }
        let mut roots = Vec::new();
        if self.trust_g3.get() {
            roots.push(apple_root_ca_g3().to_vec());
        }
        if self.trust_sandbox.get() {
            if let Some(root) = test_root.get() {
                roots.push(root);
            }
        }
        if roots.is_empty() {
            errors.roots = Some("Trust at least one root: nothing can verify without one.".into());
        }
        if errors != SettingsErrors::default() {
            return Err(errors);
        }
        VerifierConfig::new(roots, environment, &self.bundle_id.get(), app_apple_id)
            .map(|c| c.with_now(now_secs()))
            .map_err(|e| SettingsErrors {
                app_apple_id: Some(e.to_string()),
                roots: None,
            })
    }
}

#[component]
pub fn SettingsPanel(
    settings: Settings,
    test_root: TestRoot,
    errors: Signal<SettingsErrors>,
) -> impl IntoView {
    let app_id_error = Signal::derive(move || errors.get().app_apple_id);
    let roots_error = Signal::derive(move || errors.get().roots);
    let sandbox_fingerprint = move || test_root.get().map(|r| sha256_fingerprint(&r));
    let environments = vec![
        ("Sandbox".to_string(), "Sandbox".to_string()),
        ("Production".to_string(), "Production".to_string()),
    ];
    view! {
        <section class="btk-panel" aria-labelledby="btk-asn-settings">
            <h2 id="btk-asn-settings">"What to verify against"</h2>
            <div class="btk-form-grid">
                <TextField label="Expected bundle id" testid="asn-bundle-id" value=settings.bundle_id/>
                <Select label="Expected environment" testid="asn-environment" options=environments
                    value=settings.environment
                    on_change=Callback::new(move |v: String| settings.environment.set(v))/>
                <TextField label="App Apple ID (Production)" testid="asn-app-id" value=settings.app_apple_id
                    error=app_id_error/>
            </div>
            <fieldset class="btk-roots">
                <legend class="btk-field-label">"Trusted roots"</legend>
                <label class="btk-check">
                    <input type="checkbox" data-testid="asn-trust-g3" prop:checked=move || settings.trust_g3.get()
                        on:change:target=move |ev| settings.trust_g3.set(ev.target().checked())/>
                    "Apple Root CA - G3 (built in), SHA-256 "
                    <code class="btk-fingerprint" data-testid="asn-g3-fingerprint">{APPLE_ROOT_CA_G3_SHA256}</code>
                </label>
                <label class="btk-check">
                    <input type="checkbox" data-testid="asn-trust-sandbox" prop:checked=move || settings.trust_sandbox.get()
                        disabled=move || test_root.get().is_none()
                        on:change:target=move |ev| settings.trust_sandbox.set(ev.target().checked())/>
                    "This sandbox's test root"
                    {move || match sandbox_fingerprint() {
                        Some(f) => view! { ", SHA-256 " <code class="btk-fingerprint" data-testid="asn-sandbox-fingerprint">{f}</code> }.into_any(),
                        None => view! { <span class="btk-muted">{format!(" ({})", test_root.status_text())}</span> }.into_any(),
                    }}
                </label>
                {move || roots_error.get().map(|e| view! { <p class="btk-field-error" role="alert" data-testid="asn-roots-error">{e}</p> })}
            </fieldset>
        </section>
    }
}
