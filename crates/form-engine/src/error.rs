//! Validation errors: a path and a data-carrying code, never the answer itself.
//!
//! Texts are not built here; [`crate::messages`] looks them up by code, so the
//! API can send `{path, code}` and the portal renders the same words.

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// One problem with one answer.
///
/// `path` is the field id; inside a repeatable group `group.index.field`
/// (0-based), for address parts `field.part` (e.g. `premises.postcode`).
/// JSON: `{"path": "trade_name", "code": "too_long", "max": 120}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    pub path: String,
    #[serde(flatten)]
    pub code: ErrorCode,
}

/// What is wrong, with the limit that was broken where there is one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ErrorCode {
    Required,
    TooShort {
        min: u32,
    },
    TooLong {
        max: u32,
    },
    PatternMismatch,
    NotAnInteger,
    TooSmall {
        min: i64,
    },
    TooLarge {
        max: i64,
    },
    /// decimal or money that is not a number.
    NotANumber,
    TooManyDecimals {
        max: u32,
    },
    /// decimal/money below the minimum; the limit as canonical text ("12.50").
    AmountTooSmall {
        min: String,
    },
    AmountTooLarge {
        max: String,
    },
    InvalidEmail,
    InvalidPhone,
    InvalidPostcode,
    InvalidIban,
    InvalidDate,
    DateTooEarly {
        min: Date,
    },
    DateTooLate {
        max: Date,
    },
    InvalidTime,
    UnknownOption,
    TooFewItems {
        min: u32,
    },
    TooManyItems {
        max: u32,
    },
    FileTypeNotAllowed,
    FileTooLarge {
        max_mb: u32,
    },
    /// The answer has the wrong shape for the field (e.g. a list for a text field).
    InvalidValue,
    /// A cross-field rule of the definition does not hold; the text is the
    /// rule's `message`.
    Rule {
        id: String,
    },
}

impl ErrorCode {
    /// Stable key, used in JSON, in message catalogues and in definitions'
    /// `messages` overrides.
    pub fn key(&self) -> &'static str {
        match self {
            ErrorCode::Required => "required",
            ErrorCode::TooShort { .. } => "too_short",
            ErrorCode::TooLong { .. } => "too_long",
            ErrorCode::PatternMismatch => "pattern_mismatch",
            ErrorCode::NotAnInteger => "not_an_integer",
            ErrorCode::TooSmall { .. } => "too_small",
            ErrorCode::TooLarge { .. } => "too_large",
            ErrorCode::NotANumber => "not_a_number",
            ErrorCode::TooManyDecimals { .. } => "too_many_decimals",
            ErrorCode::AmountTooSmall { .. } => "amount_too_small",
            ErrorCode::AmountTooLarge { .. } => "amount_too_large",
            ErrorCode::InvalidEmail => "invalid_email",
            ErrorCode::InvalidPhone => "invalid_phone",
            ErrorCode::InvalidPostcode => "invalid_postcode",
            ErrorCode::InvalidIban => "invalid_iban",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::DateTooEarly { .. } => "date_too_early",
            ErrorCode::DateTooLate { .. } => "date_too_late",
            ErrorCode::InvalidTime => "invalid_time",
            ErrorCode::UnknownOption => "unknown_option",
            ErrorCode::TooFewItems { .. } => "too_few_items",
            ErrorCode::TooManyItems { .. } => "too_many_items",
            ErrorCode::FileTypeNotAllowed => "file_type_not_allowed",
            ErrorCode::FileTooLarge { .. } => "file_too_large",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::Rule { .. } => "rule",
        }
    }
}

/// Every error key, for checking `messages` overrides in definitions.
pub const ERROR_KEYS: [&str; 25] = [
    "required",
    "too_short",
    "too_long",
    "pattern_mismatch",
    "not_an_integer",
    "too_small",
    "too_large",
    "not_a_number",
    "too_many_decimals",
    "amount_too_small",
    "amount_too_large",
    "invalid_email",
    "invalid_phone",
    "invalid_postcode",
    "invalid_iban",
    "invalid_date",
    "date_too_early",
    "date_too_late",
    "invalid_time",
    "unknown_option",
    "too_few_items",
    "too_many_items",
    "file_type_not_allowed",
    "file_too_large",
    "invalid_value",
];

impl FieldError {
    pub fn new(path: impl Into<String>, code: ErrorCode) -> FieldError {
        FieldError {
            path: path.into(),
            code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_flat_with_data() {
        let e = FieldError::new("trade_name", ErrorCode::TooLong { max: 50 });
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"path":"trade_name","code":"too_long","max":50}"#
        );
        let e = FieldError::new("a", ErrorCode::Required);
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"path":"a","code":"required"}"#);
        assert_eq!(serde_json::from_str::<FieldError>(&json).unwrap(), e);
    }

    #[test]
    fn key_matches_serialized_code() {
        let codes = [
            ErrorCode::Required,
            ErrorCode::TooShort { min: 1 },
            ErrorCode::AmountTooSmall { min: "1.00".into() },
            ErrorCode::DateTooLate {
                max: Date::new(2000, 1, 1).unwrap(),
            },
            ErrorCode::FileTooLarge { max_mb: 5 },
            ErrorCode::InvalidValue,
        ];
        for c in codes {
            let v = serde_json::to_value(FieldError::new("x", c.clone())).unwrap();
            assert_eq!(v["code"], c.key());
            assert!(ERROR_KEYS.contains(&c.key()));
        }
    }
}
