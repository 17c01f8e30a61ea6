//! Scenarios A-G: each a list of steps on one test clock, built from the parameters.

use super::calendar::{period_end, Interval};
use super::params::{AfterRetries, ClockParams};
use super::rules::legal_advances;
use crate::plans::PLANS;
use crate::shell::single_quote;
use crate::time::{DateTime, DAY};

const HOUR: i64 = 3600;
/// Stripe finalizes a renewal invoice about an hour after creating it; advancing this far
/// past a renewal lets the payment (or its failure) happen.
const SETTLE: i64 = 2 * HOUR;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scenario {
    Renewal,
    Dunning,
    TrialExpiry,
    CancelAtPeriodEnd,
    ImmediateCancel,
    TrialWithoutPaymentMethod,
    PlanChange,
}

impl Scenario {
    pub const ALL: [Scenario; 7] = [
        Scenario::Renewal,
        Scenario::Dunning,
        Scenario::TrialExpiry,
        Scenario::CancelAtPeriodEnd,
        Scenario::ImmediateCancel,
        Scenario::TrialWithoutPaymentMethod,
        Scenario::PlanChange,
    ];

    pub fn letter(self) -> char {
        match self {
            Scenario::Renewal => 'A',
            Scenario::Dunning => 'B',
            Scenario::TrialExpiry => 'C',
            Scenario::CancelAtPeriodEnd => 'D',
            Scenario::ImmediateCancel => 'E',
            Scenario::TrialWithoutPaymentMethod => 'F',
            Scenario::PlanChange => 'G',
        }
    }

    pub fn from_letter(letter: &str) -> Option<Scenario> {
        Scenario::ALL
            .into_iter()
            .find(|s| letter.eq_ignore_ascii_case(&s.letter().to_string()))
    }

    pub fn title(self) -> &'static str {
        match self {
            Scenario::Renewal => "Successful renewal",
            Scenario::Dunning => "Payment failure and dunning",
            Scenario::TrialExpiry => "Trial expiry",
            Scenario::CancelAtPeriodEnd => "Cancellation at period end",
            Scenario::ImmediateCancel => "Immediate cancellation",
            Scenario::TrialWithoutPaymentMethod => "Trial ends without a payment method",
            Scenario::PlanChange => "Plan change mid-period",
        }
    }

    pub fn purpose(self) -> &'static str {
        match self {
            Scenario::Renewal => "Renewals create, finalize and pay an invoice and move the period; Queue keeps the subscription active with the new period end.",
            Scenario::Dunning => "A card that stops working at renewal: the invoice fails, the subscription goes past_due, Smart Retries retry, and when they run out the account's setting decides the end state.",
            Scenario::TrialExpiry => "A trial with a card: trial_will_end three days before, then the first real invoice and the move to active.",
            Scenario::CancelAtPeriodEnd => "The customer cancels but keeps access until the period ends; then the subscription is deleted and Queue downgrades.",
            Scenario::ImmediateCancel => "Cancel now: customer.subscription.deleted at once, no clock advance needed.",
            Scenario::TrialWithoutPaymentMethod => "A trial without a card whose end behaviour is pause: the subscription is paused at trial end, then resumed once a card is added.",
            Scenario::PlanChange => "Half-way through a period the plan changes tier; proration is invoiced at once and the next renewal bills the new price.",
        }
    }

    /// The test PaymentMethod the scenario starts with (never a raw card number).
    pub fn payment_method(self) -> Option<&'static str> {
        match self {
            Scenario::TrialWithoutPaymentMethod => None,
            _ => Some("pm_card_visa"),
        }
    }

    fn has_trial(self) -> bool {
        matches!(
            self,
            Scenario::TrialExpiry | Scenario::TrialWithoutPaymentMethod
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    Setup,
    Action,
    Advance,
}

/// A webhook event the step should produce, and when (clock time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedEvent {
    pub at: i64,
    pub event: &'static str,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    pub title: String,
    /// The clock's frozen time once the step is done.
    pub at: i64,
    /// Bash, using the helpers of [`super::helpers`] and the variables earlier steps set.
    pub command: String,
    pub events: Vec<ExpectedEvent>,
    /// What Queue's tables should say afterwards.
    pub queue_state: String,
    /// The query that checks it.
    pub check: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub scenario: Scenario,
    pub params: ClockParams,
    /// The billing cycle anchor: creation, or trial end.
    pub anchor: i64,
    pub trial_end: Option<i64>,
    /// Period boundaries from the anchor up to the last step.
    pub periods: Vec<i64>,
    pub steps: Vec<Step>,
}

