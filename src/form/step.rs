// SPDX-License-Identifier: EUPL-1.2
//! One step of the form per page: progress, error summary, the step's fields, and the
//! buttons. "check" as the step shows the check-your-answers page instead.

use super::built_steps::{BuiltSteps, StepFields};
use super::controls::{field_view, load_later};
use super::{FormSession, use_session};
use crate::i18n::{Msg, message, message_fn, step_of, text, use_lang};
use crate::route::{self, Route};
use form_engine::{FieldError, Lang};
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn StepPage() -> impl IntoView {
    let Some(session) = use_session() else {
        return crate::reactive_view::nothing();
    };
    let page = session.page;
    // Steps' fields built out of the page outlive the step shown (see `built_steps`).
    let steps = BuiltSteps::new();
    crate::reactive_view::dynamic(move || {
        let session = session.clone();
        let step = match page.get() {
            Route::Check { .. } => return crate::later_pages::check(session),
            Route::FormStep { step, .. } => step,
            _ => 0,
        };
        match step.checked_sub(1) {
            Some(index) if session.may_show(index) => {
                // A step with a field whose control is in a chunk waits for that chunk.
                if session.step_ready(index) {
                    view! { <StepView session index steps/> }.into_any()
                } else {
                    crate::chunk::when_loaded(
                        load_later,
                        Box::new(move || {
                            let session = session.clone();
                            view! { <StepView session index steps/> }.into_any()
                        }),
                    )
                }
            }
            _ => {
                route::use_nav().go_to_soon(&session.step_to_do());
                crate::reactive_view::nothing()
            }
        }
    })
}

