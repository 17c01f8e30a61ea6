//! HTTP clients: every request the app makes goes through this module.

pub mod abort;
pub mod apple;
pub mod billing;
pub mod post;
pub mod replay;
pub mod sandbox;
pub mod webhook;
