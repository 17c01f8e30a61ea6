//! The card data, transcribed from Stripe's testing documentation (docs.stripe.com/testing).

use super::Category::{AttachThenFail, Decline, Dispute, Radar, Refund, Success, ThreeDSecure};
use super::Network::{Amex, Diners, Discover, Jcb, Mastercard, UnionPay, Visa};
use super::TestCard as C;

const HAPPY: &str = "Happy path: subscription creation on any tier (Pro, Pro+, Founders)";
const BRAND: &str = "Brand coverage in Checkout or Elements forms";
const SIGNUP_FAIL: &str = "Signup failure: the first payment is refused";
const RADAR: &str = "Fraud-rule testing with Radar";
const DISPUTE: &str = "charge.dispute.created handling";
const SCA: &str = "SCA flows in the subscribe UI (not server-only webhook tests)";

/// Every card of Stripe's testing documentation, grouped by what it does, working cards
/// first.
pub static CARDS: [C; 51] = [
    // Succeeds: by brand.
    C::new(
        "4242424242424242",
        Visa,
        "Visa",
        Success,
        "Charge succeeds",
        HAPPY,
    )
    .pm("pm_card_visa"),
    C::new(
        "4000056655665556",
        Visa,
        "Visa (debit)",
        Success,
        "Charge succeeds",
        BRAND,
    )
    .pm("pm_card_visa_debit"),
    C::new(
        "5555555555554444",
        Mastercard,
        "Mastercard",
        Success,
        "Charge succeeds",
        BRAND,
    )
    .pm("pm_card_mastercard"),
    C::new(
        "2223003122003222",
        Mastercard,
        "Mastercard (2-series)",
        Success,
        "Charge succeeds",
        BRAND,
    ),
    C::new(
        "5200828282828210",
        Mastercard,
        "Mastercard (debit)",
        Success,
        "Charge succeeds",
        BRAND,
    )
    .pm("pm_card_mastercard_debit"),
    C::new(
        "5105105105105100",
        Mastercard,
        "Mastercard (prepaid)",
        Success,
        "Charge succeeds",
        BRAND,
    )
    .pm("pm_card_mastercard_prepaid"),
    C::new(
        "378282246310005",
        Amex,
        "American Express",
        Success,
        "Charge succeeds",
        BRAND,
    )
    .pm("pm_card_amex")
    .note("Amex takes a 4-digit CVC"),
    C::new(
        "371449635398431",
        Amex,
        "American Express",
        Success,
        "Charge succeeds",
        BRAND,
    )
    .note("Amex takes a 4-digit CVC"),
    C::new(
        "6011111111111117",
        Discover,
        "Discover",
        Success,
        "Charge succeeds",
        BRAND,
    )
    .pm("pm_card_discover"),
    C::new(
        "6011000990139424",
        Discover,
        "Discover",
        Success,
        "Charge succeeds",
        BRAND,
    ),
    C::new(
        "6011981111111113",
        Discover,
        "Discover (debit)",
        Success,
        "Charge succeeds",
        BRAND,
    ),
    C::new(
        "3056930009020004",
        Diners,
        "Diners Club",
        Success,
        "Charge succeeds",
        BRAND,
    )
    .pm("pm_card_diners"),
    C::new(
        "36227206271667",
        Diners,
        "Diners Club (14-digit)",
        Success,
        "Charge succeeds",
        BRAND,
    ),
    C::new(
        "6555900000604105",
        Discover,
        "BCcard / DinaCard",
        Success,
        "Charge succeeds",
        BRAND,
    ),
    C::new(
        "3566002020360505",
        Jcb,
        "JCB",
        Success,
        "Charge succeeds",
        BRAND,
    )
    .pm("pm_card_jcb"),
    C::new(
        "6200000000000005",
        UnionPay,
        "UnionPay",
        Success,
        "Charge succeeds",
        BRAND,
    )
    .pm("pm_card_unionpay"),
    C::new(
        "6200000000000047",
        UnionPay,
        "UnionPay (debit)",
        Success,
        "Charge succeeds",
        BRAND,
    ),
    C::new(
        "6205500000000000004",
        UnionPay,
        "UnionPay (19-digit)",
        Success,
        "Charge succeeds",
        BRAND,
    ),
    C::new(
        "4000002500001001",
        Visa,
        "Cartes Bancaires / Visa",
        Success,
        "Charge succeeds",
        BRAND,
    )
    .pm("pm_card_visa_cartesBancaires"),
    C::new(
        "5555552500001001",
        Mastercard,
        "Cartes Bancaires / Mastercard",
        Success,
        "Charge succeeds",
        BRAND,
    ),
    // Declined: none of these can be attached to a Customer.
    C::new(
        "4000000000000002",
        Visa,
        "Visa",
        Decline,
        "Declined: generic decline (error code card_declined)",
        SIGNUP_FAIL,
    )
    .pm("pm_card_visa_chargeDeclined")
    .code("generic_decline"),
    C::new(
        "4000000000009995",
        Visa,
        "Visa",
        Decline,
        "Declined: insufficient funds",
        "Decline messaging at signup; for dunning use the attaches-then-fails card",
    )
    .pm("pm_card_visa_chargeDeclinedInsufficientFunds")
    .code("insufficient_funds"),
    C::new(
        "4000000000009987",
        Visa,
        "Visa",
        Decline,
        "Declined: lost card",
        SIGNUP_FAIL,
    )
    .pm("pm_card_visa_chargeDeclinedLostCard")
    .code("lost_card"),
    C::new(
        "4000000000009979",
        Visa,
        "Visa",
        Decline,
        "Declined: stolen card",
        SIGNUP_FAIL,
    )
    .pm("pm_card_visa_chargeDeclinedStolenCard")
    .code("stolen_card"),
    C::new(
        "4000000000000069",
        Visa,
        "Visa",
        Decline,
        "Declined: expired card",
        "Card-expired notification path",
    )
    .pm("pm_card_chargeDeclinedExpiredCard")
    .code("expired_card"),
    C::new(
        "4000000000000127",
        Visa,
        "Visa",
        Decline,
        "Declined: incorrect CVC",
        "CVC mismatch path",
    )
    .pm("pm_card_chargeDeclinedIncorrectCvc")
    .code("incorrect_cvc")
    .note("Declines only when a CVC is sent"),
    C::new(
        "4000000000000119",
        Visa,
        "Visa",
        Decline,
        "Declined: processing error",
        "Retry-later messaging on a processor error",
    )
    .pm("pm_card_chargeDeclinedProcessingError")
    .code("processing_error"),
    C::new(
        "4242424242424241",
        Visa,
        "Visa",
        Decline,
        "Declined: incorrect number",
        "Client-side number validation",
    )
    .code("incorrect_number")
    .note("Fails the Luhn check on purpose"),
    C::new(
        "4000000000006975",
        Visa,
        "Visa",
        Decline,
        "Declined: velocity limit exceeded",
        SIGNUP_FAIL,
    )
    .pm("pm_card_visa_chargeDeclinedVelocityLimitExceeded")
    .code("card_velocity_exceeded"),
    // Attaches, then every charge fails.
    C::new(
        "4000000000000341",
        Visa,
        "Visa",
        AttachThenFail,
        "Attaches to the Customer; every charge then fails",
        "Dunning: invoice.payment_failed, past_due, retries (test-clock scenario B)",
    )
    .pm("pm_card_chargeCustomerFail"),
    // Radar.
    C::new(
        "4100000000000019",
        Visa,
        "Visa",
        Radar,
        "Always blocked by Radar",
        RADAR,
    )
    .pm("pm_card_radarBlock"),
    C::new(
        "4000000000004954",
        Visa,
        "Visa",
        Radar,
        "Highest risk level: blocked",
        RADAR,
    ),
    C::new(
        "4000000000009235",
        Visa,
        "Visa",
        Radar,
        "Elevated risk level: flagged for review",
        RADAR,
    ),
    C::new(
        "4000000000000101",
        Visa,
        "Visa",
        Radar,
        "CVC check fails",
        RADAR,
    )
    .note("The CVC check runs only when a CVC is sent"),
    C::new(
        "4000000000000036",
        Visa,
        "Visa",
        Radar,
        "Postal code check fails",
        RADAR,
    ),
    C::new(
        "4000000000000028",
        Visa,
        "Visa",
        Radar,
        "Address line 1 check fails",
        RADAR,
    ),
    C::new(
        "4000000000000010",
        Visa,
        "Visa",
        Radar,
        "Address checks (line 1 and postal code) fail",
        RADAR,
    ),
    C::new(
        "4000000000000044",
        Visa,
        "Visa",
        Radar,
        "Address checks unavailable",
        RADAR,
    ),
    // Disputes: the charge succeeds, then a dispute opens.
    C::new(
        "4000000000000259",
        Visa,
        "Visa",
        Dispute,
        "Dispute opened as fraudulent",
        DISPUTE,
    )
    .pm("pm_card_createDispute"),
    C::new(
        "4000000000002685",
        Visa,
        "Visa",
        Dispute,
        "Dispute opened as product not received",
        DISPUTE,
    ),
    C::new(
        "4000000000001976",
        Visa,
        "Visa",
        Dispute,
        "Inquiry opened (not yet a chargeback)",
        "Inquiry handling before a formal dispute",
    ),
    C::new(
        "4000000000005423",
        Visa,
        "Visa",
        Dispute,
        "Early fraud warning issued",
        "radar.early_fraud_warning handling",
    )
    .pm("pm_card_createIssuerFraudRecord"),
    C::new(
        "4000000404000079",
        Visa,
        "Visa",
        Dispute,
        "Several disputes opened",
        "Repeated-dispute handling",
    ),
    // Refunds.
    C::new(
        "4000000000007726",
        Visa,
        "Visa",
        Refund,
        "Refund stays pending, then succeeds",
        "Pending-refund states",
    )
    .pm("pm_card_pendingRefund"),
    C::new(
        "4000000000005126",
        Visa,
        "Visa",
        Refund,
        "Refund succeeds, then fails",
        "charge.refund.updated failure handling",
    )
    .pm("pm_card_refundFail"),
    // 3D Secure.
    C::new(
        "4000002500003155",
        Visa,
        "Visa",
        ThreeDSecure,
        "Authentication required unless already set up for off-session use",
        SCA,
    )
    .pm("pm_card_authenticationRequiredOnSetup"),
    C::new(
        "4000002760003184",
        Visa,
        "Visa",
        ThreeDSecure,
        "Authentication required on every payment",
        "Renewals that need the customer back (requires_action on invoices)",
    )
    .pm("pm_card_authenticationRequired"),
    C::new(
        "4000003800000446",
        Visa,
        "Visa",
        ThreeDSecure,
        "Already set up: off-session payments need no authentication",
        SCA,
    ),
    C::new(
        "4000008260003178",
        Visa,
        "Visa",
        ThreeDSecure,
        "Authenticates, then declines for insufficient funds",
        SCA,
    )
    .code("insufficient_funds"),
    C::new(
        "4000000000003220",
        Visa,
        "Visa",
        ThreeDSecure,
        "3D Secure 2 authentication required",
        SCA,
    )
    .pm("pm_card_threeDSecure2Required"),
    C::new(
        "4000008400001629",
        Visa,
        "Visa",
        ThreeDSecure,
        "Authenticates, then the charge is declined",
        SCA,
    ),
];
