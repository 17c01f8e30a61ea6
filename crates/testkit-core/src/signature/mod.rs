//! Stripe webhook signatures: compute `Stripe-Signature`, parse it, and verify it with a
//! precise reason when it does not verify. Parsing and the order of checks mirror
//! stripe-python's `WebhookSignature.verify_header`, so a verdict here is the verdict a
//! receiver using Stripe's library reaches.

mod diagnose;
mod encode;
mod header;
pub(crate) mod hex;
mod raw_body;
mod search;
mod sign;
mod verify;

pub use diagnose::{Bom, LineEnding, MismatchHint, NonAscii, BOM};
pub(crate) use encode::{count_keys, escapes_non_ascii, keys_sorted};
pub use encode::{encode_json, JsonEncoding};
pub use header::{parse_header, HeaderItem, ParsedHeader, Timestamp};
pub use hex::constant_time_eq;
pub use raw_body::{RawBodyRecipe, MOST_COMMON_CAUSE, RAW_BODY_RECIPES};
pub use search::CauseSearch;
pub use sign::{compute_signature, signature_header};
pub use verify::{
    check_signature, describe_age, describe_secs, timestamp_age, verify, verify_quick, Checked,
    Failure, Matched, Valid, Verification,
};

/// Stripe's default tolerance for the signature timestamp's age, in seconds.
pub const DEFAULT_TOLERANCE_SECS: i64 = 300;
/// The only live signature scheme.
pub const SCHEME: &str = "v1";
