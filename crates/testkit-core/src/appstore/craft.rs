//! Realistic notifications for one subscription's life: the notification JSON and the
//! transaction and renewal-info JSON it embeds (signed, as `signedTransactionInfo` and
//! `signedRenewalInfo`). Ids stay consistent across events: one originalTransactionId per
//! user and app, a new transactionId and webOrderLineItemId per period, and an
//! appAccountToken derived from the user id. Everything is JSON text the caller may edit
//! before signing.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::enums::{NotificationType, SubscriptionStatus, Subtype};
use super::products::{product, APP_STORE_PRODUCTS};
use super::verify::Environment;

/// The notifications this crafts (type and subtype pairs of facts section 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Event {
    /// SUBSCRIBED / INITIAL_BUY
    InitialBuy,
    /// SUBSCRIBED / RESUBSCRIBE
    Resubscribe,
    /// DID_RENEW
    DidRenew,
    /// DID_RENEW / BILLING_RECOVERY
    BillingRecovery,
    /// DID_FAIL_TO_RENEW / GRACE_PERIOD
    FailToRenewGracePeriod,
    /// DID_FAIL_TO_RENEW (no subtype): billing retry without grace
    FailToRenew,
    /// GRACE_PERIOD_EXPIRED
    GracePeriodExpired,
    /// EXPIRED / VOLUNTARY
    ExpiredVoluntary,
    /// EXPIRED / BILLING_RETRY
    ExpiredBillingRetry,
    /// DID_CHANGE_RENEWAL_STATUS / AUTO_RENEW_DISABLED
    AutoRenewDisabled,
    /// DID_CHANGE_RENEWAL_STATUS / AUTO_RENEW_ENABLED
    AutoRenewEnabled,
    /// DID_CHANGE_RENEWAL_PREF / UPGRADE (takes effect at once: a new transaction)
    Upgrade,
    /// DID_CHANGE_RENEWAL_PREF / DOWNGRADE (at the next renewal: autoRenewProductId)
    Downgrade,
    /// REFUND
    Refund,
    /// REVOKE (family sharing)
    Revoke,
    /// TEST
    Test,
}

impl Event {
    /// Every event, in a plausible order of a subscription's life.
    pub const ALL: [Event; 16] = [
        Event::InitialBuy,
        Event::DidRenew,
        Event::AutoRenewDisabled,
        Event::AutoRenewEnabled,
        Event::Upgrade,
        Event::Downgrade,
        Event::FailToRenewGracePeriod,
        Event::GracePeriodExpired,
        Event::FailToRenew,
        Event::BillingRecovery,
        Event::ExpiredBillingRetry,
        Event::ExpiredVoluntary,
        Event::Resubscribe,
        Event::Refund,
        Event::Revoke,
        Event::Test,
    ];

    /// `notificationType`
    pub fn notification_type(self) -> NotificationType {
        use Event::*;
        match self {
            InitialBuy | Resubscribe => NotificationType::Subscribed,
            DidRenew | BillingRecovery => NotificationType::DidRenew,
            FailToRenewGracePeriod | FailToRenew => NotificationType::DidFailToRenew,
            GracePeriodExpired => NotificationType::GracePeriodExpired,
            ExpiredVoluntary | ExpiredBillingRetry => NotificationType::Expired,
            AutoRenewDisabled | AutoRenewEnabled => NotificationType::DidChangeRenewalStatus,
            Upgrade | Downgrade => NotificationType::DidChangeRenewalPref,
            Refund => NotificationType::Refund,
            Revoke => NotificationType::Revoke,
            Test => NotificationType::Test,
        }
    }

    /// `subtype`, if any.
    pub fn subtype(self) -> Option<Subtype> {
        use Event::*;
        Some(match self {
            InitialBuy => Subtype::InitialBuy,
            Resubscribe => Subtype::Resubscribe,
            BillingRecovery => Subtype::BillingRecovery,
            FailToRenewGracePeriod => Subtype::GracePeriod,
            ExpiredVoluntary => Subtype::Voluntary,
            ExpiredBillingRetry => Subtype::BillingRetry,
            AutoRenewDisabled => Subtype::AutoRenewDisabled,
            AutoRenewEnabled => Subtype::AutoRenewEnabled,
            Upgrade => Subtype::Upgrade,
            Downgrade => Subtype::Downgrade,
            DidRenew | FailToRenew | GracePeriodExpired | Refund | Revoke | Test => return None,
        })
    }

