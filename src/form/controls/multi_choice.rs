// SPDX-License-Identifier: EUPL-1.2
//! Any number of options: checkboxes; the answer is the list of checked values.

use super::parts::check_input;
use super::{Control, Frame};
use crate::reactive_view::flag;
use form_engine::{AnswerValue, ChoiceOption};
use leptos::prelude::*;

pub(super) fn view(frame: &Frame, options: Vec<ChoiceOption>) -> Control {
    let answers = frame.session.answers;
    let items = options
        .into_iter()
        .enumerate()
        .map(|(i, option)| {
            let id = if i == 0 {
                frame.dom_id.to_string()
            } else {
                format!("{}-{i}", frame.dom_id)
            };
            let value = option.value;
            let (path, checked_path) = (frame.path.to_string(), frame.path.to_string());
            let checked_value = value.clone();
            let answers_at = frame.session.answers_at(&checked_path);
            let checked = flag(move || {
                answers_at.with(|a| match a.get_path(&checked_path) {
                    Some(AnswerValue::List(l)) => l.contains(&checked_value),
                    _ => false,
                })
            });
            let toggle = Callback::new(move |on: bool| {
                answers.update(|a| {
                    let mut list = match a.get_path(&path) {
                        Some(AnswerValue::List(l)) => l.clone(),
                        _ => Vec::new(),
                    };
                    list.retain(|v| *v != value);
                    if on {
                        list.push(value.clone());
                    }
                    a.set_path(&path, (!list.is_empty()).then_some(AnswerValue::List(list)));
                })
            });
            check_input(
                "checkbox",
                id,
                frame.text(&option.label),
                option.hint.as_ref().map(|hint| frame.text(hint)),
                checked,
                toggle,
                frame,
            )
        })
        .collect::<Vec<_>>();
    Control::legend(
        view! { <div class="kern-fieldset__body">{items}</div> }.into_any(),
        "",
    )
}
