//! Case folding for search and for joining people by email, without the Unicode case
//! tables (`str::to_lowercase` adds ~8 KB gzip to the subscriber bundle): ASCII, Latin-1,
//! Latin Extended-A and basic Cyrillic fold exactly as Unicode's lower case mapping does;
//! other characters compare as typed. What is folded is identifiers and email addresses,
//! which are ASCII in practice.

/// `c` in lower case, where this module folds it (see the module's note).
fn fold_char(c: char) -> char {
    let code = c as u32;
    let lower = match code {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x410..=0x42F => code + 0x20,
        0x400..=0x40F => code + 0x50,
        // Latin Extended-A pairs: upper case first (even, then odd from Ĺ to Ň and from Ź
        // to Ž). İ (U+0130) lowers to two characters and is left as typed.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if code & 1 == 0 => code + 1,
        0x139..=0x148 | 0x179..=0x17E if code & 1 == 1 => code + 1,
        0x178 => 0xFF,
        _ => code,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// `text` in lower case for comparing (see the module's note for what folds).
pub fn fold_case(text: &str) -> String {
    // ASCII (all the ids and nearly every email) lowers a byte at a time; decoding and
    // re-encoding each character made sorting 100,000 rows by person several times slower.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().map(fold_char).collect()
}

/// Appends `text` folded as [`fold_case`] does, without a string of its own: the search
/// index folds every row's ids into one buffer.
pub(super) fn fold_into(text: &str, out: &mut Vec<u8>) {
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
    } else {
        for c in text.chars() {
            out.extend_from_slice(fold_char(c).encode_utf8(&mut [0; 4]).as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{fold_case, fold_char, fold_into};

    /// The blocks this module claims to fold exactly.
    fn covered(c: char) -> bool {
        matches!(c as u32, 0..=0x17F | 0x400..=0x42F)
    }

    #[test]
    fn agrees_with_unicode_wherever_it_folds() {
        for code in 0..=0x10FFFF {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let folded = fold_char(c);
            if folded != c {
                assert_eq!(
                    c.to_lowercase().collect::<String>(),
                    folded.to_string(),
                    "U+{code:04X}"
                );
            }
        }
    }

    #[test]
    fn folds_every_covered_character_unicode_lowers_to_one_character() {
        for code in (0..=0x17F).chain(0x400..=0x42F) {
            let c = char::from_u32(code).unwrap();
            let unicode: Vec<char> = c.to_lowercase().collect();
            if covered(c) && unicode.len() == 1 && unicode[0] != c {
                assert_eq!(fold_char(c), unicode[0], "U+{code:04X}");
            }
        }
    }

    #[test]
    fn folds_identifiers_and_emails() {
        assert_eq!(
            fold_case("Test+Billing-20261202@Raxx.APP"),
            "test+billing-20261202@raxx.app"
        );
        assert_eq!(fold_case("CUS_ABC sub_XYZ"), "cus_abc sub_xyz");
        assert_eq!(
            fold_case("ÉLODIE.Łukasz@ПРИМЕР.рф"),
            "élodie.łukasz@пример.рф"
        );
        // Outside the folded blocks, as typed (Greek's final sigma needs context).
        assert_eq!(fold_case("ΟΔΟΣ"), "ΟΔΟΣ");
    }

    #[test]
    fn folding_into_a_buffer_gives_the_same_bytes() {
        for text in ["", "CUS_ABC", "ÉLODIE.Łukasz@ПРИМЕР.рф", "ΟΔΟΣ", "İx"] {
            let mut out = b"x".to_vec();
            fold_into(text, &mut out);
            assert_eq!(out[1..], *fold_case(text).as_bytes(), "{text}");
        }
    }
}