    /// `data.status` after the event (none for TEST).
    pub fn status(self) -> Option<SubscriptionStatus> {
        use Event::*;
        Some(match self {
            Test => return None,
            FailToRenewGracePeriod => SubscriptionStatus::BillingGracePeriod,
            FailToRenew | GracePeriodExpired => SubscriptionStatus::BillingRetry,
            ExpiredVoluntary | ExpiredBillingRetry => SubscriptionStatus::Expired,
            Refund | Revoke => SubscriptionStatus::Revoked,
            _ => SubscriptionStatus::Active,
        })
    }

    /// `SUBSCRIBED / INITIAL_BUY`
    pub fn label(self) -> String {
        match self.subtype() {
            Some(s) => format!("{} / {}", self.notification_type(), s),
            None => self.notification_type().to_string(),
        }
    }
}

/// What the crafted notifications are about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CraftInput {
    /// The app's bundle id.
    pub bundle_id: String,
    /// The subscribed product.
    pub product_id: String,
    /// The product of an upgrade or downgrade (default: the next or previous product of
    /// [`APP_STORE_PRODUCTS`]).
    pub target_product_id: Option<String>,
    /// `Sandbox` or `Production`.
    pub environment: Environment,
    /// The app's Apple ID; written into `data` when given (Apple omits it in Sandbox).
    pub app_apple_id: Option<i64>,
    /// The backend's user id (appAccountToken is derived from it).
    pub user_id: String,
    /// The notification's UUID.
    pub notification_uuid: String,
    /// Start of the current period, Unix ms.
    pub purchase_date_ms: i64,
    /// End of the current period, Unix ms.
    pub expires_date_ms: i64,
    /// When "Apple" signs, Unix ms (the verifier checks the chain at this date).
    pub signed_date_ms: i64,
    /// First purchase ever, Unix ms (default: `purchase_date_ms`).
    pub original_purchase_date_ms: Option<i64>,
    /// Periods renewed since the first purchase (0: the first period). Each period has
    /// its own transactionId and webOrderLineItemId.
    pub renewal: u32,
    /// Grace period length in days (Apple offers 3, 16 or 28).
    pub grace_period_days: i64,
}

impl CraftInput {
    /// Input with defaults: no app Apple ID, first period, 16-day grace period.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        bundle_id: &str,
        product_id: &str,
        environment: Environment,
        user_id: &str,
        notification_uuid: &str,
        purchase_date_ms: i64,
        expires_date_ms: i64,
        signed_date_ms: i64,
    ) -> CraftInput {
        CraftInput {
            bundle_id: bundle_id.into(),
            product_id: product_id.into(),
            target_product_id: None,
            environment,
            app_apple_id: None,
            user_id: user_id.into(),
            notification_uuid: notification_uuid.into(),
            purchase_date_ms,
            expires_date_ms,
            signed_date_ms,
            original_purchase_date_ms: None,
            renewal: 0,
            grace_period_days: 16,
        }
    }
}

/// A crafted notification: JSON texts to edit, then sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crafted {
    /// Which event.
    pub event: Event,
    /// The notification payload (pretty JSON), without the signed fields: [`Crafted::assemble`]
    /// adds them.
    pub notification: String,
    /// The transaction payload (pretty JSON), to sign as `signedTransactionInfo`.
    pub transaction: Option<String>,
    /// The renewal info payload (pretty JSON), to sign as `signedRenewalInfo`.
    pub renewal_info: Option<String>,
}

impl Crafted {
    /// The notification JSON (compact) with the signed transaction and renewal info
    /// placed in `data`, ready to be signed as the `signedPayload`.
    pub fn assemble(
        &self,
        signed_transaction: Option<&str>,
        signed_renewal_info: Option<&str>,
    ) -> Result<String, serde_json::Error> {
        let notification = serde_json::from_str(&self.notification)?;
        Ok(with_signed(
            notification,
            signed_transaction,
            signed_renewal_info,
        ))
    }
}

/// The notification, compact, with the signed transaction and renewal info placed in its
/// `data`.
fn with_signed(
    mut notification: Map<String, Value>,
    signed_transaction: Option<&str>,
    signed_renewal_info: Option<&str>,
) -> String {
    if let Some(Value::Object(data)) = notification.get_mut("data") {
        if let Some(t) = signed_transaction {
            data.insert("signedTransactionInfo".into(), Value::String(t.into()));
        }
        if let Some(r) = signed_renewal_info {
            data.insert("signedRenewalInfo".into(), Value::String(r.into()));
        }
    }
    Value::Object(notification).to_string()
}

