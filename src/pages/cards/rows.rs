//! The catalog's table rows as HTML built from the card data at build time, and their
//! copy buttons handled by one listener on the table body.
//!
//! Why not a view per row: the rows never change once shown (the filter only hides
//! them). A typed view per row with two copy components, and the catalog's prose it
//! showed, cost the cards bundle 13 KB gzip; now the build renders the rows, the bundle
//! keeps them when it takes the page over ([`STATIC_ATTR`](crate::mount::STATIC_ATTR))
//! and carries only the filter and this listener (cards bundle 86.1 -> 76.4 KB, a docs
//! page with the catalog 89.0 -> 79.3 KB). The markup is the one the components
//! rendered (same test ids, labels and live regions).

use std::fmt::Write;
use std::time::Duration;

use leptos::task::spawn_local;
use testkit_core::catalog::TestCard;
use wasm_bindgen::JsCast;

use crate::browser::clipboard;

/// The attribute of a copy button that holds what it copies.
const COPY_ATTR: &str = "data-copy";
/// The copy buttons, for `closest`.
const COPY_BUTTON: &str = "button[data-copy]";
/// How long "Copied" stays before the button returns to "Copy".
const FEEDBACK: Duration = Duration::from_millis(1800);

/// `text` with the characters that are markup escaped (for text and quoted attributes).
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A copy button and its live region (announced to screen readers when it is used).
fn copy_button(out: &mut String, value: &str, label: &str, testid: &str) {
    let _ = write!(
        out,
        r#"<button type="button" class="btk-copy" data-testid="{testid}" aria-label="{}" {COPY_ATTR}="{}">Copy</button><span class="btk-sr-only" role="status"></span>"#,
        escaped(label),
        escaped(value),
    );
}

fn row(out: &mut String, card: &TestCard) {
    let grouped = card.grouped();
    let _ = write!(
        out,
        r#"<tr data-testid="card-row" data-number="{}"><td data-label="Number"><code class="btk-card-number">{}</code>"#,
        escaped(card.number),
        escaped(&grouped),
    );
    copy_button(
        out,
        card.number,
        &format!("Copy card number {grouped}"),
        "copy-number",
    );
    let _ = write!(
        out,
        r#"</td><td data-label="Brand">{}</td><td data-label="Outcome"><span class="btk-tag btk-tag-{}">{}</span><div>{}</div>"#,
        escaped(card.brand),
        card.category.as_str(),
        escaped(card.category.label()),
        escaped(card.outcome),
    );
    if let Some(code) = card.decline_code {
        let _ = write!(
            out,
            r#"<div class="btk-muted">decline_code <code>{}</code></div>"#,
            escaped(code)
        );
    }
    out.push_str(r#"</td><td data-label="Server-side id">"#);
    match (card.pm_id, card.tok_id()) {
        (Some(pm), tok) => {
            let _ = write!(out, "<code>{}</code>", escaped(pm));
            copy_button(out, pm, &format!("Copy PaymentMethod id {pm}"), "copy-pm");
            let _ = write!(
                out,
                r#"<div class="btk-muted"><code>{}</code></div>"#,
                escaped(&tok.unwrap_or_default())
            );
        }
        (None, _) => out.push_str(r#"<span class="btk-muted">Form entry only</span>"#),
    }
    let note = card.note.map(|n| format!(". {n}")).unwrap_or_default();
    let _ = write!(
        out,
        r#"</td><td data-label="Use it for"><div>{}</div><div class="btk-muted">{}{}</div></td></tr>"#,
        escaped(card.use_for),
        escaped(&card.entry_hint()),
        escaped(&note),
    );
}

/// Every card's row, in catalog order, none hidden.
pub fn rows_html(cards: &[TestCard]) -> String {
    let mut out = String::with_capacity(cards.len() * 900);
    for card in cards {
        row(&mut out, card);
    }
    out
}

/// Shows the rows whose `data-number` `shown` accepts and hides the others.
pub fn show_rows(body: &web_sys::Element, shown: impl Fn(&str) -> bool) {
    let rows = body.children();
    for i in 0..rows.length() {
        let Some(row) = rows.item(i) else { continue };
        let number = row.get_attribute("data-number").unwrap_or_default();
        let _ = row.toggle_attribute_with_force("hidden", !shown(&number));
    }
}

/// Copies what the clicked copy button holds and says on the button (and to screen
/// readers) whether it worked; clicks elsewhere in the table are ignored.
pub fn on_table_click(event: web_sys::MouseEvent) {
    let Some(button) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(COPY_BUTTON).ok().flatten())
    else {
        return;
    };
    let value = button.get_attribute(COPY_ATTR).unwrap_or_default();
    spawn_local(async move {
        let copied = clipboard::write(&value).await;
        let status = button.next_element_sibling();
        let say = |text: &str, announcement: &str, done: bool| {
            button.set_text_content(Some(text));
            let _ = button.class_list().toggle_with_force("btk-copy-done", done);
            if let Some(status) = &status {
                status.set_text_content(Some(announcement));
            }
        };
        if copied {
            say("Copied", "Copied to the clipboard", true);
        } else {
            say(
                "Copy failed",
                "The browser refused the copy: select the text and copy it by hand",
                false,
            );
        }
        // The button may be gone by then (the page left): it is only a detached node.
        leptos::prelude::set_timeout(
            move || {
                button.set_text_content(Some("Copy"));
                let _ = button
                    .class_list()
                    .toggle_with_force("btk-copy-done", false);
                if let Some(status) = button.next_element_sibling() {
                    status.set_text_content(Some(""));
                }
            },
            FEEDBACK,
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use testkit_core::catalog::CARDS;

    #[test]
    fn every_card_has_one_row_with_its_number_and_copy_buttons() {
        let html = rows_html(&CARDS);
        assert_eq!(html.matches("<tr ").count(), CARDS.len());
        for card in CARDS.iter() {
            assert!(html.contains(&format!(r#"data-number="{}""#, card.number)));
            assert!(html.contains(&format!(r#"data-copy="{}""#, card.number)));
            if let Some(pm) = card.pm_id {
                assert!(html.contains(&format!(r#"data-copy="{pm}""#)));
            }
        }
        let with_pm = CARDS.iter().filter(|c| c.pm_id.is_some()).count();
        assert_eq!(html.matches(r#"data-testid="copy-pm""#).count(), with_pm);
        assert_eq!(
            html.matches("Form entry only").count(),
            CARDS.len() - with_pm
        );
    }

    #[test]
    fn markup_characters_in_the_data_are_escaped() {
        assert_eq!(
            escaped(r#"<b>"Tom" & 'Jerry'</b>"#),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
        let html = rows_html(&CARDS);
        // Every tag the rows open is one of theirs: no data ends up as markup.
        for tag in html.split('<').skip(1) {
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(
                ["tr", "td", "code", "button", "span", "div"].contains(&name.as_str()),
                "{tag}"
            );
        }
    }
}
