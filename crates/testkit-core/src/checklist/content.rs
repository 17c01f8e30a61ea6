//! The runbook's checklists as data (runbook sections 1, 2, 6, 7 and 8; the readiness
//! report's phases). Commands carry placeholders, never a secret, and print at most a
//! key's prefix.

use super::runbook_sql::{self, RunbookQuery};
use super::{Checklist, Item, Outline};
use crate::keys::KeyKind;

const fn item(
    id: &'static str,
    what: &'static str,
    why: &'static str,
    command: &'static str,
    expected: &'static str,
) -> Item {
    Item {
        id,
        what,
        why,
        command,
        expected,
        guard: None,
        sql: None,
    }
}

/// An item that runs one of the runbook's psql queries: its command and expectation are
/// the runbook's, so the checklist cannot drift from [`runbook_sql`].
const fn sql_item(
    id: &'static str,
    what: &'static str,
    why: &'static str,
    query: &'static RunbookQuery,
) -> Item {
    Item {
        id,
        what,
        why,
        command: query.runbook_command(),
        expected: query.expected,
        guard: None,
        sql: Some(query),
    }
}

const fn guarded(
    id: &'static str,
    what: &'static str,
    why: &'static str,
    command: &'static str,
    expected: &'static str,
    kind: KeyKind,
) -> Item {
    Item {
        id,
        what,
        why,
        command,
        expected,
        guard: Some(kind),
        sql: None,
    }
}

/// The ids of `items`, in order (`N` is their number).
const fn item_ids<const N: usize>(items: &[Item]) -> [&'static str; N] {
    let mut ids = [""; N];
    let mut i = 0;
    while i < N {
        ids[i] = items[i].id;
        i += 1;
    }
    ids
}

const fn outline(list: &Checklist, item_ids: &'static [&'static str]) -> Outline {
    Outline {
        id: list.id,
        title: list.title,
        item_ids,
    }
}

// Each checklist is a const, so that the outlines below are computed from the same data
// at compile time.
const PREFLIGHT: Checklist = Checklist {
    id: "preflight",
    title: "Pre-flight: confirm test mode before any test run",
    required: true,
    items: &[
        guarded(
            "restricted-key-prefix",
            "The restricted key on raxx-queue-staging starts with rk_test_",
            "A live key (rk_live_, sk_live_) accepts test card numbers and creates real charges; the key prefix is the authoritative test/live check.",
            "heroku config:get STRIPE_RESTRICTED_KEY --app raxx-queue-staging | cut -c1-8",
            "rk_test_ (STOP on rk_live_)",
            KeyKind::Restricted,
        ),
        item(
            "dashboard-test-mode",
            "The Stripe Dashboard shows Test mode",
            "Test and live data are separate; looking at the live dashboard means acting on live data.",
            "Open dashboard.stripe.com and check the URL",
            "The URL contains /test/ and the orange Test badge is visible",
        ),
        item(
            "billing-flag",
            "FLAG_QUEUE_BILLING is on for raxx-queue-staging",
            "With the flag off, Queue ignores billing work and every test silently does nothing.",
            "heroku config:get FLAG_QUEUE_BILLING --app raxx-queue-staging",
            "true",
        ),
        guarded(
            "webhook-secret",
            "STRIPE_WEBHOOK_SECRET is set, from the endpoint registered in the Test dashboard",
            "whsec_ does not say test or live: only the dashboard the endpoint is registered in does. The endpoint URL must be staging's.",
            "heroku config:get STRIPE_WEBHOOK_SECRET --app raxx-queue-staging | cut -c1-6",
            "whsec_, and the Test dashboard's endpoint is https://raxx-queue-staging-403c1aa5941f.herokuapp.com/api/v1/billing/webhook",
            KeyKind::WebhookSecret,
        ),
        item(
            "not-prod",
            "No terminal tab or dashboard is pointed at raxx-queue-prod",
            "A test run against prod Queue writes test rows into the production database (a SEV-2).",
            "heroku apps:info --app raxx-queue-staging",
            "Every open session names raxx-queue-staging, none raxx-queue-prod",
        ),
        item(
            "clock-time",
            "The test clock is at the expected frozen time (when using test clocks)",
            "Advances are computed from the clock's frozen time; a clock advanced elsewhere shifts every later step.",
            "curl -sS -u \"${RKEY}:\" https://api.stripe.com/v1/test_helpers/test_clocks/$CLOCK",
            "status ready, frozen_time as the playbook step says",
        ),
    ],
};

