//! Builders for contract rows in tests.

use crate::contract::{Customer, MirrorSubscription, Subscription};

pub fn customer(id: &str, email: &str, user: Option<&str>) -> Customer {
    Customer {
        id: id.into(),
        stripe_customer_id: format!("cus_{id}"),
        user_id: user.map(Into::into),
        billing_email: email.into(),
        name: None,
        livemode: false,
        created_at: "2026-06-01T00:00:00Z".into(),
    }
}

pub fn sub(id: &str, customer: &str, status: &str) -> Subscription {
    Subscription {
        id: id.into(),
        stripe_subscription_id: format!("sub_{id}"),
        customer_id: customer.into(),
        plan_tier: "pro".into(),
        status: status.into(),
        cancel_at_period_end: false,
        current_period_end: None,
        trial_end: None,
        created_at: "2026-06-01T00:00:00Z".into(),
        updated_at: "2026-06-01T00:00:00Z".into(),
    }
}

pub fn ios(id: &str, user: Option<&str>, status: &str) -> MirrorSubscription {
    MirrorSubscription {
        id: id.into(),
        subscription_source: "ios".into(),
        user_id: user.map(Into::into),
        original_transaction_id: Some(format!("2000{id}")),
        queue_customer_id: None,
        queue_subscription_id: None,
        product_id: Some("com.raxx.pro.monthly".into()),
        plan_tier: "pro".into(),
        status: status.into(),
        auto_renew: Some(true),
        current_period_end: None,
        environment: Some("Sandbox".into()),
        updated_at: "2026-06-01T00:00:00Z".into(),
    }
}

/// Raptor's mirror row of Queue subscription `sub` (customer `customer`), as the fan-out
/// writes it: the same tier, status and period end as [`sub`] gives.
pub fn mirrored(id: &str, sub: &str, customer: &str, status: &str) -> MirrorSubscription {
    MirrorSubscription {
        id: id.into(),
        subscription_source: "stripe".into(),
        user_id: None,
        original_transaction_id: None,
        queue_customer_id: Some(customer.into()),
        queue_subscription_id: Some(sub.into()),
        product_id: None,
        plan_tier: "pro".into(),
        status: status.into(),
        auto_renew: Some(true),
        current_period_end: None,
        environment: None,
        updated_at: "2026-06-01T00:00:05Z".into(),
    }
}
