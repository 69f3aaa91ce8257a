// SPDX-License-Identifier: EUPL-1.2
//! The pieces controls are built from: ids, the answer at a path as text, text inputs,
//! radio buttons and checkboxes, small labels and buttons.

use crate::form::state::AnswersAt;
use crate::i18n::{Msg, message, use_lang};
use crate::text_element::text_element;
use form_engine::{AnswerValue, Answers};
use leptos::prelude::*;

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

/// The first control (input, select or textarea) whose id starts with `id_prefix`: a
/// group item's or a field's of several controls. Not a hint paragraph that shares the
/// prefix.
pub fn first_control(id_prefix: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    crate::in_portal::query(&format!(
        "input[id^=\"{id_prefix}\"],select[id^=\"{id_prefix}\"],textarea[id^=\"{id_prefix}\"]"
    ))
    .map(|el| el.unchecked_into())
}

/// Text of the answer at `path` ("" when unanswered or not text). A memo, so that a
/// keystroke in one field does not write the value of every other input again.
pub(super) fn text_at(answers: AnswersAt, path: String) -> Signal<String> {
    crate::reactive_view::memo(move || {
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

/// The element with this id inside a field's frame. Searched in the frame, not the
/// document (`in_portal::by_id`): a step built out of the page (`built_steps`) follows its
/// errors there too.
pub(super) fn in_frame(frame: &web_sys::Element, id: &str) -> Option<web_sys::Element> {
    frame.query_selector(&format!("#{id}")).ok().flatten()
}

/// Sets an attribute to a value, or removes it (`aria-invalid`, `aria-describedby`).
pub(super) fn set_or_remove(element: &web_sys::Element, name: &str, value: Option<&str>) {
    let _ = match value {
        Some(value) => element.set_attribute(name, value),
        None => element.remove_attribute(name),
    };
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
    pub described_by: Option<String>,
    pub invalid: Option<&'static str>,
    pub value: Signal<String>,
    pub on_input: Callback<String>,
    pub on_blur: Callback<()>,
}

pub(super) fn text_input(spec: TextInput) -> AnyView {
    let TextInput {
        id,
        class,
        input_type,
        inputmode,
        autocomplete,
        maxlength,
        described_by,
        invalid,
        value,
        on_input,
        on_blur,
    } = spec;
    view! {
        <input
            class=class
            id=id
            type=input_type
            spellcheck="false"
            prop:value=value
            on:input=try_with_value(on_input)
            on:blur=try_call(on_blur)
            inputmode=inputmode
            autocomplete=autocomplete
            maxlength=maxlength
            aria-describedby=described_by
            aria-invalid=invalid
        />
    }
    .into_any()
}

// The handlers below use `try_run`: an event can arrive after the view that made the
// callback is gone. Chromium fires `blur` on a focused input when it is removed from the
// page, which happens after the reactive owner of the page left (and disposed its
// callbacks), e.g. on the browser's Back. `run` would panic there, and the release build
// aborts the whole WASM on a panic; an event for a page that is gone has nothing to do.

/// A handler passing the element's value (an input's on every keystroke, a select's
/// when it changes).
pub(super) fn try_with_value(run: Callback<String>) -> impl FnMut(web_sys::Event) + 'static {
    move |ev| {
        run.try_run(event_target_value(&ev));
    }
}

/// A handler passing a checkbox's or radio's checked state.
pub(super) fn try_with_checked(run: Callback<bool>) -> impl FnMut(web_sys::Event) + 'static {
    move |ev| {
        run.try_run(event_target_checked(&ev));
    }
}

/// A handler that only runs the callback (`blur`).
pub(super) fn try_call<E>(run: Callback<()>) -> impl FnMut(E) + 'static {
    move |_| {
        run.try_run(());
    }
}

/// A radio button or checkbox with its label and, if its option has one, its hint below
/// the label, which the input names as its description (one function for both kinds).
pub(super) fn check_input(
    kind: &'static str,
    id: String,
    label: String,
    hint: Option<String>,
    checked: Signal<bool>,
    on_change: Callback<bool>,
    frame: &super::Frame,
) -> AnyView {
    let class = if kind == "radio" {
        "kern-form-check__radio"
    } else {
        "kern-form-check__checkbox"
    };
    // `.` is in no field's id (`input_id`): the first option's id is the field's own, whose
    // hint has the id `…-hint`.
    let hint_id = hint.as_ref().map(|_| format!("{id}.hint"));
    // As `AnyView`, the type the field's own hint has (no rendering code of its own).
    let hint = hint.zip(hint_id.clone()).map(|(text, hint_id)| {
        text_element(
            "div",
            vec![("class", "kern-hint".into()), ("id", hint_id.into())],
            text,
        )
        .into_any()
    });
    view! {
        <div class="kern-form-check">
            <input
                class=class
                type=kind
                id=id.clone()
                name=frame.path.to_string()
                prop:checked=checked
                on:change=try_with_checked(on_change)
                on:blur=try_call(frame.touch)
                aria-invalid=frame.invalid
                aria-describedby=hint_id
            />
            {text_element("label", vec![("class", "kern-label".into()), ("for", id.into())], label)}
            {hint}
        </div>
    }
    .into_any()
}

/// A small label above one part of a composite control (date, address).
pub(super) fn part_label(id: &str, msg: Msg) -> impl IntoView + use<> {
    let text = message(use_lang().get_untracked(), msg);
    text_element(
        "label",
        vec![
            ("class", "kern-label kern-label--small".into()),
            ("for", id.to_owned().into()),
        ],
        text,
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
    let text = message(use_lang().get_untracked(), msg);
    view! {
        <button
            type="button"
            class=class
            on:click=move |_| {
                // As "Weiter" does: the field still focused (the press kept it) is left
                // first, so that its blur updates the answers before the items change,
                // not while they are being rebuilt.
                if let Some(active) = crate::in_portal::active_element() {
                    let _ = active.blur();
                }
                click.try_run(());
            }
            // Pressing the mouse on the button does not take the focus from the field
            // being answered: leaving that field shows its inline error, which would move
            // the button away before the click lands (the click would be lost). The
            // button's action moves the focus.
            on:mousedown=|ev| ev.prevent_default()
        >
            {text}
            {extra.map(|extra| view! { <span class="visually-hidden">{format!(" {extra}")}</span> }.into_any())}
        </button>
    }
    .into_any()
}
