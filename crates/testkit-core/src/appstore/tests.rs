//! Tests of the whole module: the real Apple payload, every verdict, mapping, crafting.

use super::*;

const LOKI: &str = "com.loki-project.loki-messenger";

fn g3_config(bundle: &str) -> VerifierConfig {
    VerifierConfig::apple(Environment::Sandbox, bundle, None).unwrap()
}

#[test]
fn g3_fingerprint() {
    assert_eq!(
        sha256_fingerprint(apple_root_ca_g3()),
        APPLE_ROOT_CA_G3_SHA256
    );
    let info = certificate_info(apple_root_ca_g3()).unwrap();
    assert_eq!(info.not_before, Some(1_398_881_946));
    assert_eq!(info.not_after, Some(2_187_800_346));
    assert_eq!(info.basic_constraints.as_deref(), Some("CA"));
    assert!(info.self_issued && info.has_subject_key_id && !info.has_authority_key_id);
}

#[test]
fn real_payload_plan_lists_webcrypto_checks() {
    let plan = plan(
        REAL_SANDBOX_TEST_NOTIFICATION,
        Kind::Notification,
        &g3_config(LOKI),
    )
    .unwrap();
    let checks = &plan.signature_checks;
    assert_eq!(checks.len(), 3);
    // Intermediate (WWDR G6) signed by G3: P-384 key, SHA-384.
    assert_eq!(
        (checks[0].curve, checks[0].hash),
        (Curve::P384, Hash::Sha384)
    );
    assert_eq!(checks[0].signature.len(), 96);
    assert_eq!(
        checks[0].public_key_spki,
        parse_certificate(apple_root_ca_g3()).unwrap().spki
    );
    // Leaf signed by the intermediate's P-384 key with SHA-384.
    assert_eq!(
        (checks[1].curve, checks[1].hash),
        (Curve::P384, Hash::Sha384)
    );
    // The JWS: the leaf's P-256 key, SHA-256, over header.payload.
    assert_eq!(
        (checks[2].curve, checks[2].hash),
        (Curve::P256, Hash::Sha256)
    );
    assert_eq!(checks[2].signature.len(), 64);
    let input = REAL_SANDBOX_TEST_NOTIFICATION.rsplit_once('.').unwrap().0;
    assert_eq!(checks[2].message, input.as_bytes());

    let ok = conclude(plan.clone(), &[true, true, true]);
    assert_eq!(ok.status, Status::Ok);
    assert_eq!(ok.certificates[0].subject, "CN=Prod ECC Mac App Store and iTunes Store Receipt Signing, OU=Apple Worldwide Developer Relations, O=Apple Inc., C=US");
    assert!(ok.certificates[0].apple_leaf_marker && ok.certificates[1].apple_intermediate_marker);
    assert!(ok
        .checks
        .iter()
        .all(|c| matches!(c.outcome, Outcome::Passed(_))));

    let bad = conclude(plan.clone(), &[true, false, true]);
    assert_eq!(bad.status, Status::VerificationFailure);
    assert!(
        bad.reason.contains("signature on x5c[0] (leaf)"),
        "{}",
        bad.reason
    );
    assert!(bad.checks.iter().any(|c| c.outcome == Outcome::NotReached));
    let missing = conclude(plan, &[]);
    assert_eq!(missing.status, Status::VerificationFailure);
}

#[test]
fn field_checks_follow_the_signatures() {
    let plan = plan(
        REAL_SANDBOX_TEST_NOTIFICATION,
        Kind::Notification,
        &g3_config("app.raxx.ios"),
    )
    .unwrap();
    let v = conclude(plan.clone(), &[true; 3]);
    assert_eq!(v.status, Status::InvalidAppIdentifier);
    assert_eq!(
        v.reason,
        "data.bundleId is \"com.loki-project.loki-messenger\" but the verifier expects \"app.raxx.ios\""
    );
    // A failed signature comes first in Apple's order.
    assert_eq!(
        conclude(plan, &[true, true, false]).status,
        Status::VerificationFailure
    );

    let prod = VerifierConfig::apple(Environment::Production, LOKI, Some(1)).unwrap();
    let v = conclude(plan_ok(REAL_SANDBOX_TEST_NOTIFICATION, &prod), &[true; 3]);
    assert_eq!(v.status, Status::InvalidAppIdentifier);
    assert!(v.reason.contains("appAppleId is missing"), "{}", v.reason);
}

