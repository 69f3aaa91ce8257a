// SPDX-License-Identifier: EUPL-1.2
//! One component per kind of control. `control_for` is the one exhaustive match that maps
//! the engine's field types to HTML controls; the components turn browser events into
//! answers and show the engine's errors.
//!
//! Every control reads and writes its answer through the engine's error path (`id`,
//! `group.0.child`, `address.postcode`), so an error always finds its control, and a
//! field is rendered exactly when the engine says it is visible.

use super::FormSession;
use crate::dom::{
    at, at_dyn, el, keep_focus_on_press, on_blur, on_change_checked, on_change_value, on_click,
    on_input, prop_flag, prop_text, txt, txt_dyn,
};
use crate::i18n::{Msg, t, text, tv, use_lang};
use crate::reactive_view::{dynamic, flag, maybe, shown_if, string};
use form_engine::{AnswerValue, Answers, ChoiceOption, Field, FieldKind, Lang};
use leptos::prelude::*;
use leptos::tachys::html::attribute::any_attribute::{AnyAttribute, IntoAnyAttribute};
use wasm_bindgen::JsCast;

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

/// Which HTML control renders a field type.
enum Control {
    Input {
        input_type: &'static str,
        inputmode: Option<&'static str>,
        autocomplete: Option<&'static str>,
    },
    TextArea,
    Date,
    YesNo,
    Choice(Vec<ChoiceOption>),
    /// A choice of two to four options: all of them visible at once, one click each,
    /// instead of a select that hides them (GOV.UK and KERN alike).
    Radios(Vec<ChoiceOption>),
    MultiChoice(Vec<ChoiceOption>),
    Address,
    Group(Vec<Field>, u32, Option<u32>, Option<form_engine::Text>),
    File(String, bool),
    Info(form_engine::Text),
}

fn control_for(field: &Field) -> Control {
    let input = |input_type, inputmode, autocomplete| Control::Input {
        input_type,
        inputmode,
        autocomplete,
    };
    match &field.kind {
        FieldKind::Text { .. } => input("text", None, None),
        FieldKind::Textarea { .. } => Control::TextArea,
        FieldKind::Integer { .. } => input("text", Some("numeric"), None),
        FieldKind::Decimal { .. } | FieldKind::Money { .. } => input("text", Some("decimal"), None),
        FieldKind::Email {} => input("email", Some("email"), Some("email")),
        FieldKind::Phone {} => input("tel", Some("tel"), Some("tel")),
        FieldKind::Postcode {} => input("text", Some("numeric"), Some("postal-code")),
        FieldKind::Iban {} => input("text", None, None),
        FieldKind::Time { .. } => input("text", Some("numeric"), None),
        FieldKind::Date { .. } => Control::Date,
        FieldKind::YesNo {} => Control::YesNo,
        // A code list with its entries is a choice; without them any text is accepted.
        FieldKind::Choice { options, .. } | FieldKind::CodeList { options, .. }
            if (2..=4).contains(&options.len()) =>
        {
            Control::Radios(options.clone())
        }
        FieldKind::Choice { options, .. } => Control::Choice(options.clone()),
        FieldKind::CodeList { options, .. } if !options.is_empty() => {
            Control::Choice(options.clone())
        }
        FieldKind::CodeList { .. } => input("text", None, None),
        FieldKind::MultiChoice { options, .. } => Control::MultiChoice(options.clone()),
        FieldKind::Address {} => Control::Address,
        FieldKind::Group {
            fields,
            min_items,
            max_items,
            item_label,
        } => {
            // A required group starts with one item to fill in.
            let min = min_items.unwrap_or(u32::from(field.required));
            Control::Group(fields.clone(), min, *max_items, item_label.clone())
        }
        FieldKind::File {
            accept, max_files, ..
        } => Control::File(accept.join(","), *max_files != Some(1)),
        FieldKind::Info { text } => Control::Info(text.clone()),
    }
}

/// A field at `path`, shown while the engine finds it visible. Fields appear and
/// disappear in place, without moving what the citizen is working on.
pub fn field_view(session: &FormSession, field: Field, path: String) -> AnyView {
    let shown = {
        let (visible, path) = (session.visible, path.clone());
        Memo::new(move |_| visible.with(|v| v.contains(&path)))
    };
    let session = session.clone();
    shown_if(
        move || shown.get(),
        move || field_frame(&session, field.clone(), path.clone()),
    )
}

