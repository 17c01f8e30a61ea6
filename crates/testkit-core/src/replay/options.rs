//! What a stream is generated with: the API version its events are shaped for, and the
//! run's tag that keeps its ids and emails apart from every other run's.

/// splitmix64's finaliser: a bijection that gives nearby numbers (successive runs,
/// seeds 6 and 7) unrelated values.
pub(super) fn mix(number: u64) -> u64 {
    let mut z = number.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub use crate::events::ApiVersion;

/// A run's tag: eight lower-case letters and digits, in every id and email of the run, so
/// that runs against one Queue never share an event id or a customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunTag(String);

impl RunTag {
    /// The tag a number gives (the runner passes something that differs between runs,
    /// such as the time and process id; the same number gives the same tag).
    pub fn from_number(number: u64) -> RunTag {
        const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
        let mut rest = mix(number);
        let tag = (0..8)
            .map(|_| {
                let digit = DIGITS[(rest % 36) as usize] as char;
                rest /= 36;
                digit
            })
            .collect();
        RunTag(tag)
    }

    /// The tag's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What [`stream`](super::stream) is generated with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamOptions {
    /// The shapes of the events.
    pub api_version: ApiVersion,
    /// The run's tag, in every id and email.
    pub run: RunTag,
}
