//! Reading list answers: the contract's envelope or the bare array older Queue builds
//! send, with every row that breaks the contract reported (never silently dropped).

use serde_json::Value;

use crate::contract::FromRow;
use crate::json_text::brief;

/// A row of a page that broke the contract, reported rather than dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    /// Position in the page.
    pub index: usize,
    /// The row's `id` as text, if it had one (a number id is shown as written).
    pub id: Option<String>,
    /// Which field is missing or of the wrong type.
    pub problem: String,
}

/// One list answer read into rows, with what could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// The rows that kept the contract.
    pub rows: Vec<T>,
    /// Another page follows (always false for a bare array).
    pub has_more: bool,
    /// Rows that broke the contract, in page order.
    pub bad_rows: Vec<BadRow>,
    /// The answer was a bare array (one complete page).
    pub bare_array: bool,
    /// The `id` of the page's last item, readable or not: the next `starting_after`.
    pub last_id: Option<String>,
}

/// Why a list answer could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageError {
    /// The body is not JSON (a proxy's HTML error page, say).
    NotJson,
    /// JSON, but neither a list envelope nor an array.
    NotAList,
}

/// Reads a list answer: the contract's envelope or a bare array, keeping every good row and
/// reporting each bad one.
pub fn parse_page<T: FromRow>(text: &str) -> Result<Page<T>, PageError> {
    let value: Value = serde_json::from_str(text).map_err(|_| PageError::NotJson)?;
    let (items, has_more, bare_array) = match value {
        Value::Array(items) => (items, false, true),
        Value::Object(mut map) => match map.remove("data") {
            Some(Value::Array(items)) => (
                items,
                map.get("has_more")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                false,
            ),
            _ => return Err(PageError::NotAList),
        },
        _ => return Err(PageError::NotAList),
    };
    let last_id = items
        .last()
        .and_then(|i| i.get("id"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut page = Page {
        rows: Vec::with_capacity(items.len()),
        has_more,
        bad_rows: Vec::new(),
        bare_array,
        last_id,
    };
    for (index, item) in items.into_iter().enumerate() {
        let id = item
            .get("id")
            .map(|v| v.as_str().map_or_else(|| brief(v), str::to_string));
        match T::from_row(&item) {
            Ok(row) => page.rows.push(row),
            Err(problem) => page.bad_rows.push(BadRow { index, id, problem }),
        }
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::MirrorSubscription;

    const ROW: &str = r#"{"id":"rmir_1","subscription_source":"ios","user_id":null,"original_transaction_id":"2000","queue_customer_id":null,"product_id":null,"plan_tier":"pro","status":"active","auto_renew":true,"current_period_end":null,"environment":"Sandbox","updated_at":"2026-06-01T00:00:00Z"}"#;

    #[test]
    fn reads_the_envelope() {
        let page: Page<MirrorSubscription> = parse_page(&format!(
            r#"{{"object":"list","data":[{ROW}],"has_more":true}}"#
        ))
        .unwrap();
        assert_eq!(
            (page.rows.len(), page.has_more, page.bare_array),
            (1, true, false)
        );
    }

    #[test]
    fn a_bare_array_is_one_complete_page() {
        let page: Page<MirrorSubscription> = parse_page(&format!("[{ROW},{ROW}]")).unwrap();
        assert_eq!(
            (page.rows.len(), page.has_more, page.bare_array),
            (2, false, true)
        );
    }

    #[test]
    fn malformed_rows_are_reported_with_their_id() {
        let text = format!(
            r#"{{"object":"list","data":[{{"id":"malformed_row","status":42}},{ROW},{{"id":7}}],"has_more":false}}"#
        );
        let page: Page<MirrorSubscription> = parse_page(&text).unwrap();
        assert_eq!(page.rows.len(), 1);
        assert_eq!(page.bad_rows.len(), 2);
        assert_eq!(page.bad_rows[0].id.as_deref(), Some("malformed_row"));
        assert!(
            page.bad_rows[0].problem.contains("missing field")
                || page.bad_rows[0].problem.contains("invalid type")
        );
        assert_eq!(
            (page.bad_rows[1].index, page.bad_rows[1].id.as_deref()),
            (2, Some("7"))
        );
    }

    #[test]
    fn not_json_and_not_a_list() {
        assert_eq!(
            parse_page::<MirrorSubscription>("<html>502</html>"),
            Err(PageError::NotJson)
        );
        assert_eq!(
            parse_page::<MirrorSubscription>(r#"{"error":{"code":"x"}}"#),
            Err(PageError::NotAList)
        );
        assert_eq!(
            parse_page::<MirrorSubscription>("42"),
            Err(PageError::NotAList)
        );
    }
}
