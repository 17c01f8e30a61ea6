//! Simulated failures, so clients can be tested against a real server that misbehaves:
//! a status code, a delay, a rate limit, a non-JSON body, a malformed row, or the bare
//! JSON array older Queue builds answer; and a webhook receiver that answers 200 but
//! mishandles one event type, so a replay can be shown to catch a wrong receiver. Raptor's
//! mirror-sync receiver can be made down, slow or lossy (`drop=FRACTION`), so that the
//! fan-out's lag and drift can be produced on demand.

use std::fmt;
use std::str::FromStr;
use std::sync::RwLock;

/// An API a fault can be attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    QueueCustomers,
    QueueSubscriptions,
    QueueInvoices,
    RaptorSubscriptions,
    Webhook,
    AppleNotifications,
    /// Raptor's `POST /api/internal/billing/mirror-sync` (Queue's fan-out lands there).
    MirrorSync,
}

impl Target {
    pub const ALL: [Target; 7] = [
        Target::QueueCustomers,
        Target::QueueSubscriptions,
        Target::QueueInvoices,
        Target::RaptorSubscriptions,
        Target::Webhook,
        Target::AppleNotifications,
        Target::MirrorSync,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::QueueCustomers => "queue.customers",
            Target::QueueSubscriptions => "queue.subscriptions",
            Target::QueueInvoices => "queue.invoices",
            Target::RaptorSubscriptions => "raptor.subscriptions",
            Target::Webhook => "webhook",
            Target::AppleNotifications => "apple.notifications",
            Target::MirrorSync => "mirror-sync",
        }
    }
}

/// One simulated failure and the API it applies to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fault {
    /// Answer this status with the contract's error body.
    pub status: Option<u16>,
    /// Wait this long before answering.
    pub delay_ms: u64,
    /// Answer 429 with `Retry-After: <seconds>`.
    pub rate_limit: Option<u64>,
    /// Answer an HTML page (as a proxy would) instead of JSON.
    pub html: bool,
    /// Add a row that breaks the contract to list answers.
    pub malformed_row: bool,
    /// Answer lists as a bare JSON array (older Queue builds).
    pub bare_array: bool,
    /// Drop this share of the requests, in millionths, chosen at random: they are
    /// answered 503 without reaching the handler, as a lost request looks to its sender.
    pub drop_ppm: u32,
    /// Webhook: answer 200 to events of these types but apply nothing.
    pub ignore: Vec<String>,
    /// Webhook: answer 200 to events of these types and, instead of applying them,
    /// cancel the subscription they name (a receiver that revokes access on them).
    pub cancel_on: Vec<String>,
}

/// What the webhook receiver does with an event, under the faults in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Treatment {
    /// Applies it as it should.
    Apply,
    /// Answers 200 and applies nothing.
    Ignore,
    /// Answers 200 and cancels the subscription it names instead.
    CancelInstead,
}

impl Fault {
    /// What the receiver does with an event of `event_type`.
    pub fn treatment(&self, event_type: &str) -> Treatment {
        if self.ignore.iter().any(|t| t == event_type) {
            Treatment::Ignore
        } else if self.cancel_on.iter().any(|t| t == event_type) {
            Treatment::CancelInstead
        } else {
            Treatment::Apply
        }
    }
}

/// The event type a webhook option names (`invoice.payment_failed`).
fn event_type(target: Target, key: &str, value: &str) -> Result<String, String> {
    if target != Target::Webhook {
        return Err(format!(
            "{key} is a webhook option, not one for {}",
            target.name()
        ));
    }
    let valid = value.contains('.')
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_');
    if valid {
        Ok(value.to_string())
    } else {
        Err(format!(
            "{key} needs a Stripe event type such as invoice.payment_failed, got \"{value}\""
        ))
    }
}

