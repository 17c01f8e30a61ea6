//! The verifier's cause search: the verdict shows at once (a pass or two over the body
//! per secret), then the costlier variants are re-signed a few at a time, yielding to the
//! event loop between batches so a 1 MB body never freezes the page, and the findings
//! appear as they are found. When none is found, the most common cause and how to read
//! the raw body in each framework are shown (content from testkit-core).

use leptos::prelude::*;
use leptos::task::spawn_local;
use testkit_core::signature::{
    parse_header, CauseSearch, Failure, MismatchHint, MOST_COMMON_CAUSE, RAW_BODY_RECIPES,
};

use crate::browser::clock::{next_task, perf_ms};

/// Work done between two yields to the event loop, in milliseconds: well under the 50 ms
/// of a long task, and small bodies are searched in one go.
const BUDGET_MS: f64 = 25.0;

/// Where the search for the current inputs is.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Search {
    /// Nothing to search (no mismatch).
    #[default]
    Idle,
    /// Searching: the causes found so far, steps done and known.
    Running {
        hints: Vec<MismatchHint>,
        done: usize,
        total: usize,
    },
    /// Every variant tried: the causes found.
    Done(Vec<MismatchHint>),
}

/// The search's state, and the number of the current run (a newer run stops older ones).
#[derive(Clone, Copy)]
pub struct Searcher {
    pub state: RwSignal<Search>,
    run: StoredValue<u64>,
}

impl Searcher {
    pub fn new() -> Searcher {
        Searcher {
            state: RwSignal::new(Search::Idle),
            run: StoredValue::new(0),
        }
    }

    /// Stops any search under way.
    pub fn stop(self) {
        self.run.update_value(|r| *r += 1);
        self.state.set(Search::Idle);
    }

    /// Searches why `header` does not verify `body` with `secrets`, in steps; `quick`
    /// are the causes the verdict's own pass found, shown meanwhile.
    pub fn start(
        self,
        quick: Vec<MismatchHint>,
        header: String,
        body: Vec<u8>,
        secrets: Vec<String>,
    ) {
        self.run.update_value(|r| *r += 1);
        let run = self.run.get_value();
        let current = move || self.run.try_get_value() == Some(run);
        self.state.set(Search::Running {
            hints: quick,
            done: 0,
            total: 0,
        });
        spawn_local(async move {
            // The verdict paints first.
            next_task().await;
            if !current() {
                return;
            }
            // The verdict said mismatch, so the header parses.
            let Ok(parsed) = parse_header(&header) else {
                return;
            };
            let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
            let mut search = CauseSearch::begin(&parsed, &body, &refs);
            loop {
                let started = perf_ms();
                while !search.is_done() && perf_ms() - started < BUDGET_MS {
                    search.step();
                }
                if search.is_done() {
                    break;
                }
                let (done, total) = search.progress();
                self.state.try_set(Search::Running {
                    hints: search.hints().to_vec(),
                    done,
                    total,
                });
                next_task().await;
                if !current() {
                    return;
                }
            }
            if current() {
                self.state.try_set(Search::Done(search.hints().to_vec()));
            }
        });
    }
}

/// A mismatch's explanation and findings as the search has them.
pub fn mismatch_view(failure: Failure, state: RwSignal<Search>) -> AnyView {
    let library = failure.library_message();
    let body = move || {
        let (hints, running) = match state.get() {
            Search::Idle => (Vec::new(), true),
            Search::Running { hints, .. } => (hints, true),
            Search::Done(hints) => (hints, false),
        };
        let explanation = if running && hints.is_empty() {
            "Signature mismatch: no v1 value matches this body with any of the secrets. Looking \
             for a likely cause…"
                .to_string()
        } else {
            Failure::Mismatch(hints.clone()).explanation()
        };
        let findings = hints
            .iter()
            .map(|h| (h.slug(), h.describe()))
            .collect::<Vec<_>>();
        view! {
            <p class="btk-verdict-bad"><strong>"Does not verify. "</strong>{explanation}</p>
            <p class="btk-muted">"Stripe's libraries say: " <q>{library}</q></p>
            {(!findings.is_empty()).then(|| view! {
                <ul class="btk-findings" data-testid="verify-findings">
                    {findings.into_iter().map(|(slug, h)| view! { <li data-hint=slug>{h}</li> }).collect_view()}
                </ul>
            })}
            {(!running && hints.is_empty()).then(raw_bytes_view)}
        }
    };
    let progress = move || match state.get() {
        Search::Running { done, total, .. } if total > 0 => Some(view! {
            <p class="btk-muted" data-testid="verify-searching">
                {format!("Looking for other causes: {done} of {total} variants tried…")}
            </p>
        }),
        _ => None,
    };
    view! { {body} {progress} }.into_any()
}

/// The most common cause, and how to get the raw bytes in each framework.
fn raw_bytes_view() -> impl IntoView {
    view! {
        <div class="btk-raw-bytes" data-testid="verify-raw-bytes">
            <p>{MOST_COMMON_CAUSE}</p>
            <ul>
                {RAW_BODY_RECIPES.iter().map(|r| view! {
                    <li><strong>{r.framework}</strong>": " <code>{r.code}</code>" " {r.note}</li>
                }).collect_view()}
            </ul>
        </div>
    }
}
