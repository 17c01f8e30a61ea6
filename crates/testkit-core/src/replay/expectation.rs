//! What Queue should hold after a step: the scenario's expected state ([`CustomerState`])
//! with the run's email, and the ids the run's events gave the customer's objects.

use super::life::Life;
use crate::clock::{CustomerState, QueueState};

/// One customer's expected rows after a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerExpectation {
    /// The scenario's expectation, with the run's email (how Queue's rows are found).
    pub state: CustomerState,
    /// `cus_replay_...`.
    pub stripe_customer_id: String,
    /// The Raxx account the customer's metadata names.
    pub user_id: String,
    /// `sub_replay_...`.
    pub stripe_subscription_id: String,
    /// The newest invoice's id, once there is one.
    pub newest_invoice: Option<String>,
    /// The person's App Store subscription in Raptor's mirror (`active`, `expired`);
    /// `None` when they have none (every playbook scenario): then the paywall checks are
    /// the Stripe-only ones.
    pub ios_status: Option<&'static str>,
}

/// Every customer's expected rows after a step, in the clock's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    /// One per customer on the clock.
    pub customers: Vec<CustomerExpectation>,
}

impl Expectation {
    /// The scenario's `state` for the customers as the stream left them.
    pub fn new(state: &QueueState, lives: &[Life]) -> Expectation {
        let customers = state
            .customers
            .iter()
            .zip(lives)
            .map(|(customer, life)| CustomerExpectation {
                state: CustomerState {
                    email: life.email.clone(),
                    ..customer.clone()
                },
                stripe_customer_id: life.customer_id.clone(),
                user_id: life.user_id.clone(),
                stripe_subscription_id: life.subscription_id.clone(),
                newest_invoice: life.newest().map(|i| i.id.clone()),
                ios_status: None,
            })
            .collect();
        Expectation { customers }
    }
}
