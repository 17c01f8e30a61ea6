//! The writer thread: owns the write connection and runs jobs one at a time.

use std::path::Path;
use std::sync::mpsc;

use rusqlite::Connection;
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Opens the write connection, creates the schema, and starts the thread.
    pub fn start(path: &Path) -> rusqlite::Result<Writer> {
        let mut conn = super::connect(path)?;
        super::migrate(&conn)?;
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || {
                for job in queue {
                    job(&mut conn);
                }
            })
            .expect("the writer thread starts");
        Ok(Writer { jobs })
    }

    /// Runs `work` on the write connection and waits for its result.
    pub async fn run<T, F>(&self, work: F) -> T
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> T + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let _ = reply.send(work(conn));
        });
        self.jobs.send(job).expect("the writer thread is running");
        answer.await.expect("the writer thread answers every job")
    }
}
