//! A quick reader for list pages whose rows are flat objects of strings, booleans and
//! nulls (every row the contract defines): straight from the text into rows, without
//! building a `Value` per row first. Anything else, and any row that breaks the contract,
//! leaves the page to [`parse_page`](super::parse_page), which says exactly what is wrong.

use std::borrow::Cow;

use crate::contract::{FromRow, RowFields};

use super::parse::{parse_page, Page, PageError};

/// A row's value, as the quick reader keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scalar<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A string, borrowed from the page unless it had escapes.
    Text(Cow<'a, str>),
}

/// A flat row's fields in the order written (a key written twice counts as its last value,
/// as in `Value`).
pub struct Fields<'a>(Vec<(&'a str, Scalar<'a>)>);

impl<'a> Fields<'a> {
    fn get(&self, key: &str) -> Result<&Scalar<'a>, String> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
            .ok_or_else(|| format!("missing field `{key}`"))
    }
}

/// Only the quick path's refusal: the page is then read again by `parse_page`, whose
/// message the person sees.
fn other_type(key: &str) -> String {
    format!("`{key}` is of another type")
}

impl RowFields for Fields<'_> {
    fn text(&self, key: &str) -> Result<String, String> {
        match self.get(key)? {
            Scalar::Text(t) => Ok(t.to_string()),
            _ => Err(other_type(key)),
        }
    }

    fn opt_text(&self, key: &str) -> Result<Option<String>, String> {
        match self.get(key)? {
            Scalar::Null => Ok(None),
            Scalar::Text(t) => Ok(Some(t.to_string())),
            Scalar::Bool(_) => Err(other_type(key)),
        }
    }

    fn maybe_text(&self, key: &str) -> Result<Option<String>, String> {
        match self.get(key) {
            Err(_) => Ok(None),
            Ok(_) => self.opt_text(key),
        }
    }

    fn flag(&self, key: &str) -> Result<bool, String> {
        match self.get(key)? {
            Scalar::Bool(b) => Ok(*b),
            _ => Err(other_type(key)),
        }
    }

    fn opt_flag(&self, key: &str) -> Result<Option<bool>, String> {
        match self.get(key)? {
            Scalar::Null => Ok(None),
            Scalar::Bool(b) => Ok(Some(*b)),
            Scalar::Text(_) => Err(other_type(key)),
        }
    }

    /// The quick reader takes no numbers: a row with one is read by `parse_page`.
    fn int(&self, key: &str) -> Result<i64, String> {
        Err(other_type(key))
    }
}

/// Reads a list answer as [`parse_page`] does, the quick way when every row is flat and
/// keeps the contract (at 100,000 rows, building a `Value` per row and then the row from
/// it was most of the reading).
pub fn read_page<T: FromRow>(text: &str) -> Result<Page<T>, PageError> {
    quick_page(text).map_or_else(|| parse_page(text), Ok)
}

fn quick_page<T: FromRow>(text: &str) -> Option<Page<T>> {
    let page = scan_page(text)?;
    let mut rows = Vec::with_capacity(page.rows.len());
    for fields in &page.rows {
        rows.push(T::read(fields).ok()?);
    }
    Some(Page {
        rows,
        has_more: page.has_more,
        bad_rows: Vec::new(),
        bare_array: page.bare_array,
        last_id: page.last_id,
    })
}

/// A page read as far as flat rows (not generic: the bundle holds it once for every row
/// type).
struct FlatPage<'a> {
    rows: Vec<Fields<'a>>,
    has_more: bool,
    bare_array: bool,
    last_id: Option<String>,
}

fn scan_page(text: &str) -> Option<FlatPage<'_>> {
    // Compact JSON, as the services write it, has no control characters but around it:
    // with none inside, strings are scanned for their quote and escapes alone (a raw control
    // character in a string is an error the slow reader reports).
    let inner = text.trim_matches([' ', '\t', '\n', '\r']);
    if inner.bytes().any(|b| b < 0x20) {
        return None;
    }
    let mut scan = Scan { text, at: 0 };
    scan.space();
    let (rows, has_more, bare_array) = if scan.peek() == Some(b'[') {
        (scan.rows()?, false, true)
    } else {
        let (mut data, mut has_more) = (None, false);
        scan.expect(b'{')?;
        scan.members(|scan, key| {
            match key {
                "data" if data.is_none() => data = Some(scan.rows()?),
                "data" => return None,
                key => {
                    let value = scan.scalar()?;
                    if key == "has_more" {
                        has_more = value == Scalar::Bool(true);
                    }
                }
            }
            Some(())
        })?;
        (data?, has_more, false)
    };
    scan.space();
    if scan.at != text.len() {
        return None;
    }
    let last_id = rows.last().and_then(|row| row.text("id").ok());
    Some(FlatPage {
        rows,
        has_more,
        bare_array,
        last_id,
    })
}

