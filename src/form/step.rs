// SPDX-License-Identifier: EUPL-1.2
//! One step of the form per page: progress, error summary, the step's fields, and the
//! buttons. "check" as the step shows the check-your-answers page instead.

use super::{FormSession, check::CheckAnswers, fields::field_view, use_session};
use crate::dom::{at, el, txt};
use crate::i18n::{Msg, step_of, t, text, textv, tr, tv, use_lang};
use crate::route::{self, Route};
use form_engine::{FieldError, Lang};
use leptos::html;
use leptos::prelude::*;
use leptos::tachys::html::attribute::any_attribute::IntoAnyAttribute;

#[component]
pub fn StepPage() -> impl IntoView {
    let Some(session) = use_session() else {
        return ().into_any();
    };
    let page = session.page;
    crate::reactive_view::dynamic(move || {
        let session = session.clone();
        let step = match page.get() {
            Route::Check { .. } => return view! { <CheckAnswers session/> }.into_any(),
            Route::FormStep { step, .. } => step,
            _ => 0,
        };
        match step.checked_sub(1) {
            Some(index) if session.may_show(index) => {
                view! { <StepView session index/> }.into_any()
            }
            _ => {
                route::use_nav().go_to_soon(&session.step_to_do());
                ().into_any()
            }
        }
    })
}

