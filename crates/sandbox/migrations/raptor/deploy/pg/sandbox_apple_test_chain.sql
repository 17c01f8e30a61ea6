-- Deploy raptor:sandbox_apple_test_chain (Postgres)
CREATE TABLE sandbox_apple_test_chain (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    root_der BYTEA NOT NULL,
    intermediate_der BYTEA NOT NULL,
    leaf_der BYTEA NOT NULL,
    leaf_key_pkcs8 BYTEA NOT NULL,
    created_at TEXT NOT NULL
);
