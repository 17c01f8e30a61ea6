//! Versioned migrations, in the order and with the names of each service's sqitch plan
//! (`crates/sandbox/migrations/<project>/sqitch.plan`): one deploy script per engine, each
//! applied once and recorded in `schema_changes`.

use super::conn::{Conn, Engine};
use super::error::{Error, Result};

/// Whose tables: Queue's database or Raptor's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Project {
    Queue,
    Raptor,
}

impl Project {
    pub fn name(self) -> &'static str {
        match self {
            Project::Queue => "queue",
            Project::Raptor => "raptor",
        }
    }

    /// The sqitch plan: the changes' names, in deploy order.
    pub fn plan(self) -> &'static str {
        match self {
            Project::Queue => include_str!("../../migrations/queue/sqitch.plan"),
            Project::Raptor => include_str!("../../migrations/raptor/sqitch.plan"),
        }
    }

    fn scripts(self) -> &'static [Script] {
        match self {
            Project::Queue => QUEUE,
            Project::Raptor => RAPTOR,
        }
    }

    /// The tables the project's changes create (each change creates the table it names).
    pub fn tables(self) -> Vec<&'static str> {
        changes(self.plan())
    }
}

/// A change's deploy script for each engine.
struct Script {
    change: &'static str,
    postgres: &'static str,
    sqlite: &'static str,
}

/// `script!("project", "change")`: the change's deploy scripts, from the project's folder.
macro_rules! script {
    ($project:literal, $change:literal) => {
        Script {
            change: $change,
            postgres: include_str!(concat!(
                "../../migrations/",
                $project,
                "/deploy/pg/",
                $change,
                ".sql"
            )),
            sqlite: include_str!(concat!(
                "../../migrations/",
                $project,
                "/deploy/sqlite/",
                $change,
                ".sql"
            )),
        }
    };
}

const QUEUE: &[Script] = &[
    script!("queue", "billing_customer"),
    script!("queue", "billing_subscription"),
    script!("queue", "billing_invoice"),
    script!("queue", "processed_stripe_events"),
    script!("queue", "billing_action_log"),
    script!("queue", "mirror_outbox"),
    script!("queue", "sandbox_environment"),
];

const RAPTOR: &[Script] = &[
    // Raptor's audit log has Queue's shape and rules: one script serves both plans.
    script!("queue", "billing_action_log"),
    script!("raptor", "billing_subscription_mirror"),
    script!("raptor", "processed_apple_notifications"),
    script!("raptor", "apple_account_tokens"),
    script!("raptor", "processed_mirror_syncs"),
    script!("raptor", "sandbox_apple_test_chain"),
];

/// The change names of a sqitch plan, in order (pragmas, blank lines and comments skipped).
pub fn changes(plan: &str) -> Vec<&str> {
    plan.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('%') && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .collect()
}

const CHANGES_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_changes (
    project TEXT NOT NULL,
    change TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (project, change)
)";

/// Columns added to SQLite databases made before versioned migrations, which created
/// every table at once: (table, column, declaration).
const SQLITE_ADDED_COLUMNS: [(&str, &str, &str); 9] = [
    (
        "billing_subscription_mirror",
        "apple_signed_date",
        "INTEGER",
    ),
    ("billing_subscription_mirror", "app_account_token", "TEXT"),
    ("billing_subscription_mirror", "created_at", "TEXT"),
    (
        "billing_customer",
        "event_created",
        "INTEGER NOT NULL DEFAULT 0",
    ),
    (
        "billing_subscription",
        "event_rank",
        "INTEGER NOT NULL DEFAULT 0",
    ),
    (
        "billing_invoice",
        "event_created",
        "INTEGER NOT NULL DEFAULT 0",
    ),
    ("billing_invoice", "stripe_subscription_id", "TEXT"),
    ("billing_invoice", "payment_failed_at", "INTEGER"),
    (
        "billing_subscription",
        "mirror_version",
        "INTEGER NOT NULL DEFAULT 0",
    ),
];

