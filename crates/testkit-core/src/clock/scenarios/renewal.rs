//! Scenario A: two renewals paid as usual.

use super::builder::{event, Builder, StepSpec};
use super::{Check, SETTLE};
use crate::stripe::InvoiceStatus;
use crate::time::DAY;

pub(super) fn renewals(b: &mut Builder) {
    for n in 1..=2 {
        let r = b.renewal(n);
        let mut events = vec![event(
            r - 3 * DAY,
            "invoice.upcoming",
            "days before renewal, per the account's upcoming-invoice setting",
        )];
        events.extend(b.paid_boundary(r, "current period moves on"));
        let next = b.renewal(n + 1);
        b.subscriptions(|_, sub| sub.current_period_end = next);
        b.invoice(Some(InvoiceStatus::Paid));
        b.advance(
            r + SETTLE,
            StepSpec::advance(format!("Advance past renewal {n}"))
                .events(events)
                .check(Check::Invoices),
        );
    }
}
