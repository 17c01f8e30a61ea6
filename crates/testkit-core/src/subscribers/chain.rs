//! The chain to the paywall, seen from the subscriber list: does Raptor's mirror hold what
//! Queue holds for each Stripe subscription (drift), and does each person's access (what
//! the paywall answers from the mirror) match what they pay for (Queue's status for Stripe,
//! Apple's for the App Store)?

use std::borrow::Cow;
use std::collections::HashMap;

use super::merge::SubscriberRow;
use super::status::Store;
use crate::access::{grants, Source};
use crate::contract::MirrorSubscription;
use crate::time::parse_rfc3339;

/// What differs between Queue's row and the mirror's copy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Differences {
    /// The status.
    pub status: bool,
    /// The plan tier.
    pub tier: bool,
    /// The current period's end.
    pub period_end: bool,
}

/// How Raptor's copy of a Stripe subscription compares with Queue's row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Drift {
    /// Not compared: an App Store row, or the mirror's Stripe rows are not loaded.
    #[default]
    Unchecked,
    /// The mirror agrees on status, tier and period end.
    InStep,
    /// The mirror has no row for this subscription.
    Missing,
    /// The mirror's row says otherwise.
    Differs(Differences),
    /// The customer has several subscriptions and the mirror's rows do not say which one
    /// they copy (no `queue_subscription_id`), so none is compared rather than guessed.
    Unpaired,
}

impl Drift {
    /// Queue and the mirror disagree.
    pub fn is_drift(self) -> bool {
        matches!(self, Drift::Missing | Drift::Differs(_))
    }

    /// The list's words for it.
    pub fn label(self) -> String {
        match self {
            Drift::Unchecked => "not checked".into(),
            Drift::InStep => "in step".into(),
            Drift::Missing => "mirror row missing".into(),
            Drift::Unpaired => "cannot pair with the mirror".into(),
            Drift::Differs(d) => {
                let what: Vec<&str> = [
                    (d.status, "status"),
                    (d.tier, "tier"),
                    (d.period_end, "period end"),
                ]
                .into_iter()
                .filter_map(|(differs, name)| differs.then_some(name))
                .collect();
                format!("mirror differs: {}", what.join(", "))
            }
        }
    }
}

/// How long ago an RFC 3339 instant was, in the largest whole unit ("12 s ago",
/// "3 min ago", "5 h ago", "2 d ago"); `None` when the text is not an instant. An instant
/// ahead of `now` (clocks of two machines) reads as "just now".
pub fn ago(instant: &str, now: i64) -> Option<String> {
    let secs = (now - parse_rfc3339(instant)?).max(0);
    Some(match secs {
        0 => "just now".into(),
        1..=119 => format!("{secs} s ago"),
        120..=7_199 => format!("{} min ago", secs / 60),
        7_200..=172_799 => format!("{} h ago", secs / 3_600),
        _ => format!("{} d ago", secs / 86_400),
    })
}

/// A row's place in the chain.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chain {
    /// Stripe rows: Queue against the mirror.
    pub drift: Drift,
    /// Stripe rows: when Raptor last wrote its copy (the mirror row's `updated_at`).
    pub mirror_synced_at: Option<String>,
    /// The person's access as the paywall answers it from the mirror; `None` until the
    /// mirror's Stripe rows are loaded (without them the answer would be a guess).
    pub access: Option<bool>,
    /// The person pays: a Stripe subscription grants by Queue's status, or an App Store
    /// one by Apple's.
    pub paid: bool,
}

impl Chain {
    /// The paywall lets the person in while nothing they pay for does.
    pub fn access_without_payment(&self) -> bool {
        self.access == Some(true) && !self.paid
    }

    /// The person pays and the paywall refuses them.
    pub fn payment_without_access(&self) -> bool {
        self.access == Some(false) && self.paid
    }
}

/// The chain's counts for the summary and its alarms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChainSummary {
    /// The mirror's Stripe rows were loaded, so the counts below mean something.
    pub checked: bool,
    /// Stripe subscriptions whose mirror row is missing or differs.
    pub drifted: usize,
    /// Mirror rows of Stripe subscriptions that Queue does not have.
    pub mirror_only: usize,
    /// People the paywall lets in though nothing they pay for grants access.
    pub access_without_payment: usize,
    /// People who pay and whom the paywall refuses.
    pub payment_without_access: usize,
}