/// `drop=0.3` as millionths; a fraction from 0 (exclusive) to 1.
fn fraction_ppm(value: &str) -> Result<u32, String> {
    match value.parse::<f64>() {
        Ok(f) if f > 0.0 && f <= 1.0 => Ok((f * 1e6).round() as u32),
        _ => Err(format!(
            "drop needs a fraction above 0 and at most 1, such as 0.3, got \"{value}\""
        )),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultSpec {
    pub target: Target,
    pub fault: Fault,
}

impl FromStr for FaultSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<FaultSpec, String> {
        let (target, options) = text.trim().split_once(':').ok_or_else(|| {
            format!("\"{text}\": expected target:option, e.g. queue.subscriptions:status=500")
        })?;
        let target = Target::ALL
            .into_iter()
            .find(|t| t.name() == target)
            .ok_or_else(|| {
                let names: Vec<_> = Target::ALL.iter().map(|t| t.name()).collect();
                format!(
                    "unknown fault target \"{target}\"; use one of {}",
                    names.join(", ")
                )
            })?;
        let mut fault = Fault::default();
        for option in options.split(',').map(str::trim).filter(|o| !o.is_empty()) {
            let (key, value) = option.split_once('=').unwrap_or((option, ""));
            let number = |what: &str| -> Result<u64, String> {
                value
                    .parse()
                    .map_err(|_| format!("{key} needs a number of {what}, got \"{value}\""))
            };
            match key {
                "status" => {
                    let code = number("an HTTP status")?;
                    if !(400..=599).contains(&code) {
                        return Err(format!("status={code}: a fault status is 400-599"));
                    }
                    fault.status = Some(code as u16);
                }
                "delay" => fault.delay_ms = number("milliseconds")?,
                "rate-limit" => fault.rate_limit = Some(number("seconds")?),
                "html" => fault.html = true,
                "malformed-row" => fault.malformed_row = true,
                "bare-array" => fault.bare_array = true,
                "drop" => fault.drop_ppm = fraction_ppm(value)?,
                "ignore" => fault.ignore.push(event_type(target, key, value)?),
                "cancel-on" => fault.cancel_on.push(event_type(target, key, value)?),
                _ => return Err(format!("unknown fault option \"{key}\"")),
            }
        }
        Ok(FaultSpec { target, fault })
    }
}

impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fault = &self.fault;
        let mut options = Vec::new();
        if let Some(s) = fault.status {
            options.push(format!("status={s}"));
        }
        if fault.delay_ms > 0 {
            options.push(format!("delay={}", fault.delay_ms));
        }
        if let Some(s) = fault.rate_limit {
            options.push(format!("rate-limit={s}"));
        }
        if fault.drop_ppm > 0 {
            options.push(format!("drop={}", f64::from(fault.drop_ppm) / 1e6));
        }
        for (on, name) in [
            (fault.html, "html"),
            (fault.malformed_row, "malformed-row"),
            (fault.bare_array, "bare-array"),
        ] {
            if on {
                options.push(name.to_string());
            }
        }
        for (types, name) in [(&fault.ignore, "ignore"), (&fault.cancel_on, "cancel-on")] {
            options.extend(types.iter().map(|t| format!("{name}={t}")));
        }
        write!(f, "{}:{}", self.target.name(), options.join(","))
    }
}

/// The faults in force; replaceable at runtime.
#[derive(Debug, Default)]
pub struct Faults(RwLock<Vec<FaultSpec>>);

impl Faults {
    pub fn new(specs: Vec<FaultSpec>) -> Faults {
        Faults(RwLock::new(specs))
    }

    pub fn replace(&self, specs: Vec<FaultSpec>) {
        *self.0.write().expect("fault lock") = specs;
    }

    pub fn list(&self) -> Vec<FaultSpec> {
        self.0.read().expect("fault lock").clone()
    }

