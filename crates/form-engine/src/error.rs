//! Validation errors: a path and a data-carrying code, never the answer itself.
//!
//! Texts are not built here; [`crate::messages`] looks them up by code, so the
//! API can send `{path, code}` and the portal renders the same words.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::field_types::DateTime;

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

/// The table of error codes: `Variant { data } = "stable key"`. The enum, its
/// [`ErrorCode::key`] and [`ERROR_KEYS`] come from it, so a new code cannot be
/// forgotten in one of them. `rule` is not in `ERROR_KEYS`: its text is the
/// rule's own `message`, so `messages` cannot override it.
macro_rules! error_codes {
    (
        $( $(#[$doc:meta])* $variant:ident $({ $($data:ident: $ty:ty),* $(,)? })? = $key:literal, )*
        ; $(#[$rule_doc:meta])* $rule:ident { $($rule_data:ident: $rule_ty:ty),* } = $rule_key:literal $(,)?
    ) => {
        /// What is wrong, with the limit that was broken where there is one.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "code")]
        pub enum ErrorCode {
            $( $(#[$doc])* #[serde(rename = $key)] $variant $({ $($data: $ty),* })?, )*
            $(#[$rule_doc])* #[serde(rename = $rule_key)] $rule { $($rule_data: $rule_ty),* },
        }

        impl ErrorCode {
            /// Stable key, used in JSON, in message catalogues and in definitions'
            /// `messages` overrides.
            pub fn key(&self) -> &'static str {
                match self {
                    $( ErrorCode::$variant { .. } => $key, )*
                    ErrorCode::$rule { .. } => $rule_key,
                }
            }
        }

        /// Every error key a definition's `messages` may override.
        pub const ERROR_KEYS: &[&str] = &[$($key),*];
    };
}

error_codes! {
    Required = "required",
    TooShort { min: u32 } = "too_short",
    TooLong { max: u32 } = "too_long",
    PatternMismatch = "pattern_mismatch",
    NotAnInteger = "not_an_integer",
    TooSmall { min: i64 } = "too_small",
    TooLarge { max: i64 } = "too_large",
    /// decimal or money that is not a number.
    NotANumber = "not_a_number",
    TooManyDecimals { max: u32 } = "too_many_decimals",
    /// decimal/money below the minimum; the limit as canonical text ("12.50").
    AmountTooSmall { min: String } = "amount_too_small",
    AmountTooLarge { max: String } = "amount_too_large",
    InvalidEmail = "invalid_email",
    InvalidPhone = "invalid_phone",
    InvalidPostcode = "invalid_postcode",
    InvalidIban = "invalid_iban",
    InvalidDate = "invalid_date",
    DateTooEarly { min: Date } = "date_too_early",
    DateTooLate { max: Date } = "date_too_late",
    InvalidTime = "invalid_time",
    /// `datetime` that is not a real date with a time of day.
    InvalidDateTime = "invalid_datetime",
    DateTimeTooEarly { min: DateTime } = "datetime_too_early",
    DateTimeTooLate { max: DateTime } = "datetime_too_late",
    UnknownOption = "unknown_option",
    TooFewItems { min: u32 } = "too_few_items",
    TooManyItems { max: u32 } = "too_many_items",
    FileTypeNotAllowed = "file_type_not_allowed",
    FileTooLarge { max_mb: u32 } = "file_too_large",
    /// The answer has the wrong shape for the field (e.g. a list for a text field).
    InvalidValue = "invalid_value",
    ;
    /// A cross-field rule of the definition does not hold; the text is the
    /// rule's `message`.
    Rule { id: String } = "rule",
}

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
