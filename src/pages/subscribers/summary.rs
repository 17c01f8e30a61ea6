//! The totals: by store, tier and status, people counted once, what a Stripe-only view
//! would show, the chain to the paywall with its alarms, and the coverage note every
//! total carries when a source is missing.

use leptos::prelude::*;
use testkit_core::subscribers::{ChainSummary, Coverage, StoreCounts, Summary};

use super::chart::StoreChart;
use super::state::SubscribersState;

/// The runbook's instruction when test data shows up in production (section 8).
pub const SEV2_QUOTE: &str = "If either query returns non-zero: STOP. This is a SEV-2 data contamination \
    incident. Do not delete the rows yet — preserve state and escalate to the operator. The incident \
    requires an RCA and audit of how test data reached the prod DB.";

/// "51 subscriptions · 49 people", with the coverage note when incomplete.
pub fn total_line(summary: &Summary, coverage: Coverage) -> String {
    let mut text = format!(
        "{} subscriptions · {} people",
        summary.subscriptions, summary.people
    );
    if let Some(note) = coverage.note() {
        text.push_str(" (");
        text.push_str(&note);
        text.push(')');
    }
    text
}

fn counted(n: usize, coverage: Coverage) -> String {
    match coverage.note() {
        Some(_) => format!("{n}*"),
        None => n.to_string(),
    }
}

/// The chain's counts, each with an alarm when not zero: drift, access without payment,
/// payment without access.
#[component]
fn ChainPanel(chain: RwSignal<ChainSummary>) -> impl IntoView {
    let alarm = |n: usize, testid: &'static str, text: String| {
        (n > 0).then(|| view! { <p class="btk-alarm" role="alert" data-testid=testid>{text}</p> })
    };
    view! {
        {move || {
            let c = chain.get();
            if !c.checked {
                return view! {
                    <p class="btk-muted" data-testid="subs-chain-unchecked">
                        "The paywall chain is not checked: Raptor's Stripe mirror is not loaded."
                    </p>
                }.into_any();
            }
            view! {
                <dl class="btk-stats" data-testid="subs-chain-counts">
                    <div><dt>"Mirror drift"</dt><dd data-testid="subs-drift-count">{c.drifted}</dd></div>
                    <div><dt>"Access without payment"</dt><dd data-testid="subs-access-unpaid">{c.access_without_payment}</dd></div>
                    <div><dt>"Payment without access"</dt><dd data-testid="subs-paid-no-access">{c.payment_without_access}</dd></div>
                    <div><dt>"Mirror rows Queue lacks"</dt><dd data-testid="subs-mirror-only">{c.mirror_only}</dd></div>
                </dl>
                {alarm(c.drifted, "subs-drift-alarm", format!(
                    "Mirror drift: {} Stripe subscriptions where Raptor's mirror is missing or disagrees with Queue (status, tier or period end). \
                     The fan-out is lagging or failing; filter by \"Mirror drift\" to see them.", c.drifted))}
                {alarm(c.access_without_payment, "subs-access-unpaid-alarm", format!(
                    "Access without payment: {} people get through the paywall though nothing they pay for grants access.",
                    c.access_without_payment))}
                {alarm(c.payment_without_access, "subs-paid-no-access-alarm", format!(
                    "Payment without access: {} people pay and the paywall refuses them.",
                    c.payment_without_access))}
            }.into_any()
        }}
    }
}

#[component]
pub fn SummaryPanel(summary: Memo<Summary>, state: SubscribersState) -> impl IntoView {
    let production = state.production;
    // A memo, not a read of the sources' statuses: those change with every page loaded,
    // and redrawing the summary and both charts for each of 1,500 pages slowed the load.
    let coverage = Memo::new(move |_| state.coverage());
    view! {
        {move || {
            let s = summary.get();
            let c = coverage.get();
            let missed = s.paying_people.saturating_sub(s.stripe_only_paying_people);
            let alarm = (production.get() && s.test_rows > 0).then(|| view! {
                <div class="btk-alarm" role="alert" data-testid="subs-contamination">
                    <strong>{format!("SEV-2: {} test subscriptions in a source marked production.", s.test_rows)}</strong>
                    <p>"Test data (runbook naming test+billing-*, livemode false, or the App Store Sandbox) appears \
                        in data you marked as production. The runbook says:"</p>
                    <blockquote>{SEV2_QUOTE}</blockquote>
                </div>
            });
            let statuses: Vec<(String, StoreCounts)> =
                s.by_status.iter().map(|(k, v)| (k.label().to_string(), *v)).collect();
            let tiers: Vec<(String, StoreCounts)> = s.by_tier.iter().map(|(k, v)| (k.clone(), *v)).collect();
            view! {
                {alarm}
                <section class="btk-summary" aria-label="Summary">
                    <p class="btk-summary-total" data-testid="subs-total">{total_line(&s, c)}</p>
                    <ChainPanel chain=state.chain/>
                    <dl class="btk-stats">
                        <div><dt>"Stripe"</dt><dd data-testid="subs-count-stripe">{counted(s.stripe, c)}</dd></div>
                        <div><dt>"App Store"</dt><dd data-testid="subs-count-ios">{counted(s.app_store, c)}</dd></div>
                        <div><dt>"Paying subscribers (people)"</dt><dd data-testid="subs-paying">{counted(s.paying_people, c)}</dd></div>
                        <div><dt>"A Stripe-only view shows"</dt><dd data-testid="subs-stripe-only">{s.stripe_only_paying_people}</dd></div>
                        <div><dt>"On both stores"</dt><dd data-testid="subs-both">{s.both_stores_people}</dd></div>
                        <div><dt>"Double billing risk"</dt><dd data-testid="subs-double">{s.double_billing_people}</dd></div>
                    </dl>
                    {(missed > 0).then(|| view! {
                        <p class="btk-field-warning">
                            {format!("A Stripe-only view would undercount paying subscribers by {missed}: iOS subscribers are not in Stripe.")}
                        </p>
                    })}
                    {c.note().map(|n| view! { <p class="btk-field-warning">{format!("* {n}")}</p> })}
                    <div class="btk-breakdowns">
                        <StoreChart caption="Subscriptions by status" name="status" rows=statuses/>
                        <StoreChart caption="Subscriptions by tier" name="tier" rows=tiers/>
                    </div>
                </section>
            }
        }}
    }
}
