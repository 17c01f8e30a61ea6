//! One row of the list: the texts a subscription shows, and a row of cells that follows
//! whichever subscription is at its position.

use leptos::prelude::*;
use testkit_core::subscribers::{ago, Drift, SubscriberRow};

/// Everything one row shows, as text. Compared as a whole, so a position still showing the
/// same subscription after a keystroke changes nothing; otherwise each cell sets its text
/// or attribute only where it differs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowCells {
    store: &'static str,
    id: String,
    person: String,
    /// "double billing" or "both stores", with its class.
    flag: (&'static str, &'static str),
    person_sub: String,
    store_class: String,
    store_label: &'static str,
    tier: String,
    store_status: String,
    status_class: String,
    status: &'static str,
    period_end: String,
    renews: &'static str,
    id_main: String,
    id_sub: String,
    environment: String,
    updated: String,
    /// The paywall column: the person's access as the mirror gives it (flagged when it is
    /// out of step with payment), and for Stripe rows the mirror's copy and when it last
    /// synced.
    access_state: &'static str,
    access: (&'static str, &'static str),
    drift: String,
    drift_class: &'static str,
}

fn date(text: Option<&str>) -> String {
    text.map(|t| t.get(..10).unwrap_or(t).to_string())
        .unwrap_or_else(|| "—".into())
}

impl RowCells {
    /// The texts of `row`, its sync age counted at `now` (unix seconds).
    pub fn of(row: &SubscriberRow, now: i64) -> RowCells {
        let (id_main, id_sub) = match (
            &row.customer_ref,
            &row.subscription_ref,
            &row.transaction_ref,
        ) {
            (_, _, Some(t)) => (t.clone(), "original transaction".to_string()),
            (c, s, None) => (
                c.clone().unwrap_or_else(|| "—".into()),
                s.clone().unwrap_or_default(),
            ),
        };
        let c = &row.chain;
        RowCells {
            store: row.store.as_str(),
            id: row.id.clone(),
            person: row.display_person().to_string(),
            flag: if row.double_billing {
                ("btk-flag-bad", "double billing")
            } else if row.both_stores {
                ("btk-flag-warn", "both stores")
            } else {
                ("", "")
            },
            person_sub: match (&row.name, row.is_test) {
                (Some(name), true) => format!("{name} · test"),
                (Some(name), false) => name.clone(),
                (None, true) => "test".into(),
                (None, false) => String::new(),
            },
            store_class: format!("btk-store-{}", row.store.as_str()),
            store_label: row.store.label(),
            tier: row.plan_tier.clone(),
            store_status: row.store_status.clone(),
            status_class: format!("btk-status-{}", row.status.as_str()),
            status: row.status.label(),
            period_end: date(row.period_end.as_deref()),
            renews: match row.renews {
                Some(true) => "renews",
                Some(false) => "ends",
                None => "",
            },
            id_main,
            id_sub,
            environment: row.environment.clone(),
            updated: date(Some(&row.updated_at)),
            access_state: match c.access {
                Some(true) => "granted",
                Some(false) => "denied",
                None => "unknown",
            },
            access: match c.access {
                Some(true) if !c.paid => ("btk-flag-bad", "access, not paid"),
                Some(true) => ("", "access"),
                Some(false) if c.paid => ("btk-flag-bad", "no access, paid"),
                Some(false) => ("", "no access"),
                None => ("", "—"),
            },
            drift: match c.drift {
                Drift::Unchecked => String::new(),
                drift => match c.mirror_synced_at.as_deref().and_then(|t| ago(t, now)) {
                    Some(age) => format!("{} · synced {age}", drift.label()),
                    None => drift.label(),
                },
            },
            drift_class: if c.drift.is_drift() {
                "btk-flag-bad"
            } else {
                ""
            },
        }
    }
}

/// The row at one position of the list, built once and kept while the position is in
/// view: each text and attribute follows `cells` on its own. A cell's second line follows a
/// line break in the same run of text, not a block of its own: a block and the anonymous
/// block it makes around the first line were a third of the layout objects a keystroke
/// lays out again. Rebuilding the row instead
/// (what a view returned from a closure does) removes and sets every attribute again under
/// `erase_components`, a DOM call and a style invalidation each, on every keystroke.
pub fn position_row(cells: Memo<RowCells>) -> impl IntoView {
    // One closure type for every cell (a type per cell adds code to the bundle).
    let text = move |get: fn(&RowCells) -> &str| move || cells.with(|c| get(c).to_string());
    view! {
        <tr data-testid="subs-row" data-store=text(|c| c.store) data-id=text(|c| &c.id)>
            <td>
                {text(|c| &c.person)}<br/>
                <small><b class=text(|c| c.flag.0)>{text(|c| c.flag.1)}</b>" "{text(|c| &c.person_sub)}</small>
            </td>
            <td class=text(|c| &c.store_class)>{text(|c| c.store_label)}</td>
            <td>{text(|c| &c.tier)}</td>
            <td class="btk-mono">{text(|c| &c.store_status)}</td>
            <td class=text(|c| &c.status_class)>{text(|c| c.status)}</td>
            <td>{text(|c| &c.period_end)}<br/><small>{text(|c| c.renews)}</small></td>
            <td class="btk-mono">{text(|c| &c.id_main)}<br/><small>{text(|c| &c.id_sub)}</small></td>
            <td>{text(|c| &c.environment)}</td>
            <td>{text(|c| &c.updated)}</td>
            <td data-testid="subs-chain" data-access=text(|c| c.access_state)>
                <span class=text(|c| c.access.0)>{text(|c| c.access.1)}</span><br/>
                <small class=text(|c| c.drift_class) data-testid="subs-drift">{text(|c| &c.drift)}</small>
            </td>
        </tr>
    }
}
