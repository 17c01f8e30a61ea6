//! The subscriber view's state: where each source lives, each source's load status, and
//! the merged rows with their chain to the paywall. One failing source never hides the
//! others' rows.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use testkit_core::contract::{Customer, MirrorSubscription, Subscription, QUEUE_BASE, RAPTOR_BASE};
use testkit_core::subscribers::{
    ios_rows, mark_chain, replace_store, stripe_rows, BadRow, ChainSummary, Coverage, Store,
    SubscriberRow,
};

use crate::api::billing::{fetch_all, Abort, Endpoint, FetchError};
use crate::browser::clock::{now_secs, perf_ms};
use crate::browser::origin::service_origin;

#[derive(Clone, Debug, PartialEq)]
pub enum SourceStatus {
    Idle,
    Loading {
        pages: usize,
        rows: usize,
    },
    Loaded {
        rows: usize,
        bad: Vec<BadRow>,
        millis: f64,
        /// Freshness: the newest `updated_at` among the rows (RFC 3339), if any.
        newest: Option<String>,
        /// When the load finished (unix seconds).
        at: i64,
    },
    Failed(FetchError),
}

impl SourceStatus {
    fn skipped(&self) -> usize {
        match self {
            SourceStatus::Loaded { bad, .. } => bad.len(),
            _ => 0,
        }
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, SourceStatus::Loading { .. })
    }
}

#[derive(Clone, Copy)]
pub struct SubscribersState {
    pub queue_base: RwSignal<String>,
    pub raptor_base: RwSignal<String>,
    /// Bearer tokens: in this page's memory only.
    pub queue_token: RwSignal<String>,
    pub raptor_token: RwSignal<String>,
    pub timeout_text: RwSignal<String>,
    /// The person says these sources are production: test data there is an incident.
    pub production: RwSignal<bool>,
    pub stripe: RwSignal<SourceStatus>,
    pub ios: RwSignal<SourceStatus>,
    /// Raptor's copies of the Stripe subscriptions (Queue's fan-out): what the paywall reads.
    pub mirror: RwSignal<SourceStatus>,
    /// The chain's counts (drift, access against payment) over every row.
    pub chain: RwSignal<ChainSummary>,
    pub rows: RwSignal<Arc<Vec<SubscriberRow>>>,
    /// Bumped whenever `rows` is replaced (row positions then mean other rows).
    pub version: RwSignal<u64>,
    pub orphans: RwSignal<usize>,
    /// The mirror's Stripe rows, kept to re-mark the chain when Queue's rows are reloaded.
    mirror_rows: StoredValue<Option<Arc<Vec<MirrorSubscription>>>, LocalStorage>,
    aborts: StoredValue<[Option<Abort>; 3], LocalStorage>,
}

const STRIPE: usize = 0;
const IOS: usize = 1;
const MIRROR: usize = 2;

/// The newest of some RFC 3339 UTC timestamps (in one format, they sort as text).
fn newest<'a>(times: impl Iterator<Item = &'a String>) -> Option<String> {
    times.max().cloned()
}

/// Loading progress is shown at most this often (ms): redrawing the status line for each
/// of 1,500 pages cost a frame apiece on the thread that also reads the pages.
const PROGRESS_EVERY_MS: f64 = 200.0;

/// True when progress was last shown at least [`PROGRESS_EVERY_MS`] ago (`last` then
/// becomes now).
fn progress_due(last: &Cell<f64>) -> bool {
    let now = perf_ms();
    let due = now - last.get() >= PROGRESS_EVERY_MS;
    if due {
        last.set(now);
    }
    due
}

impl SubscribersState {
    pub fn new() -> SubscribersState {
        let origin = service_origin();
        SubscribersState {
            queue_base: RwSignal::new(origin.clone()),
            raptor_base: RwSignal::new(origin),
            queue_token: RwSignal::new(String::new()),
            raptor_token: RwSignal::new(String::new()),
            timeout_text: RwSignal::new("10".into()),
            production: RwSignal::new(false),
            stripe: RwSignal::new(SourceStatus::Idle),
            ios: RwSignal::new(SourceStatus::Idle),
            mirror: RwSignal::new(SourceStatus::Idle),
            chain: RwSignal::new(ChainSummary::default()),
            rows: RwSignal::new(Arc::new(Vec::new())),
            version: RwSignal::new(0),
            orphans: RwSignal::new(0),
            mirror_rows: StoredValue::new_local(None),
            aborts: StoredValue::new_local([None, None, None]),
        }
    }

