// SPDX-License-Identifier: EUPL-1.2
//! OAuth 2.0 for the Submission API: the token endpoint (`POST /token`, grant type
//! `client_credentials`, RFC 6749 section 4.4) and the [`Caller`] a bearer token stands
//! for. Scopes are FIT-Connect's: a sender holds `send:region:DE…` (the region prefix
//! it may send to; `DE` is everywhere), a subscriber `subscribe:destination:<id>` for
//! each destination it receives for.
//!
//! Tokens are opaque random strings, kept as their SHA-256 with their end, so that
//! every instance on the database knows them.

use axum::{
    Json, Router,
    body::Bytes,
    extract::rejection::BytesRejection,
    extract::{FromRequestParts, State},
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::post,
};
use base64::{Engine, engine::general_purpose::STANDARD};
use serde::Deserialize;
use serde_json::json;

use crate::{
    AppState,
    error::ApiError,
    routes::submissions::{bearer_token, new_status_token},
    store::{Store, StoreError, oauth::ClientRow, time_text},
};

/// How long an access token is valid.
pub const TOKEN_SECONDS: i64 = 30 * 60;
/// Most valid tokens one network holds of the portal's sender tokens (a citizen's page
/// holds one; an address that many citizens share, behind a carrier's NAT, holds many).
/// Asking for more drops the network's oldest (the portal's pages ask again after a 401).
pub const MAX_TOKENS_PER_HOLDER: i64 = 1_000;
/// Most valid tokens a registered client holds: a busy integration may ask for one per
/// call (one every 18 ms for the token's half hour); asking for more drops its oldest.
pub const MAX_TOKENS_PER_CLIENT: i64 = 100_000;
/// The scope of a sender that may send everywhere.
pub const SEND_EVERYWHERE: &str = "send:region:DE";
/// The client id of the portal's own sender (see [`ensure_portal_client`]).
pub const PORTAL_CLIENT: &str = "buergerportal-portal";

pub fn router() -> Router<AppState> {
    Router::new().route(TOKEN_ROUTE, post(token))
}

/// The scope with which a subscriber receives for `destination_id`.
pub fn subscribe_scope(destination_id: &str) -> String {
    format!("subscribe:destination:{destination_id}")
}

/// Whether `scope` is one a client of `kind` may hold.
pub fn is_valid_scope(kind: &str, scope: &str) -> bool {
    match kind {
        "sender" => scope
            .strip_prefix("send:region:DE")
            .is_some_and(|region| region.len() <= 12 && region.bytes().all(|b| b.is_ascii_digit())),
        "subscriber" => scope
            .strip_prefix("subscribe:destination:")
            .is_some_and(super::is_uuid),
        _ => false,
    }
}

/// The body of a token request (`application/x-www-form-urlencoded`).
#[derive(Debug, Default, Deserialize)]
struct TokenRequest {
    #[serde(default)]
    grant_type: Option<String>,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    client_secret: Option<String>,
    #[serde(default)]
    scope: Option<String>,
}

/// The token endpoint's route, which answers every refusal in OAuth's format.
pub const TOKEN_ROUTE: &str = "/token";

/// An OAuth error answer (RFC 6749, section 5.2).
pub(crate) fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut response = (
        status,
        Json(json!({"error": error, "error_description": description})),
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if status == StatusCode::UNAUTHORIZED {
        headers.insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"token\""),
        );
    }
    response
}

/// `client_secret_basic`: the client's id and secret from an `Authorization: Basic`
/// header (both form-urlencoded, RFC 6749 section 2.3.1).
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |text: &str| {
        percent_encoding::percent_decode_str(&text.replace('+', " "))
            .decode_utf8()
            .ok()
            .map(|t| t.into_owned())
    };
    Some((unescape(id)?, unescape(secret)?))
}

/// `POST /token`: an access token for a client's credentials.
async fn token(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    // A body over the API's limit is refused in OAuth's own error format, as every
    // other refusal of this endpoint, not with the framework's plain text.
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            return oauth_error(
                rejection.status(),
                "invalid_request",
                &format!(
                    "the request body could not be read: {}",
                    rejection.body_text()
                ),
            );
        }
    };
    match issue_for_request(&state, &headers, &body).await {
        Ok(response) => response,
        Err(TokenError::OAuth(response)) => response,
        Err(TokenError::Store(err)) => ApiError::from(err).into_response(),
    }
}

enum TokenError {
    OAuth(Response),
    Store(StoreError),
}

impl From<StoreError> for TokenError {
    fn from(err: StoreError) -> Self {
        TokenError::Store(err)
    }
}

