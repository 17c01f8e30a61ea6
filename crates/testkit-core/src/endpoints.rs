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

/// The URL a runner may send test traffic to, without a trailing slash; or why not: it
/// must be absolute `http` or `https` with a host, carry no credentials (reports print
/// the URLs) and not be a production billing endpoint. `what` names the input.
pub fn check_http_url(what: &str, url: &str) -> Result<String, String> {
    let url = url.trim();
    if url.is_empty() {
        return Err(format!("Enter the {what}."));
    }
    let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    if !matches!(scheme.as_deref(), Some("http" | "https")) {
        return Err(format!(
            "The {what} must be an absolute http or https URL (such as http://127.0.0.1:8080)."
        ));
    }
    if url.chars().any(char::is_whitespace) {
        return Err(format!("The {what} must not contain spaces."));
    }
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(format!(
            "The {what} must not carry credentials (user:password@): the report prints it."
        ));
    }
    if host_of(url).is_none_or(|h| h.is_empty()) {
        return Err(format!("The {what} has no host."));
    }
    if let Some(refusal) = refuse_destination(url) {
        return Err(refusal);
    }
    Ok(url.trim_end_matches('/').to_string())
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

    #[test]
    fn checks_urls_for_test_traffic() {
        let ok = |u: &str| check_http_url("receiver URL", u).unwrap();
        let err = |u: &str| check_http_url("receiver URL", u).unwrap_err();
        assert_eq!(ok(" http://127.0.0.1:8080/ "), "http://127.0.0.1:8080");
        assert_eq!(
            ok("HTTPS://staging.example/api/v1/billing/webhook"),
            "HTTPS://staging.example/api/v1/billing/webhook"
        );
        assert_eq!(err(""), "Enter the receiver URL.");
        assert!(err("/api/v1/billing/webhook").contains("absolute http or https"));
        assert!(err("ftp://127.0.0.1/x").contains("absolute http or https"));
        assert!(err("http://a b/").contains("spaces"));
        assert!(err("http://u:p@127.0.0.1:8080/").contains("credentials"));
        assert!(ok("http://127.0.0.1:8080/?email=a@b").ends_with("a@b"));
        assert!(err("http:///x").contains("no host"));
        assert!(err("https://queue.raxx.app/api/v1/billing/webhook").contains("production"));
    }
}
