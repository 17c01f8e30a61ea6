-- Deploy raptor:apple_account_tokens (Postgres)
CREATE TABLE apple_account_tokens (
    token TEXT PRIMARY KEY,
    user_id TEXT NOT NULL
);
