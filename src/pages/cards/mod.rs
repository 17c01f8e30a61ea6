//! The test-card catalog: filter by outcome, search, copy numbers and ids.

mod rows;

use leptos::prelude::*;
use testkit_core::catalog::{filter_cards, CardQuery, Category, CARDS};

use crate::browser::url_query;
use crate::components::TextField;
pub use rows::rows_html;
use rows::{on_table_click, show_rows};

/// This surface's URL query keys (listed in the surfaces table).
pub mod keys {
    use crate::browser::url_query::QueryKey;

    /// The search text.
    pub const SEARCH: QueryKey = QueryKey("q");
    /// The outcome filter.
    pub const CATEGORY: QueryKey = QueryKey("category");
    /// Every key, for the surfaces table.
    pub const ALL: &[QueryKey] = &[SEARCH, CATEGORY];
}

/// "12 of 51 cards".
pub fn count_label(shown: usize, total: usize) -> String {
    let noun = if total == 1 { "card" } else { "cards" };
    format!("{shown} of {total} {noun}")
}

/// The name of the rows' [`STATIC_ATTR`](crate::mount::STATIC_ATTR) element.
pub const ROWS: &str = "card-rows";

/// The rows, rendered by the build only: the browser takes them from the pre-rendered
/// page (the bundle does not carry the catalog's prose).
fn prerendered_rows() -> String {
    // The whole-app bundle has no pre-rendered page to take the rows from.
    if cfg!(target_arch = "wasm32") && !cfg!(feature = "single-bundle") {
        String::new()
    } else {
        rows_html(&CARDS)
    }
}

fn category_count(category: Category) -> usize {
    CARDS.iter().filter(|c| c.category == category).count()
}

#[component]
pub fn CardsPage() -> impl IntoView {
    let text = RwSignal::new(url_query::get(keys::SEARCH).unwrap_or_default());
    let linked_slug = url_query::get(keys::CATEGORY);
    let category = RwSignal::new(
        linked_slug
            .as_deref()
            .and_then(|s| s.parse::<Category>().ok()),
    );
    let bad_link = linked_slug.filter(|slug| slug.parse::<Category>().is_err());

    let visible = Memo::new(move |_| {
        let query = CardQuery {
            text: text.get(),
            category: category.get(),
        };
        filter_cards(&CARDS, &query)
    });
    let body = NodeRef::<leptos::html::Tbody>::new();
    Effect::new(move |_| {
        let Some(body) = body.get() else { return };
        visible.with(|v| show_rows(&body, |number| v.iter().any(|c| c.number == number)));
    });
    Effect::new(move |_| {
        url_query::set(&[
            (keys::SEARCH, Some(text.get())),
            (
                keys::CATEGORY,
                category.get().map(|c| c.as_str().to_string()),
            ),
        ]);
    });

    view! {
        <section class="btk-page btk-cards">
            <h1>"Stripe test cards"</h1>
            <p class="btk-callout">
                <strong>"Raw numbers are for Checkout and Elements forms only. "</strong>
                "Server-side API calls use the " <code>"pm_card_*"</code> " PaymentMethod ids (or "
                <code>"tok_*"</code> " tokens): Stripe rejects raw card numbers sent to its API \
                 unless the account has raw card data access. Any future expiry date and any \
                 postal code work."
            </p>
            {bad_link.map(|slug| view! {
                <p class="btk-warning" role="alert">
                    {format!("The link asked for an unknown category \"{slug}\"; showing all cards.")}
                </p>
            })}
            <div class="btk-cards-controls">
                <TextField label="Search" testid="card-search" value=text kind="search"
                    placeholder="Number, brand, decline code or pm_card_ id"/>
                <div class="btk-chips" role="group" aria-label="Filter by outcome">
                    <CategoryChip choice=None selected=category/>
                    {Category::ALL
                        .into_iter()
                        .map(|c| view! { <CategoryChip choice=Some(c) selected=category/> })
                        .collect_view()}
                </div>
            </div>
            {move || category.get().map(|c| view! { <p class="btk-muted">{c.summary()}</p> })}
            <p class="btk-count" data-testid="card-count" aria-live="polite">
                {move || count_label(visible.get().len(), CARDS.len())}
            </p>
            {move || visible.with(Vec::is_empty).then(|| view! {
                <p class="btk-empty">
                    "No card matches. "
                    <button
                        type="button"
                        class="btk-link-button"
                        on:click=move |_| {
                            text.set(String::new());
                            category.set(None);
                        }
                    >
                        "Clear the search and filter"
                    </button>
                </p>
            })}
            <table class="btk-table btk-card-table">
                <caption class="btk-sr-only">"Stripe test cards matching the filter"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Number"</th>
                        <th scope="col">"Brand"</th>
                        <th scope="col">"Outcome"</th>
                        <th scope="col">"Server-side id"</th>
                        <th scope="col">"Use it for"</th>
                    </tr>
                </thead>
                // The rows as the build rendered them (see rows.rs for why), shown and
                // hidden by the filter; one listener serves every copy button.
                <tbody node_ref=body data-btk-static=ROWS inner_html=prerendered_rows()
                    on:click=on_table_click></tbody>
            </table>
        </section>
    }
}

#[component]
fn CategoryChip(choice: Option<Category>, selected: RwSignal<Option<Category>>) -> impl IntoView {
    let (label, slug, count) = match choice {
        Some(c) => (c.label(), c.as_str(), category_count(c)),
        None => ("All", "all", CARDS.len()),
    };
    view! {
        <button
            type="button"
            class="btk-chip"
            data-testid=format!("card-category-{slug}")
            aria-pressed=move || (selected.get() == choice).to_string()
            on:click=move |_| selected.set(choice)
        >
            {label}
            <span class="btk-chip-count">{count}</span>
        </button>
    }
}
