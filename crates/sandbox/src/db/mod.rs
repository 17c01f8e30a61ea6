//! SQLite (WAL) storage: one writer thread owns the only write connection, so every
//! webhook is applied in order, each in its own transaction; reads use a small pool.

mod readers;
mod rows;
mod writer;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

pub use readers::Readers;
pub use rows::TableRow;
pub use writer::Writer;

const SCHEMA: &str = include_str!("schema.sql");

/// Opens (creating if needed) the database with the sandbox's settings.
pub fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // WAL: readers never block the writer. synchronous=NORMAL: a commit survives the
    // process being killed (the crash the sandbox is tested against), not power loss.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// Columns added after the first release, for databases created before them:
/// (table, column, declaration).
const ADDED_COLUMNS: [(&str, &str, &str); 8] = [
    (
        "billing_subscription_mirror",
        "apple_signed_date",
        "INTEGER",
    ),
    ("billing_subscription_mirror", "app_account_token", "TEXT"),
    (
        "billing_customer",
        "event_created",
        "INTEGER NOT NULL DEFAULT 0",
    ),
    (
        "billing_subscription",
        "event_rank",
        "INTEGER NOT NULL DEFAULT 0",
    ),
    (
        "billing_invoice",
        "event_created",
        "INTEGER NOT NULL DEFAULT 0",
    ),
    ("billing_invoice", "stripe_subscription_id", "TEXT"),
    ("billing_invoice", "payment_failed_at", "INTEGER"),
    (
        "billing_subscription",
        "mirror_version",
        "INTEGER NOT NULL DEFAULT 0",
    ),
];

/// Creates the tables if they are missing, and the columns added since.
pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    for (table, column, declaration) in ADDED_COLUMNS {
        let exists: bool = conn
            .prepare(&format!(
                "SELECT 1 FROM pragma_table_info('{table}') WHERE name = ?1"
            ))?
            .exists([column])?;
        let table_exists: bool = conn
            .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1")?
            .exists([table])?;
        if table_exists && !exists {
            conn.execute_batch(&format!(
                "ALTER TABLE {table} ADD COLUMN {column} {declaration}"
            ))?;
        }
    }
    conn.execute_batch(SCHEMA)
}

/// The `id` of the row of `table` whose `column` is `value`, if there is one.
pub fn find_id(
    conn: &Connection,
    table: &str,
    column: &str,
    value: &str,
) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached(&format!("SELECT id FROM {table} WHERE {column} = ?1"))?
        .query_row([value], |r| r.get(0))
        .optional()
}

/// The next contract id for a table: `prefix` and an 8-digit sequence, so ids sort in
/// insertion order. Only called on the writer's connection, inside its transaction.
pub fn next_id(conn: &Connection, table: &str, prefix: &str) -> rusqlite::Result<(i64, String)> {
    let seq: i64 = conn.query_row(
        &format!("SELECT COALESCE(MAX(seq), 0) + 1 FROM {table}"),
        [],
        |r| r.get(0),
    )?;
    Ok((seq, format!("{prefix}{seq:08}")))
}

/// Row counts of every table, for the stats endpoint and tests.
pub fn counts(conn: &Connection) -> rusqlite::Result<Vec<(&'static str, i64)>> {
    const TABLES: [&str; 9] = [
        "billing_customer",
        "billing_subscription",
        "billing_invoice",
        "processed_stripe_events",
        "billing_action_log",
        "billing_subscription_mirror",
        "processed_apple_notifications",
        "mirror_outbox",
        "processed_mirror_syncs",
    ];
    TABLES
        .iter()
        .map(|t| {
            Ok((
                *t,
                conn.query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))?,
            ))
        })
        .collect()
}