fn plan_ok(jws: &str, config: &VerifierConfig) -> Plan {
    plan(jws, Kind::Notification, config).unwrap()
}

#[test]
fn early_verdicts_need_no_crypto() {
    let config = g3_config(LOKI);
    let v = plan("a.b", Kind::Notification, &config).unwrap_err();
    assert_eq!(v.status, Status::VerificationFailure);
    assert!(v.payload.is_none());
    let mut no_roots = config.clone();
    no_roots.roots.clear();
    let v = plan(
        REAL_SANDBOX_TEST_NOTIFICATION,
        Kind::Notification,
        &no_roots,
    )
    .unwrap_err();
    assert_eq!(v.status, Status::InvalidCertificate);
    assert_eq!(v.reason, "no root certificate is configured");
    let mut garbage = config.clone();
    garbage.roots = vec![b"nope".to_vec()];
    let v = plan(REAL_SANDBOX_TEST_NOTIFICATION, Kind::Notification, &garbage).unwrap_err();
    assert_eq!(v.status, Status::InvalidCertificate);
    assert!(v
        .reason
        .starts_with("configured root #1 is not a DER certificate"));
    assert_eq!(
        VerifierConfig::new(vec![], Environment::Production, "b", None)
            .unwrap_err()
            .to_string(),
        "appAppleId is required when the environment is Production"
    );
    // Checked at a time after the leaf expired (as online mode would): refused.
    // (The leaf's validity comes after the chain's signatures in OpenSSL's order.)
    let late = config.clone().checking_at(1_800_000_000);
    let v = conclude(
        plan_ok(REAL_SANDBOX_TEST_NOTIFICATION, &late),
        &[true, true],
    );
    assert_eq!(v.status, Status::VerificationFailure);
    assert!(
        v.reason
            .contains("has expired at the effective date 2027-01-15T08:00:00Z"),
        "{}",
        v.reason
    );
}

#[test]
fn xcode_data_is_decoded_without_checks() {
    let config = VerifierConfig::new(vec![], Environment::Xcode, "b", None).unwrap();
    let v = plan(REAL_SANDBOX_TEST_NOTIFICATION, Kind::Notification, &config).unwrap_err();
    // Decoded, then the bundle check refuses it: no signature was needed.
    assert_eq!(v.status, Status::InvalidAppIdentifier);
}

#[test]
fn status_names() {
    let all = [
        (Status::Ok, "OK"),
        (Status::VerificationFailure, "VERIFICATION_FAILURE"),
        (Status::InvalidAppIdentifier, "INVALID_APP_IDENTIFIER"),
        (Status::InvalidCertificate, "INVALID_CERTIFICATE"),
        (Status::InvalidChainLength, "INVALID_CHAIN_LENGTH"),
        (Status::InvalidChain, "INVALID_CHAIN"),
        (Status::InvalidEnvironment, "INVALID_ENVIRONMENT"),
    ];
    for (s, n) in all {
        assert_eq!(s.name(), n);
    }
}

fn input() -> CraftInput {
    CraftInput::new(
        "app.raxx.ios",
        "app.raxx.pro.monthly",
        Environment::Sandbox,
        "user_7",
        "5b3d2c1a-0000-4000-8000-00000000abcd",
        1_750_000_000_000,
        1_752_592_000_000,
        1_750_000_005_000,
    )
}

