// SPDX-License-Identifier: EUPL-1.2
//! Whole numbers as JSON Schema counts them: `3` and `3.0` are both the integer 3 (JSON
//! Schema's `integer` is any number without a fractional part), so a client that writes
//! `3.0` for a documented integer is answered as for `3`, not refused. serde's own
//! integer types refuse `3.0`.

use serde::{Deserialize, Deserializer, de::Error};
use serde_json::Number;

/// `number` as a whole number up to `max`, if it is one (the hand decoder,
/// `crate::FromValue`, reads version numbers with this too).
pub(crate) fn whole(number: &Number, max: u64) -> Option<u64> {
    match (number.as_u64(), number.as_f64()) {
        (Some(n), _) => Some(n),
        // Exactly representable and whole: below 2^53 every whole f64 is exact.
        (None, Some(f)) if f.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(&f) => {
            Some(f as u64)
        }
        _ => None,
    }
    .filter(|n| *n <= max)
}

fn deserialize<'de, D: Deserializer<'de>>(deserializer: D, max: u64) -> Result<u64, D::Error> {
    let number = Number::deserialize(deserializer)?;
    whole(&number, max).ok_or_else(|| {
        D::Error::custom(format!(
            "expected a whole number from 0 to {max}, found {number}"
        ))
    })
}

pub fn u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    deserialize(deserializer, u64::from(u32::MAX)).map(|n| n as u32)
}

pub fn u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    deserialize(deserializer, u64::MAX)
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Count {
        #[serde(deserialize_with = "super::u32")]
        n: u32,
    }

    fn n(json: &str) -> Result<u32, String> {
        serde_json::from_str::<Count>(json)
            .map(|c| c.n)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn integral_numbers_in_either_spelling() {
        assert_eq!(n(r#"{"n": 3}"#), Ok(3));
        assert_eq!(n(r#"{"n": 3.0}"#), Ok(3));
        assert_eq!(n(r#"{"n": 4294967295}"#), Ok(u32::MAX));
        for bad in [
            r#"{"n": 3.5}"#,
            r#"{"n": -1}"#,
            r#"{"n": 4294967296}"#,
            r#"{"n": "3"}"#,
            r#"{"n": 1e300}"#,
        ] {
            assert!(n(bad).is_err(), "{bad}");
        }
    }
}
