-- Deploy queue:billing_customer (SQLite)
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
