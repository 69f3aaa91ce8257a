// SPDX-License-Identifier: EUPL-1.2
//! Extractors: JSON bodies, query strings and path parameters whose rejections are an [`ApiError`]
//! (problem+json, as the OpenAPI document says, never the framework's plain text), and
//! the response language.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
    http::{HeaderMap, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use form_engine::Lang;
use serde::{Serialize, de::DeserializeOwned};

use crate::{
    error::{ApiError, FieldProblem},
    limits::{MAX_JSON_DEPTH, json_too_deep},
};

/// `axum::Json`, but a bad body answers as problem+json, bodies nested deeper than
/// [`MAX_JSON_DEPTH`] are refused before parsing, a value that does not fit names its
/// place (`errors[].path`), and a body declared in another charset than UTF-8 is refused.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        check_json_content_type(request.headers())?;
        let bytes =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection.status() {
                    StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
                    _ => ApiError::BadRequest("The request body could not be read.".into()),
                })?;
        if json_too_deep(&bytes, MAX_JSON_DEPTH) {
            return Err(ApiError::BadRequest(format!(
                "The JSON body is nested deeper than {MAX_JSON_DEPTH} levels."
            )));
        }
        parse_json(&bytes).map(ApiJson)
    }
}

/// `Content-Type` must be JSON (`application/json` or `application/…+json`) and, if it
/// names a charset, UTF-8: JSON between systems is UTF-8 (RFC 8259, section 8.1), and a
/// client that declares `latin1` means bytes that would be read as other characters
/// than it sent.
fn check_json_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let not_json =
        || ApiError::UnsupportedMediaType("Expected `Content-Type: application/json`.".into());
    let media_type: mime::Mime = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok())
        .ok_or_else(not_json)?;
    let is_json = media_type.type_() == mime::APPLICATION
        && (media_type.subtype() == mime::JSON || media_type.suffix() == Some(mime::JSON));
    if !is_json {
        return Err(not_json());
    }
    match media_type.get_param(mime::CHARSET) {
        // `mime` keeps a charset's value in lower case: `UTF-8` is `utf-8` here.
        // `utf8` and `us-ascii` (a subset) name the same bytes; older clients write them.
        Some(charset) if !matches!(charset.as_str(), "utf-8" | "utf8" | "us-ascii") => {
            Err(ApiError::UnsupportedMediaType(format!(
                "The body must be UTF-8 (`Content-Type: application/json` or `…; charset=utf-8`); `charset={}` is not accepted.",
                crate::shorten::to_chars(charset.as_str(), 40)
            )))
        }
        _ => Ok(()),
    }
}

/// `bytes` as a `T`, or a 400 whose message keeps serde's (what was found, what was
/// expected, line and column; never the body) and, for a value that does not fit,
/// whose `errors` names its place as the body's other field problems do
/// (`serviceType.identifier`, `announcedAttachments.0`).
fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let syntax = |err: serde_json::Error| {
        ApiError::BadRequest(format!("Failed to parse the request body as JSON: {err}"))
    };
    // Every body of the API is an object. serde reads a struct from an array of its
    // members in order as well; the API's schemas do not.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{') {
        let detail = "The body must be a JSON object.".to_owned();
        return Err(ApiError::BadJson {
            detail: format!("Failed to parse the request body as JSON: {detail}"),
            field: FieldProblem {
                path: String::new(),
                code: "invalid_value".into(),
                detail,
                data: serde_json::Map::new(),
            },
        });
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let mut path = json_path(err.path());
        let inner = err.into_inner();
        if !inner.is_data() {
            // A syntax error, or the body ended early: the position says where.
            return syntax(inner);
        }
        let message = without_type_names(&inner.to_string());
        // A member missing, unknown or twice is the member's problem, not its object's.
        let member = ["missing field `", "unknown field `", "duplicate field `"]
            .iter()
            .find_map(|start| message.strip_prefix(start))
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name.to_owned());
        if let Some(member) = member {
            path = if path.is_empty() {
                member
            } else {
                format!("{path}.{member}")
            };
        }
        let code = if message.starts_with("missing field") {
            "required"
        } else {
            "invalid_value"
        };
        ApiError::BadJson {
            detail: format!("Failed to parse the request body as JSON: {message}"),
            field: FieldProblem {
                path,
                code: code.into(),
                detail: message,
                data: serde_json::Map::new(),
            },
        }
    })?;
    // As `serde_json::from_slice`: nothing but whitespace may follow the value.
    deserializer.end().map_err(syntax)?;
    Ok(value)
}

