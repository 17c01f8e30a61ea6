//! SQLite (WAL) storage: one writer thread owns the only write connection, so every
//! webhook is applied in order, each in its own transaction; reads use a small pool.

mod readers;
mod writer;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

pub use readers::Readers;
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

/// Creates the tables if they are missing.
pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(SCHEMA)
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
    const TABLES: [&str; 6] = [
        "billing_customer",
        "billing_subscription",
        "billing_invoice",
        "processed_stripe_events",
        "billing_action_log",
        "billing_subscription_mirror",
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