/// Marks every row's [`Chain`] from the rows (Queue's Stripe rows, the mirror's App Store
/// rows) and the mirror's Stripe rows (`None`: not loaded), and counts what the summary
/// shows.
pub fn mark_chain(
    rows: &mut [SubscriberRow],
    mirror: Option<&[MirrorSubscription]>,
) -> ChainSummary {
    let Some(mirror) = mirror else {
        let paid = paid_people(rows);
        for (row, paid) in rows.iter_mut().zip(paid) {
            row.chain = Chain {
                paid,
                ..Chain::default()
            };
        }
        return ChainSummary::default();
    };
    let pairs = pair(rows, mirror);
    // Per person: [has access through the mirror, pays].
    let mut people: HashMap<Cow<str>, [bool; 2]> = HashMap::with_capacity(rows.len());
    for (row, paired) in rows.iter().zip(&pairs) {
        let person = people
            .entry(Cow::Borrowed(row.person.as_str()))
            .or_default();
        match row.store {
            Store::Stripe => {
                person[1] |= grants(Source::Stripe, &row.store_status);
                if let Paired::Row(m) = paired {
                    person[0] |= grants(Source::Stripe, &mirror[*m].status);
                }
            }
            Store::AppStore => {
                let granting = grants(Source::Ios, &row.store_status);
                person[0] |= granting;
                person[1] |= granting;
            }
        }
    }
    let mut used = vec![false; mirror.len()];
    for paired in &pairs {
        if let Paired::Row(m) = paired {
            used[*m] = true;
        }
    }
    let mut summary = ChainSummary {
        checked: true,
        ..ChainSummary::default()
    };
    for (m, _) in used.iter().enumerate().filter(|(_, used)| !**used) {
        let row = &mirror[m];
        summary.mirror_only += 1;
        let key = match &row.user_id {
            Some(user) => format!("user:{user}"),
            None => format!("mirror:{}", row.id),
        };
        people.entry(Cow::Owned(key)).or_default()[0] |= grants(Source::Stripe, &row.status);
    }
    for [access, paid] in people.values() {
        summary.access_without_payment += usize::from(*access && !*paid);
        summary.payment_without_access += usize::from(*paid && !*access);
    }
    // Each row's marks by position: the map borrows the rows' person ids.
    let marks: Vec<Chain> = rows
        .iter()
        .zip(&pairs)
        .map(|(row, paired)| {
            let [access, paid] = people[row.person.as_str()];
            let (drift, mirror_synced_at) = match paired {
                Paired::NotStripe => (Drift::Unchecked, None),
                Paired::Missing => (Drift::Missing, None),
                Paired::Ambiguous => (Drift::Unpaired, None),
                Paired::Row(m) => (
                    compare(row, &mirror[*m]),
                    Some(mirror[*m].updated_at.clone()),
                ),
            };
            Chain {
                drift,
                mirror_synced_at,
                access: Some(access),
                paid,
            }
        })
        .collect();
    drop(people);
    for (row, chain) in rows.iter_mut().zip(marks) {
        summary.drifted += usize::from(chain.drift.is_drift());
        row.chain = chain;
    }
    summary
}

/// A row's mirror row.
enum Paired {
    /// An App Store row: it is the mirror's own.
    NotStripe,
    /// The mirror row at this index.
    Row(usize),
    /// No mirror row copies it.
    Missing,
    /// The mirror's rows of this customer do not say which subscription they copy.
    Ambiguous,
}

