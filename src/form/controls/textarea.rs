// SPDX-License-Identifier: EUPL-1.2
//! Several lines of text.

use super::parts::{try_call, try_with_value};
use super::{Control, Frame};
use leptos::prelude::*;

pub(super) fn view(frame: &Frame) -> Control {
    Control::labelled(
        view! {
            <textarea
                class="kern-form-input__input"
                id=frame.dom_id.to_string()
                rows="5"
                prop:value=frame.value
                on:input=try_with_value(frame.set_text)
                on:blur=try_call(frame.touch)
                aria-describedby=frame.described_by.clone()
                aria-invalid=frame.invalid
            ></textarea>
        }
        .into_any(),
    )
}
