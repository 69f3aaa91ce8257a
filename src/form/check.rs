// SPDX-License-Identifier: EUPL-1.2
//! Check your answers, then submit once (the workflow is `submit.rs`'s; this page starts
//! it and shows where it stands).

use super::submit::{self, SendState};
use super::{FormSession, controls::input_id};
use crate::api;
use crate::i18n::{Msg, message, message_fn, text, use_lang};
use crate::route::Route;
use form_engine::field_types::GroupField;
use form_engine::{AnswerValue, Field, FieldKind, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The answer as the citizen should read it back.
pub fn display_answer(field: &Field, value: Option<&AnswerValue>, lang: Lang) -> String {
    let option_label = |v: &String| {
        field
            .kind
            .options()
            .iter()
            .find(|o| &o.value == v)
            .map(|o| o.label.get(lang).to_string())
            .unwrap_or_else(|| v.clone())
    };
    match (value, &field.kind) {
        (None, _) => message(lang, Msg::NotAnswered).to_string(),
        (Some(AnswerValue::Bool(true)), _) => message(lang, Msg::Yes).to_string(),
        (Some(AnswerValue::Bool(false)), _) => message(lang, Msg::No).to_string(),
        // ISO in the answers (what the engine and the authority read), the citizen's
        // own way on the page: 16.12.2026, 16 December 2026.
        (Some(AnswerValue::Text(v)), FieldKind::Date { .. }) => form_engine::Date::parse_iso(v)
            .map(|d| form_engine::messages::localized_date(d, lang))
            .unwrap_or_else(|| v.clone()),
        (Some(AnswerValue::Text(v)), FieldKind::DateTime(_)) => form_engine::DateTime::parse_iso(v)
            .map(|d| d.localized(lang))
            .unwrap_or_else(|| v.clone()),
        (Some(AnswerValue::Text(v)), _) => option_label(v),
        (Some(AnswerValue::List(items)), _) => items
            .iter()
            .map(option_label)
            .collect::<Vec<_>>()
            .join(", "),
        (Some(AnswerValue::Map(parts)), FieldKind::Municipality(_)) => {
            parts.text("name").unwrap_or_default().to_owned()
        }
        (Some(AnswerValue::Map(parts)), _) => {
            let part = |k| parts.text(k).unwrap_or_default();
            format!(
                "{} {}, {} {}",
                part("street"),
                part("house_number"),
                part("postcode"),
                part("city")
            )
        }
        (Some(AnswerValue::Items(items)), FieldKind::File { .. }) => items
            .iter()
            .map(|i| i.text("name").unwrap_or_default())
            .collect::<Vec<_>>()
            .join(", "),
        (Some(AnswerValue::Items(items)), FieldKind::Group(GroupField { fields, .. })) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let values: Vec<String> = fields
                    .iter()
                    .filter(|f| item.is_answered(&f.id))
                    .map(|f| display_answer(f, item.get(&f.id), lang))
                    .collect();
                format!("{}. {}", i + 1, values.join(", "))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (Some(AnswerValue::Items(items)), _) => items.len().to_string(),
    }
}

/// The submitted answers by step, for the receipt: each step's title and its
/// "label: answer" lines, in `lang`.
fn answers_by_step(
    session: &FormSession,
    submitted: &form_engine::Answers,
    lang: Lang,
) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for step in &session.definition.steps {
        let lines: Vec<String> = step
            .fields()
            .filter(|f| f.kind.takes_answer() && submitted.get(&f.id).is_some())
            .map(|field| {
                let label = field.summary_label.as_ref().unwrap_or(&field.label);
                format!(
                    "{}: {}",
                    label.get(lang),
                    display_answer(field, submitted.get(&field.id), lang)
                )
            })
            .collect();
        if !lines.is_empty() {
            out.push((step.title.get(lang).to_owned(), lines));
        }
    }
    out
}

