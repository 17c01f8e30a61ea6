//! Scenarios C and F: a trial that ends into the first real invoice, or (without a
//! card) into a pause that a card and a resume end.

use super::builder::{event, Builder, StepSpec};
use super::{Check, HOUR, SETTLE, TRIAL_WARNING};
use crate::clock::calendar::period_end;
use crate::stripe::{InvoiceStatus, SubscriptionStatus};

/// The trial_will_end warning: an advance to three days before the end, or at once
/// (on the subscribe step) when the trial is that short.
fn warn_before_trial_end(b: &mut Builder, end: i64) {
    let start = b.p.start;
    let warn = (end - TRIAL_WARNING).max(start);
    if warn > start {
        b.advance(
            warn + HOUR,
            StepSpec::advance("Advance to three days before the trial ends")
                .events(vec![event(
                    warn,
                    "customer.subscription.trial_will_end",
                    "three days before trial end",
                )])
                .check(Check::Subscriptions),
        );
    } else if let Some(step) = b.last_step() {
        step.events.push(event(
            start,
            "customer.subscription.trial_will_end",
            "at once: the trial is 3 days or shorter",
        ));
    }
}

pub(super) fn trial_with_card(b: &mut Builder) {
    let end = b.trial_end.expect("trial scenarios have a trial");
    warn_before_trial_end(b, end);
    let next = b.renewal(1);
    b.subscriptions(|_, sub| {
        sub.status = SubscriptionStatus::Active;
        sub.current_period_end = next;
    });
    b.invoice(Some(InvoiceStatus::Paid));
    b.advance(
        end + SETTLE,
        StepSpec::advance("Advance past the trial end: the first real invoice")
            .events(b.paid_boundary(end, "trialing -> active"))
            .check(Check::Subscriptions),
    );
}

pub(super) fn trial_without_card(b: &mut Builder) {
    let end = b.trial_end.expect("trial scenarios have a trial");
    warn_before_trial_end(b, end);
    b.subscriptions(|_, sub| sub.status = SubscriptionStatus::Paused);
    b.advance(
        end + HOUR,
        StepSpec::advance("Advance past the trial end: paused, no payment method")
            .events(vec![
                event(end, "customer.subscription.paused", "end behaviour: pause"),
                event(end, "customer.subscription.updated", "status paused"),
            ])
            .check(Check::Subscriptions),
    );
    // Resuming with billing_cycle_anchor=now starts a new period at the resume.
    let resumed_until = period_end(b.now, b.p.interval, 1);
    b.subscriptions(|_, sub| {
        sub.status = SubscriptionStatus::Active;
        sub.current_period_end = resumed_until;
    });
    b.invoice(Some(InvoiceStatus::Paid));
    b.add(
        StepSpec::action("Add pm_card_visa and resume")
            .command(b.for_each(|n| {
                format!(
                    "PM{n}=$(stripe POST /payment_methods/pm_card_visa/attach -d \"customer=$CUST{n}\" | field id)\nstripe POST \"/customers/$CUST{n}\" -d \"invoice_settings[default_payment_method]=$PM{n}\" >/dev/null\nstripe POST \"/subscriptions/$SUB{n}/resume\" -d billing_cycle_anchor=now >/dev/null"
                )
            }))
            .events(vec![
                event(b.now, "customer.subscription.resumed", ""),
                event(b.now, "invoice.created", "for the new period"),
                event(b.now, "invoice.payment_succeeded", ""),
            ])
            .check(Check::Subscriptions),
    );
}
