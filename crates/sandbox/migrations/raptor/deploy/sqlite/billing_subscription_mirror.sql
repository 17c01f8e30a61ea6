-- Deploy raptor:billing_subscription_mirror (SQLite)
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
    -- When the row was first written (the runbook's §7 query orders by it).
    created_at TEXT,
    -- iOS rows: when Apple signed the notification applied last (Unix ms), and the
    -- appAccountToken that ties the purchase to a user.
    apple_signed_date INTEGER,
    app_account_token TEXT
);
CREATE INDEX IF NOT EXISTS billing_subscription_mirror_source ON billing_subscription_mirror (subscription_source, id);