/// The error message for an answer path, once the citizen has had a chance to answer.
/// `parts`: errors of the parts (`address.postcode`, `file.1`) count for the field.
fn error_for(session: &FormSession, path: String, parts: bool) -> Memo<Option<String>> {
    let lang = use_lang();
    let (errors, touched) = (session.errors, session.touched);
    let definition = session.definition.clone();
    Memo::new(move |_| {
        if !touched.with(|t| t.contains(&path)) {
            return None;
        }
        let lang = lang.get();
        errors.with(|errors| {
            errors
                .iter()
                .find(|e| {
                    e.path == path
                        || (parts
                            && e.path.len() > path.len()
                            && e.path.starts_with(&path)
                            && e.path.as_bytes()[path.len()] == b'.')
                })
                .map(|e| form_engine::messages::message(e, &definition, lang))
        })
    })
}

/// Text of the answer at `path` ("" when unanswered or not text). A memo, so that a
/// keystroke in one field does not write the value of every other input again.
fn text_at(answers: RwSignal<Answers>, path: String) -> Signal<String> {
    Memo::new(move |_| {
        answers.with(|a| match a.get_path(&path) {
            Some(AnswerValue::Text(s)) => s.clone(),
            _ => String::new(),
        })
    })
    .into()
}

/// Sets the text answer at `path`; empty text removes the answer.
fn set_text_at(answers: RwSignal<Answers>, path: String) -> Callback<String> {
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
struct TextInput {
    id: String,
    class: &'static str,
    input_type: &'static str,
    inputmode: Option<&'static str>,
    autocomplete: Option<String>,
    maxlength: Option<&'static str>,
    described_by: Option<Signal<Option<String>>>,
    invalid: Option<Signal<Option<String>>>,
    value: Signal<String>,
    on_input: Callback<String>,
    on_blur: Callback<()>,
}

fn text_input(spec: TextInput) -> AnyView {
    let mut attrs = vec![
        at("class", spec.class),
        at("id", spec.id),
        at("type", spec.input_type),
        at("spellcheck", "false"),
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
            .filter_map(|(name, value)| value.map(|v| at(name, v))),
    );
    attrs.extend(aria(spec.described_by, spec.invalid));
    el("input", attrs, vec![])
}

/// `aria-describedby` and `aria-invalid`, where the control has them.
fn aria(
    described_by: Option<Signal<Option<String>>>,
    invalid: Option<Signal<Option<String>>>,
) -> Vec<AnyAttribute> {
    [
        ("aria-describedby", described_by),
        ("aria-invalid", invalid),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| at_dyn(name, v)))
    .collect()
}

/// A radio button or checkbox with its label (one builder for both).
fn check_input(
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
    el(
        "div",
        vec![at("class", "kern-form-check")],
        vec![
            el(
                "input",
                vec![
                    at("class", class),
                    at("type", kind),
                    at("id", id.clone()),
                    at("name", name),
                    prop_flag("checked", checked),
                    on_change_checked(on_change),
                    on_blur(blur),
                ],
                vec![],
            ),
            el(
                "label",
                vec![at("class", "kern-label"), at("for", id)],
                vec![label],
            ),
        ],
    )
}

/// A `<p class="kern-hint">` or similar: one element with one class and text.
fn p(class: &'static str, content: AnyView) -> AnyView {
    el("p", vec![at("class", class)], vec![content])
}

