//! Card-number arithmetic: Luhn check, display grouping, and the network a prefix implies.

/// The card network a number's leading digits belong to (ISO/IEC 7812 issuer ranges).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Network {
    /// Visa: numbers starting 4.
    Visa,
    /// Mastercard: 51-55, or the 2-series 2221-2720.
    Mastercard,
    /// American Express: 34 or 37; 15 digits, 4-digit CVC.
    Amex,
    /// Discover: 6011, 644-649 or 65.
    Discover,
    /// Diners Club: 300-305, 3095, 36, 38 or 39.
    Diners,
    /// JCB: 3528-3589.
    Jcb,
    /// UnionPay: 62.
    UnionPay,
}

impl Network {
    /// Name shown to people (`American Express`).
    pub fn label(self) -> &'static str {
        match self {
            Network::Visa => "Visa",
            Network::Mastercard => "Mastercard",
            Network::Amex => "American Express",
            Network::Discover => "Discover",
            Network::Diners => "Diners Club",
            Network::Jcb => "JCB",
            Network::UnionPay => "UnionPay",
        }
    }

    /// Derives the network from the leading digits, or `None` for an unknown range.
    pub fn from_number(digits: &str) -> Option<Network> {
        let prefix = |n: usize| -> Option<u32> { digits.get(..n)?.parse().ok() };
        let p1 = prefix(1)?;
        let p2 = prefix(2)?;
        let p3 = prefix(3).unwrap_or(0);
        let p4 = prefix(4).unwrap_or(0);
        match () {
            _ if p2 == 34 || p2 == 37 => Some(Network::Amex),
            _ if (3528..=3589).contains(&p4) => Some(Network::Jcb),
            _ if p2 == 36 || p2 == 38 || p2 == 39 || (300..=305).contains(&p3) || p4 == 3095 => {
                Some(Network::Diners)
            }
            _ if p1 == 4 => Some(Network::Visa),
            _ if (51..=55).contains(&p2) || (2221..=2720).contains(&p4) => {
                Some(Network::Mastercard)
            }
            _ if p2 == 62 => Some(Network::UnionPay),
            _ if p4 == 6011 || p2 == 65 || (644..=649).contains(&p3) => Some(Network::Discover),
            _ => None,
        }
    }

    /// Security-code length the network uses (Amex prints four digits on the front).
    pub fn cvc_digits(self) -> usize {
        if self == Network::Amex {
            4
        } else {
            3
        }
    }
}

/// True when `digits` (ASCII digits only) passes the Luhn (mod 10) check.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Groups a number the way it is printed on the card: 4-6-5 for 15-digit Amex,
/// 4-6-4 for 14-digit Diners, otherwise blocks of four.
pub fn group_number(digits: &str) -> String {
    let widths: &[usize] = match digits.len() {
        15 => &[4, 6, 5],
        14 => &[4, 6, 4],
        _ => &[],
    };
    let mut groups = Vec::new();
    let mut rest = digits;
    for &w in widths {
        let (head, tail) = rest.split_at(w.min(rest.len()));
        groups.push(head);
        rest = tail;
    }
    while !rest.is_empty() {
        let (head, tail) = rest.split_at(4.min(rest.len()));
        groups.push(head);
        rest = tail;
    }
    groups.join(" ")
}

/// Keeps only the digits of typed text, so "4242 4242-4242" searches as "424242424242".
pub fn digits_only(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_known_good_and_rejects_single_digit_change() {
        assert!(luhn_valid("4242424242424242"));
        assert!(!luhn_valid("4242424242424241"));
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("4242a"));
    }

    #[test]
    fn grouping_follows_card_layouts() {
        assert_eq!(group_number("4242424242424242"), "4242 4242 4242 4242");
        assert_eq!(group_number("378282246310005"), "3782 822463 10005");
        assert_eq!(group_number("36227206271667"), "3622 720627 1667");
        assert_eq!(
            group_number("6205500000000000004"),
            "6205 5000 0000 0000 004"
        );
    }

    #[test]
    fn networks_from_prefixes() {
        assert_eq!(
            Network::from_number("2223003122003222"),
            Some(Network::Mastercard)
        );
        assert_eq!(Network::from_number("3566002020360505"), Some(Network::Jcb));
        assert_eq!(
            Network::from_number("3056930009020004"),
            Some(Network::Diners)
        );
        assert_eq!(
            Network::from_number("6011000990139424"),
            Some(Network::Discover)
        );
        assert_eq!(
            Network::from_number("6200000000000005"),
            Some(Network::UnionPay)
        );
        assert_eq!(Network::from_number("9999"), None);
        assert_eq!(Network::from_number("4"), None);
    }

    #[test]
    fn digits_only_strips_separators() {
        assert_eq!(digits_only(" 4242 4242-42 "), "4242424242");
    }
}
