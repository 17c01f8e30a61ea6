//! The parts every scenario shares: the clock and its customers, the first subscription,
//! legal advances, and the running expectation of Queue's state that each step records.

use super::expect::{Check, CustomerState, InvoiceState, QueueState, SubscriptionState};
use super::{periods_until, ExpectedEvent, Scenario, Schedule, Step, StepKind, HOUR};
use crate::clock::calendar::{period_end, Interval};
use crate::clock::params::ClockParams;
use crate::clock::rules::legal_advances;
use crate::plans::{plan_for_tier, Plan, PLANS};
use crate::shell::single_quote;
use crate::stripe::{InvoiceStatus, SubscriptionStatus};
use crate::time::{rfc3339, DateTime, DAY};

/// The customers' emails, by the runbook's convention; a replay run adds its tag
/// (`-r<tag>`), so that runs against one Queue never share a customer.
pub(super) fn email(scenario: Scenario, start: i64, n: u32, run: Option<&str>) -> String {
    let date = DateTime::from_unix(start).compact_date();
    let letter = scenario.as_str().to_ascii_lowercase();
    let run = run.map(|tag| format!("-r{tag}")).unwrap_or_default();
    if n == 1 {
        format!("test+billing-clock-{letter}-{date}{run}@raxx.app")
    } else {
        format!("test+billing-clock-{letter}-{date}{run}-{n}@raxx.app")
    }
}

/// What a customer's plan bills per period (the scenarios' prices are the plans' amounts).
pub(super) fn plan_amount(sub: &SubscriptionState) -> i64 {
    plan_for_tier(sub.plan_tier).map_or(0, |plan| plan.amount)
}

/// Customer `n`'s plan: the customers on one clock cover the tiers in turn.
pub(super) fn tier(n: u32) -> &'static Plan {
    &PLANS[((n - 1) as usize) % PLANS.len()]
}

/// The plan customer `n` moves to in the plan-change scenario (Founders moves down).
pub(super) fn next_tier(n: u32) -> &'static Plan {
    &PLANS[(n as usize) % PLANS.len()]
}

/// The `price_data` arguments that bill `plan`'s amount every `interval`.
pub(super) fn price_args(plan: &Plan, interval: Interval) -> String {
    format!(
        "-d \"items[0][price_data][currency]=usd\" -d \"items[0][price_data][product]=$PRODUCT\" \\\n    -d \"items[0][price_data][unit_amount]={}\" -d \"items[0][price_data][recurring][interval]={}\" \\\n    -d \"metadata[plan_tier]={}\"",
        plan.amount, interval, plan.tier
    )
}

/// An expected event.
pub(super) fn event(at: i64, name: &'static str, note: &str) -> ExpectedEvent {
    ExpectedEvent {
        at,
        event: name,
        note: note.to_string(),
    }
}

/// A step before it is placed on the clock: the builder adds its time and the expected
/// state.
pub(super) struct StepSpec {
    kind: StepKind,
    title: String,
    command: String,
    events: Vec<ExpectedEvent>,
    check: Check,
    note: Option<String>,
}

impl StepSpec {
    fn new(kind: StepKind, title: impl Into<String>) -> StepSpec {
        StepSpec {
            kind,
            title: title.into(),
            command: String::new(),
            events: Vec::new(),
            check: Check::Nothing,
            note: None,
        }
    }

    pub fn setup(title: impl Into<String>) -> StepSpec {
        StepSpec::new(StepKind::Setup, title)
    }

    pub fn action(title: impl Into<String>) -> StepSpec {
        StepSpec::new(StepKind::Action, title)
    }

    /// An advance; its command is written by [`Builder::advance`].
    pub fn advance(title: impl Into<String>) -> StepSpec {
        StepSpec::new(StepKind::Advance, title)
    }

    pub fn command(mut self, command: impl Into<String>) -> StepSpec {
        self.command = command.into();
        self
    }

    pub fn events(mut self, events: Vec<ExpectedEvent>) -> StepSpec {
        self.events = events;
        self
    }

    pub fn check(mut self, check: Check) -> StepSpec {
        self.check = check;
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> StepSpec {
        self.note = Some(note.into());
        self
    }
}

pub(super) struct Builder<'a> {
    pub p: &'a ClockParams,
    pub scenario: Scenario,
    /// The clock's frozen time after the last step.
    pub now: i64,
    pub anchor: i64,
    pub trial_end: Option<i64>,
    /// What Queue should hold now; every added step records a copy.
    pub state: QueueState,
    steps: Vec<Step>,
}

