//! Deterministic data: `demo` (a small set covering every status, both stores, a person
//! on both, an unknown tier) and `bulk:N` (N rows per source, for load tests).

use rusqlite::{params, Connection};
use testkit_core::appstore::product_for_tier;
use testkit_core::contract::IosStatus;
use testkit_core::stripe::{InvoiceStatus, SubscriptionStatus};
use testkit_core::time::{days_from_civil, rfc3339, DateTime, DAY};

use crate::apple::apply::remember_user;

/// Stripe's subscription statuses in the order the demo deals them out to its customers
/// (a test checks it covers them all).
pub const STRIPE_STATUSES: [SubscriptionStatus; 8] = [
    SubscriptionStatus::Active,
    SubscriptionStatus::Trialing,
    SubscriptionStatus::PastDue,
    SubscriptionStatus::Unpaid,
    SubscriptionStatus::Canceled,
    SubscriptionStatus::Incomplete,
    SubscriptionStatus::IncompleteExpired,
    SubscriptionStatus::Paused,
];
/// Raptor's iOS statuses, every one of which the demo covers.
pub const IOS_STATUSES: [IosStatus; 5] = IosStatus::ALL;
const TIERS: [&str; 3] = ["pro", "pro_plus", "founders"];
const EMAIL_VARIANTS: [&str; 4] = ["", "founders-", "dunning-", "clock-"];

pub const DEMO_STRIPE_CUSTOMERS: usize = 36;
pub const DEMO_IOS_SUBSCRIPTIONS: usize = 15;
/// The (active) Stripe customer whose person also holds an active iOS subscription.
pub const DEMO_BOTH_STORES_ACTIVE: usize = 24;
/// The (unpaid) Stripe customer whose person holds an expired iOS subscription.
pub const DEMO_BOTH_STORES_EXPIRED: usize = 19;
/// The active Stripe subscription that cancels at period end.
pub const DEMO_CANCELLING: usize = 16;
/// The subscription with a tier the app does not know.
pub const DEMO_UNKNOWN_TIER: (usize, &str) = (35, "enterprise_legacy");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seed {
    None,
    Demo,
    Bulk(usize),
}

impl std::str::FromStr for Seed {
    type Err = String;

    fn from_str(s: &str) -> Result<Seed, String> {
        match s {
            "none" => Ok(Seed::None),
            "demo" => Ok(Seed::Demo),
            _ => s
                .strip_prefix("bulk:")
                .and_then(|n| n.parse().ok())
                .filter(|n| (1..=1_000_000).contains(n))
                .map(Seed::Bulk)
                .ok_or_else(|| {
                    format!("seed must be none, demo or bulk:N (N from 1 to 1000000), not \"{s}\"")
                }),
        }
    }
}

/// 2026-06-01T09:00:00Z: the demo's first day.
fn day0() -> i64 {
    days_from_civil(2026, 6, 1) * DAY + 9 * 3600
}

pub fn load(conn: &mut Connection, seed: Seed) -> rusqlite::Result<()> {
    match seed {
        Seed::None => Ok(()),
        Seed::Demo => demo(conn),
        Seed::Bulk(n) => bulk(conn, n),
    }
}

