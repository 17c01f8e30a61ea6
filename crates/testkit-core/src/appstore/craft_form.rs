//! The craft form's inputs as typed, read into a [`CraftInput`], each problem named by
//! its field so the page shows it next to the input.

use super::craft::CraftInput;
use super::verify::Environment;
use crate::time::parse_instant;

crate::text_enum! {
    /// An input of the craft form.
    pub enum CraftField {
        /// The app's bundle id.
        BundleId = "bundle",
        /// The product.
        ProductId = "product",
        /// Sandbox or Production.
        Environment = "environment",
        /// The app's Apple ID.
        AppAppleId = "app_id",
        /// The Raxx user.
        UserId = "user",
        /// Start of the current period.
        Purchase = "purchase",
        /// End of the current period.
        Expires = "expires",
        /// When "Apple" signs it.
        Signed = "signed",
        /// Periods renewed since the first purchase.
        Renewal = "renewal",
        /// Grace period length.
        GraceDays = "grace",
    }
}

/// A craft-form problem, next to its input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CraftFieldError {
    /// Which input.
    pub field: CraftField,
    /// What is wrong and what is allowed.
    pub message: String,
}

/// The craft form as typed.
#[derive(Clone, Copy, Debug, Default)]
pub struct CraftTexts<'a> {
    /// Bundle id.
    pub bundle_id: &'a str,
    /// Product id.
    pub product_id: &'a str,
    /// `Sandbox` or `Production`.
    pub environment: &'a str,
    /// App Apple ID (empty: none).
    pub app_apple_id: &'a str,
    /// User id.
    pub user_id: &'a str,
    /// Unix seconds or a date.
    pub purchase: &'a str,
    /// Unix seconds or a date.
    pub expires: &'a str,
    /// Unix seconds or a date.
    pub signed: &'a str,
    /// A whole number.
    pub renewal: &'a str,
    /// Days.
    pub grace_days: &'a str,
}

/// Reads the form; `notification_uuid` is the page's fresh UUID.
///
/// ```
/// use testkit_core::appstore::{parse_craft, CraftField, CraftTexts};
/// let texts = CraftTexts {
///     bundle_id: "app.raxx", product_id: "app.raxx.pro.monthly", environment: "Sandbox",
///     user_id: "usr_1", purchase: "2026-06-01", expires: "2026-07-01", signed: "2026-07-01 10:00",
///     renewal: "0", grace_days: "16", ..CraftTexts::default()
/// };
/// let input = parse_craft(texts, "u-1").unwrap();
/// assert_eq!(input.expires_date_ms, 1_782_864_000_000);
/// let bad = parse_craft(CraftTexts { expires: "2026-05-01", ..texts }, "u-1").unwrap_err();
/// assert_eq!(bad[0].field, CraftField::Expires);
/// ```
pub fn parse_craft(
    texts: CraftTexts,
    notification_uuid: &str,
) -> Result<CraftInput, Vec<CraftFieldError>> {
    let mut errors = Vec::new();
    let mut fail = |field, message: String| errors.push(CraftFieldError { field, message });
    let required = |text: &str| !text.trim().is_empty();
    if !required(texts.bundle_id) {
        fail(
            CraftField::BundleId,
            "The bundle id cannot be empty.".into(),
        );
    }
    if !required(texts.product_id) {
        fail(
            CraftField::ProductId,
            "The product id cannot be empty.".into(),
        );
    }
    if !required(texts.user_id) {
        fail(
            CraftField::UserId,
            "The user id cannot be empty: appAccountToken is made from it.".into(),
        );
    }
    let environment = Environment::parse(texts.environment).unwrap_or(Environment::Sandbox);
    let app_apple_id = match texts.app_apple_id.trim() {
        "" if environment == Environment::Production => {
            fail(
                CraftField::AppAppleId,
                "Production notifications carry the app Apple ID.".into(),
            );
            None
        }
        "" => None,
        text => text.parse::<i64>().map(Some).unwrap_or_else(|_| {
            fail(
                CraftField::AppAppleId,
                format!("The app Apple ID is a number, not \"{text}\"."),
            );
            None
        }),
    };
    let mut instant = |field, text: &str| {
        parse_instant(text).map(|s| s * 1000).unwrap_or_else(|e| {
            fail(field, e);
            0
        })
    };
    let purchase = instant(CraftField::Purchase, texts.purchase);
    let expires = instant(CraftField::Expires, texts.expires);
    let signed = instant(CraftField::Signed, texts.signed);
    let renewal = texts.renewal.trim().parse::<u32>().unwrap_or_else(|_| {
        fail(
            CraftField::Renewal,
            format!(
                "Renewals is a whole number (0 for the first period), not \"{}\".",
                texts.renewal
            ),
        );
        0
    });
    let grace = texts
        .grace_days
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|d| (1..=60).contains(d));
    let grace = grace.unwrap_or_else(|| {
        fail(
            CraftField::GraceDays,
            format!(
                "Grace days run from 1 to 60 (Apple offers 3, 16 or 28), not \"{}\".",
                texts.grace_days
            ),
        );
        16
    });
    if purchase > 0 && expires > 0 && expires <= purchase {
        fail(
            CraftField::Expires,
            "The period must end after it starts.".into(),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut input = CraftInput::new(
        texts.bundle_id.trim(),
        texts.product_id.trim(),
        environment,
        texts.user_id.trim(),
        notification_uuid,
        purchase,
        expires,
        signed,
    );
    input.app_apple_id = app_apple_id;
    input.renewal = renewal;
    input.grace_period_days = grace;
    Ok(input)
}

/// A version-4 UUID from 16 random bytes (for a notification's UUID).
///
/// ```
/// let u = testkit_core::appstore::uuid_v4([7; 16]);
/// assert_eq!(u, "07070707-0707-4707-8707-070707070707");
/// ```
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}