const WIRING: Checklist = Checklist {
    id: "wiring",
    title: "Environment wiring: staging can receive and apply Stripe test events",
    required: true,
    items: &[
        guarded(
            "staging-key",
            "STRIPE_RESTRICTED_KEY set on raxx-queue-staging from the vault (test key)",
            "The readiness report found no Stripe keys in staging's vault or Heroku apps; nothing can reach Stripe without them.",
            "infisical secrets get STRIPE_RESTRICTED_KEY --path /Raxx/Queue/Billing/Stripe --env staging --plain | cut -c1-8",
            "rk_test_ (the value itself is set with heroku config:set, never pasted in chat or logs)",
            KeyKind::Restricted,
        ),
        item(
            "vault-path",
            "Keys promoted from the legacy /MooseQuest/stripe/ path to /Raxx/Queue/Billing/Stripe/",
            "The running code and the vault disagreed on path and variable name (STRIPE_SECRET_KEY vs STRIPE_RESTRICTED_KEY).",
            "infisical secrets --path /Raxx/Queue/Billing/Stripe --env staging",
            "STRIPE_RESTRICTED_KEY, STRIPE_WEBHOOK_SECRET and the price ids are listed",
        ),
        item(
            "queue-deployed",
            "Queue staging has a deployed slug",
            "Staging answered Heroku's welcome page: no queue-server was running.",
            "curl -sS https://raxx-queue-staging-403c1aa5941f.herokuapp.com/health",
            "{\"status\":\"ok\"} from Queue, not Heroku's welcome page",
        ),
        sql_item(
            "schema-applied",
            "The sqitch billing schema is applied to the staging database",
            "Without billing_customer, billing_subscription, billing_invoice and processed_stripe_events nothing persists. No tables at all: the sqitch migrations have not run (check the release logs).",
            &runbook_sql::BILLING_TABLES,
        ),
        item(
            "flag-on",
            "FLAG_QUEUE_BILLING=true on raxx-queue-staging",
            "The flag defaults to false.",
            "heroku config:set FLAG_QUEUE_BILLING=true --app raxx-queue-staging >/dev/null",
            "heroku config:get FLAG_QUEUE_BILLING answers true",
        ),
        item(
            "endpoint-registered",
            "The staging webhook endpoint is registered in the Stripe Test dashboard",
            "Never register a test endpoint in the live dashboard, or a live one in the test dashboard.",
            "Dashboard (Test mode) > Developers > Webhooks > Add endpoint",
            "URL https://raxx-queue-staging-403c1aa5941f.herokuapp.com/api/v1/billing/webhook with customer.*, customer.subscription.*, invoice.created, invoice.payment_succeeded, invoice.payment_failed, checkout.session.completed",
        ),
        guarded(
            "webhook-secret-set",
            "STRIPE_WEBHOOK_SECRET on raxx-queue-staging is that endpoint's signing secret",
            "A secret from another endpoint makes every delivery fail with \"No signatures found matching the expected signature\".",
            "heroku config:get STRIPE_WEBHOOK_SECRET --app raxx-queue-staging | cut -c1-6",
            "whsec_ (then a signed test event from the signer is answered 200)",
            KeyKind::WebhookSecret,
        ),
        item(
            "price-ids",
            "Price ids for every tier are configured",
            "The readiness report found no price ids in code or config; subscriptions cannot be created without them.",
            "heroku config --app raxx-queue-staging | grep -E 'STRIPE_(PRICE_ID_PRO|PRICE_ID_PRO_PLUS|FOUNDERS_PRICE_ID)'",
            "Three price_ ids from the Test-mode products",
        ),
        item(
            "internal-token",
            "QUEUE_INTERNAL_SERVICE_TOKEN exists for the Console and this tool",
            "The internal billing API answers 401 without it; the Console's billing view stays empty.",
            "infisical secrets get QUEUE_INTERNAL_SERVICE_TOKEN --path /Raxx/Queue/Internal --env staging --plain | wc -c",
            "A non-zero length (never print the token)",
        ),
    ],
};

