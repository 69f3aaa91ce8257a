// SPDX-License-Identifier: EUPL-1.2
//! The controls of the field types: one file per control, and here the one frame around
//! them (label or legend, hint, error, character count) and the one exhaustive match that
//! maps the engine's field types to controls. The components turn browser events into
//! answers and show the engine's errors.
//!
//! Every control reads and writes its answer through the engine's error path (`id`,
//! `group.0.child`, `address.postcode`), so an error always finds its control, and a
//! field is rendered exactly when the engine says it is visible.

mod address;
mod choice;
mod date;
mod datetime;
mod file;
mod group;
mod info;
mod multi_choice;
mod municipality;
mod parts;
mod text;
mod textarea;
mod yes_no;

pub use parts::input_id;

use super::FormSession;
use crate::i18n::{Msg, message_fn, text as text_of, use_lang};
use crate::reactive_view::{dynamic, maybe, nothing, shown_if};
use form_engine::{Field, FieldKind, Lang};
use leptos::prelude::*;
use parts::{set_text_at, text_at};

/// What the frame hands its control.
struct Frame<'a> {
    session: &'a FormSession,
    field: &'a Field,
    /// The answer's path (`id`, `group.0.child`).
    path: &'a str,
    /// The id of the (first) input, which the label and the error summary point at.
    dom_id: &'a str,
    lang: RwSignal<Lang>,
    /// The control's description (hint, unit, count, error) and its invalid state.
    described_by: Signal<Option<String>>,
    invalid: Signal<Option<String>>,
    /// The text answer at `path`, and its setter (empty text removes the answer).
    value: Signal<String>,
    set_text: Callback<String>,
    /// Marks the field as left, so that its error may show.
    touch: Callback<()>,
}

impl Frame<'_> {
    fn label_text(&self) -> impl Fn() -> String + Clone + Send + Sync + 'static {
        text_of(self.lang, self.field.label.clone())
    }

    fn hint_id(&self) -> String {
        format!("{}-hint", self.dom_id)
    }

    fn hint_view(&self) -> Option<AnyView> {
        self.field.hint.clone().map(|hint| {
            view! { <p class="kern-hint" id=self.hint_id()>{text_of(self.lang, hint)}</p> }
                .into_any()
        })
    }

    fn unit_id(&self) -> String {
        format!("{}-unit", self.dom_id)
    }
}

/// How the frame names a control.
enum Naming {
    /// A `<label for>` the one input.
    Label,
    /// A `<fieldset>` with a `<legend>`, for a group of inputs; the fieldset's role
    /// unless empty.
    Legend(&'static str),
    /// The control stands alone, without the frame (an info text).
    Bare,
}

/// A control and how it sits in the frame.
struct Control {
    view: AnyView,
    naming: Naming,
    /// Never marked optional: an empty date or group cannot be left "optional".
    never_optional: bool,
}

impl Control {
    fn labelled(view: AnyView) -> Control {
        Control {
            view,
            naming: Naming::Label,
            never_optional: false,
        }
    }

