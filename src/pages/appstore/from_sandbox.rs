//! What the App Store page fetches from the sandbox with its documented default token
//! (the public test root; in the craft form, the test signer), and where that stands.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::sandbox::default_token;
use crate::browser::origin::service_origin;

/// Where a fetch from the sandbox stands.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Fetched<T> {
    Loading,
    Ready(T),
    /// No sandbox (a docs page elsewhere), or it refused: why.
    Unavailable(String),
}

/// A value fetched from the sandbox once, when the view that needs it is made.
pub struct FromSandbox<T: Send + Sync + 'static> {
    status: RwSignal<Fetched<T>>,
}

impl<T: Send + Sync + 'static> Clone for FromSandbox<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for FromSandbox<T> {}

impl<T: Clone + Send + Sync + 'static> FromSandbox<T> {
    /// Starts `fetch(base, token)` against the testkit's origin; `needs` says what the
    /// value is for, when no sandbox answers there.
    pub fn load<F, Fut>(needs: &'static str, fetch: F) -> FromSandbox<T>
    where
        F: FnOnce(String, String) -> Fut + 'static,
        Fut: Future<Output = Result<T, String>> + 'static,
    {
        let value = FromSandbox {
            status: RwSignal::new(Fetched::Loading),
        };
        spawn_local(async move {
            let base = service_origin();
            let result = match default_token(&base).await {
                Some(token) => fetch(base, token).await,
                None => Err(format!(
                    "no sandbox with its default token at {base}: {needs}"
                )),
            };
            value.status.try_set(match result {
                Ok(v) => Fetched::Ready(v),
                Err(why) => Fetched::Unavailable(why),
            });
        });
        value
    }

    /// The value, once fetched (tracked).
    pub fn get(self) -> Option<T> {
        self.status.with(|s| match s {
            Fetched::Ready(v) => Some(v.clone()),
            _ => None,
        })
    }

    /// The value, for an action (untracked).
    pub fn get_untracked(self) -> Option<T> {
        self.status.with_untracked(|s| match s {
            Fetched::Ready(v) => Some(v.clone()),
            _ => None,
        })
    }

    /// Whether it is fetched (tracked).
    pub fn ready(self) -> bool {
        self.status.with(|s| matches!(s, Fetched::Ready(_)))
    }

    /// Whether the fetch failed (tracked).
    pub fn failed(self) -> bool {
        self.status.with(|s| matches!(s, Fetched::Unavailable(_)))
    }

    /// "loading from the sandbox…", "ready", or why it is not available (tracked).
    pub fn status_text(self) -> String {
        self.status.with(|s| match s {
            Fetched::Loading => "loading from the sandbox…".into(),
            Fetched::Ready(_) => "ready".into(),
            Fetched::Unavailable(why) => why.clone(),
        })
    }
}
