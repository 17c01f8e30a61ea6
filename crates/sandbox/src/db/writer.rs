//! The writer: the threads that own the write connections and run jobs. SQLite has one,
//! so every webhook is applied in arrival order; Postgres has several, and the queries
//! take row and advisory locks where two deliveries could meet (see `Conn::lock`).

use std::sync::{mpsc, Arc, Mutex};

use tokio::sync::oneshot;

use super::conn::{Conn, Location};
use super::error::Result;

type Job = Box<dyn FnOnce(&mut Conn) + Send>;

#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Opens the write connections (SQLite: one; Postgres: `postgres_writers`) and
    /// starts their threads.
    pub fn start(target: &Location, postgres_writers: usize) -> Result<Writer> {
        let threads = match target {
            Location::Sqlite(_) => 1,
            Location::Postgres(_) => postgres_writers.max(1),
        };
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let mut conn = Conn::open(target)?;
            let (queue, target) = (queue.clone(), target.clone());
            std::thread::Builder::new()
                .name(format!("db-writer-{n}"))
                .spawn(move || loop {
                    // The lock is held only while taking a job, not while running it.
                    let job = queue.lock().expect("writer queue").recv();
                    match job {
                        Ok(job) => job(&mut conn),
                        Err(_) => break,
                    }
                    // Postgres restarted: the failed job answered with its error; the next
                    // one gets a new connection (or, while the server is down, the error
                    // of opening one, and a new try after it).
                    if conn.is_broken() {
                        match Conn::open(&target) {
                            Ok(fresh) => conn = fresh,
                            Err(err) => {
                                tracing::error!(event = "db.reconnect_failed", cause = %err)
                            }
                        }
                    }
                })
                .expect("the writer thread starts");
        }
        Ok(Writer { jobs })
    }

    /// Runs `work` on a write connection and waits for its result.
    pub async fn run<T, F>(&self, work: F) -> T
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> T + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let _ = reply.send(work(conn));
        });
        self.jobs.send(job).expect("the writer threads are running");
        answer.await.expect("the writer answers every job")
    }
}