/// One field: the control for its type inside the one shared frame (label or legend,
/// hint, error).
fn field_frame(session: &FormSession, field: Field, path: String) -> AnyView {
    let lang = use_lang();
    let dom_id = input_id(&path);
    let hint_id = format!("{dom_id}-hint");
    let error_id = format!("{dom_id}-error");
    let composite = matches!(field.kind, FieldKind::Address {} | FieldKind::File { .. });
    let error = error_for(session, path.clone(), composite);
    let invalid = maybe(move || error.with(Option::is_some).then(|| "true".to_string()));

    let label_text = txt_dyn(text(lang, field.label.clone()));
    let hint_view = field.hint.clone().map(|hint| {
        el(
            "p",
            vec![at("class", "kern-hint"), at("id", hint_id.clone())],
            vec![txt_dyn(text(lang, hint))],
        )
    });
    let text_value = text_at(session.answers, path.clone());
    // The unit of a number ("cm") stands beside its input and is read with it: numbers
    // without their unit are ambiguous (cm or m?).
    let unit = match &field.kind {
        FieldKind::Integer { unit, .. } | FieldKind::Decimal { unit, .. } => unit.clone(),
        _ => None,
    };
    let unit_id = format!("{dom_id}-unit");
    // A text with a maximum length counts down as the citizen types (GOV.UK's character
    // count): visible, part of the control's description, and a polite live region so
    // that screen readers hear the count change without being interrupted.
    let max_length = match &field.kind {
        FieldKind::Text { max_length, .. } | FieldKind::Textarea { max_length, .. } => *max_length,
        _ => None,
    };
    let count_id = format!("{dom_id}-count");
    let count_view = max_length.map(|max| {
        el(
            "p",
            vec![
                at("class", "kern-hint char-count"),
                at("id", count_id.clone()),
                at("aria-live", "polite"),
            ],
            vec![txt_dyn(move || {
                let used = text_value.with(|v| v.trim().chars().count());
                crate::i18n::chars_left(lang.get(), max, used)
            })],
        )
    });
    let described_by = {
        let has_hint = hint_view.is_some();
        let unit_id = unit.is_some().then(|| unit_id.clone());
        let count_id = max_length.is_some().then(|| count_id.clone());
        maybe(move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            ids.extend(unit_id.clone());
            ids.extend(count_id.clone());
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        })
    };
    let error_view = {
        let error_id = format!("{dom_id}-error");
        dynamic(move || match error.get() {
            Some(message) => el(
                "p",
                vec![at("class", "kern-error"), at("id", error_id.clone())],
                vec![
                    el(
                        "span",
                        vec![at("class", "visually-hidden")],
                        vec![txt(if lang.get() == Lang::De {
                            "Fehler: "
                        } else {
                            "Error: "
                        })],
                    ),
                    txt(message),
                ],
            ),
            None => ().into_any(),
        })
    };

    let answers = session.answers;
    let touched = session.touched;
    let set_text = set_text_at(answers, path.clone());
    let touch = {
        let path = path.clone();
        Callback::new(move |_: ()| {
            touched.update(|t| {
                t.insert(path.clone());
            })
        })
    };

    let frame_class = maybe(move || {
        Some(if error.with(Option::is_some) {
            "kern-form-input kern-form-input--error".to_string()
        } else {
            "kern-form-input".to_string()
        })
    });

    // The control, and how the frame names it: a <label> for one control, a <legend>
    // for a group of them (with the group's role).
    // A field required only under a condition is not marked optional: it may not be.
    let mut optional = !field.required && field.required_when.is_none();
    let (control, legend_role) = match control_for(&field) {
        Control::Info(body) => {
            let mut children = vec![
                p("info-text__title", el("strong", vec![], vec![label_text])),
                el("p", vec![], vec![txt_dyn(text(lang, body))]),
            ];
            children.extend(hint_view);
            return el("div", vec![at("class", "info-text")], children);
        }
        Control::Input {
            input_type,
            inputmode,
            autocomplete,
        } => {
            let autocomplete = field
                .autocomplete
                .clone()
                .or(autocomplete.map(String::from));
            let control = text_input(TextInput {
                id: dom_id.clone(),
                class: "kern-form-input__input",
                input_type,
                inputmode,
                autocomplete,
                maxlength: None,
                described_by: Some(described_by),
                invalid: Some(invalid),
                value: text_value,
                on_input: set_text,
                on_blur: touch,
            });
            let control = match unit {
                Some(unit) => el(
                    "div",
                    vec![at("class", "kern-input-group input-with-unit")],
                    vec![
                        control,
                        el(
                            "span",
                            vec![at("class", "kern-input-group-text"), at("id", unit_id)],
                            vec![txt_dyn(text(lang, unit))],
                        ),
                    ],
                ),
                None => control,
            };
            (control, None)
        }
        Control::TextArea => {
            let mut attrs = vec![
                at("class", "kern-form-input__input"),
                at("id", dom_id.clone()),
                at("rows", "5"),
                prop_text("value", text_value),
                on_input(set_text),
                on_blur(touch),
            ];
            attrs.extend(aria(Some(described_by), Some(invalid)));
            (el("textarea", attrs, vec![]), None)
        }
        Control::Date => {
            optional = false;
            (
                date_inputs(&dom_id, text_value, set_text, touch),
                Some("group"),
            )
        }
        Control::YesNo => {
            let options = [(true, Msg::Yes), (false, Msg::No)]
                .into_iter()
                .map(|(value, msg)| {
                    let option_id = if value {
                        dom_id.clone()
                    } else {
                        format!("{dom_id}-no")
                    };
                    let checked = {
                        let path = path.clone();
                        flag(move || {
                            answers.with(|a| {
                                matches!(a.get_path(&path), Some(AnswerValue::Bool(b)) if *b == value)
                            })
                        })
                    };
                    let on_change = {
                        let path = path.clone();
                        Callback::new(move |_: bool| {
                            answers.update(|a| {
                                a.set_path(&path, Some(AnswerValue::Bool(value)));
                            })
                        })
                    };
                    check_input(
                        "radio",
                        option_id,
                        path.clone(),
                        tv(lang, msg),
                        checked,
                        on_change,
                        touch,
                    )
                })
                .collect();
            let control = el(
                "div",
                vec![at(
                    "class",
                    "kern-fieldset__body kern-fieldset__body--horizontal",
                )],
                options,
            );
            (control, Some(""))
        }
        Control::Choice(options) => {
            let placeholder = el(
                "option",
                vec![
                    at("value", ""),
                    prop_flag("selected", flag(move || text_value.with(String::is_empty))),
                ],
                vec![tv(lang, Msg::SelectPlaceholder)],
            );
            let choices = std::iter::once(placeholder)
                .chain(options.into_iter().map(|option| {
                    let value = option.value.clone();
                    let selected = flag(move || text_value.with(|v| *v == option.value));
                    el(
                        "option",
                        vec![at("value", value), prop_flag("selected", selected)],
                        vec![txt_dyn(text(lang, option.label))],
                    )
                }))
                .collect();
            let mut attrs = vec![
                at("class", "kern-form-input__input"),
                at("id", dom_id.clone()),
                on_change_value(set_text),
                on_blur(touch),
            ];
            attrs.extend(aria(Some(described_by), Some(invalid)));
            (el("select", attrs, choices), None)
        }
        Control::Radios(options) => {
            let radios = options
                .into_iter()
                .enumerate()
                .map(|(i, option)| {
                    let id = if i == 0 {
                        dom_id.clone()
                    } else {
                        format!("{dom_id}-{i}")
                    };
                    let value = option.value.clone();
                    let checked = flag(move || text_value.with(|v| *v == option.value));
                    check_input(
                        "radio",
                        id,
                        path.clone(),
                        txt_dyn(text(lang, option.label)),
                        checked,
                        Callback::new(move |_: bool| set_text.run(value.clone())),
                        touch,
                    )
                })
                .collect();
            (
                el("div", vec![at("class", "kern-fieldset__body")], radios),
                Some(""),
            )
        }
        Control::MultiChoice(options) => (
            checkboxes(&dom_id, &path, options, answers, touch),
            Some(""),
        ),
        Control::Address => (address_inputs(session, &dom_id, &path, touch), Some("")),
        Control::Group(children, min, max, item_label) => {
            optional = false;
            (
                group_items(session, &path, children, min, max, item_label),
                Some(""),
            )
        }
        Control::File(accept, multiple) => (
            file_input(
                session,
                &dom_id,
                &path,
                (accept, multiple),
                aria(Some(described_by), Some(invalid)),
                touch,
            ),
            None,
        ),
    };

    let mut name = vec![label_text];
    if optional {
        name.push(txt(" "));
        name.push(el(
            "span",
            vec![at("class", "optional")],
            vec![tv(lang, Msg::Optional)],
        ));
    }
    let mut inner = Vec::with_capacity(4);
    let labelled = match legend_role {
        None => el(
            "label",
            vec![at("class", "kern-label"), at("for", dom_id)],
            name,
        ),
        Some(_) => el("legend", vec![at("class", "kern-label")], name),
    };
    inner.push(labelled);
    inner.extend(hint_view);
    inner.push(error_view);
    inner.push(control);
    inner.extend(count_view);
    let body = match legend_role {
        None => inner,
        Some(role) => {
            let mut attrs = vec![at("class", "kern-fieldset")];
            if !role.is_empty() {
                attrs.push(at("role", role));
            }
            attrs.extend(aria(Some(described_by), None));
            vec![el("fieldset", attrs, inner)]
        }
    };
    el("div", vec![at_dyn("class", frame_class)], body)
}