/// Pairs each Stripe row with the mirror row that copies it: by `queue_subscription_id`
/// when the mirror says it, else by `queue_customer_id` when the customer has one
/// subscription in Queue and one unlabelled mirror row.
fn pair(rows: &[SubscriberRow], mirror: &[MirrorSubscription]) -> Vec<Paired> {
    let mut by_subscription: HashMap<&str, usize> = HashMap::with_capacity(mirror.len());
    let mut by_customer: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, m) in mirror.iter().enumerate() {
        match (&m.queue_subscription_id, &m.queue_customer_id) {
            (Some(sub), _) => {
                by_subscription.insert(sub.as_str(), i);
            }
            (None, Some(customer)) => by_customer.entry(customer.as_str()).or_default().push(i),
            (None, None) => {}
        }
    }
    let mut per_customer: HashMap<&str, usize> = HashMap::new();
    for row in rows.iter().filter(|r| r.store == Store::Stripe) {
        if let Some(customer) = &row.customer_id {
            *per_customer.entry(customer.as_str()).or_default() += 1;
        }
    }
    rows.iter()
        .map(|row| {
            if row.store != Store::Stripe {
                return Paired::NotStripe;
            }
            if let Some(&m) = by_subscription.get(row.id.as_str()) {
                return Paired::Row(m);
            }
            let customer = row.customer_id.as_deref().unwrap_or_default();
            match (
                by_customer.get(customer).map(Vec::as_slice),
                per_customer.get(customer),
            ) {
                (Some(&[m]), Some(1)) => Paired::Row(m),
                (Some(_), _) => Paired::Ambiguous,
                (None, _) => Paired::Missing,
            }
        })
        .collect()
}

/// Queue's row against the mirror's copy. Period ends are compared as instants (the two
/// services may write one instant differently), falling back to the text.
fn compare(row: &SubscriberRow, mirror: &MirrorSubscription) -> Drift {
    fn instant(text: &Option<String>) -> Option<Result<i64, &str>> {
        text.as_deref().map(|t| parse_rfc3339(t).ok_or(t))
    }
    let d = Differences {
        status: row.store_status != mirror.status,
        tier: row.plan_tier != mirror.plan_tier,
        period_end: instant(&row.period_end) != instant(&mirror.current_period_end),
    };
    if d == Differences::default() {
        Drift::InStep
    } else {
        Drift::Differs(d)
    }
}

