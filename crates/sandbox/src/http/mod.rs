//! HTTP handlers: the contract's APIs, the webhook receiver, and the sandbox's own
//! control endpoints.

pub mod admin;
pub mod auth;
pub mod error;
pub mod lists;
pub mod queue;
pub mod raptor;
pub mod webhook;