/// Checkboxes of a multi-choice field; the answer is the list of checked values.
fn checkboxes(
    dom_id: &str,
    path: &str,
    options: Vec<ChoiceOption>,
    answers: RwSignal<Answers>,
    on_blur: Callback<()>,
) -> AnyView {
    let lang = use_lang();
    let items = options
        .into_iter()
        .enumerate()
        .map(|(i, option)| {
            let id = if i == 0 {
                dom_id.to_string()
            } else {
                format!("{dom_id}-{i}")
            };
            let value = option.value;
            let (path, checked_path) = (path.to_string(), path.to_string());
            let checked_value = value.clone();
            let checked = flag(move || {
                answers.with(|a| match a.get_path(&checked_path) {
                    Some(AnswerValue::List(l)) => l.contains(&checked_value),
                    _ => false,
                })
            });
            let name = path.clone();
            let toggle = Callback::new(move |on: bool| {
                answers.update(|a| {
                    let mut list = match a.get_path(&path) {
                        Some(AnswerValue::List(l)) => l.clone(),
                        _ => Vec::new(),
                    };
                    list.retain(|v| *v != value);
                    if on {
                        list.push(value.clone());
                    }
                    a.set_path(&path, (!list.is_empty()).then_some(AnswerValue::List(list)));
                })
            });
            check_input(
                "checkbox",
                id,
                name,
                txt_dyn(text(lang, option.label)),
                checked,
                toggle,
                on_blur,
            )
        })
        .collect();
    el("div", vec![at("class", "kern-fieldset__body")], items)
}

