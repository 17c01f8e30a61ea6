//! Scenarios D and E: cancel at the end of the period, or now.

use super::builder::{event, Builder, StepSpec};
use super::{Check, HOUR};
use crate::stripe::SubscriptionStatus;

pub(super) fn at_period_end(b: &mut Builder) {
    b.subscriptions(|_, sub| sub.cancel_at_period_end = true);
    b.add(
        StepSpec::action("Cancel at the end of the period")
            .command(b.for_each(|n| format!("stripe POST \"/subscriptions/$SUB{n}\" -d cancel_at_period_end=true >/dev/null")))
            .events(vec![event(b.now, "customer.subscription.updated", "cancel_at_period_end true")])
            .check(Check::Subscriptions),
    );
    let r = b.renewal(1);
    b.subscriptions(|_, sub| sub.status = SubscriptionStatus::Canceled);
    b.advance(
        r + HOUR,
        StepSpec::advance("Advance past the period end")
            .events(vec![event(
                r,
                "customer.subscription.deleted",
                "status canceled; no renewal invoice",
            )])
            .check(Check::Subscriptions),
    );
}

pub(super) fn now(b: &mut Builder) {
    b.subscriptions(|_, sub| sub.status = SubscriptionStatus::Canceled);
    b.add(
        StepSpec::action("Cancel now")
            .command(b.for_each(|n| format!("stripe DELETE \"/subscriptions/$SUB{n}\" >/dev/null")))
            .events(vec![event(
                b.now,
                "customer.subscription.deleted",
                "status canceled, at once",
            )])
            .check(Check::Subscriptions)
            .note("No clock advance: cancellation takes effect immediately."),
    );
}
