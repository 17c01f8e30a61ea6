//! Prints App Store verification cross-check cases as JSON lines for
//! tools/crosscheck/appstore_crosscheck.py: payloads crafted and signed by this crate with
//! P-256 and Apple-like (P-384/SHA-384) test chains, one mutation at a time, and a real
//! Apple-signed payload; each with this crate's verdict and decoded fields. The Python side
//! asks Apple's app-store-server-library for its verdict on the same inputs. Test keys
//! only: nothing secret is printed.

use serde_json::{json, Value};
use testkit_core::appstore::{
    apple_root_ca_g3, craft_values, encode_std, encode_url, sign_crafted, sign_es256,
    sign_with_header, verify, ChainOptions, ChainProfile, CraftInput, Environment, Event, Kind,
    TestChain, Validity, Verdict, VerifierConfig, REAL_SANDBOX_TEST_NOTIFICATION,
};

const BUNDLE: &str = "app.raxx.ios";
const APP_ID: i64 = 6_450_000_123;
/// 2025-06-15T15:06:40Z, inside the default leaf validity (2024-2030).
const SIGNED: i64 = 1_750_000_000_000;

struct Case {
    name: String,
    kind: Kind,
    jws: String,
    roots: Vec<Vec<u8>>,
    environment: Environment,
    bundle_id: String,
    app_apple_id: Option<i64>,
}

fn input(environment: Environment) -> CraftInput {
    let mut i = CraftInput::new(
        BUNDLE,
        "app.raxx.pro.monthly",
        environment,
        "user_42",
        "0b6d1f4e-93a8-4a52-9d7e-3a4c8f0e2b11",
        SIGNED - 86_400_000,
        SIGNED + 29 * 86_400_000,
        SIGNED,
    );
    i.renewal = 3;
    if environment == Environment::Production {
        i.app_apple_id = Some(APP_ID);
    }
    i
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Notification => "notification",
        Kind::Transaction => "transaction",
        Kind::RenewalInfo => "renewal",
    }
}

fn env_name(e: Environment) -> &'static str {
    e.as_str()
}

