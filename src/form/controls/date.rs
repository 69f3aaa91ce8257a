// SPDX-License-Identifier: EUPL-1.2
//! A date as three inputs (day, month, year), GOV.UK's proven pattern.

use super::parts::{TextInput, part_label, text_input};
use super::{Control, Frame};
use crate::i18n::Msg;
use crate::reactive_view::string;
use leptos::prelude::*;

pub(super) fn view(frame: &Frame) -> Control {
    Control {
        never_optional: true,
        ..Control::legend(
            date_inputs(
                frame.dom_id,
                frame.value,
                frame.set_text,
                frame.touch,
                frame.invalid,
            ),
            "group",
        )
    }
}

/// A date as three inputs (day, month, year), GOV.UK's proven pattern; the answer is
/// "YYYY-MM-DD" once all three are filled, and the raw parts while it is incomplete so
/// that the engine can name what is missing.
/// "YYYY-MM-DD" (or what is typed so far) as [day, month, year].
pub(super) fn split_date(value: &str) -> [String; 3] {
    let mut it = value.splitn(3, '-');
    let year = it.next().unwrap_or_default().to_string();
    let month = it.next().unwrap_or_default().to_string();
    let day = it.next().unwrap_or_default().to_string();
    [day, month, year]
}

/// [day, month, year] as the answer: empty when nothing is typed, single digits padded.
pub(super) fn compose_date(parts: &[String; 3]) -> String {
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

pub(super) fn date_inputs(
    dom_id: &str,
    value: Signal<String>,
    set: Callback<String>,
    on_blur: Callback<()>,
    invalid: Option<&'static str>,
) -> AnyView {
    // The three boxes keep exactly what was typed (re-rendering a padded "02" while the
    // citizen types "28" would eat the second digit); the answer is "YYYY-MM-DD",
    // recomposed on every keystroke, and the boxes follow it when it changes from
    // elsewhere (a restored draft, "delete my answers").
    let parts = RwSignal::new(value.with_untracked(|v| split_date(v)));
    crate::reactive_view::effect(move || {
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
                invalid,
                value: string(move || parts.with(|p| p[i].clone())),
                on_input: Callback::new(move |new: String| {
                    parts.update(|p| p[i] = new);
                    set.run(parts.with_untracked(compose_date));
                }),
                on_blur,
            });
            view! { <div class="date-input__item">{part_label(&id, msg)}{input}</div> }.into_any()
        })
        .collect::<Vec<_>>();
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
