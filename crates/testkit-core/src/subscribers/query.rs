//! Search, filters and sorting over the combined rows, as index lists: the rows stay in
//! one place, and a keystroke costs one pass over precomputed lower-case text.

use std::cmp::Ordering;

use memchr::memmem::Finder;

use super::fold::{fold_case, fold_into};
use super::merge::SubscriberRow;
use super::status::{Normalised, Store};

crate::text_enum! {
    /// A row's flags, as filters.
    pub enum Flag {
        /// Subscriptions on both stores.
        BothStores = "both-stores",
        /// Access on both stores at once.
        DoubleBilling = "double-billing",
        /// Test data (runbook naming, livemode false, Sandbox).
        Test = "test",
        /// Stripe subscriptions whose mirror row is missing or differs.
        Drift = "drift",
        /// People the paywall lets in though nothing they pay for grants access.
        AccessWithoutPayment = "access-without-payment",
        /// People who pay and whom the paywall refuses.
        PaymentWithoutAccess = "payment-without-access",
    }
}

impl Flag {
    /// The filter's label.
    pub fn label(self) -> &'static str {
        match self {
            Flag::BothStores => "On both stores",
            Flag::DoubleBilling => "Double billing risk",
            Flag::Test => "Test data",
            Flag::Drift => "Mirror drift",
            Flag::AccessWithoutPayment => "Access without payment",
            Flag::PaymentWithoutAccess => "Payment without access",
        }
    }

    fn matches(self, row: &SubscriberRow) -> bool {
        match self {
            Flag::BothStores => row.both_stores,
            Flag::DoubleBilling => row.double_billing,
            Flag::Test => row.is_test,
            Flag::Drift => row.chain.drift.is_drift(),
            Flag::AccessWithoutPayment => row.chain.access_without_payment(),
            Flag::PaymentWithoutAccess => row.chain.payment_without_access(),
        }
    }
}

/// The list's search box and filters; an empty or `None` part matches every row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubscriberQuery {
    /// Search text, matched case-insensitively anywhere in email, user id and store ids.
    pub text: String,
    /// Only rows of this store.
    pub store: Option<Store>,
    /// Only rows with this normalised status.
    pub status: Option<Normalised>,
    /// Only rows of this plan tier (as the source spells it).
    pub tier: Option<String>,
    /// Only rows carrying this flag.
    pub flag: Option<Flag>,
}

impl SubscriberQuery {
    /// The search text as the index holds it (lower case, trimmed).
    fn needle(&self) -> String {
        fold_case(self.text.trim())
    }

    fn same_filters(&self, other: &SubscriberQuery) -> bool {
        self.store == other.store
            && self.status == other.status
            && self.tier == other.tier
            && self.flag == other.flag
    }

    fn has_filters(&self) -> bool {
        self.store.is_some() || self.status.is_some() || self.tier.is_some() || self.flag.is_some()
    }

    /// Everything but the search text.
    fn matches_filters(&self, row: &SubscriberRow) -> bool {
        self.store.is_none_or(|s| row.store == s)
            && self.status.is_none_or(|s| row.status == s)
            && self.tier.as_deref().is_none_or(|t| row.plan_tier == t)
            && self.flag.is_none_or(|f| f.matches(row))
    }
}

/// What search matches: each row's email, user id and store ids, folded once when the rows
/// arrive and kept in one buffer, so a keystroke scans contiguous memory instead of
/// following a string per row (and folds nothing).
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// Every row's text, each part followed by U+001F, one row after another.
    text: Vec<u8>,
    /// Where each row's text ends in `text` (it starts where the previous row's ends).
    ends: Vec<u32>,
}

impl SearchIndex {
    /// The index of `rows`, by position.
    pub fn new(rows: &[SubscriberRow]) -> SearchIndex {
        let mut text = Vec::with_capacity(rows.len() * 64);
        let mut ends = Vec::with_capacity(rows.len());
        for row in rows {
            let parts = [
                &row.email,
                &row.user_id,
                &row.customer_ref,
                &row.subscription_ref,
                &row.transaction_ref,
            ];
            for part in parts.into_iter().flatten() {
                fold_into(part, &mut text);
                text.push(0x1f);
            }
            ends.push(text.len() as u32);
        }
        SearchIndex { text, ends }
    }