fn parts(
    c: &Crafted,
) -> (
    ResponseBodyV2DecodedPayload,
    Option<Transaction>,
    Option<RenewalInfo>,
) {
    (
        serde_json::from_str(&c.notification).unwrap(),
        c.transaction
            .as_deref()
            .map(|t| serde_json::from_str(t).unwrap()),
        c.renewal_info
            .as_deref()
            .map(|r| serde_json::from_str(r).unwrap()),
    )
}

#[test]
fn crafted_lifecycle_is_consistent() {
    let mut i = input();
    let first = craft(Event::InitialBuy, &i);
    i.renewal = 1;
    let renewed = craft(Event::DidRenew, &i);
    let (_, t0, r0) = parts(&first);
    let (n1, t1, _) = parts(&renewed);
    let (t0, t1) = (t0.unwrap(), t1.unwrap());
    assert_eq!(t0.original_transaction_id, t1.original_transaction_id);
    assert_ne!(t0.transaction_id, t1.transaction_id);
    assert_ne!(t0.web_order_line_item_id, t1.web_order_line_item_id);
    assert_eq!(
        t0.transaction_id, t0.original_transaction_id,
        "first purchase: ids equal"
    );
    assert_eq!(
        t0.app_account_token.as_deref(),
        Some(app_account_token("user_7").as_str())
    );
    assert_eq!(t0.transaction_reason, Some(TransactionReason::Purchase));
    assert_eq!(t1.transaction_reason, Some(TransactionReason::Renewal));
    assert_eq!(r0.unwrap().auto_renew_status, Some(AutoRenewStatus::On));
    assert_eq!(n1.notification_type, Some(NotificationType::DidRenew));
    assert_eq!(n1.data.unwrap().status, Some(SubscriptionStatus::Active));

    let all = lifecycle(&i);
    assert_eq!(all.len(), 16);
    for c in &all {
        let (n, t, r) = parts(c);
        assert_eq!(n.notification_type, Some(c.event.notification_type()));
        assert_eq!(n.subtype, c.event.subtype());
        assert_eq!(n.data.as_ref().unwrap().status, c.event.status());
        assert_eq!(n.version.as_deref(), Some("2.0"));
        if c.event != Event::Test {
            let (t, r) = (t.unwrap(), r.unwrap());
            assert_eq!(t.original_transaction_id, r.original_transaction_id);
            assert_eq!(t.environment.as_deref(), Some("Sandbox"));
            assert_eq!(t.bundle_id.as_deref(), Some("app.raxx.ios"));
        } else {
            assert!(t.is_none() && r.is_none());
        }
    }
}

#[test]
fn crafted_events_carry_realistic_fields() {
    let i = input();
    let (_, _, r) = parts(&craft(Event::FailToRenewGracePeriod, &i));
    let r = r.unwrap();
    assert_eq!(r.is_in_billing_retry_period, Some(true));
    assert_eq!(
        r.grace_period_expires_date,
        Some(i.expires_date_ms + 16 * 86_400_000)
    );
    assert_eq!(r.expiration_intent, Some(ExpirationIntent::BillingError));
    let (_, _, r) = parts(&craft(Event::FailToRenew, &i));
    assert_eq!(r.as_ref().unwrap().grace_period_expires_date, None);
    let (_, t, _) = parts(&craft(Event::Refund, &i));
    let t = t.unwrap();
    assert_eq!(t.revocation_date, Some(i.signed_date_ms));
    assert_eq!(t.revocation_reason, Some(RevocationReason::OtherReason));
    assert_eq!(t.revocation_type, Some(RevocationType::RefundFull));
    let (_, t, _) = parts(&craft(Event::Revoke, &i));
    assert_eq!(
        t.unwrap().in_app_ownership_type,
        Some(InAppOwnershipType::FamilyShared)
    );
    let (_, t, r) = parts(&craft(Event::Upgrade, &i));
    assert_eq!(
        t.unwrap().product_id.as_deref(),
        Some("app.raxx.pro_plus.monthly")
    );
    assert_eq!(
        r.unwrap().auto_renew_product_id.as_deref(),
        Some("app.raxx.pro_plus.monthly")
    );
    let mut down = input();
    down.product_id = "app.raxx.pro_plus.monthly".into();
    let (_, t, r) = parts(&craft(Event::Downgrade, &down));
    assert_eq!(
        t.unwrap().product_id.as_deref(),
        Some("app.raxx.pro_plus.monthly")
    );
    assert_eq!(
        r.unwrap().auto_renew_product_id.as_deref(),
        Some("app.raxx.pro.monthly")
    );
    let (_, _, r) = parts(&craft(Event::ExpiredVoluntary, &i));
    let r = r.unwrap();
    assert_eq!(
        (r.auto_renew_status, r.expiration_intent),
        (
            Some(AutoRenewStatus::Off),
            Some(ExpirationIntent::CustomerCancelled)
        )
    );
    let (n, _, _) = parts(&craft(Event::Test, &i));
    let data = n.data.unwrap();
    assert_eq!(
        (data.bundle_id.as_deref(), data.environment.as_deref()),
        (Some("app.raxx.ios"), Some("Sandbox"))
    );
    assert!(data.status.is_none() && data.extra.is_empty() && data.bundle_version.is_none());
}

