//! The combined subscriber view's logic: Stripe subscribers (Queue) and iOS subscribers
//! (Raptor's mirror) as one list of rows with a normalised status, people counted once,
//! the chain to the paywall (mirror drift, access against payment), and the summary,
//! filters, sorting and CSV the admin view needs.

mod chain;
mod chart;
mod csv;
#[cfg(test)]
mod fixtures;
mod flat;
mod fold;
mod merge;
mod parse;
mod query;
mod status;
mod summary;

pub use chain::{ago, mark_chain, Chain, ChainSummary, Differences, Drift};
pub use chart::{stacked_bars, Bar, Chart, Frame, Segment};
pub use csv::{csv_cell, to_csv};
pub use flat::read_page;
pub use fold::fold_case;
pub use merge::{
    ios_rows, is_runbook_test_email, merge, replace_store, stripe_rows, Merged, SubscriberRow,
};
pub use parse::{parse_page, BadRow, Page, PageError};
pub use query::{filter_rows, sort_rows, Flag, SearchCache, Sort, SortKey, SubscriberQuery};
pub use status::{normalise_apple, normalise_stripe, Normalised, Store};
pub use summary::{summarise, Coverage, StoreCounts, Summary};
