//! billing-testkit's browser app (Leptos 0.8, client-side rendered): thin views over
//! `testkit-core`, mountable as a whole app or as single widgets inside a docs page.

pub mod api;
pub mod app;
pub mod browser;
pub mod components;
pub mod mount;
pub mod pages;
pub mod state;
#[cfg(feature = "single-bundle")]
pub mod whole_app;
