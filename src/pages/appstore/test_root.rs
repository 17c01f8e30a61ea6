//! The sandbox's test root, which the verifier may trust: only the public certificate
//! (`GET /__sandbox/apple/test-root`). Reading notifications never fetches the test key;
//! the craft form, a part of its own, fetches the signer when it is opened.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::apple::sandbox_test_root;
use crate::api::sandbox::default_token;
use crate::browser::origin::service_origin;

/// Where the test root stands.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RootStatus {
    Loading,
    /// The root, DER.
    Ready(Vec<u8>),
    /// No sandbox (a docs page elsewhere), or it refused: why.
    Unavailable(String),
}

#[derive(Clone, Copy)]
pub struct TestRoot {
    status: RwSignal<RootStatus>,
}

impl TestRoot {
    /// Starts fetching the sandbox's test root (with its documented default token).
    pub fn load() -> TestRoot {
        let root = TestRoot {
            status: RwSignal::new(RootStatus::Loading),
        };
        spawn_local(async move {
            let base = service_origin();
            let result = match default_token(&base).await {
                Some(token) => sandbox_test_root(&base, &token).await,
                None => Err(format!(
                    "no sandbox with its default token at {base}: its test root comes from there"
                )),
            };
            root.status.try_set(match result {
                Ok(der) => RootStatus::Ready(der),
                Err(why) => RootStatus::Unavailable(why),
            });
        });
        root
    }

    /// The root (DER), once known (tracked).
    pub fn der(self) -> Option<Vec<u8>> {
        self.status.with(|s| match s {
            RootStatus::Ready(der) => Some(der.clone()),
            _ => None,
        })
    }

    /// "loading from the sandbox…", or why it is not available (tracked).
    pub fn status_text(self) -> String {
        self.status.with(|s| match s {
            RootStatus::Loading => "loading from the sandbox…".into(),
            RootStatus::Ready(_) => "ready".into(),
            RootStatus::Unavailable(why) => why.clone(),
        })
    }
}