/// Whether each row's person pays, without the mirror's Stripe rows.
fn paid_people(rows: &[SubscriberRow]) -> Vec<bool> {
    let mut paid: HashMap<&str, bool> = HashMap::with_capacity(rows.len());
    for row in rows {
        let source = match row.store {
            Store::Stripe => Source::Stripe,
            Store::AppStore => Source::Ios,
        };
        *paid.entry(row.person.as_str()).or_default() |= grants(source, &row.store_status);
    }
    rows.iter().map(|r| paid[r.person.as_str()]).collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{customer, ios, mirrored, sub};
    use super::super::merge::merge;
    use super::*;

    fn marked(
        subs: &[crate::contract::Subscription],
        ios_rows: &[MirrorSubscription],
        mirror: Option<&[MirrorSubscription]>,
    ) -> (Vec<SubscriberRow>, ChainSummary) {
        let customers = [
            customer("c1", "a@x.io", Some("u1")),
            customer("c2", "b@x.io", Some("u2")),
        ];
        let mut rows = merge(&customers, subs, ios_rows).rows;
        let summary = mark_chain(&mut rows, mirror);
        (rows, summary)
    }

    #[test]
    fn a_mirror_in_step_is_no_drift_and_access_follows_payment() {
        let (rows, summary) = marked(
            &[sub("s1", "c1", "active")],
            &[],
            Some(&[mirrored("m1", "s1", "c1", "active")]),
        );
        assert_eq!(rows[0].chain.drift, Drift::InStep);
        assert_eq!(rows[0].chain.access, Some(true));
        assert!(rows[0].chain.paid);
        assert_eq!(
            rows[0].chain.mirror_synced_at.as_deref(),
            Some("2026-06-01T00:00:05Z")
        );
        assert_eq!(
            summary,
            ChainSummary {
                checked: true,
                ..ChainSummary::default()
            }
        );
    }

    #[test]
    fn a_canceled_subscription_still_active_in_the_mirror_is_access_without_payment() {
        let (rows, summary) = marked(
            &[sub("s1", "c1", "canceled")],
            &[],
            Some(&[mirrored("m1", "s1", "c1", "active")]),
        );
        let differs = Differences {
            status: true,
            ..Differences::default()
        };
        assert_eq!(rows[0].chain.drift, Drift::Differs(differs));
        assert_eq!(rows[0].chain.drift.label(), "mirror differs: status");
        assert!(rows[0].chain.access_without_payment());
        assert_eq!(
            (
                summary.drifted,
                summary.access_without_payment,
                summary.payment_without_access
            ),
            (1, 1, 0)
        );
    }

    #[test]
    fn a_missing_mirror_row_is_payment_without_access() {
        let (rows, summary) = marked(&[sub("s1", "c1", "active")], &[], Some(&[]));
        assert_eq!(rows[0].chain.drift, Drift::Missing);
        assert!(rows[0].chain.payment_without_access());
        assert_eq!((summary.drifted, summary.payment_without_access), (1, 1));
    }

    #[test]
    fn either_store_granting_keeps_access_and_the_app_store_counts_as_paid() {
        // u1: Stripe canceled (mirror agrees), App Store active: access and payment.
        let (rows, summary) = marked(
            &[sub("s1", "c1", "canceled")],
            &[ios("i1", Some("u1"), "active")],
            Some(&[mirrored("m1", "s1", "c1", "canceled")]),
        );
        assert!(rows
            .iter()
            .all(|r| r.chain.access == Some(true) && r.chain.paid));
        assert_eq!(rows[1].chain.drift, Drift::Unchecked);
        assert_eq!(
            summary.access_without_payment + summary.payment_without_access,
            0
        );
    }

    #[test]
    fn period_end_and_tier_are_compared_and_instants_written_differently_agree() {
        let mut s = sub("s1", "c1", "active");
        s.current_period_end = Some("2026-07-01T00:00:00Z".into());
        let mut m = mirrored("m1", "s1", "c1", "active");
        m.current_period_end = Some("2026-07-01T00:00:00+00:00".into());
        let (rows, _) = marked(&[s.clone()], &[], Some(&[m.clone()]));
        assert_eq!(rows[0].chain.drift, Drift::InStep);
        m.current_period_end = Some("2026-06-01T00:00:00Z".into());
        m.plan_tier = "founders".into();
        let (rows, _) = marked(&[s], &[], Some(&[m]));
        assert_eq!(
            rows[0].chain.drift.label(),
            "mirror differs: tier, period end"
        );
    }

    #[test]
    fn pairs_by_customer_only_when_that_is_unambiguous() {
        let mut m = mirrored("m1", "s1", "c1", "active");
        m.queue_subscription_id = None;
        let (rows, _) = marked(&[sub("s1", "c1", "active")], &[], Some(&[m.clone()]));
        assert_eq!(rows[0].chain.drift, Drift::InStep);
        let (rows, summary) = marked(
            &[sub("s1", "c1", "active"), sub("s2", "c1", "active")],
            &[],
            Some(&[m]),
        );
        assert!(rows.iter().all(|r| r.chain.drift == Drift::Unpaired));
        assert_eq!(summary.drifted, 0);
    }

    #[test]
    fn a_mirror_row_queue_does_not_have_is_counted_and_grants_its_user() {
        let mut m = mirrored("m9", "s9", "c9", "active");
        m.user_id = Some("u7".into());
        let (_, summary) = marked(&[], &[], Some(&[m]));
        assert_eq!(
            (summary.mirror_only, summary.access_without_payment),
            (1, 1)
        );
    }

    #[test]
    fn ages_read_in_the_largest_whole_unit() {
        let at = "2026-06-01T00:00:00Z";
        let t = parse_rfc3339(at).unwrap();
        let cases = [
            (-5, "just now"),
            (0, "just now"),
            (12, "12 s ago"),
            (119, "119 s ago"),
            (120, "2 min ago"),
            (7_199, "119 min ago"),
            (7_200, "2 h ago"),
            (172_800, "2 d ago"),
        ];
        for (later, text) in cases {
            assert_eq!(ago(at, t + later).as_deref(), Some(text), "{later}");
        }
        assert_eq!(ago("yesterday", t), None);
    }

    #[test]
    fn without_the_mirror_access_is_unknown_and_nothing_is_counted() {
        let (rows, summary) = marked(&[sub("s1", "c1", "past_due")], &[], None);
        assert_eq!(rows[0].chain.access, None);
        assert!(rows[0].chain.paid);
        assert_eq!(rows[0].chain.drift, Drift::Unchecked);
        assert!(!rows[0].chain.access_without_payment() && !rows[0].chain.payment_without_access());
        assert_eq!(summary, ChainSummary::default());
    }
}
