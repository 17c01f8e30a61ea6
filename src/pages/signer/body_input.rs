//! A body given as exact bytes: typed text, a file, base64 or hex. The bytes it stands for,
//! their fingerprint, and warnings when they may not be what a receiver got (or will get).

use crate::components::{Field, FieldMessage, TextArea};
use leptos::prelude::*;
use leptos::task::spawn_local;
use testkit_core::bytes::{
    decode_base64, decode_hex, encode_base64, inspect, Fingerprint, Origin, Purpose,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Files larger than this (8 MiB) are refused: Stripe's events are far smaller, and the
/// page re-signs variants of the body to diagnose it.
const MAX_FILE_BYTES: u64 = 8 << 20;

#[wasm_bindgen]
extern "C" {
    /// An `<input type="file">`: only what reading its first file takes (web-sys's
    /// bindings would need more features for this one use).
    type FileInput;
    #[wasm_bindgen(method, getter)]
    fn files(this: &FileInput) -> Option<FileList>;

    type FileList;
    #[wasm_bindgen(method)]
    fn item(this: &FileList, index: u32) -> Option<File>;

    type File;
    #[wasm_bindgen(method, getter)]
    fn name(this: &File) -> String;
    #[wasm_bindgen(method, getter)]
    fn size(this: &File) -> f64;
    #[wasm_bindgen(method, js_name = arrayBuffer)]
    fn array_buffer(this: &File) -> js_sys::Promise;

    /// A `paste` event's clipboard, read as it was (before a text box changes it).
    type PasteEvent;
    #[wasm_bindgen(method, getter, js_name = clipboardData)]
    fn clipboard_data(this: &PasteEvent) -> Option<Clipboard>;

    type Clipboard;
    #[wasm_bindgen(method, js_name = getData)]
    fn get_data(this: &Clipboard, format: &str) -> String;
}

/// The plain text a paste event carries, exactly as on the clipboard (CR included).
pub fn pasted_text(ev: &web_sys::Event) -> Option<String> {
    ev.unchecked_ref::<PasteEvent>()
        .clipboard_data()
        .map(|c| c.get_data("text/plain"))
}

/// How the body is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyMode {
    /// Typed or pasted into a text box (line endings become LF).
    Text,
    /// A file, read as raw bytes.
    File,
    /// Base64 text.
    Base64,
    /// Hex text.
    Hex,
}

impl BodyMode {
    const ALL: [BodyMode; 4] = [
        BodyMode::Text,
        BodyMode::File,
        BodyMode::Base64,
        BodyMode::Hex,
    ];

    fn slug(self) -> &'static str {
        match self {
            BodyMode::Text => "text",
            BodyMode::File => "file",
            BodyMode::Base64 => "base64",
            BodyMode::Hex => "hex",
        }
    }
}

/// A file read as bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedFile {
    name: String,
    bytes: Vec<u8>,
}

/// The inputs of a body given as exact bytes (the text mode's text lives with its owner).
#[derive(Clone, Copy)]
pub struct BodyInput {
    pub mode: RwSignal<BodyMode>,
    /// The base64 or hex text.
    pub encoded: RwSignal<String>,
    /// The file read, or why it could not be.
    file: RwSignal<Option<Result<LoadedFile, String>>>,
}

impl BodyInput {
    pub fn new() -> BodyInput {
        BodyInput {
            mode: RwSignal::new(BodyMode::Text),
            encoded: RwSignal::new(String::new()),
            file: RwSignal::new(None),
        }
    }

    /// The bytes of a non-text mode, or why there are none (tracks the inputs).
    pub fn exact_bytes(self) -> Result<Vec<u8>, String> {
        match self.mode.get() {
            BodyMode::Text => Err("The body is given as text.".into()),
            BodyMode::File => self.file.with(|f| match f {
                Some(Ok(f)) => Ok(f.bytes.clone()),
                Some(Err(e)) => Err(e.clone()),
                None => Err("Choose a file for the body.".into()),
            }),
            BodyMode::Base64 => self
                .encoded
                .with(|t| decode_base64(t))
                .map_err(|e| format!("Not base64: {e}")),
            BodyMode::Hex => self
                .encoded
                .with(|t| decode_hex(t))
                .map_err(|e| format!("Not hex: {e}")),
        }
    }

    /// [`exact_bytes`](BodyInput::exact_bytes), or `None` in the text mode (tracks the
    /// inputs).
    pub fn exact_bytes_or_text(self) -> Option<Result<Vec<u8>, String>> {
        (self.mode.get() != BodyMode::Text).then(|| self.exact_bytes())
    }

    /// Switches to base64 holding exactly `bytes`.
    pub fn set_exact(self, bytes: &[u8]) {
        self.encoded.set(encode_base64(bytes));
        self.mode.set(BodyMode::Base64);
    }

    fn load(self, input: FileInput) {
        let Some(file) = input.files().and_then(|list| list.item(0)) else {
            self.file.set(None);
            return;
        };
        let name = file.name();
        // Whole bytes in an f64, read without float formatting (a size win in wasm).
        let size = file.size() as u64;
        if size > MAX_FILE_BYTES {
            self.file.set(Some(Err(format!(
                "{name} is {size} bytes: the limit is 8 MiB (Stripe's events are far smaller)."
            ))));
            return;
        }
        spawn_local(async move {
            let read = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            match read {
                Ok(buffer) => {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    self.file.try_set(Some(Ok(LoadedFile { name, bytes })));
                }
                Err(_) => {
                    self.file
                        .try_set(Some(Err(format!("{name} could not be read."))));
                }
            }
        });
    }
}