#[component]
pub fn CheckAnswers(session: FormSession) -> impl IntoView {
    let lang = use_lang();
    let navigate = crate::route::use_nav();
    let state = RwSignal::new(SendState::Idle);
    let heading = NodeRef::<leptos::html::H1>::new();
    crate::reactive_view::effect(move || {
        if let Some(h1) = heading.get() {
            let _ = h1.focus();
        }
    });

    // Where the citizen may not be yet, send them to the first step with errors.
    let first_invalid =
        (0..session.definition.steps.len()).find(|&i| !session.step_errors(i).is_empty());
    if let Some(step) = first_invalid {
        navigate.go_to_soon(&session.step_route(step));
        return crate::reactive_view::nothing();
    }

    let form_title = session.definition.title.clone();
    crate::set_title(Box::new(move || {
        let lang = lang.get();
        format!(
            "{} – {}",
            message(lang, Msg::CheckAnswersTitle),
            form_engine::isolated(form_title.get(lang))
        )
    }));

    let submitted = session.submitted_answers();
    // The questions shown with these answers, as the steps show them: a field without a
    // condition of its own in a section or step that is hidden is not one (it was listed
    // as "not answered", its "change" link leading to nothing).
    let shown: std::collections::BTreeSet<String> = session.answers.with_untracked(|answers| {
        form_engine::visible_fields(&session.definition, answers, &super::state::today())
            .into_iter()
            .collect()
    });
    let steps = session
        .definition
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let step_title = step.title.clone();
            let rows = step
                .fields()
                .filter(|f| {
                    !matches!(f.kind, FieldKind::Info { .. })
                        && (submitted.get(&f.id).is_some() || shown.contains(&f.id))
                })
                .map(|field| {
                    let label = field
                        .summary_label
                        .clone()
                        .unwrap_or_else(|| field.label.clone());
                    let value = submitted.get(&field.id).cloned();
                    let field_for_value = field.clone();
                    let href = crate::route::href(&format!(
                        "{}?return=check#{}",
                        session.step_route(index).path(),
                        input_id(&field.id)
                    ));
                    let label_for_change = label.clone();
                    let answer = move || {
                        display_answer(&field_for_value, value.as_ref(), lang.get())
                    };
                    view! {
                        <div class="kern-description-list-item summary-list__row">
                            <dt class="kern-description-list-item__key">{text(lang, label)}</dt>
                            <dd class="kern-description-list-item__value">{answer}</dd>
                            <dd class="summary-list__actions">
                                <a href=href>
                                    {message_fn(lang, Msg::Change)}
                                    <span class="visually-hidden">" "{text(lang, label_for_change)}</span>
                                </a>
                            </dd>
                        </div>
                    }
                    .into_any()
                })
                .collect::<Vec<AnyView>>();
            view! {
                <h2 class="kern-heading-medium">{text(lang, step_title)}</h2>
                <dl class="kern-description-list summary-list">{rows}</dl>
            }
            .into_any()
        })
        .collect::<Vec<AnyView>>();

    // What the form computes from the answers (a fee, a total), as the authority will
    // compute it from what is sent: the visible answers only.
    let computed = {
        let definition = session.definition.clone();
        let values = form_engine::compute(&definition, &submitted, &super::state::today());
        (!values.is_empty()).then(|| {
            let rows = definition
                .computed
                .iter()
                .zip(values)
                .map(|(computed, (_, value))| {
                    let (label, unit, hint) = (
                        computed.label.clone(),
                        computed.unit.clone(),
                        computed.hint.clone(),
                    );
                    let shown = move || {
                        let lang = lang.get();
                        match form_engine::compute::shown(&value, lang) {
                            Some(shown) => match &unit {
                                Some(unit) => format!("{shown} {}", unit.get(lang)),
                                None => shown,
                            },
                            None => message(lang, Msg::NotAnswered).to_owned(),
                        }
                    };
                    let hint =
                        hint.map(|hint| view! { <div class="kern-hint">{text(lang, hint)}</div> });
                    view! {
                        <div class="kern-description-list-item summary-list__row">
                            <dt class="kern-description-list-item__key">{text(lang, label)}</dt>
                            <dd class="kern-description-list-item__value">{shown}{hint}</dd>
                        </div>
                    }
                    .into_any()
                })
                .collect::<Vec<AnyView>>();
            view! {
                <h2 class="kern-heading-medium">{message_fn(lang, Msg::ComputedTitle)}</h2>
                <dl class="kern-description-list summary-list">{rows}</dl>
            }
        })
    };

    // Who will receive the application, as routing names it for the deciding answer
    // (or the place chosen first): the citizen sees it before sending, and the receipt
    // keeps its contact.
    let destination = session
        .routing_ars()
        .filter(|_| !session.is_preview())
        .map(|ars| {
            let leika = session.leika().to_owned();
            crate::pages::load(
                move || lang.get(),
                move |lang| {
                    let (leika, ars) = (leika.clone(), ars.clone());
                    async move {
                        api::fetch_destination(&leika, &ars, lang)
                            .await
                            .ok()
                            .flatten()
                    }
                },
            )
        });
    let authority = destination.map(|destination| {
        move || {
            destination.get().flatten().map(|d| {
                view! {
                    <dl class="facts">
                        <dt>{message(lang.get(), Msg::ResponsibleAuthority)}</dt>
                        <dd id="responsible-authority">{d.name}</dd>
                    </dl>
                }
            })
        }
    });

    // What the API (or the browser) refused, by question, each with the way back to it.
    let refused = RwSignal::new(Vec::<submit::AtField>::new());
    let on_submit = {
        let session = session.clone();
        move |_| {
            // A designer's preview renders the page but never submits.
            if session.is_preview() || state.get_untracked().busy() {
                return;
            }
            state.set(SendState::Sending);
            let session = session.clone();
            // Taken here: inside the task there is no reactive owner to find it.
            let receipts = super::use_receipts();
            spawn_local(async move {
                match submit::submit(&session, state, lang.get_untracked()).await {
                    Ok(sent) => {
                        let reference = sent.reference.clone();
                        receipts.remember(super::SentApplication {
                            reference: reference.clone(),
                            answers: {
                                let submitted = session.submitted_answers();
                                [
                                    answers_by_step(&session, &submitted, Lang::De),
                                    answers_by_step(&session, &submitted, Lang::En),
                                ]
                            },
                            answers_sha512: sent.answers_sha512,
                        });
                        navigate.go_to(&Route::Receipt { reference });
                    }
                    Err(failed) => {
                        let at_fields = !failed.at.is_empty();
                        refused.set(failed.at);
                        state.set(failed.state);
                        if at_fields {
                            super::focus_soon("submit-refused");
                        }
                    }
                }
            });
        }
    };

    let status = move || {
        let lang = lang.get();
        match state.get() {
            SendState::Idle => None,
            SendState::Sending => Some(("notice", message(lang, Msg::Submitting).into())),
            SendState::Retrying => Some(("notice", message(lang, Msg::SubmitRetrying).into())),
            SendState::Offline => Some((
                "notice notice--error",
                message(lang, Msg::SubmitOffline).into(),
            )),
            SendState::Uploading(n, total, percent) => Some((
                "notice",
                message(lang, Msg::Uploading)
                    .replace("{n}", &n.to_string())
                    .replace("{total}", &total.to_string())
                    .replace("{percent}", &percent.to_string()),
            )),
            SendState::Failed => Some((
                "notice notice--error",
                message(lang, Msg::SubmitFailed).into(),
            )),
            // Refusals at questions are listed with their links (`refused_view`).
            SendState::Rejected if !refused.with(Vec::is_empty) => None,
            SendState::Rejected => Some((
                "notice notice--error",
                message(lang, Msg::SubmitRejected).into(),
            )),
            SendState::Untrusted => Some((
                "notice notice--error",
                message(lang, Msg::KeyNotSigned).into(),
            )),
            SendState::TooMany => Some((
                "notice notice--error",
                message(lang, Msg::SubmitTooMany).into(),
            )),
        }
        .map(|(class, text): (&str, String)| view! { <p class=class>{text}</p> })
    };
    let busy = move || state.get().busy();
    let refused_view = {
        let session = session.clone();
        move || {
            let lang = lang.get();
            let at = refused.get();
            if at.is_empty() || state.get() != SendState::Rejected {
                return None;
            }
            let items = at
                .into_iter()
                .map(|problem| {
                    let top = problem.path.split('.').next().unwrap_or_default();
                    let own = problem.path.rsplit('.').next().unwrap_or_default();
                    let label = session
                        .definition
                        .field(own)
                        .map(|f| f.label.get(lang).to_string())
                        .unwrap_or_default();
                    let step = session.definition.step_index_of_field(top).unwrap_or(0);
                    let href = crate::route::href(&format!(
                        "{}?return=check#{}",
                        session.step_route(step).path(),
                        input_id(&problem.path)
                    ));
                    view! { <li><a href=href>{label}": "{problem.detail}</a></li> }
                })
                .collect::<Vec<_>>();
            Some(view! {
                <div class="notice notice--error" id="submit-refused" tabindex="-1">
                    <p>{message(lang, Msg::SubmitRejectedAt)}</p>
                    <ul>{items}</ul>
                </div>
            })
        }
    };

    view! {
        <h1 class="kern-heading-large page-title" tabindex="-1" node_ref=heading>{message_fn(lang, Msg::CheckAnswersTitle)}</h1>
        {steps}
        {computed}
        {authority}
        <div role="status" aria-live="polite">{status}{refused_view}</div>
        // Before sending: what is processed, by whom, for how long (issue #18), in the
        // privacy policy; in a new tab, so that this page stays as it is.
        <p>
            {message_fn(lang, Msg::PrivacyBeforeSending)}" "
            {crate::footer::legal_link(lang, crate::footer::LegalPage::Privacy, true)}
        </p>
        <div class="button-row">
            <button type="button" class="kern-btn kern-btn--primary" disabled=busy aria-disabled=move || busy().then_some("true") on:click=on_submit>
                {message_fn(lang, Msg::Submit)}
            </button>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::display_answer;
    use form_engine::{AnswerValue, Field, Lang};

    fn date_field() -> Field {
        serde_json::from_str(
            r#"{"id": "d", "type": "date", "label": {"de": "Datum", "en": "Date"}}"#,
        )
        .expect("a date field")
    }

    #[test]
    fn dates_read_back_in_the_citizens_language() {
        let answer = AnswerValue::Text("2026-12-16".into());
        let field = date_field();
        assert_eq!(
            display_answer(&field, Some(&answer), Lang::De),
            "16.12.2026"
        );
        assert_eq!(
            display_answer(&field, Some(&answer), Lang::En),
            "16 December 2026"
        );
        // What is not a date yet (never on the check page, which needs valid answers)
        // stays as it is rather than vanish.
        let partial = AnswerValue::Text("2026-12-".into());
        assert_eq!(display_answer(&field, Some(&partial), Lang::De), "2026-12-");
    }
}
