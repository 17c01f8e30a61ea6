//! HTTP handlers: the contract's APIs, the webhook receiver, and the sandbox's own
//! control endpoints; with the extractors and middleware they share.

pub mod access;
pub mod admin;
pub mod apple;
pub mod auth;
pub mod error;
pub mod fault_layer;
pub mod lists;
pub mod mirror_sync;
pub mod query;
pub mod queue;
pub mod raptor;
pub mod webhook;
