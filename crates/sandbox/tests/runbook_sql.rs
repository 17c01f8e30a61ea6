//! The runbook's SQL, verbatim (§4, §6.2, §6.3, §6.4, §7 and §8, as testkit-core lists them),
//! against a sandbox driven through a customer, a subscription, a paid invoice and an App
//! Store purchase. On Postgres each command runs as a person copies it: the sandbox's
//! `psql "$QUEUE_DATABASE_URL" -c "…"` through bash and the real psql. On SQLite (which
//! psql cannot open) each query's text runs unchanged on the connection, and the `\dt`
//! listings read sqlite_master. Either way every command finds what the runbook expects,
//! and §8's counts are 0 on a sandbox holding only this test's data, expected test data
//! on a staging database holding the runbook's test markers, and a SEV-2 on production.

mod support;

use std::path::PathBuf;
use std::process::Command;

use billing_sandbox::db::{Conn, Location, Row};
use billing_sandbox::http::apple::chain_from_test_signer;
use billing_sandbox::params;
use serde_json::{json, Value};
use support::{event, Sandbox, TestDb};
use testkit_core::appstore::{
    craft_values, original_transaction_id, sign_crafted, CraftInput, Environment, Event,
};
use testkit_core::checklist::runbook_sql::{
    contamination_verdict, Contamination, DatabaseEnvironment, Psql, RunbookQuery, Service,
    BILLING_TABLES, CUSTOMERS, DEDUP, IOS_MIRROR, MIRROR, PAID_INVOICES, PROD_TEST_CUSTOMERS,
    PROD_TEST_EVENTS, PURGE_TEST_CUSTOMERS, RUNBOOK_QUERIES, SEV2_GUIDANCE, SUBSCRIPTIONS,
};

const T: i64 = 1_790_000_000;
const MONTH: i64 = 30 * 86_400;
/// The iOS purchase's app and buyer: its original_transaction_id derives from both.
const BUNDLE: &str = "app.raxx";
const IOS_USER: &str = "usr_rsql_ios";

/// Queue's four billing tables: what `\dt billing_*` lists on Queue's own database.
const QUEUE_BILLING_TABLES: [&str; 4] = [
    "billing_action_log",
    "billing_customer",
    "billing_invoice",
    "billing_subscription",
];

/// What a query printed: one row per line, every value as text (NULL as "").
type Rows = Vec<Vec<String>>;

/// The database a query of `service` reads.
fn location(db: &TestDb, service: Service) -> &Location {
    match service {
        Service::Queue => &db.queue,
        Service::Raptor => &db.raptor,
    }
}

/// A directory holding psql: PATH's, or Debian's server bin directory (which the server
/// package leaves off PATH).
fn psql_dir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    let debian = std::fs::read_dir("/usr/lib/postgresql")
        .map(|dirs| {
            let mut bins: Vec<_> = dirs.flatten().map(|d| d.path().join("bin")).collect();
            bins.sort();
            bins.reverse();
            bins
        })
        .unwrap_or_default();
    on_path
        .into_iter()
        .chain(debian)
        .find(|dir| dir.join("psql").is_file())
}

