// SPDX-License-Identifier: EUPL-1.2
//! An information text: no input, no frame.

use super::parts::p;
use super::{Control, Frame, Naming};
use crate::dom::{attr, element, text_node_dyn};
use crate::i18n::text;
use form_engine::field_types::InfoField;

pub(super) fn view(frame: &Frame, info: &InfoField) -> Control {
    let mut children = vec![
        p(
            "info-text__title",
            element("strong", vec![], vec![frame.label_text()]),
        ),
        element(
            "p",
            vec![],
            vec![text_node_dyn(text(frame.lang, info.text.clone()))],
        ),
    ];
    children.extend(frame.hint_view());
    Control {
        view: element("div", vec![attr("class", "info-text")], children),
        naming: Naming::Bare,
        never_optional: true,
    }
}