/// A position in the page's text. Every method returns `None` for what the quick reader
/// does not take (numbers, nested values, escaped keys) as well as for what is not JSON.
struct Scan<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.space();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    fn word(&mut self, word: &str) -> Option<()> {
        let rest = self.text.as_bytes().get(self.at..)?;
        rest.starts_with(word.as_bytes())
            .then(|| self.at += word.len())
    }

    /// `{` already read: each `"key": value` given to `member`, up to the closing `}`.
    fn members(
        &mut self,
        mut member: impl FnMut(&mut Scan<'a>, &'a str) -> Option<()>,
    ) -> Option<()> {
        self.space();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            self.space();
            let Cow::Borrowed(key) = self.string()? else {
                return None;
            };
            self.expect(b':')?;
            self.space();
            member(self, key)?;
            self.space();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// An array of flat objects.
    fn rows(&mut self) -> Option<Vec<Fields<'a>>> {
        let mut rows = Vec::new();
        self.expect(b'[')?;
        self.space();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(rows);
        }
        loop {
            let mut fields = Vec::with_capacity(16);
            self.expect(b'{')?;
            self.members(|scan, key| {
                fields.push((key, scan.scalar()?));
                Some(())
            })?;
            rows.push(Fields(fields));
            self.space();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(rows);
                }
                _ => return None,
            }
        }
    }

    fn scalar(&mut self) -> Option<Scalar<'a>> {
        match self.peek()? {
            b'"' => self.string().map(Scalar::Text),
            b't' => self.word("true").map(|()| Scalar::Bool(true)),
            b'f' => self.word("false").map(|()| Scalar::Bool(false)),
            b'n' => self.word("null").map(|()| Scalar::Null),
            _ => None,
        }
    }

    /// A string, borrowed when it has no escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        if self.peek()? != b'"' {
            return None;
        }
        self.at += 1;
        let bytes = self.text.as_bytes();
        let mut owned: Option<String> = None;
        let mut plain = self.at;
        loop {
            self.at += memchr::memchr2(b'"', b'\\', bytes.get(self.at..)?)?;
            let before = self.text.get(plain..self.at)?;
            if bytes[self.at] == b'"' {
                self.at += 1;
                return Some(match owned {
                    None => Cow::Borrowed(before),
                    Some(mut text) => {
                        text.push_str(before);
                        Cow::Owned(text)
                    }
                });
            }
            let text = owned.get_or_insert_with(String::new);
            text.push_str(before);
            self.at += 1;
            let escaped = match *bytes.get(self.at)? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    self.at += 1;
                    let first = self.hex()?;
                    // A pair of surrogates is one character; either alone is an error, as
                    // serde_json has it.
                    let code = if (0xD800..0xDC00).contains(&first) {
                        self.word("\\u")?;
                        let second = self.hex()?;
                        if !(0xDC00..0xE000).contains(&second) {
                            return None;
                        }
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    } else {
                        first
                    };
                    // The common step below moves past the escape's last byte.
                    self.at -= 1;
                    char::from_u32(code)?
                }
                _ => return None,
            };
            text.push(escaped);
            self.at += 1;
            plain = self.at;
        }
    }

    /// Four hex digits, read.
    fn hex(&mut self) -> Option<u32> {
        let digits = self.text.as_bytes().get(self.at..self.at + 4)?;
        self.at += 4;
        digits
            .iter()
            .try_fold(0, |code, &b| Some(code * 16 + char::from(b).to_digit(16)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::MirrorSubscription;

    const ROW: &str = r#"{"id":"rmir_1","subscription_source":"ios","user_id":null,"original_transaction_id":"2000","queue_customer_id":null,"product_id":null,"plan_tier":"pro","status":"active","auto_renew":true,"current_period_end":null,"environment":"Sandbox","updated_at":"2026-06-01T00:00:00Z"}"#;

    /// The quick reader either reads a page exactly as `parse_page` does or leaves it.
    fn agrees(text: &str) -> bool {
        let quick = quick_page::<MirrorSubscription>(text);
        let slow = parse_page::<MirrorSubscription>(text);
        match (&quick, &slow) {
            (Some(q), Ok(s)) => assert_eq!(q, s, "{text}"),
            (Some(_), Err(_)) => panic!("quick read what parse_page refuses: {text}"),
            (None, _) => {}
        }
        quick.is_some()
    }

    #[test]
    fn reads_what_the_contract_sends_as_parse_page_does() {
        let two = format!("{ROW},{}", ROW.replace("rmir_1", "rmir_2"));
        for text in [
            format!(r#"{{"object":"list","data":[{two}],"has_more":true}}"#),
            format!(r#"{{"object":"list","data":[{ROW}],"has_more":false}}"#),
            format!("[{two}]"),
            r#"{"object":"list","data":[],"has_more":false}"#.to_string(),
            format!(" \n{{ \"data\" : [ {ROW} ] , \"has_more\" : true }}\r\n"),
            // Escapes, a pair of surrogates, a key written twice.
            format!(
                r#"[{}]"#,
                ROW.replace(
                    r#""status":"active""#,
                    r#""status":"x","status":"a\"b\\c\/\n\u00e9\ud83d\ude00""#
                )
            ),
        ] {
            assert!(agrees(&text), "{text}");
        }
    }

    #[test]
    fn leaves_everything_else_to_parse_page() {
        let page = |row: &str, tail: &str| format!(r#"{{"data":[{row}],"has_more":true}}{tail}"#);
        for text in [
            page(ROW, " x"),
            page(ROW, ","),
            page(&ROW.replace("true", "1"), ""),
            page(
                &ROW.replace(r#""plan_tier":"pro""#, r#""plan_tier":{"a":1}"#),
                "",
            ),
            page(
                &ROW.replace(r#""plan_tier":"pro""#, r#""plan_tier":["pro"]"#),
                "",
            ),
            page(&ROW.replace(r#""status":"active""#, r#""status":42"#), ""),
            page(&ROW.replace(r#""status":"active","#, ""), ""),
            page(&ROW.replace(r#""status":"active""#, r#""status":null"#), ""),
            page(
                &ROW.replace(r#""status":"active""#, r#""st\u0061tus":"active""#),
                "",
            ),
            page(&ROW.replace("active", "act\\ive"), ""),
            page(&ROW.replace("active", "act\\ud800ive"), ""),
            page(&ROW.replace("active", "act\\udc00ive"), ""),
            page(&ROW.replace("active", "act\\u12G4ive"), ""),
            page(&ROW.replace("active", "act\u{1}ive"), ""),
            page(&ROW.replace("active", "act\\u+123ive"), ""),
            page(&ROW.replace("active\"", "active"), ""),
            page("7", ""),
            format!(r#"{{"data":[{ROW}],"data":[],"has_more":true}}"#),
            format!(r#"{{"data":[{ROW}],"has_more":1}}"#),
            format!(r#"{{"data":[{ROW}],"has_more":true"#),
            r#"{"has_more":true}"#.to_string(),
            "<html>502</html>".to_string(),
            String::new(),
        ] {
            assert!(!agrees(&text), "{text}");
        }
    }

    #[test]
    fn agrees_with_parse_page_on_every_cut_and_every_byte_changed() {
        let text = format!(
            r#"{{"object":"list","data":[{ROW},{}],"has_more":true}}"#,
            ROW.replace("rmir_1", "r\\u00e9\\ud83d\\ude00")
        );
        for end in 0..text.len() {
            if let Some(cut) = text.get(..end) {
                agrees(cut);
            }
        }
        for at in 0..text.len() {
            for byte in [b'"', b'\\', b',', b':', b'}', b']', b' ', b'0', b'n', b'u'] {
                let mut bytes = text.clone().into_bytes();
                bytes[at] = byte;
                if let Ok(changed) = String::from_utf8(bytes) {
                    agrees(&changed);
                }
            }
        }
    }
}
