// SPDX-License-Identifier: EUPL-1.2
//! An address as four labelled inputs with the browser's address autofill tokens.

use super::parts::{
    TextInput, in_frame, input_id, part_label, set_or_remove, set_text_at, text_at, text_input,
};
use super::{Control, Frame};
use crate::i18n::Msg;
use leptos::prelude::*;

pub(super) fn view(frame: &Frame) -> Control {
    let (session, path, dom_id) = (frame.session, frame.path, frame.dom_id);
    let answers = session.answers;
    let parts = [
        ("street", Msg::Street, "address-line1", false),
        ("house_number", Msg::HouseNumber, "off", true),
        ("postcode", Msg::Postcode, "postal-code", true),
        ("city", Msg::City, "address-level2", false),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (part, msg, autocomplete, narrow))| {
        let part_path = format!("{path}.{part}");
        let id = if i == 0 {
            dom_id.to_string()
        } else {
            input_id(&part_path)
        };
        // Each part is marked invalid by its own error, which changes while the field's
        // error stays (the postcode's, then the city's): an effect per part.
        let invalid = {
            let (errors, part_path) = (session.errors, part_path.clone());
            let touched = session.touched;
            let field_path = path.to_string();
            move || {
                (touched.with(|t| t.contains(&field_path))
                    && errors.with(|e| e.iter().any(|e| e.path == part_path)))
                .then_some("true")
            }
        };
        let marked = untrack(&invalid);
        let (frame_element, part_id) = (frame.element, id.clone());
        Effect::new(move |before: Option<Option<&'static str>>| {
            let now = invalid();
            if before.unwrap_or(marked) != now
                && let Some(input) = frame_element
                    .get_untracked()
                    .and_then(|frame| in_frame(&frame, &part_id))
            {
                set_or_remove(&input, "aria-invalid", now);
            }
            now
        });
        let input = text_input(TextInput {
            id: id.clone(),
            class: if narrow {
                "kern-form-input__input input--width-5"
            } else {
                "kern-form-input__input"
            },
            input_type: "text",
            inputmode: (part == "postcode").then_some("numeric"),
            autocomplete: Some(autocomplete.to_string()),
            maxlength: None,
            described_by: None,
            invalid: marked,
            value: text_at(session.answers_at(path), part_path.clone()),
            on_input: set_text_at(answers, part_path),
            on_blur: frame.touch,
        });
        view! { <div class="address__part">{part_label(&id, msg)}{input}</div> }.into_any()
    })
    .collect::<Vec<_>>();
    Control::legend(view! { <div class="address">{parts}</div> }.into_any(), "")
}
