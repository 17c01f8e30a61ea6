//! The craft form of the App Store page, a bundle of its own: downloaded when someone
//! opens "Craft a test notification".

billing_testkit::part_bundle!(appstore::CraftPart);
