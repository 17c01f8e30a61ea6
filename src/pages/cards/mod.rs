//! The test-card catalog: filter by outcome, search, copy numbers and ids.

use leptos::prelude::*;
use testkit_core::catalog::{filter_cards, CardQuery, Category, TestCard, CARDS};

use crate::browser::url_query;
use crate::components::{CopyButton, TextField};

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
            <Show when=move || visible.get().is_empty()>
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
            </Show>
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
                <tbody>
                    // Every row once, hidden when it does not match: cheaper in the
                    // bundle than a keyed list (4 KB gzip), and as fast for 51 rows.
                    {CARDS.iter().map(|card| {
                        let hidden = move || !visible.with(|v| v.iter().any(|c| c.number == card.number));
                        view! { <CardRow card=card hidden=Signal::derive(hidden)/> }
                    }).collect_view()}
                </tbody>
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

#[component]
fn CardRow(
    card: &'static TestCard,
    /// True while the row does not match the search and filter.
    hidden: Signal<bool>,
) -> impl IntoView {
    let grouped = card.grouped();
    view! {
        <tr data-testid="card-row" data-number=card.number hidden=hidden>
            <td data-label="Number">
                <code class="btk-card-number">{grouped.clone()}</code>
                <CopyButton
                    text=card.number.to_string()
                    label=format!("Copy card number {grouped}")
                    testid="copy-number"
                />
            </td>
            <td data-label="Brand">{card.brand}</td>
            <td data-label="Outcome">
                <span class=format!("btk-tag btk-tag-{}", card.category.as_str())>
                    {card.category.label()}
                </span>
                <div>{card.outcome}</div>
                {card.decline_code.map(|code| view! {
                    <div class="btk-muted">"decline_code " <code>{code}</code></div>
                })}
            </td>
            <td data-label="Server-side id">
                {match card.pm_id {
                    Some(pm) => view! {
                        <code>{pm}</code>
                        <CopyButton
                            text=pm.to_string()
                            label=format!("Copy PaymentMethod id {pm}")
                            testid="copy-pm"
                        />
                        <div class="btk-muted"><code>{card.tok_id()}</code></div>
                    }
                    .into_any(),
                    None => view! { <span class="btk-muted">"Form entry only"</span> }.into_any(),
                }}
            </td>
            <td data-label="Use it for">
                <div>{card.use_for}</div>
                <div class="btk-muted">
                    {card.entry_hint()}
                    {card.note.map(|n| format!(". {n}"))}
                </div>
            </td>
        </tr>
    }
}