const VERIFY: Checklist = Checklist {
    id: "verify",
    title: "Verify: the test events reached Queue and Raptor",
    required: false,
    items: &[
        sql_item(
            "customer-row",
            "The test customer's row is in Queue (after a customer.created)",
            "A 200 from the webhook only says the event was accepted; the row says Queue applied it.",
            &runbook_sql::CUSTOMERS,
        ),
        sql_item(
            "subscription-row",
            "The subscription's row is in Queue (after a customer.subscription.created)",
            "Its plan tier and status are what the paywall answers from.",
            &runbook_sql::SUBSCRIPTIONS,
        ),
        sql_item(
            "dedup-row",
            "The dedup table holds each event's id",
            "processed_stripe_events makes a redelivery a no-op: without the id, Stripe's next retry applies the event twice.",
            &runbook_sql::DEDUP,
        ),
        sql_item(
            "paid-invoice",
            "The paid invoice is in Queue (after an invoice.payment_succeeded)",
            "The invoice's paid status and time are the record that the first payment went through.",
            &runbook_sql::PAID_INVOICES,
        ),
        sql_item(
            "mirror-row",
            "Raptor's mirror received the fan-out (POST /api/internal/billing/mirror-sync)",
            "Raptor answers from its mirror, not from Queue. No table at all: Raptor's E-4 migration (billing_subscription_mirror) has not been applied.",
            &runbook_sql::MIRROR,
        ),
    ],
};

const CLEANUP: Checklist = Checklist {
    id: "cleanup",
    title: "Cleanup after a run",
    required: false,
    items: &[
        item(
            "purge-stripe",
            "Delete the run's test customers in Stripe (test mode)",
            "Findable by the test+billing-YYYYMMDD naming; deleting a customer cancels its subscriptions.",
            "curl -sS -u \"${RKEY}:\" \"https://api.stripe.com/v1/customers?email=test%2Bbilling-$(date +%Y%m%d)%40raxx.app&limit=100\"\ncurl -sS -u \"${RKEY}:\" -X DELETE \"https://api.stripe.com/v1/customers/cus_XXX\"",
            "\"deleted\": true for each",
        ),
        item(
            "delete-clocks",
            "Delete the run's test clocks",
            "Clocks expire on their own (read deletes_after), but deleting keeps the dashboard clean; it also deletes the clock's customers.",
            "curl -sS -u \"${RKEY}:\" https://api.stripe.com/v1/test_helpers/test_clocks\ncurl -sS -u \"${RKEY}:\" -X DELETE https://api.stripe.com/v1/test_helpers/test_clocks/clock_XXX",
            "\"deleted\": true",
        ),
        sql_item(
            "purge-queue",
            "Purge the test rows from Queue staging",
            "The cascade removes their subscriptions and invoices; billing_action_log rows stay (append-only audit trail). A purge bypasses Queue's fan-out: Raptor's mirror keeps the purged subscriptions' rows, and the paywall their access, unless each customer's deletion reached Queue from Stripe first, which is why Stripe's delete comes first.",
            &runbook_sql::PURGE_TEST_CUSTOMERS,
        ),
        sql_item(
            "prod-customers",
            "No test customer reached prod Queue",
            "Any test+billing- email in prod is a contamination event: STOP, this is a SEV-2. Do not delete the rows: preserve state and escalate to the operator.",
            &runbook_sql::PROD_TEST_CUSTOMERS,
        ),
        sql_item(
            "prod-events",
            "No test event reached prod Queue",
            "Test events in prod's dedup table are a contamination event: STOP, SEV-2; preserve state and escalate.",
            &runbook_sql::PROD_TEST_EVENTS,
        ),
        item(
            "apple-history",
            "Clear the Apple sandbox tester's purchase history",
            "Sandbox testers cannot be deleted; clearing history lets the same tester start fresh.",
            "App Store Connect > Users and Access > Sandbox > Testers > (tester) > Clear Purchase History",
            "The tester shows no purchases",
        ),
    ],
};

