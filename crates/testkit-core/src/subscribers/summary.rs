//! The totals, counting people once, and saying which sources they cover.

use std::collections::{BTreeMap, HashSet};

use super::merge::SubscriberRow;
use super::status::{Normalised, Store};

/// Which sources the rows came from, and rows that could not be read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Stripe rows (Queue) were loaded.
    pub stripe: bool,
    /// iOS rows (Raptor's mirror) were loaded.
    pub app_store: bool,
    /// Rows a source sent that broke the contract (not counted).
    pub skipped_stripe: usize,
    /// The App Store rows that broke the contract (not counted).
    pub skipped_app_store: usize,
}

impl Coverage {
    /// Both sources loaded and every row read.
    pub const FULL: Coverage = Coverage {
        stripe: true,
        app_store: true,
        skipped_stripe: 0,
        skipped_app_store: 0,
    };

    /// True when both sources loaded and no row was skipped, so the totals are whole.
    pub fn is_complete(self) -> bool {
        self.stripe && self.app_store && self.skipped_stripe == 0 && self.skipped_app_store == 0
    }

    /// What every total must say when a source is missing or partial: an undercount is
    /// never silent.
    pub fn note(self) -> Option<String> {
        let mut parts = Vec::new();
        match (self.stripe, self.app_store) {
            (true, true) => {}
            (true, false) => parts.push("App Store source failed, counts exclude iOS".to_string()),
            (false, true) => parts.push("Stripe source failed, counts exclude Stripe".to_string()),
            (false, false) => parts.push("both sources failed, nothing is counted".to_string()),
        }
        for (skipped, store) in [
            (self.skipped_stripe, "Stripe"),
            (self.skipped_app_store, "App Store"),
        ] {
            if skipped > 0 {
                let rows = if skipped == 1 { "row" } else { "rows" };
                parts.push(format!("{skipped} malformed {store} {rows} not counted"));
            }
        }
        (!parts.is_empty()).then(|| format!("incomplete: {}", parts.join("; ")))
    }
}

/// Subscriptions counted per store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoreCounts {
    /// On Stripe.
    pub stripe: usize,
    /// On the App Store.
    pub app_store: usize,
}

impl StoreCounts {
    /// Both stores together.
    pub fn total(self) -> usize {
        self.stripe + self.app_store
    }

    /// The count for one store.
    pub fn of(self, store: Store) -> usize {
        match store {
            Store::Stripe => self.stripe,
            Store::AppStore => self.app_store,
        }
    }

    fn add(&mut self, store: Store) {
        match store {
            Store::Stripe => self.stripe += 1,
            Store::AppStore => self.app_store += 1,
        }
    }
}

/// The totals of the rows shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Subscriptions in all.
    pub subscriptions: usize,
    /// On Stripe.
    pub stripe: usize,
    /// On the App Store.
    pub app_store: usize,
    /// Subscriptions by plan tier (unknown tiers as they are), per store.
    pub by_tier: BTreeMap<String, StoreCounts>,
    /// Subscriptions by normalised status, per store.
    pub by_status: BTreeMap<Normalised, StoreCounts>,
    /// Distinct people (one person on both stores counts once).
    pub people: usize,
    /// People with a paid, not expired subscription on any store.
    pub paying_people: usize,
    /// What a Stripe-only view would count as paying subscribers.
    pub stripe_only_paying_people: usize,
    /// People with subscriptions on both stores.
    pub both_stores_people: usize,
    /// People with access on both stores at once: paying twice.
    pub double_billing_people: usize,
    /// Rows that are test data (runbook naming, livemode false, Sandbox).
    pub test_rows: usize,
}

