//! One customer's Stripe objects (payment methods, subscription, invoices) as a
//! scenario's events move them. The scenario says what each step ends with
//! ([`CustomerState`]); Stripe's own rules say how each event gets there: a subscription
//! event takes the step's expected plan, flag and period, a new period starts at the event
//! that moves it, the status changes at the step's last subscription event (or on a
//! failed renewal payment, or at a pause or a deletion), and invoice events move the
//! newest invoice through draft, open and paid.

use crate::clock::{CustomerState, StepKind, SubscriptionState};
use crate::plans::plan_for_tier;
use crate::stripe::{InvoiceStatus, SubscriptionStatus};

crate::text_enum! {
    /// Every event type the scenarios produce.
    pub enum Kind {
        /// A clock was created.
        TestClockCreated = "test_helpers.test_clock.created",
        /// A customer was created.
        CustomerCreated = "customer.created",
        /// A customer changed (its default payment method).
        CustomerUpdated = "customer.updated",
        /// A payment method was attached to a customer.
        PaymentMethodAttached = "payment_method.attached",
        /// A subscription was created.
        SubscriptionCreated = "customer.subscription.created",
        /// A subscription changed.
        SubscriptionUpdated = "customer.subscription.updated",
        /// A trial ends in three days.
        SubscriptionTrialWillEnd = "customer.subscription.trial_will_end",
        /// A subscription was paused.
        SubscriptionPaused = "customer.subscription.paused",
        /// A paused subscription was resumed.
        SubscriptionResumed = "customer.subscription.resumed",
        /// A subscription ended.
        SubscriptionDeleted = "customer.subscription.deleted",
        /// The next invoice, previewed.
        InvoiceUpcoming = "invoice.upcoming",
        /// An invoice was created (a draft).
        InvoiceCreated = "invoice.created",
        /// An invoice was finalized (open).
        InvoiceFinalized = "invoice.finalized",
        /// An invoice was paid.
        InvoicePaid = "invoice.paid",
        /// An invoice's payment succeeded.
        InvoicePaymentSucceeded = "invoice.payment_succeeded",
        /// An invoice's payment failed.
        InvoicePaymentFailed = "invoice.payment_failed",
        /// An invoice changed (its retries ran out).
        InvoiceUpdated = "invoice.updated",
    }
}

impl Kind {
    /// Whether the event carries one object per customer (a clock's events carry the clock).
    pub fn per_customer(self) -> bool {
        self != Kind::TestClockCreated
    }

    /// Whether the event carries an invoice.
    pub fn is_invoice(self) -> bool {
        self.as_str().starts_with("invoice.")
    }

    /// Whether the event carries the subscription's status.
    pub fn carries_status(self) -> bool {
        matches!(
            self,
            Kind::SubscriptionCreated
                | Kind::SubscriptionUpdated
                | Kind::SubscriptionResumed
                | Kind::SubscriptionPaused
                | Kind::SubscriptionDeleted
        )
    }
}

/// `prefix_replay_<tag>_<part>_<part>...`: ids that say they are synthetic and whose run.
pub fn replay_id(prefix: &str, tag: &str, parts: &[usize]) -> String {
    let mut id = format!("{prefix}_replay_{tag}");
    for part in parts {
        id.push_str(&format!("_{part}"));
    }
    id
}

/// An event in a step, for one customer, with what the rules need to know about the
/// rest of the scenario.
pub struct Moment<'a> {
    /// The event's clock time.
    pub at: i64,
    /// Its type.
    pub kind: Kind,
    /// The kind of step it belongs to (which decides an invoice's `billing_reason`).
    pub step: StepKind,
    /// What the scenario expects of this customer once the step is done.
    pub after: &'a CustomerState,
    /// No later event of the step carries the subscription's status.
    pub last_status: bool,
    /// When the scenario next tries to pay this invoice, if it does.
    pub next_attempt: Option<i64>,
}

/// A price: the scenarios subscribe with `price_data`, so every plan change is a new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Price {
    /// `price_replay_...`.
    pub id: String,
    /// Minor units per period.
    pub amount: i64,
}

