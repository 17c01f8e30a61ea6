//! Joining the sources into rows: Queue customers to their subscriptions, iOS rows from
//! the mirror, and the flags that need both (one person on both stores).

use std::collections::HashMap;

use super::chain::Chain;
use super::fold::fold_case;
use super::status::{normalise_apple, normalise_stripe, Normalised, Store};
use crate::contract::{Customer, MirrorSubscription, Subscription};

/// One subscription in the combined list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriberRow {
    /// Which store bills this subscription.
    pub store: Store,
    /// The source's row id (Queue subscription id or mirror id): unique per store.
    pub id: String,
    /// Who this is: the Raxx user id when known, else the email (Stripe) or the durable
    /// original_transaction_id (iOS). Joins a person's subscriptions across stores.
    pub person: String,
    /// The billing email of the Queue customer (Stripe rows only; the mirror has none).
    pub email: Option<String>,
    /// The customer's name: free text from the API, always rendered as text.
    pub name: Option<String>,
    /// The Raxx account, when the source knows it.
    pub user_id: Option<String>,
    /// Queue's `plan_tier`; an unknown tier is kept as it is.
    pub plan_tier: String,
    /// The store's own status, as the API gave it.
    pub store_status: String,
    /// The store's status mapped to the one scale both stores share.
    pub status: Normalised,
    /// End of the current period (RFC 3339), as the source gave it.
    pub period_end: Option<String>,
    /// Will it renew at period end (`None`: the source does not say).
    pub renews: Option<bool>,
    /// Stripe's customer id (`cus_...`), when the Queue customer was found.
    pub customer_ref: Option<String>,
    /// Stripe's subscription id (`sub_...`).
    pub subscription_ref: Option<String>,
    /// iOS: Apple's `original_transaction_id`, stable across renewals.
    pub transaction_ref: Option<String>,
    /// "test mode" / "LIVE" (Stripe livemode) or the App Store environment.
    pub environment: String,
    /// Test data by the runbook's naming convention, livemode false, or the Sandbox.
    pub is_test: bool,
    /// When the source last changed the row (RFC 3339).
    pub updated_at: String,
    /// This person also has a subscription on the other store.
    pub both_stores: bool,
    /// Access on both stores at once: paying twice.
    pub double_billing: bool,
    /// Stripe rows: the Queue customer `id` (pairs the row with Raptor's mirror).
    pub customer_id: Option<String>,
    /// The chain to the paywall: Raptor's copy of this row and the person's access.
    pub chain: Chain,
}

impl SubscriberRow {
    /// Email, else user id, else the store's id: how the list names the person.
    pub fn display_person(&self) -> &str {
        self.email
            .as_deref()
            .filter(|e| !e.is_empty())
            .or(self.user_id.as_deref())
            .or(self.transaction_ref.as_deref())
            .unwrap_or(&self.id)
    }
}

/// The runbook's convention for test customers: `test+billing-<...>@raxx.app`.
pub fn is_runbook_test_email(email: &str) -> bool {
    email.to_ascii_lowercase().starts_with("test+billing")
}

/// Rows, and what could not be joined.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// One row per subscription: Stripe's first, then the App Store's.
    pub rows: Vec<SubscriberRow>,
    /// Queue subscriptions whose customer_id names no customer (shown, with no email).
    pub orphan_subscriptions: usize,
}

/// Both sources at once (see [`stripe_rows`], [`ios_rows`] and [`replace_store`]): Queue's
/// customers joined to their subscriptions, then Raptor's iOS rows, with people on both
/// stores flagged.
///
/// A person is keyed by their Raxx `user_id` when a source knows it, so one account with a
/// Stripe and an iOS subscription gives two rows but one person:
///
/// ```
/// use serde_json::json;
/// use testkit_core::contract::{Customer, MirrorSubscription, Subscription};
/// use testkit_core::subscribers::{merge, summarise, Normalised, Store};
///
/// // Queue: account u_1 pays for Pro on the web.
/// let customers: Vec<Customer> = serde_json::from_value(json!([{
///     "id": "qcus_1", "stripe_customer_id": "cus_1", "user_id": "u_1",
///     "billing_email": "pat@example.com", "name": "Pat", "livemode": false,
///     "created_at": "2026-06-01T00:00:00Z"
/// }])).unwrap();
/// let subscriptions: Vec<Subscription> = serde_json::from_value(json!([{
///     "id": "qsub_1", "stripe_subscription_id": "sub_1", "customer_id": "qcus_1",
///     "plan_tier": "pro", "status": "active", "cancel_at_period_end": false,
///     "current_period_end": "2026-07-01T00:00:00Z", "trial_end": null,
///     "created_at": "2026-06-01T00:00:00Z", "updated_at": "2026-06-01T00:00:00Z"
/// }])).unwrap();
/// // Raptor's mirror: the same account also subscribes on iOS.
/// let ios: Vec<MirrorSubscription> = serde_json::from_value(json!([{
///     "id": "rmir_1", "subscription_source": "ios", "user_id": "u_1",
///     "original_transaction_id": "2000000123", "queue_customer_id": null,
///     "product_id": "com.raxx.pro.monthly", "plan_tier": "pro", "status": "active",
///     "auto_renew": true, "current_period_end": "2026-06-24T00:00:00Z",
///     "environment": "Sandbox", "updated_at": "2026-06-17T12:00:00Z"
/// }])).unwrap();
///
/// let merged = merge(&customers, &subscriptions, &ios);
/// assert_eq!(merged.orphan_subscriptions, 0);
/// let stores: Vec<Store> = merged.rows.iter().map(|r| r.store).collect();
/// assert_eq!(stores, [Store::Stripe, Store::AppStore]);
/// assert!(merged.rows.iter().all(|r| r.status == Normalised::Active));
///
/// // One person, flagged: access on both stores means paying twice.
/// assert_eq!(merged.rows[0].person, merged.rows[1].person);
/// assert!(merged.rows.iter().all(|r| r.both_stores && r.double_billing));
/// let summary = summarise(&merged.rows, &[0, 1]);
/// assert_eq!((summary.subscriptions, summary.people), (2, 1));
/// ```
pub fn merge(
    customers: &[Customer],
    subscriptions: &[Subscription],
    ios: &[MirrorSubscription],
) -> Merged {
    let mut merged = stripe_rows(customers, subscriptions);
    replace_store(&mut merged.rows, Store::AppStore, ios_rows(ios));
    merged
}

