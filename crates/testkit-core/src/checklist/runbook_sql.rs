//! The runbook's psql commands (§4's purge, §6.2, §6.3, §6.4, §7, §8) as data, each query
//! exactly as the runbook prints it, with the same query against the sandbox's databases, and the
//! verdict on §8's two contamination counts.

/// Whose database a query reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// Queue: customers, subscriptions, invoices, the webhook dedup table.
    Queue,
    /// Raptor: the subscription mirror (Stripe rows fanned out by Queue, iOS rows).
    Raptor,
}

impl Service {
    /// The service's name, as the runbook writes it.
    pub const fn label(self) -> &'static str {
        match self {
            Service::Queue => "Queue",
            Service::Raptor => "Raptor",
        }
    }

    /// The variable holding the sandbox's database URL for this service: the one the
    /// sandbox itself reads (`--queue-database`, `--raptor-database`) and
    /// `./scripts/run.sh --postgres` exports.
    pub const fn url_variable(self) -> &'static str {
        match self {
            Service::Queue => "QUEUE_DATABASE_URL",
            Service::Raptor => "RAPTOR_DATABASE_URL",
        }
    }
}

/// One psql query and the two ways to run it: on the Heroku app, as the runbook does, and
/// on the sandbox's database.
#[derive(Debug)]
pub struct Psql {
    /// The query (or psql meta-command), exactly as the runbook prints it.
    pub sql: &'static str,
    runbook: &'static str,
    sandbox: &'static str,
}

impl Psql {
    /// `heroku pg:psql --app APP -c "QUERY"`: the runbook's command, on one line.
    pub const fn runbook_command(&self) -> &'static str {
        self.runbook
    }

    /// `psql "$QUEUE_DATABASE_URL" -c "QUERY"` (or Raptor's): the same query on the
    /// sandbox's database, quoted as the runbook quotes it.
    pub const fn sandbox_command(&self) -> &'static str {
        self.sandbox
    }
}

/// Both commands at compile time, so that checklist items can carry them as `&'static str`
/// (a `const fn` cannot format). The tests check each against its parts.
macro_rules! psql {
    ($app:literal, $variable:literal, $sql:literal) => {
        Psql {
            sql: $sql,
            runbook: concat!("heroku pg:psql --app ", $app, " -c \"", $sql, "\""),
            sandbox: concat!("psql \"$", $variable, "\" -c \"", $sql, "\""),
        }
    };
}

/// Where the runbook is wrong about a command, and the check that replaces it.
#[derive(Debug)]
pub struct Erratum {
    /// What is wrong, in one or two sentences.
    pub text: &'static str,
    /// The command to run instead (or as well).
    pub check: Psql,
}

/// One of the runbook's psql commands.
#[derive(Debug)]
pub struct RunbookQuery {
    /// Stable slug (`customers`), for markup and tests.
    pub id: &'static str,
    /// The runbook's section (`6.3`).
    pub section: &'static str,
    /// What the query confirms, in the runbook's terms.
    pub purpose: &'static str,
    /// Whose database it reads.
    pub service: Service,
    /// The Heroku app the runbook runs it on (staging's, or prod's for §8).
    pub app: &'static str,
    /// The query and its two commands.
    pub psql: Psql,
    /// What the runbook expects it to print.
    pub expected: &'static str,
    /// Where the runbook's expectation is wrong, and the check to run instead.
    pub erratum: Option<Erratum>,
    /// A §8 contamination count: one number, 0 when clean, a SEV-2 on prod otherwise.
    pub contamination: bool,
}

impl RunbookQuery {
    /// The query, exactly as the runbook prints it.
    pub const fn sql(&self) -> &'static str {
        self.psql.sql
    }

    /// The runbook's command, on one line.
    pub const fn runbook_command(&self) -> &'static str {
        self.psql.runbook_command()
    }

    /// The sandbox's equivalent.
    pub const fn sandbox_command(&self) -> &'static str {
        self.psql.sandbox_command()
    }
}

