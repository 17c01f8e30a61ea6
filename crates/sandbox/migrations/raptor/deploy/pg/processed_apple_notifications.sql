-- Deploy raptor:processed_apple_notifications (Postgres)
CREATE TABLE processed_apple_notifications (
    notification_uuid TEXT PRIMARY KEY,
    notification_type TEXT NOT NULL,
    signed_date BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
