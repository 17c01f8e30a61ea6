//! Every field Stripe sends on each object the events carry, per API version, as compact
//! tables (read from stripe-node's types with `tools/stripe-types/fields.cjs`), and
//! [`complete`], which puts an object into exactly that shape: missing fields get their
//! default (null where Stripe sends null), fields the version lacks are dropped, keys
//! come in Stripe's order (`id`, `object`, then alphabetical).
//!
//! A table is text rather than `json!` code because the signer's bundle carries it: a
//! few KB of text compress far better than the code building the same objects.
//!
//! Grammar, entries separated by spaces: `name` (null), `name=f|t|0|1|[]|{}` (that
//! value), `name=s:text` (a string), `name!` (set by the builder: kept, never added),
//! `name{...}` (a nested hash, completed the same way). `name@23` limits an entry to the
//! versions whose digits follow (1: 2024-06-20, 2: basil, 3: endive).

use serde_json::{Map, Value};

use super::version::ApiVersion;

/// `(object, fields)` for every object kind the events carry.
const TABLES: &[(&str, &str)] = &[
    ("customer", "address balance=0 created! currency default_source delinquent=f description discount email! invoice_prefix! invoice_settings{custom_fields default_payment_method! footer rendering_options} livemode=f metadata! name! next_invoice_sequence=1 phone preferred_locales=[] shipping tax_exempt=s:none test_clock!"),
    ("subscription", "application application_fee_percent automatic_tax{disabled_reason@23 enabled=f liability} billing_cycle_anchor! billing_cycle_anchor_config billing_mode@3{flexible type=s:classic} billing_schedules@3=[] billing_thresholds@13 cancel_at! cancel_at_period_end! canceled_at! cancellation_details{comment feedback feedback_option@3 reason} collection_method=s:charge_automatically created! currency! current_period_end@1! current_period_start@1! customer! customer_account@3 days_until_due default_payment_method! default_source default_tax_rates=[] description discount@1 discounts=[] ended_at! invoice_settings{account_tax_ids custom_fields@3 description@3 footer@3 issuer{type=s:self}} items! latest_invoice! livemode=f managed_payments@3 metadata! next_pending_invoice_item_invoice on_behalf_of pause_collection payment_settings{payment_method_options payment_method_types save_default_payment_method=s:off} pending_invoice_item_interval pending_setup_intent pending_update schedule start_date! status! test_clock! transfer_data trial_end! trial_settings{end_behavior{billing_cycle_anchor@3 missing_payment_method=s:create_invoice}} trial_start!"),
    ("subscription_item", "billing_thresholds@13 created! current_period_end@23! current_period_start@23! current_trial@3 discounts=[] metadata! plan! price! quantity=1 subscription! tax_rates=[]"),
    ("price", "active=t billing_scheme=s:per_unit created! currency! custom_unit_amount livemode=f lookup_key! metadata={} nickname product! recurring{aggregate_usage@1 interval! interval_count! meter trial_period_days usage_type=s:licensed} tax_behavior=s:unspecified tiers_mode transform_quantity type=s:recurring unit_amount! unit_amount_decimal!"),
    ("plan", "active=t aggregate_usage@1 amount! amount_decimal! billing_scheme=s:per_unit created! currency! interval! interval_count! livemode=f metadata={} meter nickname product! tiers_mode transform_usage trial_period_days usage_type=s:licensed"),
    ("invoice", "account_country=s:US account_name=s:Raxx account_tax_ids amount_due! amount_overpaid@23=0 amount_paid! amount_remaining! amount_shipping=0 application application_fee_amount@1 attempt_count! attempted! auto_advance! automatic_tax{disabled_reason@23 enabled=f liability provider@3 status} automatically_finalizes_at! billing_reason! charge@1! collection_method=s:charge_automatically created! currency! custom_fields customer! customer_account@3 customer_address customer_email! customer_name! customer_phone customer_shipping customer_tax_exempt=s:none customer_tax_ids=[] default_payment_method default_source default_tax_rates=[] description discount@1 discounts=[] due_date effective_at! ending_balance! footer from_invoice hosted_invoice_url! invoice_pdf! issuer{type=s:self} last_finalization_error latest_revision lines! livemode=f metadata={} next_payment_attempt! number! on_behalf_of paid@1! paid_out_of_band@1=f parent@23! payment_intent@1! payment_settings{default_mandate payment_method_options payment_method_types} period_end! period_start! post_payment_credit_notes_amount=0 pre_payment_credit_notes_amount=0 quote@1 receipt_number rendering shipping_cost shipping_details starting_balance=0 statement_descriptor status! status_transitions{finalized_at! marked_uncollectible_at paid_at! voided_at} subscription@1! subscription_details@1! subtotal! subtotal_excluding_tax! tax@1 test_clock! total! total_discount_amounts=[] total_excluding_tax! total_pretax_credit_amounts@23=[] total_tax_amounts@1=[] total_taxes@23=[] transfer_data@1 webhooks_delivered_at!"),
    ("line_item", "amount! amount_excluding_tax@1! currency! description! discount_amounts=[] discountable=t discounts=[] invoice! livemode=f metadata={} parent@23! period{end! start!} plan@1! pretax_credit_amounts@23=[] price@1! pricing@23! proration@1=f proration_details@1{credited_items} quantity=1 quantity_decimal@3=s:1 subscription! subscription_item@1! subtotal@3! tax_amounts@1=[] tax_rates@1=[] taxes@23=[] type@1=s:subscription unit_amount_excluding_tax@1!"),
    ("payment_method", "allow_redisplay=s:unspecified billing_details{address{city country line1 line2 postal_code state} email name phone tax_id@3} card{brand! checks! country! display_brand! exp_month! exp_year! fingerprint! funding! generated_from! last4! networks! regulated_status@23! three_d_secure_usage! wallet!} created! customer! customer_account@3 livemode=f metadata={} type=s:card"),
    ("test_helpers.test_clock", "created! deletes_after! frozen_time! livemode=f name! status! status_details={}"),
    ("checkout.session", "adaptive_pricing@23 after_expiration allow_promotion_codes allowed_payment_method_types@3 amount_subtotal! amount_total! automatic_tax{enabled=f liability provider@3 status} billing_address_collection cancel_url client_reference_id! client_secret collected_information@23 consent consent_collection created! currency! currency_conversion custom_fields=[] custom_text{after_submit shipping_address submit terms_of_service_acceptance} customer! customer_account@3 customer_creation customer_details{address business_name@3 email! individual_name@3 name! phone tax_exempt=s:none tax_ids=[]} customer_email! discounts@23=[] expires_at! integration_identifier@3 invoice! invoice_creation livemode=f locale managed_payments@3 metadata! mode! origin_context@3 payment_intent payment_link payment_method_collection=s:always payment_method_configuration_details payment_method_options payment_method_types=[] payment_status! permissions@23 recovered_from saved_payment_method_options setup_intent shipping_address_collection shipping_cost shipping_details@1 shipping_options=[] status! submit_type subscription! success_url! total_details ui_mode=s:hosted url! wallet_options@3"),
    ("dispute", "amount! balance_transactions=[] charge! created! currency! enhanced_eligibility_types@23=[] evidence{access_activity_log billing_address cancellation_policy cancellation_policy_disclosure cancellation_rebuttal customer_communication customer_email_address customer_name customer_purchase_ip customer_signature duplicate_charge_documentation duplicate_charge_explanation duplicate_charge_id enhanced_evidence@23={} product_description receipt refund_policy refund_policy_disclosure refund_refusal_explanation service_date service_documentation shipping_address shipping_carrier shipping_date shipping_documentation shipping_tracking_number uncategorized_file uncategorized_text} evidence_details{due_by! enhanced_eligibility@23={} has_evidence=f past_due=f submission_count=0 submission_method@3=s:not_submitted} intended_submission_method@3 is_charge_refundable=f livemode=f metadata={} payment_intent! reason! status!"),
];

