//! Scenario G: half-way through the first period every customer changes tier (an
//! upgrade, or a downgrade from Founders); the proration is invoiced at once.
//!
//! Stripe prorates by the second: a credit for the old price's unused time and a charge
//! for the new price's remaining time, on one invoice. A negative total (a downgrade) is
//! not paid out: nothing is due, the credit goes to the customer's balance, and the next
//! invoice uses it first.

use super::builder::{next_tier, plan_amount, tier, Builder, StepSpec};
use super::{Check, HOUR, SETTLE};
use crate::stripe::InvoiceStatus;

pub(super) fn mid_period(b: &mut Builder) {
    let r = b.renewal(1);
    let start = b.p.start;
    let middle = start + (r - start) / 2 / HOUR * HOUR;
    b.advance(middle, StepSpec::advance("Advance to mid-period"));
    let interval = b.p.interval;
    let (remaining, length) = (r - middle, r - start);
    let share = |amount: i64| (2 * amount * remaining + length) / (2 * length);
    let proration = |n: u32| share(next_tier(n).amount) - share(tier(n).amount);
    b.subscriptions(|n, sub| sub.plan_tier = next_tier(n).tier);
    b.invoice_of(Some(InvoiceStatus::Paid), |n, _| proration(n).max(0));
    b.add(
        StepSpec::action("Change plan (upgrade, or downgrade from Founders), invoicing the proration now")
            .command(b.for_each(|n| {
                let plan = next_tier(n);
                format!(
                    "stripe POST \"/subscriptions/$SUB{n}\" -d \"items[0][id]=$ITEM{n}\" \\\n    -d \"items[0][price_data][currency]=usd\" -d \"items[0][price_data][product]=$PRODUCT\" \\\n    -d \"items[0][price_data][unit_amount]={}\" -d \"items[0][price_data][recurring][interval]={interval}\" \\\n    -d proration_behavior=always_invoice -d \"metadata[plan_tier]={}\" >/dev/null",
                    plan.amount, plan.tier
                )
            }))
            .events(vec![
                super::builder::event(middle, "customer.subscription.updated", "new price and plan_tier"),
                super::builder::event(middle, "invoice.created", "proration"),
                super::builder::event(middle, "invoice.finalized", ""),
                super::builder::event(middle, "invoice.paid", ""),
            ])
            .check(Check::Subscriptions),
    );
    let next = b.renewal(2);
    b.subscriptions(|_, sub| sub.current_period_end = next);
    b.invoice_of(Some(InvoiceStatus::Paid), |n, sub| {
        (plan_amount(sub) + proration(n).min(0)).max(0)
    });
    b.advance(
        r + SETTLE,
        StepSpec::advance("Advance past the renewal at the new price")
            .events(b.paid_boundary(r, "new period, billed at the new price"))
            .check(Check::Invoices),
    );
}