    pub fn coverage(self) -> Coverage {
        let loaded = |s: &SourceStatus| matches!(s, SourceStatus::Loaded { .. });
        Coverage {
            stripe: self.stripe.with(loaded),
            app_store: self.ios.with(loaded),
            skipped_stripe: self.stripe.with(SourceStatus::skipped),
            skipped_app_store: self.ios.with(SourceStatus::skipped),
        }
    }

    fn timeout_secs(self) -> u32 {
        self.timeout_text.with_untracked(|t| {
            t.trim()
                .parse()
                .ok()
                .filter(|n| (1..=600).contains(n))
                .unwrap_or(10)
        })
    }

    fn endpoint(self, base: RwSignal<String>, token: RwSignal<String>, path: String) -> Endpoint {
        Endpoint {
            base: base.get_untracked(),
            path,
            token: token.get_untracked(),
            timeout_secs: self.timeout_secs(),
        }
    }

    /// Replaces the abort handle of a source (cancelling any load still running).
    fn fresh_abort(self, slot: usize) -> Abort {
        let abort = Abort::new();
        self.aborts.update_value(|a| {
            if let Some(old) = a[slot].replace(abort.clone()) {
                old.cancel();
            }
        });
        abort
    }

    /// True while `abort` is still the one of `slot` (no newer load replaced it).
    fn is_current(self, slot: usize, abort: &Abort) -> bool {
        self.aborts
            .try_with_value(|a| a[slot].as_ref().is_some_and(|current| current.same(abort)))
            == Some(true)
    }

    /// Puts one store's rows in the list. The raw API data is not kept: rows are what the
    /// view needs, and at 100,000 subscriptions the raw data doubled the page's memory.
    fn replace(self, store: Store, fresh: Vec<SubscriberRow>) {
        self.rows.try_update(|rows| {
            let rows = Arc::make_mut(rows);
            replace_store(rows, store, fresh);
            self.mark_chain(rows);
        });
        self.version.try_update(|v| *v += 1);
    }

    /// Marks every row's chain against the mirror's Stripe rows (when loaded).
    fn mark_chain(self, rows: &mut [SubscriberRow]) {
        let summary = self
            .mirror_rows
            .with_value(|m| mark_chain(rows, m.as_deref().map(Vec::as_slice)));
        self.chain.try_set(summary);
    }

    /// The page is going away: stops every load still running (their requests are
    /// aborted, so nothing stays in flight) and lets pending work see it is over.
    pub fn dispose(self) {
        self.cancel();
    }

    /// True once the page that owned this state has unmounted.
    pub fn is_disposed(self) -> bool {
        self.stripe.is_disposed()
    }

    /// Loads every source. The mirror is asked once Stripe's and the App Store's rows are
    /// in: the browser's work per page (2 cores shared with the services) made the three
    /// lists paged at once slower to show the subscribers than the two alone, and the
    /// mirror only marks the chain on rows already shown.
    pub fn load_all(self) {
        let mirror = self.fresh_abort(MIRROR);
        self.mirror.set(SourceStatus::Loading { pages: 0, rows: 0 });
        let primaries = futures::future::join(self.stripe_load(), self.ios_load());
        spawn_local(async move {
            primaries.await;
            // Cancelled while it waited: nothing was asked. (A newer load that replaced
            // it shows its own status.)
            if mirror.aborted() {
                if self.is_current(MIRROR, &mirror) {
                    self.mirror
                        .try_set(SourceStatus::Failed(FetchError::Cancelled));
                }
                return;
            }
            self.mirror_load(mirror).await;
        });
    }

    pub fn cancel(self) {
        self.aborts
            .with_value(|a| a.iter().flatten().for_each(Abort::cancel));
    }

    /// Queue customers and subscriptions, both paged concurrently.
    pub fn load_stripe(self) {
        spawn_local(self.stripe_load());
    }

