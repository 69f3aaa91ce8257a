// SPDX-License-Identifier: EUPL-1.2
//! Form definitions: loading through the form engine, ETags, and validating answers.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use form_engine::{FormDefinition, Lang};
use sha2::{Digest, Sha256};

use crate::{error::FieldProblem, limits::Limits};

/// Parses a definition with the engine and checks it against what this server accepts;
/// returns its id and version, or why it fails.
pub fn parse_definition(json: &str) -> Result<(String, u32), String> {
    let definition = FormDefinition::from_json(json).map_err(|errors| errors.to_string())?;
    exceeds_server_limits(&definition, &Limits::default())
        .map_err(|problems| problems.join("; "))?;
    Ok((definition.id.clone(), definition.version))
}

/// A definition may not promise what the relay refuses: a citizen would choose a 15 MB
/// file the form allows, fill in everything and learn only when sending that the server
/// takes 10 MiB. One message per field that asks for more than the server's limits.
pub fn exceeds_server_limits(
    definition: &FormDefinition,
    limits: &Limits,
) -> Result<(), Vec<String>> {
    let mib = limits.max_attachment_bytes / (1024 * 1024);
    let mut problems = Vec::new();
    for field in definition.fields() {
        let form_engine::FieldKind::File(file) = &field.kind else {
            continue;
        };
        let (max_size_mb, max_files) = (&file.max_size_mb, &file.max_files);
        // Without `max_size_mb` the server's own limit applies (FIM imports name none).
        if let Some(mb) = max_size_mb
            && u64::from(*mb) * 1024 * 1024 > limits.max_attachment_bytes
        {
            problems.push(format!(
                "field `{}`: max_size_mb {mb} exceeds this server's limit of {mib} MB per file",
                field.id
            ));
        }
        if let Some(count) = max_files
            && *count as usize > limits.max_attachments
        {
            problems.push(format!(
                "field `{}`: max_files {count} exceeds this server's limit of {} files per application",
                field.id, limits.max_attachments
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Strong ETag of a stored definition: the quoted SHA-256 of its exact bytes.
pub fn etag_of(json: &str) -> String {
    format!(
        "\"{}\"",
        URL_SAFE_NO_PAD.encode(Sha256::digest(json.as_bytes()))
    )
}

/// Whether an `If-None-Match` header value matches `etag` (weak comparison, as RFC 9110
/// prescribes for `If-None-Match`).
pub fn if_none_match_matches(header: &str, etag: &str) -> bool {
    let bare = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    header.trim() == "*"
        || header
            .split(',')
            .any(|candidate| bare(candidate) == bare(etag))
}

/// Validates answers against a stored definition. `Err` means the stored definition does
/// not load (a server fault); `Ok` holds the field errors, empty if the answers are valid.
pub fn validate_answers(
    definition_json: &str,
    answers: &serde_json::Map<String, serde_json::Value>,
    lang: Lang,
) -> Result<Result<(), Vec<FieldProblem>>, String> {
    let definition = FormDefinition::from_json(definition_json).map_err(|e| e.to_string())?;
    let answers: form_engine::Answers =
        match serde_json::from_value(serde_json::Value::Object(answers.clone())) {
            Ok(answers) => answers,
            Err(_) => {
                return Ok(Err(vec![FieldProblem {
                    path: String::new(),
                    code: "invalid_answers".into(),
                    detail: match lang {
                        Lang::En => "The answers are not in the expected format.".into(),
                        _ => "Die Antworten haben nicht das erwartete Format.".into(),
                    },
                    data: serde_json::Map::new(),
                }]));
            }
        };
    // With the time of day, so that rules such as "at least 48 hours ahead" are checked
    // here exactly as in the browser.
    let (today, hour, minute) = berlin_now();
    let context = form_engine::ValidationContext::new(today).with_time(hour, minute);
    let errors = form_engine::validate_form(&definition, &answers, &context);
    if errors.is_empty() {
        return Ok(Ok(()));
    }
    let problems = errors
        .iter()
        .map(|error| {
            let detail = form_engine::messages::message(error, &definition, lang);
            let mut data = match serde_json::to_value(error) {
                Ok(serde_json::Value::Object(map)) => map,
                _ => serde_json::Map::new(),
            };
            let path = take_string(&mut data, "path").unwrap_or_else(|| error.path.clone());
            let code = take_string(&mut data, "code").unwrap_or_default();
            data.remove("detail");
            FieldProblem {
                path,
                code,
                detail,
                data,
            }
        })
        .collect();
    Ok(Err(problems))
}

/// Date, hour and minute in Germany (CET/CEST).
pub fn berlin_now() -> (form_engine::Date, u32, u32) {
    let now = time::OffsetDateTime::now_utc();
    let local = now + time::Duration::hours(berlin_offset_hours(now));
    let date = form_engine::Date::new(
        local.year(),
        u32::from(u8::from(local.month())),
        u32::from(local.day()),
    )
    .expect("a calendar date is valid");
    (date, u32::from(local.hour()), u32::from(local.minute()))
}

/// +2 during EU summer time (last Sunday of March 01:00 UTC to last Sunday of October
/// 01:00 UTC), else +1.
fn berlin_offset_hours(utc: time::OffsetDateTime) -> i64 {
    let switch = |month: time::Month| {
        let last_day = time::Date::from_calendar_date(utc.year(), month, 31)
            .expect("March and October have 31 days");
        let back = i64::from(last_day.weekday().number_days_from_sunday());
        (last_day - time::Duration::days(back))
            .with_hms(1, 0, 0)
            .expect("valid time")
            .assume_utc()
    };
    if utc >= switch(time::Month::March) && utc < switch(time::Month::October) {
        2
    } else {
        1
    }
}

fn take_string(map: &mut serde_json::Map<String, serde_json::Value>, key: &str) -> Option<String> {
    match map.remove(key) {
        Some(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn berlin_offset_follows_eu_summer_time() {
        use time::macros::datetime;
        assert_eq!(berlin_offset_hours(datetime!(2026-01-15 12:00 UTC)), 1);
        assert_eq!(berlin_offset_hours(datetime!(2026-03-29 00:59 UTC)), 1);
        assert_eq!(berlin_offset_hours(datetime!(2026-03-29 01:00 UTC)), 2);
        assert_eq!(berlin_offset_hours(datetime!(2026-10-25 00:59 UTC)), 2);
        assert_eq!(berlin_offset_hours(datetime!(2026-10-25 01:00 UTC)), 1);
    }

    #[test]
    fn etag_is_quoted_and_stable() {
        let tag = etag_of("{}");
        assert!(tag.starts_with('"') && tag.ends_with('"'));
        assert_eq!(tag, etag_of("{}"));
        assert_ne!(tag, etag_of("{ }"));
    }

    #[test]
    fn if_none_match_handles_lists_weak_and_star() {
        let tag = etag_of("{}");
        assert!(if_none_match_matches(&tag, &tag));
        assert!(if_none_match_matches(&format!("\"x\", W/{tag}"), &tag));
        assert!(if_none_match_matches("*", &tag));
        assert!(!if_none_match_matches("\"other\"", &tag));
    }
}
