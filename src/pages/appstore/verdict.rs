//! One verdict, shown: Apple's status and the precise reason, every check in Apple's
//! order, the certificate chain, and the decoded fields (dates as dates, Apple's
//! enumerations with their meanings).

use leptos::prelude::*;
use testkit_core::appstore::{describe_fields, CertInfo, Outcome, Status, Verdict};
use testkit_core::time::rfc3339;

fn validity(cert: &CertInfo) -> String {
    let at = |t: Option<i64>| t.map_or("?".to_string(), rfc3339);
    format!("{} to {}", at(cert.not_before), at(cert.not_after))
}

fn markers(cert: &CertInfo) -> String {
    let mut found = Vec::new();
    if cert.apple_leaf_marker {
        found.push("leaf 1.2.840.113635.100.6.11.1");
    }
    if cert.apple_intermediate_marker {
        found.push("intermediate 1.2.840.113635.100.6.2.1");
    }
    if found.is_empty() {
        "none".into()
    } else {
        found.join(", ")
    }
}

#[component]
fn Certificates(certificates: Vec<CertInfo>) -> impl IntoView {
    let roles = ["x5c[0] leaf", "x5c[1] intermediate"];
    view! {
        <div class="btk-table-scroll">
            <table class="btk-kv" data-testid="asn-chain">
                <caption>"Certificate chain (the root is one of the trusted roots, never x5c[2])"</caption>
                <thead><tr><th scope="col">"Certificate"</th><th scope="col">"Subject / issuer"</th><th scope="col">"Valid"</th><th scope="col">"Key, signature"</th><th scope="col">"SHA-256"</th><th scope="col">"Apple markers"</th></tr></thead>
                <tbody>
                    {certificates.into_iter().enumerate().map(|(i, c)| view! {
                        <tr data-testid="asn-cert">
                            <th scope="row">{roles.get(i).copied().unwrap_or("x5c")}</th>
                            <td>{c.subject.clone()}<br/><span class="btk-muted">{format!("issued by {}", c.issuer)}</span></td>
                            <td>{validity(&c)}</td>
                            <td>{format!("{}, {}", c.key, c.signature_algorithm)}</td>
                            <td><code class="btk-fingerprint">{c.sha256_fingerprint.clone()}</code></td>
                            <td>{markers(&c)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A verdict with its details; `testid` names the verdict line (`asn-verdict`, ...).
#[component]
pub fn VerdictView(title: &'static str, testid: &'static str, verdict: Verdict) -> impl IntoView {
    let ok = verdict.status == Status::Ok;
    let headline = if ok {
        format!("Verified ({}): {}", verdict.status.name(), verdict.reason)
    } else {
        format!("{}: {}", verdict.status.name(), verdict.reason)
    };
    let effective = verdict.effective_date.map(|t| {
        format!(
            "Chain checked at {} (signedDate, as Apple's library does offline).",
            rfc3339(t)
        )
    });
    let fields = verdict
        .payload
        .as_ref()
        .map(describe_fields)
        .unwrap_or_default();
    let checks = verdict.checks.clone();
    view! {
        <section class="btk-asn-verdict" aria-label=title>
            <h3>{title}</h3>
            <p class=if ok { "btk-verdict-ok" } else { "btk-verdict-bad" } role="status"
                data-testid=testid data-status=verdict.status.name()>
                <strong>{headline}</strong>
            </p>
            {effective.map(|e| view! { <p class="btk-muted">{e}</p> })}
            <details>
                <summary>"Every check, in Apple's order"</summary>
                <ol class="btk-checks">
                    {checks.into_iter().map(|c| {
                        let (mark, detail) = match c.outcome {
                            Outcome::Passed(d) => ("passed", d),
                            Outcome::Failed(d) => ("FAILED", d),
                            Outcome::NotReached => ("not reached", String::new()),
                        };
                        view! { <li>{format!("{}: {mark}{}", c.check, if detail.is_empty() { String::new() } else { format!(" ({detail})") })}</li> }
                    }).collect_view()}
                </ol>
            </details>
            {(!verdict.certificates.is_empty()).then(|| view! { <Certificates certificates=verdict.certificates.clone()/> })}
            {(!fields.is_empty()).then(|| view! {
                <div class="btk-table-scroll">
                    <table class="btk-kv" data-testid=format!("{testid}-fields")>
                        <caption>"Decoded fields"</caption>
                        <thead><tr><th scope="col">"Field"</th><th scope="col">"Value"</th><th scope="col">"Meaning"</th></tr></thead>
                        <tbody>
                            {fields.into_iter().map(|f| view! {
                                <tr data-field=f.name.clone()><th scope="row"><code>{f.name.clone()}</code></th><td>{f.value}</td><td>{f.meaning.unwrap_or_default()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
}