/// §4: after the run's test customers are deleted in Stripe, their rows purged from Queue.
pub const PURGE_TEST_CUSTOMERS: RunbookQuery = RunbookQuery {
    id: "purge-test-customers",
    section: "4",
    purpose: "Purge the corresponding rows from Queue staging DB",
    service: Service::Queue,
    app: "raxx-queue-staging",
    psql: psql!(
        "raxx-queue-staging",
        "QUEUE_DATABASE_URL",
        "DELETE FROM billing_customer WHERE billing_email LIKE 'test+billing-%@raxx.app';"
    ),
    expected: "DELETE n, n the test customers removed; the cascade removes their subscriptions and invoices, and billing_action_log keeps its rows",
    erratum: None,
    contamination: false,
};

/// §6.2: Queue's billing tables.
pub const BILLING_TABLES: RunbookQuery = RunbookQuery {
    id: "billing-tables",
    section: "6.2",
    purpose: "Confirm billing tables exist in Queue staging DB",
    service: Service::Queue,
    app: "raxx-queue-staging",
    psql: psql!("raxx-queue-staging", "QUEUE_DATABASE_URL", "\\dt billing_*"),
    expected: "billing_action_log, billing_customer, billing_invoice and billing_subscription, each a table in schema public",
    erratum: Some(Erratum {
        text: "The runbook also lists processed_stripe_events under this command, but the pattern billing_* cannot match it: psql lists only names starting with billing_. Check that table by name.",
        check: psql!(
            "raxx-queue-staging",
            "QUEUE_DATABASE_URL",
            "\\dt processed_stripe_events"
        ),
    }),
    contamination: false,
};

/// §6.3: the test customer's row, after a customer.created.
pub const CUSTOMERS: RunbookQuery = RunbookQuery {
    id: "customers",
    section: "6.3",
    purpose: "Confirm test customer rows are written (after a customer.created)",
    service: Service::Queue,
    app: "raxx-queue-staging",
    psql: psql!(
        "raxx-queue-staging",
        "QUEUE_DATABASE_URL",
        "SELECT id, stripe_customer_id, billing_email, created_at FROM billing_customer ORDER BY created_at DESC LIMIT 5;"
    ),
    expected: "The test customer's row: its cus_ id and billing email",
    erratum: None,
    contamination: false,
};

/// §6.3: the subscription's row, after a customer.subscription.created.
pub const SUBSCRIPTIONS: RunbookQuery = RunbookQuery {
    id: "subscriptions",
    section: "6.3",
    purpose: "Confirm the subscription row is written (after a customer.subscription.created)",
    service: Service::Queue,
    app: "raxx-queue-staging",
    psql: psql!(
        "raxx-queue-staging",
        "QUEUE_DATABASE_URL",
        "SELECT id, stripe_subscription_id, plan_tier, status, current_period_end FROM billing_subscription ORDER BY created_at DESC LIMIT 5;"
    ),
    expected: "The subscription's row: its sub_ id, plan tier, status and period end",
    erratum: None,
    contamination: false,
};

/// §6.3: the dedup table holds the event's id.
pub const DEDUP: RunbookQuery = RunbookQuery {
    id: "dedup",
    section: "6.3",
    purpose: "Confirm dedup table captured the event ID",
    service: Service::Queue,
    app: "raxx-queue-staging",
    psql: psql!(
        "raxx-queue-staging",
        "QUEUE_DATABASE_URL",
        "SELECT event_id, created_at FROM processed_stripe_events ORDER BY created_at DESC LIMIT 5;"
    ),
    expected: "The evt_ id of each event sent",
    erratum: None,
    contamination: false,
};

/// §6.3: the paid invoice, after an invoice.payment_succeeded.
pub const PAID_INVOICES: RunbookQuery = RunbookQuery {
    id: "paid-invoices",
    section: "6.3",
    purpose: "Confirm the paid invoice is written (after an invoice.payment_succeeded)",
    service: Service::Queue,
    app: "raxx-queue-staging",
    psql: psql!(
        "raxx-queue-staging",
        "QUEUE_DATABASE_URL",
        "SELECT id, stripe_invoice_id, status, paid_at FROM billing_invoice WHERE status = 'paid' ORDER BY paid_at DESC LIMIT 5;"
    ),
    expected: "The invoice's row with status paid and its paid_at",
    erratum: None,
    contamination: false,
};