/// Applies each project's changes not applied yet, each in its own transaction.
pub fn migrate(conn: &Conn, projects: &[Project]) -> Result<()> {
    if conn.engine() == Engine::Sqlite {
        add_sqlite_columns(conn)?;
    }
    conn.batch(CHANGES_TABLE)?;
    for &project in projects {
        deploy(conn, project)?;
    }
    Ok(())
}

/// Deploys the changes of `project`'s plan that `schema_changes` does not list, in order.
fn deploy(conn: &Conn, project: Project) -> Result<()> {
    let applied: Vec<String> = conn
        .query_map(
            "SELECT change FROM schema_changes WHERE project = ?1",
            crate::params![project.name()],
            |r| r.get(0),
        )?
        .collect::<Result<_>>()?;
    let scripts = project.scripts();
    for change in changes(project.plan()) {
        if applied.iter().any(|a| a == change) {
            continue;
        }
        let script = scripts.iter().find(|s| s.change == change).ok_or_else(|| {
            Error::Other(format!("no deploy script for {}:{change}", project.name()))
        })?;
        let tx = conn.transaction()?;
        tx.batch(match conn.engine() {
            Engine::Postgres => script.postgres,
            Engine::Sqlite => script.sqlite,
        })
        .map_err(|e| Error::Other(format!("deploying {}:{change}: {e}", project.name())))?;
        tx.execute(
            "INSERT INTO schema_changes (project, change, applied_at) VALUES (?1, ?2, ?3)",
            crate::params![
                project.name(),
                change,
                testkit_core::time::rfc3339(crate::now_secs())
            ],
        )?;
        tx.commit()?;
    }
    Ok(())
}

fn add_sqlite_columns(conn: &Conn) -> Result<()> {
    for (table, column, declaration) in SQLITE_ADDED_COLUMNS {
        let table_exists = conn.exists(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            crate::params![table],
        )?;
        let column_exists = conn.exists(
            &format!("SELECT 1 FROM pragma_table_info('{table}') WHERE name = ?1"),
            crate::params![column],
        )?;
        if table_exists && !column_exists {
            conn.batch(&format!(
                "ALTER TABLE {table} ADD COLUMN {column} {declaration}"
            ))?;
        }
    }
    Ok(())
}

/// Removes the project's tables and their record, so a seed starts from nothing. Only
/// for Postgres: a SQLite database is replaced as a file (the append-only log cannot be
/// emptied; dropping the table is allowed).
pub fn reset(conn: &Conn, project: Project) -> Result<()> {
    let mut sql = String::new();
    for table in project.tables() {
        sql.push_str(&format!("DROP TABLE IF EXISTS {table} CASCADE;\n"));
    }
    sql.push_str("DROP FUNCTION IF EXISTS billing_action_log_append_only() CASCADE;\n");
    sql.push_str(CHANGES_TABLE);
    sql.push_str(&format!(
        ";\nDELETE FROM schema_changes WHERE project = '{}';",
        project.name()
    ));
    conn.batch(&sql)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_planned_change_has_both_scripts_and_nothing_else_is_deployed() {
        for project in [Project::Queue, Project::Raptor] {
            let planned = changes(project.plan());
            let scripted: Vec<&str> = project.scripts().iter().map(|s| s.change).collect();
            assert_eq!(planned, scripted, "{}", project.name());
            for script in project.scripts() {
                assert!(script
                    .postgres
                    .contains(&format!("CREATE TABLE {}", script.change)));
                assert!(script
                    .sqlite
                    .contains(&format!("CREATE TABLE IF NOT EXISTS {}", script.change)));
            }
        }
    }

    #[test]
    fn queue_plan_holds_the_runbooks_tables() {
        let tables = Project::Queue.tables();
        for t in [
            "billing_customer",
            "billing_subscription",
            "billing_invoice",
            "billing_action_log",
            "processed_stripe_events",
        ] {
            assert!(tables.contains(&t), "{t}");
        }
        assert_eq!(Project::Raptor.tables()[1], "billing_subscription_mirror");
    }
}