fn insert_customer(
    tx: &Connection,
    i: usize,
    email: &str,
    user: Option<String>,
    created: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO billing_customer (seq, id, stripe_customer_id, user_id, billing_email, name, livemode, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)",
        params![
            i as i64 + 1,
            format!("qcus_{:08}", i + 1),
            format!("cus_Demo{:016}", i + 1),
            user,
            email,
            format!("Test Customer {}", DateTime::from_unix(created).compact_date()),
            rfc3339(created)
        ],
    )?;
    if let Some(user) = &user {
        remember_user(tx, user)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn insert_subscription(
    tx: &Connection,
    i: usize,
    tier: &str,
    status: SubscriptionStatus,
    cancel_at_period_end: bool,
    created: i64,
    user: Option<&str>,
) -> rusqlite::Result<()> {
    let id = format!("qsub_{:08}", i + 1);
    let customer = format!("qcus_{:08}", i + 1);
    let period_end = rfc3339(created + 30 * DAY);
    let trial_end = (status == SubscriptionStatus::Trialing).then(|| rfc3339(created + 14 * DAY));
    tx.execute(
        "INSERT INTO billing_subscription (seq, id, stripe_subscription_id, customer_id, plan_tier, status,
             cancel_at_period_end, current_period_end, trial_end, created_at, updated_at, event_created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
        params![i as i64 + 1, id, format!("sub_Demo{:016}", i + 1), customer, tier, status.as_str(),
                cancel_at_period_end, period_end, trial_end, rfc3339(created), created],
    )?;
    let renews = status.renews(cancel_at_period_end);
    tx.execute(
        "INSERT INTO billing_subscription_mirror (seq, id, subscription_source, user_id, queue_customer_id,
             queue_subscription_id, plan_tier, status, auto_renew, current_period_end, updated_at)
         VALUES (?1, ?2, 'stripe', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![i as i64 + 1, format!("rmir_{:08}", i + 1), user, customer, id, tier, status.as_str(), renews, period_end, rfc3339(created)],
    )?;
    Ok(())
}

fn invoice_status(subscription: SubscriptionStatus) -> InvoiceStatus {
    use SubscriptionStatus as S;
    match subscription {
        S::Active | S::Trialing => InvoiceStatus::Paid,
        S::PastDue | S::Unpaid | S::Incomplete => InvoiceStatus::Open,
        S::Paused => InvoiceStatus::Draft,
        S::Canceled | S::IncompleteExpired => InvoiceStatus::Void,
    }
}

fn demo(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    let start = day0();
    for i in 0..DEMO_STRIPE_CUSTOMERS {
        let created = start + i as i64 * DAY;
        let date = DateTime::from_unix(created).compact_date();
        let email = format!(
            "test+billing-{}{date}@raxx.app",
            EMAIL_VARIANTS[i % EMAIL_VARIANTS.len()]
        );
        // Every ninth customer signed up before accounts were linked: no user id.
        let user = (i % 9 != 8).then(|| format!("usr_demo_{i:03}"));
        insert_customer(&tx, i, &email, user.clone(), created)?;
        let status = STRIPE_STATUSES[i % STRIPE_STATUSES.len()];
        let tier = if i == DEMO_UNKNOWN_TIER.0 {
            DEMO_UNKNOWN_TIER.1
        } else {
            TIERS[i % TIERS.len()]
        };
        insert_subscription(
            &tx,
            i,
            tier,
            status,
            i == DEMO_CANCELLING,
            created,
            user.as_deref(),
        )?;
        let amount = testkit_core::plans::plan_for_tier(tier).map_or(9900, |p| p.amount);
        let paid = invoice_status(status) == InvoiceStatus::Paid;
        tx.execute(
            "INSERT INTO billing_invoice (seq, id, stripe_invoice_id, customer_id, subscription_id, status,
                 amount_due, currency, paid_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'usd', ?8, ?9)",
            params![i as i64 + 1, format!("qinv_{:08}", i + 1), format!("in_Demo{:016}", i + 1),
                    format!("qcus_{:08}", i + 1), format!("qsub_{:08}", i + 1), invoice_status(status).as_str(),
                    amount, paid.then(|| rfc3339(created)), rfc3339(created)],
        )?;
    }
    for j in 0..DEMO_IOS_SUBSCRIPTIONS {
        let status = IOS_STATUSES[j % IOS_STATUSES.len()];
        let user = match j {
            0 => Some(format!("usr_demo_{DEMO_BOTH_STORES_ACTIVE:03}")),
            3 => Some(format!("usr_demo_{DEMO_BOTH_STORES_EXPIRED:03}")),
            14 => None,
            _ => Some(format!("usr_ios_{j:03}")),
        };
        // j = 10 is active with auto-renew off: cancelling, access until period end.
        let auto_renew = matches!(
            status,
            IosStatus::Active | IosStatus::BillingGracePeriod | IosStatus::BillingRetry
        ) && j != 10;
        insert_ios(
            &tx,
            DEMO_STRIPE_CUSTOMERS + j,
            j,
            status,
            user,
            auto_renew,
            start + j as i64 * DAY,
        )?;
    }
    tx.commit()
}

fn insert_ios(
    tx: &Connection,
    seq: usize,
    j: usize,
    status: IosStatus,
    user: Option<String>,
    auto_renew: bool,
    at: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO billing_subscription_mirror (seq, id, subscription_source, user_id, original_transaction_id,
             product_id, plan_tier, status, auto_renew, current_period_end, environment, updated_at)
         VALUES (?1, ?2, 'ios', ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'Sandbox', ?10)",
        params![seq as i64 + 1, format!("rmir_{:08}", seq + 1), user, format!("2000000{:09}", 480_000 + j),
                product_for_tier(TIERS[j % 3]).map(|p| p.product_id), TIERS[j % 3], status.as_str(), auto_renew,
                rfc3339(at + 30 * DAY), rfc3339(at)],
    )?;
    if let Some(user) = &user {
        remember_user(tx, user)?;
    }
    Ok(())
}

/// N Stripe customers with one subscription each, and N iOS subscriptions.
fn bulk(conn: &mut Connection, n: usize) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    let start = day0();
    for i in 0..n {
        let created = start + (i as i64 % 365) * DAY;
        let user = format!("usr_bulk_{i:07}");
        insert_customer(
            &tx,
            i,
            &format!("test+billing-bulk-{i:07}@raxx.app"),
            Some(user.clone()),
            created,
        )?;
        let status = STRIPE_STATUSES[i % STRIPE_STATUSES.len()];
        insert_subscription(&tx, i, TIERS[i % 3], status, false, created, Some(&user))?;
    }
    for j in 0..n {
        let status = IOS_STATUSES[j % IOS_STATUSES.len()];
        // Every 50th iOS subscriber is also a Stripe subscriber.
        let user = if j % 50 == 0 {
            format!("usr_bulk_{j:07}")
        } else {
            format!("usr_bulk_ios_{j:07}")
        };
        insert_ios(
            &tx,
            n + j,
            j,
            status,
            Some(user),
            status == IosStatus::Active,
            start + (j as i64 % 365) * DAY,
        )?;
    }
    tx.commit()
}