#[test]
fn crafted_json_is_editable_and_assembled() {
    let c = craft(Event::DidRenew, &input());
    let assembled = c.assemble(Some("tx.jws.sig"), Some("ri.jws.sig")).unwrap();
    let n: ResponseBodyV2DecodedPayload = serde_json::from_str(&assembled).unwrap();
    let data = n.data.unwrap();
    assert_eq!(data.signed_transaction_info.as_deref(), Some("tx.jws.sig"));
    assert_eq!(data.signed_renewal_info.as_deref(), Some("ri.jws.sig"));
    assert!(!assembled.contains('\n'), "compact for signing");
    assert!(c.notification.contains('\n'), "pretty for editing");
}

/// The replay signs the values as crafted, without printing and reading them back: the
/// same texts as the edited path with nothing edited, for every event.
#[test]
fn crafted_values_sign_as_the_printed_texts_do() {
    let compact = |text: &Option<String>| {
        text.as_deref().map(|t| {
            serde_json::from_str::<serde_json::Value>(t)
                .unwrap()
                .to_string()
        })
    };
    let object = |map: &Option<serde_json::Map<String, serde_json::Value>>| {
        map.clone()
            .map(|m| serde_json::Value::Object(m).to_string())
    };
    for event in Event::ALL {
        let (printed, values) = (craft(event, &input()), craft_values(event, &input()));
        assert_eq!(compact(&printed.transaction), object(&values.transaction));
        assert_eq!(compact(&printed.renewal_info), object(&values.renewal_info));
        for signed in [(None, None), (Some("tx.jws.sig"), Some("ri.jws.sig"))] {
            assert_eq!(
                printed.assemble(signed.0, signed.1).unwrap(),
                values.clone().payload(signed.0, signed.1),
                "{event:?}"
            );
        }
    }
}

