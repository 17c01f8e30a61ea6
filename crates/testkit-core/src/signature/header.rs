//! Parsing `Stripe-Signature` exactly as stripe-python does: split on `,`, split each item
//! on `=`, no trimming, the first `t` wins, read with Python's `int()` rules.

use std::fmt;

/// One comma-separated item of the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderItem {
    /// The item as written, spaces included.
    pub raw: String,
    /// Text before the first `=` (the whole item when there is none).
    pub key: String,
    /// Text between the first and a second `=`, if the item has an `=`.
    pub value: Option<String>,
}

/// The signature timestamp as Stripe's library reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timestamp {
    /// Normalised decimal ("+0017" reads as "17"): the text the HMAC is computed over.
    pub text: String,
    /// Its value, saturated to the i128 range.
    pub value: i128,
}

/// A `Stripe-Signature` header as stripe-python reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedHeader {
    /// The first `t` item, read as Python's `int()`.
    pub timestamp: Timestamp,
    /// Values of the `v1` items, in order.
    pub v1: Vec<String>,
    /// Every comma-separated item, in order.
    pub items: Vec<HeaderItem>,
}

/// Why the timestamp and signatures could not be extracted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderError {
    NoTimestamp,
    BadTimestamp(String),
    /// A `t` or `v1` item with no `=`, which stops Stripe's parser.
    ItemWithoutValue(String),
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::NoTimestamp => write!(f, "there is no t=<unix seconds> item"),
            HeaderError::BadTimestamp(t) => write!(f, "t={t:?} is not a whole number of seconds"),
            HeaderError::ItemWithoutValue(item) => {
                write!(f, "the item {item:?} has no '=' and value")
            }
        }
    }
}

fn split_item(raw: &str) -> HeaderItem {
    let mut parts = raw.splitn(3, '=');
    let key = parts.next().unwrap_or_default().to_string();
    HeaderItem {
        raw: raw.to_string(),
        key,
        value: parts.next().map(str::to_string),
    }
}

/// Splits the header into items and reads the timestamp and the v1 values, or says why
/// Stripe's library could not.
pub fn parse_header(header: &str) -> Result<ParsedHeader, HeaderError> {
    let items: Vec<HeaderItem> = header.split(',').map(split_item).collect();
    let value_of = |key: &str| -> Result<Vec<String>, HeaderError> {
        items
            .iter()
            .filter(|i| i.key == key)
            .map(|i| {
                i.value
                    .clone()
                    .ok_or_else(|| HeaderError::ItemWithoutValue(i.raw.clone()))
            })
            .collect()
    };
    let t_values = value_of("t")?;
    let first_t = t_values.first().ok_or(HeaderError::NoTimestamp)?;
    let timestamp =
        parse_python_int(first_t).ok_or_else(|| HeaderError::BadTimestamp(first_t.clone()))?;
    let v1 = value_of(super::SCHEME)?;
    Ok(ParsedHeader {
        timestamp,
        v1,
        items,
    })
}

/// Python's `int(text)`: surrounding whitespace, an optional sign, decimal digits with
/// single underscores between them.
fn parse_python_int(text: &str) -> Option<Timestamp> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c));
    let (negative, digits) = match trimmed.as_bytes().first()? {
        b'-' => (true, &trimmed[1..]),
        b'+' => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let bytes = digits.as_bytes();
    let well_formed = !bytes.is_empty()
        && bytes.first()?.is_ascii_digit()
        && bytes.last()?.is_ascii_digit()
        && bytes.iter().all(|b| b.is_ascii_digit() || *b == b'_')
        && !digits.contains("__");
    if !well_formed {
        return None;
    }
    let plain: String = digits.chars().filter(char::is_ascii_digit).collect();
    let plain = plain.trim_start_matches('0');
    let magnitude = if plain.is_empty() { "0" } else { plain };
    let value = magnitude.bytes().fold(0i128, |acc, d| {
        acc.saturating_mul(10).saturating_add(i128::from(d - b'0'))
    });
    let is_zero = magnitude == "0";
    Some(Timestamp {
        text: if negative && !is_zero {
            format!("-{magnitude}")
        } else {
            magnitude.to_string()
        },
        value: if negative { -value } else { value },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(header: &str) -> Result<(String, Vec<String>), HeaderError> {
        parse_header(header).map(|p| (p.timestamp.text, p.v1))
    }

    #[test]
    fn reads_timestamp_and_every_v1() {
        let (t, v1) = ts("t=1700000000,v1=aa,v0=zz,v1=bb").unwrap();
        assert_eq!(t, "1700000000");
        assert_eq!(v1, vec!["aa", "bb"]);
    }

    #[test]
    fn unknown_schemes_are_ignored() {
        let (_, v1) = ts("t=1,v0=aa,v2=bb,foo=bar").unwrap();
        assert!(v1.is_empty());
    }

    #[test]
    fn spaces_are_not_trimmed_from_keys() {
        // ", v1=..." is the key " v1", which Stripe's libraries do not count.
        let (_, v1) = ts("t=1, v1=aa").unwrap();
        assert!(v1.is_empty());
        assert_eq!(ts(" t=1,v1=aa"), Err(HeaderError::NoTimestamp));
    }

    #[test]
    fn timestamp_follows_python_int() {
        assert_eq!(ts("t= 17 ,v1=a").unwrap().0, "17");
        assert_eq!(ts("t=+0017,v1=a").unwrap().0, "17");
        assert_eq!(ts("t=1_700,v1=a").unwrap().0, "1700");
        assert_eq!(ts("t=-0,v1=a").unwrap().0, "0");
        assert_eq!(ts("t=-5,v1=a").unwrap().0, "-5");
        assert!(matches!(
            ts("t=1__7,v1=a"),
            Err(HeaderError::BadTimestamp(_))
        ));
        assert!(matches!(
            ts("t=_17,v1=a"),
            Err(HeaderError::BadTimestamp(_))
        ));
        assert!(matches!(
            ts("t=17abc,v1=a"),
            Err(HeaderError::BadTimestamp(_))
        ));
        assert!(matches!(ts("t=,v1=a"), Err(HeaderError::BadTimestamp(_))));
        assert!(matches!(
            ts("t=1.5,v1=a"),
            Err(HeaderError::BadTimestamp(_))
        ));
    }

    #[test]
    fn huge_timestamps_saturate_but_keep_their_text() {
        let p = parse_header("t=123456789012345678901234567890123456789012,v1=a").unwrap();
        assert_eq!(
            p.timestamp.text,
            "123456789012345678901234567890123456789012"
        );
        assert_eq!(p.timestamp.value, i128::MAX);
    }

    #[test]
    fn first_timestamp_wins() {
        assert_eq!(ts("t=5,t=9,v1=a").unwrap().0, "5");
    }

    #[test]
    fn missing_pieces_are_errors() {
        assert_eq!(ts("v1=aa"), Err(HeaderError::NoTimestamp));
        assert_eq!(ts(""), Err(HeaderError::NoTimestamp));
        assert_eq!(
            ts("t,v1=aa"),
            Err(HeaderError::ItemWithoutValue("t".into()))
        );
        assert_eq!(
            ts("t=1,v1"),
            Err(HeaderError::ItemWithoutValue("v1".into()))
        );
        assert_eq!(ts("t=1,t"), Err(HeaderError::ItemWithoutValue("t".into())));
    }

    #[test]
    fn a_value_stops_at_a_second_equals_sign() {
        assert_eq!(
            ts("t=1=2,v1=ab=cd").unwrap(),
            ("1".into(), vec!["ab".into()])
        );
    }
}
