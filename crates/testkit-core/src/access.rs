//! The paywall's question, answered once: which of a person's subscriptions (Stripe and
//! App Store rows of Raptor's mirror) grant access, at what tier and until when
//! (shared/contract/billing-apis.md, "Raptor: access").
//!
//! The rule is the contract's, read literally: **the status decides**. Stripe `trialing`,
//! `active` (cancelling or not) and `past_due` grant; App Store `active` and
//! `billing_grace_period` grant; every other status, and any status this code does not
//! know, does not. A row's period end is reported as `until` but never overrides its
//! status: Stripe keeps a subscription `active` past `current_period_end` until the
//! renewal invoice settles (and moves a cancelling one to `canceled` itself at the period
//! end), and Apple moves an expired one to `expired`; so an `active` row whose period end
//! is in the past still grants, and the answer does not depend on the current time.

use serde::Serialize;

use crate::plans::PLANS;
use crate::time::rfc3339;

crate::text_enum! {
    /// The store a subscription lives in: the mirror's `subscription_source`.
    pub enum Source {
        /// Stripe, through Queue's fan-out.
        Stripe = "stripe",
        /// The App Store, from Apple's notifications.
        Ios = "ios",
    }
}

/// Stripe statuses that grant access: trialing, active (cancelling or not) and past_due
/// (Stripe's retry window).
pub const STRIPE_GRANTING: [&str; 3] = ["trialing", "active", "past_due"];
/// App Store statuses that grant access.
pub const IOS_GRANTING: [&str; 2] = ["active", "billing_grace_period"];

/// One of a person's subscriptions, as the paywall needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionRow {
    /// Which store.
    pub source: Source,
    /// The row's id (Raptor's mirror id).
    pub id: String,
    /// The store's status as text (`active`, `billing_grace_period`, ...).
    pub status: String,
    /// `pro`, `pro_plus`, `founders`, or an unknown tier kept as it is.
    pub plan_tier: String,
    /// Stripe: `current_period_end`; App Store: the expiry; unix seconds, if known.
    pub period_end: Option<i64>,
    /// Stripe: cancelling at the period end (`None` for App Store rows or when unknown).
    /// It does not change the answer: a cancelling `active` subscription grants until
    /// Stripe itself cancels it.
    pub cancel_at_period_end: Option<bool>,
}

/// A subscription that grants access.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// Which store.
    pub source: Source,
    /// The row's id.
    pub id: String,
    /// Its status (one of the granting ones).
    pub status: String,
    /// Its plan tier.
    pub plan_tier: String,
    /// Its period end (unix seconds), if known.
    pub until: Option<i64>,
}

/// The answer: access with its grants, or none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// Something grants access.
    Granted {
        /// The highest tier among the grants (by [`tier_rank`]; the first of equals).
        plan_tier: String,
        /// The latest known end among the grants; `None` when no grant has one.
        until: Option<i64>,
        /// Every granting subscription, in the order the rows were given; never empty.
        grants: Vec<Grant>,
    },
    /// Nothing grants access (also: no rows at all, a person never seen).
    Denied,
}

/// Whether a subscription of `source` in `status` grants access. Statuses are compared
/// exactly (the stores and the mirror write them in lower case); an unknown one does not.
pub fn grants(source: Source, status: &str) -> bool {
    match source {
        Source::Stripe => STRIPE_GRANTING.contains(&status),
        Source::Ios => IOS_GRANTING.contains(&status),
    }
}

/// A tier's rank for "the highest tier": its place in [`PLANS`] (`pro` 1, `pro_plus` 2,
/// `founders` 3, the order of the App Store products' ranks too); an unknown tier ranks
/// lowest (0).
pub fn tier_rank(tier: &str) -> usize {
    PLANS
        .iter()
        .position(|p| p.tier == tier)
        .map_or(0, |i| i + 1)
}