/// §6.4: Raptor's mirror of the Stripe subscription, after Queue's fan-out.
pub const MIRROR: RunbookQuery = RunbookQuery {
    id: "mirror",
    section: "6.4",
    purpose: "Confirm Raptor mirror received fan-out",
    service: Service::Raptor,
    app: "raxx-api-staging",
    psql: psql!(
        "raxx-api-staging",
        "RAPTOR_DATABASE_URL",
        "SELECT queue_customer_id, plan_tier, status, current_period_end, updated_at FROM billing_subscription_mirror ORDER BY updated_at DESC LIMIT 5;"
    ),
    expected: "A row for the test customer's subscription, with the plan tier and status Queue has",
    erratum: None,
    contamination: false,
};

/// §7: the iOS purchase in Raptor's mirror, with its durable id.
pub const IOS_MIRROR: RunbookQuery = RunbookQuery {
    id: "ios-mirror",
    section: "7.4",
    purpose: "Check the subscriptions table for the sandbox transaction",
    service: Service::Raptor,
    app: "raxx-api-staging",
    psql: psql!(
        "raxx-api-staging",
        "RAPTOR_DATABASE_URL",
        "SELECT id, subscription_source, plan_tier, status, original_transaction_id FROM billing_subscription_mirror WHERE subscription_source = 'ios' ORDER BY created_at DESC LIMIT 5;"
    ),
    expected: "A row with subscription_source ios and the purchase's original_transaction_id (not the rolling transaction id)",
    erratum: None,
    contamination: false,
};

/// §8: test customers in prod Queue.
pub const PROD_TEST_CUSTOMERS: RunbookQuery = RunbookQuery {
    id: "prod-test-customers",
    section: "8",
    purpose: "Confirm no test artifacts leaked to prod Queue-DB",
    service: Service::Queue,
    app: "raxx-queue-prod",
    psql: psql!(
        "raxx-queue-prod",
        "QUEUE_DATABASE_URL",
        "SELECT COUNT(*) FROM billing_customer WHERE billing_email LIKE 'test+billing-%';"
    ),
    expected: "0 (anything else: SEV-2)",
    erratum: None,
    contamination: true,
};

/// §8: Stripe test events in prod Queue's dedup table.
pub const PROD_TEST_EVENTS: RunbookQuery = RunbookQuery {
    id: "prod-test-events",
    section: "8",
    purpose: "Also check processed_stripe_events for evt_test_ prefixes",
    service: Service::Queue,
    app: "raxx-queue-prod",
    psql: psql!(
        "raxx-queue-prod",
        "QUEUE_DATABASE_URL",
        "SELECT COUNT(*) FROM processed_stripe_events WHERE event_id LIKE 'evt_test_%';"
    ),
    expected: "0 (anything else: SEV-2)",
    erratum: None,
    contamination: true,
};

/// Every psql command of §4, §6.2, §6.3, §6.4, §7 and §8, in the runbook's order.
pub static RUNBOOK_QUERIES: [&RunbookQuery; 10] = [
    &PURGE_TEST_CUSTOMERS,
    &BILLING_TABLES,
    &CUSTOMERS,
    &SUBSCRIPTIONS,
    &DEDUP,
    &PAID_INVOICES,
    &MIRROR,
    &IOS_MIRROR,
    &PROD_TEST_CUSTOMERS,
    &PROD_TEST_EVENTS,
];

/// What a database stands for: the sandbox records it in Queue's `sandbox_environment`
/// table and reports it as `database_environment` in `GET /__sandbox/info`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatabaseEnvironment {
    /// Staging, or a sandbox standing for it: test data belongs there.
    Staging,
    /// Production: test data there is a contamination incident.
    Production,
}

impl DatabaseEnvironment {
    /// `staging` or `production`, as the sandbox writes it; anything else is `None`.
    pub fn parse(text: &str) -> Option<DatabaseEnvironment> {
        match text.trim() {
            "staging" => Some(DatabaseEnvironment::Staging),
            "production" => Some(DatabaseEnvironment::Production),
            _ => None,
        }
    }
}

