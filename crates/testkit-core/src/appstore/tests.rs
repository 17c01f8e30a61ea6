//! Tests of the whole module: the real Apple payload, every verdict, crafting.

use super::*;

#[test]
fn g3_fingerprint() {
    assert_eq!(
        sha256_fingerprint(apple_root_ca_g3()),
        APPLE_ROOT_CA_G3_SHA256
    );
}

#[cfg(feature = "native-crypto")]
mod native_checks {
    use super::*;

    fn sandbox(bundle: &str, roots: Vec<Vec<u8>>) -> VerifierConfig {
        VerifierConfig::new(roots, Environment::Sandbox, bundle, None).unwrap()
    }

    #[test]
    fn real_apple_payload_verifies_against_g3() {
        let config = sandbox(
            "com.loki-project.loki-messenger",
            vec![apple_root_ca_g3().to_vec()],
        );
        let v = verify(REAL_SANDBOX_TEST_NOTIFICATION, Kind::Notification, &config);
        assert_eq!(v.status, Status::Ok, "{v:#?}");
        assert_eq!(v.effective_date, Some(1_757_035_472));
        assert_eq!(v.certificates.len(), 2);
        let n = v.notification().unwrap();
        assert_eq!(n.notification_type, Some(NotificationType::Test));
        assert_eq!(
            n.notification_uuid.as_deref(),
            Some("592751ef-c1b8-47fc-929e-d62dee66df4c")
        );
    }

    #[test]
    fn test_chain_payload_verifies() {
        for profile in [ChainProfile::P256, ChainProfile::AppleLike] {
            let chain = TestChain::build(&ChainOptions::profile(profile));
            let jws = chain.sign(r#"{"notificationType":"TEST","notificationUUID":"x","data":{"bundleId":"app.raxx","environment":"Sandbox"},"version":"2.0","signedDate":1750000000000}"#);
            let v = verify(
                &jws,
                Kind::Notification,
                &sandbox("app.raxx", vec![chain.root.der.clone()]),
            );
            assert_eq!(v.status, Status::Ok, "{v:#?}");
        }
    }
}