/// A small label above one part of a composite control (date, address).
fn part_label(id: &str, msg: Msg) -> AnyView {
    let lang = use_lang();
    el(
        "label",
        vec![at("class", "kern-label kern-label--small"), at("for", id)],
        vec![tv(lang, msg)],
    )
}

/// An address as four labelled inputs with the browser's address autofill tokens.
fn address_inputs(
    session: &FormSession,
    dom_id: &str,
    path: &str,
    on_blur: Callback<()>,
) -> AnyView {
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
        let invalid = {
            let (errors, part_path) = (session.errors, part_path.clone());
            let touched = session.touched;
            let field_path = path.to_string();
            maybe(move || {
                (touched.with(|t| t.contains(&field_path))
                    && errors.with(|e| e.iter().any(|e| e.path == part_path)))
                .then(|| "true".to_string())
            })
        };
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
            invalid: Some(invalid),
            value: text_at(answers, part_path.clone()),
            on_input: set_text_at(answers, part_path),
            on_blur,
        });
        el(
            "div",
            vec![at("class", "address__part")],
            vec![part_label(&id, msg), input],
        )
    })
    .collect();
    el("div", vec![at("class", "address")], parts)
}

/// A button with a text that follows the language, and an optional hidden addition
/// for screen readers ("Remove" + " Person 2").
fn button(class: &'static str, msg: Msg, extra: Option<String>, click: Callback<()>) -> AnyView {
    let lang = use_lang();
    let mut children = vec![tv(lang, msg)];
    if let Some(extra) = extra {
        children.push(el(
            "span",
            vec![at("class", "visually-hidden")],
            vec![txt(format!(" {extra}"))],
        ));
    }
    el(
        "button",
        vec![
            at("type", "button"),
            at("class", class),
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

/// A repeatable group: its items, each with the child fields at `group.i.child`, a
/// "remove" button per item and an "add" button while more are allowed.
fn group_items(
    session: &FormSession,
    path: &str,
    children: Vec<Field>,
    min: u32,
    max: Option<u32>,
    item_label: Option<form_engine::Text>,
) -> AnyView {
    let lang = use_lang();
    let answers = session.answers;
    let count = {
        let path = path.to_string();
        Memo::new(move |_| {
            answers.with(|a| match a.get_path(&path) {
                Some(AnswerValue::Items(items)) => items.len(),
                _ => 0,
            })
        })
    };
    // Start with the items the group needs at least (untracked: only on first render).
    if min > 0 && count.get_untracked() < min as usize {
        answers.update(|a| ensure_item(a, path, min as usize - 1));
    }
    let item_name = move |i: usize| {
        let name = item_label
            .as_ref()
            .map(|l| l.get(lang.get_untracked()).to_string())
            .unwrap_or_else(|| t(lang.get_untracked(), Msg::Entry).to_string());
        format!("{name} {}", i + 1)
    };
    let items = {
        let (session, path) = (session.clone(), path.to_string());
        dynamic(move || {
            lang.track();
            let items: Vec<AnyView> = (0..count.get())
                .map(|i| {
                    let item_path = format!("{path}.{i}");
                    let mut content: Vec<AnyView> = vec![el(
                        "legend",
                        vec![at("class", "group-item__title")],
                        vec![txt(item_name(i))],
                    )];
                    content.extend(children.iter().map(|child| {
                        field_view(&session, child.clone(), format!("{item_path}.{}", child.id))
                    }));
                    if count.get_untracked() > min as usize {
                        let path = path.clone();
                        let remove = Callback::new(move |_: ()| {
                            answers.update(|a| {
                                if let Some(AnswerValue::Items(mut items)) =
                                    a.get_path(&path).cloned()
                                {
                                    if i < items.len() {
                                        items.remove(i);
                                    }
                                    a.set_path(&path, Some(AnswerValue::Items(items)));
                                }
                            });
                        });
                        content.push(button(
                            "kern-btn kern-btn--secondary",
                            Msg::RemoveItem,
                            Some(item_name(i)),
                            remove,
                        ));
                    }
                    el("fieldset", vec![at("class", "group-item")], content)
                })
                .collect();
            items.into_any()
        })
    };
    let add = {
        let path = path.to_string();
        Callback::new(move |_: ()| {
            let n = count.get_untracked();
            answers.update(|a| ensure_item(a, &path, n));
            // Focus the new item's first input, so keyboard users continue there.
            let first = format!("{path}.{n}.");
            request_animation_frame(move || {
                let prefix = input_id(&first);
                // The first control, not a hint paragraph that shares the id prefix.
                let selector = format!(
                    "input[id^=\"{prefix}\"],select[id^=\"{prefix}\"],textarea[id^=\"{prefix}\"]"
                );
                if let Some(el) = crate::dom::query(&selector) {
                    let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
        })
    };
    let add_button = shown_if(
        move || max.is_none_or(|m| count.get() < m as usize),
        move || button("kern-btn kern-btn--secondary", Msg::AddItem, None, add),
    );
    el(
        "div",
        vec![at("class", "group-items")],
        vec![items, add_button],
    )
}

/// Makes sure item `i` of the group at `path` exists (as an empty item).
fn ensure_item(answers: &mut Answers, path: &str, i: usize) {
    let mut items = match answers.get_path(path) {
        Some(AnswerValue::Items(items)) => items.clone(),
        _ => Vec::new(),
    };
    while items.len() <= i {
        items.push(Answers::new());
    }
    answers.set_path(path, Some(AnswerValue::Items(items)));
}

/// A file field: a picker in the page's language (the browser's own says "Choose File /
/// No file chosen" in the browser's language) that also takes files dropped on it, and
/// the chosen files with their size and a "remove" button. The files stay in this tab
/// until the submission uploads them; the answer holds their id, name, type and size,
/// which the engine checks.
fn file_input(
    session: &FormSession,
    dom_id: &str,
    path: &str,
    (accept, multiple): (String, bool),
    aria: Vec<AnyAttribute>,
    touch: Callback<()>,
) -> AnyView {
    let lang = use_lang();
    let answers = session.answers;
    let files = session.files;
    let chosen = {
        let path = path.to_string();
        Memo::new(move |_| {
            answers.with(|a| match a.get_path(&path) {
                Some(AnswerValue::Items(items)) => items
                    .iter()
                    .map(|i| {
                        let get = |k| i.text(k).unwrap_or_default().to_string();
                        (get("id"), get("name"), get("size"))
                    })
                    .collect(),
                _ => Vec::new(),
            })
        })
    };
    let on_change = {
        let path = path.to_string();
        move |ev: leptos::ev::Event| {
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(list) = input.files() {
                add_files(list, multiple, answers, files, &path, touch);
            }
            // The same file may be chosen again after removing it.
            input.set_value("");
        }
    };
    // Dropping files on the picker: the browser would open them instead unless
    // `dragover` and `drop` are cancelled.
    let on_drop = {
        let path = path.to_string();
        move |ev: leptos::ev::DragEvent| {
            ev.prevent_default();
            if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
                add_files(list, multiple, answers, files, &path, touch);
            }
        }
    };
    let list = {
        let path = path.to_string();
        dynamic(move || {
            let items: Vec<AnyView> = chosen
                .get()
                .into_iter()
                .map(|(id, name, size)| {
                    let path = path.clone();
                    let remove = Callback::new(move |_: ()| {
                        files.update_value(|f| f.retain(|(fid, _)| *fid != id));
                        answers.update(|a| {
                            let mut items = match a.get_path(&path) {
                                Some(AnswerValue::Items(items)) => items.clone(),
                                _ => Vec::new(),
                            };
                            items.retain(|i| i.text("id") != Some(id.as_str()));
                            a.set_path(
                                &path,
                                (!items.is_empty()).then_some(AnswerValue::Items(items)),
                            );
                        });
                    });
                    el(
                        "li",
                        vec![at("class", "file-list__item")],
                        vec![
                            el(
                                "span",
                                vec![at("class", "file-list__name")],
                                vec![txt(name.clone())],
                            ),
                            txt(format!(" ({}) ", format_size(&size))),
                            button(
                                "kern-btn kern-btn--tertiary",
                                Msg::RemoveFile,
                                Some(name),
                                remove,
                            ),
                        ],
                    )
                })
                .collect();
            items.into_any()
        })
    };
    use leptos::tachys::html::event::on;
    let mut attrs = vec![
        at("class", "file-drop__input"),
        at("id", dom_id),
        at("type", "file"),
        on(leptos::ev::change, on_change).into_any_attr(),
    ];
    // The hint and the error (a file of the wrong type) are read with the input.
    attrs.extend(aria);
    if !accept.is_empty() {
        attrs.push(at("accept", accept));
    }
    if multiple {
        attrs.push(at("multiple", ""));
    }
    let picker = el("input", attrs, vec![]);
    // A second label of the input: clicking anywhere on it opens the picker, and screen
    // readers hear the field's label followed by "choose file or drop it here".
    let choose = if multiple {
        Msg::ChooseFiles
    } else {
        Msg::ChooseFile
    };
    let zone = el(
        "label",
        vec![
            at("class", "file-drop"),
            at("for", dom_id),
            on(leptos::ev::dragover, |ev| ev.prevent_default()).into_any_attr(),
            on(leptos::ev::drop, on_drop).into_any_attr(),
        ],
        vec![
            el(
                "span",
                vec![at(
                    "class",
                    "kern-btn kern-btn--secondary file-drop__button",
                )],
                vec![tv(lang, choose)],
            ),
            txt(" "),
            el("span", vec![], vec![tv(lang, Msg::DropFiles)]),
        ],
    );
    let list = el(
        "ul",
        vec![at("class", "file-list"), at("aria-live", "polite")],
        vec![list],
    );
    vec![picker, zone, list].into_any()
}

/// Adds chosen or dropped files to the answer at `path` (only the first of several
/// dropped on a field for one file) and keeps them for the upload. Each file's type is
/// taken from its first bytes, by the rules the authority applies to what it receives
/// (`form_engine::sniff`): an `.exe` renamed `.pdf` is no PDF, and the engine's
/// validation refuses it now, while the citizen can still choose another file.
fn add_files(
    list: web_sys::FileList,
    multiple: bool,
    answers: RwSignal<Answers>,
    files: StoredValue<Vec<(String, web_sys::File)>, LocalStorage>,
    path: &str,
    touch: Callback<()>,
) {
    let count = if multiple {
        list.length()
    } else {
        list.length().min(1)
    };
    let chosen: Vec<web_sys::File> = (0..count).filter_map(|i| list.get(i)).collect();
    if chosen.is_empty() {
        return;
    }
    let path = path.to_string();
    leptos::task::spawn_local(async move {
        let mut added = Vec::new();
        for file in chosen {
            let head = file_head(&file).await;
            let id = super::new_idempotency_key();
            let mut item = Answers::new();
            item.set_text("id", id.clone());
            item.set_text("name", file.name());
            item.set_text(
                "media_type",
                form_engine::media::media_type_by_content(&file.type_(), &head),
            );
            item.set_text("size", (file.size() as u64).to_string());
            // Silently nothing if the citizen left the page meanwhile.
            files.update_value(|f| f.push((id, file)));
            added.push(item);
        }
        answers.update(|a| {
            let mut items = match a.get_path(&path) {
                Some(AnswerValue::Items(items)) => items.clone(),
                _ => Vec::new(),
            };
            items.extend(added);
            a.set_path(&path, Some(AnswerValue::Items(items)));
        });
        touch.try_run(());
    });
}

/// The first bytes of a file (fewer if it is shorter; none if it cannot be read, which
/// the type check then treats as unknown content).
async fn file_head(file: &web_sys::File) -> Vec<u8> {
    let Ok(head) = file.slice_with_i32_and_i32(0, form_engine::media::HEAD_LEN as i32) else {
        return Vec::new();
    };
    match wasm_bindgen_futures::JsFuture::from(head.array_buffer()).await {
        Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
        Err(_) => Vec::new(),
    }
}

/// "123456" bytes as "121 KB" (whole kilobytes; megabytes with one decimal).
pub fn format_size(bytes: &str) -> String {
    let bytes: u64 = bytes.parse().unwrap_or(0);
    if bytes >= 1024 * 1024 {
        let tenths = bytes * 10 / (1024 * 1024);
        format!("{},{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// A date as three inputs (day, month, year), GOV.UK's proven pattern; the answer is
/// "YYYY-MM-DD" once all three are filled, and the raw parts while it is incomplete so
/// that the engine can name what is missing.
/// "YYYY-MM-DD" (or what is typed so far) as [day, month, year].
fn split_date(value: &str) -> [String; 3] {
    let mut it = value.splitn(3, '-');
    let year = it.next().unwrap_or_default().to_string();
    let month = it.next().unwrap_or_default().to_string();
    let day = it.next().unwrap_or_default().to_string();
    [day, month, year]
}

/// [day, month, year] as the answer: empty when nothing is typed, single digits padded.
fn compose_date(parts: &[String; 3]) -> String {
    let [d, m, y] = parts.clone().map(|p| p.trim().to_string());
    if d.is_empty() && m.is_empty() && y.is_empty() {
        return String::new();
    }
    let pad = |s: String| {
        if s.len() == 1 && s.chars().all(|c| c.is_ascii_digit()) {
            format!("0{s}")
        } else {
            s
        }
    };
    format!("{}-{}-{}", y, pad(m), pad(d))
}

fn date_inputs(
    dom_id: &str,
    value: Signal<String>,
    set: Callback<String>,
    on_blur: Callback<()>,
) -> AnyView {
    // The three boxes keep exactly what was typed (re-rendering a padded "02" while the
    // citizen types "28" would eat the second digit); the answer is "YYYY-MM-DD",
    // recomposed on every keystroke, and the boxes follow it when it changes from
    // elsewhere (a restored draft, "delete my answers").
    let parts = RwSignal::new(value.with_untracked(|v| split_date(v)));
    Effect::new(move |_| {
        let answer = value.get();
        if parts.with_untracked(compose_date) != answer {
            parts.set(split_date(&answer));
        }
    });
    let inputs = [(Msg::Day, "2"), (Msg::Month, "2"), (Msg::Year, "4")]
        .into_iter()
        .enumerate()
        .map(|(i, (msg, maxlength))| {
            let id = if i == 0 {
                dom_id.to_string()
            } else {
                format!("{dom_id}-{i}")
            };
            let input = text_input(TextInput {
                id: id.clone(),
                class: "kern-form-input__input",
                input_type: "text",
                inputmode: Some("numeric"),
                autocomplete: None,
                maxlength: Some(maxlength),
                described_by: None,
                invalid: None,
                value: string(move || parts.with(|p| p[i].clone())),
                on_input: Callback::new(move |new: String| {
                    parts.update(|p| p[i] = new);
                    set.run(parts.with_untracked(compose_date));
                }),
                on_blur,
            });
            el(
                "div",
                vec![at("class", "date-input__item")],
                vec![part_label(&id, msg), input],
            )
        })
        .collect();
    el("div", vec![at("class", "date-input")], inputs)
}

#[cfg(test)]
mod tests {
    use super::{compose_date, format_size, split_date};

    #[test]
    fn date_parts_round_trip_and_pad_single_digits() {
        let parts = ["8".to_string(), "5".to_string(), "2026".to_string()];
        assert_eq!(compose_date(&parts), "2026-05-08");
        assert_eq!(
            split_date("2026-05-08"),
            ["08", "05", "2026"].map(String::from)
        );
        let empty: [String; 3] = Default::default();
        assert_eq!(compose_date(&empty), "");
        let partial = ["".to_string(), "".to_string(), "2026".to_string()];
        assert_eq!(split_date(&compose_date(&partial)), partial);
    }

    #[test]
    fn sizes_read_as_citizens_expect() {
        assert_eq!(format_size("1"), "1 KB");
        assert_eq!(format_size("2048"), "2 KB");
        assert_eq!(format_size("1572864"), "1,5 MB");
        assert_eq!(format_size("x"), "0 KB");
    }
}