/// The customers' emails, by the runbook's convention.
fn email(scenario: Scenario, start: i64, n: u32) -> String {
    let date = DateTime::from_unix(start).compact_date();
    let letter = scenario.letter().to_ascii_lowercase();
    if n == 1 {
        format!("test+billing-clock-{letter}-{date}@raxx.app")
    } else {
        format!("test+billing-clock-{letter}-{date}-{n}@raxx.app")
    }
}

fn queue_sql(email: &str, what: &str) -> String {
    let (select, from) = match what {
        "invoices" => (
            "i.status, i.amount_due, i.paid_at",
            "billing_invoice i JOIN billing_customer c ON c.id = i.customer_id",
        ),
        _ => (
            "s.status, s.plan_tier, s.cancel_at_period_end, s.current_period_end",
            "billing_subscription s JOIN billing_customer c ON c.id = s.customer_id",
        ),
    };
    format!(
        "heroku pg:psql --app raxx-queue-staging -c \"SELECT {select} FROM {from} WHERE c.billing_email = '{email}';\""
    )
}

struct Builder<'a> {
    p: &'a ClockParams,
    scenario: Scenario,
    now: i64,
    steps: Vec<Step>,
}

impl Builder<'_> {
    fn customers(&self) -> impl Iterator<Item = u32> {
        1..=self.p.customers
    }

    fn emails(&self) -> Vec<String> {
        self.customers()
            .map(|n| email(self.scenario, self.p.start, n))
            .collect()
    }

    fn check_subscriptions(&self) -> String {
        self.emails()
            .iter()
            .map(|e| queue_sql(e, "subscriptions"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn check_invoices(&self) -> String {
        self.emails()
            .iter()
            .map(|e| queue_sql(e, "invoices"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn push(
        &mut self,
        kind: StepKind,
        title: String,
        command: String,
        events: Vec<ExpectedEvent>,
        queue_state: String,
        check: String,
    ) {
        self.steps.push(Step {
            kind,
            title,
            at: self.now,
            command,
            events,
            queue_state,
            check,
            note: None,
        });
    }

    fn note(&mut self, note: String) {
        if let Some(step) = self.steps.last_mut() {
            step.note = Some(note);
        }
    }

    fn event(&self, at: i64, event: &'static str, note: &str) -> ExpectedEvent {
        ExpectedEvent {
            at,
            event,
            note: note.to_string(),
        }
    }

    /// A period boundary at `at` paid as usual: the subscription moves on, the invoice is
    /// created then and finalized and paid about an hour later.
    fn paid_boundary(&self, at: i64, update: &str) -> Vec<ExpectedEvent> {
        vec![
            self.event(at, "customer.subscription.updated", update),
            self.event(at, "invoice.created", ""),
            self.event(at + HOUR, "invoice.finalized", ""),
            self.event(at + HOUR, "invoice.paid", ""),
            self.event(at + HOUR, "invoice.payment_succeeded", ""),
        ]
    }

    /// Advances the clock to `target`, in as many legal steps as Stripe's limit needs; the
    /// expected events and state belong to the last one.
    fn advance(
        &mut self,
        target: i64,
        title: &str,
        events: Vec<ExpectedEvent>,
        queue_state: String,
        check: String,
    ) {
        let hops = legal_advances(self.now, target, Some(self.p.interval))
            .expect("scenario advances move forward");
        let count = hops.len();
        for (i, hop) in hops.into_iter().enumerate() {
            self.now = hop;
            let command = format!(
                "stripe POST \"/test_helpers/test_clocks/$CLOCK/advance\" -d frozen_time={hop} >/dev/null\nwait_ready \"$CLOCK\""
            );
            if i + 1 < count {
                let title = format!(
                    "{title}: part {} of {count} (Stripe allows at most two intervals per advance)",
                    i + 1
                );
                self.push(
                    StepKind::Advance,
                    title,
                    command,
                    Vec::new(),
                    "Renewals on the way happen as usual.".into(),
                    String::new(),
                );
            } else {
                let title = if count > 1 {
                    format!("{title}: part {count} of {count}")
                } else {
                    title.to_string()
                };
                self.push(
                    StepKind::Advance,
                    title,
                    command,
                    events.clone(),
                    queue_state.clone(),
                    check.clone(),
                );
            }
        }
    }

    /// Runs `action(n)` for every customer, one command block each.
    fn for_each(&self, action: impl Fn(u32) -> String) -> String {
        self.customers().map(action).collect::<Vec<_>>().join("\n")
    }
}

fn tier(n: u32) -> &'static crate::plans::Plan {
    &PLANS[((n - 1) as usize) % PLANS.len()]
}

/// The plan a customer moves to in the plan-change scenario (Founders moves down).
fn next_tier(n: u32) -> &'static crate::plans::Plan {
    &PLANS[(n as usize) % PLANS.len()]
}

fn price_args(plan: &crate::plans::Plan, interval: Interval) -> String {
    format!(
        "-d \"items[0][price_data][currency]=usd\" -d \"items[0][price_data][product]=$PRODUCT\" \\\n    -d \"items[0][price_data][unit_amount]={}\" -d \"items[0][price_data][recurring][interval]={}\" \\\n    -d \"metadata[plan_tier]={}\"",
        plan.amount,
        interval.stripe_name(),
        plan.tier
    )
}

pub fn build(scenario: Scenario, params: &ClockParams) -> Schedule {
    let p = params;
    let mut b = Builder {
        p,
        scenario,
        now: p.start,
        steps: Vec::new(),
    };
    let start = p.start;
    let trial_end = scenario
        .has_trial()
        .then(|| start + i64::from(p.trial_days) * DAY);
    let anchor = trial_end.unwrap_or(start);
    let renewal = |n: i64| period_end(anchor, p.interval, n);
    let date = DateTime::from_unix(start).compact_date();

    b.push(
        StepKind::Setup,
        "Create the test clock".into(),
        format!(
            "CLOCK=$(stripe POST /test_helpers/test_clocks -d frozen_time={start} -d name={} | field id)\necho \"clock: $CLOCK\"",
            single_quote(&format!("raxx-billing-test-{date}-{}", scenario.letter()))
        ),
        vec![b.event(start, "test_helpers.test_clock.created", "")],
        "Nothing yet.".into(),
        String::new(),
    );
    b.push(
        StepKind::Setup,
        "Create a test product for the prices".into(),
        "PRODUCT=$(stripe POST /products -d name='billing-testkit clock scenario' | field id)"
            .into(),
        Vec::new(),
        "Nothing: products are not billing state.".into(),
        String::new(),
    );
    let emails = b.emails();
    let create_customers = b.for_each(|n| {
        format!(
            "CUST{n}=$(stripe POST /customers -d email={} -d name={} -d \"test_clock=$CLOCK\" -d \"metadata[user_id]=usr_clock_{}_{date}_{n}\" | field id)",
            single_quote(&emails[(n - 1) as usize]),
            single_quote(&format!("Clock Test {date} {n}")),
            scenario.letter().to_ascii_lowercase()
        )
    });
    let customer_count = p.customers;
    b.push(
        StepKind::Setup,
        if customer_count == 1 { "Create the customer on the clock".into() } else { format!("Create {customer_count} customers on the clock") },
        create_customers,
        vec![b.event(start, "customer.created", "one per customer")],
        format!("billing_customer: {} with the test+billing-clock email.", if customer_count == 1 { "one row".to_string() } else { format!("{customer_count} rows") }),
        emails.iter().map(|e| format!("heroku pg:psql --app raxx-queue-staging -c \"SELECT id, stripe_customer_id, billing_email FROM billing_customer WHERE billing_email = '{e}';\"")).collect::<Vec<_>>().join("\n"),
    );
    if let Some(pm) = scenario.payment_method() {
        b.push(
            StepKind::Setup,
            format!("Attach {pm} and make it the default"),
            b.for_each(|n| {
                format!(
                    "PM{n}=$(stripe POST /payment_methods/{pm}/attach -d \"customer=$CUST{n}\" | field id)\nstripe POST \"/customers/$CUST{n}\" -d \"invoice_settings[default_payment_method]=$PM{n}\" >/dev/null"
                )
            }),
            vec![b.event(start, "payment_method.attached", ""), b.event(start, "customer.updated", "default payment method set")],
            "No change.".into(),
            String::new(),
        );
        b.note(format!(
            "{pm} is a test PaymentMethod id; server-side calls never send raw card numbers."
        ));
    }

    let interval = p.interval;
    let subscribe = b.for_each(|n| {
        let mut args = price_args(tier(n), interval);
        if let Some(days) = scenario.has_trial().then_some(p.trial_days) {
            args.push_str(&format!(" \\\n    -d trial_period_days={days}"));
        }
        if scenario == Scenario::TrialWithoutPaymentMethod {
            args.push_str(" \\\n    -d \"trial_settings[end_behavior][missing_payment_method]=pause\"");
        }
        format!(
            "SUBSCRIPTION=$(stripe POST /subscriptions -d \"customer=$CUST{n}\" {args})\nSUB{n}=$(printf '%s' \"$SUBSCRIPTION\" | field id)\nITEM{n}=$(printf '%s' \"$SUBSCRIPTION\" | field items.data.0.id)\necho \"customer $CUST{n}: subscription $SUB{n} (item $ITEM{n})\""
        )
    });
    let (sub_status, first_invoice) = if scenario.has_trial() {
        ("trialing", "a $0 trial invoice, paid")
    } else {
        ("active", "the first invoice, paid")
    };
    b.push(
        StepKind::Setup,
        "Subscribe".into(),
        subscribe,
        vec![
            b.event(start, "customer.subscription.created", sub_status),
            b.event(start, "invoice.created", first_invoice),
            b.event(start, "invoice.finalized", ""),
            b.event(start, "invoice.paid", ""),
            b.event(start, "invoice.payment_succeeded", ""),
        ],
        format!("billing_subscription: status {sub_status}, current_period_end {}; billing_invoice: {first_invoice}.", crate::time::rfc3339(trial_end.unwrap_or_else(|| renewal(1)))),
        b.check_subscriptions(),
    );
    if let Some(trial_end) = trial_end {
        b.note(format!(
            "The trial ends at {}; the billing cycle anchor is the trial end.",
            crate::time::rfc3339(trial_end)
        ));
    }

    match scenario {
        Scenario::Renewal => {
            for n in 1..=2 {
                let r = renewal(n);
                b.advance(
                    r + SETTLE,
                    &format!("Advance past renewal {n}"),
                    [
                        vec![b.event(r - 3 * DAY, "invoice.upcoming", "days before renewal, per the account's upcoming-invoice setting")],
                        b.paid_boundary(r, "current period moves on"),
                    ]
                    .concat(),
                    format!("billing_subscription: active, current_period_end {}; billing_invoice: {} paid.", crate::time::rfc3339(renewal(n + 1)), n + 1),
                    b.check_invoices(),
                );
            }
        }
        Scenario::Dunning => {
            b.push(
                StepKind::Action,
                "Switch the default card to pm_card_chargeCustomerFail (attaches, then every charge fails)".into(),
                b.for_each(|n| {
                    format!(
                        "PM_FAIL{n}=$(stripe POST /payment_methods/pm_card_chargeCustomerFail/attach -d \"customer=$CUST{n}\" | field id)\nstripe POST \"/customers/$CUST{n}\" -d \"invoice_settings[default_payment_method]=$PM_FAIL{n}\" >/dev/null"
                    )
                }),
                vec![b.event(b.now, "payment_method.attached", ""), b.event(b.now, "customer.updated", "")],
                "No change yet.".into(),
                String::new(),
            );
            let r = renewal(1);
            b.advance(
                r + SETTLE,
                "Advance past the renewal: the charge fails",
                vec![
                    b.event(r, "customer.subscription.updated", "new period"),
                    b.event(r, "invoice.created", ""),
                    b.event(r + HOUR, "invoice.finalized", ""),
                    b.event(r + HOUR, "invoice.payment_failed", "attempt 1"),
                    b.event(r + HOUR, "customer.subscription.updated", "status past_due"),
                ],
                "billing_subscription: past_due (Queue sets it on invoice.payment_failed); billing_invoice: the renewal invoice open.".into(),
                b.check_subscriptions(),
            );
            let window = i64::from(p.retry_window_days) * DAY;
            for k in 1..=i64::from(p.retries) {
                let t = r + HOUR + window * k / i64::from(p.retries);
                let last = k == i64::from(p.retries);
                let mut events = vec![b.event(
                    t,
                    "invoice.payment_failed",
                    &format!("retry {k} of {}", p.retries),
                )];
                let state = if last {
                    let status = p.after_retries.final_status();
                    events.push(match p.after_retries {
                        AfterRetries::Cancel => b.event(
                            t,
                            "customer.subscription.deleted",
                            "retries exhausted: canceled",
                        ),
                        AfterRetries::Unpaid => b.event(
                            t,
                            "customer.subscription.updated",
                            "retries exhausted: unpaid",
                        ),
                        AfterRetries::PastDue => b.event(
                            t,
                            "invoice.updated",
                            "retries exhausted: the invoice stays open",
                        ),
                    });
                    format!(
                        "billing_subscription: {status} (the account setting: {}).",
                        p.after_retries.label()
                    )
                } else {
                    "billing_subscription: past_due; the invoice stays open.".to_string()
                };
                b.advance(
                    t + HOUR,
                    &format!("Advance past Smart Retry {k}"),
                    events,
                    state,
                    b.check_subscriptions(),
                );
            }
            b.note(format!(
                "Retry times are spread evenly over the {}-day window for planning; Smart Retries chooses the real times, which is why each advance goes an hour past the planned one.",
                p.retry_window_days
            ));
        }
        Scenario::TrialExpiry | Scenario::TrialWithoutPaymentMethod => {
            let end = trial_end.expect("trial scenarios have a trial");
            let warn = (end - 3 * DAY).max(start);
            if warn > start {
                b.advance(
                    warn + HOUR,
                    "Advance to three days before the trial ends",
                    vec![b.event(
                        warn,
                        "customer.subscription.trial_will_end",
                        "three days before trial end",
                    )],
                    "billing_subscription: still trialing.".into(),
                    b.check_subscriptions(),
                );
            } else if let Some(step) = b.steps.last_mut() {
                step.events.push(ExpectedEvent {
                    at: start,
                    event: "customer.subscription.trial_will_end",
                    note: "at once: the trial is 3 days or shorter".into(),
                });
            }
            if scenario == Scenario::TrialExpiry {
                b.advance(
                    end + SETTLE,
                    "Advance past the trial end: the first real invoice",
                    b.paid_boundary(end, "trialing -> active"),
                    format!("billing_subscription: active, current_period_end {}; billing_invoice: the first real invoice paid.", crate::time::rfc3339(renewal(1))),
                    b.check_subscriptions(),
                );
            } else {
                b.advance(
                    end + HOUR,
                    "Advance past the trial end: paused, no payment method",
                    vec![
                        b.event(end, "customer.subscription.paused", "end behaviour: pause"),
                        b.event(end, "customer.subscription.updated", "status paused"),
                    ],
                    "billing_subscription: paused.".into(),
                    b.check_subscriptions(),
                );
                b.push(
                    StepKind::Action,
                    "Add pm_card_visa and resume".into(),
                    b.for_each(|n| {
                        format!(
                            "PM{n}=$(stripe POST /payment_methods/pm_card_visa/attach -d \"customer=$CUST{n}\" | field id)\nstripe POST \"/customers/$CUST{n}\" -d \"invoice_settings[default_payment_method]=$PM{n}\" >/dev/null\nstripe POST \"/subscriptions/$SUB{n}/resume\" -d billing_cycle_anchor=now >/dev/null"
                        )
                    }),
                    vec![
                        b.event(b.now, "customer.subscription.resumed", ""),
                        b.event(b.now, "invoice.created", "for the new period"),
                        b.event(b.now, "invoice.payment_succeeded", ""),
                    ],
                    "billing_subscription: active again.".into(),
                    b.check_subscriptions(),
                );
            }
        }
        Scenario::CancelAtPeriodEnd => {
            b.push(
                StepKind::Action,
                "Cancel at the end of the period".into(),
                b.for_each(|n| format!("stripe POST \"/subscriptions/$SUB{n}\" -d cancel_at_period_end=true >/dev/null")),
                vec![b.event(b.now, "customer.subscription.updated", "cancel_at_period_end true")],
                "billing_subscription: active, cancel_at_period_end true (cancelling: access until the period ends).".into(),
                b.check_subscriptions(),
            );
            let r = renewal(1);
            b.advance(
                r + HOUR,
                "Advance past the period end",
                vec![b.event(r, "customer.subscription.deleted", "status canceled")],
                "billing_subscription: canceled; no renewal invoice; the mirror fan-out tells Raptor.".into(),
                b.check_subscriptions(),
            );
        }
        Scenario::ImmediateCancel => {
            b.push(
                StepKind::Action,
                "Cancel now".into(),
                b.for_each(|n| format!("stripe DELETE \"/subscriptions/$SUB{n}\" >/dev/null")),
                vec![b.event(
                    b.now,
                    "customer.subscription.deleted",
                    "status canceled, at once",
                )],
                "billing_subscription: canceled.".into(),
                b.check_subscriptions(),
            );
            b.note("No clock advance: cancellation takes effect immediately.".into());
        }
        Scenario::PlanChange => {
            let r = renewal(1);
            let middle = start + (r - start) / 2 / HOUR * HOUR;
            b.advance(
                middle,
                "Advance to mid-period",
                Vec::new(),
                "billing_subscription: active, unchanged.".into(),
                String::new(),
            );
            b.push(
                StepKind::Action,
                "Change plan (upgrade, or downgrade from Founders), invoicing the proration now".into(),
                b.for_each(|n| {
                    let plan = next_tier(n);
                    format!(
                        "stripe POST \"/subscriptions/$SUB{n}\" -d \"items[0][id]=$ITEM{n}\" \\\n    -d \"items[0][price_data][currency]=usd\" -d \"items[0][price_data][product]=$PRODUCT\" \\\n    -d \"items[0][price_data][unit_amount]={}\" -d \"items[0][price_data][recurring][interval]={}\" \\\n    -d proration_behavior=always_invoice -d \"metadata[plan_tier]={}\" >/dev/null",
                        plan.amount,
                        interval.stripe_name(),
                        plan.tier
                    )
                }),
                vec![
                    b.event(middle, "customer.subscription.updated", "new price and plan_tier"),
                    b.event(middle, "invoice.created", "proration"),
                    b.event(middle, "invoice.finalized", ""),
                    b.event(middle, "invoice.paid", ""),
                ],
                "billing_subscription: the new plan_tier; billing_invoice: a proration invoice.".into(),
                b.check_subscriptions(),
            );
            b.advance(
                r + SETTLE,
                "Advance past the renewal at the new price",
                b.paid_boundary(r, "new period, billed at the new price"),
                format!(
                    "billing_subscription: active on the new tier, current_period_end {}.",
                    crate::time::rfc3339(renewal(2))
                ),
                b.check_invoices(),
            );
        }
    }

    let last = b.now;
    let mut periods = vec![anchor];
    let mut n = 1;
    while let Some(&end) = periods.last() {
        if end > last || n > 60 {
            break;
        }
        periods.push(renewal(n));
        n += 1;
    }
    Schedule {
        scenario,
        params: p.clone(),
        anchor,
        trial_end,
        periods,
        steps: b.steps,
    }
}