/// The runbook's §8 rule, step by step: what to do when a contamination count on prod is
/// not 0.
pub const SEV2_GUIDANCE: [&str; 4] = [
    "STOP. This is a SEV-2 data contamination incident.",
    "Do not delete the rows yet: preserve state.",
    "Escalate to the operator.",
    "The incident requires an RCA and an audit of how test data reached the prod DB.",
];

/// What a §8 count means on a database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contamination {
    /// 0: no test data.
    Clean,
    /// Not 0 on staging (or a sandbox): the test data a run leaves, as expected there.
    ExpectedTestData(u64),
    /// Not 0 on production: a SEV-2 (see [`SEV2_GUIDANCE`]).
    Sev2(u64),
}

impl Contamination {
    /// Short form for markup (`data-verdict`): `clean`, `test-data` or `sev2`.
    pub fn slug(self) -> &'static str {
        match self {
            Contamination::Clean => "clean",
            Contamination::ExpectedTestData(_) => "test-data",
            Contamination::Sev2(_) => "sev2",
        }
    }

    /// One sentence saying what the count means.
    pub fn headline(self) -> String {
        let rows = |n: u64| {
            if n == 1 {
                "1 row".into()
            } else {
                format!("{n} rows")
            }
        };
        match self {
            Contamination::Clean => "Clean: 0 rows, no test data in this database.".into(),
            Contamination::ExpectedTestData(n) => format!(
                "Expected test data: {} on a staging database, where test runs leave them. The same count on production is a SEV-2.",
                rows(n)
            ),
            Contamination::Sev2(n) => format!(
                "SEV-2: {} of test data in the production database.",
                rows(n)
            ),
        }
    }

    /// What to do next: the runbook's SEV-2 steps, or nothing.
    pub fn guidance(self) -> &'static [&'static str] {
        match self {
            Contamination::Sev2(_) => &SEV2_GUIDANCE,
            _ => &[],
        }
    }
}

/// The runbook's §8 rule: 0 is clean; anything else is a SEV-2 on production, and the
/// expected leftovers of test runs on staging.
pub fn contamination_verdict(count: u64, environment: DatabaseEnvironment) -> Contamination {
    match (count, environment) {
        (0, _) => Contamination::Clean,
        (n, DatabaseEnvironment::Staging) => Contamination::ExpectedTestData(n),
        (n, DatabaseEnvironment::Production) => Contamination::Sev2(n),
    }
}

/// Why a typed count cannot be read.
pub const COUNT_HINT: &str =
    "Type the number the query printed: a whole number, 0 or more (for example 0 or 3).";

