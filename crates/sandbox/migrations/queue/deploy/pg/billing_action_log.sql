-- Deploy queue:billing_action_log and raptor:billing_action_log (Postgres)
CREATE TABLE billing_action_log (
    seq BIGSERIAL PRIMARY KEY,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_id TEXT,
    detail TEXT NOT NULL,
    created_at TEXT NOT NULL
);
-- Finds deletions quickly: events about a deleted customer are not applied.
CREATE INDEX IF NOT EXISTS billing_action_log_subject ON billing_action_log (action, subject_id);
-- Append-only: no statement may change or remove its rows, not even the owner's, and
-- not even one that matches none (statement-level, so TRUNCATE is refused too).
CREATE FUNCTION billing_action_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'billing_action_log is append-only';
END
$$;
CREATE TRIGGER billing_action_log_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON billing_action_log
    FOR EACH STATEMENT EXECUTE FUNCTION billing_action_log_append_only();
