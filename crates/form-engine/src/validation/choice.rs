//! yes_no, choice, multi_choice, code_list and item counts.

use crate::answers::AnswerValue;
use crate::definition::ChoiceOption;
use crate::error::ErrorCode;

pub(crate) fn yes_no(v: &AnswerValue) -> Option<ErrorCode> {
    match v {
        AnswerValue::Bool(_) => None,
        AnswerValue::Text(t) if matches!(t.trim(), "yes" | "no" | "true" | "false") => None,
        _ => Some(ErrorCode::InvalidValue),
    }
}

pub(crate) fn one_of(t: &str, options: &[ChoiceOption]) -> Option<ErrorCode> {
    (!options.iter().any(|o| o.value == t)).then_some(ErrorCode::UnknownOption)
}

pub(crate) fn many_of(
    v: &AnswerValue,
    options: &[ChoiceOption],
    min: Option<u32>,
    max: Option<u32>,
) -> Option<ErrorCode> {
    let AnswerValue::List(values) = v else {
        return Some(ErrorCode::InvalidValue);
    };
    if values
        .iter()
        .any(|x| !options.iter().any(|o| &o.value == x))
    {
        return Some(ErrorCode::UnknownOption);
    }
    // Every value is an option and option values are unique (the loader
    // checks), so the distinct selections are the options selected: linear in
    // the answer, and no sort in the WASM bundle.
    let distinct = options.iter().filter(|o| values.contains(&o.value)).count();
    count(distinct, min, max)
}

pub(crate) fn count(n: usize, min: Option<u32>, max: Option<u32>) -> Option<ErrorCode> {
    if let Some(min) = min
        && n < min as usize
    {
        return Some(ErrorCode::TooFewItems { min });
    }
    if let Some(max) = max
        && n > max as usize
    {
        return Some(ErrorCode::TooManyItems { max });
    }
    None
}
