//! One connection to either engine, used the same way: the queries above this module are
//! written once, with `?N` parameters, and run on SQLite or Postgres.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use rusqlite::OpenFlags;

use super::error::{Error, Result};
use super::pg::PgConn;
use super::value::{Row, ToValue, Value};

/// Where a database is: a SQLite file, or a Postgres URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    /// A `postgres://` URL, or an error saying what is expected.
    pub fn postgres(url: &str) -> Result<Location, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Location::Postgres(url.to_string()))
        } else {
            // Without its password: the message is printed.
            Err(format!(
                "\"{}\" is not a Postgres URL: it should start with postgres:// (for SQLite, use --db PATH)",
                without_password(url)
            ))
        }
    }

    /// For the banner and logs: the path, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => without_password(url),
        }
    }
}

/// `postgres://user:secret@host/db` -> `postgres://user@host/db`: a password is a secret.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((user_info, host)) => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}@{host}")
        }
        None => url.to_string(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub enum Conn {
    Sqlite(rusqlite::Connection),
    // Boxed: the client is three times rusqlite's size, and pools hold many of these.
    Postgres(Box<PgConn>),
}

impl Conn {
    pub fn open(target: &Location) -> Result<Conn> {
        match target {
            Location::Sqlite(path) => open_sqlite(path).map(Conn::Sqlite),
            Location::Postgres(url) => PgConn::connect(url).map(|c| Conn::Postgres(Box::new(c))),
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    /// Whether the connection is gone for good (Postgres restarted or ended the backend);
    /// a SQLite file's connection never is.
    pub fn is_broken(&self) -> bool {
        match self {
            Conn::Sqlite(_) => false,
            Conn::Postgres(c) => c.is_closed(),
        }
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn ToValue]) -> Result<usize> {
        match self {
            Conn::Sqlite(c) => Ok(c.prepare_cached(sql)?.execute(sqlite_params(params))?),
            Conn::Postgres(c) => c.execute(sql, params),
        }
    }

    /// Runs a write whose row count nothing needs. In a Postgres transaction it is sent
    /// with the next statement that is waited for (or COMMIT), in one round trip, and its
    /// error is that statement's; elsewhere it runs at once.
    pub fn write(&self, sql: &str, params: &[&dyn ToValue]) -> Result<()> {
        match self {
            Conn::Sqlite(_) => self.execute(sql, params).map(drop),
            Conn::Postgres(c) => c.write(sql, params),
        }
    }

    /// Runs a write whose row count is needed only after the next statement that is
    /// waited for: on Postgres, in a transaction, both go out in one round trip.
    pub fn execute_later(&self, sql: &str, params: &[&dyn ToValue]) -> Result<LaterCount> {
        let count = Arc::new(OnceLock::new());
        match self {
            Conn::Sqlite(_) => {
                let _ = count.set(self.execute(sql, params)? as u64);
            }
            Conn::Postgres(c) => c.execute_deferred(sql, params, count.clone())?,
        }
        Ok(LaterCount(count))
    }

    /// Every row of a query, each read with `read`.
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        mut read: impl FnMut(&Row) -> Result<T>,
    ) -> Result<std::vec::IntoIter<Result<T>>> {
        let rows = self.query(sql, params)?;
        Ok(rows.iter().map(&mut read).collect::<Vec<_>>().into_iter())
    }

    /// The first row, read with `read`; [`Error::NoRows`] when there is none.
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        read: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        match self.query(sql, params)?.first() {
            Some(row) => read(row),
            None => Err(Error::NoRows),
        }
    }

    pub fn exists(&self, sql: &str, params: &[&dyn ToValue]) -> Result<bool> {
        Ok(!self.query(sql, params)?.is_empty())
    }

    /// Several statements, no parameters (migrations).
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(c) => c.batch(sql),
        }
    }

    /// Begins a transaction, rolled back unless committed. SQLite's takes the write lock
    /// at once (IMMEDIATE), so it never fails half-way on a busy database.
    pub fn transaction(&self) -> Result<Tx<'_>> {
        match self {
            Conn::Sqlite(c) => c.execute_batch("BEGIN IMMEDIATE")?,
            Conn::Postgres(c) => c.begin()?,
        }
        Ok(Tx {
            conn: self,
            open: true,
        })
    }

    /// Within a transaction: waits for, then holds until the end, the lock named `key`.
    /// Postgres's writers run side by side, so two deliveries about one customer (or
    /// one App Store subscription) take turns; SQLite's one writer already does.
    pub fn lock(&self, key: &str) -> Result<()> {
        match self.engine() {
            Engine::Sqlite => Ok(()),
            Engine::Postgres => self.write(
                "SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))",
                crate::params![key],
            ),
        }
    }

    /// Ends the open transaction: COMMIT or ROLLBACK.
    fn end_transaction(&self, commit: bool) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(if commit { "COMMIT" } else { "ROLLBACK" })?),
            Conn::Postgres(c) => c.end(commit),
        }
    }

    fn query(&self, sql: &str, params: &[&dyn ToValue]) -> Result<Vec<Row>> {
        match self {
            Conn::Sqlite(c) => sqlite_query(c, sql, params),
            Conn::Postgres(c) => c.query(sql, params),
        }
    }
}

