//! The appstore bundle: the loader mounts it where a page shows that surface.

billing_testkit::surface_bundle!(AppStore);