/// The field table of an object kind (`"invoice"`), if the events carry that kind.
pub fn table(kind: &str) -> Option<&'static str> {
    TABLES.iter().find(|(k, _)| *k == kind).map(|(_, t)| *t)
}

/// The object kinds that have a table.
pub fn kinds() -> impl Iterator<Item = &'static str> {
    TABLES.iter().map(|(k, _)| *k)
}

/// What an entry of a table says about its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry<'a> {
    /// Null unless the builder set it.
    Null,
    /// This default (`f`, `0`, `[]`, `s:text`...) unless the builder set it.
    Default(&'a str),
    /// Set by the builder; kept, never added.
    Given,
    /// A nested hash with its own entries.
    Nested(&'a str),
}

/// The entries of a table (or of a nested hash's body) that `version` has.
pub fn entries(body: &str, version: ApiVersion) -> impl Iterator<Item = (&str, Entry<'_>)> + '_ {
    let mut rest = body;
    std::iter::from_fn(move || loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return None;
        }
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..end];
        rest = &rest[end..];
        let mut mask: Option<&str> = None;
        if let Some(after) = rest.strip_prefix('@') {
            let digits = after
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len());
            mask = Some(&after[..digits]);
            rest = &after[digits..];
        }
        let entry = if let Some(after) = rest.strip_prefix('{') {
            let close = matching_brace(after);
            rest = &after[close + 1..];
            Entry::Nested(&after[..close])
        } else if let Some(after) = rest.strip_prefix('=') {
            // `{}` and `[]` are values; any other `}` closes the enclosing hash.
            let stop = if after.starts_with("{}") {
                2
            } else {
                after.find([' ', '}']).unwrap_or(after.len())
            };
            rest = &after[stop..];
            Entry::Default(&after[..stop])
        } else if let Some(after) = rest.strip_prefix('!') {
            rest = after;
            Entry::Given
        } else {
            Entry::Null
        };
        // Entries are read for one version: those marked for others are skipped.
        if mask.is_none_or(|m| m.as_bytes().contains(&version.digit())) {
            return Some((name, entry));
        }
    })
}

