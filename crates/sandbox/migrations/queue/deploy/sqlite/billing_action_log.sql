-- Deploy queue:billing_action_log and raptor:billing_action_log (SQLite)
CREATE TABLE IF NOT EXISTS billing_action_log (
    seq INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_id TEXT,
    detail TEXT NOT NULL,
    created_at TEXT NOT NULL
);
-- Finds deletions quickly: events about a deleted customer are not applied.
CREATE INDEX IF NOT EXISTS billing_action_log_subject ON billing_action_log (action, subject_id);
CREATE TRIGGER IF NOT EXISTS billing_action_log_no_update
    BEFORE UPDATE ON billing_action_log
    BEGIN SELECT RAISE(ABORT, 'billing_action_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS billing_action_log_no_delete
    BEFORE DELETE ON billing_action_log
    BEGIN SELECT RAISE(ABORT, 'billing_action_log is append-only'); END;
