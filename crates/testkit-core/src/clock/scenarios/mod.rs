//! Scenarios A-G: each a list of steps on one test clock, built from the parameters by
//! one function per scenario over a shared [`builder`]. What Queue should hold after each
//! step is data ([`QueueState`]), so a page can describe it and a replay can check it.

mod builder;
mod cancel;
mod dunning;
mod expect;
mod plan_change;
mod renewal;
mod trial;

pub use expect::{Check, CustomerState, InvoiceState, QueueState, SubscriptionState};

use super::calendar::period_end;
use super::params::ClockParams;
use crate::time::DAY;
use builder::Builder;

crate::text_enum! {
    /// The runbook's lifecycle scenarios, by their letter (the URL value).
    pub enum Scenario {
        /// A: renewals paid as usual.
        Renewal = "A",
        /// B: a failing card, Smart Retries, and the account's end state.
        Dunning = "B",
        /// C: a trial with a card, then the first real invoice.
        TrialExpiry = "C",
        /// D: cancel at period end.
        CancelAtPeriodEnd = "D",
        /// E: cancel now.
        ImmediateCancel = "E",
        /// F: a trial without a card that pauses, then resumes.
        TrialWithoutPaymentMethod = "F",
        /// G: a plan change mid-period with the proration invoiced at once.
        PlanChange = "G",
    }
}

impl Scenario {
    /// The scenario a letter names, in either case ("b" or "B").
    pub fn from_letter(letter: &str) -> Option<Scenario> {
        letter.trim().to_ascii_uppercase().parse().ok()
    }

    /// The scenario's heading.
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

    /// What the scenario proves, in a sentence or two.
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

    /// Whether the subscription starts with a trial (then the trial end anchors it).
    pub fn has_trial(self) -> bool {
        matches!(
            self,
            Scenario::TrialExpiry | Scenario::TrialWithoutPaymentMethod
        )
    }
}

crate::text_enum! {
    /// What a step does to the clock.
    pub enum StepKind {
        /// Creates the clock, customers, payment methods or the subscription.
        Setup = "setup",
        /// Changes something at the clock's current time.
        Action = "action",
        /// Moves the clock forward.
        Advance = "advance",
    }
}

/// A webhook event the step should produce, and when (clock time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedEvent {
    /// Clock time, unix seconds.
    pub at: i64,
    /// The event's `type`.
    pub event: &'static str,
    /// What is special about it (empty when nothing is).
    pub note: String,
}

/// One step of a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Setup, action or advance.
    pub kind: StepKind,
    /// What the step does.
    pub title: String,
    /// The clock's frozen time once the step is done.
    pub at: i64,
    /// Bash, using the helpers of [`super::helpers`] and the variables earlier steps set.
    pub command: String,
    /// The webhook events the step should produce.
    pub events: Vec<ExpectedEvent>,
    /// What Queue's tables should hold afterwards, per customer.
    pub expect: QueueState,
    /// Which of Queue's tables to look at to check it.
    pub check: Check,
    /// A warning or explanation worth reading before running the step.
    pub note: Option<String>,
}

impl Step {
    /// The expected Queue state in words.
    pub fn queue_state(&self) -> String {
        self.expect.describe()
    }
}

/// A scenario laid out on the clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Which scenario.
    pub scenario: Scenario,
    /// The inputs it was built from.
    pub params: ClockParams,
    /// The billing cycle anchor: creation, or trial end.
    pub anchor: i64,
    /// The trial's end, for scenarios with a trial.
    pub trial_end: Option<i64>,
    /// Period boundaries from the anchor up to the last step.
    pub periods: Vec<i64>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

impl Schedule {
    /// The customers' emails, in order.
    pub fn emails(&self) -> Vec<String> {
        (1..=self.params.customers)
            .map(|n| builder::email(self.scenario, self.params.start, n, None))
            .collect()
    }

    /// The customers' emails for one replay run: the runbook's names with the run's tag
    /// (`test+billing-clock-b-20260617-rk3x9a0qz@raxx.app`).
    pub fn run_emails(&self, run: &str) -> Vec<String> {
        (1..=self.params.customers)
            .map(|n| builder::email(self.scenario, self.params.start, n, Some(run)))
            .collect()
    }

    /// The commands that check a step against Queue (empty when there is nothing to check).
    pub fn check_command(&self, step: &Step) -> String {
        step.check.commands(&self.emails())
    }
}

/// Lays out `scenario` on a clock with `params`.
///
/// ```
/// use testkit_core::clock::{build, ClockParams, Scenario, StepKind};
/// use testkit_core::stripe::SubscriptionStatus;
/// use testkit_core::time::rfc3339;
///
/// // A clock frozen at 2027-01-31 15:00 UTC: monthly renewals land on Feb 28, then Mar 31.
/// let schedule = build(Scenario::Renewal, &ClockParams::new(1_801_407_600));
/// let advances: Vec<String> = schedule.steps.iter()
///     .filter(|s| s.kind == StepKind::Advance)
///     .map(|s| rfc3339(s.at))
///     .collect();
/// assert_eq!(advances, ["2027-02-28T17:00:00Z", "2027-03-31T17:00:00Z"]);
/// let last = &schedule.steps.last().unwrap().expect.customers[0];
/// assert_eq!(last.subscription.as_ref().unwrap().status, SubscriptionStatus::Active);
/// ```
pub fn build(scenario: Scenario, params: &ClockParams) -> Schedule {
    let mut b = Builder::new(scenario, params);
    b.set_up();
    match scenario {
        Scenario::Renewal => renewal::renewals(&mut b),
        Scenario::Dunning => dunning::failing_renewal(&mut b),
        Scenario::TrialExpiry => trial::trial_with_card(&mut b),
        Scenario::TrialWithoutPaymentMethod => trial::trial_without_card(&mut b),
        Scenario::CancelAtPeriodEnd => cancel::at_period_end(&mut b),
        Scenario::ImmediateCancel => cancel::now(&mut b),
        Scenario::PlanChange => plan_change::mid_period(&mut b),
    }
    b.finish()
}

/// The period boundaries from `anchor` that a clock reaching `last` passes (and the
/// next one), at most 60.
fn periods_until(anchor: i64, params: &ClockParams, last: i64) -> Vec<i64> {
    let mut periods = vec![anchor];
    let mut n = 1;
    while let Some(&end) = periods.last() {
        if end > last || n > 60 {
            break;
        }
        periods.push(period_end(anchor, params.interval, n));
        n += 1;
    }
    periods
}

/// Seconds in an hour.
const HOUR: i64 = 3600;
/// Stripe finalizes a renewal invoice about an hour after creating it; advancing this far
/// past a renewal lets the payment (or its failure) happen.
const SETTLE: i64 = 2 * HOUR;
/// `customer.subscription.trial_will_end` comes this long before the trial ends.
const TRIAL_WARNING: i64 = 3 * DAY;
