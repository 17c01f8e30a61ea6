//! The environment a Queue database stands for (`sandbox_environment`): staging unless it
//! was created as production. A production database is never wiped by a seed, and is
//! never reopened as staging, so a test cannot land in it by a forgotten option.

use super::conn::{Conn, Engine, Location};
use super::error::{OptionalExtension, Result};

pub const STAGING: &str = "staging";
pub const PRODUCTION: &str = "production";

/// The database's mark, if it has one (a new database has none).
pub fn marked(conn: &Conn) -> Result<Option<String>> {
    let table = match conn.engine() {
        Engine::Sqlite => "SELECT 1 FROM sqlite_master WHERE name = 'sandbox_environment'",
        Engine::Postgres => "SELECT 1 FROM pg_tables WHERE tablename = 'sandbox_environment'",
    };
    if !conn.exists(table, crate::params![])? {
        return Ok(None);
    }
    conn.query_row(
        "SELECT environment FROM sandbox_environment",
        crate::params![],
        |r| r.get(0),
    )
    .optional()
}

/// Refuses to open Queue's database as `wanted` when it is marked otherwise, and to seed
/// (wipe) one marked production. Reads nothing from a SQLite file that does not exist.
pub fn check(at: &Location, wanted: &str, seeding: bool) -> Result<(), String> {
    if let Location::Sqlite(path) = at {
        if !path.exists() {
            return Ok(());
        }
    }
    let mark = Conn::open(at)
        .and_then(|conn| marked(&conn))
        .map_err(|e| format!("cannot read {}: {e}", at.describe()))?;
    match mark.as_deref() {
        Some(PRODUCTION) if seeding => Err(format!(
            "{} is marked production: a seed would wipe it. Seed a staging database instead.",
            at.describe()
        )),
        Some(mark) if mark != wanted => Err(format!(
            "{} is marked {mark}, not {wanted}: start with --database-environment {mark}",
            at.describe()
        )),
        _ => Ok(()),
    }
}

/// Marks a database that has no mark yet.
pub fn mark(conn: &Conn, environment: &str) -> Result<()> {
    if marked(conn)?.is_none() {
        conn.execute(
            "INSERT INTO sandbox_environment (environment) VALUES (?1)",
            crate::params![environment],
        )?;
    }
    Ok(())
}
