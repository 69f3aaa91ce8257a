// SPDX-License-Identifier: EUPL-1.2
//! Extractors: JSON bodies and query strings whose rejections are an [`ApiError`]
//! (problem+json, as the OpenAPI document says, never the framework's plain text), and
//! the response language.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
    http::{StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use form_engine::Lang;
use serde::{Serialize, de::DeserializeOwned};

use crate::{
    error::ApiError,
    limits::{MAX_JSON_DEPTH, json_too_deep},
};

/// `axum::Json`, but a bad body answers as problem+json, and bodies nested deeper than
/// [`MAX_JSON_DEPTH`] are refused before parsing.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .is_some_and(|v| v == "application/json" || v.ends_with("+json"));
        if !is_json {
            return Err(ApiError::UnsupportedMediaType(
                "Expected `Content-Type: application/json`.".into(),
            ));
        }
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
        serde_json::from_slice(&bytes).map(ApiJson).map_err(|err| {
            // Syntax and data errors name the position, which helps the client; they
            // never quote the body.
            ApiError::BadRequest(format!("Failed to parse the request body as JSON: {err}"))
        })
    }
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
