//! Crafting the event: template, the form for the fields people change, and the editor
//! whose text is signed byte for byte.

use leptos::prelude::*;
use testkit_core::bytes::Purpose;
use testkit_core::events::{
    apply_edit, check_json, editable_fields, read_field, reformat, replace_event_id, ApiVersion,
    EventType, Field, Layout, ObjectKind,
};
use testkit_core::plans::{plan_for_tier, PLANS};
use testkit_core::stripe::SubscriptionStatus;

use super::body_input::BodyAbout;
use super::exact_bytes::ExactBytesToggle;
use super::state::SignerState;
use crate::browser::url_query;
use crate::components::{options_of, Field as LabelledField, FieldMessage, Select, TextArea};

#[component]
pub fn CraftPanel(state: SignerState) -> impl IntoView {
    // One parse per edit serves the error message, the form and the layout buttons.
    let parsed = Memo::new(move |_| state.payload.with(|p| check_json(p)));
    let problem = Memo::new(move |_| parsed.with(|r| r.as_ref().err().cloned()));
    let kind = Memo::new(move |_| {
        parsed.with(|v| {
            v.as_ref()
                .ok()
                .and_then(|v| {
                    v.pointer("/data/object/object")?
                        .as_str()
                        .map(str::to_string)
                })
                .and_then(|name| name.parse::<ObjectKind>().ok())
        })
    });
    let form_error = RwSignal::new(None::<(Field, String)>);
    let layout_note = RwSignal::new(None::<&'static str>);

    let edit = move |field: Field, value: String| {
        let result = state
            .payload
            .with_untracked(|p| apply_edit(p, field, &value));
        match result {
            Ok(text) => {
                state.payload.set(text);
                form_error.set(None);
            }
            Err(err) => form_error.set(Some((field, err.to_string()))),
        }
    };
    let choose_tier = move |tier: String| {
        edit(Field::PlanTier, tier.clone());
        if let Some(plan) = plan_for_tier(&tier) {
            for (field, value) in [
                (Field::PriceId, plan.price_id.to_string()),
                (Field::Amount, plan.amount.to_string()),
            ] {
                if kind
                    .get_untracked()
                    .is_some_and(|k| editable_fields(k).contains(&field))
                {
                    edit(field, value);
                }
            }
        }
    };
    let relayout = move |layout: Layout, note: &'static str| {
        let result = state.payload.with_untracked(|p| reformat(p, layout));
        if let Ok(text) = result {
            state.payload.set(text);
            layout_note.set(Some(note));
        }
    };
    let new_event_id = move |_| {
        let id = state.new_event_id();
        let result = state.payload.with_untracked(|p| replace_event_id(p, &id));
        if let Ok(text) = result {
            state.payload.set(text);
        }
    };

    let field_view = move |field: Field| {
        let current = move || {
            parsed.with(|v| {
                v.as_ref()
                    .ok()
                    .and_then(|v| read_field(v, field))
                    .unwrap_or_default()
            })
        };
        let error = move || {
            form_error
                .get()
                .filter(|(f, _)| *f == field)
                .map(|(_, e)| e)
        };
        let testid = format!("sig-field-{}", field_slug(field));
        let control = testid.clone();
        let input = match field {
            Field::PlanTier => view! {
                <select data-testid=control.clone() on:change:target=move |ev| choose_tier(ev.target().value())>
                    {PLANS.iter().map(|p| view! {
                        <option value=p.tier selected=move || current() == p.tier>{p.label}</option>
                    }).collect_view()}
                    {move || {
                        let tier = current();
                        (plan_for_tier(&tier).is_none()).then(|| view! {
                            <option value=tier.clone() selected=true>{format!("{tier} (unknown tier)")}</option>
                        })
                    }}
                </select>
            }
            .into_any(),
            Field::Status => view! {
                <select data-testid=control.clone() on:change:target=move |ev| edit(field, ev.target().value())>
                    {SubscriptionStatus::TEXTS.iter().map(|s| view! {
                        <option value=*s selected=move || current() == *s>{*s}</option>
                    }).collect_view()}
                </select>
            }
            .into_any(),
            _ => view! {
                <input
                    type="text"
                    data-testid=control.clone()
                    spellcheck="false"
                    prop:value=current
                    on:change:target=move |ev| edit(field, ev.target().value())
                />
            }
            .into_any(),
        };
        let message = FieldMessage {
            error: Some(Signal::derive(error)),
            hint: None,
        };
        view! { <LabelledField label=field.label() testid=testid message=message>{input}</LabelledField> }
    };

    view! {
        <section class="btk-panel" aria-labelledby="btk-craft-title">
            <h2 id="btk-craft-title">"1. Craft the event"</h2>
            <div class="btk-row">
                <Select label="Template" testid="sig-template"
                    options=options_of(&EventType::ALL, EventType::as_str, EventType::as_str)
                    value=Signal::derive(move || state.event_type.get().as_str().to_string())
                    on_change=Callback::new(move |v: String| {
                        if let Ok(t) = v.parse::<EventType>() {
                            state.load_template(t);
                            url_query::set(&[(super::keys::EVENT, Some(t.as_str().to_string()))]);
                        }
                    })/>
                <Select label="API version (the event's shapes)" testid="sig-api-version"
                    options=options_of(&ApiVersion::ALL, ApiVersion::as_str, ApiVersion::as_str)
                    value=Signal::derive(move || state.fields.with(|f| f.api_version.as_str().to_string()))
                    on_change=Callback::new(move |v: String| {
                        if let Ok(version) = v.parse::<ApiVersion>() {
                            state.set_api_version(version);
                        }
                    })/>
                <div class="btk-button-row">
                    <button type="button" class="btk-secondary" data-testid="sig-new-event-id" on:click=new_event_id
                        title="Only the event id changes: a receiver that deduplicates on it applies the event again">
                        "New event id"
                    </button>
                    <button type="button" class="btk-secondary" data-testid="sig-new-ids" on:click=move |_| state.fresh_ids()
                        title="New ids for every object; rebuilds the template, dropping hand edits">
                        "New ids for all objects"
                    </button>
                </div>
            </div>
            {move || match kind.get() {
                Some(k) if !editable_fields(k).is_empty() => view! {
                    <fieldset class="btk-form-grid">
                        <legend>"Fields (rewrite the JSON below)"</legend>
                        {editable_fields(k).into_iter().map(field_view).collect_view()}
                    </fieldset>
                }.into_any(),
                Some(_) => view! { <p class="btk-muted">"This event has no fields the form changes; edit the JSON."</p> }.into_any(),
                None => view! { <p class="btk-muted">"The form needs a valid Stripe event in the editor."</p> }.into_any(),
            }}
            <TextArea label="Payload (signed exactly as it stands)" testid="sig-payload" rows=18
                value=state.payload
                on_input=Callback::new(move |v| {
                    state.payload.set(v);
                    layout_note.set(None);
                })
                message=FieldMessage {
                    error: Some(Signal::derive(move || problem.get().map(|p| {
                        format!("Not valid JSON. {p}. It can still be signed, but a receiver will refuse it.")
                    }))),
                    hint: None,
                }/>
            <div class="btk-button-row">
                <button type="button" class="btk-secondary" data-testid="sig-compact"
                    disabled=move || problem.get().is_some()
                    on:click=move |_| relayout(Layout::Compact, "Compacted: the bytes changed, so the signature changed.")>
                    "Compact"
                </button>
                <button type="button" class="btk-secondary" data-testid="sig-pretty"
                    disabled=move || problem.get().is_some()
                    on:click=move |_| relayout(Layout::Pretty, "Pretty-printed: the bytes changed, so the signature changed.")>
                    "Pretty-print"
                </button>
                <span class="btk-muted">
                    {move || layout_note.get().unwrap_or("Re-serialising changes the bytes, and so the signature.")}
                </span>
            </div>
            <h3>"What is signed and sent"</h3>
            {move || state.exact.with(Option::is_some).then(|| view! {
                <p class="btk-field-warning" data-testid="sig-editor-unused">
                    "The exact bytes below are signed and sent, not the editor's text."
                </p>
            })}
            <ExactBytesToggle state=state/>
            <BodyAbout prefix="sig-body" purpose=Purpose::Sign bytes=state.body
                exact=Signal::derive(move || state.exact.with(Option::is_some))/>
        </section>
    }
}

fn field_slug(field: Field) -> &'static str {
    match field {
        Field::CustomerId => "customer-id",
        Field::CustomerEmail => "customer-email",
        Field::PriceId => "price-id",
        Field::PlanTier => "plan-tier",
        Field::Status => "status",
        Field::Amount => "amount",
        Field::PeriodEnd => "period-end",
    }
}