#[component]
fn StepView(session: FormSession, index: usize, steps: BuiltSteps) -> impl IntoView {
    let lang = use_lang();
    let navigate = route::use_nav();
    let definition = session.definition.clone();
    let step = &definition.steps[index];
    let count = definition.steps.len();
    let heading = NodeRef::<html::H1>::new();
    // Coming from "change" on the check page: back there after this step.
    let (return_to_check, target_field) = navigate.url.with_untracked(|url| {
        (
            crate::config::query_param(route::query(url), "return").as_deref() == Some("check"),
            route::fragment(url).to_owned(),
        )
    });

    // The check page comes next (no later step is visible with the answers as they are):
    // its code is fetched while the citizen fills in this step.
    // Otherwise the next step's fields are built while the browser is idle, so that
    // "Next" only moves them into the page.
    let next = session.answers.with_untracked(|a| {
        form_engine::journey::next_step(&definition, a, index, &super::today())
    });
    match next {
        Some(next) if !return_to_check => steps.prepare_soon(session.clone(), next),
        _ => crate::later_pages::prefetch(),
    }

    // Focus moves to the step heading on every step change, so screen readers announce
    // it; a "change" link names the field to focus instead.
    crate::reactive_view::effect(move || {
        let Some(h1) = heading.get() else { return };
        let field = target_field.as_str();
        if field.is_empty() || !focus_element(field) {
            let _ = h1.focus();
        }
    });

    let errors = {
        let session = session.clone();
        crate::reactive_view::memo(move || session.step_errors(index))
    };
    let show_summary = {
        let attempted = session.attempted;
        move || attempted.with(|a| a.contains(&index)) && !errors.with(Vec::is_empty)
    };
    {
        let (definition, step_title) = (definition.clone(), step.title.clone());
        crate::set_title(Box::new(move || {
            let lang = lang.get();
            let prefix = if show_summary() {
                message(lang, Msg::ErrorPrefix)
            } else {
                ""
            };
            format!(
                "{prefix}{}: {} – {}",
                step_of(lang, index + 1, count),
                form_engine::isolated(step_title.get(lang)),
                form_engine::isolated(definition.title.get(lang))
            )
        }));
    }

    let on_next = {
        let session = session.clone();
        let step_field_ids: Vec<String> = step.fields().map(|f| f.id.clone()).collect();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            // The field still focused (the mouse press on "Next" keeps focus there) is
            // left now, before the step changes: a blur while the next step is being
            // built would update the answers' state in the middle of rendering.
            if let Some(active) = crate::in_portal::active_element() {
                let _ = active.blur();
            }
            // Every field of this step shows its error now, group items included.
            let shown: Vec<String> = session.visible.with_untracked(|v| {
                v.iter()
                    .filter(|p| {
                        let top = p.split('.').next().unwrap_or_default();
                        step_field_ids.iter().any(|id| id == top)
                    })
                    .cloned()
                    .collect()
            });
            session.touched.update(|t| t.extend(shown));
            if errors.with_untracked(Vec::is_empty) {
                // The next step the answers make visible; after the last, the check page.
                let next_step = session.answers.with_untracked(|a| {
                    form_engine::journey::next_step(&session.definition, a, index, &super::today())
                });
                let next = match next_step {
                    Some(next) if !return_to_check => session.step_route(next),
                    _ => session.check_route(),
                };
                navigate.go_to(&next);
                return;
            }
            session.attempted.update(|a| {
                a.insert(index);
            });
            focus_soon("error-summary");
        }
    };

    let previous = session.answers.with_untracked(|a| {
        form_engine::journey::previous_step(&session.definition, a, index, &super::today())
    });
    let back_href = match previous {
        None => Route::Service {
            leika: session.leika().to_owned(),
        },
        Some(previous) => session.step_route(previous),
    }
    .href();
    let step_title = step.title.clone();
    let sections = StepFields {
        steps,
        session: session.clone(),
        index,
    };

    let summary_view = {
        let definition = definition.clone();
        crate::reactive_view::shown_if(show_summary, move || {
            let lang = lang.get();
            let items = errors
                .get()
                .into_iter()
                .map(|error| summary_item(&definition, &error, lang))
                .collect::<Vec<AnyView>>();
            view! {
                <div
                    class="kern-alert kern-alert--danger error-summary"
                    id="error-summary"
                    role="alert"
                    tabindex="-1"
                    aria-labelledby="error-summary-title"
                >
                    <h2 class="kern-alert__header kern-title error-summary__title" id="error-summary-title">
                        {message(lang, Msg::ErrorSummaryTitle)}
                    </h2>
                    <ul class="kern-alert__body error-summary__list">{items}</ul>
                </div>
            }
            .into_any()
        })
    };

    let restored_notice = {
        let (session, restored) = (session.clone(), session.restored);
        crate::reactive_view::shown_if(
            move || restored.get(),
            move || {
                let notes = session.notes.clone();
                let dropped = (!notes.dropped.is_empty()).then(|| {
                    let items = notes
                        .dropped
                        .iter()
                        .map(|label| view! { <li>{text(lang, label.clone())}</li> })
                        .collect::<Vec<_>>();
                    view! {
                        <p>{message_fn(lang, Msg::DraftDropped)}</p>
                        <ul>{items}</ul>
                    }
                });
                view! {
                    <div class="notice" role="status">
                        <p>{message_fn(lang, Msg::DraftRestored)}</p>
                        {notes.migrated.then(|| view! { <p>{message_fn(lang, Msg::DraftMigrated)}</p> })}
                        {dropped}
                        {notes.files_removed.then(|| view! { <p>{message_fn(lang, Msg::FilesNotKept)}</p> })}
                    </div>
                }
                .into_any()
            },
        )
    };
    let deleted = RwSignal::new(false);
    // "Delete my answers" asks first, in the page: a question with "delete" and "cancel"
    // where the button was, the focus on the question. Not `window.confirm`: its buttons
    // speak the browser's language, not the page's, it blocks the page, and automated
    // browsers (the e2e tests) dismiss it on their own.
    let confirming = RwSignal::new(false);
    let on_delete = {
        let session = session.clone();
        move || {
            super::forget_answers(&session);
            steps.clear();
            confirming.set(false);
            deleted.set(true);
            if index > 0 {
                navigate.go_to(&session.step_route(0));
            } else if let Some(h1) = heading.get_untracked() {
                // The button that had the focus is gone: the top of the form has it now.
                let _ = h1.focus();
            }
        }
    };
    let delete_area = crate::reactive_view::dynamic(move || {
        if !confirming.get() {
            let on_ask = move |_| {
                deleted.set(false);
                confirming.set(true);
                focus_soon("delete-question");
            };
            return view! {
                <button type="button" id="delete-data" class="kern-btn kern-btn--tertiary" on:click=on_ask>
                    {message_fn(lang, Msg::DeleteMyData)}
                </button>
            }
            .into_any();
        }
        let on_delete = on_delete.clone();
        let on_cancel = move |_| {
            confirming.set(false);
            focus_soon("delete-data");
        };
        view! {
            <div class="kern-alert delete-confirm" role="group" aria-labelledby="delete-question">
                <p id="delete-question" class="kern-alert__header kern-title" tabindex="-1">
                    {message_fn(lang, Msg::DeleteQuestion)}
                </p>
                <div class="button-row">
                    <button type="button" class="kern-btn kern-btn--primary" on:click=move |_| on_delete()>
                        {message_fn(lang, Msg::DeleteConfirm)}
                    </button>
                    <button type="button" class="kern-btn kern-btn--secondary" on:click=on_cancel>
                        {message_fn(lang, Msg::Cancel)}
                    </button>
                </div>
            </div>
        }
        .into_any()
    });

    // The steps of the form: done ones are links back, the current one is marked.
    let step_list = definition
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let title = text(lang, step.title.clone());
            let item = if i < index {
                view! { <a href=session.step_route(i).href()>{title}</a> }.into_any()
            } else if i == index {
                view! { <span aria-current="step">{title}</span> }.into_any()
            } else {
                view! { <span>{title}</span> }.into_any()
            };
            view! { <li class="step-list__item">{item}</li> }
        })
        .collect::<Vec<_>>();
    let deleted_notice = crate::reactive_view::shown_if(
        move || deleted.get(),
        move || view! { <p class="notice">{message_fn(lang, Msg::DataDeleted)}</p> }.into_any(),
    );

    view! {
        <nav class="step-list" aria-label=message_fn(lang, Msg::StepsLabel)>
            <ol class="step-list__items">{step_list}</ol>
        </nav>
        <p class="step-count">{move || step_of(lang.get(), index + 1, count)}</p>
        <h1 class="kern-heading-large page-title" tabindex="-1" node_ref=heading>
            {text(lang, step_title)}
        </h1>
        {restored_notice}
        <div role="status" aria-live="polite">{deleted_notice}</div>
        {summary_view}
        <form class="step-form" novalidate on:submit=on_next>
            {sections}
            <div class="button-row">
                // Pressing the mouse on "Next" must not blur the field first: the error
                // that the blur shows would push the button away before the click lands.
                <button type="submit" class="kern-btn kern-btn--primary" on:mousedown=|ev| ev.prevent_default()>{message_fn(lang, Msg::Next)}</button>
                <a class="kern-btn kern-btn--secondary" href=back_href>{message_fn(lang, Msg::Back)}</a>
            </div>
        </form>
        <div class="delete-data">{delete_area}</div>
    }
}

