//! Search, filters and sorting over the combined rows, as index lists: the rows stay in
//! one place, and a keystroke costs one pass over precomputed lower-case text.

use std::cmp::Ordering;

use memchr::memmem::Finder;

use super::fold::fold_case;
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
    }
}

impl Flag {
    /// The filter's label.
    pub fn label(self) -> &'static str {
        match self {
            Flag::BothStores => "On both stores",
            Flag::DoubleBilling => "Double billing risk",
            Flag::Test => "Test data",
        }
    }

    fn matches(self, row: &SubscriberRow) -> bool {
        match self {
            Flag::BothStores => row.both_stores,
            Flag::DoubleBilling => row.double_billing,
            Flag::Test => row.is_test,
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
    /// The search text as the haystacks hold it (lower case, trimmed).
    fn needle(&self) -> String {
        fold_case(self.text.trim())
    }

    fn same_filters(&self, other: &SubscriberQuery) -> bool {
        self.store == other.store
            && self.status == other.status
            && self.tier == other.tier
            && self.flag == other.flag
    }

    fn matches(&self, row: &SubscriberRow, finder: Option<&Finder>) -> bool {
        self.store.is_none_or(|s| row.store == s)
            && self.status.is_none_or(|s| row.status == s)
            && self.tier.as_deref().is_none_or(|t| row.plan_tier == t)
            && self.flag.is_none_or(|f| f.matches(row))
            && finder.is_none_or(|f| f.find(row.haystack.as_bytes()).is_some())
    }
}

/// One substring searcher per query, reused for every row (building one per row was most
/// of the cost of a keystroke at 100,000 rows).
fn finder(needle: &str) -> Option<Finder<'_>> {
    (!needle.is_empty()).then(|| Finder::new(needle.as_bytes()))
}

fn filter_positions(
    rows: &[SubscriberRow],
    positions: &[u32],
    query: &SubscriberQuery,
    needle: &str,
) -> Vec<u32> {
    let finder = finder(needle);
    if positions.len() == rows.len() {
        // Every row: test them in memory order (sequential reads), then follow `positions`.
        // Testing in sorted order jumps across the whole row table, a cache miss per row,
        // and that made a keystroke several times slower at 100,000 rows.
        let hits: Vec<bool> = rows
            .iter()
            .map(|row| query.matches(row, finder.as_ref()))
            .collect();
        return positions
            .iter()
            .copied()
            .filter(|&i| hits[i as usize])
            .collect();
    }
    positions
        .iter()
        .copied()
        .filter(|&i| query.matches(&rows[i as usize], finder.as_ref()))
        .collect()
}

/// The positions (in `order`'s order) of the rows matching `query`.
pub fn filter_rows(rows: &[SubscriberRow], order: &[u32], query: &SubscriberQuery) -> Vec<u32> {
    filter_positions(rows, order, query, &query.needle())
}

/// Recent results, so typing costs a pass over the previous matches rather than over
/// every row: when the new search text contains the old one (and the other filters are
/// the same), only the old matches can match. Backspacing finds the earlier result here.
#[derive(Clone, Debug, Default)]
pub struct SearchCache {
    /// Identifies the rows and order the entries belong to.
    key: Option<(u64, Sort)>,
    entries: Vec<(SubscriberQuery, Vec<u32>)>,
}

const CACHE_ENTRIES: usize = 24;

impl SearchCache {
    /// Same as [`filter_rows`], reusing earlier results for the same `key` (a rows
    /// version and the sort that made `order`).
    pub fn filter(
        &mut self,
        key: (u64, Sort),
        rows: &[SubscriberRow],
        order: &[u32],
        query: &SubscriberQuery,
    ) -> Vec<u32> {
        if self.key != Some(key) {
            self.key = Some(key);
            self.entries.clear();
        }
        let needle = query.needle();
        if let Some((_, hit)) = self
            .entries
            .iter()
            .find(|(q, _)| q.same_filters(query) && q.needle() == needle)
        {
            return hit.clone();
        }
        let narrower = self
            .entries
            .iter()
            .filter(|(q, _)| q.same_filters(query) && needle.contains(&q.needle()))
            .min_by_key(|(_, positions)| positions.len());
        let base = narrower.map_or(order, |(_, positions)| positions.as_slice());
        let result = filter_positions(rows, base, query, &needle);
        if self.entries.len() == CACHE_ENTRIES {
            self.entries.remove(0);
        }
        self.entries.push((query.clone(), result.clone()));
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

fn compare(a: &SubscriberRow, b: &SubscriberRow, key: SortKey) -> Ordering {
    let ids = |r: &SubscriberRow| {
        r.customer_ref
            .clone()
            .or(r.transaction_ref.clone())
            .unwrap_or_default()
    };
    match key {
        SortKey::Person => fold_case(a.display_person()).cmp(&fold_case(b.display_person())),
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
        SortKey::Ids => ids(a).cmp(&ids(b)),
        SortKey::Environment => a.environment.cmp(&b.environment),
        SortKey::Updated => a.updated_at.cmp(&b.updated_at),
    }
}

/// Row positions in `sort` order; ties keep store then id order, so the order is stable.
pub fn sort_rows(rows: &[SubscriberRow], sort: Sort) -> Vec<u32> {
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&rows[x as usize], &rows[y as usize]);
        let primary = compare(a, b, sort.key);
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
