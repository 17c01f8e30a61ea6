//! Scenario B: the card fails at renewal, Smart Retries retry over the account's window,
//! and the account's setting decides the end state.

use super::builder::{event, Builder, StepSpec};
use super::{Check, HOUR, SETTLE};
use crate::clock::params::AfterRetries;
use crate::stripe::{InvoiceStatus, SubscriptionStatus};
use crate::time::DAY;

pub(super) fn failing_renewal(b: &mut Builder) {
    b.add(
        StepSpec::action("Switch the default card to pm_card_chargeCustomerFail (attaches, then every charge fails)")
            .command(b.for_each(|n| {
                format!(
                    "PM_FAIL{n}=$(stripe POST /payment_methods/pm_card_chargeCustomerFail/attach -d \"customer=$CUST{n}\" | field id)\nstripe POST \"/customers/$CUST{n}\" -d \"invoice_settings[default_payment_method]=$PM_FAIL{n}\" >/dev/null"
                )
            }))
            .events(vec![
                event(b.now, "payment_method.attached", ""),
                event(b.now, "customer.updated", ""),
            ]),
    );
    let r = b.renewal(1);
    let next = b.renewal(2);
    b.subscriptions(|_, sub| {
        sub.status = SubscriptionStatus::PastDue;
        sub.current_period_end = next;
    });
    b.invoice(Some(InvoiceStatus::Open));
    b.advance(
        r + SETTLE,
        StepSpec::advance("Advance past the renewal: the charge fails")
            .events(vec![
                event(r, "customer.subscription.updated", "new period"),
                event(r, "invoice.created", ""),
                event(r + HOUR, "invoice.finalized", ""),
                event(r + HOUR, "invoice.payment_failed", "attempt 1"),
                event(r + HOUR, "customer.subscription.updated", "status past_due"),
            ])
            .check(Check::Subscriptions),
    );
    let p = b.p;
    let window = i64::from(p.retry_window_days) * DAY;
    for k in 1..=i64::from(p.retries) {
        let t = r + HOUR + window * k / i64::from(p.retries);
        let mut events = vec![event(
            t,
            "invoice.payment_failed",
            &format!("retry {k} of {}", p.retries),
        )];
        if k == i64::from(p.retries) {
            events.push(match p.after_retries {
                AfterRetries::Cancel => event(
                    t,
                    "customer.subscription.deleted",
                    "retries exhausted: canceled",
                ),
                AfterRetries::Unpaid => event(
                    t,
                    "customer.subscription.updated",
                    "retries exhausted: unpaid",
                ),
                AfterRetries::PastDue => event(
                    t,
                    "invoice.updated",
                    "retries exhausted: the invoice stays open",
                ),
            });
            let status = p.after_retries.final_status();
            b.subscriptions(|_, sub| sub.status = status);
            if p.after_retries != AfterRetries::PastDue {
                // Whether the invoice stays open, is voided or marked uncollectible is
                // another account setting.
                b.newest_invoice(None);
            }
        }
        b.advance(
            t + HOUR,
            StepSpec::advance(format!("Advance past Smart Retry {k}"))
                .events(events)
                .check(Check::Subscriptions),
        );
    }
    if let Some(step) = b.last_step() {
        step.note = Some(format!(
            "Retry times are spread evenly over the {}-day window for planning; Smart Retries chooses the real times, which is why each advance goes an hour past the planned one.",
            p.retry_window_days
        ));
    }
}
