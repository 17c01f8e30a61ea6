//! The App Store bundle: the loader mounts it where a page shows that surface; the craft
//! form is a chunk of its own, downloaded when someone opens it.

billing_testkit::surface_bundle!(AppStore, appstore::CraftPart => appstore_craft);