/// Swaps one store's rows for `fresh` and re-marks people on both stores: a reload of one
/// source keeps the other's rows (and the raw API data need not be kept).
pub fn replace_store(rows: &mut Vec<SubscriberRow>, store: Store, fresh: Vec<SubscriberRow>) {
    rows.retain(|r| r.store != store);
    rows.extend(fresh);
    flag_both_stores(rows);
}

/// Queue's subscriptions joined to their customers.
pub fn stripe_rows(customers: &[Customer], subscriptions: &[Subscription]) -> Merged {
    let by_id: HashMap<&str, &Customer> = customers.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut merged = Merged::default();
    for s in subscriptions {
        let customer = by_id.get(s.customer_id.as_str()).copied();
        if customer.is_none() {
            merged.orphan_subscriptions += 1;
        }
        let email = customer
            .map(|c| c.billing_email.clone())
            .filter(|e| !e.is_empty());
        let user_id = customer.and_then(|c| c.user_id.clone());
        let livemode = customer.is_some_and(|c| c.livemode);
        let person = match (&user_id, &email) {
            (Some(u), _) => format!("user:{u}"),
            (None, Some(e)) => format!("email:{}", fold_case(e)),
            (None, None) => format!("stripe:{}", s.customer_id),
        };
        let status = normalise_stripe(&s.status, s.cancel_at_period_end);
        let customer_ref = customer.map(|c| c.stripe_customer_id.clone());
        merged.rows.push(SubscriberRow {
            store: Store::Stripe,
            id: s.id.clone(),
            person,
            is_test: !livemode || email.as_deref().is_some_and(is_runbook_test_email),
            email,
            name: customer.and_then(|c| c.name.clone()),
            user_id,
            plan_tier: s.plan_tier.clone(),
            store_status: s.status.clone(),
            status,
            period_end: s.current_period_end.clone(),
            renews: Some(!s.cancel_at_period_end && !matches!(status, Normalised::Ended)),
            customer_ref,
            subscription_ref: Some(s.stripe_subscription_id.clone()),
            transaction_ref: None,
            environment: if livemode {
                "LIVE".into()
            } else {
                "test mode".into()
            },
            updated_at: s.updated_at.clone(),
            both_stores: false,
            double_billing: false,
            customer_id: Some(s.customer_id.clone()),
            chain: Chain::default(),
        });
    }
    flag_both_stores(&mut merged.rows);
    merged
}

/// Raptor's iOS mirror rows.
pub fn ios_rows(ios: &[MirrorSubscription]) -> Vec<SubscriberRow> {
    let mut rows = Vec::with_capacity(ios.len());
    for m in ios {
        let person = match (&m.user_id, &m.original_transaction_id) {
            (Some(u), _) => format!("user:{u}"),
            (None, Some(t)) => format!("ios:{t}"),
            (None, None) => format!("mirror:{}", m.id),
        };
        let environment = m.environment.clone().unwrap_or_else(|| "unknown".into());
        rows.push(SubscriberRow {
            store: Store::AppStore,
            id: m.id.clone(),
            person,
            email: None,
            name: None,
            user_id: m.user_id.clone(),
            plan_tier: m.plan_tier.clone(),
            store_status: m.status.clone(),
            status: normalise_apple(&m.status, m.auto_renew),
            period_end: m.current_period_end.clone(),
            renews: m.auto_renew,
            customer_ref: None,
            subscription_ref: None,
            transaction_ref: m.original_transaction_id.clone(),
            is_test: environment.eq_ignore_ascii_case("sandbox"),
            environment,
            updated_at: m.updated_at.clone(),
            both_stores: false,
            double_billing: false,
            customer_id: None,
            chain: Chain::default(),
        });
    }
    rows
}

