-- Deploy raptor:processed_mirror_syncs (SQLite)
CREATE TABLE IF NOT EXISTS processed_mirror_syncs (
    sync_id TEXT PRIMARY KEY,
    queue_subscription_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    applied_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS processed_mirror_syncs_version ON processed_mirror_syncs (queue_subscription_id, version);
