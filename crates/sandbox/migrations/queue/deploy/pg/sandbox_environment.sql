-- Deploy queue:sandbox_environment (Postgres)
-- Which environment this database stands for (one row, set when it is first used): a
-- database marked production is never seeded (wiped), and the runbook's §8 counts on it
-- are a SEV-2 when non-zero. Not a billing_ table: `\dt billing_*` does not list it.
CREATE TABLE sandbox_environment (
    environment TEXT NOT NULL CHECK (environment IN ('staging', 'production'))
);
