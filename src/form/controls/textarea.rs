// SPDX-License-Identifier: EUPL-1.2
//! Several lines of text.

use super::parts::aria;
use super::{Control, Frame};
use crate::dom::{attr, element, on_blur, on_input, prop_text};

pub(super) fn view(frame: &Frame) -> Control {
    let mut attrs = vec![
        attr("class", "kern-form-input__input"),
        attr("id", frame.dom_id.to_string()),
        attr("rows", "5"),
        prop_text("value", frame.value),
        on_input(frame.set_text),
        on_blur(frame.touch),
    ];
    attrs.extend(aria(Some(frame.described_by), Some(frame.invalid)));
    Control::labelled(element("textarea", attrs, vec![]))
}
