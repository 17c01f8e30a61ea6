//! Verifying in the browser: the core plans Apple's checks, WebCrypto checks the ECDSA
//! signatures, the core concludes in Apple's order. A notification's transaction and
//! renewal info are verified on their own, as a backend must (Apple's library does not).

use testkit_core::appstore::{conclude, plan, Kind, PastedJws, Verdict, VerifierConfig};

use crate::browser::clock::perf_ms;
use crate::browser::webcrypto;

/// Apple's verdict on one JWS. `Err` only when WebCrypto itself is missing.
pub async fn verify_in_browser(
    jws: &str,
    kind: Kind,
    config: &VerifierConfig,
) -> Result<Verdict, String> {
    let plan = match plan(jws, kind, config) {
        Ok(plan) => plan,
        Err(verdict) => return Ok(verdict),
    };
    let mut results = Vec::with_capacity(plan.signature_checks.len());
    for check in &plan.signature_checks {
        results.push(webcrypto::verify(check).await?);
    }
    Ok(conclude(plan, &results))
}

/// Everything the inspect panel shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspection {
    pub pasted: PastedJws,
    pub verdict: Verdict,
    /// The notification's `data.signedTransactionInfo`, verified on its own.
    pub transaction: Option<Verdict>,
    /// The notification's `data.signedRenewalInfo`, verified on its own.
    pub renewal: Option<Verdict>,
    /// Time for all of it, milliseconds.
    pub millis: f64,
}

pub async fn inspect(pasted: PastedJws, config: VerifierConfig) -> Result<Inspection, String> {
    let started = perf_ms();
    let verdict = verify_in_browser(&pasted.jws, pasted.kind, &config).await?;
    let data = verdict.notification().and_then(|n| n.data);
    let mut transaction = None;
    let mut renewal = None;
    if let Some(data) = data {
        if let Some(jws) = &data.signed_transaction_info {
            transaction = Some(verify_in_browser(jws, Kind::Transaction, &config).await?);
        }
        if let Some(jws) = &data.signed_renewal_info {
            renewal = Some(verify_in_browser(jws, Kind::RenewalInfo, &config).await?);
        }
    }
    Ok(Inspection {
        pasted,
        verdict,
        transaction,
        renewal,
        millis: perf_ms() - started,
    })
}
