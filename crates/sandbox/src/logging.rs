//! Structured logs: one JSON object per line on stderr. Callers pass only what is safe to
//! print; secrets and tokens are never given to these functions (tokens appear, at most,
//! as a fingerprint).

use std::io::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};

use serde_json::{Map, Value};

static LEVEL: AtomicU8 = AtomicU8::new(1);

/// `info` (default), `warn`, or `off`.
pub fn set_level(level: &str) -> Result<(), String> {
    let n = match level {
        "info" => 1,
        "warn" => 2,
        "off" => 3,
        other => {
            return Err(format!(
                "log level must be info, warn or off, not \"{other}\""
            ))
        }
    };
    LEVEL.store(n, Ordering::Relaxed);
    Ok(())
}

fn emit(level: u8, name: &str, event: &str, fields: Value) {
    if level < LEVEL.load(Ordering::Relaxed) {
        return;
    }
    let mut line = Map::new();
    line.insert(
        "ts".into(),
        Value::from(testkit_core::time::rfc3339(crate::now_secs())),
    );
    line.insert("level".into(), Value::from(name));
    line.insert("event".into(), Value::from(event));
    if let Value::Object(extra) = fields {
        line.extend(extra);
    }
    // A closed stderr must not stop the server.
    let _ = writeln!(std::io::stderr(), "{}", Value::Object(line));
}

pub fn info(event: &str, fields: Value) {
    emit(1, "info", event, fields);
}

pub fn warn(event: &str, fields: Value) {
    emit(2, "warn", event, fields);
}

/// "sand…(13 chars)": enough to tell tokens apart in a log, not enough to use one.
pub fn fingerprint(secret: &str) -> String {
    let head: String = secret.chars().take(4).collect();
    format!("{head}…({} chars)", secret.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_do_not_reveal_secrets() {
        let f = fingerprint("whsec_abcdefghijklmnop");
        assert_eq!(f, "whse…(22 chars)");
        assert!(!f.contains("abcdef"));
    }
}