/// Runs the sandbox's command exactly as copied, through bash with its variable set to the
/// database's URL: what psql printed.
fn psql_output(command: &str, variable: &str, url: &str) -> String {
    let dir = psql_dir().expect("the Postgres run needs psql (Debian's postgresql-client)");
    let path = std::env::join_paths(std::iter::once(dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let output = Command::new("bash")
        .args(["-c", command])
        .env("PATH", path)
        .env(variable, url)
        // Whatever this machine's ~/.psqlrc says, the output is psql's default.
        .env("PSQLRC", "/dev/null")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.trim().is_empty(),
        "{command}: {}\n{stdout}{stderr}",
        output.status
    );
    stdout
}

/// A query's result as psql's aligned table: (column names, rows).
fn run_psql(command: &str, variable: &str, url: &str) -> (Vec<String>, Rows) {
    let stdout = psql_output(command, variable, url);
    aligned_table(&stdout).unwrap_or_else(|| panic!("{command}: no table in\n{stdout}"))
}

/// psql's aligned output (an optional title, a header, a rule of dashes, the rows, then
/// "(N rows)"): the header's names and the rows, every cell trimmed.
fn aligned_table(output: &str) -> Option<(Vec<String>, Rows)> {
    let lines: Vec<&str> = output.lines().collect();
    let rule = lines
        .iter()
        .position(|l| !l.trim().is_empty() && l.trim().chars().all(|c| c == '-' || c == '+'))?;
    let cells = |line: &str| line.split('|').map(|c| c.trim().to_string()).collect();
    let header = cells(lines.get(rule.checked_sub(1)?)?);
    let rows: Rows = lines[rule + 1..]
        .iter()
        .take_while(|l| !l.starts_with('('))
        .map(|l| cells(l))
        .collect();
    let footer = lines.get(rule + 1 + rows.len())?;
    let expected = format!(
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    (*footer == expected).then_some((header, rows))
}

/// The column names a SELECT asks for, as psql prints them (`COUNT(*)` is `count`).
fn select_list(sql: &str) -> Vec<String> {
    let list = sql
        .strip_prefix("SELECT ")
        .and_then(|rest| rest.split(" FROM ").next())
        .unwrap_or_else(|| panic!("not a SELECT: {sql}"));
    list.split(", ")
        .map(|c| {
            if c == "COUNT(*)" {
                "count".into()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A value as text, whatever its type.
fn text(row: &Row, at: usize) -> String {
    if let Ok(v) = row.get::<_, Option<String>>(at) {
        return v.unwrap_or_default();
    }
    if let Ok(n) = row.get::<_, i64>(at) {
        return n.to_string();
    }
    if let Ok(x) = row.get::<_, f64>(at) {
        return x.to_string();
    }
    row.get::<_, bool>(at)
        .map(|b| if b { "t" } else { "f" }.to_string())
        .unwrap_or_else(|e| panic!("column {at}: {e}"))
}

/// The rows of a SELECT of the runbook's: through psql on Postgres (the sandbox's command
/// as written; its header must be the query's columns), the same text on the connection
/// on SQLite.
fn select(db: &TestDb, query: &RunbookQuery) -> Rows {
    let columns = select_list(query.sql());
    match location(db, query.service) {
        Location::Postgres(url) => {
            let (header, rows) =
                run_psql(query.sandbox_command(), query.service.url_variable(), url);
            assert_eq!(header, columns, "{}", query.id);
            rows
        }
        Location::Sqlite(_) => {
            let sql = query.sql();
            let read = |c: &Conn| {
                c.query_map(sql, params![], |row| {
                    Ok((0..columns.len()).map(|i| text(row, i)).collect::<Vec<_>>())
                })
                .unwrap()
                .collect::<Result<Rows, _>>()
                .unwrap()
            };
            match query.service {
                Service::Queue => db.queue(read),
                Service::Raptor => db.raptor(read),
            }
        }
    }
}

/// The tables a `\dt PATTERN` lists: through psql on Postgres; on SQLite the same
/// pattern (psql's `*` is any run of characters, `_` is itself) over sqlite_master.
fn list_tables(db: &TestDb, query: &RunbookQuery, psql: &Psql) -> Vec<String> {
    let pattern = psql
        .sql
        .strip_prefix("\\dt ")
        .unwrap_or_else(|| panic!("not a \\dt: {}", psql.sql));
    match location(db, query.service) {
        Location::Postgres(url) => {
            let (header, rows) =
                run_psql(psql.sandbox_command(), query.service.url_variable(), url);
            assert_eq!(header, ["Schema", "Name", "Type", "Owner"]);
            for row in &rows {
                assert_eq!((row[0].as_str(), row[2].as_str()), ("public", "table"));
            }
            rows.into_iter().map(|r| r[1].clone()).collect()
        }
        Location::Sqlite(_) => {
            let names: Vec<String> = db.queue(|c| {
                c.query_map(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                    params![],
                    |row| row.get::<_, String>(0),
                )
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
            });
            let matches = |name: &str| match pattern.strip_suffix('*') {
                Some(prefix) => name.starts_with(prefix),
                None => name == pattern,
            };
            names.into_iter().filter(|n| matches(n)).collect()
        }
    }
}

/// A §8 count, run as the runbook's query.
fn count(db: &TestDb, query: &RunbookQuery) -> u64 {
    assert!(query.contamination, "{}", query.id);
    let rows = select(db, query);
    assert_eq!(rows.len(), 1, "{}: {rows:?}", query.id);
    rows[0][0].parse().unwrap()
}

/// The one text value `sql` selects from Queue's database.
fn queue_text(db: &TestDb, sql: &str) -> String {
    db.queue(|c| c.query_row(sql, params![], |r| r.get(0)).unwrap())
}

/// What Queue's database says it stands for (its sandbox_environment row).
fn database_environment(db: &TestDb) -> DatabaseEnvironment {
    let recorded = queue_text(db, "SELECT environment FROM sandbox_environment");
    DatabaseEnvironment::parse(&recorded).unwrap_or_else(|| panic!("{recorded:?}"))
}

async fn send(sandbox: &Sandbox, body: String) {
    let (status, answer) = sandbox.send_signed(&body).await;
    assert_eq!(status, 200, "{answer}");
}

fn customer_created(event_id: &str, customer: &str, email: &str) -> String {
    event(
        event_id,
        "customer.created",
        T,
        json!({
            "id": customer, "object": "customer", "email": email, "name": "Runbook SQL",
            "metadata": { "user_id": "usr_rsql" }, "livemode": false, "created": T
        }),
    )
}

/// `customer`'s pro subscription, created.
fn subscription_created(event_id: &str, subscription: &str, customer: &str) -> String {
    event(
        event_id,
        "customer.subscription.created",
        T + 1,
        json!({
            "id": subscription, "object": "subscription", "customer": customer,
            "status": "active", "cancel_at_period_end": false,
            "current_period_end": T + MONTH, "trial_end": null, "created": T,
            "metadata": { "plan_tier": "pro" },
            "items": { "data": [ { "price": { "id": "price_rsql" } } ] }
        }),
    )
}

/// The subscription's first invoice, paid.
fn invoice_paid(event_id: &str, invoice: &str, customer: &str, subscription: &str) -> String {
    event(
        event_id,
        "invoice.payment_succeeded",
        T + 2,
        json!({
            "id": invoice, "object": "invoice", "customer": customer,
            "subscription": subscription, "status": "paid", "amount_due": 1500,
            "currency": "usd", "created": T, "status_transitions": { "paid_at": T + 2 }
        }),
    )
}

/// The runbook's §6 path on Stripe's side (customer, subscription, paid first invoice) and
/// §7's on Apple's (a purchase notified to Raptor), with ids and an email that carry none
/// of §8's test markers (`test+billing-`, `evt_test_`).
async fn drive_scenario(sandbox: &Sandbox) {
    send(
        sandbox,
        customer_created(
            "evt_rsql_customer",
            "cus_rsql_0001",
            "runbook-sql@example.com",
        ),
    )
    .await;
    send(
        sandbox,
        subscription_created("evt_rsql_subscription", "sub_rsql_0001", "cus_rsql_0001"),
    )
    .await;
    send(
        sandbox,
        invoice_paid(
            "evt_rsql_invoice",
            "in_rsql_0001",
            "cus_rsql_0001",
            "sub_rsql_0001",
        ),
    )
    .await;

    let (status, signer) = sandbox.get("/__sandbox/apple/test-signer").await;
    assert_eq!(status, 200, "{signer}");
    let chain = chain_from_test_signer(&signer).unwrap();
    let start_ms = T * 1000;
    let input = CraftInput::new(
        BUNDLE,
        "app.raxx.pro.monthly",
        Environment::Sandbox,
        IOS_USER,
        "dddddddd-0000-4000-8000-000000000001",
        start_ms,
        start_ms + MONTH * 1000,
        start_ms + 3000,
    );
    let signed = sign_crafted(craft_values(Event::InitialBuy, &input), &chain);
    let response = sandbox
        .client
        .post(sandbox.url("/api/subscriptions/apple/notifications"))
        .json(&json!({ "signedPayload": signed.signed_payload }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    sandbox.fanout_drained().await;
}

/// Runs a command that changes rows (psql prints `DELETE n`): through psql on Postgres, the
/// same text on the connection on SQLite. The number of rows it changed.
fn change(db: &TestDb, query: &RunbookQuery) -> usize {
    match location(db, query.service) {
        Location::Postgres(url) => {
            let stdout = psql_output(query.sandbox_command(), query.service.url_variable(), url);
            stdout
                .trim()
                .strip_prefix("DELETE ")
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{}: psql printed {stdout}", query.id))
        }
        Location::Sqlite(_) => db.queue(|c| c.execute(query.sql(), params![]).unwrap()),
    }
}

/// How many rows of Queue's `table` (or Raptor's) match `condition`.
fn rows_where(db: &TestDb, service: Service, table: &str, condition: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table} WHERE {condition}");
    let read = |c: &Conn| c.query_row(&sql, params![], |r| r.get(0)).unwrap();
    match service {
        Service::Queue => db.queue(read),
        Service::Raptor => db.raptor(read),
    }
}

/// The row of `rows` whose column `at` is `value`.
fn row_with<'r>(rows: &'r Rows, at: usize, value: &str, query: &RunbookQuery) -> &'r [String] {
    rows.iter()
        .find(|r| r[at] == value)
        .unwrap_or_else(|| panic!("{}: no row with {value}: {rows:?}", query.id))
}

#[tokio::test]
async fn every_command_finds_what_the_runbook_expects_and_test_data_is_not_a_sev2_on_staging() {
    let sandbox = Sandbox::start("none").await;
    drive_scenario(&sandbox).await;
    let db = &sandbox.db;
    let mut ran = Vec::new();

    // §6.2: Queue's four billing tables. On SQLite one file holds Raptor's tables too, so
    // its billing_subscription_mirror matches the pattern as well.
    let tables = list_tables(db, &BILLING_TABLES, &BILLING_TABLES.psql);
    let mut expected = QUEUE_BILLING_TABLES.to_vec();
    if !db.is_postgres() {
        expected.push("billing_subscription_mirror");
    }
    assert_eq!(tables, expected);
    assert!(!tables.iter().any(|t| t == "processed_stripe_events"));
    // The erratum's check by name finds the dedup table the pattern cannot list.
    let by_name = &BILLING_TABLES.erratum.as_ref().unwrap().check;
    assert_eq!(
        list_tables(db, &BILLING_TABLES, by_name),
        ["processed_stripe_events"]
    );
    ran.push(BILLING_TABLES.id);

    // §6.3: the test customer (id, stripe_customer_id, billing_email, created_at).
    let customers = select(db, &CUSTOMERS);
    let customer = row_with(&customers, 1, "cus_rsql_0001", &CUSTOMERS);
    assert_eq!(customer[2], "runbook-sql@example.com");
    assert!(
        !customer[0].is_empty() && !customer[3].is_empty(),
        "{customer:?}"
    );
    let queue_customer_id = customer[0].clone();
    ran.push(CUSTOMERS.id);

    // §6.3: the subscription (id, stripe_subscription_id, plan_tier, status, period end).
    let subscriptions = select(db, &SUBSCRIPTIONS);
    let subscription = row_with(&subscriptions, 1, "sub_rsql_0001", &SUBSCRIPTIONS);
    assert_eq!(
        (subscription[2].as_str(), subscription[3].as_str()),
        ("pro", "active")
    );
    assert!(!subscription[4].is_empty(), "{subscription:?}");
    ran.push(SUBSCRIPTIONS.id);

    // §6.3: the dedup table holds every event's id.
    let dedup = select(db, &DEDUP);
    for id in [
        "evt_rsql_customer",
        "evt_rsql_subscription",
        "evt_rsql_invoice",
    ] {
        let row = row_with(&dedup, 0, id, &DEDUP);
        assert!(!row[1].is_empty(), "{row:?}");
    }
    ran.push(DEDUP.id);

    // §6.3: the paid invoice (id, stripe_invoice_id, status, paid_at).
    let invoices = select(db, &PAID_INVOICES);
    let invoice = row_with(&invoices, 1, "in_rsql_0001", &PAID_INVOICES);
    assert_eq!(invoice[2], "paid");
    assert!(!invoice[3].is_empty(), "{invoice:?}");
    ran.push(PAID_INVOICES.id);

    // §6.4: Raptor's mirror of the subscription (queue_customer_id, plan_tier, status, …).
    let mirror = select(db, &MIRROR);
    let mirrored = row_with(&mirror, 0, &queue_customer_id, &MIRROR);
    assert_eq!(
        (mirrored[1].as_str(), mirrored[2].as_str()),
        ("pro", "active")
    );
    assert!(!mirrored[4].is_empty(), "{mirrored:?}");
    ran.push(MIRROR.id);

    // §7: the iOS purchase, with its durable original_transaction_id.
    let ios = select(db, &IOS_MIRROR);
    let original = original_transaction_id(BUNDLE, IOS_USER);
    let purchase = row_with(&ios, 4, &original, &IOS_MIRROR);
    assert_eq!(
        (purchase[1].as_str(), purchase[3].as_str()),
        ("ios", "active")
    );
    assert!(ios.iter().all(|r| r[1] == "ios"), "{ios:?}");
    ran.push(IOS_MIRROR.id);

    // §8: this sandbox holds only the scenario's data, none of it marked as test data.
    let environment = database_environment(db);
    assert_eq!(environment, DatabaseEnvironment::Staging);
    for query in [&PROD_TEST_CUSTOMERS, &PROD_TEST_EVENTS] {
        let n = count(db, query);
        assert_eq!(n, 0, "{}", query.id);
        assert_eq!(contamination_verdict(n, environment), Contamination::Clean);
        ran.push(query.id);
    }
    // §4's purge deletes: it runs in a test of its own.
    let listed: Vec<_> = RUNBOOK_QUERIES
        .iter()
        .map(|q| q.id)
        .filter(|&id| id != PURGE_TEST_CUSTOMERS.id)
        .collect();
    assert_eq!(
        ran, listed,
        "every command of the core's list ran, in order"
    );

    // A run that follows the runbook's naming (test+billing- emails, Stripe's evt_test_
    // ids) leaves rows both counts find: on staging, the test data expected there.
    send(
        &sandbox,
        customer_created(
            "evt_test_rsql_marker",
            "cus_rsql_0002",
            "test+billing-20260617@raxx.app",
        ),
    )
    .await;
    for query in [&PROD_TEST_CUSTOMERS, &PROD_TEST_EVENTS] {
        let n = count(db, query);
        assert_eq!(n, 1, "{}", query.id);
        let verdict = contamination_verdict(n, environment);
        assert_eq!(verdict, Contamination::ExpectedTestData(1));
        assert!(verdict.guidance().is_empty());
    }
}

#[tokio::test]
async fn test_data_in_a_production_database_is_a_sev2() {
    let sandbox = Sandbox::start_with("none", |config| {
        config.database_environment = "production".into();
    })
    .await;
    let (status, info) = sandbox.get("/__sandbox/info").await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["database_environment"], "production");
    let engine = if sandbox.db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(info["engine"], Value::from(engine));

    // What leaked: a test customer (the runbook's test+billing- naming) and a Stripe test
    // event (evt_test_).
    send(
        &sandbox,
        customer_created(
            "evt_test_rsql_leak",
            "cus_rsql_leak",
            "test+billing-leak@raxx.app",
        ),
    )
    .await;
    let db = &sandbox.db;
    let environment = database_environment(db);
    assert_eq!(environment, DatabaseEnvironment::Production);
    for query in [&PROD_TEST_CUSTOMERS, &PROD_TEST_EVENTS] {
        let n = count(db, query);
        assert_eq!(n, 1, "{}", query.id);
        let verdict = contamination_verdict(n, environment);
        assert_eq!(verdict, Contamination::Sev2(1), "{}", query.id);
        assert_eq!(verdict.guidance(), SEV2_GUIDANCE);
        let guidance = verdict.guidance().join(" ");
        for words in [
            "STOP",
            "SEV-2",
            "Do not delete",
            "preserve state",
            "operator",
            "RCA",
        ] {
            assert!(guidance.contains(words), "{words}: {guidance}");
        }
    }
}

#[tokio::test]
async fn the_purge_removes_test_customers_with_their_rows_and_leaves_raptors_mirror() {
    let sandbox = Sandbox::start("none").await;
    drive_scenario(&sandbox).await;
    // A customer named as the runbook's test runs name them, with a subscription and an
    // invoice, fanned out to Raptor's mirror.
    send(
        &sandbox,
        customer_created(
            "evt_rsql_test_customer",
            "cus_rsql_0003",
            "test+billing-20260617@raxx.app",
        ),
    )
    .await;
    send(
        &sandbox,
        subscription_created(
            "evt_rsql_test_subscription",
            "sub_rsql_0003",
            "cus_rsql_0003",
        ),
    )
    .await;
    send(
        &sandbox,
        invoice_paid(
            "evt_rsql_test_invoice",
            "in_rsql_0003",
            "cus_rsql_0003",
            "sub_rsql_0003",
        ),
    )
    .await;
    sandbox.fanout_drained().await;
    let db = &sandbox.db;
    let queue_customer = queue_text(
        db,
        "SELECT id FROM billing_customer WHERE stripe_customer_id = 'cus_rsql_0003'",
    );
    let mirrored = format!("queue_customer_id = '{queue_customer}'");
    assert_eq!(
        rows_where(
            db,
            Service::Raptor,
            "billing_subscription_mirror",
            &mirrored
        ),
        1
    );
    let logged = rows_where(db, Service::Queue, "billing_action_log", "1 = 1");

    // DELETE 1: the test customer; the other customer stays.
    assert_eq!(change(db, &PURGE_TEST_CUSTOMERS), 1);
    let queue = Service::Queue;
    assert_eq!(
        rows_where(
            db,
            queue,
            "billing_customer",
            "stripe_customer_id = 'cus_rsql_0003'"
        ),
        0
    );
    assert_eq!(
        rows_where(
            db,
            queue,
            "billing_customer",
            "stripe_customer_id = 'cus_rsql_0001'"
        ),
        1
    );
    // The cascade removed its subscription and invoice; the log kept every row.
    assert_eq!(
        rows_where(
            db,
            queue,
            "billing_subscription",
            "stripe_subscription_id = 'sub_rsql_0003'"
        ),
        0
    );
    assert_eq!(
        rows_where(
            db,
            queue,
            "billing_invoice",
            "stripe_invoice_id = 'in_rsql_0003'"
        ),
        0
    );
    assert_eq!(rows_where(db, queue, "billing_action_log", "1 = 1"), logged);
    // Raptor never heard of it: the purge is SQL, not an event, so the fan-out sent
    // nothing and the mirror keeps the subscription (the checklist item says so).
    assert_eq!(
        rows_where(
            db,
            Service::Raptor,
            "billing_subscription_mirror",
            &mirrored
        ),
        1
    );
    // Run again, it finds nothing left to purge.
    assert_eq!(change(db, &PURGE_TEST_CUSTOMERS), 0);
}
