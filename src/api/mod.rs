//! HTTP clients: every request the app makes goes through this module.

pub mod billing;
pub mod sandbox;
pub mod webhook;
