// SPDX-License-Identifier: EUPL-1.2
//! Form definitions: loading through the form engine, ETags, and validating answers.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use form_engine::{FormDefinition, Lang};
use sha2::{Digest, Sha256};

use crate::error::FieldProblem;

/// Parses a definition with the engine; returns its id and version, or why it fails.
pub fn parse_definition(json: &str) -> Result<(String, u32), String> {
    FormDefinition::from_json(json)
        .map(|def| (def.id.clone(), def.version))
        .map_err(|errors| errors.to_string())
}

/// Strong ETag of a stored definition: the quoted SHA-256 of its exact bytes.
pub fn etag_of(json: &str) -> String {
    format!("\"{}\"", URL_SAFE_NO_PAD.encode(Sha256::digest(json.as_bytes())))
}

/// Whether an `If-None-Match` header value matches `etag` (weak comparison, as RFC 9110
/// prescribes for `If-None-Match`).
pub fn if_none_match_matches(header: &str, etag: &str) -> bool {
    let bare = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    header.trim() == "*" || header.split(',').any(|candidate| bare(candidate) == bare(etag))
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
    let context = form_engine::ValidationContext::today();
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