/// One link of the error summary; following it moves focus to the field.
fn summary_item(
    definition: &form_engine::FormDefinition,
    error: &FieldError,
    lang: Lang,
) -> AnyView {
    let message = form_engine::messages::message(error, definition, lang);
    let target = super::controls::input_id(&error.path);
    let href = format!("#{target}");
    let follow = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        focus_element(&target);
    };
    view! { <li><a href=href on:click=follow>{message}</a></li> }.into_any()
}

/// Focuses the element with this id (see [`focus_element`]) once the view is drawn. One
/// function for every such deferred focus: each distinct closure handed to
/// `request_animation_frame` would compile its glue into the WASM once more.
pub fn focus_soon(id: &str) {
    let id = id.to_owned();
    request_animation_frame(move || {
        focus_element(&id);
    });
}

/// Focuses the element with this id, or else the nearest one of its "parents" by id
/// (`f-files-1` → `f-files`): an error on the second upload of a file field has no
/// control of its own, the field's picker stands for it. Whether there was one.
pub fn focus_element(id: &str) -> bool {
    let mut id = id;
    let element = loop {
        if let Some(e) = crate::in_portal::by_id(id) {
            break Some(e);
        }
        match id.rsplit_once('-') {
            Some((parent, _)) if parent.len() > 2 => id = parent,
            _ => break None,
        }
    };
    // A field of several controls with no element of its own id (a repeatable group:
    // `f-trees` has `f-trees-0-species`): its first control.
    let element = element
        .map(wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>)
        .or_else(|| super::controls::first_control(&format!("{id}-")));
    if let Some(element) = &element {
        let _ = element.focus();
        element.scroll_into_view();
    }
    element.is_some()
}

/// The sections of step `index`, with their fields, in `lang`. The fields are read from
/// the definition the session shares, not copied for the page.
///
/// The fields' texts are plain text in the page's language, and the sections are built
/// again when it changes (`built_steps`): one reactive node for all the step's texts
/// instead of one per label, hint and option (a 300-field page had about 700). The
/// answers, the fields left and the files live in the session, so nothing typed is lost;
/// the language switch holds the focus meanwhile (docs/BENCHMARKS.md, session 14).
pub(super) fn sections_view(session: &FormSession, index: usize, lang: Lang) -> AnyView {
    let definition = &session.definition;
    definition.steps[index]
        .sections
        .iter()
        .enumerate()
        .map(|(number, section)| {
            // A section with a condition shows while the engine finds any of its fields
            // visible (a hidden section hides all of them).
            let shown = {
                let visible = session.visible;
                let ids: Vec<String> = section.fields.iter().map(|f| f.id.clone()).collect();
                let conditional = section.visible_when.is_some();
                crate::reactive_view::memo(move || {
                    !conditional || visible.with(|v| ids.iter().any(|id| v.contains(id)))
                })
            };
            let (session, definition) = (session.clone(), definition.clone());
            let title = section.title.as_ref().map(|t| t.get(lang).to_owned());
            crate::reactive_view::shown_if(
                move || shown.get(),
                move || {
                    let fields = definition.steps[index].sections[number]
                        .fields
                        .iter()
                        .map(|field| field_view(&session, field, field.id.clone()))
                        .collect::<Vec<AnyView>>();
                    match title.clone() {
                        Some(title) => view! {
                            <section class="form-section">
                                <h2 class="kern-heading-medium form-section__title">{title}</h2>
                                {fields}
                            </section>
                        }
                        .into_any(),
                        None => view! { <div class="form-section">{fields}</div> }.into_any(),
                    }
                },
            )
        })
        .collect::<Vec<AnyView>>()
        .into_any()
}
