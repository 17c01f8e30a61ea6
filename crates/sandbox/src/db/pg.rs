//! The Postgres side of [`super::Conn`]: tokio-postgres on a runtime of its own (the
//! callers are blocking threads), prepared statements kept by text, `?N` written as `$N`,
//! and every parameter sent as text so that Postgres types it from its column, as psql
//! would (an `i64` fills an INTEGER, a `bool` a BOOLEAN).
//!
//! Every statement is a round trip, and on a shared machine the round trips, not the
//! statements, are the cost. So a write whose answer nothing waits for ([`PgConn::write`]:
//! BEGIN, a lock, a log row) is not sent alone: it goes out with the next statement that
//! is waited for, in one pipeline, and its error (if any) is that statement's.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::error::Error as StdError;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

use futures_util::future::{try_join, try_join_all};
use tokio_postgres::types::{to_sql_checked, Format, IsNull, ToSql, Type};
use tokio_postgres::{Client, NoTls, Statement};

use super::error::{Error, Result};
use super::value::{Row, ToValue, Value};

/// A deferred write: sent when first polled, with the statement waited for next.
type Deferred = Pin<Box<dyn Future<Output = Result<u64, tokio_postgres::Error>> + Send>>;

/// The most writes held back at once.
const DEFER_AT_MOST: usize = 256;

pub struct PgConn {
    /// Always `Some` until dropped (see `Drop`).
    inner: Option<Inner>,
    statements: RefCell<HashMap<String, Statement>>,
    deferred: RefCell<Vec<Deferred>>,
    /// Between BEGIN and COMMIT or ROLLBACK ([`super::Tx`]): only then are writes deferred.
    in_transaction: Cell<bool>,
}

struct Inner {
    /// Drives the connection while a call waits on it.
    runtime: tokio::runtime::Runtime,
    client: Arc<Client>,
}

impl Drop for PgConn {
    fn drop(&mut self) {
        // Dropping a runtime on one of tokio's async threads (where a pool is dropped when
        // the server stops) is forbidden: drop it on another thread.
        if let Some(inner) = self.inner.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                std::thread::spawn(move || drop(inner));
            }
        }
    }
}

impl PgConn {
    pub fn connect(url: &str) -> Result<PgConn> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Other(format!("cannot start the Postgres client: {e}")))?;
        let (client, connection) = runtime.block_on(tokio_postgres::connect(url, NoTls))?;
        runtime.spawn(connection);
        Ok(PgConn {
            inner: Some(Inner {
                runtime,
                client: Arc::new(client),
            }),
            statements: RefCell::new(HashMap::new()),
            deferred: RefCell::new(Vec::new()),
            in_transaction: Cell::new(false),
        })
    }

    fn inner(&self) -> &Inner {
        self.inner.as_ref().expect("open until dropped")
    }

    /// Runs `work` with the deferred writes sent before it, in one pipeline.
    fn after_deferred<T>(
        &self,
        work: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T> {
        let deferred = std::mem::take(&mut *self.deferred.borrow_mut());
        let inner = self.inner();
        let (_, answer) = inner
            .runtime
            .block_on(try_join(try_join_all(deferred), work))?;
        Ok(answer)
    }

    fn statement(&self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let inner = self.inner();
        let prepared = self.after_deferred(inner.client.prepare(&dollar_params(sql)))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_string(), prepared.clone());
        Ok(prepared)
    }

    /// `sql` run with `params`, as a future that sends it when first polled: its row count.
    fn executing(&self, sql: &str, params: &[&dyn ToValue]) -> Result<Deferred> {
        let statement = self.statement(sql)?;
        let values = text_params(params);
        let client = self.inner().client.clone();
        Ok(Box::pin(async move {
            let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
            client.execute(&statement, &refs).await
        }))
    }

    pub fn execute(&self, sql: &str, params: &[&dyn ToValue]) -> Result<usize> {
        let running = self.executing(sql, params)?;
        Ok(self.after_deferred(running)? as usize)
    }

    /// A write whose row count is needed, but not before the next statement that is
    /// waited for: in a transaction it goes out with that statement and `count` is set
    /// once it has run; elsewhere it runs at once.
    pub fn execute_deferred(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        count: Arc<OnceLock<u64>>,
    ) -> Result<()> {
        let running = self.executing(sql, params)?;
        if !self.in_transaction.get() {
            let _ = count.set(self.after_deferred(running)?);
            return Ok(());
        }
        self.defer(Box::pin(async move {
            let changed = running.await?;
            let _ = count.set(changed);
            Ok(changed)
        }))
    }

    /// Sends the deferred writes now, alone.
    pub fn flush(&self) -> Result<()> {
        self.after_deferred(async { Ok(()) })
    }

    /// A write whose row count nothing needs: in a transaction it is sent with the next
    /// statement that is waited for (or the transaction's end), not alone, and its error
    /// is that statement's; elsewhere it runs at once.
    pub fn write(&self, sql: &str, params: &[&dyn ToValue]) -> Result<()> {
        if !self.in_transaction.get() {
            return self.execute(sql, params).map(drop);
        }
        let deferred = self.executing(sql, params)?;
        self.defer(deferred)
    }

    /// Holds `write` back until the next statement that is waited for.
    fn defer(&self, write: Deferred) -> Result<()> {
        self.deferred.borrow_mut().push(write);
        // A long run of writes (a seed) goes out in pipelines of this many.
        if self.deferred.borrow().len() >= DEFER_AT_MOST {
            self.flush()?;
        }
        Ok(())
    }

    /// Opens a transaction; BEGIN goes out with its first statement that is waited for.
    pub fn begin(&self) -> Result<()> {
        self.in_transaction.set(true);
        self.write("BEGIN", &[])
    }

    /// The transaction is over: committed (`COMMIT` sent, with any deferred writes) or
    /// rolled back (the deferred writes are never sent).
    pub fn end(&self, commit: bool) -> Result<()> {
        if !commit {
            self.deferred.borrow_mut().clear();
        }
        let ended = self.batch(if commit { "COMMIT" } else { "ROLLBACK" });
        self.in_transaction.set(false);
        ended
    }

    pub fn query(&self, sql: &str, params: &[&dyn ToValue]) -> Result<Vec<Row>> {
        let statement = self.statement(sql)?;
        let values = text_params(params);
        let client = self.inner().client.clone();
        let asked = statement.clone();
        let rows = self.after_deferred(async move {
            let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
            client.query(&asked, &refs).await
        })?;
        let columns: Arc<[String]> = statement
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        rows.iter()
            .map(|row| {
                let values = (0..columns.len())
                    .map(|i| read(row, i))
                    .collect::<Result<Vec<_>>>()?;
                Ok(Row::new(columns.clone(), values))
            })
            .collect()
    }

    /// The server closed the connection (a restart, a terminated backend): it cannot be
    /// used again.
    pub fn is_closed(&self) -> bool {
        self.inner().client.is_closed()
    }

    pub fn batch(&self, sql: &str) -> Result<()> {
        let client = self.inner().client.clone();
        let sql = sql.to_string();
        self.after_deferred(async move { client.batch_execute(&sql).await })
    }
}