    fn row_text(&self, row: usize) -> &[u8] {
        let start = row.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start as usize..self.ends[row] as usize]
    }

    /// Which rows hold the needle, by position: one pass of the searcher over the buffer,
    /// going on from the next row's start after each match.
    fn scan(&self, finder: &Finder) -> Vec<bool> {
        let mut hits = vec![false; self.ends.len()];
        let length = finder.needle().len();
        let (mut at, mut row) = (0, 0);
        while let Some(found) = finder.find(&self.text[at..]) {
            let start = at + found;
            while self.ends[row] as usize <= start {
                row += 1;
            }
            let end = self.ends[row] as usize;
            // A match running into the next row belongs to neither, and none inside this
            // row starts later (it would run further).
            hits[row] = start + length <= end;
            at = end;
        }
        hits
    }

    /// The positions in `base` (rows in the order shown) matching `query`.
    fn select(
        &self,
        rows: &[SubscriberRow],
        base: &[u32],
        query: &SubscriberQuery,
        needle: &str,
    ) -> Vec<u32> {
        let filters = query.has_filters();
        let mut hits = match finder(needle) {
            Some(finder) => self.scan(&finder),
            None if !filters => return base.to_vec(),
            None => vec![true; rows.len()],
        };
        if filters {
            // In memory order: testing the rows in display order jumps across the whole row
            // table, a cache miss per row.
            for (hit, row) in hits.iter_mut().zip(rows) {
                *hit = *hit && query.matches_filters(row);
            }
        }
        base.iter().copied().filter(|&i| hits[i as usize]).collect()
    }

    /// The positions in `base` whose text holds `needle` (`base` already passes the other
    /// filters): a few candidates are tested one by one, many by one scan of everything.
    fn narrow(&self, base: &[u32], needle: &str) -> Vec<u32> {
        let Some(finder) = finder(needle) else {
            return base.to_vec();
        };
        if base.len() > self.ends.len() / 8 {
            let hits = self.scan(&finder);
            return base.iter().copied().filter(|&i| hits[i as usize]).collect();
        }
        base.iter()
            .copied()
            .filter(|&i| finder.find(self.row_text(i as usize)).is_some())
            .collect()
    }
}

/// One substring searcher per query, reused for every row (building one per row was most
/// of the cost of a keystroke at 100,000 rows).
fn finder(needle: &str) -> Option<Finder<'_>> {
    (!needle.is_empty()).then(|| Finder::new(needle.as_bytes()))
}

/// The positions (in `order`'s order) of the rows matching `query`.
pub fn filter_rows(rows: &[SubscriberRow], order: &[u32], query: &SubscriberQuery) -> Vec<u32> {
    SearchIndex::new(rows).select(rows, order, query, &query.needle())
}

/// The search index of the rows shown, and recent results, so typing costs a pass over
/// the previous matches rather than over every row: when the new search text contains the
/// old one (and the other filters are the same), only the old matches can match.
/// Backspacing finds the earlier result here.
#[derive(Clone, Debug, Default)]
pub struct SearchCache {
    /// The rows version the index was built for.
    indexed: Option<u64>,
    index: SearchIndex,
    /// Identifies the rows and order the entries belong to.
    key: Option<(u64, Sort)>,
    entries: Vec<(SubscriberQuery, String, Vec<u32>)>,
}

const CACHE_ENTRIES: usize = 24;

impl SearchCache {
    /// Same as [`filter_rows`], reusing the index and earlier results for the same `key` (a
    /// rows version and the sort that made `order`).
    pub fn filter(
        &mut self,
        key: (u64, Sort),
        rows: &[SubscriberRow],
        order: &[u32],
        query: &SubscriberQuery,
    ) -> Vec<u32> {
        if self.indexed != Some(key.0) || self.index.ends.len() != rows.len() {
            self.index = SearchIndex::new(rows);
            self.indexed = Some(key.0);
        }
        if self.key != Some(key) {
            self.key = Some(key);
            self.entries.clear();
        }
        let needle = query.needle();
        if let Some((_, _, hit)) = self
            .entries
            .iter()
            .find(|(q, n, _)| q.same_filters(query) && *n == needle)
        {
            return hit.clone();
        }
        let narrower = self
            .entries
            .iter()
            .filter(|(q, n, _)| q.same_filters(query) && needle.contains(n.as_str()))
            .min_by_key(|(_, _, positions)| positions.len());
        let result = match narrower {
            Some((_, _, base)) => self.index.narrow(base, &needle),
            None => self.index.select(rows, order, query, &needle),
        };
        if self.entries.len() == CACHE_ENTRIES {
            self.entries.remove(0);
        }
        self.entries.push((query.clone(), needle, result.clone()));
        result
    }
}

