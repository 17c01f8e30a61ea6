//! Stopping requests: by the person (Cancel), by the page going away, or by a timeout.
//! One [`Abort`] covers every request of a load or a run; aborting it fails them at once,
//! so nothing is left in flight.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::{set_timeout_with_handle, TimeoutHandle};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

/// Aborts a group of requests: by the person (cancel) or by a deadline.
#[derive(Clone)]
pub struct Abort {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
}

/// Aborts its [`Abort`] when its time runs out, unless it is dropped first.
pub struct Deadline(Option<TimeoutHandle>);

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(timer) = self.0.take() {
            timer.clear();
        }
    }
}

impl Abort {
    pub fn new() -> Abort {
        Abort {
            controller: AbortController::new()
                .expect("AbortController exists in every supported browser"),
            timed_out: Rc::new(Cell::new(false)),
        }
    }

    /// Aborts every request using it, now and later.
    pub fn cancel(&self) {
        self.controller.abort();
    }

    /// The same handle (a clone of it), not merely one in the same state.
    pub fn same(&self, other: &Abort) -> bool {
        Rc::ptr_eq(&self.timed_out, &other.timed_out)
    }

    /// For a request's `abort_signal`.
    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Aborted, by a cancel or a deadline.
    pub fn aborted(&self) -> bool {
        self.controller.signal().aborted()
    }

    /// Aborted because a deadline passed.
    pub fn timed_out(&self) -> bool {
        self.timed_out.get()
    }

    /// Aborts after `seconds`, unless the deadline is dropped before.
    pub fn deadline(&self, seconds: u32) -> Deadline {
        let timed_out = self.timed_out.clone();
        let controller = self.controller.clone();
        let timer = set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            Duration::from_secs(u64::from(seconds)),
        );
        Deadline(timer.ok())
    }

    /// Waits `millis`, or less when aborted meanwhile.
    pub async fn sleep(&self, millis: u32) {
        if self.aborted() {
            return;
        }
        let (signal, window) = (self.signal(), crate::browser::window());
        let mut timer = None;
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            signal.set_onabort(Some(&resolve));
            timer = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis as i32)
                .ok();
        });
        let _ = JsFuture::from(promise).await;
        signal.set_onabort(None);
        if let Some(timer) = timer {
            window.clear_timeout_with_handle(timer);
        }
    }
}

impl Default for Abort {
    fn default() -> Abort {
        Abort::new()
    }
}
