// SPDX-License-Identifier: EUPL-1.2
//! An information text: no input, no frame.

use super::{Control, Frame, Naming};
use form_engine::field_types::InfoField;
use leptos::prelude::*;

pub(super) fn view(frame: &Frame, info: &InfoField) -> Control {
    let view = view! {
        <div class="info-text">
            <p class="info-text__title"><strong>{frame.label_text()}</strong></p>
            <p>{frame.text(&info.text)}</p>
            {frame.hint_view()}
        </div>
    };
    Control {
        view: view.into_any(),
        naming: Naming::Bare,
        never_optional: true,
    }
}