/// The subscription as Stripe holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sub {
    /// Stripe's status.
    pub status: SubscriptionStatus,
    /// `metadata.plan_tier`.
    pub tier: &'static str,
    /// The item's price.
    pub price: Price,
    /// The current period, start and end.
    pub period: (i64, i64),
    /// The period before it, which a renewal invoice looks back on.
    pub previous_period: Option<(i64, i64)>,
    /// `cancel_at_period_end`.
    pub cancel_at_period_end: bool,
    /// When cancellation was asked for.
    pub canceled_at: Option<i64>,
    /// When it ended.
    pub ended_at: Option<i64>,
    /// The trial, start and end.
    pub trial: Option<(i64, i64)>,
    /// `billing_cycle_anchor`.
    pub anchor: i64,
    /// `created`.
    pub created: i64,
}

/// One invoice as Stripe holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invoice {
    /// `in_replay_...`.
    pub id: String,
    /// The customer's how-many-th invoice (from 1).
    pub seq: usize,
    /// `created`.
    pub created: i64,
    /// `status`.
    pub status: InvoiceStatus,
    /// `subscription_create`, `subscription_cycle` or `subscription_update`.
    pub billing_reason: &'static str,
    /// `amount_due`.
    pub amount_due: i64,
    /// Payment attempts so far.
    pub attempt_count: u32,
    /// Whether a payment was attempted (or, for $0, the invoice settled).
    pub attempted: bool,
    /// When Stripe tries next.
    pub next_payment_attempt: Option<i64>,
    /// `status_transitions.finalized_at`.
    pub finalized_at: Option<i64>,
    /// `status_transitions.paid_at`.
    pub paid_at: Option<i64>,
    /// `number`, from finalization.
    pub number: Option<String>,
    /// The PaymentIntent, from finalization (none for $0).
    pub payment_intent: Option<String>,
    /// The last attempt's charge.
    pub charge: Option<String>,
    /// The invoice's own period: a renewal's looks back on the period before.
    pub period: (i64, i64),
    /// The period its line bills.
    pub line_period: (i64, i64),
    /// The plan it bills.
    pub tier: &'static str,
    /// The price it bills.
    pub price: Price,
}

/// One customer of the run: their ids and objects.
#[derive(Clone, Debug)]
pub struct Life {
    /// The customer's number on the clock, from 1.
    pub n: usize,
    /// The run's tag.
    pub tag: String,
    /// `cus_replay_...`.
    pub customer_id: String,
    /// `sub_replay_...` (one subscription for the customer's whole life).
    pub subscription_id: String,
    /// The run's email for the customer.
    pub email: String,
    /// `metadata.user_id`: the Raxx account.
    pub user_id: String,
    /// When the customer was created.
    pub created: i64,
    /// The payment method attached last.
    pub attached: Option<String>,
    /// `invoice_settings.default_payment_method`.
    pub default_pm: Option<String>,
    /// The default payment method before the last `customer.updated`.
    pub previous_pm: Option<String>,
    /// The subscription, once created.
    pub sub: Option<Sub>,
    /// The subscription before its last change, for `previous_attributes`.
    pub previous: Option<Sub>,
    /// Every invoice, oldest first.
    pub invoices: Vec<Invoice>,
    payment_methods: usize,
    prices: usize,
}

fn plan_price(tier: &str) -> i64 {
    plan_for_tier(tier).map_or(0, |plan| plan.amount)
}

impl Life {
    /// Customer `n` of the run tagged `tag`, created at `created`.
    pub fn new(n: usize, tag: &str, email: String, created: i64) -> Life {
        Life {
            n,
            tag: tag.to_string(),
            customer_id: replay_id("cus", tag, &[n]),
            subscription_id: replay_id("sub", tag, &[n]),
            email,
            user_id: replay_id("usr", tag, &[n]),
            created,
            attached: None,
            default_pm: None,
            previous_pm: None,
            sub: None,
            previous: None,
            invoices: Vec::new(),
            payment_methods: 0,
            prices: 0,
        }
    }

