//! Catalog filtering: a category and free text (number with or without spaces, brand,
//! decline code, PaymentMethod or token id, outcome words).

use super::{digits_only, Category, TestCard};

/// What the person asked for; an empty query matches every card.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardQuery {
    /// Free text: card number (spaces or dashes allowed), brand, decline code, `pm_`/`tok_`
    /// id or outcome words; every word must match.
    pub text: String,
    /// Only cards of this category.
    pub category: Option<Category>,
}

impl CardQuery {
    /// Whether `card` is in this category and matches every word of the text (or, for
    /// digits, contains the number).
    pub fn matches(&self, card: &TestCard) -> bool {
        if self.category.is_some_and(|c| c != card.category) {
            return false;
        }
        let text = self.text.trim();
        if text.is_empty() {
            return true;
        }
        if looks_like_number(text) {
            return card.number.contains(&digits_only(text));
        }
        let haystack = haystack(card);
        // The catalog is ASCII; ASCII folding keeps Unicode case tables out of the bundle.
        text.to_ascii_lowercase()
            .split_whitespace()
            .all(|word| haystack.contains(word))
    }
}

/// Digits with optional spaces or dashes: searched against the number only.
fn looks_like_number(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
}

fn haystack(card: &TestCard) -> String {
    let mut parts = vec![
        card.brand,
        card.network.label(),
        card.category.label(),
        card.category.as_str(),
        card.outcome,
        card.use_for,
    ];
    parts.extend(card.decline_code);
    parts.extend(card.pm_id);
    parts.extend(card.note);
    let mut text = parts.join(" ");
    if let Some(tok) = card.tok_id() {
        text.push(' ');
        text.push_str(&tok);
    }
    text.to_ascii_lowercase()
}

/// The cards matching `query`, in catalog order. An exact PaymentMethod or token id
/// (`pm_card_visa`, `tok_visa`) finds that card alone, not every id it is a prefix of.
///
/// ```
/// use testkit_core::catalog::{filter_cards, CardQuery, Category, CARDS};
///
/// // A number as printed on the card finds it, spaces or not.
/// let query = CardQuery { text: "4000 0000 0000 0341".into(), category: None };
/// let found = filter_cards(&CARDS, &query);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].pm_id, Some("pm_card_chargeCustomerFail"));
/// assert_eq!(found[0].category, Category::AttachThenFail);
///
/// // Words and a category combine: every word must match.
/// let query = CardQuery {
///     text: "insufficient_funds".into(),
///     category: Some(Category::Decline),
/// };
/// let numbers: Vec<&str> = filter_cards(&CARDS, &query).iter().map(|c| c.number).collect();
/// assert_eq!(numbers, ["4000000000009995"]);
///
/// // An exact id is that card alone; a token id works like its PaymentMethod id.
/// let query = CardQuery { text: "tok_visa".into(), category: None };
/// let visa = filter_cards(&CARDS, &query);
/// assert_eq!((visa.len(), visa[0].number), (1, "4242424242424242"));
///
/// // An empty query is the whole catalog.
/// assert_eq!(filter_cards(&CARDS, &CardQuery::default()).len(), CARDS.len());
/// ```
pub fn filter_cards<'a>(cards: &'a [TestCard], query: &CardQuery) -> Vec<&'a TestCard> {
    let text = query.text.trim();
    let exact = |c: &TestCard| c.pm_id == Some(text) || c.tok_id().as_deref() == Some(text);
    if cards.iter().any(exact) {
        return cards
            .iter()
            .filter(|c| exact(c) && query.matches(c))
            .collect();
    }
    cards.iter().filter(|c| query.matches(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CARDS;

    fn search(text: &str, category: Option<Category>) -> Vec<&'static str> {
        let q = CardQuery {
            text: text.into(),
            category,
        };
        filter_cards(&CARDS, &q).iter().map(|c| c.number).collect()
    }

    #[test]
    fn empty_query_matches_everything() {
        assert_eq!(search("", None).len(), CARDS.len());
        assert_eq!(search("   ", None).len(), CARDS.len());
    }

    #[test]
    fn number_with_or_without_spaces() {
        assert_eq!(
            search("4000 0000 0000 0341", None),
            vec!["4000000000000341"]
        );
        assert_eq!(search("4000000000000341", None), vec!["4000000000000341"]);
        assert_eq!(search("3782 822463 10005", None), vec!["378282246310005"]);
    }

    #[test]
    fn decline_code_pm_id_and_token() {
        assert_eq!(
            search("insufficient_funds", Some(Category::Decline)),
            vec!["4000000000009995"]
        );
        assert_eq!(
            search("pm_card_chargeCustomerFail", None),
            vec!["4000000000000341"]
        );
        assert_eq!(search("tok_amex", None), vec!["378282246310005"]);
        // An exact id is that card, not every id it starts.
        assert_eq!(search("pm_card_visa", None), vec!["4242424242424242"]);
        assert_eq!(search("tok_visa", None), vec!["4242424242424242"]);
        assert!(search("pm_card_vis", None).len() > 1);
    }

    #[test]
    fn brand_and_category_combine() {
        let amex = search("american express", None);
        assert_eq!(amex.len(), 2);
        assert!(search("amex", Some(Category::Decline)).is_empty());
        assert_eq!(search("", Some(Category::Refund)).len(), 2);
    }

    #[test]
    fn words_must_all_match() {
        assert_eq!(search("visa lost", None), vec!["4000000000009987"]);
        assert!(search("visa nosuchword", None).is_empty());
    }
}
