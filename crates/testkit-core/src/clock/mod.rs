//! The test-clock playbook: subscription lifecycle scenarios as steps whose times are
//! computed from the clock's frozen time (never from the wall clock), with Stripe's rules
//! applied, the commands to run, and what each step should produce.

mod calendar;
mod params;
mod rules;
mod scenarios;
mod script;

pub use calendar::{offset_label, period_end, Interval};
pub use params::{
    parse_params, validate, AfterRetries, ClockParams, ParamError, ParamField, ParamTexts,
};
pub use rules::{legal_advances, max_advance, AdvanceError};
pub use scenarios::{
    build, Check, CustomerState, ExpectedEvent, InvoiceState, QueueState, Scenario, Schedule, Step,
    StepKind, SubscriptionState,
};
pub use script::{helpers, script};

#[cfg(test)]
mod tests;