    /// An id of one of this customer's objects.
    pub fn id(&self, prefix: &str, parts: &[usize]) -> String {
        let mut all = vec![self.n];
        all.extend_from_slice(parts);
        replay_id(prefix, &self.tag, &all)
    }

    /// The invoice number prefix Stripe gives the customer.
    pub fn invoice_prefix(&self) -> String {
        format!("{}{}", &self.tag[..7], self.n).to_ascii_uppercase()
    }

    /// The newest invoice.
    pub fn newest(&self) -> Option<&Invoice> {
        self.invoices.last()
    }

    /// Applies one event.
    pub fn apply(&mut self, m: &Moment) {
        let before = self.sub.clone();
        self.change(m);
        // Two events of one change (paused, then updated) both name what it replaced.
        if self.sub != before {
            self.previous = before;
        }
    }

    fn change(&mut self, m: &Moment) {
        match m.kind {
            Kind::TestClockCreated
            | Kind::CustomerCreated
            | Kind::SubscriptionTrialWillEnd
            | Kind::InvoiceUpcoming => {}
            Kind::PaymentMethodAttached => {
                self.payment_methods += 1;
                self.attached = Some(self.id("pm", &[self.payment_methods]));
            }
            Kind::CustomerUpdated => {
                self.previous_pm = self.default_pm.take();
                self.default_pm = self.attached.clone();
            }
            Kind::SubscriptionCreated => self.subscribe(m),
            Kind::SubscriptionUpdated | Kind::SubscriptionResumed => {
                let status = if m.last_status {
                    self.expected(m).status
                } else {
                    self.sub().status
                };
                self.follow(m, status);
            }
            Kind::SubscriptionPaused => self.follow(m, SubscriptionStatus::Paused),
            Kind::SubscriptionDeleted => {
                self.follow(m, SubscriptionStatus::Canceled);
                let sub = self.sub_mut();
                sub.canceled_at.get_or_insert(m.at);
                sub.ended_at = Some(m.at);
            }
            Kind::InvoiceCreated => self.create_invoice(m),
            Kind::InvoiceFinalized => {
                let invoice = self.finalize(m.at);
                invoice.next_payment_attempt = m.next_attempt;
            }
            Kind::InvoicePaid | Kind::InvoicePaymentSucceeded => self.pay(m.at),
            Kind::InvoicePaymentFailed => self.fail(m),
            Kind::InvoiceUpdated => self.newest_mut().next_payment_attempt = m.next_attempt,
        }
    }

