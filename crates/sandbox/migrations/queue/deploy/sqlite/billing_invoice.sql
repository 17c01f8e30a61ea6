-- Deploy queue:billing_invoice (SQLite)
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
