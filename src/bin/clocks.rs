//! The clocks bundle: the loader mounts it where a page shows that surface; the replay
//! form is a chunk of its own, downloaded when someone opens it.

billing_testkit::surface_bundle!(Clocks, clocks::replay::ReplayPart => clocks_replay);
