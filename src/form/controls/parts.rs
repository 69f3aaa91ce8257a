// SPDX-License-Identifier: EUPL-1.2
//! The pieces controls are built from: ids, the answer at a path as text, text inputs,
//! radio buttons and checkboxes, small labels and buttons.

use crate::dom::{
    attr, attr_dyn, element, keep_focus_on_press, on_blur, on_change_checked, on_click, on_input,
    prop_flag, prop_text, text_node,
};
use crate::i18n::{Msg, message_view, use_lang};
use form_engine::{AnswerValue, Answers};
use leptos::prelude::*;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;

/// The id of a field's (first) input, used by labels and the error summary's links.
pub fn input_id(path: &str) -> String {
    let safe: String = path
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("f-{safe}")
}

/// Text of the answer at `path` ("" when unanswered or not text). A memo, so that a
/// keystroke in one field does not write the value of every other input again.
pub(super) fn text_at(answers: RwSignal<Answers>, path: String) -> Signal<String> {
    Memo::new(move |_| {
        answers.with(|a| match a.get_path(&path) {
            Some(AnswerValue::Text(s)) => s.clone(),
            _ => String::new(),
        })
    })
    .into()
}

/// Sets the text answer at `path`; empty text removes the answer.
pub(super) fn set_text_at(answers: RwSignal<Answers>, path: String) -> Callback<String> {
    Callback::new(move |value: String| {
        answers.update(|a| {
            a.set_path(
                &path,
                (!value.is_empty()).then_some(AnswerValue::Text(value)),
            );
        })
    })
}

/// Everything a text-like `<input>` needs. All of them (single fields, date parts,
/// address parts) are built by [`text_input`].
pub(super) struct TextInput {
    pub id: String,
    pub class: &'static str,
    pub input_type: &'static str,
    pub inputmode: Option<&'static str>,
    pub autocomplete: Option<String>,
    pub maxlength: Option<&'static str>,
    pub described_by: Option<Signal<Option<String>>>,
    pub invalid: Option<Signal<Option<String>>>,
    pub value: Signal<String>,
    pub on_input: Callback<String>,
    pub on_blur: Callback<()>,
}

pub(super) fn text_input(spec: TextInput) -> AnyView {
    let mut attrs = vec![
        attr("class", spec.class),
        attr("id", spec.id),
        attr("type", spec.input_type),
        attr("spellcheck", "false"),
        prop_text("value", spec.value),
        on_input(spec.on_input),
        on_blur(spec.on_blur),
    ];
    let optional = [
        ("inputmode", spec.inputmode.map(String::from)),
        ("autocomplete", spec.autocomplete),
        ("maxlength", spec.maxlength.map(String::from)),
    ];
    attrs.extend(
        optional
            .into_iter()
            .filter_map(|(name, value)| value.map(|v| attr(name, v))),
    );
    attrs.extend(aria(spec.described_by, spec.invalid));
    element("input", attrs, vec![])
}

/// `aria-describedby` and `aria-invalid`, where the control has them.
pub(super) fn aria(
    described_by: Option<Signal<Option<String>>>,
    invalid: Option<Signal<Option<String>>>,
) -> Vec<AnyAttribute> {
    [
        ("aria-describedby", described_by),
        ("aria-invalid", invalid),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| attr_dyn(name, v)))
    .collect()
}

/// A radio button or checkbox with its label (one builder for both).
pub(super) fn check_input(
    kind: &'static str,
    id: String,
    name: String,
    label: AnyView,
    checked: Signal<bool>,
    on_change: Callback<bool>,
    blur: Callback<()>,
) -> AnyView {
    let class = if kind == "radio" {
        "kern-form-check__radio"
    } else {
        "kern-form-check__checkbox"
    };
    element(
        "div",
        vec![attr("class", "kern-form-check")],
        vec![
            element(
                "input",
                vec![
                    attr("class", class),
                    attr("type", kind),
                    attr("id", id.clone()),
                    attr("name", name),
                    prop_flag("checked", checked),
                    on_change_checked(on_change),
                    on_blur(blur),
                ],
                vec![],
            ),
            element(
                "label",
                vec![attr("class", "kern-label"), attr("for", id)],
                vec![label],
            ),
        ],
    )
}

/// A `<p class="kern-hint">` or similar: one element with one class and text.
pub(super) fn p(class: &'static str, content: AnyView) -> AnyView {
    element("p", vec![attr("class", class)], vec![content])
}

/// A small label above one part of a composite control (date, address).
pub(super) fn part_label(id: &str, msg: Msg) -> AnyView {
    let lang = use_lang();
    element(
        "label",
        vec![
            attr("class", "kern-label kern-label--small"),
            attr("for", id),
        ],
        vec![message_view(lang, msg)],
    )
}

/// A button with a text that follows the language, and an optional hidden addition
/// for screen readers ("Remove" + " Person 2").
pub(super) fn button(
    class: &'static str,
    msg: Msg,
    extra: Option<String>,
    click: Callback<()>,
) -> AnyView {
    let lang = use_lang();
    let mut children = vec![message_view(lang, msg)];
    if let Some(extra) = extra {
        children.push(element(
            "span",
            vec![attr("class", "visually-hidden")],
            vec![text_node(format!(" {extra}"))],
        ));
    }
    element(
        "button",
        vec![
            attr("type", "button"),
            attr("class", class),
            on_click(Callback::new(move |_: ()| {
                // As "Weiter" does: the field still focused (the press kept it) is left
                // first, so that its blur updates the answers before the items change,
                // not while they are being rebuilt.
                if let Some(active) = crate::dom::active_element() {
                    let _ = active.blur();
                }
                click.run(());
            })),
            keep_focus_on_press(),
        ],
        children,
    )
}
