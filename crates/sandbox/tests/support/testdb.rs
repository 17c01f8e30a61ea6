//! A test's databases, on the engine the run asks for: a SQLite file in a temporary
//! directory, or, when `SANDBOX_TEST_POSTGRES` names a server (`postgres://user@host:port`,
//! as `./scripts/test.sh` sets it), a fresh Queue database and Raptor database there,
//! dropped when the test ends. The tests are the same on both.

use std::sync::atomic::{AtomicUsize, Ordering};

use billing_sandbox::db::{Conn, Location};
use billing_sandbox::Config;

pub struct TestDb {
    pub queue: Location,
    pub raptor: Location,
    /// The server and the databases made for this test, to drop at the end.
    postgres: Option<(String, [String; 2])>,
    _dir: tempfile::TempDir,
}

static MADE: AtomicUsize = AtomicUsize::new(0);

/// Runs `work` on a thread of its own: the Postgres client blocks, and must not run on
/// the test's async runtime.
fn off_runtime<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(work).join().expect("database work does not panic"))
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let Some(server) = std::env::var("SANDBOX_TEST_POSTGRES")
            .ok()
            .filter(|s| !s.is_empty())
        else {
            let file = Location::Sqlite(dir.path().join("sandbox.db"));
            return TestDb {
                queue: file.clone(),
                raptor: file,
                postgres: None,
                _dir: dir,
            };
        };
        let server = server.trim_end_matches('/').to_string();
        let stem = format!(
            "t{}_{}_{}",
            std::process::id(),
            MADE.fetch_add(1, Ordering::SeqCst),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        let names = [format!("{stem}_queue"), format!("{stem}_raptor")];
        off_runtime(|| {
            let admin = Conn::open(&Location::Postgres(format!("{server}/postgres"))).unwrap();
            for name in &names {
                admin.batch(&format!("CREATE DATABASE {name}")).unwrap();
            }
        });
        TestDb {
            queue: Location::Postgres(format!("{server}/{}", names[0])),
            raptor: Location::Postgres(format!("{server}/{}", names[1])),
            postgres: Some((server, names)),
            _dir: dir,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// A configuration for tests (ephemeral port, defaults) on these databases.
    pub fn config(&self) -> Config {
        let mut config = Config::for_tests(self._dir.path().join("sandbox.db"));
        if let (Location::Postgres(queue), Location::Postgres(raptor)) = (&self.queue, &self.raptor)
        {
            config.queue_database = Some(queue.clone());
            config.raptor_database = Some(raptor.clone());
        }
        config
    }

    /// The binary's options for these databases.
    pub fn args(&self) -> Vec<String> {
        match (&self.queue, &self.raptor) {
            (Location::Postgres(queue), Location::Postgres(raptor)) => vec![
                "--queue-database".into(),
                queue.clone(),
                "--raptor-database".into(),
                raptor.clone(),
            ],
            (Location::Sqlite(file), _) => vec!["--db".into(), file.display().to_string()],
            _ => unreachable!("both databases are on one engine"),
        }
    }

    /// Runs `work` on a connection to Queue's database.
    pub fn queue<T: Send>(&self, work: impl FnOnce(&Conn) -> T + Send) -> T {
        let at = &self.queue;
        off_runtime(move || work(&Conn::open(at).unwrap()))
    }

    /// Runs `work` on a connection to Raptor's database (Queue's file, on SQLite).
    pub fn raptor<T: Send>(&self, work: impl FnOnce(&Conn) -> T + Send) -> T {
        let at = &self.raptor;
        off_runtime(move || work(&Conn::open(at).unwrap()))
    }

    /// `SELECT COUNT(*) …` (or any one integer) on Queue's database.
    pub fn queue_count(&self, sql: &str) -> i64 {
        self.queue(|c| c.query_row(sql, &[], |r| r.get(0)).unwrap())
    }

    /// The same on Raptor's database.
    pub fn raptor_count(&self, sql: &str) -> i64 {
        self.raptor(|c| c.query_row(sql, &[], |r| r.get(0)).unwrap())
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, names)) = &self.postgres {
            off_runtime(|| {
                if let Ok(admin) = Conn::open(&Location::Postgres(format!("{server}/postgres"))) {
                    for name in names {
                        // FORCE: a sandbox still stopping may hold a connection.
                        let _ =
                            admin.batch(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                    }
                }
            });
        }
    }
}
