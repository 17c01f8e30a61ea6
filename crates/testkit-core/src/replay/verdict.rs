//! A step's verdict: every delivery answered 2xx, and every field Queue's rows should
//! hold matched, each check with what was expected and what Queue had (the paywall's
//! checks are made in `chain.rs` and added to the same verdict).

use super::expectation::{CustomerExpectation, Expectation};
use super::plan::Delivery;
use super::reads::{found_customer, QueueList, ReadAnswer};
use super::stream::ReplayEvent;
use crate::contract::{Customer, FromRow, Invoice, Subscription};
use crate::subscribers::{parse_page, PageError};
use crate::time::{parse_rfc3339, rfc3339};

/// How much of an answer a record keeps.
const EXCERPT: usize = 300;

pub(super) fn excerpt(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(EXCERPT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// One delivery as the runner made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryRecord {
    /// The event's id.
    pub event_id: String,
    /// The event's type.
    pub event_type: &'static str,
    /// The event's `created`.
    pub created: i64,
    /// A second delivery of the event.
    pub redelivery: bool,
    /// The receiver's HTTP status; `None` when it did not answer.
    pub status: Option<u16>,
    /// The start of its answer, or why there was none.
    pub answer: String,
    /// How long the delivery took, in milliseconds.
    pub ms: u64,
}

impl DeliveryRecord {
    /// The record of sending `event` as `delivery`: the status (if any), the answer's
    /// body or the error, and the time it took.
    pub fn new(
        event: &ReplayEvent,
        delivery: &Delivery,
        status: Option<u16>,
        answer: &str,
        ms: u64,
    ) -> DeliveryRecord {
        DeliveryRecord {
            event_id: event.id.clone(),
            event_type: event.event_type,
            created: event.created,
            redelivery: delivery.redelivery,
            status,
            answer: excerpt(answer),
            ms,
        }
    }

    /// Whether the receiver took it (a 2xx answer).
    pub fn accepted(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

crate::text_enum! {
    /// What a check looks at: a delivery, a read, or a field of one of Queue's rows.
    pub enum Checked {
        /// A delivery's answer.
        Delivery = "delivery",
        /// A read of Queue's API.
        Read = "read",
        /// Whether Queue has the customer (by email).
        Customer = "customer",
        /// The customer's Stripe id.
        StripeCustomerId = "customer.stripe_customer_id",
        /// The customer's Raxx account.
        UserId = "customer.user_id",
        /// The customer's livemode flag.
        Livemode = "customer.livemode",
        /// How many subscriptions the customer has.
        Subscriptions = "subscriptions",
        /// The subscription's Stripe id.
        StripeSubscriptionId = "subscription.stripe_subscription_id",
        /// The subscription's status.
        Status = "subscription.status",
        /// The subscription's plan tier.
        PlanTier = "subscription.plan_tier",
        /// The subscription's cancel-at-period-end flag.
        CancelAtPeriodEnd = "subscription.cancel_at_period_end",
        /// The end of the subscription's period.
        CurrentPeriodEnd = "subscription.current_period_end",
        /// The end of the subscription's trial.
        TrialEnd = "subscription.trial_end",
        /// How many invoices the customer has.
        Invoices = "invoices",
        /// The newest invoice's Stripe id.
        InvoiceId = "invoice.stripe_invoice_id",
        /// The newest invoice's status.
        InvoiceStatus = "invoice.status",
        /// The newest invoice's amount due.
        AmountDue = "invoice.amount_due",
        /// The subscription the newest invoice is linked to.
        InvoiceSubscription = "invoice.subscription_id",
        /// Raptor's paywall answer for the customer's account: granted or 402.
        Access = "paywall.access",
        /// The status of the Stripe subscription's grant (the mirror's copy).
        AccessStatus = "paywall.grant_status",
        /// The tier the paywall grants.
        AccessTier = "paywall.plan_tier",
        /// The end of access the paywall gives.
        AccessUntil = "paywall.until",
        /// Which stores grant access (scenario H): `stripe`, `ios`, `stripe+ios`.
        AccessSources = "paywall.sources",
    }
}

/// One check: what was expected, what was there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldCheck {
    /// The customer (0-based) it is about; `None` for a delivery.
    pub customer: Option<usize>,
    /// What it looks at.
    pub field: Checked,
    /// What should be there.
    pub expected: String,
    /// What was there.
    pub actual: String,
    /// Whether they agree.
    pub passed: bool,
}

/// A step's checks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepVerdict {
    /// Every check, passed or not, in the order made.
    pub checks: Vec<FieldCheck>,
}

impl StepVerdict {
    /// Every check passed.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.passed)
    }

    /// The checks that did not pass.
    pub fn failures(&self) -> impl Iterator<Item = &FieldCheck> {
        self.checks.iter().filter(|c| !c.passed)
    }
}

