-- Deploy queue:billing_subscription (SQLite)
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
