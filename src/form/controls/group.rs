// SPDX-License-Identifier: EUPL-1.2
//! A repeatable group: its items with the child fields, "add" and "remove" buttons.

use super::parts::{button, input_id};
use super::{Control, Frame, field_view};
use crate::form::FormSession;
use crate::i18n::{Msg, message, use_lang};
use crate::reactive_view::{dynamic, shown_if};
use form_engine::field_types::GroupField;
use form_engine::{AnswerValue, Answers, Field};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub(super) fn view(frame: &Frame, group: &GroupField) -> Control {
    // A required group starts with one item to fill in.
    let min = group.min_items.unwrap_or(u32::from(frame.field.required));
    let items = group_items(
        frame.session,
        frame.path,
        group.fields.clone(),
        min,
        group.max_items,
        group.item_label.clone(),
    );
    Control {
        never_optional: true,
        ..Control::legend(items, "")
    }
}

/// A repeatable group: its items, each with the child fields at `group.i.child`, a
/// "remove" button per item and an "add" button while more are allowed.
fn group_items(
    session: &FormSession,
    path: &str,
    children: Vec<Field>,
    min: u32,
    max: Option<u32>,
    item_label: Option<form_engine::Text>,
) -> AnyView {
    let lang = use_lang();
    let answers = session.answers;
    let count = {
        let path = path.to_string();
        crate::reactive_view::memo(move || {
            answers.with(|a| match a.get_path(&path) {
                Some(AnswerValue::Items(items)) => items.len(),
                _ => 0,
            })
        })
    };
    // Start with the items the group needs at least (untracked: only on first render).
    if min > 0 && count.get_untracked() < min as usize {
        answers.update(|a| ensure_item(a, path, min as usize - 1));
    }
    let item_name = move |i: usize| {
        let name = item_label
            .as_ref()
            .map(|l| l.get(lang.get_untracked()).to_string())
            .unwrap_or_else(|| message(lang.get_untracked(), Msg::Entry).to_string());
        format!("{name} {}", i + 1)
    };
    let items = {
        let (session, path) = (session.clone(), path.to_string());
        dynamic(move || {
            let items: Vec<_> = (0..count.get())
                .map(|i| {
                    let item_path = format!("{path}.{i}");
                    let fields: Vec<AnyView> = children
                        .iter()
                        .map(|child| {
                            field_view(&session, child, format!("{item_path}.{}", child.id))
                        })
                        .collect();
                    let remove = (count.get_untracked() > min as usize).then(|| {
                        let path = path.clone();
                        let remove = Callback::new(move |_: ()| {
                            // The items' paths shift: a search typed in one is not kept.
                            super::forget_typed_places();
                            answers.update(|a| {
                                if let Some(AnswerValue::Items(mut items)) =
                                    a.get_path(&path).cloned()
                                {
                                    if i < items.len() {
                                        items.remove(i);
                                    }
                                    a.set_path(&path, Some(AnswerValue::Items(items)));
                                }
                            });
                            // The button is gone with its item: the keyboard goes on at
                            // the item now in its place (or the one before), else at
                            // "add"; not at the page's start.
                            let left = count.get_untracked();
                            let path = path.clone();
                            request_animation_frame(move || {
                                let item = (left > 0).then(|| i.min(left - 1));
                                let focused = item.is_some_and(|item| {
                                    focus_first_control(&format!("{path}.{item}."))
                                });
                                if !focused
                                    && let Some(add) = crate::in_portal::query(&format!(
                                        "#{} > button",
                                        items_id(&path)
                                    ))
                                {
                                    let _ = add.unchecked_into::<web_sys::HtmlElement>().focus();
                                }
                            });
                        });
                        button(
                            "kern-btn kern-btn--secondary",
                            Msg::RemoveItem,
                            Some(item_name(i)),
                            remove,
                        )
                    });
                    view! {
                        <fieldset class="group-item">
                            <legend class="group-item__title">{item_name(i)}</legend>
                            {fields}
                            {remove}
                        </fieldset>
                    }
                    .into_any()
                })
                .collect();
            items.into_any()
        })
    };
    let add = {
        let path = path.to_string();
        Callback::new(move |_: ()| {
            let n = count.get_untracked();
            // A new item may take the path of one removed before: it starts empty.
            super::forget_typed_places();
            answers.update(|a| ensure_item(a, &path, n));
            // Focus the new item's first input, so keyboard users continue there.
            let first = format!("{path}.{n}.");
            request_animation_frame(move || {
                focus_first_control(&first);
            });
        })
    };
    let add_button = shown_if(
        move || max.is_none_or(|m| count.get() < m as usize),
        move || button("kern-btn kern-btn--secondary", Msg::AddItem, None, add),
    );
    view! { <div class="group-items" id=items_id(path)>{items}{add_button}</div> }.into_any()
}

/// The id of the element holding a group's items and its "add" button.
fn items_id(path: &str) -> String {
    format!("{}-items", input_id(path))
}

/// Focuses the first control of the item at `prefix` (an item's path and a dot); whether
/// there was one.
fn focus_first_control(prefix: &str) -> bool {
    super::first_control(&input_id(prefix))
        .map(|control| control.focus())
        .is_some()
}

/// Makes sure item `i` of the group at `path` exists (as an empty item).
fn ensure_item(answers: &mut Answers, path: &str, i: usize) {
    let mut items = match answers.get_path(path) {
        Some(AnswerValue::Items(items)) => items.clone(),
        _ => Vec::new(),
    };
    while items.len() <= i {
        items.push(Answers::new());
    }
    answers.set_path(path, Some(AnswerValue::Items(items)));
}