/// A count as a person types it from psql's output: `None` while empty, the number, or
/// [`COUNT_HINT`] for anything that is not a whole number of rows.
pub fn parse_count(typed: &str) -> Result<Option<u64>, &'static str> {
    let text = typed.trim();
    if text.is_empty() {
        return Ok(None);
    }
    // Digits only: `+3`, `3.0` and `1e2` are not what psql prints for a count.
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(COUNT_HINT);
    }
    text.parse().map(Some).map_err(|_| COUNT_HINT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The runbook's text around each command, as it prints it (its §4, §6.3, §6.4, §7
    /// and §8 wrap the query onto the next lines). Embedded because no test of this crate
    /// reads the shared seed; when the seed is on this machine, the test below also
    /// checks these excerpts against it.
    const RUNBOOK_EXCERPTS: [&str; 10] = [
        r#"heroku pg:psql --app raxx-queue-staging -c \
  "DELETE FROM billing_customer WHERE billing_email LIKE 'test+billing-%@raxx.app';""#,
        r#"heroku pg:psql --app raxx-queue-staging -c "\dt billing_*""#,
        r#"heroku pg:psql --app raxx-queue-staging -c \
  "SELECT id, stripe_customer_id, billing_email, created_at
   FROM billing_customer
   ORDER BY created_at DESC LIMIT 5;""#,
        r#"heroku pg:psql --app raxx-queue-staging -c \
  "SELECT id, stripe_subscription_id, plan_tier, status, current_period_end
   FROM billing_subscription
   ORDER BY created_at DESC LIMIT 5;""#,
        r#"heroku pg:psql --app raxx-queue-staging -c \
  "SELECT event_id, created_at FROM processed_stripe_events ORDER BY created_at DESC LIMIT 5;""#,
        r#"heroku pg:psql --app raxx-queue-staging -c \
  "SELECT id, stripe_invoice_id, status, paid_at FROM billing_invoice
   WHERE status = 'paid' ORDER BY paid_at DESC LIMIT 5;""#,
        r#"heroku pg:psql --app raxx-api-staging -c \
  "SELECT queue_customer_id, plan_tier, status, current_period_end, updated_at
   FROM billing_subscription_mirror ORDER BY updated_at DESC LIMIT 5;""#,
        r#"heroku pg:psql --app raxx-api-staging -c \
  "SELECT id, subscription_source, plan_tier, status, original_transaction_id
   FROM billing_subscription_mirror
   WHERE subscription_source = 'ios'
   ORDER BY created_at DESC LIMIT 5;""#,
        r#"heroku pg:psql --app raxx-queue-prod -c \
  "SELECT COUNT(*) FROM billing_customer WHERE billing_email LIKE 'test+billing-%';""#,
        r#"heroku pg:psql --app raxx-queue-prod -c \
  "SELECT COUNT(*) FROM processed_stripe_events WHERE event_id LIKE 'evt_test_%';""#,
    ];

    /// The runbook's line wraps joined: a shell continuation (`\` at a line's end) or a
    /// line break, with the next line's indentation, becomes one space. Nothing else
    /// changes.
    fn join_wraps(text: &str) -> String {
        let mut out = String::new();
        for (i, line) in text.lines().enumerate() {
            if i == 0 {
                out.push_str(line.strip_suffix(" \\").unwrap_or(line));
            } else {
                out.push(' ');
                let line = line.trim_start();
                out.push_str(line.strip_suffix(" \\").unwrap_or(line));
            }
        }
        out
    }

    #[test]
    fn each_command_is_the_runbooks_with_its_wraps_joined() {
        for (query, excerpt) in RUNBOOK_QUERIES.iter().zip(RUNBOOK_EXCERPTS) {
            assert_eq!(query.runbook_command(), join_wraps(excerpt), "{}", query.id);
        }
    }

    #[test]
    fn the_excerpts_are_in_the_seed_when_it_is_on_this_machine() {
        // The repository sits beside /work/shared on the machines that hold the seed;
        // elsewhere (CI) there is nothing to compare with, and the embedded excerpts stand.
        let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/seeds/002_4cf9046e6c6ac25b.txt");
        let Ok(text) = std::fs::read_to_string(&seed) else {
            eprintln!(
                "{} is not here: checked the embedded excerpts only",
                seed.display()
            );
            return;
        };
        for excerpt in RUNBOOK_EXCERPTS {
            assert!(text.contains(excerpt), "not in the seed: {excerpt}");
        }
        let joined = join_wraps(&text);
        for query in RUNBOOK_QUERIES {
            assert!(
                joined.contains(query.sql()),
                "not in the seed: {}",
                query.sql()
            );
        }
    }

    #[test]
    fn both_commands_are_built_from_the_query_app_and_service() {
        let mut ids = HashSet::new();
        for query in RUNBOOK_QUERIES {
            assert!(ids.insert(query.id), "{}", query.id);
            let checks =
                std::iter::once(&query.psql).chain(query.erratum.as_ref().map(|e| &e.check));
            for psql in checks {
                assert_eq!(
                    psql.runbook_command(),
                    format!("heroku pg:psql --app {} -c \"{}\"", query.app, psql.sql)
                );
                assert_eq!(
                    psql.sandbox_command(),
                    format!(
                        "psql \"${}\" -c \"{}\"",
                        query.service.url_variable(),
                        psql.sql
                    )
                );
                // Inside the double quotes nothing may be expanded or end the string.
                assert!(!psql.sql.contains(['"', '$', '`']), "{}", psql.sql);
            }
            let on_raptor = query.app == "raxx-api-staging";
            assert_eq!(query.service == Service::Raptor, on_raptor, "{}", query.id);
            assert_eq!(
                query.contamination,
                query.app == "raxx-queue-prod",
                "only §8 runs on prod, and every §8 query is a count"
            );
        }
    }

    #[test]
    fn the_table_listing_carries_the_erratum_and_a_check_by_name() {
        let erratum = BILLING_TABLES.erratum.as_ref().unwrap();
        assert!(erratum.text.contains("processed_stripe_events"));
        assert_eq!(
            erratum.check.sandbox_command(),
            r#"psql "$QUEUE_DATABASE_URL" -c "\dt processed_stripe_events""#
        );
        assert!(!BILLING_TABLES.expected.contains("processed_stripe_events"));
        assert_eq!(
            BILLING_TABLES.sandbox_command(),
            r#"psql "$QUEUE_DATABASE_URL" -c "\dt billing_*""#
        );
        assert_eq!(
            RUNBOOK_QUERIES
                .iter()
                .filter(|q| q.erratum.is_some())
                .count(),
            1
        );
    }

    #[test]
    fn the_ios_query_orders_by_created_at_as_the_runbook_does() {
        assert!(IOS_MIRROR
            .sql()
            .ends_with("ORDER BY created_at DESC LIMIT 5;"));
        assert_eq!(
            IOS_MIRROR.sandbox_command(),
            "psql \"$RAPTOR_DATABASE_URL\" -c \"SELECT id, subscription_source, plan_tier, status, original_transaction_id FROM billing_subscription_mirror WHERE subscription_source = 'ios' ORDER BY created_at DESC LIMIT 5;\""
        );
    }

    #[test]
    fn a_count_is_clean_test_data_or_a_sev2_by_environment() {
        use DatabaseEnvironment::{Production, Staging};
        assert_eq!(contamination_verdict(0, Production), Contamination::Clean);
        assert_eq!(contamination_verdict(0, Staging), Contamination::Clean);
        assert_eq!(
            contamination_verdict(3, Staging),
            Contamination::ExpectedTestData(3)
        );
        assert_eq!(contamination_verdict(3, Production), Contamination::Sev2(3));
        let sev2 = contamination_verdict(1, Production);
        assert_eq!(sev2.slug(), "sev2");
        assert_eq!(
            sev2.headline(),
            "SEV-2: 1 row of test data in the production database."
        );
        let guidance = sev2.guidance().join(" ");
        for words in [
            "STOP",
            "Do not delete",
            "preserve state",
            "Escalate to the operator",
            "RCA",
        ] {
            assert!(guidance.contains(words), "{words}");
        }
        assert!(contamination_verdict(3, Staging).guidance().is_empty());
        assert!(Contamination::Clean.guidance().is_empty());
        assert!(contamination_verdict(2, Staging)
            .headline()
            .starts_with("Expected test data: 2 rows"));
        assert!(Contamination::Clean.headline().starts_with("Clean"));
    }

    #[test]
    fn environments_read_as_the_sandbox_writes_them() {
        assert_eq!(
            DatabaseEnvironment::parse("production"),
            Some(DatabaseEnvironment::Production)
        );
        assert_eq!(
            DatabaseEnvironment::parse(" staging\n"),
            Some(DatabaseEnvironment::Staging)
        );
        assert_eq!(DatabaseEnvironment::parse("prod"), None);
        assert_eq!(DatabaseEnvironment::parse(""), None);
    }

    #[test]
    fn only_whole_numbers_read_as_counts() {
        assert_eq!(parse_count(""), Ok(None));
        assert_eq!(parse_count("   "), Ok(None));
        assert_eq!(parse_count("0"), Ok(Some(0)));
        assert_eq!(parse_count("     3 "), Ok(Some(3)));
        assert_eq!(parse_count("0012"), Ok(Some(12)));
        for bad in [
            "-1",
            "+3",
            "3.0",
            "1e2",
            "three",
            "3 rows",
            "99999999999999999999999",
        ] {
            assert_eq!(parse_count(bad), Err(COUNT_HINT), "{bad}");
        }
    }
}
