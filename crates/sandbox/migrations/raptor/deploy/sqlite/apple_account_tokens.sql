-- Deploy raptor:apple_account_tokens (SQLite)
CREATE TABLE IF NOT EXISTS apple_account_tokens (
    token TEXT PRIMARY KEY,
    user_id TEXT NOT NULL
);
