//! Known endpoints: where test traffic must never go.

/// Hosts of production billing services (the runbook's Queue prod webhook).
pub const PRODUCTION_HOSTS: [&str; 1] = ["queue.raxx.app"];

/// The host of an absolute URL, lower-cased; `None` for a relative one.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| format!("{h}]"))?
    } else {
        host.split(':').next()?.to_string()
    };
    Some(host.to_ascii_lowercase())
}

/// Why test traffic must not be sent to `url`, if it must not.
pub fn refuse_destination(url: &str) -> Option<String> {
    let host = host_of(url)?;
    PRODUCTION_HOSTS
        .iter()
        .any(|p| host == *p || host.ends_with(&format!(".{p}")))
        .then(|| {
            format!(
                "{host} is a production billing endpoint: test events are never sent there. Use the \
                 staging endpoint or the local sandbox."
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_hosts() {
        assert_eq!(
            host_of("https://Queue.Raxx.app/api/v1/billing/webhook").as_deref(),
            Some("queue.raxx.app")
        );
        assert_eq!(
            host_of("http://user:pw@127.0.0.1:8080/x").as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(host_of("http://[::1]:8080/").as_deref(), Some("[::1]"));
        assert_eq!(host_of("/api/v1/billing/webhook"), None);
    }

    #[test]
    fn refuses_production_only() {
        assert!(refuse_destination("https://queue.raxx.app/api/v1/billing/webhook").is_some());
        assert!(refuse_destination("https://QUEUE.RAXX.APP:443/x").is_some());
        assert!(refuse_destination(
            "https://raxx-queue-staging-403c1aa5941f.herokuapp.com/api/v1/billing/webhook"
        )
        .is_none());
        assert!(refuse_destination("http://127.0.0.1:8080/api/v1/billing/webhook").is_none());
        assert!(refuse_destination("https://queue.raxx.app.evil.example/").is_none());
    }
}
