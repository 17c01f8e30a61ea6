//! The verifier of the App Store page, a bundle of its own: downloaded once the input
//! holds a JWS to verify.

billing_testkit::part_bundle!(appstore::InspectionPart, context);