/// Collects one customer's checks.
struct Checks<'a> {
    out: &'a mut Vec<FieldCheck>,
    customer: usize,
}

impl Checks<'_> {
    fn check(&mut self, field: Checked, expected: impl Into<String>, actual: impl Into<String>) {
        let (expected, actual) = (expected.into(), actual.into());
        self.out.push(FieldCheck {
            customer: Some(self.customer),
            field,
            passed: expected == actual,
            expected,
            actual,
        });
    }

    /// A time Queue gives as RFC 3339, against unix seconds.
    fn time(&mut self, field: Checked, expected: Option<i64>, actual: Option<&str>) {
        let shown = |t: Option<i64>| t.map_or_else(|| "null".to_string(), rfc3339);
        let read =
            actual.map(|a| parse_rfc3339(a).map_or_else(|| a.to_string(), |t| shown(Some(t))));
        self.check(
            field,
            shown(expected),
            read.unwrap_or_else(|| "null".into()),
        );
    }

    /// The rows of a list answer, or a failed check saying why there are none.
    fn rows<T: FromRow>(&mut self, answer: Option<&ReadAnswer>, list: QueueList) -> Option<Vec<T>> {
        let Some(answer) = answer else {
            self.check(Checked::Read, format!("{list} read"), "not made");
            return None;
        };
        if answer.status != 200 {
            let got = format!("{}: {}", answer.status, excerpt(&answer.body));
            self.check(Checked::Read, format!("200 from {list}"), got);
            return None;
        }
        match parse_page::<T>(&answer.body) {
            Ok(page) => {
                for bad in &page.bad_rows {
                    self.check(
                        Checked::Read,
                        format!("{list} rows in the contract"),
                        bad.problem.clone(),
                    );
                }
                if page.has_more {
                    self.check(
                        Checked::Read,
                        format!("every {list} row in one page"),
                        "more pages",
                    );
                }
                Some(page.rows)
            }
            Err(e) => {
                let why = match e {
                    PageError::NotJson => "not JSON",
                    PageError::NotAList => "JSON, but not a list",
                };
                self.check(Checked::Read, format!("a {list} list"), why);
                None
            }
        }
    }
}

fn rows_of(n: usize) -> String {
    match n {
        1 => "1 row".into(),
        n => format!("{n} rows"),
    }
}

