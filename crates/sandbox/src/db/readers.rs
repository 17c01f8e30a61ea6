//! A small pool of read-only connections; reads run on tokio's blocking threads.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

#[derive(Clone)]
pub struct Readers {
    path: PathBuf,
    idle: Arc<Mutex<Vec<Connection>>>,
}

impl Readers {
    pub fn new(path: &Path) -> Readers {
        Readers {
            path: path.to_path_buf(),
            idle: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Runs `work` on a pooled connection (one consistent snapshot per call).
    pub async fn run<T, F>(&self, work: F) -> rusqlite::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let pool = self.clone();
        tokio::task::spawn_blocking(move || {
            let conn = match pool.idle.lock().expect("reader pool").pop() {
                Some(conn) => conn,
                None => super::connect(&pool.path)?,
            };
            let result = work(&conn);
            pool.idle.lock().expect("reader pool").push(conn);
            result
        })
        .await
        .expect("reads do not panic")
    }
}
