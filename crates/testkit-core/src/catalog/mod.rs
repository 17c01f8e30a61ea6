//! The Stripe test-card catalog: every documented test card, its outcome and its ids.

mod cards;
mod number;
mod search;

pub use cards::CARDS;
pub use number::{digits_only, group_number, luhn_valid, Network};
pub use search::{filter_cards, CardQuery};

crate::text_enum! {
    /// What happens when the card is used: the catalog's filter groups. The text form
    /// is the URL value (`?category=decline`).
    pub enum Category {
        /// Charges succeed.
        Success = "success",
        /// Charges are declined.
        Decline = "decline",
        /// Attaches to a customer, then every charge fails.
        AttachThenFail = "attach-then-fail",
        /// Needs 3D Secure authentication.
        ThreeDSecure = "3ds",
        /// The charge succeeds, then a dispute opens.
        Dispute = "dispute",
        /// Radar blocks or flags the payment.
        Radar = "radar",
        /// Refund outcomes.
        Refund = "refund",
    }
}

impl Category {
    /// The filter's label.
    pub fn label(self) -> &'static str {
        match self {
            Category::Success => "Succeeds",
            Category::Decline => "Declined",
            Category::AttachThenFail => "Attaches, then fails",
            Category::ThreeDSecure => "3D Secure",
            Category::Dispute => "Dispute",
            Category::Radar => "Radar",
            Category::Refund => "Refund",
        }
    }

    /// One sentence on the behaviour shared by the cards of this category.
    pub fn summary(self) -> &'static str {
        match self {
            Category::Success => "Charges succeed. Pick by brand, country or funding type.",
            Category::Decline => {
                "Charges are declined, and the card cannot be attached to a Customer."
            }
            Category::AttachThenFail => {
                "Attaches to a Customer, then every charge fails: the dunning card."
            }
            Category::ThreeDSecure => {
                "The payment needs customer authentication (SCA) in a browser."
            }
            Category::Dispute => {
                "The charge succeeds, then a dispute opens. Submit winning_evidence or \
                 losing_evidence to decide it."
            }
            Category::Radar => "Radar fraud rules block or flag the payment.",
            Category::Refund => "The charge succeeds; its refund behaves unusually.",
        }
    }
}

/// One documented Stripe test card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TestCard {
    /// Digits only, as typed into a Checkout or Elements form.
    pub number: &'static str,
    /// Network the number's prefix belongs to.
    pub network: Network,
    /// Brand as shown to people ("Visa (debit)", "Cartes Bancaires / Visa").
    pub brand: &'static str,
    /// The catalog group the card is filed under.
    pub category: Category,
    /// What Stripe does with it.
    pub outcome: &'static str,
    /// The `decline_code` Stripe reports (`insufficient_funds`), for declined cards.
    pub decline_code: Option<&'static str>,
    /// Test PaymentMethod id for server-side calls.
    pub pm_id: Option<&'static str>,
    /// Card-specific caveat (CVC or expiry behaviour).
    pub note: Option<&'static str>,
    /// The test scenario it serves.
    pub use_for: &'static str,
}

impl TestCard {
    const fn new(
        number: &'static str,
        network: Network,
        brand: &'static str,
        category: Category,
        outcome: &'static str,
        use_for: &'static str,
    ) -> TestCard {
        TestCard {
            number,
            network,
            brand,
            category,
            outcome,
            decline_code: None,
            pm_id: None,
            note: None,
            use_for,
        }
    }

    const fn pm(self, id: &'static str) -> TestCard {
        TestCard {
            pm_id: Some(id),
            ..self
        }
    }

    const fn code(self, code: &'static str) -> TestCard {
        TestCard {
            decline_code: Some(code),
            ..self
        }
    }

    const fn note(self, note: &'static str) -> TestCard {
        TestCard {
            note: Some(note),
            ..self
        }
    }

