-- Deploy queue:mirror_outbox (Postgres)
CREATE TABLE mirror_outbox (
    seq BIGSERIAL PRIMARY KEY,
    -- Unique per message; a retry reuses it.
    sync_id TEXT COLLATE "C" NOT NULL UNIQUE,
    queue_subscription_id TEXT NOT NULL,
    -- The subscription's change counter in Queue (billing_subscription.mirror_version).
    version BIGINT NOT NULL,
    -- The Stripe event whose transaction wrote it (for the log line).
    event_id TEXT NOT NULL,
    -- The request body, as committed.
    body TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_ms BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    delivered_ms BIGINT
);
-- The worker only ever reads undelivered rows: a partial index keeps that cheap however
-- many delivered rows accumulate.
CREATE INDEX IF NOT EXISTS mirror_outbox_pending ON mirror_outbox (seq) WHERE delivered_ms IS NULL;