crate::text_enum! {
    /// A column the subscriber list can be sorted by; the text is its URL value.
    pub enum SortKey {
        /// `person`.
        Person = "person",
        /// `store`.
        Store = "store",
        /// `tier`.
        Tier = "tier",
        /// `store-status`.
        StoreStatus = "store-status",
        /// `status`.
        Status = "status",
        /// `renews`.
        PeriodEnd = "renews",
        /// `ids`.
        Ids = "ids",
        /// `environment`.
        Environment = "environment",
        /// `updated`.
        Updated = "updated",
    }
}

impl SortKey {
    /// The column heading.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Person => "Person",
            SortKey::Store => "Store",
            SortKey::Tier => "Tier",
            SortKey::StoreStatus => "Store status",
            SortKey::Status => "Status",
            SortKey::PeriodEnd => "Renews / ends",
            SortKey::Ids => "Store ids",
            SortKey::Environment => "Environment",
            SortKey::Updated => "Updated",
        }
    }
}

/// How the list is ordered: a column and a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    /// The column sorted on.
    pub key: SortKey,
    /// Reverse the column's order (Z to A, latest first).
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Sort {
        Sort {
            key: SortKey::Person,
            descending: false,
        }
    }
}

/// The store id a row is sorted by: Stripe's customer, else Apple's transaction.
fn sort_id(row: &SubscriberRow) -> &str {
    row.customer_ref
        .as_deref()
        .or(row.transaction_ref.as_deref())
        .unwrap_or_default()
}

fn compare(a: &SubscriberRow, b: &SubscriberRow, key: SortKey) -> Ordering {
    match key {
        // Compared through keys folded once per row (`sort_rows`).
        SortKey::Person => Ordering::Equal,
        SortKey::Store => a.store.cmp(&b.store),
        SortKey::Tier => a.plan_tier.cmp(&b.plan_tier),
        SortKey::StoreStatus => a.store_status.cmp(&b.store_status),
        SortKey::Status => a.status.cmp(&b.status),
        // RFC 3339 UTC strings sort as times; rows without a date go last.
        SortKey::PeriodEnd => match (&a.period_end, &b.period_end) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        SortKey::Ids => sort_id(a).cmp(sort_id(b)),
        SortKey::Environment => a.environment.cmp(&b.environment),
        SortKey::Updated => a.updated_at.cmp(&b.updated_at),
    }
}

