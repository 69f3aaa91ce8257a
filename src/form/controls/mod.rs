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
mod later;
pub(crate) use later::{load as load_later, ready_for};
mod multi_choice;
mod municipality;
pub(crate) use municipality::forget_typed_places;
mod parts;
mod text;
mod textarea;
mod yes_no;

pub use parts::{first_control, input_id};

use super::FormSession;
use crate::i18n::{Msg, message, use_lang};
use crate::reactive_view::{dynamic, nothing, shown_if};
use crate::text_element::text_element;
use form_engine::{Field, FieldKind, Lang};
use leptos::html;
use leptos::prelude::*;
use parts::{set_or_remove, set_text_at, text_at};

/// What the frame hands its control.
struct Frame<'a> {
    session: &'a FormSession,
    field: &'a Field,
    /// The answer's path (`id`, `group.0.child`).
    path: &'a str,
    /// The id of the (first) input, which the label and the error summary point at.
    dom_id: &'a str,
    lang: RwSignal<Lang>,
    /// The control's description (hint, unit, count, error) and its invalid state, as
    /// the field is built; [`ErrorMarks`] keeps them in step with the error afterwards.
    described_by: Option<String>,
    invalid: Option<&'static str>,
    /// The text answer at `path`, and its setter (empty text removes the answer).
    value: Signal<String>,
    set_text: Callback<String>,
    /// Marks the field as left, so that its error may show.
    touch: Callback<()>,
    /// The field's frame element, for controls that mark their own parts.
    element: NodeRef<html::Div>,
}

impl Frame<'_> {
    /// A text of the definition in the page's language. Static: the step's fields are
    /// built again when the language changes (`step.rs`).
    /// A definition's text for this control: isolated if it steers the direction, so that
    /// the portal's words beside it in the same line ("(optional)") keep theirs.
    fn text(&self, text: &form_engine::Text) -> String {
        form_engine::isolated(text.get(self.lang.get_untracked())).into_owned()
    }

    fn label_text(&self) -> String {
        self.text(&self.field.label)
    }

    fn hint_id(&self) -> String {
        format!("{}-hint", self.dom_id)
    }

    /// The definition's hint; a time of day without one shows its format, which the
    /// citizen would otherwise learn only from an error (WCAG 3.3.2).
    fn hint_view(&self) -> Option<AnyView> {
        let hint = match (&self.field.hint, &self.field.kind) {
            (Some(hint), _) => self.text(hint),
            (None, FieldKind::Time(_)) => message(self.lang.get_untracked(), Msg::TimeHint).into(),
            _ => return None,
        };
        let attributes = vec![("class", "kern-hint".into()), ("id", self.hint_id().into())];
        Some(text_element("p", attributes, hint).into_any())
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
        FieldKind::YesNo(_) => yes_no::view(frame),
        FieldKind::Choice(choice) => choice::view(frame, choice.options.clone()),
        // A code list with its entries is a choice; without them any text is accepted.
        FieldKind::CodeList(list) if list.options.is_empty() => input(frame, "text", None, None),
        FieldKind::CodeList(list) => choice::view(frame, list.options.clone()),
        FieldKind::MultiChoice(choice) => multi_choice::view(frame, choice.options.clone()),
        FieldKind::Address(_) => address::view(frame),
        FieldKind::Municipality(m) => municipality::view(frame, m),
        FieldKind::Info(info) => info::view(frame, info),
        // Types that real forms ask for late, if at all: in a chunk of their own.
        FieldKind::Group(_) | FieldKind::File(_) | FieldKind::DateTime(_) => later::control(frame),
    }
}

/// A field at `path`, shown while the engine finds it visible. Fields appear and
/// disappear in place, without moving what the citizen is working on.
pub fn field_view(session: &FormSession, field: &Field, path: String) -> AnyView {
    // A field without a condition of its own is visible whenever its section and step
    // are, which have their own conditions: no memo and no effect of its own (on a
    // 300-field page these were a third of the rendering's reactive nodes). Nor a copy of
    // the field: it is read from the definition while its view is built.
    if field.visible_when.is_none() {
        return field_frame(session, field, path);
    }
    let field = field.clone();
    let shown = {
        let (visible, path) = (session.visible, path.clone());
        crate::reactive_view::memo(move || visible.with(|v| v.contains(&path)))
    };
    let session = session.clone();
    shown_if(
        move || shown.get(),
        move || field_frame(&session, &field, path.clone()),
    )
}