/// The row count of a statement sent with [`Conn::execute_later`].
pub struct LaterCount(Arc<OnceLock<u64>>);

impl LaterCount {
    /// The count, sending the statement now if no statement waited for has taken it.
    pub fn get(&self, conn: &Conn) -> Result<usize> {
        if self.0.get().is_none() {
            if let Conn::Postgres(c) = conn {
                c.flush()?;
            }
        }
        self.0
            .get()
            .map(|&n| n as usize)
            .ok_or_else(|| Error::Other("a deferred statement never ran".into()))
    }
}

/// An open transaction; dereferences to its connection.
pub struct Tx<'c> {
    conn: &'c Conn,
    open: bool,
}

impl Tx<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        self.conn.end_transaction(true)
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing to report to: the error that ended the transaction early is.
            let _ = self.conn.end_transaction(false);
        }
    }
}

fn open_sqlite(path: &std::path::Path) -> Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open_with_flags(
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
    // The writer runs about 40 distinct statements: all of them stay prepared.
    conn.set_prepared_statement_cache_capacity(128);
    Ok(conn)
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(n) => ValueRef::Integer(*n),
            Value::Real(x) => ValueRef::Real(*x),
            Value::Bool(b) => ValueRef::Integer(i64::from(*b)),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

fn sqlite_params(params: &[&dyn ToValue]) -> rusqlite::ParamsFromIter<Vec<Value>> {
    rusqlite::params_from_iter(params.iter().map(|p| p.to_value()).collect::<Vec<_>>())
}

fn sqlite_query(c: &rusqlite::Connection, sql: &str, params: &[&dyn ToValue]) -> Result<Vec<Row>> {
    use rusqlite::types::ValueRef;
    let mut statement = c.prepare_cached(sql)?;
    let columns: Arc<[String]> = statement.column_names().map(str::to_string).collect();
    let mut rows = statement.query(sqlite_params(params))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let values = (0..columns.len())
            .map(|i| {
                Ok(match row.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) => Value::Int(n),
                    ValueRef::Real(x) => Value::Real(x),
                    ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Value::Blob(b.to_vec()),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        out.push(Row::new(columns.clone(), values));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::Location;

    #[test]
    fn a_refused_url_is_echoed_without_its_password() {
        let refused = Location::postgres("mysql://queue:s3cret@db.internal/queue").unwrap_err();
        assert!(
            refused.contains("mysql://queue@db.internal/queue"),
            "{refused}"
        );
        assert!(!refused.contains("s3cret"), "{refused}");
        let shown = Location::postgres("postgres://queue:s3cret@db/queue")
            .unwrap()
            .describe();
        assert_eq!(shown, "postgres://queue@db/queue");
    }
}
