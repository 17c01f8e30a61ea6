//! The signer's state: the inputs as signals, everything else derived from them with the
//! core's functions (so what is shown is always what would be sent).

use leptos::prelude::*;
use testkit_core::contract::WEBHOOK_PATH;
use testkit_core::events::{render_event, ApiVersion, EventFields, EventType, IdGen, ObjectIds};
use testkit_core::keys::refuse_as_webhook_secret;
use testkit_core::shell::webhook_curl;
use testkit_core::signature::signature_header;
use testkit_core::time::parse_instant;

use crate::browser::clock::{now_secs, perf_ms, random_seed, ticking_now};
use crate::browser::origin::service_origin;

/// A computed header, with what it took.
#[derive(Clone, Debug, PartialEq)]
pub struct Signed {
    pub header: String,
    pub timestamp: i64,
    pub bytes: usize,
    pub millis: f64,
}

#[derive(Clone, Copy)]
pub struct SignerState {
    pub event_type: RwSignal<EventType>,
    pub fields: RwSignal<EventFields>,
    /// The editor's text: exactly the bytes that are signed and sent, unless exact bytes
    /// are given instead.
    pub payload: RwSignal<String>,
    /// Exact bytes to sign instead of the editor's text (a file, base64 or hex, given in
    /// the exact-bytes part), or why the ones given are unusable; `None`: the editor's text.
    pub exact: RwSignal<Option<Result<Vec<u8>, String>>>,
    /// The bytes signed and sent: the editor's text as UTF-8, or the exact bytes.
    pub body: Memo<Result<Vec<u8>, String>>,
    pub secret: RwSignal<String>,
    /// Optional second secret (endpoint secret rotation: two v1 values).
    pub secret_2: RwSignal<String>,
    pub use_now: RwSignal<bool>,
    /// What the person typed as a fixed timestamp.
    pub fixed_timestamp: RwSignal<String>,
    /// Ticks every second so "now" and ages stay current.
    pub now: RwSignal<i64>,
    pub send_url: RwSignal<String>,
    ids: StoredValue<IdGen>,
}

impl SignerState {
    /// The state of a new page (call it in the page's owner: its clock ticks until then).
    pub fn new(event_type: EventType) -> SignerState {
        let mut ids = IdGen::new(random_seed());
        let now = now_secs();
        let fields = EventFields::sample(now, &mut ids);
        let payload = RwSignal::new(render_event(event_type, &fields));
        let exact = RwSignal::new(None::<Result<Vec<u8>, String>>);
        let body = Memo::new(move |_| {
            exact
                .get()
                .unwrap_or_else(|| Ok(payload.with(|p| p.as_bytes().to_vec())))
        });
        SignerState {
            event_type: RwSignal::new(event_type),
            fields: RwSignal::new(fields),
            payload,
            exact,
            body,
            secret: RwSignal::new(String::new()),
            secret_2: RwSignal::new(String::new()),
            use_now: RwSignal::new(true),
            fixed_timestamp: RwSignal::new(now.to_string()),
            now: ticking_now(),
            send_url: RwSignal::new(format!("{}{WEBHOOK_PATH}", service_origin())),
            ids: StoredValue::new(ids),
        }
    }

    /// Replaces the editor with the template of `event_type` (hand edits are dropped).
    pub fn load_template(self, event_type: EventType) {
        self.event_type.set(event_type);
        let fields = self.fields.get_untracked();
        self.payload.set(render_event(event_type, &fields));
    }

    /// The template rebuilt in `version`'s shapes (hand edits are dropped, as with a new
    /// template: the fields move between versions).
    pub fn set_api_version(self, version: ApiVersion) {
        let mut fields = self.fields.get_untracked();
        fields.api_version = version;
        self.payload
            .set(render_event(self.event_type.get_untracked(), &fields));
        self.fields.set(fields);
    }

    /// New ids for every object, and the template rebuilt with them.
    pub fn fresh_ids(self) {
        let mut fields = self.fields.get_untracked();
        fields.ids = self
            .ids
            .try_update_value(ObjectIds::fresh)
            .expect("the state lives as long as the page");
        fields.created = now_secs();
        self.fields.set(fields.clone());
        self.payload
            .set(render_event(self.event_type.get_untracked(), &fields));
    }

    pub fn new_event_id(self) -> String {
        self.ids
            .try_update_value(|gen| gen.id("evt"))
            .expect("the state lives as long as the page")
    }

    pub fn secret_refusal(secret: RwSignal<String>) -> Signal<Option<String>> {
        Signal::derive(move || secret.with(|s| refuse_as_webhook_secret(s)))
    }

    /// The timestamp to sign with, or why the typed one is unusable.
    pub fn timestamp(self) -> Memo<Result<i64, String>> {
        Memo::new(move |_| {
            if self.use_now.get() {
                Ok(self.now.get())
            } else {
                self.fixed_timestamp.with(|t| parse_instant(t))
            }
        })
    }

    /// The header for the body's bytes, or why there is none yet.
    pub fn signed(self, timestamp: Memo<Result<i64, String>>) -> Memo<Result<Signed, String>> {
        Memo::new(move |_| {
            let first = self.secret.get();
            let second = self.secret_2.get();
            if first.is_empty() {
                return Err("Enter the endpoint's whsec_ secret to compute the header.".into());
            }
            for s in [&first, &second] {
                if refuse_as_webhook_secret(s).is_some() {
                    return Err("No header: a secret above is refused.".into());
                }
            }
            let timestamp = timestamp.get().map_err(|e| format!("No header: {e}"))?;
            let secrets: Vec<&str> = [first.as_str(), second.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            self.body.with(|body| {
                let body = body.as_ref().map_err(|e| format!("No header: {e}"))?;
                let started = perf_ms();
                let header = signature_header(timestamp, &secrets, body);
                Ok(Signed {
                    header,
                    timestamp,
                    bytes: body.len(),
                    millis: perf_ms() - started,
                })
            })
        })
    }

    pub fn curl(self, signed: Memo<Result<Signed, String>>) -> Memo<Option<String>> {
        Memo::new(move |_| {
            let signed = signed.get().ok()?;
            let url = self.send_url.get();
            self.body.with(|b| {
                b.as_ref()
                    .ok()
                    .map(|b| webhook_curl(&url, &signed.header, b))
            })
        })
    }
}
