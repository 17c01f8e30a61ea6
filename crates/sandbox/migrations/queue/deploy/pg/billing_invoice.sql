-- Deploy queue:billing_invoice (Postgres)
CREATE TABLE billing_invoice (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    stripe_invoice_id TEXT COLLATE "C" NOT NULL UNIQUE,
    customer_id TEXT NOT NULL REFERENCES billing_customer (id) ON DELETE CASCADE,
    subscription_id TEXT REFERENCES billing_subscription (id) ON DELETE SET NULL,
    status TEXT NOT NULL,
    amount_due BIGINT NOT NULL,
    currency TEXT NOT NULL,
    paid_at TEXT,
    created_at TEXT NOT NULL,
    -- The `created` of the newest invoice event applied.
    event_created BIGINT NOT NULL DEFAULT 0,
    -- The Stripe subscription it bills, kept so that a subscription arriving after its
    -- invoice is linked to it.
    stripe_subscription_id TEXT,
    -- When a payment of it last failed (`created` of invoice.payment_failed).
    payment_failed_at BIGINT
);
CREATE INDEX IF NOT EXISTS billing_invoice_stripe_subscription ON billing_invoice (stripe_subscription_id);
CREATE INDEX IF NOT EXISTS billing_invoice_customer ON billing_invoice (customer_id);
