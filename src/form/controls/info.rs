// SPDX-License-Identifier: EUPL-1.2
//! An information text: no input, no frame.

use super::parts::p;
use super::{Control, Frame, Naming};
use crate::dom::{at, el, txt_dyn};
use crate::i18n::text;
use form_engine::field_types::InfoField;

pub(super) fn view(frame: &Frame, info: &InfoField) -> Control {
    let mut children = vec![
        p(
            "info-text__title",
            el("strong", vec![], vec![frame.label_text()]),
        ),
        el(
            "p",
            vec![],
            vec![txt_dyn(text(frame.lang, info.text.clone()))],
        ),
    ];
    children.extend(frame.hint_view());
    Control {
        view: el("div", vec![at("class", "info-text")], children),
        naming: Naming::Bare,
        never_optional: true,
    }
}
