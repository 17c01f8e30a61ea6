//! Deterministic data: `demo` (a small set covering every status, both stores, a person
//! on both, an unknown tier) and `bulk:N` (N rows per source, for load tests). Queue's
//! rows and Raptor's are written apart (each service's own database), from one list.

use crate::db::{continue_sequences, Conn, Result};
use crate::params;
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

/// A seeded Stripe customer and its one subscription: Queue's rows and the mirror's both
/// derive from it.
struct StripeRow {
    i: usize,
    email: String,
    user: Option<String>,
    created: i64,
    status: SubscriptionStatus,
    tier: &'static str,
    cancelling: bool,
}

/// A seeded App Store subscription (Raptor's mirror only).
struct IosRow {
    seq: usize,
    j: usize,
    status: IosStatus,
    user: Option<String>,
    auto_renew: bool,
    at: i64,
}

fn rows(seed: Seed) -> (Vec<StripeRow>, Vec<IosRow>) {
    match seed {
        Seed::None => (Vec::new(), Vec::new()),
        Seed::Demo => demo_rows(),
        Seed::Bulk(n) => bulk_rows(n),
    }
}

fn demo_rows() -> (Vec<StripeRow>, Vec<IosRow>) {
    let start = day0();
    let stripe = (0..DEMO_STRIPE_CUSTOMERS)
        .map(|i| {
            let created = start + i as i64 * DAY;
            let date = DateTime::from_unix(created).compact_date();
            StripeRow {
                i,
                email: format!(
                    "test+billing-{}{date}@raxx.app",
                    EMAIL_VARIANTS[i % EMAIL_VARIANTS.len()]
                ),
                // Every ninth customer signed up before accounts were linked: no user id.
                user: (i % 9 != 8).then(|| format!("usr_demo_{i:03}")),
                created,
                status: STRIPE_STATUSES[i % STRIPE_STATUSES.len()],
                tier: if i == DEMO_UNKNOWN_TIER.0 {
                    DEMO_UNKNOWN_TIER.1
                } else {
                    TIERS[i % TIERS.len()]
                },
                cancelling: i == DEMO_CANCELLING,
            }
        })
        .collect();
    let ios = (0..DEMO_IOS_SUBSCRIPTIONS)
        .map(|j| {
            let status = IOS_STATUSES[j % IOS_STATUSES.len()];
            IosRow {
                seq: DEMO_STRIPE_CUSTOMERS + j,
                j,
                status,
                user: match j {
                    0 => Some(format!("usr_demo_{DEMO_BOTH_STORES_ACTIVE:03}")),
                    3 => Some(format!("usr_demo_{DEMO_BOTH_STORES_EXPIRED:03}")),
                    14 => None,
                    _ => Some(format!("usr_ios_{j:03}")),
                },
                // j = 10 is active with auto-renew off: cancelling, access until period end.
                auto_renew: matches!(
                    status,
                    IosStatus::Active | IosStatus::BillingGracePeriod | IosStatus::BillingRetry
                ) && j != 10,
                at: start + j as i64 * DAY,
            }
        })
        .collect();
    (stripe, ios)
}

/// N Stripe customers with one subscription each, and N iOS subscriptions.
fn bulk_rows(n: usize) -> (Vec<StripeRow>, Vec<IosRow>) {
    let start = day0();
    let stripe = (0..n)
        .map(|i| StripeRow {
            i,
            email: format!("test+billing-bulk-{i:07}@raxx.app"),
            user: Some(format!("usr_bulk_{i:07}")),
            created: start + (i as i64 % 365) * DAY,
            status: STRIPE_STATUSES[i % STRIPE_STATUSES.len()],
            tier: TIERS[i % 3],
            cancelling: false,
        })
        .collect();
    let ios = (0..n)
        .map(|j| {
            let status = IOS_STATUSES[j % IOS_STATUSES.len()];
            IosRow {
                seq: n + j,
                j,
                status,
                // Every 50th iOS subscriber is also a Stripe subscriber.
                user: Some(if j % 50 == 0 {
                    format!("usr_bulk_{j:07}")
                } else {
                    format!("usr_bulk_ios_{j:07}")
                }),
                auto_renew: status == IosStatus::Active,
                at: start + (j as i64 % 365) * DAY,
            }
        })
        .collect();
    (stripe, ios)
}

/// Queue's rows of the seed: customers, subscriptions and (demo) invoices.
pub fn load_queue(conn: &mut Conn, seed: Seed) -> Result<()> {
    let (stripe, _) = rows(seed);
    if stripe.is_empty() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for row in &stripe {
        insert_customer(&tx, row)?;
        insert_subscription(&tx, row)?;
        if seed == Seed::Demo {
            insert_invoice(&tx, row)?;
        }
    }
    continue_sequences(
        &tx,
        &[
            "billing_customer",
            "billing_subscription",
            "billing_invoice",
        ],
    )?;
    tx.commit()
}