/// `?1` -> `$1` and a bare `?` -> the next `$N`, outside quoted text.
fn dollar_params(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut bare = 0;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '?') => {
                out.push('$');
                if !chars.peek().is_some_and(char::is_ascii_digit) {
                    bare += 1;
                    out.push_str(&bare.to_string());
                }
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

fn read(row: &tokio_postgres::Row, i: usize) -> Result<Value> {
    let ty = row.columns()[i].type_();
    let value = match *ty {
        Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(Value::Bool),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)?
            .map(|n| Value::Int(n.into())),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map(|n| Value::Int(n.into())),
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)?
            .map(|x| Value::Real(x.into())),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
            row.try_get::<_, Option<String>>(i)?.map(Value::Text)
        }
        Type::VOID => None,
        _ => {
            return Err(Error::Other(format!(
                "column {} has type {ty}, which the sandbox does not read",
                row.columns()[i].name()
            )))
        }
    };
    Ok(value.unwrap_or(Value::Null))
}

/// A parameter in Postgres's text format: the server parses it as the column's type.
#[derive(Debug)]
struct TextParam(Value);

fn text_params(params: &[&dyn ToValue]) -> Vec<TextParam> {
    params.iter().map(|p| TextParam(p.to_value())).collect()
}

impl ToSql for TextParam {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
        use std::fmt::Write as _;
        let is_bool = *ty == Type::BOOL;
        match &self.0 {
            Value::Null => return Ok(IsNull::Yes),
            Value::Int(n) if is_bool => out.extend_from_slice(if *n != 0 { b"t" } else { b"f" }),
            Value::Int(n) => write!(out, "{n}")?,
            Value::Real(x) => write!(out, "{x}")?,
            Value::Bool(b) if is_bool => out.extend_from_slice(if *b { b"t" } else { b"f" }),
            // A boolean into an integer column (SQLite's way of keeping them).
            Value::Bool(b) => out.extend_from_slice(if *b { b"1" } else { b"0" }),
            Value::Text(s) => out.extend_from_slice(s.as_bytes()),
            Value::Blob(b) => {
                out.extend_from_slice(b"\\x");
                for byte in b {
                    write!(out, "{byte:02x}")?;
                }
            }
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    fn encode_format(&self, _: &Type) -> Format {
        Format::Text
    }

    to_sql_checked!();
}

#[cfg(test)]
mod tests {
    use super::dollar_params;

    #[test]
    fn numbered_parameters_become_dollars_outside_quotes() {
        assert_eq!(
            dollar_params("SELECT '?1', x FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?1', x FROM t WHERE a = $1 AND b = $12"
        );
        assert_eq!(dollar_params("a > ? AND b = ?"), "a > $1 AND b = $2");
    }
}
