-- Deploy raptor:sandbox_apple_test_chain (SQLite)
CREATE TABLE IF NOT EXISTS sandbox_apple_test_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    root_der BLOB NOT NULL,
    intermediate_der BLOB NOT NULL,
    leaf_der BLOB NOT NULL,
    leaf_key_pkcs8 BLOB NOT NULL,
    created_at TEXT NOT NULL
);
