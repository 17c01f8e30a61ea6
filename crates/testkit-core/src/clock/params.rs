//! The playbook's inputs and their limits (Stripe's rules and account settings).

use super::calendar::Interval;

/// What the account's Smart Retries setting does when the last retry fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AfterRetries {
    Cancel,
    Unpaid,
    PastDue,
}

impl AfterRetries {
    pub const ALL: [AfterRetries; 3] = [
        AfterRetries::Cancel,
        AfterRetries::Unpaid,
        AfterRetries::PastDue,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            AfterRetries::Cancel => "cancel",
            AfterRetries::Unpaid => "unpaid",
            AfterRetries::PastDue => "past_due",
        }
    }

    pub fn from_slug(slug: &str) -> Option<AfterRetries> {
        AfterRetries::ALL.into_iter().find(|a| a.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            AfterRetries::Cancel => "cancel the subscription",
            AfterRetries::Unpaid => "mark it unpaid",
            AfterRetries::PastDue => "leave it past_due",
        }
    }

    /// The subscription status the setting leads to.
    pub fn final_status(self) -> &'static str {
        match self {
            AfterRetries::Cancel => "canceled",
            AfterRetries::Unpaid => "unpaid",
            AfterRetries::PastDue => "past_due",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClockParams {
    /// The clock's first frozen time, unix seconds.
    pub start: i64,
    pub interval: Interval,
    pub trial_days: u32,
    /// Smart Retries: how many retries after the first failure (an account setting).
    pub retries: u32,
    /// Smart Retries: the window the retries spread over, in days (an account setting).
    pub retry_window_days: u32,
    pub after_retries: AfterRetries,
    /// Customers created on the clock (each with its own subscription).
    pub customers: u32,
}

impl ClockParams {
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

/// A bad input, named by the field it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    pub field: &'static str,
    pub message: String,
}

/// Stripe's limits: 3 customers per test clock, 730-day trials, up to 8 retries.
pub fn validate(p: &ClockParams) -> Vec<ParamError> {
    let mut errors = Vec::new();
    let mut bad = |field, message: String| errors.push(ParamError { field, message });
    if !(1..=3).contains(&p.customers) {
        bad("customers", format!("A test clock holds at most 3 customers (and at least 1), not {}: use a second clock for more.", p.customers));
    }
    if !(1..=730).contains(&p.trial_days) {
        bad(
            "trial",
            format!(
                "Trial days run from 1 to 730 (Stripe's longest trial), not {}.",
                p.trial_days
            ),
        );
    }
    if !(1..=8).contains(&p.retries) {
        bad(
            "retries",
            format!("Smart Retries retries 1 to 8 times, not {}.", p.retries),
        );
    }
    if !(1..=60).contains(&p.retry_window_days) {
        bad(
            "window",
            format!(
                "The retry window is 1 to 60 days, not {}.",
                p.retry_window_days
            ),
        );
    }
    if p.start < 946_684_800 || p.start > 4_102_444_800 {
        bad(
            "start",
            "The clock start must fall between 2000 and 2100.".into(),
        );
    }
    errors
}