/// The paywall's answer for one person's rows (both stores, any order).
pub fn decide(rows: &[SubscriptionRow]) -> Access {
    let grants: Vec<Grant> = rows
        .iter()
        .filter(|r| grants(r.source, &r.status))
        .map(|r| Grant {
            source: r.source,
            id: r.id.clone(),
            status: r.status.clone(),
            plan_tier: r.plan_tier.clone(),
            until: r.period_end,
        })
        .collect();
    let Some(first) = grants.first() else {
        return Access::Denied;
    };
    let mut top = first;
    for g in &grants[1..] {
        if tier_rank(&g.plan_tier) > tier_rank(&top.plan_tier) {
            top = g;
        }
    }
    Access::Granted {
        plan_tier: top.plan_tier.clone(),
        until: grants.iter().filter_map(|g| g.until).max(),
        grants,
    }
}

/// One grant in the 200 answer: `{"source", "id", "status", "plan_tier", "until"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GrantBody {
    /// `stripe` or `ios`.
    pub source: Source,
    /// The mirror row's id.
    pub id: String,
    /// The store's status.
    pub status: String,
    /// The plan tier.
    pub plan_tier: String,
    /// RFC 3339, or null when the row has no period end.
    pub until: Option<String>,
}

/// The 200 answer of `GET /access`:
/// `{"user_id", "access": true, "plan_tier", "until", "grants": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccessBody {
    /// The person asked about.
    pub user_id: String,
    /// Always true (no access is a 402 error answer, not this body).
    pub access: bool,
    /// The highest tier granted.
    pub plan_tier: String,
    /// The latest end among the grants (RFC 3339), or null when none has one.
    pub until: Option<String>,
    /// Every granting subscription.
    pub grants: Vec<GrantBody>,
}

