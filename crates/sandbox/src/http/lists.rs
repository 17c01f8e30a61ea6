//! What every list endpoint shares: one page of a table after `starting_after`, filtered
//! by equality, in id order, with `has_more`.

use std::marker::PhantomData;

use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use testkit_core::contract::ListEnvelope;

use crate::db::Conn;
use crate::db::ToValue;

use super::error::ApiError;
use super::query::Paging;
use crate::db::TableRow;
use crate::AppState;

/// A list answer.
pub type ListAnswer<T> = Result<JsonPage<T>, ApiError>;

/// A page of `T` already written as JSON. It is written on the reader's blocking thread,
/// beside the query, into one buffer: writing it on the async thread through axum's `Json`
/// cost as much as the query (many small writes into the response's buffer).
pub struct JsonPage<T>(Vec<u8>, PhantomData<T>);

impl<T> IntoResponse for JsonPage<T> {
    fn into_response(self) -> Response {
        ([(CONTENT_TYPE, "application/json")], self.0).into_response()
    }
}

/// Equality filters: `(column, value)`, applied when the value is present.
pub type Filters = Vec<(&'static str, Option<String>)>;

/// One page of `T`'s table, read on a pooled connection.
pub async fn list<T: TableRow>(
    state: &AppState,
    filters: Filters,
    paging: Paging,
) -> ListAnswer<T> {
    let db = match T::PROJECT {
        crate::db::Project::Queue => &state.queue,
        crate::db::Project::Raptor => &state.raptor,
    };
    let body = db
        .readers
        .run(move |conn| {
            let (rows, has_more) = page::<T>(conn, &filters, &paging)?;
            serde_json::to_vec(&ListEnvelope::new(rows, has_more))
                .map_err(|e| crate::db::Error::Other(format!("writing the page: {e}")))
        })
        .await?;
    Ok(JsonPage(body, PhantomData))
}

/// `SELECT <T's columns> FROM <T's table>` after `paging.starting_after`, filtered, in id
/// order; and whether more rows follow.
pub fn page<T: TableRow>(
    conn: &Conn,
    filters: &Filters,
    paging: &Paging,
) -> crate::db::Result<(Vec<T>, bool)> {
    let mut clauses = Vec::new();
    let mut params: Vec<&dyn ToValue> = Vec::new();
    if let Some(after) = &paging.starting_after.0 {
        clauses.push("id > ?".to_string());
        params.push(after);
    }
    for (column, value) in filters {
        if let Some(value) = value {
            clauses.push(format!("{column} = ?"));
            params.push(value);
        }
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let limit = paging.limit.0 as usize;
    let sql = format!(
        "SELECT {} FROM {}{filter} ORDER BY id LIMIT {}",
        T::COLUMNS.join(", "),
        T::TABLE,
        limit + 1
    );
    let mut rows = conn
        .query_map(&sql, params.as_slice(), |row| T::read(row))?
        .collect::<crate::db::Result<Vec<T>>>()?;
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    Ok((rows, has_more))
}