/// Raptor's rows of the seed: the mirror's Stripe and iOS rows, and the users it knows.
pub fn load_raptor(conn: &mut Conn, seed: Seed) -> Result<()> {
    let (stripe, ios) = rows(seed);
    if stripe.is_empty() && ios.is_empty() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for row in &stripe {
        insert_stripe_mirror(&tx, row)?;
    }
    for row in &ios {
        insert_ios(&tx, row)?;
    }
    continue_sequences(&tx, &["billing_subscription_mirror"])?;
    tx.commit()
}

fn insert_customer(tx: &Conn, r: &StripeRow) -> Result<()> {
    tx.write(
        "INSERT INTO billing_customer (seq, id, stripe_customer_id, user_id, billing_email, name, livemode, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, FALSE, ?7)",
        params![
            r.i as i64 + 1,
            format!("qcus_{:08}", r.i + 1),
            format!("cus_Demo{:016}", r.i + 1),
            r.user,
            r.email,
            format!("Test Customer {}", DateTime::from_unix(r.created).compact_date()),
            rfc3339(r.created)
        ],
    )?;
    Ok(())
}

fn insert_subscription(tx: &Conn, r: &StripeRow) -> Result<()> {
    let period_end = rfc3339(r.created + 30 * DAY);
    let trial_end =
        (r.status == SubscriptionStatus::Trialing).then(|| rfc3339(r.created + 14 * DAY));
    tx.write(
        "INSERT INTO billing_subscription (seq, id, stripe_subscription_id, customer_id, plan_tier, status,
             cancel_at_period_end, current_period_end, trial_end, created_at, updated_at, event_created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
        params![r.i as i64 + 1, format!("qsub_{:08}", r.i + 1), format!("sub_Demo{:016}", r.i + 1),
                format!("qcus_{:08}", r.i + 1), r.tier, r.status.as_str(), r.cancelling, period_end,
                trial_end, rfc3339(r.created), r.created],
    )?;
    Ok(())
}

fn insert_invoice(tx: &Conn, r: &StripeRow) -> Result<()> {
    let amount = testkit_core::plans::plan_for_tier(r.tier).map_or(9900, |p| p.amount);
    let status = invoice_status(r.status);
    let paid = status == InvoiceStatus::Paid;
    tx.write(
        "INSERT INTO billing_invoice (seq, id, stripe_invoice_id, customer_id, subscription_id, status,
             amount_due, currency, paid_at, created_at, stripe_subscription_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'usd', ?8, ?9, ?10)",
        params![r.i as i64 + 1, format!("qinv_{:08}", r.i + 1), format!("in_Demo{:016}", r.i + 1),
                format!("qcus_{:08}", r.i + 1), format!("qsub_{:08}", r.i + 1), status.as_str(),
                amount, paid.then(|| rfc3339(r.created)), rfc3339(r.created),
                format!("sub_Demo{:016}", r.i + 1)],
    )?;
    Ok(())
}

/// The mirror's row of a seeded Stripe subscription, as Queue's fan-out would have left it.
fn insert_stripe_mirror(tx: &Conn, r: &StripeRow) -> Result<()> {
    let renews = r.status.renews(r.cancelling);
    tx.write(
        "INSERT INTO billing_subscription_mirror (seq, id, subscription_source, user_id, queue_customer_id,
             queue_subscription_id, plan_tier, status, auto_renew, current_period_end, updated_at, created_at)
         VALUES (?1, ?2, 'stripe', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![r.i as i64 + 1, format!("rmir_{:08}", r.i + 1), r.user, format!("qcus_{:08}", r.i + 1),
                format!("qsub_{:08}", r.i + 1), r.tier, r.status.as_str(), renews,
                rfc3339(r.created + 30 * DAY), rfc3339(r.created)],
    )?;
    if let Some(user) = &r.user {
        remember_user(tx, user)?;
    }
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

fn insert_ios(tx: &Conn, r: &IosRow) -> Result<()> {
    tx.write(
        "INSERT INTO billing_subscription_mirror (seq, id, subscription_source, user_id, original_transaction_id,
             product_id, plan_tier, status, auto_renew, current_period_end, environment, updated_at, created_at)
         VALUES (?1, ?2, 'ios', ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'Sandbox', ?10, ?10)",
        params![r.seq as i64 + 1, format!("rmir_{:08}", r.seq + 1), r.user, format!("2000000{:09}", 480_000 + r.j),
                product_for_tier(TIERS[r.j % 3]).map(|p| p.product_id), TIERS[r.j % 3], r.status.as_str(),
                r.auto_renew, rfc3339(r.at + 30 * DAY), rfc3339(r.at)],
    )?;
    if let Some(user) = &r.user {
        remember_user(tx, user)?;
    }
    Ok(())
}
