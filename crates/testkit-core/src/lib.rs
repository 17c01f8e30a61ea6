//! Pure logic of billing-testkit: card catalog, webhook signing, event templates, clock
//! arithmetic and subscriber merging. No web dependencies, so everything here tests
//! natively.

#![warn(missing_docs)]

pub mod access;
pub mod appstore;
pub mod bytes;
pub mod catalog;
pub mod checklist;
pub mod clock;
pub mod contract;
pub mod decimal;
pub mod endpoints;
pub mod events;
pub mod json_object;
pub mod json_text;
pub mod keys;
pub mod plans;
pub mod replay;
pub mod shell;
pub mod signature;
pub mod stripe;
pub mod subscribers;
pub mod text;
pub mod time;
