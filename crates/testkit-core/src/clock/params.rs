//! The playbook's inputs and their limits (Stripe's rules and account settings).

use super::calendar::Interval;
use crate::stripe::SubscriptionStatus;

crate::text_enum! {
    /// What the account's Smart Retries setting does when the last retry fails.
    pub enum AfterRetries {
        /// `cancel`.
        Cancel = "cancel",
        /// `unpaid`.
        Unpaid = "unpaid",
        /// `past_due`.
        PastDue = "past_due",
    }
}

impl AfterRetries {
    /// The setting as a phrase for a sentence (`cancel the subscription`).
    pub fn label(self) -> &'static str {
        match self {
            AfterRetries::Cancel => "cancel the subscription",
            AfterRetries::Unpaid => "mark it unpaid",
            AfterRetries::PastDue => "leave it past_due",
        }
    }

    /// The subscription status the setting leads to.
    pub fn final_status(self) -> SubscriptionStatus {
        match self {
            AfterRetries::Cancel => SubscriptionStatus::Canceled,
            AfterRetries::Unpaid => SubscriptionStatus::Unpaid,
            AfterRetries::PastDue => SubscriptionStatus::PastDue,
        }
    }
}

/// The playbook's inputs: when the clock starts, how the subscription bills, and the
/// account's retry settings.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClockParams {
    /// The clock's first frozen time, unix seconds.
    pub start: i64,
    /// How often the scenarios' subscription bills.
    pub interval: Interval,
    /// Trial length in days for the scenarios that have one (`trial_period_days`), 1 to 730.
    pub trial_days: u32,
    /// Smart Retries: how many retries after the first failure (an account setting).
    pub retries: u32,
    /// Smart Retries: the window the retries spread over, in days (an account setting).
    pub retry_window_days: u32,
    /// What happens when the last retry fails (an account setting).
    pub after_retries: AfterRetries,
    /// Customers created on the clock (each with its own subscription).
    pub customers: u32,
}

impl ClockParams {
    /// The defaults at `start`: monthly, a 14-day trial, 4 retries over 21 days then
    /// cancel, one customer.
    pub fn new(start: i64) -> ClockParams {
        ClockParams {
            start,
            interval: Interval::Month,
            trial_days: 14,
            retries: 4,
            retry_window_days: 21,
            after_retries: AfterRetries::Cancel,
            customers: 1,
        }
    }
}

crate::text_enum! {
    /// An input of the playbook, as an error names it (its text form is the URL key).
    pub enum ParamField {
        /// The clock's start.
        Start = "start",
        /// Trial days.
        Trial = "trial",
        /// Customers on the clock.
        Customers = "customers",
        /// Smart Retries' count.
        Retries = "retries",
        /// Smart Retries' window.
        Window = "window",
    }
}

/// A bad input, named by the field it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    /// The input the message belongs next to.
    pub field: ParamField,
    /// What is wrong and what is allowed.
    pub message: String,
}

/// Stripe's limits: 3 customers per test clock, 730-day trials, up to 8 retries.
pub fn validate(p: &ClockParams) -> Vec<ParamError> {
    let mut errors = Vec::new();
    let mut bad = |field, message: String| errors.push(ParamError { field, message });
    if !(1..=3).contains(&p.customers) {
        bad(ParamField::Customers, format!("A test clock holds at most 3 customers (and at least 1), not {}: use a second clock for more.", p.customers));
    }
    if !(1..=730).contains(&p.trial_days) {
        bad(
            ParamField::Trial,
            format!(
                "Trial days run from 1 to 730 (Stripe's longest trial), not {}.",
                p.trial_days
            ),
        );
    }
    if !(1..=8).contains(&p.retries) {
        bad(
            ParamField::Retries,
            format!("Smart Retries retries 1 to 8 times, not {}.", p.retries),
        );
    }
    if !(1..=60).contains(&p.retry_window_days) {
        bad(
            ParamField::Window,
            format!(
                "The retry window is 1 to 60 days, not {}.",
                p.retry_window_days
            ),
        );
    }
    if p.start < 946_684_800 || p.start > 4_102_444_800 {
        bad(
            ParamField::Start,
            "The clock start must fall between 2000 and 2100.".into(),
        );
    }
    errors
}

/// The playbook's number and date inputs as typed, before they are read.
#[derive(Clone, Copy, Debug, Default)]
pub struct ParamTexts<'a> {
    /// Unix seconds or a date.
    pub start: &'a str,
    /// Trial days.
    pub trial: &'a str,
    /// Customers on the clock.
    pub customers: &'a str,
    /// Smart Retries' count.
    pub retries: &'a str,
    /// Smart Retries' window in days.
    pub window: &'a str,
}

/// Reads the typed inputs into parameters, or every problem with them, each named by its
/// field (a number that is not one, then Stripe's limits).
pub fn parse_params(
    texts: ParamTexts,
    interval: Interval,
    after_retries: AfterRetries,
) -> Result<ClockParams, Vec<ParamError>> {
    let mut errors = Vec::new();
    let mut number = |field: ParamField, label: &str, text: &str| -> u32 {
        text.trim().parse::<u32>().unwrap_or_else(|_| {
            errors.push(ParamError {
                field,
                message: format!("{label} must be a whole number, not \"{text}\"."),
            });
            1
        })
    };
    let trial_days = number(ParamField::Trial, "Trial days", texts.trial);
    let customers = number(ParamField::Customers, "Customers", texts.customers);
    let retries = number(ParamField::Retries, "Retries", texts.retries);
    let retry_window_days = number(ParamField::Window, "The retry window", texts.window);
    let start = crate::time::parse_instant(texts.start).unwrap_or_else(|message| {
        errors.push(ParamError {
            field: ParamField::Start,
            message,
        });
        0
    });
    let params = ClockParams {
        start,
        interval,
        trial_days,
        retries,
        retry_window_days,
        after_retries,
        customers,
    };
    if errors.is_empty() {
        errors = validate(&params);
    }
    if errors.is_empty() {
        Ok(params)
    } else {
        Err(errors)
    }
}
