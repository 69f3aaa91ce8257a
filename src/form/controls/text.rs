// SPDX-License-Identifier: EUPL-1.2
//! One-line inputs: text, numbers (with their unit beside them), money, e-mail, phone,
//! postcode, IBAN, time, and a code list without its entries.

use super::parts::{TextInput, text_input};
use super::{Control, Frame};
use crate::text_element::text_element;
use form_engine::FieldKind;
use leptos::prelude::*;

pub(super) fn input(
    frame: &Frame,
    input_type: &'static str,
    inputmode: Option<&'static str>,
    autocomplete: Option<&'static str>,
) -> Control {
    let autocomplete = frame
        .field
        .autocomplete
        .clone()
        .or(autocomplete.map(String::from));
    let control = text_input(TextInput {
        id: frame.dom_id.to_string(),
        class: "kern-form-input__input",
        input_type,
        inputmode,
        autocomplete,
        maxlength: None,
        described_by: frame.described_by.clone(),
        invalid: frame.invalid,
        value: frame.value,
        on_input: frame.set_text,
        on_blur: frame.touch,
    });
    let unit = match &frame.field.kind {
        FieldKind::Integer(number) => number.unit.clone(),
        FieldKind::Decimal(number) => number.unit.clone(),
        _ => None,
    };
    let control = match unit {
        Some(unit) => view! {
            <div class="kern-input-group input-with-unit">
                {control}
                {text_element(
                    "span",
                    vec![("class", "kern-input-group-text".into()), ("id", frame.unit_id().into())],
                    frame.text(&unit),
                )}
            </div>
        }
        .into_any(),
        None => control,
    };
    Control::labelled(control)
}
