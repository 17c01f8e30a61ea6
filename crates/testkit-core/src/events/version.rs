//! The Stripe API versions events are shaped for. A webhook endpoint's version decides
//! the shapes it receives, so the signer and the replay both take one.

crate::text_enum! {
    /// The Stripe API version the events are shaped for.
    pub enum ApiVersion {
        /// `2024-06-20`: the period on the subscription, `subscription`, `charge`,
        /// `payment_intent` and `paid` on the invoice (stripe-node 16).
        V20240620 = "2024-06-20",
        /// `2025-03-31.basil`: the period on each subscription item, the invoice's
        /// subscription under `parent.subscription_details`, its lines' under
        /// `parent.subscription_item_details`, and no `charge`, `payment_intent` or `paid`
        /// on invoices (stripe-node 18.0).
        Basil = "2025-03-31.basil",
        /// `2026-10-28.endive`: basil's shapes plus `billing_mode` on subscriptions,
        /// `subtotal` on invoice lines and `customer_account` on several objects
        /// (stripe-node 23.1).
        Endive = "2026-10-28.endive",
    }
}

impl ApiVersion {
    /// The digit the field tables of [`shapes`](super::shapes) mark this version with.
    pub(crate) fn digit(self) -> u8 {
        match self {
            ApiVersion::V20240620 => b'1',
            ApiVersion::Basil => b'2',
            ApiVersion::Endive => b'3',
        }
    }
}