/// Marks people with subscriptions on both stores, and those with access on both.
fn flag_both_stores(rows: &mut [SubscriberRow]) {
    // Per person: on Stripe, on the App Store, access on Stripe, access on the App Store.
    let mut stores: HashMap<&str, [bool; 4]> = HashMap::with_capacity(rows.len());
    for row in rows.iter() {
        let entry = stores.entry(row.person.as_str()).or_default();
        let store = usize::from(row.store == Store::AppStore);
        entry[store] = true;
        entry[2 + store] |= row.status.has_access();
    }
    // Each row's flags by position: the map borrows the rows' person ids, so the rows are
    // marked after it is gone (copying the ids into sets of their own cost more).
    let flags: Vec<(bool, bool)> = rows
        .iter()
        .map(|row| {
            let s = stores[row.person.as_str()];
            (s[0] && s[1], s[2] && s[3] && row.status.has_access())
        })
        .collect();
    drop(stores);
    for (row, (both, double)) in rows.iter_mut().zip(flags) {
        row.both_stores = both;
        row.double_billing = double;
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{customer, ios, sub};
    use super::*;

    #[test]
    fn joins_customers_to_subscriptions() {
        let merged = merge(
            &[customer("c1", "Test+Billing-20260601@raxx.app", Some("u1"))],
            &[sub("s1", "c1", "active"), sub("s2", "c9", "past_due")],
            &[],
        );
        assert_eq!(merged.rows.len(), 2);
        assert_eq!(merged.orphan_subscriptions, 1);
        let r = &merged.rows[0];
        assert_eq!(
            (r.email.as_deref(), r.user_id.as_deref(), r.person.as_str()),
            (
                Some("Test+Billing-20260601@raxx.app"),
                Some("u1"),
                "user:u1"
            )
        );
        assert_eq!(r.customer_ref.as_deref(), Some("cus_c1"));
        assert!(r.is_test);
        assert_eq!(merged.rows[1].display_person(), "s2");
    }

    #[test]
    fn people_are_joined_across_stores_by_user_id() {
        let merged = merge(
            &[
                customer("c1", "a@x.io", Some("u1")),
                customer("c2", "b@x.io", Some("u2")),
            ],
            &[sub("s1", "c1", "active"), sub("s2", "c2", "canceled")],
            &[
                ios("m1", Some("u1"), "active"),
                ios("m2", Some("u2"), "active"),
                ios("m3", None, "active"),
            ],
        );
        let flags: Vec<_> = merged
            .rows
            .iter()
            .map(|r| (r.id.as_str(), r.both_stores, r.double_billing))
            .collect();
        assert_eq!(
            flags,
            [
                ("s1", true, true),
                ("s2", true, false),
                ("m1", true, true),
                ("m2", true, false),
                ("m3", false, false)
            ]
        );
        assert_eq!(merged.rows[4].person, "ios:2000m3");
    }

    #[test]
    fn reloading_one_store_keeps_the_other_and_reflags() {
        let stripe = stripe_rows(
            &[customer("c1", "a@x.io", Some("u1"))],
            &[sub("s1", "c1", "active")],
        );
        let mut rows = stripe.rows;
        replace_store(
            &mut rows,
            Store::AppStore,
            ios_rows(&[ios("m1", Some("u1"), "active")]),
        );
        assert!(rows.iter().all(|r| r.both_stores && r.double_billing));
        replace_store(&mut rows, Store::AppStore, Vec::new());
        assert_eq!(rows.len(), 1);
        assert!(!rows[0].both_stores, "the flag follows the data");
    }

    #[test]
    fn people_without_user_ids_are_keyed_by_email() {
        let merged = merge(
            &[
                customer("c1", "Pat@X.io", None),
                customer("c2", "pat@x.io", None),
            ],
            &[sub("s1", "c1", "active"), sub("s2", "c2", "active")],
            &[],
        );
        assert_eq!(merged.rows[0].person, merged.rows[1].person);
    }

    #[test]
    fn test_data_is_recognised() {
        assert!(is_runbook_test_email(
            "test+billing-dunning-20260617@raxx.app"
        ));
        assert!(!is_runbook_test_email("billing@raxx.app"));
        let mut live = customer("c1", "real@person.io", None);
        live.livemode = true;
        let merged = merge(&[live], &[sub("s1", "c1", "active")], &[]);
        assert!(!merged.rows[0].is_test);
        assert_eq!(merged.rows[0].environment, "LIVE");
        let mut prod = ios("m1", None, "active");
        prod.environment = Some("Production".into());
        assert!(!merge(&[], &[], &[prod]).rows[0].is_test);
    }
}
