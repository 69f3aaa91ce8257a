// SPDX-License-Identifier: EUPL-1.2
//! What several test files need: a valid Gewerbeanmeldung for Heide.
// Each test file compiles this module on its own and uses a different part of it.
#![allow(dead_code)]

use serde_json::{Value, json};

pub const GEWERBEANMELDUNG: &str = "99050012104000";

/// Today's date (UTC) as "YYYY-MM-DD": a start date the form accepts.
pub fn today() -> String {
    let now = time::OffsetDateTime::now_utc().date();
    format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    )
}

/// Answers that pass the gewerbeanmeldung form's validation.
pub fn valid_answers() -> Value {
    json!({
        "trade_name": "Bäckerei Jensen",
        "legal_form": "einzelunternehmen",
        "activity": "Herstellung und Verkauf von Backwaren",
        "start_date": today(),
        "first_name": "Jan",
        "last_name": "Jensen",
        "email": "jan.jensen@example.org",
        "street": "Markt",
        "house_number": "12a",
        "postcode": "25746",
        "place": "Heide"
    })
}

/// A submission of `answers` for a business in Heide.
pub fn submission(answers: Value) -> Value {
    json!({
        "service": GEWERBEANMELDUNG,
        "form": { "id": "gewerbeanmeldung", "version": 1 },
        "answers": answers,
        "ars": "010510044044"
    })
}
