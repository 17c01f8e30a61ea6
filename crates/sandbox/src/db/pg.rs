//! The Postgres side of [`super::Conn`]: the synchronous client, its prepared statements
//! kept by text, `?N` written as `$N`, and every parameter sent as text so that Postgres
//! types it from its column, as psql would (an `i64` fills an INTEGER, a `bool` a BOOLEAN).

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;
use std::sync::Arc;

use postgres::types::{to_sql_checked, Format, IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};

use super::error::{Error, Result};
use super::value::{Row, ToValue, Value};

pub struct PgConn {
    /// Always `Some` until dropped (see `Drop`).
    client: Option<RefCell<Client>>,
    statements: RefCell<HashMap<String, Statement>>,
}

impl Drop for PgConn {
    fn drop(&mut self) {
        // Closing the client blocks on its own runtime, which tokio forbids on one of its
        // threads (where a pool is dropped when the server stops): close it on another.
        if let Some(client) = self.client.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                std::thread::spawn(move || drop(client));
            }
        }
    }
}

impl PgConn {
    pub fn connect(url: &str) -> Result<PgConn> {
        Ok(PgConn {
            client: Some(RefCell::new(Client::connect(url, NoTls)?)),
            statements: RefCell::new(HashMap::new()),
        })
    }

    fn client(&self) -> std::cell::RefMut<'_, Client> {
        self.client
            .as_ref()
            .expect("open until dropped")
            .borrow_mut()
    }

    fn statement(&self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let prepared = self.client().prepare(&dollar_params(sql))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_string(), prepared.clone());
        Ok(prepared)
    }

    pub fn execute(&self, sql: &str, params: &[&dyn ToValue]) -> Result<usize> {
        let statement = self.statement(sql)?;
        let values = text_params(params);
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        Ok(self.client().execute(&statement, &refs)? as usize)
    }

    pub fn query(&self, sql: &str, params: &[&dyn ToValue]) -> Result<Vec<Row>> {
        let statement = self.statement(sql)?;
        let values = text_params(params);
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        let rows = self.client().query(&statement, &refs)?;
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
        self.client().is_closed()
    }

    pub fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.client().batch_execute(sql)?)
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

fn read(row: &postgres::Row, i: usize) -> Result<Value> {
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