#[component]
fn StepView(session: FormSession, index: usize) -> impl IntoView {
    let lang = use_lang();
    let navigate = route::use_nav();
    let definition = session.definition.clone();
    let step = definition.steps[index].clone();
    let count = definition.steps.len();
    let heading = NodeRef::<html::H1>::new();
    // Coming from "change" on the check page: back there after this step.
    let (return_to_check, target_field) = navigate.url.with_untracked(|url| {
        (
            crate::config::query_param(route::query(url), "return").as_deref() == Some("check"),
            route::fragment(url).to_owned(),
        )
    });

    // Focus moves to the step heading on every step change, so screen readers announce
    // it; a "change" link names the field to focus instead.
    Effect::new(move |_| {
        let Some(h1) = heading.get() else { return };
        let field = target_field.as_str();
        if field.is_empty() || crate::dom::by_id(field).is_none() {
            let _ = h1.focus();
        } else {
            focus_element(field);
        }
    });

    let errors = {
        let session = session.clone();
        Memo::new(move |_| session.step_errors(index))
    };
    let show_summary = {
        let attempted = session.attempted;
        move || attempted.with(|a| a.contains(&index)) && !errors.with(Vec::is_empty)
    };

    let on_next = {
        let session = session.clone();
        let step_field_ids: Vec<String> = step
            .sections
            .iter()
            .flat_map(|s| s.fields.iter().map(|f| f.id.clone()))
            .collect();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            // The field still focused (the mouse press on "Next" keeps focus there) is
            // left now, before the step changes: a blur while the next step is being
            // built would update the answers' state in the middle of rendering.
            if let Some(active) = crate::dom::active_element() {
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
    let sections = step
        .sections
        .into_iter()
        .map(|section| {
            // A section with a condition shows while the engine finds any of its fields
            // visible (a hidden section hides all of them).
            let shown = {
                let visible = session.visible;
                let ids: Vec<String> = section.fields.iter().map(|f| f.id.clone()).collect();
                let conditional = section.visible_when.is_some();
                Memo::new(move |_| {
                    !conditional || visible.with(|v| ids.iter().any(|id| v.contains(id)))
                })
            };
            let session = session.clone();
            crate::reactive_view::shown_if(
                move || shown.get(),
                move || {
                    let mut children: Vec<AnyView> = Vec::new();
                    if let Some(title) = section.title.clone() {
                        children.push(el(
                            "h2",
                            vec![at("class", "kern-heading-medium form-section__title")],
                            vec![textv(lang, title)],
                        ));
                    }
                    children.extend(
                        section
                            .fields
                            .iter()
                            .map(|field| field_view(&session, field.clone(), field.id.clone())),
                    );
                    let tag = if section.title.is_some() {
                        "section"
                    } else {
                        "div"
                    };
                    el(tag, vec![at("class", "form-section")], children)
                },
            )
        })
        .collect::<Vec<AnyView>>();

    let summary_view = {
        let definition = definition.clone();
        crate::reactive_view::shown_if(show_summary, move || {
            let lang = lang.get();
            let items = errors
                .get()
                .into_iter()
                .map(|error| summary_item(&definition, &error, lang))
                .collect();
            el(
                "div",
                vec![
                    at("class", "kern-alert kern-alert--danger error-summary"),
                    at("id", "error-summary"),
                    at("role", "alert"),
                    at("tabindex", "-1"),
                    at("aria-labelledby", "error-summary-title"),
                ],
                vec![
                    el(
                        "h2",
                        vec![
                            at(
                                "class",
                                "kern-alert__header kern-title error-summary__title",
                            ),
                            at("id", "error-summary-title"),
                        ],
                        vec![txt(t(lang, Msg::ErrorSummaryTitle))],
                    ),
                    el(
                        "ul",
                        vec![at("class", "kern-alert__body error-summary__list")],
                        items,
                    ),
                ],
            )
        })
    };

    let restored_notice = {
        let (session, restored) = (session.clone(), session.restored);
        crate::reactive_view::shown_if(
            move || restored.get(),
            move || {
                let notes = session.notes.clone();
                let mut children = vec![el("p", vec![], vec![tv(lang, Msg::DraftRestored)])];
                if notes.migrated {
                    children.push(el("p", vec![], vec![tv(lang, Msg::DraftMigrated)]));
                }
                if !notes.dropped.is_empty() {
                    children.push(el("p", vec![], vec![tv(lang, Msg::DraftDropped)]));
                    let items = notes
                        .dropped
                        .iter()
                        .map(|label| el("li", vec![], vec![textv(lang, label.clone())]))
                        .collect();
                    children.push(el("ul", vec![], items));
                }
                if notes.files_removed {
                    children.push(el("p", vec![], vec![tv(lang, Msg::FilesNotKept)]));
                }
                el(
                    "div",
                    vec![at("class", "notice"), at("role", "status")],
                    children,
                )
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
            return el(
                "button",
                vec![
                    at("type", "button"),
                    at("id", "delete-data"),
                    at("class", "kern-btn kern-btn--tertiary"),
                    crate::dom::on_click(Callback::new(move |_: ()| {
                        deleted.set(false);
                        confirming.set(true);
                        focus_soon("delete-question");
                    })),
                ],
                vec![tv(lang, Msg::DeleteMyData)],
            );
        }
        let on_delete = on_delete.clone();
        el(
            "div",
            vec![
                at("class", "kern-alert delete-confirm"),
                at("role", "group"),
                at("aria-labelledby", "delete-question"),
            ],
            vec![
                el(
                    "p",
                    vec![
                        at("id", "delete-question"),
                        at("class", "kern-alert__header kern-title"),
                        at("tabindex", "-1"),
                    ],
                    vec![tv(lang, Msg::DeleteQuestion)],
                ),
                el(
                    "div",
                    vec![at("class", "button-row")],
                    vec![
                        el(
                            "button",
                            vec![
                                at("type", "button"),
                                at("class", "kern-btn kern-btn--primary"),
                                crate::dom::on_click(Callback::new(move |_: ()| on_delete())),
                            ],
                            vec![tv(lang, Msg::DeleteConfirm)],
                        ),
                        el(
                            "button",
                            vec![
                                at("type", "button"),
                                at("class", "kern-btn kern-btn--secondary"),
                                crate::dom::on_click(Callback::new(move |_: ()| {
                                    confirming.set(false);
                                    focus_soon("delete-data");
                                })),
                            ],
                            vec![tv(lang, Msg::Cancel)],
                        ),
                    ],
                ),
            ],
        )
    });

    // The steps of the form: done ones are links back, the current one is marked.
    let step_list = definition
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let title = textv(lang, step.title.clone());
            let item = if i < index {
                let href = session.step_route(i).href();
                el("a", vec![at("href", href)], vec![title])
            } else if i == index {
                el("span", vec![at("aria-current", "step")], vec![title])
            } else {
                el("span", vec![], vec![title])
            };
            el("li", vec![at("class", "step-list__item")], vec![item])
        })
        .collect::<Vec<AnyView>>();
    let deleted_notice = crate::reactive_view::shown_if(
        move || deleted.get(),
        move || {
            el(
                "p",
                vec![at("class", "notice")],
                vec![tv(lang, Msg::DataDeleted)],
            )
        },
    );

    view! {
        <nav class="step-list" aria-label=tr(lang, Msg::StepsLabel)>
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
                <button type="submit" class="kern-btn kern-btn--primary" on:mousedown=|ev| ev.prevent_default()>{tr(lang, Msg::Next)}</button>
                <a class="kern-btn kern-btn--secondary" href=back_href>{tr(lang, Msg::Back)}</a>
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
    let target = super::fields::input_id(&error.path);
    let href = format!("#{target}");
    let follow = leptos::tachys::html::event::on(leptos::ev::click, move |ev| {
        ev.prevent_default();
        focus_element(&target);
    });
    el(
        "li",
        vec![],
        vec![el(
            "a",
            vec![at("href", href), follow.into_any_attr()],
            vec![txt(message)],
        )],
    )
}

/// Focuses the element with this id (see [`focus_element`]) once the view is drawn. One
/// function for every such deferred focus: each distinct closure handed to
/// `request_animation_frame` would compile its glue into the WASM once more.
pub fn focus_soon(id: &'static str) {
    request_animation_frame(move || focus_element(id));
}

/// Focuses the element with this id, or else the nearest one of its "parents" by id
/// (`f-files-1` → `f-files`): an error on the second upload of a file field has no
/// control of its own, the field's picker stands for it.
pub fn focus_element(id: &str) {
    let mut id = id;
    let element = loop {
        if let Some(e) = crate::dom::by_id(id) {
            break Some(e);
        }
        match id.rsplit_once('-') {
            Some((parent, _)) if parent.len() > 2 => id = parent,
            _ => break None,
        }
    };
    let element = element.map(wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>);
    if let Some(element) = element {
        let _ = element.focus();
        element.scroll_into_view();
    }
}