    fn expected<'a>(&self, m: &Moment<'a>) -> &'a SubscriptionState {
        m.after
            .subscription
            .as_ref()
            .expect("the scenario expects the subscription its events carry")
    }

    fn sub(&self) -> &Sub {
        self.sub
            .as_ref()
            .expect("subscription events follow customer.subscription.created")
    }

    fn sub_mut(&mut self) -> &mut Sub {
        self.sub
            .as_mut()
            .expect("subscription events follow customer.subscription.created")
    }

    fn newest_mut(&mut self) -> &mut Invoice {
        self.invoices
            .last_mut()
            .expect("invoice events follow invoice.created")
    }

    fn new_price(&mut self, tier: &str) -> Price {
        self.prices += 1;
        Price {
            id: self.id("price", &[self.prices]),
            amount: plan_price(tier),
        }
    }

    fn subscribe(&mut self, m: &Moment) {
        let after = self.expected(m);
        let price = self.new_price(after.plan_tier);
        let trial = after.trial_end.map(|end| (m.at, end));
        self.sub = Some(Sub {
            status: after.status,
            tier: after.plan_tier,
            price,
            period: (m.at, after.current_period_end),
            previous_period: None,
            cancel_at_period_end: after.cancel_at_period_end,
            canceled_at: None,
            ended_at: None,
            trial,
            anchor: trial.map_or(m.at, |(_, end)| end),
            created: m.at,
        });
    }

    /// The subscription takes the step's expected plan, flag and period, and `status`.
    fn follow(&mut self, m: &Moment, status: SubscriptionStatus) {
        let after = self.expected(m);
        let price = (after.plan_tier != self.sub().tier).then(|| self.new_price(after.plan_tier));
        let sub = self.sub_mut();
        if let Some(price) = price {
            sub.price = price;
            sub.tier = after.plan_tier;
        }
        if after.cancel_at_period_end && !sub.cancel_at_period_end {
            sub.canceled_at = Some(m.at);
        }
        sub.cancel_at_period_end = after.cancel_at_period_end;
        if after.current_period_end != sub.period.1 {
            // A period that starts before the old one ends has a new billing cycle
            // anchor (a resume with billing_cycle_anchor=now).
            if m.at != sub.period.1 {
                sub.anchor = m.at;
            }
            sub.previous_period = Some(sub.period);
            sub.period = (m.at, after.current_period_end);
        }
        sub.status = status;
    }

    fn create_invoice(&mut self, m: &Moment) {
        let sub = self.sub();
        let seq = self.invoices.len() + 1;
        let (billing_reason, period, line_period) = match m.step {
            StepKind::Setup => ("subscription_create", (m.at, m.at), sub.period),
            StepKind::Advance => (
                "subscription_cycle",
                (sub.previous_period.unwrap_or(sub.period).0, m.at),
                sub.period,
            ),
            StepKind::Action => ("subscription_update", (m.at, m.at), (m.at, sub.period.1)),
        };
        let invoice = Invoice {
            id: self.id("in", &[seq]),
            seq,
            created: m.at,
            status: InvoiceStatus::Draft,
            billing_reason,
            amount_due: m
                .after
                .invoices
                .newest_amount_due
                .unwrap_or(sub.price.amount),
            attempt_count: 0,
            attempted: false,
            next_payment_attempt: m.next_attempt,
            finalized_at: None,
            paid_at: None,
            number: None,
            payment_intent: None,
            charge: None,
            period,
            line_period,
            tier: sub.tier,
            price: sub.price.clone(),
        };
        self.invoices.push(invoice);
    }

    fn finalize(&mut self, at: i64) -> &mut Invoice {
        let prefix = self.invoice_prefix();
        let payment_intent = self.id("pi", &[self.invoices.len()]);
        let invoice = self.newest_mut();
        if invoice.finalized_at.is_none() {
            invoice.finalized_at = Some(at);
            invoice.number = Some(format!("{prefix}-{:04}", invoice.seq));
            // A $0 invoice is settled without a payment.
            invoice.payment_intent = (invoice.amount_due > 0).then_some(payment_intent);
        }
        if invoice.status == InvoiceStatus::Draft {
            invoice.status = InvoiceStatus::Open;
        }
        invoice
    }

    /// A payment attempt, with its own charge (none for $0).
    fn attempt(&mut self, at: i64) -> &mut Invoice {
        let seq = self.invoices.len();
        let attempt = self.newest().map_or(0, |i| i.attempt_count) + 1;
        let charge = self.id("ch", &[seq, attempt as usize]);
        let invoice = self.finalize(at);
        invoice.attempted = true;
        if invoice.amount_due > 0 {
            invoice.attempt_count = attempt;
            invoice.charge = Some(charge);
        }
        invoice
    }

    fn pay(&mut self, at: i64) {
        if self
            .newest()
            .is_some_and(|i| i.status == InvoiceStatus::Paid)
        {
            return;
        }
        let invoice = self.attempt(at);
        invoice.status = InvoiceStatus::Paid;
        invoice.paid_at = Some(at);
        invoice.next_payment_attempt = None;
    }

    fn fail(&mut self, m: &Moment) {
        let invoice = self.attempt(m.at);
        invoice.next_payment_attempt = m.next_attempt;
        // A failed renewal payment makes a running subscription past_due at once.
        let sub = self.sub_mut();
        if sub.status.becomes_past_due_on_failed_payment() {
            sub.status = SubscriptionStatus::PastDue;
        }
    }
}