/// Row positions in `sort` order; ties keep store then id order, so the order is stable.
pub fn sort_rows(rows: &[SubscriberRow], sort: Sort) -> Vec<u32> {
    // Each person folded once, not twice per comparison (100,000 rows take 1.7 million).
    let people: Vec<String> = if sort.key == SortKey::Person {
        rows.iter().map(|r| fold_case(r.display_person())).collect()
    } else {
        Vec::new()
    };
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&rows[x as usize], &rows[y as usize]);
        let primary = match people.get(x as usize).zip(people.get(y as usize)) {
            Some((p, q)) => p.cmp(q),
            None => compare(a, b, sort.key),
        };
        let primary = if sort.descending {
            primary.reverse()
        } else {
            primary
        };
        primary
            .then_with(|| a.store.cmp(&b.store))
            .then_with(|| a.id.cmp(&b.id))
    });
    order
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{customer, ios, sub};
    use super::super::merge::merge;
    use super::*;

    fn rows() -> Vec<SubscriberRow> {
        merge(
            &[
                customer("c1", "zed@x.io", Some("u1")),
                customer("c2", "amy@x.io", None),
            ],
            &[sub("s1", "c1", "active"), sub("s2", "c2", "past_due")],
            &[
                ios("m1", Some("u1"), "billing_retry"),
                ios("m2", Some("u9"), "expired"),
            ],
        )
        .rows
    }

    fn ids(rows: &[SubscriberRow], positions: &[u32]) -> Vec<String> {
        positions
            .iter()
            .map(|&i| rows[i as usize].id.clone())
            .collect()
    }

    #[test]
    fn search_matches_email_user_and_store_ids_case_insensitively() {
        let rows = rows();
        let order = sort_rows(&rows, Sort::default());
        let find = |text: &str| {
            ids(
                &rows,
                &filter_rows(
                    &rows,
                    &order,
                    &SubscriberQuery {
                        text: text.into(),
                        ..Default::default()
                    },
                ),
            )
        };
        assert_eq!(find("AMY@"), ["s2"]);
        assert_eq!(find("u1"), ["m1", "s1"]);
        assert_eq!(find("cus_c1"), ["s1"]);
        assert_eq!(find("sub_s2"), ["s2"]);
        assert_eq!(find("2000m2"), ["m2"]);
        assert!(find("nobody").is_empty());
    }

    #[test]
    fn search_folds_accented_and_cyrillic_letters() {
        let rows = merge(
            &[
                customer("c1", "élodie@x.io", None),
                customer("c2", "Дарья@x.io", None),
            ],
            &[sub("s1", "c1", "active"), sub("s2", "c2", "active")],
            &[],
        )
        .rows;
        let order = sort_rows(&rows, Sort::default());
        let find = |text: &str| {
            let query = SubscriberQuery {
                text: text.into(),
                ..Default::default()
            };
            ids(&rows, &filter_rows(&rows, &order, &query))
        };
        assert_eq!(find("ÉLODIE"), ["s1"]);
        assert_eq!(find("дарья@"), ["s2"]);
    }

    #[test]
    fn filters_combine() {
        let rows = rows();
        let order = sort_rows(&rows, Sort::default());
        let q = |query: SubscriberQuery| ids(&rows, &filter_rows(&rows, &order, &query));
        assert_eq!(
            q(SubscriberQuery {
                store: Some(Store::AppStore),
                ..Default::default()
            }),
            ["m1", "m2"]
        );
        assert_eq!(
            q(SubscriberQuery {
                status: Some(Normalised::GracePeriod),
                ..Default::default()
            }),
            ["s2"]
        );
        assert_eq!(
            q(SubscriberQuery {
                flag: Some(Flag::BothStores),
                ..Default::default()
            }),
            ["m1", "s1"]
        );
        assert_eq!(
            q(SubscriberQuery {
                flag: Some(Flag::DoubleBilling),
                ..Default::default()
            }),
            Vec::<String>::new()
        );
        assert_eq!(
            q(SubscriberQuery {
                tier: Some("pro".into()),
                store: Some(Store::Stripe),
                ..Default::default()
            }),
            ["s2", "s1"]
        );
    }

    #[test]
    fn the_cache_gives_the_same_answers_as_a_full_filter() {
        let rows = rows();
        let order = sort_rows(&rows, Sort::default());
        let mut cache = SearchCache::default();
        let key = (1, Sort::default());
        let typed = [
            "", "u", "us", "usr", "u1", "u", "", "x.io", "zed@x.io", "amy", "sub_", "sub_s2",
            "sub_",
        ];
        for text in typed {
            for store in [None, Some(Store::Stripe)] {
                let query = SubscriberQuery {
                    text: text.into(),
                    store,
                    ..Default::default()
                };
                assert_eq!(
                    cache.filter(key, &rows, &order, &query),
                    filter_rows(&rows, &order, &query),
                    "{text:?} {store:?}"
                );
            }
        }
        // A new order (or new rows) must not reuse positions computed for the old one.
        let reversed = sort_rows(
            &rows,
            Sort {
                key: SortKey::Person,
                descending: true,
            },
        );
        let query = SubscriberQuery {
            text: "u1".into(),
            ..Default::default()
        };
        let fresh = cache.filter(
            (
                1,
                Sort {
                    key: SortKey::Person,
                    descending: true,
                },
            ),
            &rows,
            &reversed,
            &query,
        );
        assert_eq!(fresh, filter_rows(&rows, &reversed, &query));
    }

    /// What search matched before the index: each row's own folded text.
    fn row_by_row(rows: &[SubscriberRow], order: &[u32], query: &SubscriberQuery) -> Vec<u32> {
        let needle = query.needle();
        order
            .iter()
            .copied()
            .filter(|&i| {
                let row = &rows[i as usize];
                let mut text = String::new();
                for part in [
                    &row.email,
                    &row.user_id,
                    &row.customer_ref,
                    &row.subscription_ref,
                    &row.transaction_ref,
                ]
                .into_iter()
                .flatten()
                {
                    text.push_str(&fold_case(part));
                    text.push('\u{1f}');
                }
                query.matches_filters(row) && text.contains(&needle)
            })
            .collect()
    }

    #[test]
    fn typing_on_finds_a_text_later_in_the_row_than_the_shorter_text() {
        // "aab" starts inside the first "aa" of "aaab"; "abab" only at the second "ab" of
        // "abab@ab..."; and the text of one row ends where the next row's starts.
        let customers: Vec<_> = ["aaab@x.io", "ab@abab.io", "ba@x.io", "b@x.ioab"]
            .iter()
            .enumerate()
            .map(|(i, email)| customer(&format!("c{i}"), email, None))
            .collect();
        let subs: Vec<_> = (0..4)
            .map(|i| sub(&format!("s{i}"), &format!("c{i}"), "active"))
            .collect();
        let rows = merge(&customers, &subs, &[]).rows;
        let order = sort_rows(&rows, Sort::default());
        let mut cache = SearchCache::default();
        let typed = [
            "a",
            "aa",
            "aab",
            "aab@",
            "aa",
            "a",
            "",
            "ab",
            "aba",
            "abab",
            "abab.",
            "b",
            "ba",
            "bab",
            "o",
            "oa",
            "oab",
            "io",
            "io\u{1f}",
            "io\u{1f}c",
            "io\u{1f}cus_c1",
        ];
        for text in typed {
            let query = SubscriberQuery {
                text: text.into(),
                ..Default::default()
            };
            let expected = row_by_row(&rows, &order, &query);
            assert_eq!(
                cache.filter((1, Sort::default()), &rows, &order, &query),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_index_and_the_cache_match_as_each_row_would() {
        let customers: Vec<_> = (0..60)
            .map(|i| customer(&format!("c{i}"), &format!("P{i}@X{}.io", i % 7), None))
            .collect();
        let subs: Vec<_> = (0..60)
            .map(|i| sub(&format!("s{i}"), &format!("c{i}"), "active"))
            .collect();
        let mirror: Vec<_> = (0..60)
            .map(|i| ios(&format!("m{i}"), (i % 3 == 0).then_some("u1"), "expired"))
            .collect();
        let rows = merge(&customers, &subs, &mirror).rows;
        let order = sort_rows(&rows, Sort::default());
        let mut cache = SearchCache::default();
        // Typing forward (few and many earlier matches), backspacing, a text that runs
        // from one row's end into the next row, and the other filters.
        let typed = [
            "",
            "p",
            "p1",
            "p12",
            "p1",
            "p",
            "",
            "x3",
            "x3.",
            "x3.io",
            "@x",
            "@x3",
            "2000m",
            "2000m4",
            "2000m45",
            "sub_s5",
            "\u{1f}cus",
            "io\u{1f}",
            "\u{1f}p",
            "s5\u{1f}p",
            "u1",
            "",
        ];
        for text in typed {
            for store in [None, Some(Store::AppStore)] {
                let query = SubscriberQuery {
                    text: text.into(),
                    store,
                    ..Default::default()
                };
                let expected = row_by_row(&rows, &order, &query);
                assert_eq!(filter_rows(&rows, &order, &query), expected, "{text:?}");
                assert_eq!(
                    cache.filter((1, Sort::default()), &rows, &order, &query),
                    expected,
                    "{text:?} {store:?}"
                );
            }
        }
        // New rows (a reload) are indexed again.
        let fewer = merge(&customers[..5], &subs[..5], &[]).rows;
        let order = sort_rows(&fewer, Sort::default());
        let query = SubscriberQuery {
            text: "p".into(),
            ..Default::default()
        };
        assert_eq!(
            cache.filter((2, Sort::default()), &fewer, &order, &query),
            row_by_row(&fewer, &order, &query)
        );
    }

    #[test]
    fn sorting_by_any_column_both_ways() {
        let rows = rows();
        let by = |key, descending| ids(&rows, &sort_rows(&rows, Sort { key, descending }));
        assert_eq!(by(SortKey::Person, false), ["s2", "m1", "m2", "s1"]);
        assert_eq!(by(SortKey::Person, true), ["s1", "m2", "m1", "s2"]);
        assert_eq!(by(SortKey::Store, false), ["s1", "s2", "m1", "m2"]);
        assert_eq!(by(SortKey::Status, false), ["s1", "s2", "m1", "m2"]);
        for key in SortKey::ALL {
            assert_eq!(
                sort_rows(
                    &rows,
                    Sort {
                        key,
                        descending: false
                    }
                )
                .len(),
                4
            );
            assert_eq!(key.as_str().parse::<SortKey>().ok(), Some(key));
        }
    }
}
