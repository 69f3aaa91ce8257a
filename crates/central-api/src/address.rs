// SPDX-License-Identifier: EUPL-1.2
//! A request's address must be text: its path and query string, percent-decoded, UTF-8
//! without NUL. PostgreSQL cannot hold a NUL in a text and refused such a parameter with
//! an error that became a 500 (SQLite found nothing: a 404); bytes that are no UTF-8
//! were dropped from a query (`q=He%ED%A0%80` searched for "He") while a path refused
//! them. Refused here, before any route, with a 400 naming the part.

use axum::{
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Response},
};
use percent_encoding::percent_decode;

use crate::error::ApiError;

/// Middleware: refuses a request whose path or query string is no text ([`problem`]).
pub async fn check(request: Request, next: Next) -> Response {
    let uri = request.uri();
    match problem(uri.path(), uri.query()) {
        Some(problem) => ApiError::BadRequest(problem).into_response(),
        None => next.run(request).await,
    }
}

/// What is wrong with a path and query string, if anything.
fn problem(path: &str, query: Option<&str>) -> Option<String> {
    if !is_text(path.as_bytes()) {
        return Some("The path holds a NUL character (%00) or bytes that are no UTF-8.".to_owned());
    }
    for pair in query.unwrap_or_default().split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        for part in [name, value] {
            // A form's `+` is a space; it does not change what is text.
            if !is_text(part.as_bytes()) {
                return Some(format!(
                    "The query parameter `{}` holds a NUL character (%00) or bytes that are no UTF-8.",
                    crate::shorten::to_chars(
                        &String::from_utf8_lossy(
                            &percent_decode(name.as_bytes()).collect::<Vec<u8>>()
                        ),
                        40
                    )
                ));
            }
        }
    }
    None
}

/// Whether `encoded`, percent-decoded, is UTF-8 without NUL.
fn is_text(encoded: &[u8]) -> bool {
    let decoded: Vec<u8> = percent_decode(encoded).collect();
    !decoded.contains(&0) && std::str::from_utf8(&decoded).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_bytes_that_are_no_utf8_are_refused_in_path_and_query() {
        assert_eq!(problem("/api/places", Some("q=B%C3%BCsum&lang=de")), None);
        assert_eq!(problem("/api/services/99050012104000", None), None);
        assert_eq!(problem("/api/places", Some("q=a+b&&flag")), None);
        assert!(problem("/api/services/9905001210400%00", None).is_some());
        assert!(problem("/api/forms/%FF/latest", None).is_some());
        assert_eq!(
            problem("/api/places", Some("q=He%ED%A0%80")).as_deref(),
            Some("The query parameter `q` holds a NUL character (%00) or bytes that are no UTF-8.")
        );
        assert!(
            problem("/", Some("category=a%00"))
                .unwrap()
                .contains("`category`")
        );
        assert!(problem("/", Some("a%00=1")).is_some());
    }
}
