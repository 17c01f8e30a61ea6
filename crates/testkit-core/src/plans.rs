//! Raxx's plan tiers and the test-mode prices that stand for them, shared by the event
//! templates and the sandbox's default price-to-tier mapping.

use crate::clock::Interval;

/// A plan tier with its default test price.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Queue's `plan_tier` value.
    pub tier: &'static str,
    /// Name shown to people (`Pro+`).
    pub label: &'static str,
    /// The test price id the sandbox maps to this tier by default.
    pub price_id: &'static str,
    /// The test product id (`prod_...`) the price belongs to.
    pub product_id: &'static str,
    /// Minor units (cents), USD.
    pub amount: i64,
    /// How often it bills, with `interval_count`.
    pub interval: Interval,
    /// Intervals per billing period (6 months for Founders).
    pub interval_count: u32,
}

/// Pro and Pro+ prices are placeholders (the runbook marks them pending); Founders is
/// $29.00 every 6 months as the runbook gives it.
pub const PLANS: [Plan; 3] = [
    Plan {
        tier: "pro",
        label: "Pro",
        price_id: "price_test_pro_monthly",
        product_id: "prod_test_pro",
        amount: 1500,
        interval: Interval::Month,
        interval_count: 1,
    },
    Plan {
        tier: "pro_plus",
        label: "Pro+",
        price_id: "price_test_pro_plus_monthly",
        product_id: "prod_test_pro_plus",
        amount: 3000,
        interval: Interval::Month,
        interval_count: 1,
    },
    Plan {
        tier: "founders",
        label: "Founders",
        price_id: "price_test_founders_6mo",
        product_id: "prod_test_founders",
        amount: 2900,
        interval: Interval::Month,
        interval_count: 6,
    },
];

/// The plan for a Queue `plan_tier`, or `None` for a tier Raxx does not sell.
pub fn plan_for_tier(tier: &str) -> Option<&'static Plan> {
    PLANS.iter().find(|p| p.tier == tier)
}
