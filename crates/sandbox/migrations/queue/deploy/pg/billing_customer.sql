-- Deploy queue:billing_customer (Postgres)
CREATE TABLE billing_customer (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    stripe_customer_id TEXT COLLATE "C" NOT NULL UNIQUE,
    user_id TEXT,
    billing_email TEXT NOT NULL,
    name TEXT,
    livemode BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    -- The `created` of the newest customer event applied (0 for a placeholder).
    event_created BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS billing_customer_email ON billing_customer (billing_email);