fn digest_u64(parts: &[&str]) -> u64 {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    u64::from_be_bytes(d[..8].try_into().expect("8 bytes"))
}

/// The appAccountToken for a user: a UUID (version 8, RFC 9562's custom layout) made from
/// SHA-256 of the user id, so the same user always gets the same token and the backend can
/// find the user from a notification.
///
/// ```
/// let t = testkit_core::appstore::app_account_token("user_42");
/// assert_eq!(t.len(), 36);
/// assert_eq!(&t[14..15], "8");
/// assert_eq!(t, testkit_core::appstore::app_account_token("user_42"));
/// ```
pub fn app_account_token(user_id: &str) -> String {
    let mut b: [u8; 16] = Sha256::digest(format!("raxx-app-account-token:{user_id}"))[..16]
        .try_into()
        .expect("16 bytes");
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// The subscription's originalTransactionId: the same for a user and app whatever the
/// product (the products share one subscription group).
pub fn original_transaction_id(bundle_id: &str, user_id: &str) -> String {
    original_transaction_number(bundle_id, user_id).to_string()
}

fn original_transaction_number(bundle_id: &str, user_id: &str) -> u64 {
    // 10^12 values: a million gave two users the same subscription about once in 2,000
    // users (the sandbox's load test caught it).
    2_000_000_000_000_000 + digest_u64(&[bundle_id, user_id]) % 1_000_000_000_000 * 1000
}

fn transaction_id(input: &CraftInput, extra: u64) -> String {
    let base = original_transaction_number(&input.bundle_id, &input.user_id);
    (base + 2 * u64::from(input.renewal) + extra).to_string()
}

fn web_order_line_item_id(input: &CraftInput) -> String {
    let h = digest_u64(&[&input.bundle_id, &input.user_id, "web-order"]) % 1_000_000;
    (600_000_000_000_000 + h * 1000 + u64::from(input.renewal)).to_string()
}

fn target_product(input: &CraftInput, up: bool) -> String {
    if let Some(t) = &input.target_product_id {
        return t.clone();
    }
    let rank = product(&input.product_id).map_or(1, |p| p.rank);
    let want = if up { rank + 1 } else { rank.saturating_sub(1) };
    APP_STORE_PRODUCTS
        .iter()
        .find(|p| p.rank == want)
        .map_or_else(|| input.product_id.clone(), |p| p.product_id.to_string())
}

fn price(product_id: &str) -> i64 {
    product(product_id).map_or(9_990, |p| p.price_milli)
}

fn group(product_id: &str) -> &'static str {
    product(product_id).map_or("21000001", |p| p.subscription_group)
}

/// Crafts one event's notification, transaction and renewal info.
///
/// ```
/// use testkit_core::appstore::{craft, CraftInput, Environment, Event};
///
/// let input = CraftInput::new(
///     "app.raxx", "app.raxx.pro.monthly", Environment::Sandbox, "user_42",
///     "7f9b8c1e-0000-4000-8000-000000000001",
///     1_750_000_000_000, 1_752_592_000_000, 1_750_000_001_000,
/// );
/// let c = craft(Event::FailToRenewGracePeriod, &input);
/// let n: serde_json::Value = serde_json::from_str(&c.notification).unwrap();
/// assert_eq!(n["data"]["status"], 4);
/// let r: serde_json::Value = serde_json::from_str(c.renewal_info.as_deref().unwrap()).unwrap();
/// assert_eq!(r["isInBillingRetryPeriod"], true);
/// assert!(r["gracePeriodExpiresDate"].is_i64());
/// ```
pub fn craft(event: Event, input: &CraftInput) -> Crafted {
    let pretty = |m: Map<String, Value>| format!("{:#}", Value::Object(m));
    let values = craft_values(event, input);
    Crafted {
        event,
        notification: pretty(values.notification),
        transaction: values.transaction.map(pretty),
        renewal_info: values.renewal_info.map(pretty),
    }
}