#[test]
fn mapping_of_every_event() {
    let expect = [
        (Event::InitialBuy, Some("active"), Some(true), "active"),
        (Event::Resubscribe, Some("active"), Some(true), "active"),
        (Event::DidRenew, Some("active"), Some(true), "active"),
        (Event::BillingRecovery, Some("active"), Some(true), "active"),
        (
            Event::FailToRenewGracePeriod,
            Some("billing_grace_period"),
            Some(true),
            "grace",
        ),
        (
            Event::FailToRenew,
            Some("billing_retry"),
            Some(true),
            "retry",
        ),
        (
            Event::GracePeriodExpired,
            Some("billing_retry"),
            Some(true),
            "retry",
        ),
        (
            Event::ExpiredVoluntary,
            Some("expired"),
            Some(false),
            "ended",
        ),
        (
            Event::ExpiredBillingRetry,
            Some("expired"),
            Some(false),
            "ended",
        ),
        (
            Event::AutoRenewDisabled,
            Some("active"),
            Some(false),
            "cancelling",
        ),
        (
            Event::AutoRenewEnabled,
            Some("active"),
            Some(true),
            "active",
        ),
        (Event::Upgrade, Some("active"), Some(true), "active"),
        (Event::Downgrade, Some("active"), Some(true), "active"),
        (Event::Refund, Some("revoked"), Some(false), "revoked"),
        (Event::Revoke, Some("revoked"), Some(true), "revoked"),
        (Event::Test, None, None, "unknown"),
    ];
    let mut i = input();
    i.product_id = "app.raxx.pro_plus.monthly".into();
    for (event, status, renew, slug) in expect {
        let (n, t, r) = parts(&craft(event, &i));
        let u = mirror_update(&n, t.as_ref(), r.as_ref());
        assert_eq!(u.status, status, "{event:?}");
        assert_eq!(u.auto_renew, renew, "{event:?}");
        assert_eq!(u.normalised.as_str(), slug, "{event:?}");
        if event != Event::Test {
            assert_eq!(u.environment.as_deref(), Some("Sandbox"));
            assert_eq!(u.expires_at_ms, Some(i.expires_date_ms));
            assert!(u.original_transaction_id.is_some() && u.app_account_token.is_some());
        }
        match event {
            Event::Upgrade => assert_eq!(u.tier, Some("founders")),
            Event::Downgrade => assert_eq!((u.tier, u.next_tier), (Some("pro_plus"), Some("pro"))),
            Event::Test => assert_eq!(u.tier, None),
            _ => assert_eq!((u.tier, u.next_tier), (Some("pro_plus"), None)),
        }
    }
}