async fn issue_for_request(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, TokenError> {
    let bad = |error: &str, description: &str| {
        TokenError::OAuth(oauth_error(StatusCode::BAD_REQUEST, error, description))
    };
    // The media type parsed, so that its case does not matter and a longer one
    // (`…-urlencodedfoo`) is not taken for it (RFC 9110, 8.3.1).
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<mime::Mime>().ok())
        .is_some_and(|m| m.essence_str() == mime::APPLICATION_WWW_FORM_URLENCODED.essence_str());
    if !form {
        return Err(bad(
            "invalid_request",
            "The request must be application/x-www-form-urlencoded.",
        ));
    }
    let request: TokenRequest = serde_urlencoded::from_bytes(body).map_err(|_| {
        bad(
            "invalid_request",
            "The body is not a form (each parameter at most once).",
        )
    })?;
    match request.grant_type.as_deref() {
        Some("client_credentials") => {}
        // A parameter the request needs is missing (RFC 6749, 5.2).
        None => return Err(bad("invalid_request", "grant_type is required.")),
        Some(_) => {
            return Err(bad(
                "unsupported_grant_type",
                "Only grant_type=client_credentials is offered.",
            ));
        }
    }
    // One Authorization field (RFC 9110 gives it once); of two, which would count?
    if headers.get_all(header::AUTHORIZATION).iter().count() > 1 {
        return Err(bad(
            "invalid_request",
            "Give the Authorization header once.",
        ));
    }
    let credentials = match (
        basic_credentials(headers),
        request.client_id,
        request.client_secret,
    ) {
        (Some(basic), None, None) => basic,
        // A client may name itself in the body as well (RFC 6749, 3.2.1): the same
        // client, so not a second way of authenticating.
        (Some(basic), Some(id), None) if id == basic.0 => basic,
        (None, Some(id), Some(secret)) => (id, secret),
        (Some(_), _, None) => {
            return Err(bad(
                "invalid_request",
                "The client_id in the body names another client than the Authorization header.",
            ));
        }
        (Some(_), _, Some(_)) => {
            return Err(bad(
                "invalid_request",
                "Give the client's credentials once: in the Authorization header or in the body.",
            ));
        }
        _ => {
            return Err(TokenError::OAuth(oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "client_id and client_secret are required.",
            )));
        }
    };
    let Some(client) = state
        .store
        .oauth()
        .authenticate(&credentials.0, &credentials.1)
        .await?
    else {
        return Err(TokenError::OAuth(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Unknown client or wrong secret.",
        )));
    };
    let allowed: Vec<&str> = client.scopes.split_whitespace().collect();
    let granted = match request.scope.as_deref().map(str::split_whitespace) {
        Some(asked) => {
            // A scope asked for twice is granted once.
            let mut asked: Vec<&str> = asked.collect();
            let mut seen = std::collections::HashSet::new();
            asked.retain(|scope| seen.insert(*scope));
            if let Some(not_allowed) = asked.iter().find(|s| !allowed.contains(s)) {
                return Err(bad(
                    "invalid_scope",
                    &format!("The client may not ask for the scope {not_allowed}."),
                ));
            }
            asked.join(" ")
        }
        None => allowed.join(" "),
    };
    if granted.is_empty() {
        return Err(bad("invalid_scope", "The client holds no scope."));
    }
    let token = issue(&state.store, &client, "", &granted).await?;
    tracing::info!(client = %client.client_id, "access token issued");
    Ok(token_response(&token, &granted))
}

/// Records a new access token for `client`, held by `holder` ('' for a registered
/// client, the network of the page that asked for a portal sender token), with
/// `scopes`; the token.
pub async fn issue(
    store: &Store,
    client: &ClientRow,
    holder: &str,
    scopes: &str,
) -> Result<String, StoreError> {
    let token = new_status_token();
    let expires_at =
        time_text(time::OffsetDateTime::now_utc() + time::Duration::seconds(TOKEN_SECONDS));
    store
        .oauth()
        .add_token(
            &token,
            &client.client_id,
            holder,
            scopes,
            &expires_at,
            if holder.is_empty() {
                MAX_TOKENS_PER_CLIENT
            } else {
                MAX_TOKENS_PER_HOLDER
            },
        )
        .await?;
    Ok(token)
}

/// The token endpoint's answer (RFC 6749, section 5.1).
pub fn token_response(token: &str, scopes: &str) -> Response {
    super::no_store(Json(json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": TOKEN_SECONDS,
        "scope": scopes,
    })))
}