const IOS: Checklist = Checklist {
    id: "ios",
    title: "iOS sandbox set-up",
    required: false,
    items: &[
        item(
            "tester",
            "Create a sandbox tester",
            "Sandbox purchases never charge money; one tester per isolated state (never purchased, mid-subscription).",
            "App Store Connect > Users and Access > Sandbox > Testers > (+)",
            "A tester in region United States, email verified",
        ),
        item(
            "tester-secret",
            "Store the tester's password and security answer in the vault",
            "They are credentials; they never go in docs, tickets or chat.",
            "infisical secrets set SANDBOX_TESTER_PASSWORD --path /Raxx/iOS/Sandbox --env staging",
            "The secret exists (its value is never printed)",
        ),
        item(
            "renewal-rate",
            "Set the tester's renewal rate",
            "Sandbox renews a month every 5 minutes by default (a year every hour), up to 12 renewals; the rate is configurable per tester.",
            "App Store Connect > Sandbox > Testers > (tester) > Subscription renewal rate",
            "The rate the test plan needs (monthly every 5 min by default)",
        ),
        item(
            "notifications-url",
            "App Store Server Notifications V2 point at staging",
            "Raptor mirrors iOS subscriptions from signed notifications; the sandbox sends each notification once, with no retries.",
            "App Store Connect > App > App Information > App Store Server Notifications (Sandbox URL)",
            "The sandbox URL is staging's /api/subscriptions/apple/notifications, version 2",
        ),
        item(
            "purchase",
            "Buy a subscription on a device with the sandbox tester",
            "The Simulator does not support IAP; sign out of the real Apple ID and use the tester only at the purchase prompt.",
            "Raxx iOS app > Subscribe; Apple's sheet shows [Environment: Sandbox]",
            "The purchase completes with no charge",
        ),
        sql_item(
            "mirror-row",
            "The purchase reached Raptor's mirror with its durable id",
            "original_transaction_id stays the same across renewals; the rolling transaction_id must not be stored instead.",
            &runbook_sql::IOS_MIRROR,
        ),
    ],
};

/// Every checklist: pre-flight and wiring (both required), the §6 verification, then
/// cleanup and iOS.
pub static CHECKLISTS: [Checklist; 5] = [PREFLIGHT, WIRING, VERIFY, CLEANUP, IOS];

/// The required checklists without their items' prose, for readiness: a page that shows
/// only the readiness banner (the signer, the clocks) then carries none of the text.
pub static REQUIRED_OUTLINES: [Outline; 2] = [
    outline(
        &PREFLIGHT,
        &item_ids::<{ PREFLIGHT.items.len() }>(PREFLIGHT.items),
    ),
    outline(&WIRING, &item_ids::<{ WIRING.items.len() }>(WIRING.items)),
];

/// The runbook's hard rules, shown whenever a live key is detected.
pub const HARD_RULES: [&str; 6] = [
    "NEVER use Stripe test cards (4242..., 4000...) against live Stripe keys.",
    "NEVER register a test webhook endpoint in the Stripe Live dashboard.",
    "NEVER register a live webhook endpoint in the Stripe Test dashboard.",
    "NEVER point the prod Queue app (raxx-queue-prod) at test-mode Stripe keys.",
    "NEVER use real credit card numbers in Stripe test mode dashboards.",
    "A live key (rk_live_ or sk_live_) accepts test card numbers without error but creates real charges: irreversible without a refund cycle.",
];
