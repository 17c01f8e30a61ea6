-- Deploy raptor:processed_mirror_syncs (Postgres)
CREATE TABLE processed_mirror_syncs (
    sync_id TEXT PRIMARY KEY,
    queue_subscription_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    applied_at TEXT NOT NULL,
    -- The order applied in (SQLite's rowid keeps it there).
    seq BIGSERIAL NOT NULL
);
CREATE INDEX IF NOT EXISTS processed_mirror_syncs_version ON processed_mirror_syncs (queue_subscription_id, version);