/// Where the `}` closing a body that starts at `text` is.
fn matching_brace(text: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            _ => {}
        }
    }
    panic!("the field tables close every brace")
}

fn default_value(text: &str) -> Value {
    match text {
        "f" => false.into(),
        "t" => true.into(),
        "[]" => Value::Array(Vec::new()),
        "{}" => Value::Object(Map::new()),
        _ => match text.strip_prefix("s:") {
            Some(s) => s.into(),
            None => text
                .parse::<i64>()
                .unwrap_or_else(|_| panic!("unknown default {text}"))
                .into(),
        },
    }
}

/// Puts every Stripe object inside `value` (by its `object` field) into `version`'s shape.
pub fn complete(value: &mut Value, version: ApiVersion) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(|v| complete(v, version)),
        Value::Object(map) => {
            let kind = map.get("object").and_then(Value::as_str).unwrap_or("");
            if let Some(body) = table(kind) {
                complete_hash(map, body, version);
            } else if kind == "list" {
                if let Some(data) = map.get_mut("data") {
                    complete(data, version);
                }
            }
        }
        _ => {}
    }
}

fn complete_hash(map: &mut Map<String, Value>, body: &str, version: ApiVersion) {
    let mut old = std::mem::take(map);
    for key in ["id", "object"] {
        if let Some(value) = old.shift_remove(key) {
            map.insert(key.into(), value);
        }
    }
    for (name, entry) in entries(body, version) {
        let value = match (old.shift_remove(name), entry) {
            (Some(mut value), Entry::Nested(inner)) => {
                if let Value::Object(hash) = &mut value {
                    complete_hash(hash, inner, version);
                }
                value
            }
            (Some(mut value), _) => {
                complete(&mut value, version);
                value
            }
            (None, Entry::Null) => Value::Null,
            (None, Entry::Default(text)) => default_value(text),
            (None, Entry::Nested(inner)) => {
                let mut hash = Map::new();
                complete_hash(&mut hash, inner, version);
                Value::Object(hash)
            }
            (None, Entry::Given) => continue,
        };
        map.insert(name.into(), value);
    }
}
