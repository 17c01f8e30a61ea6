//! A part of a surface: a component the page shows on request (or once there is input)
//! that the site build may split off into a chunk of the page's module, downloaded the
//! first time it is shown. Every part talks to its page the same way: a typed input the
//! page keeps current, and typed events it sends back. A chunk shares the page's memory
//! and reactive graph, so the same signals reach the part linked in or split off.

use std::any::Any;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

/// What the surfaces table knows of a part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartInfo {
    /// Its name, and its chunk's in the site build when it is separate.
    pub name: &'static str,
    /// Shown while its chunk downloads.
    pub loading: &'static str,
    /// Whether the site build splits it off ([`split_part!`](crate::split_part) in its
    /// surface's entry, which the site build checks). It is, only where that pays: it saves
    /// at least 15 KB gzip on the page's first load and the page plus every part stays
    /// at or under 260 KB gzip (`./scripts/bench.sh size`; docs/add-a-part.md).
    pub separate: bool,
}

/// A part's view once its chunk is in, or why the chunk did not come.
pub type Loading = Pin<Box<dyn Future<Output = Result<AnyView, String>>>>;

/// Where a separate part's view comes from in a bundle that splits it off: the split
/// point its surface's entry defines ([`split_part!`](crate::split_part)).
pub type Loader<P> = fn(Signal<<P as Part>::Input>, Events<<P as Part>::Event>) -> Loading;

/// A part: its view, given its input and a way to send events.
pub trait Part: 'static {
    /// Its row (the surface's `parts` in the surfaces table hold the same value).
    const INFO: PartInfo;
    /// What the page gives it, kept current.
    type Input: Clone + PartialEq + Send + Sync + 'static;
    /// What it tells the page.
    type Event: 'static;
    fn view(input: Signal<Self::Input>, events: Events<Self::Event>) -> AnyView;
}

thread_local! {
    /// The separate parts' loaders, by part name, registered by the surface's entry.
    static LOADERS: RefCell<Vec<(&'static str, Box<dyn Any>)>> = const { RefCell::new(Vec::new()) };
}

/// Registers `load` as the way part `P` comes in (its surface's entry does, before it
/// mounts; once, however often the surface is mounted).
pub fn register<P: Part>(load: Loader<P>) {
    if loader::<P>().is_none() {
        LOADERS.with_borrow_mut(|loaders| loaders.push((P::INFO.name, Box::new(load))));
    }
}

fn loader<P: Part>() -> Option<Loader<P>> {
    LOADERS.with_borrow(|loaders| {
        loaders
            .iter()
            .find(|(name, _)| *name == P::INFO.name)
            .and_then(|(_, load)| load.downcast_ref::<Loader<P>>().copied())
    })
}

/// In a surface's entry (`src/bin/<widget>.rs`), for each separate part: a split point
/// that calls the part's view, which the site build (feature `split-parts`) splits off
/// with what only it uses into the chunk `$chunk` (the part's name with underscores),
/// downloaded the first time the part is shown. The split point lives in the entry, not
/// the library, so no other surface's bundle carries it.
#[macro_export]
macro_rules! split_part {
    ($part:ty, $chunk:ident) => {{
        use $crate::components::Part;
        #[::leptos::wasm_split::wasm_split($chunk, fallible, wasm_split_path = ::leptos::wasm_split)]
        fn $chunk(
            input: ::leptos::prelude::Signal<<$part as Part>::Input>,
            events: $crate::components::Events<<$part as Part>::Event>,
        ) -> ::std::result::Result<::leptos::prelude::AnyView, ::leptos::wasm_split::SplitLoaderError> {
            // Untracked, as a linked part: what it reads as it is built must not rebuild it.
            Ok(::leptos::prelude::untrack(|| <$part as Part>::view(input, events)))
        }
        $crate::components::part::register::<$part>(|input, events| {
            ::std::boxed::Box::pin(async move {
                $chunk(input, events).await.map_err(|_| {
                    format!(
                        "The {} part could not be downloaded: check the connection, then hide it and show it again.",
                        <$part as Part>::INFO.name
                    )
                })
            })
        });
    }};
}

/// How a part sends events to its page (a handle, copied into handlers).
pub struct Events<E: 'static>(StoredValue<Box<dyn Fn(E)>, LocalStorage>);

impl<E: 'static> Clone for Events<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E: 'static> Copy for Events<E> {}

impl<E: 'static> Events<E> {
    pub fn new(send: impl Fn(E) + 'static) -> Self {
        Events(StoredValue::new_local(Box::new(send)))
    }

    /// Sends `event` to the page (nothing once the part or the page is gone).
    pub fn send(self, event: E) {
        self.0.try_with_value(|send| send(event));
    }
}

/// Shows part `P` with `input`, calling `on_event` with what it sends: made at once when
/// it is linked in, else once its chunk has downloaded (its `loading` text until then).
pub fn show_part<P: Part>(
    input: Signal<P::Input>,
    on_event: impl Fn(P::Event) + 'static,
) -> AnyView {
    let events = Events::new(on_event);
    // Only the site build splits parts off; there the linked view must be unreachable from
    // the page, or the splitter would find it needed by the page and move nothing.
    if P::INFO.separate && cfg!(feature = "split-parts") {
        return split_off::<P>(input, events);
    }
    // Untracked: what the part reads as it is built must not rebuild it.
    let part = untrack(|| P::view(input, events));
    view! { <div data-btk-part=P::INFO.name>{part}</div> }.into_any()
}

/// A separate part, through the loader its surface's entry registered.
fn split_off<P: Part>(input: Signal<P::Input>, events: Events<P::Event>) -> AnyView {
    // None while the chunk downloads; then whether the view came (kept in `part`: a view
    // is neither cloned nor sent, so it cannot live in the signal) or why not.
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let part = StoredValue::new_local(None::<AnyView>);
    match loader::<P>() {
        Some(load) => {
            let loading = untrack(|| load(input, events));
            // Under this view's owner, so that what the part registers (its cleanups: a
            // replay in flight is cancelled) goes with the view, and nothing is made once
            // the view is gone.
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                let came = loading.await.map(|view| {
                    part.try_set_value(Some(view));
                });
                outcome.try_set(Some(came));
            });
        }
        None => outcome.set(Some(Err(format!(
            "The {} part is not in this bundle: its surface's entry (surface_bundle!) must name it.",
            P::INFO.name
        )))),
    }
    view! {
        <div data-btk-part=P::INFO.name>
            {move || match outcome.get() {
                Some(Ok(())) => part.try_update_value(Option::take).flatten(),
                Some(Err(why)) => Some(
                    view! { <p class="btk-error" role="alert" data-testid="part-error">{why}</p> }.into_any(),
                ),
                None => Some(view! { <p class="btk-loading" role="status">{P::INFO.loading}</p> }.into_any()),
            }}
        </div>
    }
    .into_any()
}

/// The button that shows and hides part `P`: its view is made (and, when it is separate,
/// downloaded) the first time it is shown.
#[component]
pub fn PartToggle(
    /// The button's test id.
    testid: &'static str,
    /// The id of the element the part is shown in (the button controls it).
    id: &'static str,
    /// The button's label while the part is hidden, and while it is shown.
    show: &'static str,
    hide: &'static str,
    /// The part, shown in the element while it is open.
    part: impl Fn() -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button type="button" class="btk-secondary" data-testid=testid aria-controls=id
            aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
            {move || if open.get() { hide } else { show }}
        </button>
        <div id=id>{move || open.get().then(&part)}</div>
    }
}