/// Registers the portal's own sender, whose tokens the relay hands to the portal's
/// pages (`POST /api/sender-token`): its secret is random and forgotten at once, so no
/// one can ask `/token` for it.
pub async fn ensure_portal_client(store: &Store) -> Result<(), StoreError> {
    store
        .oauth()
        .add_client_if_missing(&portal_client(), &new_status_token())
        .await?;
    Ok(())
}

/// The portal's own sender.
pub fn portal_client() -> ClientRow {
    ClientRow {
        client_id: PORTAL_CLIENT.into(),
        kind: "sender".into(),
        scopes: SEND_EVERYWHERE.into(),
        name: "Bürgerportal".into(),
    }
}

/// A client's credentials as its side keeps them (a JSON file, mode 0600).
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct Credentials {
    pub client_id: String,
    pub client_secret: String,
}

impl Credentials {
    /// The credentials in `file`.
    pub fn read(file: &std::path::Path) -> Result<Credentials, String> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read the client credentials {}: {e}", file.display()))?;
        serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}: not client credentials (client_id, client_secret): {e}",
                file.display()
            )
        })
    }

    /// The credentials in `file`, or new ones written there (never replacing a file).
    pub fn read_or_make(file: &std::path::Path) -> Result<Credentials, String> {
        if file.exists() {
            return Credentials::read(file);
        }
        let made = Credentials {
            client_id: super::new_uuid(),
            client_secret: new_status_token(),
        };
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::custody::create_private_dir(dir)?;
        }
        let text = serde_json::to_string_pretty(&made).map_err(|e| e.to_string())? + "\n";
        crate::custody::write_private(file, text.as_bytes())
            .map_err(|e| format!("{}: {e}", file.display()))?;
        Ok(made)
    }
}

/// The client a valid bearer token stands for, with the scopes it was granted.
#[derive(Debug, Clone)]
pub struct Caller {
    pub client_id: String,
    pub scopes: Vec<String>,
}

impl Caller {
    /// Whether the caller may send to a destination serving `regions` (`DE` + ARS).
    pub fn may_send_to(&self, regions: &[String]) -> bool {
        self.scopes.iter().any(|scope| {
            scope.strip_prefix("send:region:").is_some_and(|region| {
                region == "DE" || regions.iter().any(|r| r.starts_with(region))
            })
        })
    }

    /// Whether the caller is a sender at all.
    pub fn is_sender(&self) -> bool {
        self.scopes.iter().any(|s| s.starts_with("send:region:"))
    }

    /// Whether the caller receives for `destination_id`.
    pub fn subscribes_to(&self, destination_id: &str) -> bool {
        self.scopes.contains(&subscribe_scope(destination_id))
    }

    /// The destinations the caller receives for.
    pub fn destinations(&self) -> Vec<&str> {
        self.scopes
            .iter()
            .filter_map(|s| s.strip_prefix("subscribe:destination:"))
            .collect()
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if parts.headers.get_all(header::AUTHORIZATION).iter().count() > 1 {
            return Err(ApiError::BadRequest(
                "Give the Authorization header once.".into(),
            ));
        }
        let token = bearer_token(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let row = state
            .store
            .oauth()
            .token(token)
            .await?
            .ok_or(ApiError::InvalidToken)?;
        Ok(Caller {
            client_id: row.client_id,
            scopes: row.scopes.split_whitespace().map(str::to_owned).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_checked_by_kind() {
        assert!(is_valid_scope("sender", "send:region:DE"));
        assert!(is_valid_scope("sender", "send:region:DE0105"));
        assert!(!is_valid_scope("sender", "send:region:FR"));
        assert!(is_valid_scope(
            "subscriber",
            "subscribe:destination:879ee109-a690-4db8-ab32-424284184d7d"
        ));
        assert!(!is_valid_scope("subscriber", "send:region:DE"));
    }

    #[test]
    fn senders_are_bound_to_their_region() {
        let caller = Caller {
            client_id: "c".into(),
            scopes: vec!["send:region:DE0105".into()],
        };
        assert!(caller.may_send_to(&["DE010510044044".into()]));
        assert!(!caller.may_send_to(&["DE020000000000".into()]));
        let everywhere = Caller {
            client_id: "c".into(),
            scopes: vec![SEND_EVERYWHERE.into()],
        };
        assert!(everywhere.may_send_to(&[]));
    }

    #[test]
    fn basic_credentials_are_form_decoded() {
        let mut headers = HeaderMap::new();
        let value = format!("Basic {}", STANDARD.encode("my%20client:s%3Acret"));
        headers.insert(header::AUTHORIZATION, value.parse().unwrap());
        assert_eq!(
            basic_credentials(&headers),
            Some(("my client".into(), "s:cret".into()))
        );
    }
}
