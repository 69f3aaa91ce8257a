// SPDX-License-Identifier: EUPL-1.2
//! One component per kind of control. `control_for` is the one exhaustive match that maps
//! the engine's field types to HTML controls; the components turn browser events into
//! answers and show the engine's errors.

use super::FormSession;
use crate::i18n::{Msg, text, tr, use_lang};
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
        // A code list with its entries is a choice; without them any text is accepted.
        FieldKind::CodeList { options, .. } if !options.is_empty() => {
            Control::Choice(options.clone())
        }
        FieldKind::Info { .. } => Control::Info,
        // The remaining types get their own controls with the citizen-journey issue;
        // until then they are plain text inputs so that a definition never blanks a page.
        _ => input("text", None, None),
    }
}

/// One field: the control for its type inside the one shared frame (label or legend,
/// hint, error). The frame is built once for all types and the control is type-erased,
/// so that the WASM holds one copy of the frame's rendering code, not one per type.
pub fn field_view(session: &FormSession, field: Field) -> AnyView {
    let lang = use_lang();
    let id = field.id.clone();
    let dom_id = input_id(&id);
    let hint_id = format!("{dom_id}-hint");
    let error_id = format!("{dom_id}-error");

    // The error message of this field, shown once the field has been touched.
    let error = {
        let (session, id) = (session.clone(), id.clone());
        let index = session.definition.step_index_of_field(&id).unwrap_or(0);
        Memo::new(move |_| {
            if !session.touched.with(|t| t.contains(&id)) {
                return None;
            }
            let lang = lang.get();
            session
                .step_errors(index)
                .into_iter()
                .find(|e| e.path == id)
                .map(|e| form_engine::messages::message(&e, &session.definition, lang))
        })
    };
    let has_error = move || error.with(Option::is_some);
    let invalid = move || has_error().then_some("true");

    let label_text = text(lang, field.label.clone());
    let hint_view = field.hint.clone().map(|hint| {
        view! { <p class="kern-hint" id=hint_id.clone()>{text(lang, hint)}</p> }
    });
    let described_by = {
        let has_hint = hint_view.is_some();
        Signal::derive(move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if has_error() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        })
    };
    let error_view = {
        let error_id = format!("{dom_id}-error");
        move || {
            error.get().map(|text| {
                view! {
                    <p class="kern-error" id=error_id.clone()>
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
        Signal::derive(move || answers.with(|a| a.text(&id).unwrap_or_default().to_string()))
    };
    let set_text = {
        let id = id.clone();
        Callback::new(move |value: String| {
            answers.update(|a| {
                if value.is_empty() {
                    a.remove(&id);
                } else {
                    a.set_text(&id, value);
                }
            })
        })
    };
    let on_value = move |ev: leptos::ev::Event| set_text.run(event_target_value(&ev));
    let touch = {
        let id = id.clone();
        Callback::new(move |_: ()| {
            touched.update(|t| {
                t.insert(id.clone());
            })
        })
    };
    let on_blur = move |_: leptos::ev::FocusEvent| touch.run(());

    let group_class = move || {
        if has_error() {
            "kern-form-input kern-form-input--error"
        } else {
            "kern-form-input"
        }
    };

    // The control, and how the frame names it: a <label> for one control, a <legend>
    // for a group of them (with the group's role).
    let mut optional = !field.required;
    let (control, legend_role) = match control_for(&field.kind) {
        Control::Info => {
            return view! {
                <div class="info-text">
                    <p class="info-text__title"><strong>{label_text}</strong></p>
                    {hint_view}
                </div>
            }
            .into_any();
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
            let control = view! {
                <input
                    class="kern-form-input__input"
                    id=dom_id.clone()
                    name=id
                    type=input_type
                    inputmode=inputmode
                    autocomplete=autocomplete
                    spellcheck="false"
                    aria-describedby=described_by
                    aria-invalid=invalid
                    prop:value=text_value
                    on:input=on_value
                    on:blur=on_blur
                />
            };
            (control.into_any(), None)
        }
        Control::TextArea => {
            let control = view! {
                <textarea
                    class="kern-form-input__input"
                    id=dom_id.clone()
                    name=id
                    rows="5"
                    aria-describedby=described_by
                    aria-invalid=invalid
                    prop:value=text_value
                    on:input=on_value
                    on:blur=on_blur
                ></textarea>
            };
            (control.into_any(), None)
        }
        Control::Date => {
            optional = false;
            (
                date_inputs(&dom_id, text_value, set_text, on_blur),
                Some(Some("group")),
            )
        }
        Control::YesNo => {
            let options = [(true, Msg::Yes, "yes"), (false, Msg::No, "no")]
                .into_iter()
                .map(|(value, msg, suffix)| {
                    let option_id = if value { dom_id.clone() } else { format!("{dom_id}-{suffix}") };
                    let id = id.clone();
                    let checked = {
                        let id = id.clone();
                        move || answers.with(|a| matches!(a.get(&id), Some(AnswerValue::Bool(b)) if *b == value))
                    };
                    view! {
                        <div class="kern-form-check">
                            <input
                                class="kern-form-check__radio"
                                type="radio"
                                id=option_id.clone()
                                name=id.clone()
                                prop:checked=checked
                                on:change=move |_| answers.update(|a| a.set(&id, AnswerValue::Bool(value)))
                                on:blur=on_blur
                            />
                            <label class="kern-label" for=option_id>{tr(lang, msg)}</label>
                        </div>
                    }
                })
                .collect_view();
            let control = view! { <div class="kern-fieldset__body kern-fieldset__body--horizontal">{options}</div> };
            (control.into_any(), Some(None))
        }
        Control::Choice(options) => {
            let choices = options
                .into_iter()
                .map(|option| {
                    let value = option.value.clone();
                    let selected = move || text_value.with(|v| *v == option.value);
                    view! { <option value=value prop:selected=selected>{text(lang, option.label)}</option> }
                })
                .collect_view();
            let control = view! {
                <select
                    class="kern-form-input__input"
                    id=dom_id.clone()
                    name=id
                    aria-describedby=described_by
                    aria-invalid=invalid
                    on:change=on_value
                    on:blur=on_blur
                >
                    <option value="" prop:selected=move || text_value.with(String::is_empty)>
                        {tr(lang, Msg::SelectPlaceholder)}
                    </option>
                    {choices}
                </select>
            };
            (control.into_any(), None)
        }
    };

    let optional =
        optional.then(|| view! { " " <span class="optional">{tr(lang, Msg::Optional)}</span> });
    match legend_role {
        None => view! {
            <div class=group_class>
                <label class="kern-label" for=dom_id>{label_text}{optional}</label>
                {hint_view}
                {error_view}
                {control}
            </div>
        }
        .into_any(),
        Some(role) => view! {
            <div class=group_class>
                <fieldset class="kern-fieldset" role=role aria-describedby=described_by>
                    <legend class="kern-label">{label_text}{optional}</legend>
                    {hint_view}
                    {error_view}
                    {control}
                </fieldset>
            </div>
        }
        .into_any(),
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
    on_blur: impl Fn(leptos::ev::FocusEvent) + Copy + 'static,
) -> AnyView {
    let lang = use_lang();
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
    let update = move |which: usize, new: String| {
        parts.update(|p| p[which] = new);
        set.run(parts.with_untracked(compose_date));
    };
    let inputs = [
        (Msg::Day, "kern-form-input__input", "2"),
        (Msg::Month, "kern-form-input__input", "2"),
        (Msg::Year, "kern-form-input__input", "4"),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (msg, width, maxlength))| {
        let id = if i == 0 {
            dom_id.to_string()
        } else {
            format!("{dom_id}-{i}")
        };
        view! {
            <div class="date-input__item">
                <label class="kern-label kern-label--small" for=id.clone()>{tr(lang, msg)}</label>
                <input
                    class=width
                    id=id
                    type="text"
                    inputmode="numeric"
                    maxlength=maxlength
                    prop:value=move || parts.with(|p| p[i].clone())
                    on:input=move |ev| update(i, event_target_value(&ev))
                    on:blur=on_blur
                />
            </div>
        }
    })
    .collect_view();
    view! { <div class="date-input">{inputs}</div> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::{compose_date, split_date};

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
}
