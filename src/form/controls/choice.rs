// SPDX-License-Identifier: EUPL-1.2
//! One of several options (a choice, or a code list with its entries): two to four as
//! radio buttons, all visible at once, one click each (GOV.UK and KERN alike); more in
//! a select.

use super::parts::{aria, check_input};
use super::{Control, Frame};
use crate::dom::{attr, element, on_blur, on_change_value, prop_flag, text_node_dyn};
use crate::i18n::{Msg, message_view, text};
use crate::reactive_view::flag;
use form_engine::ChoiceOption;
use leptos::prelude::*;

pub(super) fn view(frame: &Frame, options: Vec<ChoiceOption>) -> Control {
    if (2..=4).contains(&options.len()) {
        radios(frame, options)
    } else {
        select(frame, options)
    }
}

fn select(frame: &Frame, options: Vec<ChoiceOption>) -> Control {
    let (lang, value) = (frame.lang, frame.value);
    let placeholder = element(
        "option",
        vec![
            attr("value", ""),
            prop_flag("selected", flag(move || value.with(String::is_empty))),
        ],
        vec![message_view(lang, Msg::SelectPlaceholder)],
    );
    let choices = std::iter::once(placeholder)
        .chain(options.into_iter().map(|option| {
            let option_value = option.value.clone();
            let selected = flag(move || value.with(|v| *v == option.value));
            element(
                "option",
                vec![attr("value", option_value), prop_flag("selected", selected)],
                vec![text_node_dyn(text(lang, option.label))],
            )
        }))
        .collect();
    let mut attrs = vec![
        attr("class", "kern-form-input__input"),
        attr("id", frame.dom_id.to_string()),
        on_change_value(frame.set_text),
        on_blur(frame.touch),
    ];
    attrs.extend(aria(Some(frame.described_by), Some(frame.invalid)));
    Control::labelled(element("select", attrs, choices))
}

fn radios(frame: &Frame, options: Vec<ChoiceOption>) -> Control {
    let (value, set_text) = (frame.value, frame.set_text);
    let radios = options
        .into_iter()
        .enumerate()
        .map(|(i, option)| {
            let id = if i == 0 {
                frame.dom_id.to_string()
            } else {
                format!("{}-{i}", frame.dom_id)
            };
            let option_value = option.value.clone();
            let checked = flag(move || value.with(|v| *v == option.value));
            check_input(
                "radio",
                id,
                frame.path.to_string(),
                text_node_dyn(text(frame.lang, option.label)),
                checked,
                Callback::new(move |_: bool| set_text.run(option_value.clone())),
                frame.touch,
            )
        })
        .collect();
    Control::legend(
        element("div", vec![attr("class", "kern-fieldset__body")], radios),
        "",
    )
}