impl AccessBody {
    /// The 200 body for `user_id`, or `None` when the answer is [`Access::Denied`] (402).
    pub fn new(user_id: &str, access: &Access) -> Option<AccessBody> {
        let Access::Granted {
            plan_tier,
            until,
            grants,
        } = access
        else {
            return None;
        };
        Some(AccessBody {
            user_id: user_id.to_string(),
            access: true,
            plan_tier: plan_tier.clone(),
            until: until.map(rfc3339),
            grants: grants
                .iter()
                .map(|g| GrantBody {
                    source: g.source,
                    id: g.id.clone(),
                    status: g.status.clone(),
                    plan_tier: g.plan_tier.clone(),
                    until: g.until.map(rfc3339),
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000;
    const DAY: i64 = 86_400;

    fn row(
        source: Source,
        id: &str,
        status: &str,
        tier: &str,
        end: Option<i64>,
    ) -> SubscriptionRow {
        SubscriptionRow {
            source,
            id: id.into(),
            status: status.into(),
            plan_tier: tier.into(),
            period_end: end,
            cancel_at_period_end: (source == Source::Stripe).then_some(false),
        }
    }

    fn stripe(id: &str, status: &str) -> SubscriptionRow {
        row(Source::Stripe, id, status, "pro", Some(NOW + 10 * DAY))
    }

    fn ios(id: &str, status: &str) -> SubscriptionRow {
        row(Source::Ios, id, status, "pro", Some(NOW + 10 * DAY))
    }

    /// (case, rows, expected: None for no access, Some((tier, until, granting ids))).
    type Case = (
        &'static str,
        Vec<SubscriptionRow>,
        Option<(&'static str, Option<i64>, Vec<&'static str>)>,
    );

    #[test]
    fn the_access_table() {
        let end = Some(NOW + 10 * DAY);
        let mut cancelling = stripe("s", "active");
        cancelling.cancel_at_period_end = Some(true);
        let lapsed_active = row(Source::Stripe, "s", "active", "pro", Some(NOW - 3 * DAY));
        let table: Vec<Case> = vec![
            // Stripe, one row per status.
            (
                "stripe trialing",
                vec![stripe("s", "trialing")],
                Some(("pro", end, vec!["s"])),
            ),
            (
                "stripe active",
                vec![stripe("s", "active")],
                Some(("pro", end, vec!["s"])),
            ),
            (
                "stripe active cancelling",
                vec![cancelling],
                Some(("pro", end, vec!["s"])),
            ),
            (
                "stripe active past its period end (status decides)",
                vec![lapsed_active],
                Some(("pro", Some(NOW - 3 * DAY), vec!["s"])),
            ),
            (
                "stripe past_due",
                vec![stripe("s", "past_due")],
                Some(("pro", end, vec!["s"])),
            ),
            ("stripe incomplete", vec![stripe("s", "incomplete")], None),
            (
                "stripe incomplete_expired",
                vec![stripe("s", "incomplete_expired")],
                None,
            ),
            ("stripe unpaid", vec![stripe("s", "unpaid")], None),
            ("stripe canceled", vec![stripe("s", "canceled")], None),
            ("stripe paused", vec![stripe("s", "paused")], None),
            ("stripe unknown status", vec![stripe("s", "on_hold")], None),
            (
                "stripe status in capitals",
                vec![stripe("s", "ACTIVE")],
                None,
            ),
            // App Store, one row per status.
            (
                "ios active",
                vec![ios("i", "active")],
                Some(("pro", end, vec!["i"])),
            ),
            (
                "ios billing_grace_period",
                vec![ios("i", "billing_grace_period")],
                Some(("pro", end, vec!["i"])),
            ),
            ("ios billing_retry", vec![ios("i", "billing_retry")], None),
            ("ios expired", vec![ios("i", "expired")], None),
            ("ios revoked", vec![ios("i", "revoked")], None),
            (
                "ios with a Stripe-only status",
                vec![ios("i", "trialing")],
                None,
            ),
            (
                "stripe with an App Store-only status",
                vec![stripe("s", "billing_grace_period")],
                None,
            ),
            // Both stores.
            (
                "stripe canceled + ios active",
                vec![stripe("s", "canceled"), ios("i", "active")],
                Some(("pro", end, vec!["i"])),
            ),
            (
                "ios expired + stripe active",
                vec![ios("i", "expired"), stripe("s", "active")],
                Some(("pro", end, vec!["s"])),
            ),
            (
                "both ended",
                vec![stripe("s", "canceled"), ios("i", "expired")],
                None,
            ),
            (
                "both granting",
                vec![stripe("s", "past_due"), ios("i", "billing_grace_period")],
                Some(("pro", end, vec!["s", "i"])),
            ),
            // Highest tier and latest until across grants (not from the same row).
            (
                "highest tier, latest until",
                vec![
                    row(Source::Stripe, "s1", "active", "pro", Some(NOW + 40 * DAY)),
                    row(Source::Ios, "i1", "active", "founders", Some(NOW + 5 * DAY)),
                    row(
                        Source::Stripe,
                        "s2",
                        "trialing",
                        "pro_plus",
                        Some(NOW + 20 * DAY),
                    ),
                    row(
                        Source::Stripe,
                        "s3",
                        "canceled",
                        "enterprise",
                        Some(NOW + 90 * DAY),
                    ),
                ],
                Some(("founders", Some(NOW + 40 * DAY), vec!["s1", "i1", "s2"])),
            ),
            (
                "an unknown tier ranks lowest",
                vec![
                    row(Source::Stripe, "s", "active", "enterprise", end),
                    row(Source::Ios, "i", "active", "pro", end),
                ],
                Some(("pro", end, vec!["s", "i"])),
            ),
            (
                "only unknown tiers: the first is kept as it is",
                vec![row(Source::Stripe, "s", "active", "enterprise", end)],
                Some(("enterprise", end, vec!["s"])),
            ),
            (
                "a grant without an end: until is the latest known end",
                vec![
                    row(Source::Stripe, "s", "active", "pro", None),
                    row(Source::Ios, "i", "active", "pro", Some(NOW)),
                ],
                Some(("pro", Some(NOW), vec!["s", "i"])),
            ),
            (
                "no grant has an end",
                vec![row(Source::Stripe, "s", "trialing", "pro", None)],
                Some(("pro", None, vec!["s"])),
            ),
            ("unknown user (no rows)", vec![], None),
        ];
        for (case, rows, expected) in table {
            let got = decide(&rows);
            match (expected, got) {
                (None, Access::Denied) => {}
                (
                    Some((tier, until, ids)),
                    Access::Granted {
                        plan_tier,
                        until: got_until,
                        grants,
                    },
                ) => {
                    assert_eq!(plan_tier, tier, "{case}: tier");
                    assert_eq!(got_until, until, "{case}: until");
                    let got_ids: Vec<&str> = grants.iter().map(|g| g.id.as_str()).collect();
                    assert_eq!(got_ids, ids, "{case}: grants");
                }
                (expected, got) => panic!("{case}: expected {expected:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn every_contract_status_is_decided_as_the_contract_says() {
        for status in ["trialing", "active", "past_due"] {
            assert!(grants(Source::Stripe, status), "stripe {status}");
        }
        for status in [
            "incomplete",
            "incomplete_expired",
            "unpaid",
            "canceled",
            "paused",
        ] {
            assert!(!grants(Source::Stripe, status), "stripe {status}");
        }
        for status in ["active", "billing_grace_period"] {
            assert!(grants(Source::Ios, status), "ios {status}");
        }
        for status in ["billing_retry", "expired", "revoked"] {
            assert!(!grants(Source::Ios, status), "ios {status}");
        }
        // The App Store statuses the core knows are exactly these five.
        for status in crate::contract::IosStatus::ALL {
            let s = status.as_str();
            assert_eq!(grants(Source::Ios, s), IOS_GRANTING.contains(&s), "{s}");
        }
    }

    #[test]
    fn the_subscriber_views_normalised_access_agrees() {
        use crate::subscribers::{normalise_apple, normalise_stripe};
        for status in crate::stripe::SubscriptionStatus::ALL {
            let s = status.as_str();
            for cancelling in [false, true] {
                assert_eq!(
                    grants(Source::Stripe, s),
                    normalise_stripe(s, cancelling).has_access(),
                    "stripe {s} cancelling={cancelling}"
                );
            }
        }
        for status in crate::contract::IosStatus::ALL {
            let s = status.as_str();
            for auto_renew in [None, Some(false), Some(true)] {
                assert_eq!(
                    grants(Source::Ios, s),
                    normalise_apple(s, auto_renew).has_access(),
                    "ios {s} auto_renew={auto_renew:?}"
                );
            }
        }
    }

    #[test]
    fn tiers_rank_as_the_plans_are_listed_and_unknown_lowest() {
        assert!(tier_rank("founders") > tier_rank("pro_plus"));
        assert!(tier_rank("pro_plus") > tier_rank("pro"));
        assert!(tier_rank("pro") > tier_rank("enterprise"));
        assert_eq!(tier_rank(""), 0);
    }

    #[test]
    fn the_body_is_the_contracts_shape() {
        let access = decide(&[
            row(
                Source::Stripe,
                "rmir_1",
                "active",
                "pro",
                Some(1_790_000_000),
            ),
            row(
                Source::Ios,
                "rmir_2",
                "billing_grace_period",
                "pro_plus",
                None,
            ),
        ]);
        let body = AccessBody::new("usr_1", &access).unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({
                "user_id": "usr_1", "access": true, "plan_tier": "pro_plus",
                "until": "2026-09-21T14:13:20Z",
                "grants": [
                    {"source": "stripe", "id": "rmir_1", "status": "active",
                     "plan_tier": "pro", "until": "2026-09-21T14:13:20Z"},
                    {"source": "ios", "id": "rmir_2", "status": "billing_grace_period",
                     "plan_tier": "pro_plus", "until": null},
                ]
            })
        );
        assert_eq!(AccessBody::new("usr_1", &Access::Denied), None);
    }
}