/// serde's message without the names of our Rust types ("expected struct
/// CreateSubmission" is "expected a JSON object"): they say nothing to a client.
fn without_type_names(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("struct ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "struct ".len()..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if name_len > 0 && after.starts_with(|c: char| c.is_ascii_uppercase()) {
            out.push_str("a JSON object");
        } else {
            out.push_str("struct ");
            out.push_str(&after[..name_len]);
        }
        rest = &after[name_len..];
    }
    out.push_str(rest);
    out
}

/// The place of a value in the body as the field problems of the API name it: member
/// names and array indices joined by dots, `""` for the whole body. Where serde lost
/// track (an untagged enum, a flattened struct), the path ends at what it knew.
fn json_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = Vec::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push(index.to_string()),
            Segment::Map { key } => out.push(key.clone()),
            Segment::Enum { variant } => out.push(variant.clone()),
            Segment::Unknown => break,
        }
    }
    out.join(".")
}

impl<T: Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `axum::extract::Query`, but a query string that does not fit (`limit=null`, a
/// parameter given twice) answers as problem+json naming the parameter.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(query)| ApiQuery(query))
            .map_err(|rejection| {
                // serde_urlencoded's message names the parameter and what it expected
                // ("limit: invalid digit found in string", "duplicate field `leika`").
                ApiError::BadRequest(format!(
                    "The query string does not fit this operation: {}",
                    rejection.body_text()
                ))
            })
    }
}

/// `axum::extract::Path`, but a path parameter that cannot be read (percent-encoded bytes
/// that are no UTF-8, `%FF`) answers as problem+json, as every other bad request does.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection| {
                if rejection.status().is_server_error() {
                    // A route whose parameters do not match its handler: ours to fix.
                    ApiError::Internal(rejection.body_text())
                } else {
                    // "Invalid URL: Invalid UTF-8 in `ars`": names the parameter.
                    ApiError::BadRequest(rejection.body_text())
                }
            })
    }
}

/// The language of the answer: `?lang=de|en`, else `Accept-Language`, else German.
#[derive(Debug, Clone, Copy)]
pub struct RequestLang(pub Lang);

impl RequestLang {
    /// `"de"` or `"en"`.
    pub fn code(self) -> &'static str {
        match self.0 {
            Lang::En => "en",
            _ => "de",
        }
    }
}

/// The `lang` query parameter, alone.
#[derive(serde::Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = ApiError;

    /// `?lang=` must be `de` or `en` when given (as the OpenAPI document says): a wrong
    /// value is refused rather than answered in a language the client did not ask for.
    /// Without it, `Accept-Language` decides, which may name anything.
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query =
            axum::extract::Query::<LangQuery>::try_from_uri(&parts.uri).map_err(|rejection| {
                ApiError::BadRequest(format!(
                    "The query string does not fit this operation: {}",
                    rejection.body_text()
                ))
            })?;
        let from_query = match query.0.lang.as_deref() {
            None => None,
            Some("de") => Some(Lang::De),
            Some("en") => Some(Lang::En),
            Some(_) => {
                return Err(ApiError::BadRequest(
                    "The query string does not fit this operation: `lang` must be `de` or `en`."
                        .into(),
                ));
            }
        };
        let lang = from_query
            .or_else(|| {
                parts
                    .headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(lang_of_accept_language)
            })
            .unwrap_or(Lang::De);
        Ok(RequestLang(lang))
    }
}