/// The error message for an answer path, once the citizen has had a chance to answer.
/// `parts`: errors of the parts (`address.postcode`, `file.1`) count for the field.
fn error_for(session: &FormSession, path: String, parts: bool) -> Memo<Option<String>> {
    let lang = use_lang();
    let (errors, touched) = (session.errors, session.touched);
    let definition = session.definition.clone();
    crate::reactive_view::memo(move || {
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
fn field_frame(session: &FormSession, field: &Field, path: String) -> AnyView {
    let lang = use_lang();
    let dom_id = input_id(&path);
    let hint_id = format!("{dom_id}-hint");
    let error_id = format!("{dom_id}-error");
    let composite = matches!(field.kind, FieldKind::Address(_) | FieldKind::File(_));
    let error = error_for(session, path.clone(), composite);

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
            let used = text_value.with(|v| form_engine::validation::text_length(v.trim()));
            crate::i18n::chars_left(lang.get(), max, used)
        };
        view! { <p class="kern-hint char-count" id=count_id.clone() aria-live="polite">{left}</p> }
    });
    let marks = ErrorMarks {
        frame: NodeRef::new(),
        dom_id: dom_id.clone(),
        described_always: [
            (field.hint.is_some() || matches!(field.kind, FieldKind::Time(_))).then_some(hint_id),
            has_unit.then(|| unit_id.clone()),
            max_length.is_some().then(|| count_id.clone()),
        ]
        .into_iter()
        .flatten()
        .collect(),
        error_id: error_id.clone(),
        inputs: !composite && !matches!(field.kind, FieldKind::Group(_)),
    };
    let has_error = error.with_untracked(Option::is_some);
    let touched = session.touched;
    let touch = {
        let path = path.clone();
        Callback::new(move |_: ()| {
            touched.update(|t| {
                t.insert(path.clone());
            })
        })
    };

    let frame = Frame {
        session,
        field,
        path: &path,
        dom_id: &dom_id,
        lang,
        described_by: marks.described_by(has_error),
        invalid: has_error.then_some("true"),
        value: text_value,
        set_text: set_text_at(session.answers, path.clone()),
        touch,
        element: marks.frame,
    };
    let control = control(&frame);
    if let Naming::Bare = control.naming {
        return control.view;
    }
    let legend = matches!(control.naming, Naming::Legend(_));
    let frame_ref = marks.frame;
    let described_by = legend.then(|| marks.described_by(has_error)).flatten();
    // The error text, and the marks of the error on the frame and the control when it
    // comes or goes.
    let error_view = {
        let shown = std::sync::atomic::AtomicBool::new(has_error);
        dynamic(move || {
            let message = error.get();
            let now = message.is_some();
            if shown.swap(now, std::sync::atomic::Ordering::Relaxed) != now {
                marks.reflect(now, legend);
            }
            match message {
                Some(message) => {
                    let prefix = crate::i18n::message(lang.get(), Msg::ErrorPrefix);
                    view! {
                        <p class="kern-error" id=error_id.clone()>
                            <span class="visually-hidden">{prefix}</span>
                            {message}
                        </p>
                    }
                    .into_any()
                }
                None => nothing(),
            }
        })
    };
    // A field required only under a condition is not marked optional: it may not be.
    let optional = !field.required && field.required_when.is_none() && !control.never_optional;
    // The frame's parts without placeholders for absent ones: every empty view and every
    // list costs the page a comment node, two DOM calls (docs/BENCHMARKS.md, session 11).
    // A name of text only is one `TextElement` (no text node and marker comment of its own).
    let labelled = if optional {
        let optional = message(lang.get_untracked(), Msg::Optional);
        let optional = text_element("span", vec![("class", "optional".into())], optional);
        let name = view! { {frame.label_text()}" "{optional} }.into_any();
        match control.naming {
            Naming::Legend(_) => view! { <legend class="kern-label">{name}</legend> }.into_any(),
            _ => view! { <label class="kern-label" for=dom_id.clone()>{name}</label> }.into_any(),
        }
    } else {
        let (tag, attributes) = match control.naming {
            Naming::Legend(_) => ("legend", vec![("class", "kern-label".into())]),
            _ => (
                "label",
                vec![
                    ("class", "kern-label".into()),
                    ("for", dom_id.clone().into()),
                ],
            ),
        };
        text_element(tag, attributes, frame.label_text()).into_any()
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
    let frame_class = ErrorMarks::frame_class(has_error);
    match control.naming {
        Naming::Legend(role) => view! {
            <div class=frame_class node_ref=frame_ref>
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
        _ => view! { <div class=frame_class node_ref=frame_ref>{parts}</div> }.into_any(),
    }
}

/// Where a field shows that it has an error: the frame's class, `aria-invalid` on the
/// control, and the error text's id in the description of the control (or of its
/// fieldset). They are written as the field is built and then, only when the error comes
/// or goes, by the view of the error text. On a 300-field page, a reactive attribute
/// each was a third of the fields' render effects, and each effect is a task, an owner
/// and a handful of allocations that stay while the page shows (docs/BENCHMARKS.md,
/// session 14).
struct ErrorMarks {
    frame: NodeRef<html::Div>,
    dom_id: String,
    /// What always describes the control: hint, unit, character count.
    described_always: Vec<String>,
    error_id: String,
    /// A legend's inputs are the question's own (not a group's or an address's, whose
    /// inputs are marked by their own errors): they are marked with it.
    inputs: bool,
}

impl ErrorMarks {
    fn frame_class(has_error: bool) -> &'static str {
        if has_error {
            "kern-form-input kern-form-input--error"
        } else {
            "kern-form-input"
        }
    }

    fn described_by(&self, has_error: bool) -> Option<String> {
        let mut ids = self.described_always.clone();
        if has_error {
            ids.push(self.error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    /// The error came (`has_error`) or went: the marks of the built field follow. A
    /// legend's control is described on its fieldset, and its own inputs carry
    /// `aria-invalid` (`inputs`).
    fn reflect(&self, has_error: bool, legend: bool) {
        let Some(frame) = self.frame.get_untracked() else {
            return;
        };
        frame.set_class_name(Self::frame_class(has_error));
        let control = if legend {
            frame.first_element_child()
        } else {
            parts::in_frame(&frame, &self.dom_id)
        };
        let Some(control) = control else { return };
        let described_by = self.described_by(has_error);
        set_or_remove(&control, "aria-describedby", described_by.as_deref());
        let invalid = has_error.then_some("true");
        if !legend {
            set_or_remove(&control, "aria-invalid", invalid);
        } else if self.inputs
            && let Ok(inputs) = frame.query_selector_all("input")
        {
            for i in 0..inputs.length() {
                if let Some(input) = inputs.item(i) {
                    set_or_remove(
                        wasm_bindgen::JsCast::unchecked_ref(&input),
                        "aria-invalid",
                        invalid,
                    );
                }
            }
        }
    }
}