impl<'a> Builder<'a> {
    pub fn new(scenario: Scenario, p: &'a ClockParams) -> Builder<'a> {
        let trial_end = scenario
            .has_trial()
            .then(|| p.start + i64::from(p.trial_days) * DAY);
        let customers = (1..=p.customers)
            .map(|n| CustomerState {
                email: email(scenario, p.start, n, None),
                exists: false,
                subscription: None,
                invoices: InvoiceState::default(),
            })
            .collect();
        Builder {
            p,
            scenario,
            now: p.start,
            anchor: trial_end.unwrap_or(p.start),
            trial_end,
            state: QueueState { customers },
            steps: Vec::new(),
        }
    }

    /// The end of the `n`-th period from the anchor.
    pub fn renewal(&self, n: i64) -> i64 {
        period_end(self.anchor, self.p.interval, n)
    }

    pub fn add(&mut self, spec: StepSpec) {
        self.steps.push(Step {
            kind: spec.kind,
            title: spec.title,
            at: self.now,
            command: spec.command,
            events: spec.events,
            expect: self.state.clone(),
            check: spec.check,
            note: spec.note,
        });
    }

    /// Advances the clock to `target` in as many legal steps as Stripe's limit needs; the
    /// spec's events, check and the new state belong to the last one: the hops before it
    /// keep the state the previous step left.
    pub fn advance(&mut self, target: i64, spec: StepSpec) {
        let hops = legal_advances(self.now, target, Some(self.p.interval))
            .expect("scenario advances move forward");
        let count = hops.len();
        let before = self.steps.last().map(|s| s.expect.clone());
        for (i, hop) in hops.into_iter().enumerate() {
            self.now = hop;
            let command = format!(
                "stripe POST \"/test_helpers/test_clocks/$CLOCK/advance\" -d frozen_time={hop} >/dev/null\nwait_ready \"$CLOCK\""
            );
            if i + 1 < count {
                self.add(
                    StepSpec::advance(format!(
                        "{}: part {} of {count} (Stripe allows at most two intervals per advance)",
                        spec.title,
                        i + 1
                    ))
                    .command(command),
                );
                if let (Some(step), Some(before)) = (self.steps.last_mut(), &before) {
                    step.expect = before.clone();
                }
            } else {
                let title = if count > 1 {
                    format!("{}: part {count} of {count}", spec.title)
                } else {
                    spec.title.clone()
                };
                self.add(
                    StepSpec {
                        title,
                        command,
                        events: spec.events.clone(),
                        note: spec.note.clone(),
                        ..StepSpec::advance("")
                    }
                    .check(spec.check),
                );
            }
        }
    }

    /// Runs `action(n)` for every customer, one command block each.
    pub fn for_each(&self, action: impl Fn(u32) -> String) -> String {
        (1..=self.p.customers)
            .map(action)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Changes the expected subscription of every customer (`n` counts from 1).
    pub fn subscriptions(&mut self, change: impl Fn(u32, &mut SubscriptionState)) {
        for (i, customer) in self.state.customers.iter_mut().enumerate() {
            if let Some(sub) = customer.subscription.as_mut() {
                change(i as u32 + 1, sub);
            }
        }
    }

    /// Every customer gets one more invoice billing their plan's price; `newest` is its
    /// expected status.
    pub fn invoice(&mut self, newest: Option<InvoiceStatus>) {
        self.invoice_of(newest, |_, sub| plan_amount(sub));
    }

    /// Every customer gets one more invoice of `amount(n, subscription)` (`n` counts from
    /// 1); `newest` is its expected status.
    pub fn invoice_of(
        &mut self,
        newest: Option<InvoiceStatus>,
        amount: impl Fn(u32, &SubscriptionState) -> i64,
    ) {
        for (i, customer) in self.state.customers.iter_mut().enumerate() {
            customer.invoices.count += 1;
            customer.invoices.newest = newest;
            customer.invoices.newest_amount_due = customer
                .subscription
                .as_ref()
                .map(|sub| amount(i as u32 + 1, sub));
        }
    }

    /// Every customer's newest invoice is now in `status`.
    pub fn newest_invoice(&mut self, status: Option<InvoiceStatus>) {
        for customer in &mut self.state.customers {
            customer.invoices.newest = status;
        }
    }

    /// A period boundary at `at` paid as usual: the subscription moves on, the invoice is
    /// created then and finalized and paid about an hour later.
    pub fn paid_boundary(&self, at: i64, update: &str) -> Vec<ExpectedEvent> {
        vec![
            event(at, "customer.subscription.updated", update),
            event(at, "invoice.created", ""),
            event(at + HOUR, "invoice.finalized", ""),
            event(at + HOUR, "invoice.paid", ""),
            event(at + HOUR, "invoice.payment_succeeded", ""),
        ]
    }

    /// The steps every scenario starts with: the clock, a product, the customers, their
    /// payment method, and the subscription.
    pub fn set_up(&mut self) {
        let start = self.p.start;
        let scenario = self.scenario;
        let date = DateTime::from_unix(start).compact_date();
        self.add(
            StepSpec::setup("Create the test clock")
                .command(format!(
                    "CLOCK=$(stripe POST /test_helpers/test_clocks -d frozen_time={start} -d name={} | field id)\necho \"clock: $CLOCK\"",
                    single_quote(&format!("raxx-billing-test-{date}-{scenario}"))
                ))
                .events(vec![event(start, "test_helpers.test_clock.created", "")]),
        );
        self.add(
            StepSpec::setup("Create a test product for the prices").command(
                "PRODUCT=$(stripe POST /products -d name='billing-testkit clock scenario' | field id)",
            ),
        );
        self.create_customers(&date);
        if let Some(pm) = scenario.payment_method() {
            self.add(
                StepSpec::setup(format!("Attach {pm} and make it the default"))
                    .command(self.for_each(|n| {
                        format!(
                            "PM{n}=$(stripe POST /payment_methods/{pm}/attach -d \"customer=$CUST{n}\" | field id)\nstripe POST \"/customers/$CUST{n}\" -d \"invoice_settings[default_payment_method]=$PM{n}\" >/dev/null"
                        )
                    }))
                    .events(vec![
                        event(start, "payment_method.attached", ""),
                        event(start, "customer.updated", "default payment method set"),
                    ])
                    .note(format!("{pm} is a test PaymentMethod id; server-side calls never send raw card numbers.")),
            );
        }
        self.subscribe();
    }

    fn create_customers(&mut self, date: &str) {
        let letter = self.scenario.as_str().to_ascii_lowercase();
        let emails: Vec<String> = self
            .state
            .customers
            .iter()
            .map(|c| c.email.clone())
            .collect();
        let command = self.for_each(|n| {
            format!(
                "CUST{n}=$(stripe POST /customers -d email={} -d name={} -d \"test_clock=$CLOCK\" -d \"metadata[user_id]=usr_clock_{letter}_{date}_{n}\" | field id)",
                single_quote(&emails[(n - 1) as usize]),
                single_quote(&format!("Clock Test {date} {n}")),
            )
        });
        for customer in &mut self.state.customers {
            customer.exists = true;
        }
        let count = self.p.customers;
        let title = if count == 1 {
            "Create the customer on the clock".to_string()
        } else {
            format!("Create {count} customers on the clock")
        };
        self.add(
            StepSpec::setup(title)
                .command(command)
                .events(vec![event(
                    self.p.start,
                    "customer.created",
                    "one per customer",
                )])
                .check(Check::Customers),
        );
    }

    fn subscribe(&mut self) {
        let (p, scenario) = (self.p, self.scenario);
        let command = self.for_each(|n| {
            let mut args = price_args(tier(n), p.interval);
            if scenario.has_trial() {
                args.push_str(&format!(" \\\n    -d trial_period_days={}", p.trial_days));
            }
            if scenario == Scenario::TrialWithoutPaymentMethod {
                args.push_str(" \\\n    -d \"trial_settings[end_behavior][missing_payment_method]=pause\"");
            }
            format!(
                "SUBSCRIPTION=$(stripe POST /subscriptions -d \"customer=$CUST{n}\" {args})\nSUB{n}=$(printf '%s' \"$SUBSCRIPTION\" | field id)\nITEM{n}=$(printf '%s' \"$SUBSCRIPTION\" | field items.data.0.id)\necho \"customer $CUST{n}: subscription $SUB{n} (item $ITEM{n})\""
            )
        });
        let (status, first_invoice) = if scenario.has_trial() {
            (SubscriptionStatus::Trialing, "a $0 trial invoice, paid")
        } else {
            (SubscriptionStatus::Active, "the first invoice, paid")
        };
        let period_end = self.trial_end.unwrap_or_else(|| self.renewal(1));
        for (i, customer) in self.state.customers.iter_mut().enumerate() {
            customer.subscription = Some(SubscriptionState {
                status,
                plan_tier: tier(i as u32 + 1).tier,
                cancel_at_period_end: false,
                current_period_end: period_end,
                trial_end: self.trial_end,
            });
        }
        // A trial's first invoice is for $0.
        let trial = self.trial_end.is_some();
        self.invoice_of(Some(InvoiceStatus::Paid), |_, sub| {
            if trial {
                0
            } else {
                plan_amount(sub)
            }
        });
        let start = p.start;
        let mut spec = StepSpec::setup("Subscribe")
            .command(command)
            .events(vec![
                event(start, "customer.subscription.created", status.as_str()),
                event(start, "invoice.created", first_invoice),
                event(start, "invoice.finalized", ""),
                event(start, "invoice.paid", ""),
                event(start, "invoice.payment_succeeded", ""),
            ])
            .check(Check::Subscriptions);
        if let Some(trial_end) = self.trial_end {
            spec = spec.note(format!(
                "The trial ends at {}; the billing cycle anchor is the trial end.",
                rfc3339(trial_end)
            ));
        }
        self.add(spec);
    }

    /// The step added last, for a note or an event that belongs to it.
    pub fn last_step(&mut self) -> Option<&mut Step> {
        self.steps.last_mut()
    }

    pub fn finish(self) -> Schedule {
        Schedule {
            scenario: self.scenario,
            params: self.p.clone(),
            anchor: self.anchor,
            trial_end: self.trial_end,
            periods: periods_until(self.anchor, self.p, self.now),
            steps: self.steps,
        }
    }
}