/// `de`, `de-DE`, `EN-gb`, ... -> the language; anything else -> `None`.
pub fn lang_of_tag(tag: &str) -> Option<Lang> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.as_str() {
        "de" => Some(Lang::De),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The supported language the client prefers most (by `q` weight, then order).
pub fn lang_of_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let Some(lang) = parts.next().and_then(lang_of_tag) else {
            continue;
        };
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q > 0.0 && best.is_none_or(|(best_q, _)| q > best_q) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)] // read by serde only
    struct Body {
        service_type: ServiceType,
        announced_attachments: Vec<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct ServiceType {
        identifier: String,
    }

    fn field_of(body: &str) -> (String, FieldProblem) {
        match parse_json::<Body>(body.as_bytes()) {
            Err(ApiError::BadJson { detail, field }) => (detail, field),
            other => panic!("{body}: {other:?}"),
        }
    }

    #[test]
    fn a_value_that_does_not_fit_names_its_place() {
        let (detail, field) =
            field_of(r#"{"serviceType": {"identifier": -0.0}, "announcedAttachments": []}"#);
        assert_eq!(
            detail,
            "Failed to parse the request body as JSON: invalid type: floating point `-0.0`, expected a string at line 1 column 35"
        );
        assert_eq!(field.path, "serviceType.identifier");
        assert_eq!(field.code, "invalid_value");
        assert_eq!(
            field.detail,
            "invalid type: floating point `-0.0`, expected a string at line 1 column 35"
        );
        let (_, field) =
            field_of(r#"{"serviceType": {"identifier": "x"}, "announcedAttachments": ["a", 1]}"#);
        assert_eq!(field.path, "announcedAttachments.1");
        let (_, field) = field_of(r#"{"serviceType": {}, "announcedAttachments": []}"#);
        assert_eq!(
            (field.path.as_str(), field.code.as_str()),
            ("serviceType.identifier", "required")
        );
        assert!(
            field.detail.starts_with("missing field `identifier`"),
            "{}",
            field.detail
        );
        let (_, field) = field_of("[]");
        assert_eq!(field.path, "", "the whole body");
        // An array of the members in order is no object; what was expected is said
        // without our types' names.
        let (_, field) = field_of(r#" [{"identifier": "x"}, []]"#);
        assert_eq!(
            (field.path.as_str(), field.detail.as_str()),
            ("", "The body must be a JSON object.")
        );
        let (_, field) = field_of(r#"{"serviceType": 1, "announcedAttachments": []}"#);
        assert!(!field.detail.contains("ServiceType"), "{}", field.detail);
        // A member missing is named by its own path.
        let (_, field) = field_of(r#"{"serviceType": {"identifier": "x"}}"#);
        assert_eq!(
            (field.path.as_str(), field.code.as_str()),
            ("announcedAttachments", "required")
        );
        assert_eq!(
            without_type_names("invalid type: null, expected struct CreateSubmission"),
            "invalid type: null, expected a JSON object"
        );
        assert_eq!(without_type_names("a struct field"), "a struct field");
        // The problem carries it in `errors`.
        let problem = parse_json::<Body>(b"[]").unwrap_err().problem();
        assert_eq!(problem.status, 400);
        assert_eq!(problem.errors.map(|e| e.len()), Some(1));
    }

    #[test]
    fn broken_json_names_its_position_and_no_place() {
        for (body, says) in [
            (r#"{"serviceType": "#, "EOF while parsing"),
            (r#"{"serviceType" 1}"#, "expected `:`"),
            (
                r#"{"serviceType": {"identifier": "x"}, "announcedAttachments": []} x"#,
                "trailing characters",
            ),
        ] {
            match parse_json::<Body>(body.as_bytes()) {
                Err(ApiError::BadRequest(detail)) => {
                    assert!(detail.contains(says), "{body}: {detail}")
                }
                other => panic!("{body}: {other:?}"),
            }
        }
        assert!(
            parse_json::<Body>(
                b" {\"serviceType\": {\"identifier\": \"x\"}, \"announcedAttachments\": []}\n "
            )
            .is_ok()
        );
    }

    #[test]
    fn json_bodies_are_utf8() {
        let check = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, value.parse().expect("header"));
            check_json_content_type(&headers)
        };
        for fine in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
            "application/json;charset=UTF-8",
            "application/json; charset=\"utf-8\"",
            "application/json; charset=utf8",
            "application/json; charset=US-ASCII",
            "application/problem+json",
        ] {
            assert!(check(fine).is_ok(), "{fine}");
        }
        for (refused, says) in [
            ("application/json; charset=latin1", "`charset=latin1`"),
            ("application/json; charset=utf-16", "`charset=utf-16`"),
            ("text/plain", "Expected `Content-Type: application/json`"),
            ("text/json", "Expected `Content-Type: application/json`"),
            (
                "application/jsonx",
                "Expected `Content-Type: application/json`",
            ),
            (
                "application/json; charset",
                "Expected `Content-Type: application/json`",
            ),
        ] {
            match check(refused) {
                Err(ApiError::UnsupportedMediaType(detail)) => {
                    assert!(detail.contains(says), "{refused}: {detail}")
                }
                other => panic!("{refused}: {other:?}"),
            }
        }
        assert!(matches!(
            check_json_content_type(&HeaderMap::new()),
            Err(ApiError::UnsupportedMediaType(_))
        ));
    }

    #[test]
    fn accept_language_picks_highest_weight() {
        assert!(matches!(
            lang_of_accept_language("fr-FR, en;q=0.8, de;q=0.5"),
            Some(Lang::En)
        ));
        assert!(matches!(
            lang_of_accept_language("de-DE,de;q=0.9,en;q=0.8"),
            Some(Lang::De)
        ));
        assert!(lang_of_accept_language("fr, it").is_none());
        assert!(lang_of_accept_language("en;q=0").is_none());
    }

    #[test]
    fn tags_are_case_insensitive() {
        assert!(matches!(lang_of_tag("EN-gb"), Some(Lang::En)));
        assert!(matches!(lang_of_tag("de"), Some(Lang::De)));
        assert!(lang_of_tag("").is_none());
    }
}
