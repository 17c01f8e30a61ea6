//! The replay form of the clocks page, a bundle of its own: downloaded when someone
//! opens "Set up a replay".

billing_testkit::part_bundle!(clocks::replay::ReplayPart);
