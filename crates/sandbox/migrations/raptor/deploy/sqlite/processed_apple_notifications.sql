-- Deploy raptor:processed_apple_notifications (SQLite)
CREATE TABLE IF NOT EXISTS processed_apple_notifications (
    notification_uuid TEXT PRIMARY KEY,
    notification_type TEXT NOT NULL,
    signed_date INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