/// A crafted notification as JSON values: what [`craft`] prints for editing, and what a
/// run that signs without editing (the replay's scenario H) signs as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CraftedValues {
    /// The notification payload, without the signed fields ([`CraftedValues::payload`]
    /// adds them).
    pub notification: Map<String, Value>,
    /// The transaction payload, to sign as `signedTransactionInfo`.
    pub transaction: Option<Map<String, Value>>,
    /// The renewal info payload, to sign as `signedRenewalInfo`.
    pub renewal_info: Option<Map<String, Value>>,
}

impl CraftedValues {
    /// The notification JSON (compact) with the signed transaction and renewal info in
    /// `data`, ready to be signed as the `signedPayload`: what [`Crafted::assemble`] gives
    /// for the same notification.
    pub fn payload(
        self,
        signed_transaction: Option<&str>,
        signed_renewal_info: Option<&str>,
    ) -> String {
        with_signed(self.notification, signed_transaction, signed_renewal_info)
    }
}

/// [`craft`]'s notification as JSON values.
pub fn craft_values(event: Event, input: &CraftInput) -> CraftedValues {
    use Event::*;
    let env = input.environment.as_str();
    let mut data = Map::new();
    if let Some(id) = input.app_apple_id {
        data.insert("appAppleId".into(), Value::from(id));
    }
    data.insert("bundleId".into(), Value::from(input.bundle_id.as_str()));
    if event != Test {
        data.insert("bundleVersion".into(), Value::from("1"));
    }
    data.insert("environment".into(), Value::from(env));
    if let Some(s) = event.status() {
        data.insert("status".into(), Value::from(s.value()));
    }
    let mut notification = Map::new();
    notification.insert(
        "notificationType".into(),
        Value::from(event.notification_type().as_str()),
    );
    if let Some(s) = event.subtype() {
        notification.insert("subtype".into(), Value::from(s.as_str()));
    }
    notification.insert(
        "notificationUUID".into(),
        Value::from(input.notification_uuid.as_str()),
    );
    notification.insert("data".into(), Value::Object(data));
    notification.insert("version".into(), Value::from("2.0"));
    notification.insert("signedDate".into(), Value::from(input.signed_date_ms));
    if event == Test {
        return CraftedValues {
            notification,
            transaction: None,
            renewal_info: None,
        };
    }

    let token = app_account_token(&input.user_id);
    let original_id = original_transaction_id(&input.bundle_id, &input.user_id);
    let original_purchase = input
        .original_purchase_date_ms
        .unwrap_or(input.purchase_date_ms);
    // An upgrade is a purchase of the better product now; a downgrade waits for renewal.
    let (current_product, purchase_date, extra_id) = match event {
        Upgrade => (target_product(input, true), input.signed_date_ms, 1),
        _ => (input.product_id.clone(), input.purchase_date_ms, 0),
    };
    let next_product = match event {
        Downgrade => target_product(input, false),
        _ => current_product.clone(),
    };
    let reason = match event {
        InitialBuy | Resubscribe | Upgrade => "PURCHASE",
        _ if input.renewal == 0 => "PURCHASE",
        _ => "RENEWAL",
    };

    let mut tx = Map::new();
    tx.insert(
        "transactionId".into(),
        Value::from(transaction_id(input, extra_id)),
    );
    tx.insert(
        "originalTransactionId".into(),
        Value::from(original_id.as_str()),
    );
    tx.insert(
        "webOrderLineItemId".into(),
        Value::from(web_order_line_item_id(input)),
    );
    tx.insert("bundleId".into(), Value::from(input.bundle_id.as_str()));
    tx.insert("productId".into(), Value::from(current_product.as_str()));
    tx.insert(
        "subscriptionGroupIdentifier".into(),
        Value::from(group(&current_product)),
    );
    tx.insert("purchaseDate".into(), Value::from(purchase_date));
    tx.insert(
        "originalPurchaseDate".into(),
        Value::from(original_purchase),
    );
    tx.insert("expiresDate".into(), Value::from(input.expires_date_ms));
    tx.insert("quantity".into(), Value::from(1));
    tx.insert("type".into(), Value::from("Auto-Renewable Subscription"));
    tx.insert("appAccountToken".into(), Value::from(token.as_str()));
    let ownership = if event == Revoke {
        "FAMILY_SHARED"
    } else {
        "PURCHASED"
    };
    tx.insert("inAppOwnershipType".into(), Value::from(ownership));
    tx.insert("signedDate".into(), Value::from(input.signed_date_ms));
    tx.insert("environment".into(), Value::from(env));
    tx.insert("transactionReason".into(), Value::from(reason));
    tx.insert("storefront".into(), Value::from("USA"));
    tx.insert("storefrontId".into(), Value::from("143441"));
    tx.insert("price".into(), Value::from(price(&current_product)));
    tx.insert("currency".into(), Value::from("USD"));
    match event {
        Refund => {
            tx.insert("revocationDate".into(), Value::from(input.signed_date_ms));
            tx.insert("revocationReason".into(), Value::from(0));
            tx.insert("revocationType".into(), Value::from("REFUND_FULL"));
        }
        Revoke => {
            tx.insert("revocationDate".into(), Value::from(input.signed_date_ms));
            tx.insert("revocationReason".into(), Value::from(0));
            tx.insert("revocationType".into(), Value::from("FAMILY_REVOKE"));
        }
        _ => {}
    }

    let auto_renew = match event {
        AutoRenewDisabled | ExpiredVoluntary | ExpiredBillingRetry | Refund => 0,
        _ => 1,
    };
    let in_retry = matches!(
        event,
        FailToRenewGracePeriod | FailToRenew | GracePeriodExpired
    );
    let mut renewal = Map::new();
    renewal.insert(
        "originalTransactionId".into(),
        Value::from(original_id.as_str()),
    );
    renewal.insert(
        "autoRenewProductId".into(),
        Value::from(next_product.as_str()),
    );
    renewal.insert("productId".into(), Value::from(current_product.as_str()));
    renewal.insert("autoRenewStatus".into(), Value::from(auto_renew));
    renewal.insert("isInBillingRetryPeriod".into(), Value::from(in_retry));
    match event {
        FailToRenewGracePeriod | GracePeriodExpired => {
            let grace = input.expires_date_ms + input.grace_period_days * 86_400_000;
            renewal.insert("gracePeriodExpiresDate".into(), Value::from(grace));
            renewal.insert("expirationIntent".into(), Value::from(2));
        }
        FailToRenew | ExpiredBillingRetry => {
            renewal.insert("expirationIntent".into(), Value::from(2));
        }
        ExpiredVoluntary => {
            renewal.insert("expirationIntent".into(), Value::from(1));
        }
        _ => {}
    }
    renewal.insert("signedDate".into(), Value::from(input.signed_date_ms));
    renewal.insert("environment".into(), Value::from(env));
    let recent_start = if event == Resubscribe {
        input.purchase_date_ms
    } else {
        original_purchase
    };
    renewal.insert(
        "recentSubscriptionStartDate".into(),
        Value::from(recent_start),
    );
    if auto_renew == 1 && !matches!(event, Revoke) {
        renewal.insert("renewalDate".into(), Value::from(input.expires_date_ms));
    }
    renewal.insert("currency".into(), Value::from("USD"));
    renewal.insert("renewalPrice".into(), Value::from(price(&next_product)));
    renewal.insert("appAccountToken".into(), Value::from(token.as_str()));

    CraftedValues {
        notification,
        transaction: Some(tx),
        renewal_info: Some(renewal),
    }
}

