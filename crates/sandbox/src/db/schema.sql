-- Queue's billing tables (and its fan-out outbox) and Raptor's mirror, named as in the runbook. Each row has an
-- integer `seq` (insertion order) and a text `id` (the contract's id, ordered like seq).

CREATE TABLE IF NOT EXISTS billing_customer (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    stripe_customer_id TEXT NOT NULL UNIQUE,
    user_id TEXT,
    billing_email TEXT NOT NULL,
    name TEXT,
    livemode INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    -- The `created` of the newest customer event applied (0 for a placeholder).
    event_created INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS billing_customer_email ON billing_customer (billing_email);

CREATE TABLE IF NOT EXISTS billing_subscription (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    stripe_subscription_id TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL REFERENCES billing_customer (id) ON DELETE CASCADE,
    plan_tier TEXT NOT NULL,
    status TEXT NOT NULL,
    cancel_at_period_end INTEGER NOT NULL DEFAULT 0,
    current_period_end TEXT,
    trial_end TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- The newest Stripe event applied, by `created` then rank (created 0, changed 1,
    -- deleted 2): older events are not re-applied.
    event_created INTEGER NOT NULL DEFAULT 0,
    event_rank INTEGER NOT NULL DEFAULT 0,
    -- Counts the changes fanned out to Raptor: the mirror-sync message's `version`.
    mirror_version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS billing_subscription_customer ON billing_subscription (customer_id);
CREATE INDEX IF NOT EXISTS billing_subscription_status ON billing_subscription (status);

CREATE TABLE IF NOT EXISTS billing_invoice (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    stripe_invoice_id TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL REFERENCES billing_customer (id) ON DELETE CASCADE,
    subscription_id TEXT REFERENCES billing_subscription (id) ON DELETE SET NULL,
    status TEXT NOT NULL,
    amount_due INTEGER NOT NULL,
    currency TEXT NOT NULL,
    paid_at TEXT,
    created_at TEXT NOT NULL,
    -- The `created` of the newest invoice event applied.
    event_created INTEGER NOT NULL DEFAULT 0,
    -- The Stripe subscription it bills, kept so that a subscription arriving after its
    -- invoice is linked to it.
    stripe_subscription_id TEXT,
    -- When a payment of it last failed (`created` of invoice.payment_failed).
    payment_failed_at INTEGER
);
CREATE INDEX IF NOT EXISTS billing_invoice_stripe_subscription ON billing_invoice (stripe_subscription_id);
CREATE INDEX IF NOT EXISTS billing_invoice_customer ON billing_invoice (customer_id);

CREATE TABLE IF NOT EXISTS processed_stripe_events (
    event_id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS billing_action_log (
    seq INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_id TEXT,
    detail TEXT NOT NULL,
    created_at TEXT NOT NULL
);
-- Finds deletions quickly: events about a deleted customer are not applied.
CREATE INDEX IF NOT EXISTS billing_action_log_subject ON billing_action_log (action, subject_id);
CREATE TRIGGER IF NOT EXISTS billing_action_log_no_update
    BEFORE UPDATE ON billing_action_log
    BEGIN SELECT RAISE(ABORT, 'billing_action_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS billing_action_log_no_delete
    BEFORE DELETE ON billing_action_log
    BEGIN SELECT RAISE(ABORT, 'billing_action_log is append-only'); END;

-- Raptor's mirror: iOS rows (from App Store notifications) and Stripe rows (Queue's fan-out).
CREATE TABLE IF NOT EXISTS billing_subscription_mirror (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    subscription_source TEXT NOT NULL CHECK (subscription_source IN ('ios', 'stripe')),
    user_id TEXT,
    original_transaction_id TEXT UNIQUE,
    queue_customer_id TEXT,
    -- For Stripe rows: the Queue subscription this row mirrors.
    queue_subscription_id TEXT UNIQUE,
    product_id TEXT,
    plan_tier TEXT NOT NULL,
    status TEXT NOT NULL,
    auto_renew INTEGER,
    current_period_end TEXT,
    environment TEXT,
    updated_at TEXT NOT NULL,
    -- iOS rows: when Apple signed the notification applied last (Unix ms), and the
    -- appAccountToken that ties the purchase to a user.
    apple_signed_date INTEGER,
    app_account_token TEXT
);
CREATE INDEX IF NOT EXISTS billing_subscription_mirror_source ON billing_subscription_mirror (subscription_source, id);

-- App Store notifications already processed (dedup on notificationUUID).
CREATE TABLE IF NOT EXISTS processed_apple_notifications (
    notification_uuid TEXT PRIMARY KEY,
    notification_type TEXT NOT NULL,
    signed_date INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

-- appAccountToken -> Raxx user: the app derives the token from the user id, so Raptor
-- can tell whose purchase a notification is about.
CREATE TABLE IF NOT EXISTS apple_account_tokens (
    token TEXT PRIMARY KEY,
    user_id TEXT NOT NULL
);

-- The sandbox's own App Store test chain (one row), when not kept in a file.
CREATE TABLE IF NOT EXISTS sandbox_apple_test_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    root_der BLOB NOT NULL,
    intermediate_der BLOB NOT NULL,
    leaf_der BLOB NOT NULL,
    leaf_key_pkcs8 BLOB NOT NULL,
    created_at TEXT NOT NULL
);

-- Queue's transactional outbox for the mirror fan-out: one row per committed change of a
-- Stripe subscription, written in the change's own transaction, delivered to Raptor's
-- POST /api/internal/billing/mirror-sync by the fan-out worker (crates/sandbox/src/fanout/).
CREATE TABLE IF NOT EXISTS mirror_outbox (
    seq INTEGER PRIMARY KEY,
    -- Unique per message; a retry reuses it.
    sync_id TEXT NOT NULL UNIQUE,
    queue_subscription_id TEXT NOT NULL,
    -- The subscription's change counter in Queue (billing_subscription.mirror_version).
    version INTEGER NOT NULL,
    -- The Stripe event whose transaction wrote it (for the log line).
    event_id TEXT NOT NULL,
    -- The request body, as committed.
    body TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    delivered_ms INTEGER
);
-- The worker only ever reads undelivered rows: a partial index keeps that cheap however
-- many delivered rows accumulate.
CREATE INDEX IF NOT EXISTS mirror_outbox_pending ON mirror_outbox (seq) WHERE delivered_ms IS NULL;

-- Raptor's side: the mirror-sync messages applied (dedup on sync_id, and the highest
-- version per subscription, so an older update never overwrites a newer one, even after
-- the mirror row was deleted).
CREATE TABLE IF NOT EXISTS processed_mirror_syncs (
    sync_id TEXT PRIMARY KEY,
    queue_subscription_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    applied_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS processed_mirror_syncs_version ON processed_mirror_syncs (queue_subscription_id, version);