#[test]
fn mapping_without_status_and_trials() {
    let n: ResponseBodyV2DecodedPayload =
        serde_json::from_str(r#"{"notificationType":"DID_FAIL_TO_RENEW","data":{}}"#).unwrap();
    assert_eq!(mirror_update(&n, None, None).status, Some("billing_retry"));
    let n: ResponseBodyV2DecodedPayload = serde_json::from_str(
        r#"{"notificationType":"SUBSCRIBED","subtype":"INITIAL_BUY","data":{"status":1}}"#,
    )
    .unwrap();
    let t: Transaction = serde_json::from_str(
        r#"{"productId":"app.raxx.pro.monthly","offerType":1,"offerDiscountType":"FREE_TRIAL"}"#,
    )
    .unwrap();
    let u = mirror_update(&n, Some(&t), None);
    assert_eq!(
        (u.status, u.normalised.as_str(), u.tier),
        (Some("active"), "trialing", Some("pro"))
    );
    let n: ResponseBodyV2DecodedPayload =
        serde_json::from_str(r#"{"notificationType":"SOMETHING_NEW","data":{"status":42}}"#)
            .unwrap();
    assert_eq!(mirror_update(&n, None, None).status, None);
}

#[cfg(feature = "native-crypto")]
mod native_checks {
    use super::*;

    const BUNDLE: &str = "app.raxx.ios";

    fn sandbox(bundle: &str, roots: Vec<Vec<u8>>) -> VerifierConfig {
        VerifierConfig::new(roots, Environment::Sandbox, bundle, None).unwrap()
    }

    fn signed(event: Event, chain: &TestChain) -> SignedNotification {
        sign_crafted(craft_values(event, &input()), chain)
    }

    #[test]
    fn real_apple_payload_verifies_against_g3_only() {
        let v = verify(
            REAL_SANDBOX_TEST_NOTIFICATION,
            Kind::Notification,
            &g3_config(LOKI),
        );
        assert_eq!(v.status, Status::Ok, "{v:#?}");
        assert_eq!(v.effective_date, Some(1_757_035_472));
        let n = v.notification().unwrap();
        assert_eq!(n.notification_type, Some(NotificationType::Test));
        assert_eq!(
            n.notification_uuid.as_deref(),
            Some("592751ef-c1b8-47fc-929e-d62dee66df4c")
        );
        let test_root = TestChain::build(&ChainOptions::default()).root.der;
        let v = verify(
            REAL_SANDBOX_TEST_NOTIFICATION,
            Kind::Notification,
            &sandbox(LOKI, vec![test_root]),
        );
        assert_eq!(v.status, Status::VerificationFailure);
        assert!(
            v.reason.contains("unable to get local issuer certificate"),
            "{}",
            v.reason
        );
    }

    #[test]
    fn every_template_verifies_with_both_profiles() {
        for profile in [ChainProfile::P256, ChainProfile::AppleLike] {
            let chain = TestChain::build(&ChainOptions::profile(profile));
            let config = sandbox(BUNDLE, vec![chain.root.der.clone()]);
            for event in Event::ALL {
                let s = signed(event, &chain);
                let v = verify(&s.signed_payload, Kind::Notification, &config);
                assert_eq!(v.status, Status::Ok, "{event:?} {}", v.reason);
                if let Some(t) = &s.signed_transaction_info {
                    assert!(verify(t, Kind::Transaction, &config).is_ok());
                }
                if let Some(r) = &s.signed_renewal_info {
                    assert!(verify(r, Kind::RenewalInfo, &config).is_ok());
                }
            }
        }
    }

    fn reason_of(options: ChainOptions) -> (Status, String) {
        let chain = TestChain::build(&options);
        let s = signed(Event::DidRenew, &chain);
        let v = verify(
            &s.signed_payload,
            Kind::Notification,
            &sandbox(BUNDLE, vec![chain.root.der.clone()]),
        );
        (v.status, v.reason)
    }

    #[test]
    fn chain_refusals_are_precise() {
        let d = ChainOptions::default;
        let (s, r) = reason_of(ChainOptions {
            leaf_marker: false,
            ..d()
        });
        assert_eq!(s, Status::VerificationFailure);
        assert!(
            r.contains("lacks extension 1.2.840.113635.100.6.11.1"),
            "{r}"
        );
        let (_, r) = reason_of(ChainOptions {
            intermediate_marker: false,
            ..d()
        });
        assert!(
            r.contains("x5c[1] (intermediate)") && r.contains("1.2.840.113635.100.6.2.1"),
            "{r}"
        );
        let (_, r) = reason_of(ChainOptions {
            leaf_aki: false,
            ..d()
        });
        assert!(
            r.contains("Missing Authority Key Identifier") && r.contains("x5c[0]"),
            "{r}"
        );
        let (_, r) = reason_of(ChainOptions {
            markers_critical: true,
            ..d()
        });
        assert!(r.contains("unhandled critical extension"), "{r}");
        let (_, r) = reason_of(ChainOptions {
            leaf_curve: Curve::P384,
            ..d()
        });
        assert!(r.contains("ES256 needs P-256"), "{r}");
        let (_, r) = reason_of(ChainOptions {
            leaf_validity: Validity::new(1_704_067_200, 1_735_689_600),
            ..d()
        });
        assert!(r.contains("has expired at the effective date 2025-06-15T15:06:45Z (notAfter 2025-01-01T00:00:00Z)"), "{r}");
    }

    #[test]
    fn each_status_from_the_verifier() {
        let chain = TestChain::build(&ChainOptions::default());
        let root = vec![chain.root.der.clone()];
        let s = signed(Event::InitialBuy, &chain);
        let ok = verify(
            &s.signed_payload,
            Kind::Notification,
            &sandbox(BUNDLE, root.clone()),
        );
        assert_eq!(ok.status, Status::Ok);
        let wrong = verify(
            &s.signed_payload,
            Kind::Notification,
            &sandbox("other", root.clone()),
        );
        assert_eq!(wrong.status, Status::InvalidAppIdentifier);
        let prod =
            VerifierConfig::new(root.clone(), Environment::Production, BUNDLE, Some(9)).unwrap();
        // Production checks appAppleId first (missing here), then the environment.
        assert_eq!(
            verify(&s.signed_payload, Kind::Notification, &prod).status,
            Status::InvalidAppIdentifier
        );
        let tx = s.signed_transaction_info.as_deref().unwrap();
        let v = verify(tx, Kind::Transaction, &prod);
        assert_eq!(v.status, Status::InvalidEnvironment);
        assert_eq!(
            v.reason,
            "transaction.environment is \"Sandbox\" but the verifier expects \"Production\""
        );
        let renewal = s.signed_renewal_info.as_deref().unwrap();
        assert_eq!(
            verify(
                renewal,
                Kind::RenewalInfo,
                &sandbox("any.bundle", root.clone())
            )
            .status,
            Status::Ok
        );
        // Chain length and certificates.
        let payload = parse_jws(&s.signed_payload).unwrap().payload_text;
        let two = sign_es256(&payload, &chain.leaf_key, &chain.x5c_der()[..2]);
        let v = verify(&two, Kind::Notification, &sandbox(BUNDLE, root.clone()));
        assert_eq!(v.status, Status::InvalidChainLength);
        assert!(v.reason.contains("holds 2 certificate(s)"));
        let header = format!(
            r#"{{"alg":"ES256","x5c":["{}","{}","{}"]}}"#,
            encode_url(&chain.leaf.der),
            encode_url(&chain.intermediate.der),
            encode_url(&chain.root.der)
        );
        let url = sign_with_header(&header, &payload, &chain.leaf_key);
        let v = verify(&url, Kind::Notification, &sandbox(BUNDLE, root.clone()));
        assert_eq!(v.status, Status::InvalidCertificate);
        assert!(
            v.reason.starts_with("x5c[0] (leaf) is not standard base64"),
            "{}",
            v.reason
        );
        // Tampered payload: the JWS signature fails.
        let p: Vec<&str> = s.signed_payload.split('.').collect();
        let tampered = format!(
            "{}.{}.{}",
            p[0],
            encode_url(payload.replace("INITIAL_BUY", "RESUBSCRIBE").as_bytes()),
            p[2]
        );
        let v = verify(&tampered, Kind::Notification, &sandbox(BUNDLE, root));
        assert_eq!(v.status, Status::VerificationFailure);
        assert!(
            v.reason.starts_with("the JWS signature does not verify"),
            "{}",
            v.reason
        );
    }

    #[test]
    fn test_chain_outputs() {
        let chain = TestChain::build(&ChainOptions::profile(ChainProfile::AppleLike));
        for (cert, ca) in [
            (&chain.root, true),
            (&chain.intermediate, true),
            (&chain.leaf, false),
        ] {
            assert!(cert.pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
            let info = certificate_info(&cert.der).unwrap();
            assert_eq!(
                info.basic_constraints.as_deref().unwrap().starts_with("CA"),
                ca
            );
        }
        let inter = certificate_info(&chain.intermediate.der).unwrap();
        assert_eq!(
            (inter.key.as_str(), inter.basic_constraints.as_deref()),
            ("EC P-384", Some("CA, path length 0"))
        );
        assert_eq!(inter.key_usage, ["keyCertSign", "cRLSign"]);
        assert_eq!(chain.x5c().len(), 3);
        assert_eq!(
            EcKey::from_pkcs8_der(&chain.leaf_key.pkcs8_der()),
            Some(chain.leaf_key.clone())
        );
        assert_eq!(
            TestChain::build(&ChainOptions::profile(ChainProfile::AppleLike)),
            chain,
            "reproducible"
        );
    }
}

#[test]
fn original_transaction_ids_stay_apart_across_many_users() {
    let ids: std::collections::HashSet<String> = (0..20_000)
        .map(|i| original_transaction_id("app.raxx", &format!("usr_{i}")))
        .collect();
    assert_eq!(ids.len(), 20_000);
    assert!(ids.iter().all(|id| id.len() == 16 && id.starts_with('2')));
}
