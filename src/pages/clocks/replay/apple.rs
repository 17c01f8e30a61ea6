//! Scenario H's App Store notifications from the page: the sandbox's test chain fetched
//! once from Raptor, each notification crafted and signed when it is sent (the verifier
//! checks the chain at the signing date), as the /appstore craft part signs. The leaf key
//! goes into WebCrypto, non-extractable, and lives only as long as the run.

use serde_json::Value;
use testkit_core::appstore::{craft_values, Environment};
use testkit_core::json_object::object;
use testkit_core::replay::{AppleNotification, DeliveryRecord};
use web_sys::CryptoKey;

use crate::api::abort::Abort;
use crate::api::apple::{sandbox_signer, SandboxSigner};
use crate::api::replay::{deliver_notification, Halt};
use crate::pages::appstore::{leaf_key, sign_es256};

/// Raptor's App Store notification receiver.
const NOTIFICATIONS_PATH: &str = "/api/subscriptions/apple/notifications";

/// What a run signs its notifications with, and where they go.
pub struct AppleSender {
    signer: SandboxSigner,
    environment: Environment,
    key: CryptoKey,
    url: String,
    /// The last signing date: each notification is newer than the one before (the mirror
    /// ignores one older than what it holds).
    last_ms: i64,
}

impl AppleSender {
    /// Reads Raptor's `GET /__sandbox/apple/test-signer` (with the run's token).
    pub async fn fetch(raptor: &str, token: &str) -> Result<AppleSender, Halt> {
        let unusable = |why: String| {
            Halt::Unusable(format!("Scenario H needs the sandbox's test chain: {why}"))
        };
        let signer = sandbox_signer(raptor, token).await.map_err(unusable)?;
        let environment = Environment::parse(&signer.environment)
            .ok_or_else(|| unusable(format!("unknown environment {}", signer.environment)))?;
        let key = leaf_key(&signer).await.map_err(unusable)?;
        Ok(AppleSender {
            signer,
            environment,
            key,
            url: format!("{}{NOTIFICATIONS_PATH}", raptor.trim_end_matches('/')),
            last_ms: 0,
        })
    }

    async fn sign(&self, json: &str) -> Result<String, Halt> {
        sign_es256(&self.signer, &self.key, json)
            .await
            .map_err(Halt::Unusable)
    }

    /// Crafts, signs (transaction, renewal info, then the payload) and posts one.
    pub async fn send(
        &mut self,
        note: &AppleNotification,
        abort: &Abort,
    ) -> Result<DeliveryRecord, Halt> {
        let now_ms = (js_sys::Date::now() as i64).max(self.last_ms + 1);
        self.last_ms = now_ms;
        let mut input = note.input(&self.signer.bundle_id, self.environment, now_ms);
        input.app_apple_id = self.signer.app_apple_id;
        let mut crafted = craft_values(note.event, &input);
        let mut signed_tx = None;
        if let Some(tx) = crafted.transaction.take() {
            signed_tx = Some(self.sign(&Value::Object(tx).to_string()).await?);
        }
        let mut signed_renewal = None;
        if let Some(r) = crafted.renewal_info.take() {
            signed_renewal = Some(self.sign(&Value::Object(r).to_string()).await?);
        }
        let assembled = crafted.payload(signed_tx.as_deref(), signed_renewal.as_deref());
        let payload = self.sign(&assembled).await?;
        let body = object([("signedPayload", payload.into())]).to_string();
        let (status, answer, ms) = deliver_notification(&self.url, body, abort).await?;
        Ok(note.record(now_ms, Some(status), &answer, ms))
    }
}
