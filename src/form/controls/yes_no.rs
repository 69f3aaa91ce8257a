// SPDX-License-Identifier: EUPL-1.2
//! Yes or no: two radio buttons side by side; the answer is a boolean.

use super::parts::check_input;
use super::{Control, Frame};
use crate::i18n::{Msg, message};
use crate::reactive_view::flag;
use form_engine::AnswerValue;
use leptos::prelude::*;

pub(super) fn view(frame: &Frame) -> Control {
    let answers = frame.session.answers;
    let options = [(true, Msg::Yes), (false, Msg::No)]
        .into_iter()
        .map(|(value, msg)| {
            let option_id = if value {
                frame.dom_id.to_string()
            } else {
                format!("{}-no", frame.dom_id)
            };
            let checked = {
                let path = frame.path.to_string();
                let answers = frame.session.answers_at(&path);
                flag(move || {
                    answers.with(
                        |a| matches!(a.get_path(&path), Some(AnswerValue::Bool(b)) if *b == value),
                    )
                })
            };
            let on_change = {
                let path = frame.path.to_string();
                Callback::new(move |_: bool| {
                    answers.update(|a| {
                        a.set_path(&path, Some(AnswerValue::Bool(value)));
                    })
                })
            };
            check_input(
                "radio",
                option_id,
                message(frame.lang.get_untracked(), msg).to_owned(),
                None,
                checked,
                on_change,
                frame,
            )
        })
        .collect::<Vec<_>>();
    let control = view! {
        <div class="kern-fieldset__body kern-fieldset__body--horizontal">{options}</div>
    };
    Control::legend(control.into_any(), "")
}
