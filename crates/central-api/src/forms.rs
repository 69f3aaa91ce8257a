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
/// The field that decides the competent authority and the municipality (ARS) the
/// answers give for it, if the definition names such a field and the answers answer it
/// where it is shown (`form_engine::routing`, the very code the portal routed with).
pub fn deciding_answer(
    definition: &FormDefinition,
    answers: &serde_json::Value,
) -> Option<(String, String)> {
    let field = form_engine::routing::deciding_field(definition)?;
    let answers: form_engine::Answers = serde_json::from_value(answers.clone()).ok()?;
    let (ars, _) =
        form_engine::routing::deciding_municipality(definition, &answers, &berlin_context())?;
    Some((field.id.clone(), ars.to_owned()))
}

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
    let errors = form_engine::validate_form(&definition, &answers, &berlin_context());
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
/// The engine's context now in Berlin, with the time of day, so that rules such as "at
/// least 48 hours ahead" are checked here exactly as in the browser.
fn berlin_context() -> form_engine::ValidationContext {
    let (today, hour, minute) = berlin_now();
    form_engine::ValidationContext::new(today).with_time(hour, minute)
}

pub fn berlin_now() -> (form_engine::Date, u32, u32) {
    berlin_time(jiff::Timestamp::now())
}

/// The civil date, hour and minute in Berlin at `instant`, by the tz database bundled
/// with jiff (summer time and any future change of its rules come with the crate).
fn berlin_time(instant: jiff::Timestamp) -> (form_engine::Date, u32, u32) {
    let local = berlin().to_datetime(instant);
    let date = form_engine::Date::new(
        i32::from(local.year()),
        u32::from(local.month().unsigned_abs()),
        u32::from(local.day().unsigned_abs()),
    )
    .expect("a calendar date is valid");
    (
        date,
        u32::from(local.hour().unsigned_abs()),
        u32::from(local.minute().unsigned_abs()),
    )
}

/// `Europe/Berlin` from the bundled tz database (looked up once).
fn berlin() -> jiff::tz::TimeZone {
    static BERLIN: std::sync::OnceLock<jiff::tz::TimeZone> = std::sync::OnceLock::new();
    BERLIN
        .get_or_init(|| {
            jiff::tz::TimeZone::get("Europe/Berlin")
                .expect("the bundled tz database has Europe/Berlin")
        })
        .clone()
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

    /// Berlin's time at a UTC instant given as `2026-03-29T00:59:00Z`.
    fn berlin_at(utc: &str) -> (form_engine::Date, u32, u32) {
        berlin_time(utc.parse().expect("a timestamp"))
    }

    fn date(year: i32, month: u32, day: u32) -> form_engine::Date {
        form_engine::Date::new(year, month, day).expect("a date")
    }

    #[test]
    fn berlin_time_follows_eu_summer_time() {
        // Winter: UTC+1.
        assert_eq!(
            berlin_at("2026-01-15T12:00:00Z"),
            (date(2026, 1, 15), 13, 0)
        );
        // Spring forward on the last Sunday of March at 01:00 UTC (02:00 → 03:00 local).
        assert_eq!(
            berlin_at("2026-03-29T00:59:00Z"),
            (date(2026, 3, 29), 1, 59)
        );
        assert_eq!(berlin_at("2026-03-29T01:00:00Z"), (date(2026, 3, 29), 3, 0));
        // Fall back on the last Sunday of October at 01:00 UTC (03:00 → 02:00 local).
        assert_eq!(
            berlin_at("2026-10-25T00:59:00Z"),
            (date(2026, 10, 25), 2, 59)
        );
        assert_eq!(
            berlin_at("2026-10-25T01:00:00Z"),
            (date(2026, 10, 25), 2, 0)
        );
    }

    #[test]
    fn berlin_date_changes_at_local_midnight() {
        // 23:30 UTC is already the next day in Berlin, by one hour in winter and two in
        // summer; and the year turns an hour before it does in UTC.
        assert_eq!(
            berlin_at("2026-02-10T23:30:00Z"),
            (date(2026, 2, 11), 0, 30)
        );
        assert_eq!(
            berlin_at("2026-07-10T22:30:00Z"),
            (date(2026, 7, 11), 0, 30)
        );
        assert_eq!(
            berlin_at("2026-07-10T21:59:00Z"),
            (date(2026, 7, 10), 23, 59)
        );
        assert_eq!(berlin_at("2026-12-31T23:00:00Z"), (date(2027, 1, 1), 0, 0));
        // Other years' switch dates (the last Sundays move): 2027-03-28 and 2027-10-31.
        assert_eq!(berlin_at("2027-03-28T01:00:00Z"), (date(2027, 3, 28), 3, 0));
        assert_eq!(berlin_at("2027-03-27T01:00:00Z"), (date(2027, 3, 27), 2, 0));
        assert_eq!(
            berlin_at("2027-10-31T00:30:00Z"),
            (date(2027, 10, 31), 2, 30)
        );
        assert_eq!(
            berlin_at("2027-10-31T01:30:00Z"),
            (date(2027, 10, 31), 2, 30)
        );
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
