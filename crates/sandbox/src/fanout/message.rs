//! The mirror-sync message: the body Queue's fan-out posts to Raptor's
//! `POST /api/internal/billing/mirror-sync`, with the fields the contract's table fixes,
//! and the strict reading Raptor's receiver gives it (a body that breaks the table is a
//! 400 that writes nothing).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use testkit_core::time::parse_rfc3339;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MirrorSync {
    /// Unique per message; a retry of one message reuses it.
    pub sync_id: String,
    /// Increases with every change of the subscription in Queue.
    pub version: i64,
    pub queue_subscription_id: String,
    pub stripe_subscription_id: String,
    pub queue_customer_id: String,
    pub user_id: Option<String>,
    pub plan_tier: String,
    pub status: String,
    pub cancel_at_period_end: bool,
    pub current_period_end: Option<String>,
    /// The subscription (or its customer) is gone from Queue.
    pub deleted: bool,
    /// Beyond the contract's minimum: when Queue last changed the subscription, which
    /// the mirror keeps as its row's `updated_at` (the receiver's clock when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

impl MirrorSync {
    /// Unique per message (a subscription's versions never repeat) and the same for every
    /// retry, which only re-sends the stored body.
    pub fn sync_id_of(queue_subscription_id: &str, version: i64) -> String {
        format!("msync_{queue_subscription_id}_{version}")
    }
}

/// What a field of the table holds.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    /// "string or null": present all the same, so that a sender that forgot the field is
    /// told rather than read as "none".
    TextOrNull,
    Integer,
    Bool,
}

/// The contract's table; `updated_at` is optional (text or null when sent).
const FIELDS: [(&str, Kind); 11] = [
    ("sync_id", Kind::Text),
    ("version", Kind::Integer),
    ("queue_subscription_id", Kind::Text),
    ("stripe_subscription_id", Kind::Text),
    ("queue_customer_id", Kind::Text),
    ("user_id", Kind::TextOrNull),
    ("plan_tier", Kind::Text),
    ("status", Kind::Text),
    ("cancel_at_period_end", Kind::Bool),
    ("current_period_end", Kind::TextOrNull),
    ("deleted", Kind::Bool),
];

/// Why `value` (None: absent) is not what the table says `key` holds.
fn breaks(key: &str, kind: Kind, value: Option<&Value>) -> Option<String> {
    let fits = match (kind, value) {
        (_, None) => return Some(format!("{key} is missing.")),
        (Kind::Text, Some(v)) => v.is_string(),
        (Kind::TextOrNull, Some(v)) => v.is_string() || v.is_null(),
        (Kind::Integer, Some(v)) => v.is_i64(),
        (Kind::Bool, Some(v)) => v.is_boolean(),
    };
    let wanted = match kind {
        Kind::Text => "a string",
        Kind::TextOrNull => "a string or null",
        Kind::Integer => "an integer",
        Kind::Bool => "true or false",
    };
    (!fits).then(|| {
        format!(
            "{key} must be {wanted}, got {}.",
            value.unwrap_or(&Value::Null)
        )
    })
}

impl MirrorSync {
    /// Reads a request body, or says what in it breaks the contract's table.
    pub fn parse(body: &[u8]) -> Result<MirrorSync, String> {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| format!("The body is not JSON: {e}"))?;
        let Some(object) = value.as_object() else {
            return Err("The body must be a JSON object (the mirror-sync message).".into());
        };
        if let Some(reason) = FIELDS
            .iter()
            .find_map(|(key, kind)| breaks(key, *kind, object.get(*key)))
        {
            return Err(reason);
        }
        if let Some(reason) = object
            .get("updated_at")
            .and_then(|v| breaks("updated_at", Kind::TextOrNull, Some(v)))
        {
            return Err(reason);
        }
        let message: MirrorSync = serde_json::from_value(value)
            .map_err(|e| format!("The body breaks the mirror-sync table: {e}"))?;
        message.check()?;
        Ok(message)
    }

    fn check(&self) -> Result<(), String> {
        let required = [
            ("sync_id", &self.sync_id),
            ("queue_subscription_id", &self.queue_subscription_id),
            ("stripe_subscription_id", &self.stripe_subscription_id),
            ("queue_customer_id", &self.queue_customer_id),
            ("plan_tier", &self.plan_tier),
            ("status", &self.status),
        ];
        if let Some((key, _)) = required.iter().find(|(_, v)| v.trim().is_empty()) {
            return Err(format!("{key} must be a non-empty string."));
        }
        if self.version < 1 {
            return Err(format!(
                "version must be a positive integer, got {}.",
                self.version
            ));
        }
        for (key, time) in [
            ("current_period_end", &self.current_period_end),
            ("updated_at", &self.updated_at),
        ] {
            if let Some(text) = time.as_deref().filter(|t| parse_rfc3339(t).is_none()) {
                return Err(format!(
                    "{key} must be an RFC 3339 time such as 2026-06-17T12:00:00Z, got \"{text}\"."
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn valid() -> Value {
        json!({
            "sync_id": "msync_qsub_00000001_1", "version": 1,
            "queue_subscription_id": "qsub_00000001", "stripe_subscription_id": "sub_1",
            "queue_customer_id": "qcus_00000001", "user_id": null, "plan_tier": "pro",
            "status": "active", "cancel_at_period_end": false,
            "current_period_end": "2026-09-21T14:13:20Z", "deleted": false
        })
    }

    fn parse(value: &Value) -> Result<MirrorSync, String> {
        MirrorSync::parse(value.to_string().as_bytes())
    }

    #[test]
    fn reads_the_contracts_table_and_round_trips() {
        let message = parse(&valid()).unwrap();
        assert_eq!(message.version, 1);
        assert_eq!(message.user_id, None);
        let again = serde_json::to_vec(&message).unwrap();
        assert_eq!(MirrorSync::parse(&again).unwrap(), message);
    }

    #[test]
    fn refuses_what_breaks_the_table() {
        let cases: [(&str, Value); 9] = [
            ("sync_id", json!(null)),
            ("sync_id", json!("")),
            ("version", json!(0)),
            ("version", json!("2")),
            ("version", json!(1.5)),
            ("deleted", json!("no")),
            ("cancel_at_period_end", json!(null)),
            ("current_period_end", json!("tomorrow")),
            ("status", json!(42)),
        ];
        for (key, bad) in cases {
            let mut body = valid();
            body[key] = bad.clone();
            let err = parse(&body).unwrap_err();
            assert!(err.contains(key), "{key}={bad}: {err}");
        }
        for key in ["user_id", "queue_customer_id", "deleted", "version"] {
            let mut body = valid();
            body.as_object_mut().unwrap().remove(key);
            let err = parse(&body).unwrap_err();
            assert!(err.contains(key), "without {key}: {err}");
        }
        assert!(MirrorSync::parse(b"[1]").unwrap_err().contains("object"));
        assert!(MirrorSync::parse(b"{").unwrap_err().contains("not JSON"));
    }
}
