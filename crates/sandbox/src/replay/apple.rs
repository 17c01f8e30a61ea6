//! Scenario H's App Store side of `billing-sandbox replay`: the sandbox's test chain,
//! fetched once from Raptor, and each notification crafted and signed when it is sent
//! (the verifier checks the chain at the signing date, so it must be "now"). The leaf's
//! private key stays in memory and is never printed.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use testkit_core::appstore::{craft_values, sign_crafted, Environment, TestChain};
use testkit_core::replay::{AppleNotification, DeliveryRecord};

use crate::http::apple::chain_from_test_signer;

/// Raptor's App Store notification receiver.
const NOTIFICATIONS_PATH: &str = "/api/subscriptions/apple/notifications";

/// What a notification is signed with and where it goes.
pub struct AppleSender {
    chain: TestChain,
    bundle_id: String,
    environment: Environment,
    app_apple_id: Option<i64>,
    url: String,
    /// The last signing date, so each notification is newer than the one before (the
    /// mirror ignores one older than what it holds).
    last_ms: i64,
}

impl AppleSender {
    /// Reads `GET /__sandbox/apple/test-signer` from Raptor (the sandbox).
    pub async fn fetch(
        client: &reqwest::Client,
        raptor: &str,
        token: &str,
    ) -> Result<AppleSender, String> {
        let response = client
            .get(format!("{raptor}/__sandbox/apple/test-signer"))
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| format!("Raptor's test signer did not answer: {e}"))?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(format!(
                "Raptor's GET /__sandbox/apple/test-signer answered {status} (scenario H needs the sandbox's test chain)"
            ));
        }
        let text = response.text().await.unwrap_or_default();
        let signer: Value = serde_json::from_str(&text)
            .map_err(|e| format!("the test signer's answer is not JSON: {e}"))?;
        let environment = signer["environment"]
            .as_str()
            .and_then(Environment::parse)
            .ok_or("the test signer names no App Store environment")?;
        Ok(AppleSender {
            chain: chain_from_test_signer(&signer)?,
            bundle_id: signer["bundle_id"]
                .as_str()
                .unwrap_or("app.raxx")
                .to_string(),
            environment,
            app_apple_id: signer["app_apple_id"].as_i64(),
            url: format!("{raptor}{NOTIFICATIONS_PATH}"),
            last_ms: 0,
        })
    }

    /// Crafts, signs and posts one notification; `Err` when Raptor did not answer.
    pub async fn send(
        &mut self,
        client: &reqwest::Client,
        note: &AppleNotification,
    ) -> Result<DeliveryRecord, String> {
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64)
            .max(self.last_ms + 1);
        self.last_ms = now_ms;
        let mut input = note.input(&self.bundle_id, self.environment, now_ms);
        input.app_apple_id = self.app_apple_id;
        let signed = sign_crafted(craft_values(note.event, &input), &self.chain);
        let body = json!({ "signedPayload": signed.signed_payload }).to_string();
        let sent = Instant::now();
        let response = client
            .post(&self.url)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| {
                format!(
                    "Raptor's App Store receiver did not answer: {e} ({})",
                    note.uuid
                )
            })?;
        let status = response.status().as_u16();
        let answer = response.text().await.unwrap_or_default();
        Ok(note.record(
            now_ms,
            Some(status),
            &answer,
            sent.elapsed().as_millis() as u64,
        ))
    }
}
