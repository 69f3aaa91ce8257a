// SPDX-License-Identifier: EUPL-1.2
//! A date and a time of day: the three date inputs (day, month, year) and a time input
//! below them, in one fieldset named by the field's label. The answer is
//! "YYYY-MM-DDTHH:MM" once everything is typed, and what is typed so far while it is
//! incomplete, so that the engine can say that it is no date and time yet.

use super::date::date_inputs;
use super::parts::{TextInput, text_input};
use super::{Control, Frame};
use crate::reactive_view::string;
use form_engine::Lang;
use leptos::prelude::*;

/// "YYYY-MM-DDTHH:MM" (or what is typed so far) as (date, time).
fn split(answer: &str) -> (String, String) {
    match answer.split_once('T') {
        Some((date, time)) => (date.to_string(), time.to_string()),
        None => (answer.to_string(), String::new()),
    }
}

/// (date, time) as the answer: empty when nothing is typed; a one-digit hour padded
/// ("9:30" is "09:30"), as citizens often type it.
fn compose(date: &str, time: &str) -> String {
    let time = time.trim();
    if date.is_empty() && time.is_empty() {
        return String::new();
    }
    let padded = match time.split_once(':') {
        Some((h, _)) if h.len() == 1 => format!("0{time}"),
        _ => time.to_string(),
    };
    format!("{date}T{padded}")
}

pub(super) fn view(frame: &Frame) -> Control {
    let (value, set, touch, lang) = (frame.value, frame.set_text, frame.touch, frame.lang);
    // The time box keeps exactly what was typed (as the date boxes do) and follows the
    // answer when it changes from elsewhere (a restored draft, "delete my answers").
    let time = RwSignal::new(value.with_untracked(|v| split(v).1));
    let date = string(move || value.with(|v| split(v).0));
    crate::reactive_view::effect(move || {
        let answer = value.get();
        let (date, typed) = split(&answer);
        if time.with_untracked(|t| compose(&date, t)) != answer {
            time.set(typed);
        }
    });
    let set_date = Callback::new(move |date: String| {
        set.run(time.with_untracked(|t| compose(&date, t)));
    });
    let set_time = Callback::new(move |typed: String| {
        set.run(compose(&date.get_untracked(), &typed));
        time.set(typed);
    });
    let time_id = format!("{}-time", frame.dom_id);
    let time_label = match lang.get_untracked() {
        Lang::De => "Uhrzeit (hh:mm)",
        Lang::En => "Time (hh:mm)",
    };
    let time_label = view! {
        <label class="kern-label kern-label--small" for=time_id.clone()>{time_label}</label>
    };
    let time_input = text_input(TextInput {
        id: time_id,
        class: "kern-form-input__input",
        input_type: "text",
        inputmode: Some("numeric"),
        autocomplete: None,
        maxlength: Some("5"),
        described_by: None,
        invalid: frame.invalid,
        value: time.into(),
        on_input: set_time,
        on_blur: touch,
    });
    let control = view! {
        <div class="datetime-input">
            {date_inputs(frame.dom_id, date, set_date, touch, frame.invalid)}
            // A row of its own, styled as the date's parts (its width: the year's).
            <div class="date-input">
                <div class="date-input__item">{time_label}{time_input}</div>
            </div>
        </div>
    };
    Control {
        never_optional: true,
        ..Control::legend(control.into_any(), "group")
    }
}

#[cfg(test)]
mod tests {
    use super::{compose, split};

    #[test]
    fn answer_splits_and_composes_with_padded_hours() {
        assert_eq!(compose("2026-05-08", "9:30"), "2026-05-08T09:30");
        assert_eq!(compose("2026-05-08", "14:05"), "2026-05-08T14:05");
        assert_eq!(compose("", ""), "");
        assert_eq!(compose("", "10:00"), "T10:00");
        assert_eq!(compose("2026-05-08", ""), "2026-05-08T");
        let (date, time) = split("2026-05-08T14:05");
        assert_eq!((date.as_str(), time.as_str()), ("2026-05-08", "14:05"));
        assert_eq!(split("2026-05"), ("2026-05".to_string(), String::new()));
    }
}
