//! Lifecycle replay: a playbook scenario's webhook stream as Stripe would send it, made
//! executable against any receiver without Stripe. Pure and deterministic given its
//! inputs; a runner (the `billing-sandbox replay` command, the page) only does the HTTP
//! and the waiting:
//!
//! 1. [`stream`]: per step, every event in Stripe's shapes (ids `evt_replay_<tag>_<n>`,
//!    `cus_replay_<tag>_<customer>`, `sub_replay_...`, `in_replay_...`, `pi_replay_...`)
//!    and the [`Expectation`] of Queue's rows afterwards, from the scenario's own.
//! 2. [`plan`]: the deliveries of each step, in order or shuffled, with redeliveries.
//!    The runner signs each body when it sends it
//!    ([`signature_header`](crate::signature::signature_header) with `t` = now; the
//!    event's `created` stays the clock's time, as with real test clocks) and keeps a
//!    [`DeliveryRecord`] of each.
//! 3. [`next_reads`] until it is empty: the contract's list reads (with the bearer
//!    token) that check the step; then [`evaluate`] gives the [`StepVerdict`].
//! 4. [`chain_next`] until it is done: Raptor's paywall answer for each customer, asked
//!    again until it agrees with Queue (the mirror is eventually consistent) or a bound
//!    passes; its checks join the verdict and the time it took is the step's lag.
//! 5. [`render_report`]: the run in Markdown.
//!
//! [`cross_store`] (scenario H) adds App Store notifications to a step
//! ([`StepStream::apple`]), sent after its Stripe events, and the App Store grant to the
//! paywall's expected answer.

mod chain;
mod cross;
mod expectation;
mod life;
mod objects;
mod options;
mod plan;
mod reads;
mod report;
mod stream;
mod verdict;

pub use chain::{
    chain_next, chain_wait, ChainNext, ChainResult, ChainWait, CHAIN_POLL_MS, CHAIN_WAIT_MS,
};
pub use cross::{
    cross_store, AppleNotification, ReplayScenario, CROSS_STORE_LETTER, CROSS_STORE_PRODUCT,
    CROSS_STORE_TITLE,
};
pub use expectation::{CustomerExpectation, Expectation};
pub use options::{ApiVersion, RunTag, StreamOptions};
pub use plan::{plan, Delivery, DeliveryOptions, Order, Share};
pub use reads::{next_reads, QueueList, QueueRead, ReadAnswer};
pub use report::{first_failure, render_report, RunInfo, StepOutcome};
pub use stream::{stream, ReplayEvent, StepStream, Stream};
pub use verdict::{evaluate, Checked, DeliveryRecord, FieldCheck, StepVerdict};

#[cfg(test)]
mod tests;