/// The mode picker, the input of the chosen exact mode, and what the bytes are: length,
/// SHA-256, first bytes, and warnings. `text` is the text mode's input, when the owner
/// shows it here. Test ids start with `prefix`.
#[component]
pub fn BodyBytes(
    input: BodyInput,
    prefix: &'static str,
    /// The text mode's name ("Text", "The editor's text").
    text_label: &'static str,
    purpose: Purpose,
    /// The bytes that are verified or signed.
    bytes: Memo<Result<Vec<u8>, String>>,
    #[prop(optional)] text: Option<ChildrenFn>,
) -> impl IntoView {
    let exact = Signal::derive(move || input.mode.get() != BodyMode::Text);
    view! {
        <BodyModes input=input prefix=prefix text_label=text_label text=text/>
        <BodyAbout prefix=prefix purpose=purpose bytes=bytes exact=exact/>
    }
}

/// What the bytes are (length, SHA-256, first bytes) and what may make them differ from a
/// receiver's; nothing while there are no bytes (an empty body is plain to see).
#[component]
pub fn BodyAbout(
    prefix: &'static str,
    purpose: Purpose,
    bytes: Memo<Result<Vec<u8>, String>>,
    /// Whether the bytes are exact (a file, base64, hex) rather than a text box's.
    exact: Signal<bool>,
) -> impl IntoView {
    let verb = match purpose {
        Purpose::Verify => "Verifying",
        Purpose::Sign => "Signing",
    };
    move || {
        let origin = if exact.get() {
            Origin::Exact
        } else {
            Origin::TextBox
        };
        let (summary, warnings) = bytes.with(|b| match b {
            Ok(b) if !b.is_empty() => (
                Some(format!("{verb} {}.", Fingerprint::of(b))),
                inspect(b, origin)
                    .into_iter()
                    .filter_map(|f| f.advice(purpose).map(|a| (f.slug(), a)))
                    .collect(),
            ),
            _ => (None, Vec::new()),
        });
        view! {
            <p class="btk-muted btk-bytes" data-testid=format!("{prefix}-bytes")>{summary}</p>
            <ul class="btk-body-warnings" data-testid=format!("{prefix}-warnings") aria-live="polite">
                {warnings.into_iter().map(|(slug, advice)| view! {
                    <li class="btk-field-warning" data-finding=slug>{advice}</li>
                }).collect_view()}
            </ul>
        }
    }
}

/// The mode picker and the input of the chosen exact mode (`text`, the text mode's input,
/// when the owner shows it here). Test ids start with `prefix`.
#[component]
pub fn BodyModes(
    input: BodyInput,
    prefix: &'static str,
    /// The text mode's name ("Text", "The editor's text").
    text_label: &'static str,
    #[prop(optional_no_strip)] text: Option<ChildrenFn>,
) -> impl IntoView {
    let mode = input.mode;
    let group = format!("{prefix}-mode");
    let encoded_error = Memo::new(move |_| match mode.get() {
        BodyMode::Base64 | BodyMode::Hex => input.exact_bytes().err(),
        _ => None,
    });
    let choice = move |m: BodyMode| {
        let label = match m {
            BodyMode::Text => text_label,
            BodyMode::File => "A file",
            BodyMode::Base64 => "Base64",
            BodyMode::Hex => "Hex",
        };
        view! {
            <label class="btk-check">
                <input type="radio" name=group.clone() value=m.slug()
                    data-testid=format!("{prefix}-mode-{}", m.slug())
                    prop:checked=move || mode.get() == m
                    on:change=move |_| mode.set(m)/>
                {label}
            </label>
        }
    };
    let encoded_view = move |m: BodyMode| {
        let (label, placeholder) = match m {
            BodyMode::Base64 => (
                "Body as base64 (e.g. from base64 -w0 body.json)",
                "eyJpZCI6ICJldnRfMSJ9",
            ),
            _ => (
                "Body as hex (e.g. from xxd -p body.json)",
                "7b226964223a20226576745f31227d",
            ),
        };
        view! {
            <TextArea label=label testid=format!("{prefix}-encoded") rows=4 short=true placeholder=placeholder
                value=input.encoded
                on_input=Callback::new(move |v| input.encoded.set(v))
                message=FieldMessage { error: Some(encoded_error.into()), hint: None }/>
        }
    };
    let file_view = move || {
        let problem = move || {
            input
                .file
                .with(|f| f.as_ref().and_then(|f| f.as_ref().err().cloned()))
        };
        view! {
            <Field label="Body file (read as raw bytes, nothing converted)" testid=format!("{prefix}-file-field") wide=true>
                <input type="file" data-testid=format!("{prefix}-file")
                    aria-invalid=move || problem().is_some().to_string()
                    on:change=move |ev| {
                        if let Some(target) = ev.target() {
                            input.load(target.unchecked_into());
                        }
                    }/>
            </Field>
            {move || input.file.with(|f| match f {
                Some(Ok(f)) => view! {
                    <p class="btk-muted" data-testid=format!("{prefix}-file-name")>{format!("{}: {} bytes", f.name, f.bytes.len())}</p>
                }.into_any(),
                Some(Err(e)) => view! {
                    <p class="btk-field-error" role="alert" data-testid=format!("{prefix}-file-error")>{e.clone()}</p>
                }.into_any(),
                None => ().into_any(),
            })}
        }
    };

    view! {
        <fieldset class="btk-body-modes">
            <legend>"Body given as"</legend>
            {BodyMode::ALL.into_iter().map(choice).collect_view()}
        </fieldset>
        {move || match mode.get() {
            BodyMode::Text => text.as_ref().map(|t| t()).into_any(),
            BodyMode::File => file_view().into_any(),
            m => encoded_view(m).into_any(),
        }}
    }
}
