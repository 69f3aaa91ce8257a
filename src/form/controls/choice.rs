// SPDX-License-Identifier: EUPL-1.2
//! One of several options (a choice, or a code list with its entries): two to four as
//! radio buttons, all visible at once, one click each (GOV.UK and KERN alike); more in
//! a select, unless an option has a hint, which a select's options cannot show: then
//! radio buttons however many there are.

use super::parts::{check_input, try_call, try_with_value};
use super::{Control, Frame};
use crate::i18n::{Msg, message};
use crate::reactive_view::flag;
use crate::text_element::text_element;
use form_engine::ChoiceOption;
use leptos::prelude::*;

pub(super) fn view(frame: &Frame, options: Vec<ChoiceOption>) -> Control {
    if (2..=4).contains(&options.len()) || options.iter().any(|option| option.hint.is_some()) {
        radios(frame, options)
    } else {
        select(frame, options)
    }
}

fn select(frame: &Frame, options: Vec<ChoiceOption>) -> Control {
    let (lang, value) = (frame.lang.get_untracked(), frame.value);
    // The answer picks the option through the select's value, one property for the
    // list, where a `selected` memo and effect per option were two reactive nodes each, 42
    // for a list of 20. The select's properties are set before its options exist, so the
    // option answered when the list is built carries `selected` as well. The options'
    // labels are plain text (docs/BENCHMARKS.md, session 13).
    let answered = value.get_untracked();
    let choices = options
        .iter()
        .map(|option| {
            let label = option.label.get(lang).to_owned();
            let mut attributes = vec![("value", option.value.clone().into())];
            if option.value == answered {
                attributes.push(("selected", "".into()));
            }
            text_element("option", attributes, label).into_any()
        })
        .collect::<Vec<_>>();
    let select = view! {
        <select
            class="kern-form-input__input"
            id=frame.dom_id.to_string()
            prop:value=value
            on:change=try_with_value(frame.set_text)
            on:blur=try_call(frame.touch)
            aria-describedby=frame.described_by.clone()
            aria-invalid=frame.invalid
        >
            {text_element("option", vec![("value", "".into())], message(lang, Msg::SelectPlaceholder))}
            {choices}
        </select>
    };
    Control::labelled(select.into_any())
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
                frame.text(&option.label),
                option.hint.as_ref().map(|hint| frame.text(hint)),
                checked,
                Callback::new(move |_: bool| set_text.run(option_value.clone())),
                frame,
            )
        })
        .collect::<Vec<_>>();
    Control::legend(
        view! { <div class="kern-fieldset__body">{radios}</div> }.into_any(),
        "",
    )
}