    fn stripe_load(self) -> impl Future<Output = ()> {
        let abort = self.fresh_abort(STRIPE);
        let customers = self.endpoint(
            self.queue_base,
            self.queue_token,
            format!("{QUEUE_BASE}/customers"),
        );
        let subscriptions = self.endpoint(
            self.queue_base,
            self.queue_token,
            format!("{QUEUE_BASE}/subscriptions"),
        );
        self.stripe.set(SourceStatus::Loading { pages: 0, rows: 0 });
        async move {
            let started = perf_ms();
            let counts = Rc::new([Cell::new((0, 0)), Cell::new((0, 0))]);
            let shown = Rc::new(Cell::new(f64::NEG_INFINITY));
            let report = |stream: usize| {
                let (counts, shown) = (counts.clone(), shown.clone());
                move |pages, rows| {
                    counts[stream].set((pages, rows));
                    if !progress_due(&shown) {
                        return;
                    }
                    let (a, b) = (counts[0].get(), counts[1].get());
                    self.stripe.try_set(SourceStatus::Loading {
                        pages: a.0 + b.0,
                        rows: a.1 + b.1,
                    });
                }
            };
            let both = futures::future::try_join(
                fetch_all::<Customer>(&customers, &abort, report(0)),
                fetch_all::<Subscription>(&subscriptions, &abort, report(1)),
            )
            .await;
            let (fresh, status) = match both {
                Ok(((customers, bad_c), (subscriptions, bad_s))) => {
                    let merged = stripe_rows(&customers, &subscriptions);
                    self.orphans.try_set(merged.orphan_subscriptions);
                    let loaded = SourceStatus::Loaded {
                        rows: subscriptions.len(),
                        bad: [bad_c, bad_s].concat(),
                        millis: perf_ms() - started,
                        newest: newest(subscriptions.iter().map(|s| &s.updated_at)),
                        at: now_secs(),
                    };
                    (merged.rows, loaded)
                }
                Err(err) => {
                    abort.cancel();
                    (Vec::new(), SourceStatus::Failed(err))
                }
            };
            self.replace(Store::Stripe, fresh);
            self.stripe.try_set(status);
        }
    }

    /// Raptor's iOS rows.
    pub fn load_ios(self) {
        spawn_local(self.ios_load());
    }

    fn ios_load(self) -> impl Future<Output = ()> {
        let abort = self.fresh_abort(IOS);
        self.load_raptor("ios", abort, self.ios, move |mirror, status| {
            let fresh = mirror.map(|m| ios_rows(&m)).unwrap_or_default();
            self.replace(Store::AppStore, fresh);
            self.ios.try_set(status);
        })
    }

    /// Raptor's copies of the Stripe subscriptions, for the chain: what the paywall reads.
    pub fn load_mirror(self) {
        spawn_local(self.mirror_load(self.fresh_abort(MIRROR)));
    }

    fn mirror_load(self, abort: Abort) -> impl Future<Output = ()> {
        self.load_raptor("stripe", abort, self.mirror, move |mirror, status| {
            if self.is_disposed() {
                return;
            }
            self.mirror_rows.set_value(mirror.map(Arc::new));
            self.rows
                .try_update(|rows| self.mark_chain(Arc::make_mut(rows).as_mut_slice()));
            // Shown rows are rendered once: a new version draws them with their chain.
            self.version.try_update(|v| *v += 1);
            self.mirror.try_set(status);
        })
    }

    /// Pages Raptor's list of `source` (`ios` or `stripe`) with `abort`, showing progress
    /// in `status`, then hands `done` the rows (`None` when it failed) and the status to
    /// show.
    fn load_raptor(
        self,
        source: &'static str,
        abort: Abort,
        status: RwSignal<SourceStatus>,
        done: impl FnOnce(Option<Vec<MirrorSubscription>>, SourceStatus) + 'static,
    ) -> impl Future<Output = ()> {
        let endpoint = self.endpoint(
            self.raptor_base,
            self.raptor_token,
            format!("{RAPTOR_BASE}/subscriptions?source={source}"),
        );
        status.set(SourceStatus::Loading { pages: 0, rows: 0 });
        async move {
            let started = perf_ms();
            let shown = Cell::new(f64::NEG_INFINITY);
            let progress = move |pages, rows| {
                if progress_due(&shown) {
                    status.try_set(SourceStatus::Loading { pages, rows });
                }
            };
            match fetch_all::<MirrorSubscription>(&endpoint, &abort, progress).await {
                Ok((mirror, bad)) => {
                    let loaded = SourceStatus::Loaded {
                        rows: mirror.len(),
                        bad,
                        millis: perf_ms() - started,
                        newest: newest(mirror.iter().map(|m| &m.updated_at)),
                        at: now_secs(),
                    };
                    done(Some(mirror), loaded);
                }
                Err(err) => done(None, SourceStatus::Failed(err)),
            }
        }
    }
}
