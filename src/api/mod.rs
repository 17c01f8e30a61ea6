//! HTTP clients: every request the app makes goes through this module.

pub mod apple;
pub mod billing;
pub mod post;
pub mod sandbox;
pub mod webhook;
