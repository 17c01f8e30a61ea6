//! Storage on SQLite (the embedded default: one file holds Queue's and Raptor's tables) or
//! Postgres (the real engine: Queue's and Raptor's databases apart, as in staging). The
//! queries are written once ([`Conn`]); writes go through a [`Writer`] (SQLite: one
//! thread, so webhooks apply in order; Postgres: a few connections side by side, each
//! delivery in its own transaction) and reads through a pool of [`Readers`].

mod conn;
pub mod environment;
mod error;
pub mod migrate;
mod pg;
mod readers;
mod rows;
mod value;
mod writer;

pub use conn::{Conn, Engine, LaterCount, Location, Tx};
pub use error::{Error, OptionalExtension, Result};
pub use migrate::Project;
pub use readers::Readers;
pub use rows::TableRow;
pub use value::{FromValue, Row, ToValue, Value};
pub use writer::Writer;

/// How a database is opened.
pub struct Options {
    /// Start from nothing: Postgres's tables are dropped first (a SQLite file is removed
    /// by the caller).
    pub fresh: bool,
    /// Queue's database is marked with this if it has no mark yet ([`environment`]).
    pub environment: String,
    /// Postgres write connections.
    pub postgres_writers: usize,
}

/// One service's database: where it is, its writer and its readers.
#[derive(Clone)]
pub struct Db {
    pub target: Location,
    pub writer: Writer,
    pub readers: Readers,
}

impl Db {
    /// Opens the database, applies `projects`' migrations and starts the pools.
    pub fn open(target: &Location, projects: &[Project], options: &Options) -> Result<Db> {
        let conn = Conn::open(target)?;
        if options.fresh && conn.engine() == Engine::Postgres {
            for &project in projects {
                migrate::reset(&conn, project)?;
            }
        }
        migrate::migrate(&conn, projects)?;
        if projects.contains(&Project::Queue) {
            environment::mark(&conn, &options.environment)?;
        }
        drop(conn);
        Ok(Db {
            target: target.clone(),
            writer: Writer::start(target, options.postgres_writers)?,
            readers: Readers::new(target),
        })
    }
}

/// The `id` of the row of `table` whose `column` is `value`, if there is one.
pub fn find_id(conn: &Conn, table: &str, column: &str, value: &str) -> Result<Option<String>> {
    conn.query_row(
        &format!("SELECT id FROM {table} WHERE {column} = ?1"),
        crate::params![value],
        |r| r.get(0),
    )
    .optional()
}

/// The next contract id for a table: `prefix` and an 8-digit sequence, so ids sort in
/// insertion order. SQLite's one writer takes the next number in its transaction;
/// Postgres's writers run side by side, so they draw from the table's sequence (a
/// rolled-back transaction leaves a gap, as a serial column does).
pub fn next_id(conn: &Conn, table: &str, prefix: &str) -> Result<(i64, String)> {
    let sql = format!("SELECT {}", next_seq(conn.engine(), table));
    let seq: i64 = conn.query_row(&sql, crate::params![], |r| r.get(0))?;
    Ok((seq, contract_id(prefix, seq)))
}

/// The SQL expression that takes `table`'s next `seq` (see [`next_id`]), for a query that
/// reads other things in the same round trip. On Postgres it names the sequence a
/// BIGSERIAL `seq` gets, so the name is resolved once, when the statement is prepared,
/// not looked up in the catalog on every call.
pub fn next_seq(engine: Engine, table: &str) -> String {
    match engine {
        Engine::Sqlite => format!("(SELECT COALESCE(MAX(seq), 0) + 1 FROM {table})"),
        Engine::Postgres => format!("nextval('{table}_seq_seq')"),
    }
}

/// A contract id: `prefix` and the row's 8-digit `seq`.
pub fn contract_id(prefix: &str, seq: i64) -> String {
    format!("{prefix}{seq:08}")
}

/// After rows were inserted with their own `seq` (the seeds): Postgres's sequences
/// continue after them.
pub fn continue_sequences(conn: &Conn, tables: &[&str]) -> Result<()> {
    if conn.engine() == Engine::Sqlite {
        return Ok(());
    }
    for table in tables {
        conn.query_row(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'seq'), COALESCE(MAX(seq), 0) + 1, false) FROM {table}"
            ),
            crate::params![],
            |_| Ok(()),
        )?;
    }
    Ok(())
}

/// Row counts of each table of `project`, for the stats endpoint and tests.
pub fn counts(conn: &Conn, project: Project) -> Result<Vec<(&'static str, i64)>> {
    project
        .tables()
        .into_iter()
        .filter(|t| !t.starts_with("sandbox_"))
        .map(|t| {
            Ok((
                t,
                conn.query_row(
                    &format!("SELECT COUNT(*) FROM {t}"),
                    crate::params![],
                    |r| r.get(0),
                )?,
            ))
        })
        .collect()
}