/// Every event of [`Event::ALL`] for the same subscription.
pub fn lifecycle(input: &CraftInput) -> Vec<Crafted> {
    Event::ALL.iter().map(|&e| craft(e, input)).collect()
}

/// A crafted notification signed: the `signedPayload` and the two JWS inside it.
#[cfg(feature = "native-crypto")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedNotification {
    /// The notification JWS (POST it as `{"signedPayload": ...}`).
    pub signed_payload: String,
    /// `data.signedTransactionInfo`
    pub signed_transaction_info: Option<String>,
    /// `data.signedRenewalInfo`
    pub signed_renewal_info: Option<String>,
}

/// Signs a crafted notification's three payloads (as compact JSON) with a test chain.
#[cfg(feature = "native-crypto")]
pub fn sign_crafted(
    mut crafted: CraftedValues,
    chain: &super::testchain::TestChain,
) -> SignedNotification {
    let sign = |payload: Option<Map<String, Value>>| {
        payload.map(|p| chain.sign(&Value::Object(p).to_string()))
    };
    let tx = sign(crafted.transaction.take());
    let renewal = sign(crafted.renewal_info.take());
    let payload = crafted.payload(tx.as_deref(), renewal.as_deref());
    SignedNotification {
        signed_payload: chain.sign(&payload),
        signed_transaction_info: tx,
        signed_renewal_info: renewal,
    }
}