/// The typed model of the payload, serialised: what the library's models hold. The core
/// also keeps fields it does not name (`extra`); the library drops them, so they are
/// left out of the comparison.
fn decoded(verdict: &Verdict) -> Value {
    match verdict.kind {
        Kind::Notification => json!(verdict.notification().map(|mut n| {
            n.extra.clear();
            if let Some(d) = n.data.as_mut() {
                d.extra.clear();
            }
            if let Some(d) = n.summary.as_mut() {
                d.extra.clear();
            }
            if let Some(d) = n.external_purchase_token.as_mut() {
                d.extra.clear();
            }
            if let Some(d) = n.app_data.as_mut() {
                d.extra.clear();
            }
            n
        })),
        Kind::Transaction => json!(verdict.transaction().map(|mut t| {
            t.extra.clear();
            t
        })),
        Kind::RenewalInfo => json!(verdict.renewal_info().map(|mut r| {
            r.extra.clear();
            r
        })),
    }
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn emit(case: &Case) {
    let config = VerifierConfig::new(
        case.roots.clone(),
        case.environment,
        &case.bundle_id,
        case.app_apple_id,
    );
    let (status, reason, dec) = match config {
        Err(e) => ("CONFIG_ERROR".to_string(), e.to_string(), Value::Null),
        Ok(config) => {
            let v = verify(&case.jws, case.kind, &config.with_now(now_secs()));
            let dec = if v.is_ok() { decoded(&v) } else { Value::Null };
            (v.status.name().to_string(), v.reason.clone(), dec)
        }
    };
    let line = json!({
        "name": case.name,
        "kind": kind_name(case.kind),
        "jws": case.jws,
        "roots": case.roots.iter().map(|r| encode_std(r)).collect::<Vec<_>>(),
        "environment": env_name(case.environment),
        "bundle_id": case.bundle_id,
        "app_apple_id": case.app_apple_id,
        "status": status,
        "reason": reason,
        "decoded": dec,
    });
    println!("{line}");
}

/// Replaces the JWS header (re-signing with the leaf key).
fn with_header(chain: &TestChain, header: Value, payload: &str) -> String {
    sign_with_header(&header.to_string(), payload, &chain.leaf_key)
}

fn x5c_header(x5c: Vec<Value>) -> Value {
    json!({"alg": "ES256", "x5c": x5c})
}

fn std_x5c(chain: &TestChain) -> Vec<Value> {
    chain.x5c().into_iter().map(Value::String).collect()
}

fn payload_of(jws: &str) -> String {
    let jws = testkit_core::appstore::parse_jws(jws).expect("own JWS parses");
    jws.payload_text
}

fn main() {
    let mut cases: Vec<Case> = Vec::new();
    let profiles = [
        ("P-256", ChainProfile::P256),
        ("Apple-like P-384", ChainProfile::AppleLike),
    ];
    for (pname, profile) in profiles {
        let chain = TestChain::build(&ChainOptions::profile(profile));
        let root = vec![chain.root.der.clone()];
        let sandbox = |name: String, kind: Kind, jws: String| Case {
            name,
            kind,
            jws,
            roots: root.clone(),
            environment: Environment::Sandbox,
            bundle_id: BUNDLE.into(),
            app_apple_id: None,
        };
        // Every template verifies and decodes: notification, transaction, renewal info.
        for event in Event::ALL {
            let signed = sign_crafted(craft_values(event, &input(Environment::Sandbox)), &chain);
            let label = event.label();
            cases.push(sandbox(
                format!("{pname} {label}: notification"),
                Kind::Notification,
                signed.signed_payload.clone(),
            ));
            if let Some(t) = signed.signed_transaction_info {
                cases.push(sandbox(
                    format!("{pname} {label}: transaction"),
                    Kind::Transaction,
                    t,
                ));
            }
            if let Some(r) = signed.signed_renewal_info {
                cases.push(sandbox(
                    format!("{pname} {label}: renewal info"),
                    Kind::RenewalInfo,
                    r,
                ));
            }
        }
        let base = sign_crafted(
            craft_values(Event::InitialBuy, &input(Environment::Sandbox)),
            &chain,
        );
        let base_payload = payload_of(&base.signed_payload);
        let tx = base.signed_transaction_info.clone().expect("transaction");
        let renewal = base.signed_renewal_info.clone().expect("renewal");
        let mut add = |name: &str,
                       kind: Kind,
                       jws: String,
                       roots: Vec<Vec<u8>>,
                       env: Environment,
                       bundle: &str,
                       app: Option<i64>| {
            cases.push(Case {
                name: format!("{pname} {name}"),
                kind,
                jws,
                roots,
                environment: env,
                bundle_id: bundle.into(),
                app_apple_id: app,
            });
        };
        let n = Kind::Notification;
        let sb = Environment::Sandbox;
        let other = TestChain::build(&ChainOptions {
            seed: "another root".into(),
            name: "Other".into(),
            ..ChainOptions::profile(profile)
        });
        add(
            "wrong root",
            n,
            base.signed_payload.clone(),
            vec![other.root.der.clone()],
            sb,
            BUNDLE,
            None,
        );
        add(
            "Apple G3 root for a test chain",
            n,
            base.signed_payload.clone(),
            vec![apple_root_ca_g3().to_vec()],
            sb,
            BUNDLE,
            None,
        );
        add(
            "two roots, the second right",
            n,
            base.signed_payload.clone(),
            vec![other.root.der.clone(), chain.root.der.clone()],
            sb,
            BUNDLE,
            None,
        );
        add(
            "no root configured",
            n,
            base.signed_payload.clone(),
            vec![],
            sb,
            BUNDLE,
            None,
        );
        add(
            "configured root is garbage",
            n,
            base.signed_payload.clone(),
            vec![b"not a certificate".to_vec()],
            sb,
            BUNDLE,
            None,
        );
        let x5c = std_x5c(&chain);
        add(
            "two certificates",
            n,
            with_header(&chain, x5c_header(x5c[..2].to_vec()), &base_payload),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        let mut four = x5c.clone();
        four.push(x5c[2].clone());
        add(
            "four certificates",
            n,
            with_header(&chain, x5c_header(four), &base_payload),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "one certificate",
            n,
            with_header(&chain, x5c_header(x5c[..1].to_vec()), &base_payload),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "empty x5c",
            n,
            with_header(&chain, x5c_header(vec![]), &base_payload),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "no x5c",
            n,
            with_header(&chain, json!({"alg": "ES256"}), &base_payload),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "x5c is a 3-letter string",
            n,
            with_header(&chain, json!({"alg": "ES256", "x5c": "abc"}), &base_payload),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        let mut garbage_root = x5c.clone();
        garbage_root[2] = json!("!!not even base64!!");
        add(
            "x5c[2] garbage (never used)",
            n,
            with_header(&chain, x5c_header(garbage_root), &base_payload),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        // Tampering.
        let parts: Vec<&str> = base.signed_payload.split('.').collect();
        let tampered_payload = base_payload.replace("INITIAL_BUY", "RESUBSCRIBE");
        add(
            "tampered payload",
            n,
            format!(
                "{}.{}.{}",
                parts[0],
                encode_url(tampered_payload.as_bytes()),
                parts[2]
            ),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        let mut sig = testkit_core::appstore::decode_url_segment(parts[2]).expect("sig");
        sig[10] ^= 0x01;
        add(
            "tampered signature",
            n,
            format!("{}.{}.{}", parts[0], parts[1], encode_url(&sig)),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "signature 63 bytes",
            n,
            format!("{}.{}.{}", parts[0], parts[1], encode_url(&sig[..63])),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "only two segments",
            n,
            format!("{}.{}", parts[0], parts[1]),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "payload not JSON",
            n,
            with_header(&chain, x5c_header(x5c.clone()), "not json"),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "payload a JSON array",
            n,
            with_header(&chain, x5c_header(x5c.clone()), "[1,2]"),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        // alg.
        for alg in ["ES384", "RS256", "none", "es256"] {
            add(
                &format!("alg {alg}"),
                n,
                with_header(&chain, json!({"alg": alg, "x5c": x5c}), &base_payload),
                root.clone(),
                sb,
                BUNDLE,
                None,
            );
        }
        add(
            "alg missing",
            n,
            with_header(&chain, json!({"x5c": x5c}), &base_payload),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "kid not a string",
            n,
            with_header(
                &chain,
                json!({"alg": "ES256", "x5c": x5c, "kid": 5}),
                &base_payload,
            ),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        // Certificates in x5c.
        let url: Vec<Value> = chain
            .x5c_der()
            .iter()
            .map(|d| json!(encode_url(d)))
            .collect();
        add(
            "base64url instead of standard base64 in x5c",
            n,
            with_header(&chain, x5c_header(url), &base_payload),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        let mut no_pad = x5c.clone();
        no_pad[0] = json!(x5c[0].as_str().expect("str").trim_end_matches('='));
        add(
            "x5c[0] without its padding",
            n,
            with_header(&chain, x5c_header(no_pad), &base_payload),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        let mut abc = x5c.clone();
        abc[0] = json!("abc");
        add(
            "x5c[0] 'abc'",
            n,
            with_header(&chain, x5c_header(abc), &base_payload),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        let mut notcert = x5c.clone();
        notcert[1] = json!(encode_std(b"not a certificate"));
        add(
            "x5c[1] base64 of non-DER",
            n,
            with_header(&chain, x5c_header(notcert), &base_payload),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        let mut mixed = x5c.clone();
        mixed[1] = json!(other.x5c()[1]);
        add(
            "intermediate from another chain",
            n,
            with_header(&chain, x5c_header(mixed), &base_payload),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        // Chains with one rule broken.
        let mutations: Vec<(&str, ChainOptions)> = vec![
            (
                "missing leaf marker OID",
                ChainOptions {
                    leaf_marker: false,
                    ..ChainOptions::profile(profile)
                },
            ),
            (
                "missing intermediate marker OID",
                ChainOptions {
                    intermediate_marker: false,
                    ..ChainOptions::profile(profile)
                },
            ),
            (
                "missing leaf AKI",
                ChainOptions {
                    leaf_aki: false,
                    ..ChainOptions::profile(profile)
                },
            ),
            (
                "missing intermediate AKI",
                ChainOptions {
                    intermediate_aki: false,
                    ..ChainOptions::profile(profile)
                },
            ),
            (
                "no subject key ids",
                ChainOptions {
                    subject_key_ids: false,
                    ..ChainOptions::profile(profile)
                },
            ),
            (
                "critical marker OIDs",
                ChainOptions {
                    markers_critical: true,
                    ..ChainOptions::profile(profile)
                },
            ),
            (
                "P-384 leaf key",
                ChainOptions {
                    leaf_curve: testkit_core::appstore::Curve::P384,
                    ..ChainOptions::profile(profile)
                },
            ),
            (
                "intermediate expired at signedDate",
                ChainOptions {
                    intermediate_validity: Validity::new(1_577_836_800, SIGNED / 1000 - 1),
                    ..ChainOptions::profile(profile)
                },
            ),
            (
                "root not yet valid at signedDate",
                ChainOptions {
                    root_validity: Validity::new(SIGNED / 1000 + 1, 2_366_841_600),
                    ..ChainOptions::profile(profile)
                },
            ),
        ];
        for (name, opts) in mutations {
            let c = TestChain::build(&opts);
            add(
                name,
                n,
                c.sign(&base_payload),
                vec![c.root.der.clone()],
                sb,
                BUNDLE,
                None,
            );
        }
        // An expired leaf: offline verification uses signedDate.
        let leaf_from = 1_704_067_200; // 2024-01-01
        let leaf_to = 1_735_689_600; // 2025-01-01
        let expired = TestChain::build(&ChainOptions {
            leaf_validity: Validity::new(leaf_from, leaf_to),
            ..ChainOptions::profile(profile)
        });
        let mut at = |label: &str, signed_secs: i64| {
            let mut i = input(Environment::Sandbox);
            i.signed_date_ms = signed_secs * 1000;
            let s = sign_crafted(craft_values(Event::DidRenew, &i), &expired);
            add(
                label,
                n,
                s.signed_payload,
                vec![expired.root.der.clone()],
                sb,
                BUNDLE,
                None,
            );
        };
        at(
            "expired leaf, signedDate inside its validity",
            leaf_from + 86_400 * 100,
        );
        at("expired leaf, signedDate after it", leaf_to + 86_400);
        at("leaf, signedDate 1 s before notBefore", leaf_from - 1);
        at("leaf, signedDate at notBefore", leaf_from);
        at("leaf, signedDate 1 s before notAfter", leaf_to - 1);
        at("leaf, signedDate at notAfter", leaf_to);
        // signedDate oddities.
        let odd = |v: Value| {
            let mut p: serde_json::Map<String, Value> =
                serde_json::from_str(&base_payload).expect("json");
            p.insert("signedDate".into(), v);
            chain.sign(&Value::Object(p).to_string())
        };
        add(
            "signedDate as a numeric string",
            n,
            odd(json!("1750000000000")),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "signedDate not a number",
            n,
            odd(json!("soon")),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "signedDate absent (current time)",
            n,
            odd(Value::Null),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "signedDate before the chain",
            n,
            odd(json!(1_000_000_000_000i64)),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        // JWT claims PyJWT checks after the signature.
        let claim = |k: &str, v: Value| {
            let mut p: serde_json::Map<String, Value> =
                serde_json::from_str(&base_payload).expect("json");
            p.insert(k.into(), v);
            chain.sign(&Value::Object(p).to_string())
        };
        add(
            "exp in the past",
            n,
            claim("exp", json!(1)),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "aud set",
            n,
            claim("aud", json!("someone")),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "iat far in the future",
            n,
            claim("iat", json!(4_000_000_000i64)),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        // Fields.
        add(
            "wrong bundle id",
            n,
            base.signed_payload.clone(),
            root.clone(),
            sb,
            "app.raxx.other",
            None,
        );
        add(
            "environment mismatch (payload Sandbox, verifier Production)",
            n,
            base.signed_payload.clone(),
            root.clone(),
            Environment::Production,
            BUNDLE,
            Some(APP_ID),
        );
        let prod = sign_crafted(
            craft_values(Event::DidRenew, &input(Environment::Production)),
            &chain,
        );
        add(
            "Production, right app apple id",
            n,
            prod.signed_payload.clone(),
            root.clone(),
            Environment::Production,
            BUNDLE,
            Some(APP_ID),
        );
        add(
            "Production, wrong app apple id",
            n,
            prod.signed_payload.clone(),
            root.clone(),
            Environment::Production,
            BUNDLE,
            Some(APP_ID + 1),
        );
        add(
            "Production without the app apple id (constructor)",
            n,
            prod.signed_payload.clone(),
            root.clone(),
            Environment::Production,
            BUNDLE,
            None,
        );
        add(
            "Production payload, Sandbox verifier",
            n,
            prod.signed_payload.clone(),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        let mut no_app = input(Environment::Production);
        no_app.app_apple_id = None;
        let prod_no_app = sign_crafted(craft_values(Event::DidRenew, &no_app), &chain);
        add(
            "Production payload without appAppleId",
            n,
            prod_no_app.signed_payload,
            root.clone(),
            Environment::Production,
            BUNDLE,
            Some(APP_ID),
        );
        add(
            "transaction, wrong bundle id",
            Kind::Transaction,
            tx.clone(),
            root.clone(),
            sb,
            "app.raxx.other",
            None,
        );
        add(
            "transaction, environment mismatch",
            Kind::Transaction,
            tx.clone(),
            root.clone(),
            Environment::Production,
            BUNDLE,
            Some(APP_ID),
        );
        add(
            "renewal info, other bundle id (not checked)",
            Kind::RenewalInfo,
            renewal.clone(),
            root.clone(),
            sb,
            "app.raxx.other",
            None,
        );
        add(
            "renewal info, environment mismatch",
            Kind::RenewalInfo,
            renewal.clone(),
            root.clone(),
            Environment::Production,
            BUNDLE,
            Some(APP_ID),
        );
        add(
            "notification verified as a transaction",
            Kind::Transaction,
            base.signed_payload.clone(),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        add(
            "environment spelled 'sandbox'",
            n,
            odd_env(&chain, &base_payload, "sandbox"),
            root.clone(),
            sb,
            BUNDLE,
            None,
        );
        // Xcode: decoded, not verified.
        add(
            "Xcode: tampered signature still decodes",
            n,
            format!("{}.{}.{}", parts[0], parts[1], encode_url(&sig)),
            vec![],
            Environment::Xcode,
            BUNDLE,
            None,
        );
        let xcode = sign_es256(
            &base_payload.replace("\"Sandbox\"", "\"Xcode\""),
            &chain.leaf_key,
            &[],
        );
        add(
            "Xcode payload, Xcode verifier",
            n,
            xcode.clone(),
            vec![],
            Environment::Xcode,
            BUNDLE,
            None,
        );
        add(
            "Xcode payload, wrong bundle",
            n,
            xcode,
            vec![],
            Environment::Xcode,
            "app.raxx.other",
            None,
        );
    }
    // Notifications without `data`: the library reads summary, externalPurchaseToken or
    // appData instead (externalPurchaseToken's environment comes from its id's prefix).
    let chain = TestChain::build(&ChainOptions::default());
    let sections = [
        (
            "summary",
            r#"{"notificationType":"RENEWAL_EXTENSION","subtype":"SUMMARY","notificationUUID":"s","summary":{"bundleId":"app.raxx.ios","environment":"Sandbox","productId":"app.raxx.pro.monthly","requestIdentifier":"r","storefrontCountryCodes":["USA"],"succeededCount":3,"failedCount":0},"version":"2.0","signedDate":1750000000000}"#,
        ),
        (
            "data null, summary",
            r#"{"notificationType":"RENEWAL_EXTENSION","subtype":"SUMMARY","notificationUUID":"s","data":null,"summary":{"bundleId":"app.raxx.ios","environment":"Sandbox"},"version":"2.0","signedDate":1750000000000}"#,
        ),
        (
            "externalPurchaseToken SANDBOX id",
            r#"{"notificationType":"EXTERNAL_PURCHASE_TOKEN","subtype":"UNREPORTED","notificationUUID":"e","externalPurchaseToken":{"externalPurchaseId":"SANDBOX_b2a1","tokenCreationDate":1749999999000,"bundleId":"app.raxx.ios"},"version":"2.0","signedDate":1750000000000}"#,
        ),
        (
            "externalPurchaseToken production id",
            r#"{"notificationType":"EXTERNAL_PURCHASE_TOKEN","subtype":"UNREPORTED","notificationUUID":"e","externalPurchaseToken":{"externalPurchaseId":"b2a1","bundleId":"app.raxx.ios"},"version":"2.0","signedDate":1750000000000}"#,
        ),
        (
            "appData",
            r#"{"notificationType":"RESCIND_CONSENT","notificationUUID":"a","appData":{"bundleId":"app.raxx.ios","environment":"Sandbox"},"version":"2.0","signedDate":1750000000000}"#,
        ),
        (
            "no section at all",
            r#"{"notificationType":"TEST","notificationUUID":"n","version":"2.0","signedDate":1750000000000}"#,
        ),
        (
            "unknown fields kept",
            r#"{"notificationType":"FUTURE_TYPE","subtype":"FUTURE_SUBTYPE","notificationUUID":"f","data":{"bundleId":"app.raxx.ios","environment":"Sandbox","status":9,"newField":{"a":[1,2]}},"version":"2.0","signedDate":1750000000000,"topLevelNew":true}"#,
        ),
    ];
    for (name, payload) in sections {
        cases.push(Case {
            name: format!("notification sections: {name}"),
            kind: Kind::Notification,
            jws: chain.sign(payload),
            roots: vec![chain.root.der.clone()],
            environment: Environment::Sandbox,
            bundle_id: BUNDLE.into(),
            app_apple_id: None,
        });
    }
    // The real Apple payload.
    let g3 = vec![apple_root_ca_g3().to_vec()];
    let real = REAL_SANDBOX_TEST_NOTIFICATION.to_string();
    let apple =
        |name: &str, roots: Vec<Vec<u8>>, env: Environment, bundle: &str, app: Option<i64>| Case {
            name: format!("real Apple payload: {name}"),
            kind: Kind::Notification,
            jws: real.clone(),
            roots,
            environment: env,
            bundle_id: bundle.into(),
            app_apple_id: app,
        };
    let test_root = TestChain::build(&ChainOptions::default()).root.der;
    cases.push(apple(
        "against Apple Root CA - G3",
        g3.clone(),
        Environment::Sandbox,
        "com.loki-project.loki-messenger",
        None,
    ));
    cases.push(apple(
        "against a test root",
        vec![test_root.clone()],
        Environment::Sandbox,
        "com.loki-project.loki-messenger",
        None,
    ));
    cases.push(apple(
        "G3 and a test root",
        vec![test_root, g3[0].clone()],
        Environment::Sandbox,
        "com.loki-project.loki-messenger",
        None,
    ));
    cases.push(apple(
        "wrong bundle id",
        g3.clone(),
        Environment::Sandbox,
        BUNDLE,
        None,
    ));
    cases.push(apple(
        "Production verifier",
        g3.clone(),
        Environment::Production,
        "com.loki-project.loki-messenger",
        Some(APP_ID),
    ));
    for c in &cases {
        emit(c);
    }
}

fn odd_env(chain: &TestChain, payload: &str, env: &str) -> String {
    chain.sign(&payload.replace(
        "\"environment\":\"Sandbox\"",
        &format!("\"environment\":\"{env}\""),
    ))
}