    fn legend(view: AnyView, role: &'static str) -> Control {
        Control {
            view,
            naming: Naming::Legend(role),
            never_optional: false,
        }
    }
}

/// The control of each field type: the one exhaustive match over them.
fn control(frame: &Frame) -> Control {
    use text::input;
    match &frame.field.kind {
        FieldKind::Text(_) | FieldKind::Iban(_) => input(frame, "text", None, None),
        FieldKind::Textarea(_) => textarea::view(frame),
        FieldKind::Integer(_) => input(frame, "text", Some("numeric"), None),
        FieldKind::Decimal(_) | FieldKind::Money(_) => input(frame, "text", Some("decimal"), None),
        FieldKind::Email(_) => input(frame, "email", Some("email"), Some("email")),
        FieldKind::Phone(_) => input(frame, "tel", Some("tel"), Some("tel")),
        FieldKind::Postcode(_) => input(frame, "text", Some("numeric"), Some("postal-code")),
        FieldKind::Time(_) => input(frame, "text", Some("numeric"), None),
        FieldKind::Date(_) => date::view(frame),
        FieldKind::DateTime(_) => datetime::view(frame),
        FieldKind::YesNo(_) => yes_no::view(frame),
        FieldKind::Choice(choice) => choice::view(frame, choice.options.clone()),
        // A code list with its entries is a choice; without them any text is accepted.
        FieldKind::CodeList(list) if list.options.is_empty() => input(frame, "text", None, None),
        FieldKind::CodeList(list) => choice::view(frame, list.options.clone()),
        FieldKind::MultiChoice(choice) => multi_choice::view(frame, choice.options.clone()),
        FieldKind::Address(_) => address::view(frame),
        FieldKind::Municipality(m) => municipality::view(frame, m),
        FieldKind::Group(group) => group::view(frame, group),
        FieldKind::File(file) => file::view(frame, file),
        FieldKind::Info(info) => info::view(frame, info),
    }
}

/// A field at `path`, shown while the engine finds it visible. Fields appear and
/// disappear in place, without moving what the citizen is working on.
pub fn field_view(session: &FormSession, field: Field, path: String) -> AnyView {
    // A field without a condition of its own is visible whenever its section and step
    // are, which have their own conditions: no memo and no effect of its own (on a
    // 300-field page these were a third of the rendering's reactive nodes).
    if field.visible_when.is_none() {
        return field_frame(session, field, path);
    }
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

/// One field: the control for its type inside the one shared frame (label or legend,
/// hint, error).
fn field_frame(session: &FormSession, field: Field, path: String) -> AnyView {
    let lang = use_lang();
    let dom_id = input_id(&path);
    let hint_id = format!("{dom_id}-hint");
    let error_id = format!("{dom_id}-error");
    let composite = matches!(field.kind, FieldKind::Address(_) | FieldKind::File(_));
    let error = error_for(session, path.clone(), composite);
    let invalid = maybe(move || error.with(Option::is_some).then(|| "true".to_string()));

    let text_value = text_at(session.answers_at(&path), path.clone());
    // The unit of a number ("cm") stands beside its input and is read with it: numbers
    // without their unit are ambiguous (cm or m?).
    let has_unit = matches!(
        &field.kind,
        FieldKind::Integer(form_engine::field_types::IntegerField { unit: Some(_), .. })
            | FieldKind::Decimal(form_engine::field_types::DecimalField { unit: Some(_), .. })
    );
    let unit_id = format!("{dom_id}-unit");
    // A text with a maximum length counts down as the citizen types (GOV.UK's character
    // count): visible, part of the control's description, and a polite live region so
    // that screen readers hear the count change without being interrupted.
    let max_length = match &field.kind {
        FieldKind::Text(t) => t.max_length,
        FieldKind::Textarea(t) => t.max_length,
        _ => None,
    };
    let count_id = format!("{dom_id}-count");
    let count_view = max_length.map(|max| {
        let left = move || {
            let used = text_value.with(|v| v.trim().chars().count());
            crate::i18n::chars_left(lang.get(), max, used)
        };
        view! { <p class="kern-hint char-count" id=count_id.clone() aria-live="polite">{left}</p> }
    });
    let described_by = {
        let has_hint = field.hint.is_some();
        let unit_id = has_unit.then(|| unit_id.clone());
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
            Some(message) => {
                let prefix = if lang.get() == Lang::De {
                    "Fehler: "
                } else {
                    "Error: "
                };
                view! {
                    <p class="kern-error" id=error_id.clone()>
                        <span class="visually-hidden">{prefix}</span>
                        {message}
                    </p>
                }
                .into_any()
            }
            None => nothing(),
        })
    };

    let touched = session.touched;
    let touch = {
        let path = path.clone();
        Callback::new(move |_: ()| {
            touched.update(|t| {
                t.insert(path.clone());
            })
        })
    };

    let frame_class = move || {
        if error.with(Option::is_some) {
            "kern-form-input kern-form-input--error"
        } else {
            "kern-form-input"
        }
    };

    let frame = Frame {
        session,
        field: &field,
        path: &path,
        dom_id: &dom_id,
        lang,
        described_by,
        invalid,
        value: text_value,
        set_text: set_text_at(session.answers, path.clone()),
        touch,
    };
    let control = control(&frame);
    if let Naming::Bare = control.naming {
        return control.view;
    }
    // A field required only under a condition is not marked optional: it may not be.
    let optional = !field.required && field.required_when.is_none() && !control.never_optional;
    // The frame's parts without placeholders for absent ones: every empty view and every
    // list costs the page a comment node, two DOM calls (docs/BENCHMARKS.md, session 11).
    let name = if optional {
        view! { {frame.label_text()}" "<span class="optional">{message_fn(lang, Msg::Optional)}</span> }
            .into_any()
    } else {
        frame.label_text().into_any()
    };
    let labelled = match control.naming {
        Naming::Legend(_) => view! { <legend class="kern-label">{name}</legend> }.into_any(),
        _ => view! { <label class="kern-label" for=dom_id.clone()>{name}</label> }.into_any(),
    };
    let parts: Vec<AnyView> = [
        Some(labelled),
        frame.hint_view(),
        Some(error_view),
        Some(control.view),
        count_view.map(IntoAny::into_any),
    ]
    .into_iter()
    .flatten()
    .collect();
    match control.naming {
        Naming::Legend(role) => view! {
            <div class=frame_class>
                <fieldset
                    class="kern-fieldset"
                    role=(!role.is_empty()).then_some(role)
                    aria-describedby=described_by
                >
                    {parts}
                </fieldset>
            </div>
        }
        .into_any(),
        _ => view! { <div class=frame_class>{parts}</div> }.into_any(),
    }
}