    /// The `tok_*` test token: same suffix as the PaymentMethod id.
    pub fn tok_id(&self) -> Option<String> {
        self.pm_id
            .and_then(|pm| pm.strip_prefix("pm_card_"))
            .map(|suffix| format!("tok_{suffix}"))
    }

    /// The number grouped as printed on a card.
    pub fn grouped(&self) -> String {
        group_number(self.number)
    }

    /// What to type as security code and expiry.
    pub fn entry_hint(&self) -> String {
        format!(
            "Any future expiry, any {}-digit CVC",
            self.network.cvc_digits()
        )
    }
}

#[cfg(test)]
mod integrity_tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_number_passes_luhn_except_the_incorrect_number_card() {
        for card in &CARDS {
            let deliberate = card.decline_code == Some("incorrect_number");
            assert_eq!(luhn_valid(card.number), !deliberate, "{}", card.number);
        }
    }

    #[test]
    fn numbers_are_unique() {
        let set: HashSet<_> = CARDS.iter().map(|c| c.number).collect();
        assert_eq!(set.len(), CARDS.len());
    }

    #[test]
    fn network_matches_the_numbers_prefix() {
        for card in &CARDS {
            assert_eq!(
                Network::from_number(card.number),
                Some(card.network),
                "{}",
                card.number
            );
        }
    }

    #[test]
    fn lengths_match_the_network() {
        for card in &CARDS {
            let ok = match card.network {
                Network::Amex => card.number.len() == 15,
                Network::Diners => matches!(card.number.len(), 14 | 16),
                Network::UnionPay => matches!(card.number.len(), 16 | 19),
                _ => card.number.len() == 16,
            };
            assert!(ok, "{} has {} digits", card.number, card.number.len());
        }
    }

    #[test]
    fn every_category_has_cards() {
        for category in Category::ALL {
            assert!(CARDS.iter().any(|c| c.category == category), "{category:?}");
        }
    }

    #[test]
    fn category_slugs_round_trip() {
        for category in Category::ALL {
            assert_eq!(category.as_str().parse::<Category>().ok(), Some(category));
        }
        assert!("nope".parse::<Category>().is_err());
    }

    #[test]
    fn pm_ids_are_well_formed_and_unique() {
        let mut seen = HashSet::new();
        for card in &CARDS {
            if let Some(pm) = card.pm_id {
                let suffix = pm.strip_prefix("pm_card_").expect(pm);
                assert!(
                    !suffix.is_empty()
                        && suffix
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_'),
                    "{pm}"
                );
                assert!(seen.insert(pm), "{pm} used twice");
                assert_eq!(card.tok_id(), Some(format!("tok_{suffix}")));
            } else {
                assert_eq!(card.tok_id(), None);
            }
        }
    }

    #[test]
    fn decline_codes_are_snake_case() {
        for code in CARDS.iter().filter_map(|c| c.decline_code) {
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
        }
        assert!(CARDS
            .iter()
            .filter(|c| c.category == Category::Decline)
            .all(|c| c.decline_code.is_some()));
    }

    #[test]
    fn the_dunning_and_happy_path_cards_are_where_scenarios_expect() {
        let by_pm = |pm: &str| CARDS.iter().find(|c| c.pm_id == Some(pm)).map(|c| c.number);
        assert_eq!(by_pm("pm_card_visa"), Some("4242424242424242"));
        assert_eq!(
            by_pm("pm_card_chargeCustomerFail"),
            Some("4000000000000341")
        );
        assert_eq!(
            by_pm("pm_card_visa_chargeDeclined"),
            Some("4000000000000002")
        );
    }

    #[test]
    fn amex_entry_hint_asks_for_four_digits() {
        let amex = CARDS.iter().find(|c| c.network == Network::Amex).unwrap();
        assert!(amex.entry_hint().contains("4-digit"));
        assert!(CARDS[0].entry_hint().contains("3-digit"));
    }
}