fn customer_checks(c: &mut Checks, expect: &CustomerExpectation, answers: &[&ReadAnswer]) {
    let answer = |list: QueueList| answers.iter().copied().find(|a| a.read.list == list);
    let email = &expect.state.email;
    let Some(customers) = c.rows::<Customer>(answer(QueueList::Customers), QueueList::Customers)
    else {
        return;
    };
    let matching = customers
        .iter()
        .filter(|r| &r.billing_email == email)
        .count();
    if !expect.state.exists {
        c.check(Checked::Customer, rows_of(0), rows_of(matching));
        return;
    }
    c.check(Checked::Customer, rows_of(1), rows_of(matching));
    let Some(row) = answer(QueueList::Customers).and_then(|a| found_customer(a, email)) else {
        return;
    };
    c.check(
        Checked::StripeCustomerId,
        expect.stripe_customer_id.as_str(),
        row.stripe_customer_id,
    );
    c.check(
        Checked::UserId,
        expect.user_id.as_str(),
        row.user_id.unwrap_or_else(|| "null".into()),
    );
    c.check(Checked::Livemode, "false", row.livemode.to_string());
    let subscriptions =
        c.rows::<Subscription>(answer(QueueList::Subscriptions), QueueList::Subscriptions);
    let mut queue_subscription = None;
    if let Some(rows) = subscriptions {
        let want = usize::from(expect.state.subscription.is_some());
        c.check(Checked::Subscriptions, rows_of(want), rows_of(rows.len()));
        if let Some(sub) = &expect.state.subscription {
            let id = &expect.stripe_subscription_id;
            match rows.into_iter().find(|r| &r.stripe_subscription_id == id) {
                None => c.check(Checked::StripeSubscriptionId, id.as_str(), "no such row"),
                Some(row) => {
                    c.check(
                        Checked::StripeSubscriptionId,
                        id.as_str(),
                        row.stripe_subscription_id.as_str(),
                    );
                    c.check(Checked::Status, sub.status.as_str(), row.status.as_str());
                    c.check(Checked::PlanTier, sub.plan_tier, row.plan_tier.as_str());
                    c.check(
                        Checked::CancelAtPeriodEnd,
                        sub.cancel_at_period_end.to_string(),
                        row.cancel_at_period_end.to_string(),
                    );
                    c.time(
                        Checked::CurrentPeriodEnd,
                        Some(sub.current_period_end),
                        row.current_period_end.as_deref(),
                    );
                    c.time(Checked::TrialEnd, sub.trial_end, row.trial_end.as_deref());
                    queue_subscription = Some(row.id);
                }
            }
        }
    }
    let Some(invoices) = c.rows::<Invoice>(answer(QueueList::Invoices), QueueList::Invoices) else {
        return;
    };
    let expected = &expect.state.invoices;
    c.check(
        Checked::Invoices,
        rows_of(expected.count),
        rows_of(invoices.len()),
    );
    let Some(id) = &expect.newest_invoice else {
        return;
    };
    let Some(row) = invoices.into_iter().find(|r| &r.stripe_invoice_id == id) else {
        c.check(Checked::InvoiceId, id.as_str(), "no such row");
        return;
    };
    c.check(
        Checked::InvoiceId,
        id.as_str(),
        row.stripe_invoice_id.as_str(),
    );
    if let Some(status) = expected.newest {
        c.check(Checked::InvoiceStatus, status.as_str(), row.status.as_str());
    }
    if let Some(amount) = expected.newest_amount_due {
        c.check(
            Checked::AmountDue,
            amount.to_string(),
            row.amount_due.to_string(),
        );
    }
    if let Some(sub) = queue_subscription {
        c.check(
            Checked::InvoiceSubscription,
            sub,
            row.subscription_id.unwrap_or_else(|| "null".into()),
        );
    }
}

/// The verdict on a step: its deliveries' answers, then each customer's rows as the
/// reads found them, against what the step should leave.
pub fn evaluate(
    expect: &Expectation,
    deliveries: &[DeliveryRecord],
    answers: &[ReadAnswer],
) -> StepVerdict {
    let mut checks = Vec::new();
    for d in deliveries.iter().filter(|d| !d.accepted()) {
        let status = d
            .status
            .map_or_else(|| "no answer".to_string(), |s| s.to_string());
        checks.push(FieldCheck {
            customer: None,
            field: Checked::Delivery,
            expected: format!("2xx for {} ({})", d.event_id, d.event_type),
            actual: format!("{status}: {}", d.answer),
            passed: false,
        });
    }
    for (i, customer) in expect.customers.iter().enumerate() {
        let mine: Vec<&ReadAnswer> = answers.iter().filter(|a| a.read.customer == i).collect();
        let mut c = Checks {
            out: &mut checks,
            customer: i,
        };
        customer_checks(&mut c, customer, &mine);
    }
    StepVerdict { checks }
}
