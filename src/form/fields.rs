// SPDX-License-Identifier: EUPL-1.2
//! One component per kind of control. `control_for` is the one exhaustive match that maps
//! the engine's field types to HTML controls; the components turn browser events into
//! answers and show the engine's errors.

use super::FormSession;
use crate::i18n::{Msg, t, use_lang};
use form_engine::{AnswerValue, ChoiceOption, Field, FieldKind, Lang};
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
    Info,
}

fn control_for(kind: &FieldKind) -> Control {
    let input = |input_type, inputmode, autocomplete| Control::Input {
        input_type,
        inputmode,
        autocomplete,
    };
    match kind {
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
        FieldKind::Choice { options, .. } => Control::Choice(options.clone()),
        FieldKind::Info { .. } => Control::Info,
        // The remaining types get their own controls with the citizen-journey issue;
        // until then they are plain text inputs so that a definition never blanks a page.
        _ => input("text", None, None),
    }
}

#[component]
pub fn FieldView(session: FormSession, field: Field) -> impl IntoView {
    let lang = use_lang();
    let id = field.id.clone();
    let dom_id = input_id(&id);
    let hint_id = format!("{dom_id}-hint");
    let error_id = format!("{dom_id}-error");

    // Errors of this field, shown once the field has been touched.
    let error = {
        let (session, id) = (session.clone(), id.clone());
        let index = session.definition.step_index_of_field(&id).unwrap_or(0);
        Memo::new(move |_| {
            if !session.touched.with(|t| t.contains(&id)) {
                return None;
            }
            let definition = session.definition.clone();
            session
                .step_errors(index)
                .into_iter()
                .find(|e| e.path == id)
                .map(|e| (e, definition))
        })
    };
    let error_text = move || {
        error
            .get()
            .map(|(e, def)| form_engine::messages::message(&e, &def, lang.get()))
    };
    let has_error = move || error.with(Option::is_some);

    let label = field.label.clone();
    let label_text = move || label.get(lang.get()).to_string();
    let optional = (!field.required).then_some(());
    let hint = field.hint.clone();
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if has_error() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };

    let hint_view = hint.map(|hint| {
        let hint_id = hint_id.clone();
        view! { <p class="hint" id=hint_id>{move || hint.get(lang.get()).to_string()}</p> }
    });
    let error_view = {
        let error_id = error_id.clone();
        move || {
            error_text().map(|text| {
                view! {
                    <p class="error-message" id=error_id.clone()>
                        <span class="visually-hidden">{if lang.get() == Lang::De { "Fehler: " } else { "Error: " }}</span>
                        {text}
                    </p>
                }
            })
        }
    };

    let answers = session.answers;
    let touched = session.touched;
    let text_value = {
        let id = id.clone();
        move || answers.with(|a| a.text(&id).unwrap_or_default().to_string())
    };
    let set_text = {
        let id = id.clone();
        move |value: String| {
            answers.update(|a| {
                if value.is_empty() {
                    a.remove(&id);
                } else {
                    a.set_text(&id, value);
                }
            })
        }
    };
    let touch = {
        let id = id.clone();
        move || {
            touched.update(|t| {
                t.insert(id.clone());
            })
        }
    };

    let group_class = move || {
        if has_error() {
            "form-group form-group--error"
        } else {
            "form-group"
        }
    };
    let optional_view = move || {
        optional.map(|_| view! { " " <span class="optional">{t(lang.get(), Msg::Optional)}</span> })
    };

    match control_for(&field.kind) {
        Control::Info => view! {
            <div class="info-text">
                <p class="info-text__title"><strong>{label_text}</strong></p>
                {hint_view}
            </div>
        }
        .into_any(),
        Control::Input {
            input_type,
            inputmode,
            autocomplete,
        } => {
            let autocomplete = field
                .autocomplete
                .clone()
                .or(autocomplete.map(String::from));
            let (set_text, touch) = (set_text.clone(), touch.clone());
            view! {
                <div class=group_class>
                    <label class="label" for=dom_id.clone()>{label_text}{optional_view}</label>
                    {hint_view}
                    {error_view}
                    <input
                        class="input"
                        id=dom_id.clone()
                        name=id.clone()
                        type=input_type
                        inputmode=inputmode
                        autocomplete=autocomplete
                        spellcheck="false"
                        aria-describedby=described_by
                        aria-invalid=move || has_error().then_some("true")
                        prop:value=text_value
                        on:input=move |ev| set_text(event_target_value(&ev))
                        on:blur=move |_| touch()
                    />
                </div>
            }
            .into_any()
        }
        Control::TextArea => {
            let (set_text, touch) = (set_text.clone(), touch.clone());
            view! {
                <div class=group_class>
                    <label class="label" for=dom_id.clone()>{label_text}{optional_view}</label>
                    {hint_view}
                    {error_view}
                    <textarea
                        class="textarea"
                        id=dom_id.clone()
                        name=id.clone()
                        rows="5"
                        aria-describedby=described_by
                        aria-invalid=move || has_error().then_some("true")
                        prop:value=text_value
                        on:input=move |ev| set_text(event_target_value(&ev))
                        on:blur=move |_| touch()
                    ></textarea>
                </div>
            }
            .into_any()
        }
        Control::Date => view! {
            <DateInput
                dom_id=dom_id.clone()
                legend=Signal::derive(label_text)
                hint=hint_view
                error=error_view
                group_class=Signal::derive(group_class)
                described_by=Signal::derive(described_by)
                value=Signal::derive(text_value)
                set=Callback::new(set_text)
                touch=Callback::new(move |_: ()| touch())
            />
        }
        .into_any(),
        Control::YesNo => {
            let current = {
                let id = id.clone();
                move || {
                    answers.with(|a| match a.get(&id) {
                        Some(AnswerValue::Bool(b)) => Some(*b),
                        _ => None,
                    })
                }
            };
            let choose = {
                let id = id.clone();
                move |value: bool| answers.update(|a| a.set(&id, AnswerValue::Bool(value)))
            };
            let options = [(true, Msg::Yes, "yes"), (false, Msg::No, "no")]
                .into_iter()
                .map(|(value, msg, suffix)| {
                    let option_id = if value { dom_id.clone() } else { format!("{dom_id}-{suffix}") };
                    let (current, choose, touch) = (current.clone(), choose.clone(), touch.clone());
                    view! {
                        <div class="radio">
                            <input
                                class="radio__input"
                                type="radio"
                                id=option_id.clone()
                                name=id.clone()
                                prop:checked=move || current() == Some(value)
                                on:change=move |_| choose(value)
                                on:blur=move |_| touch()
                            />
                            <label class="radio__label" for=option_id>{move || t(lang.get(), msg)}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <div class=group_class>
                    <fieldset class="fieldset" aria-describedby=described_by>
                        <legend class="label">{label_text}{optional_view}</legend>
                        {hint_view}
                        {error_view}
                        <div class="radios radios--inline">{options}</div>
                    </fieldset>
                </div>
            }
            .into_any()
        }
        Control::Choice(options) => {
            let (set_text, touch) = (set_text.clone(), touch.clone());
            let choices = options
                .into_iter()
                .map(|option| {
                    let value = option.value.clone();
                    let selected = {
                        let (value, text_value) = (value.clone(), text_value.clone());
                        move || text_value() == value
                    };
                    view! {
                        <option value=value prop:selected=selected>
                            {move || option.label.get(lang.get()).to_string()}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <div class=group_class>
                    <label class="label" for=dom_id.clone()>{label_text}{optional_view}</label>
                    {hint_view}
                    {error_view}
                    <select
                        class="select"
                        id=dom_id.clone()
                        name=id.clone()
                        aria-describedby=described_by
                        aria-invalid=move || has_error().then_some("true")
                        on:change=move |ev| set_text(event_target_value(&ev))
                        on:blur=move |_| touch()
                    >
                        <option value="" prop:selected=move || text_value().is_empty()>
                            {move || t(lang.get(), Msg::SelectPlaceholder)}
                        </option>
                        {choices}
                    </select>
                </div>
            }
            .into_any()
        }
    }
}

/// A date as three inputs (day, month, year), GOV.UK's proven pattern; the answer is
/// "YYYY-MM-DD" once all three are filled, and the raw parts while it is incomplete so
/// that the engine can name what is missing.
#[component]
fn DateInput(
    dom_id: String,
    legend: Signal<String>,
    hint: Option<impl IntoView + 'static>,
    error: impl IntoView + 'static,
    group_class: Signal<&'static str>,
    described_by: Signal<Option<String>>,
    value: Signal<String>,
    set: Callback<String>,
    touch: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    // Parts are kept as typed; the answer is recomposed on every keystroke.
    let parts = move || {
        let v = value.get();
        let mut it = v.splitn(3, '-');
        let year = it.next().unwrap_or_default().to_string();
        let month = it.next().unwrap_or_default().to_string();
        let day = it.next().unwrap_or_default().to_string();
        (day, month, year)
    };
    let update = move |which: usize, new: String| {
        let (mut d, mut m, mut y) = parts();
        match which {
            0 => d = new,
            1 => m = new,
            _ => y = new,
        }
        let (d, m, y) = (
            d.trim().to_string(),
            m.trim().to_string(),
            y.trim().to_string(),
        );
        if d.is_empty() && m.is_empty() && y.is_empty() {
            set.run(String::new());
        } else {
            let pad = |s: &str| {
                if s.len() == 1 && s.chars().all(|c| c.is_ascii_digit()) {
                    format!("0{s}")
                } else {
                    s.to_string()
                }
            };
            set.run(format!("{}-{}-{}", y, pad(&m), pad(&d)));
        }
    };
    let labels = move |i: usize| match (lang.get(), i) {
        (Lang::De, 0) => "Tag",
        (Lang::De, 1) => "Monat",
        (Lang::De, _) => "Jahr",
        (Lang::En, 0) => "Day",
        (Lang::En, 1) => "Month",
        (Lang::En, _) => "Year",
    };
    let inputs = (0..3)
        .map(|i| {
            let id = if i == 0 {
                dom_id.clone()
            } else {
                format!("{dom_id}-{i}")
            };
            let width = if i == 2 {
                "input input--width-4"
            } else {
                "input input--width-2"
            };
            let autocomplete = None::<&str>;
            let part = move || {
                let (d, m, y) = parts();
                match i {
                    0 => d,
                    1 => m,
                    _ => y,
                }
            };
            view! {
                <div class="date-input__item">
                    <label class="label label--small" for=id.clone()>{move || labels(i)}</label>
                    <input
                        class=width
                        id=id
                        type="text"
                        inputmode="numeric"
                        autocomplete=autocomplete
                        maxlength=if i == 2 { "4" } else { "2" }
                        prop:value=part
                        on:input=move |ev| update(i, event_target_value(&ev))
                        on:blur=move |_| touch.run(())
                    />
                </div>
            }
        })
        .collect_view();
    view! {
        <div class=move || group_class.get()>
            <fieldset class="fieldset" role="group" aria-describedby=move || described_by.get()>
                <legend class="label">{move || legend.get()}</legend>
                {hint}
                {error}
                <div class="date-input">{inputs}</div>
            </fieldset>
        </div>
    }
}