    /// The fault for `target` (options of several specs for one target combine).
    pub fn for_target(&self, target: Target) -> Option<Fault> {
        let specs = self.0.read().expect("fault lock");
        let mut found = None::<Fault>;
        for spec in specs.iter().filter(|s| s.target == target) {
            let f = found.get_or_insert_with(Fault::default);
            let g = &spec.fault;
            f.status = g.status.or(f.status);
            f.delay_ms = f.delay_ms.max(g.delay_ms);
            f.rate_limit = g.rate_limit.or(f.rate_limit);
            f.html |= g.html;
            f.malformed_row |= g.malformed_row;
            f.bare_array |= g.bare_array;
            f.drop_ppm = f.drop_ppm.max(g.drop_ppm);
            f.ignore.extend(g.ignore.iter().cloned());
            f.cancel_on.extend(g.cancel_on.iter().cloned());
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_specs() {
        let spec: FaultSpec = "raptor.subscriptions:status=503,delay=250".parse().unwrap();
        assert_eq!(spec.target, Target::RaptorSubscriptions);
        assert_eq!(spec.fault.status, Some(503));
        assert_eq!(spec.fault.delay_ms, 250);
        assert_eq!(
            spec.to_string(),
            "raptor.subscriptions:status=503,delay=250"
        );
        let spec: FaultSpec = "queue.customers:html,bare-array,malformed-row,rate-limit=30"
            .parse()
            .unwrap();
        assert!(spec.fault.html && spec.fault.bare_array && spec.fault.malformed_row);
        assert_eq!(spec.fault.rate_limit, Some(30));
    }

    #[test]
    fn webhook_options_name_the_event_types_the_receiver_mishandles() {
        let spec: FaultSpec =
            "webhook:ignore=customer.subscription.deleted,cancel-on=invoice.payment_failed"
                .parse()
                .unwrap();
        assert_eq!(
            spec.fault.treatment("customer.subscription.deleted"),
            Treatment::Ignore
        );
        assert_eq!(
            spec.fault.treatment("invoice.payment_failed"),
            Treatment::CancelInstead
        );
        assert_eq!(spec.fault.treatment("invoice.paid"), Treatment::Apply);
        assert_eq!(
            spec.to_string(),
            "webhook:ignore=customer.subscription.deleted,cancel-on=invoice.payment_failed"
        );
        let faults = Faults::new(vec![
            "webhook:ignore=invoice.paid".parse().unwrap(),
            "webhook:ignore=invoice.created".parse().unwrap(),
        ]);
        let f = faults.for_target(Target::Webhook).unwrap();
        assert_eq!(f.ignore, ["invoice.paid", "invoice.created"]);
        assert!("queue.invoices:ignore=invoice.paid"
            .parse::<FaultSpec>()
            .unwrap_err()
            .contains("webhook option"));
        assert!("webhook:cancel-on=Invoice Paid"
            .parse::<FaultSpec>()
            .unwrap_err()
            .contains("Stripe event type"));
        assert!("webhook:ignore".parse::<FaultSpec>().is_err());
    }

    #[test]
    fn mirror_sync_can_be_down_slow_or_lossy() {
        let spec: FaultSpec = "mirror-sync:drop=0.3,delay=50".parse().unwrap();
        assert_eq!(spec.target, Target::MirrorSync);
        assert_eq!((spec.fault.drop_ppm, spec.fault.delay_ms), (300_000, 50));
        assert_eq!(spec.to_string(), "mirror-sync:delay=50,drop=0.3");
        let down: FaultSpec = "mirror-sync:status=503".parse().unwrap();
        assert_eq!(down.fault.status, Some(503));
        for bad in ["drop=0", "drop=1.5", "drop=most", "drop"] {
            assert!(format!("mirror-sync:{bad}")
                .parse::<FaultSpec>()
                .unwrap_err()
                .contains("fraction"));
        }
        assert_eq!(
            "mirror-sync:drop=1"
                .parse::<FaultSpec>()
                .unwrap()
                .fault
                .drop_ppm,
            1_000_000
        );
    }

    #[test]
    fn explains_bad_specs() {
        assert!("nope"
            .parse::<FaultSpec>()
            .unwrap_err()
            .contains("target:option"));
        assert!("queue.x:html"
            .parse::<FaultSpec>()
            .unwrap_err()
            .contains("unknown fault target"));
        assert!("webhook:status=200"
            .parse::<FaultSpec>()
            .unwrap_err()
            .contains("400-599"));
        assert!("webhook:delay=soon"
            .parse::<FaultSpec>()
            .unwrap_err()
            .contains("milliseconds"));
        assert!("webhook:explode"
            .parse::<FaultSpec>()
            .unwrap_err()
            .contains("unknown fault option"));
    }

    #[test]
    fn specs_for_one_target_combine() {
        let faults = Faults::new(vec![
            "webhook:delay=10".parse().unwrap(),
            "webhook:status=500".parse().unwrap(),
            "queue.invoices:html".parse().unwrap(),
        ]);
        let f = faults.for_target(Target::Webhook).unwrap();
        assert_eq!((f.delay_ms, f.status), (10, Some(500)));
        assert!(faults.for_target(Target::QueueCustomers).is_none());
        faults.replace(Vec::new());
        assert!(faults.for_target(Target::Webhook).is_none());
    }
}
