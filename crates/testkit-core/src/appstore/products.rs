//! App Store product ids and the plan tiers they stand for (the tiers of
//! [`crate::plans::PLANS`]). Kept here rather than in plans.rs so the App Store work merges
//! without touching the shared plan table; the sandbox and Raptor's mirror read the tier
//! from a transaction's `productId` through [`tier_for_product`].

/// An App Store subscription product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppStoreProduct {
    /// The product id configured in App Store Connect.
    pub product_id: &'static str,
    /// The plan tier (`pro`, `pro_plus`, `founders`).
    pub tier: &'static str,
    /// The subscription group all of them share (so up/downgrades are possible).
    pub subscription_group: &'static str,
    /// Billing period, ISO 8601.
    pub period: &'static str,
    /// Price in milli-units of USD, as Apple writes prices (placeholders like PLANS').
    pub price_milli: i64,
    /// Rank inside the group: higher is the better plan (an upgrade goes up).
    pub rank: u8,
}

/// The products Raxx's app sells. Pro and Pro+ mirror the web plans; Founders renews
/// every 6 months.
pub const APP_STORE_PRODUCTS: [AppStoreProduct; 3] = [
    AppStoreProduct {
        product_id: "app.raxx.pro.monthly",
        tier: "pro",
        subscription_group: "21000001",
        period: "P1M",
        price_milli: 14_990,
        rank: 1,
    },
    AppStoreProduct {
        product_id: "app.raxx.pro_plus.monthly",
        tier: "pro_plus",
        subscription_group: "21000001",
        period: "P1M",
        price_milli: 29_990,
        rank: 2,
    },
    AppStoreProduct {
        product_id: "app.raxx.founders.6months",
        tier: "founders",
        subscription_group: "21000001",
        period: "P6M",
        price_milli: 28_990,
        rank: 3,
    },
];

/// The product with this id.
pub fn product(product_id: &str) -> Option<&'static AppStoreProduct> {
    APP_STORE_PRODUCTS
        .iter()
        .find(|p| p.product_id == product_id)
}

/// The product for a tier.
pub fn product_for_tier(tier: &str) -> Option<&'static AppStoreProduct> {
    APP_STORE_PRODUCTS.iter().find(|p| p.tier == tier)
}

/// The tier of a product id: the table first, then the id's words (`...pro_plus...`,
/// `...founders...`, `...pro...`) so renamed or yearly variants still map.
///
/// ```
/// use testkit_core::appstore::tier_for_product;
///
/// assert_eq!(tier_for_product("app.raxx.pro.monthly"), Some("pro"));
/// assert_eq!(tier_for_product("app.raxx.pro_plus.yearly"), Some("pro_plus"));
/// assert_eq!(tier_for_product("app.raxx.founders.6months"), Some("founders"));
/// assert_eq!(tier_for_product("app.raxx.stickers"), None);
/// ```
pub fn tier_for_product(product_id: &str) -> Option<&'static str> {
    if let Some(p) = product(product_id) {
        return Some(p.tier);
    }
    let words: Vec<String> = product_id
        .to_ascii_lowercase()
        .replace('-', "_")
        .split('.')
        .map(str::to_string)
        .collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    if has("pro_plus") || has("proplus") {
        Some("pro_plus")
    } else if has("founders") || has("founder") {
        Some("founders")
    } else if has("pro") {
        Some("pro")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_product_has_a_plan() {
        for p in APP_STORE_PRODUCTS {
            assert!(crate::plans::plan_for_tier(p.tier).is_some(), "{}", p.tier);
            assert_eq!(tier_for_product(p.product_id), Some(p.tier));
            assert_eq!(product_for_tier(p.tier), Some(&p));
        }
        assert_eq!(
            tier_for_product("com.other.PRO-PLUS.annual"),
            Some("pro_plus")
        );
        assert_eq!(
            tier_for_product("com.other.proplus.annual"),
            Some("pro_plus")
        );
        assert_eq!(tier_for_product("promo.code"), None);
    }
}
