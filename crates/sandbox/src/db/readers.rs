//! A pool of read connections; reads run on tokio's blocking threads, beside the writer.

use std::sync::{Arc, Mutex};

use super::conn::{Conn, Location};
use super::error::Result;

#[derive(Clone)]
pub struct Readers {
    target: Location,
    idle: Arc<Mutex<Vec<Conn>>>,
}

impl Readers {
    pub fn new(target: &Location) -> Readers {
        Readers {
            target: target.clone(),
            idle: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Runs `work` on a pooled connection (one consistent snapshot per call on SQLite;
    /// on Postgres, wrap several statements in a transaction for one).
    pub async fn run<T, F>(&self, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Conn) -> Result<T> + Send + 'static,
    {
        let pool = self.clone();
        tokio::task::spawn_blocking(move || {
            let conn = match pool.idle.lock().expect("reader pool").pop() {
                Some(conn) => conn,
                None => Conn::open(&pool.target)?,
            };
            let result = work(&conn);
            // A closed connection is not kept: the next read opens a new one.
            if !conn.is_broken() {
                pool.idle.lock().expect("reader pool").push(conn);
            }
            result
        })
        .await
        .expect("reads do not panic")
    }
}
