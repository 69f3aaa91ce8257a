//! address: a German postal address in parts. Street, postcode and city are
//! needed once anything is entered (house numbers are missing for some
//! rural addresses); errors point at the part: `premises.postcode`.

use super::contact::is_valid_postcode;
use crate::answers::AnswerValue;
use crate::error::{ErrorCode, FieldError};

pub(crate) fn check(path: &str, v: &AnswerValue, errors: &mut Vec<FieldError>) {
    let AnswerValue::Map(parts) = v else {
        errors.push(FieldError::new(path, ErrorCode::InvalidValue));
        return;
    };
    for part in ["street", "house_number", "postcode", "city"] {
        let part_path = format!("{path}.{part}");
        let value = match parts.get(part) {
            None => None,
            Some(AnswerValue::Text(t)) => Some(t.trim()).filter(|t| !t.is_empty()),
            Some(_) => {
                errors.push(FieldError::new(part_path, ErrorCode::InvalidValue));
                continue;
            }
        };
        let code = match (part, value) {
            ("house_number", None) => None,
            (_, None) => Some(ErrorCode::Required),
            ("postcode", Some(p)) if !is_valid_postcode(p) => Some(ErrorCode::InvalidPostcode),
            (_, Some(t)) if super::text::text_length(t) > 100 => {
                Some(ErrorCode::TooLong { max: 100 })
            }
            _ => None,
        };
        if let Some(code) = code {
            errors.push(FieldError::new(part_path, code));
        }
    }
}