/// Totals of the rows at `positions` (the filtered view), counting each person once.
///
/// ```
/// use serde_json::json;
/// use testkit_core::contract::{Customer, MirrorSubscription, Subscription};
/// use testkit_core::subscribers::{
///     filter_rows, merge, sort_rows, summarise, Normalised, Sort, Store, SubscriberQuery,
/// };
///
/// // Account u_1 pays on Stripe; u_1, u_2 and u_3 have iOS subscriptions.
/// let customers: Vec<Customer> = serde_json::from_value(json!([{
///     "id": "qcus_1", "stripe_customer_id": "cus_1", "user_id": "u_1",
///     "billing_email": "pat@example.com", "name": null, "livemode": false,
///     "created_at": "2026-06-01T00:00:00Z"
/// }])).unwrap();
/// let subscriptions: Vec<Subscription> = serde_json::from_value(json!([{
///     "id": "qsub_1", "stripe_subscription_id": "sub_1", "customer_id": "qcus_1",
///     "plan_tier": "pro", "status": "active", "cancel_at_period_end": false,
///     "current_period_end": null, "trial_end": null,
///     "created_at": "2026-06-01T00:00:00Z", "updated_at": "2026-06-01T00:00:00Z"
/// }])).unwrap();
/// let ios = |id: &str, user: &str, status: &str| -> MirrorSubscription {
///     serde_json::from_value(json!({
///         "id": id, "subscription_source": "ios", "user_id": user,
///         "original_transaction_id": format!("2000{id}"), "queue_customer_id": null,
///         "product_id": "com.raxx.pro.monthly", "plan_tier": "pro", "status": status,
///         "auto_renew": true, "current_period_end": null, "environment": "Sandbox",
///         "updated_at": "2026-06-17T12:00:00Z"
///     })).unwrap()
/// };
/// let mirror = [
///     ios("rmir_1", "u_1", "active"),
///     ios("rmir_2", "u_2", "billing_grace_period"),
///     ios("rmir_3", "u_3", "expired"),
/// ];
/// let rows = merge(&customers, &subscriptions, &mirror).rows;
/// let order = sort_rows(&rows, Sort::default());
///
/// let all = summarise(&rows, &order);
/// assert_eq!((all.subscriptions, all.stripe, all.app_store), (4, 1, 3));
/// assert_eq!(all.people, 3, "u_1 is on both stores and counts once");
/// assert_eq!(all.paying_people, 2, "u_1, and u_2 in its grace period");
/// assert_eq!(all.stripe_only_paying_people, 1, "what a Stripe-only view would say");
/// assert_eq!(all.double_billing_people, 1);
/// assert_eq!(all.by_status[&Normalised::Active].total(), 2);
///
/// // The totals follow the filters: here, the App Store rows only.
/// let ios_only = SubscriberQuery { store: Some(Store::AppStore), ..Default::default() };
/// let shown = filter_rows(&rows, &order, &ios_only);
/// assert_eq!(summarise(&rows, &shown).subscriptions, 3);
/// ```
pub fn summarise(rows: &[SubscriberRow], positions: &[u32]) -> Summary {
    let mut s = Summary::default();
    let mut people = HashSet::with_capacity(positions.len());
    let mut paying = HashSet::new();
    let mut stripe_paying = HashSet::new();
    let mut both = HashSet::new();
    let mut double = HashSet::new();
    for &i in positions {
        let row = &rows[i as usize];
        s.subscriptions += 1;
        match row.store {
            Store::Stripe => s.stripe += 1,
            Store::AppStore => s.app_store += 1,
        }
        // A handful of tiers among 100,000 rows: look up before copying the name.
        match s.by_tier.get_mut(&row.plan_tier) {
            Some(counts) => counts.add(row.store),
            None => s
                .by_tier
                .entry(row.plan_tier.clone())
                .or_default()
                .add(row.store),
        }
        s.by_status.entry(row.status).or_default().add(row.store);
        people.insert(row.person.as_str());
        if row.status.is_paying() {
            paying.insert(row.person.as_str());
            if row.store == Store::Stripe {
                stripe_paying.insert(row.person.as_str());
            }
        }
        if row.both_stores {
            both.insert(row.person.as_str());
        }
        if row.double_billing {
            double.insert(row.person.as_str());
        }
        s.test_rows += usize::from(row.is_test);
    }
    s.people = people.len();
    s.paying_people = paying.len();
    s.stripe_only_paying_people = stripe_paying.len();
    s.both_stores_people = both.len();
    s.double_billing_people = double.len();
    s
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{customer, ios, sub};
    use super::super::merge::merge;
    use super::*;

    #[test]
    fn people_count_once_and_stripe_only_undercounts() {
        let rows = merge(
            &[
                customer("c1", "a@x.io", Some("u1")),
                customer("c2", "b@x.io", Some("u2")),
            ],
            &[sub("s1", "c1", "active"), sub("s2", "c2", "trialing")],
            &[
                ios("m1", Some("u1"), "active"),
                ios("m2", Some("u3"), "billing_grace_period"),
                ios("m3", Some("u4"), "expired"),
            ],
        )
        .rows;
        let all: Vec<u32> = (0..rows.len() as u32).collect();
        let s = summarise(&rows, &all);
        assert_eq!((s.subscriptions, s.stripe, s.app_store), (5, 2, 3));
        assert_eq!(s.people, 4, "u1 holds both stores and counts once");
        assert_eq!(
            s.paying_people, 2,
            "u1 (both) and u3 (grace); trialing and expired do not pay"
        );
        assert_eq!(s.stripe_only_paying_people, 1);
        assert_eq!((s.both_stores_people, s.double_billing_people), (1, 1));
        assert_eq!(
            s.by_status[&Normalised::Active],
            StoreCounts {
                stripe: 1,
                app_store: 1
            }
        );
        assert_eq!(s.by_tier["pro"].total(), 5);
        assert_eq!(s.by_tier["pro"].of(Store::AppStore), 3);
        assert_eq!(s.test_rows, 5);
    }

    #[test]
    fn unknown_tiers_and_statuses_are_counted_as_they_are() {
        let mut odd = sub("s1", "c1", "frozen");
        odd.plan_tier = "enterprise_legacy".into();
        let rows = merge(&[customer("c1", "a@x.io", None)], &[odd], &[]).rows;
        let s = summarise(&rows, &[0]);
        assert_eq!(s.by_tier["enterprise_legacy"].total(), 1);
        assert_eq!(s.by_status[&Normalised::Unknown].stripe, 1);
        assert_eq!(rows[0].store_status, "frozen");
    }

    #[test]
    fn coverage_says_what_is_missing() {
        assert_eq!(Coverage::FULL.note(), None);
        let ios_failed = Coverage {
            app_store: false,
            ..Coverage::FULL
        };
        assert_eq!(
            ios_failed.note().unwrap(),
            "incomplete: App Store source failed, counts exclude iOS"
        );
        assert!(!ios_failed.is_complete());
        let stripe_failed = Coverage {
            stripe: false,
            ..Coverage::FULL
        };
        assert!(stripe_failed.note().unwrap().contains("exclude Stripe"));
        let partial = Coverage {
            skipped_stripe: 1,
            ..Coverage::FULL
        };
        assert_eq!(
            partial.note().unwrap(),
            "incomplete: 1 malformed Stripe row not counted"
        );
        assert!(!partial.is_complete());
    }
}
