// SPDX-License-Identifier: EUPL-1.2
//! `POST /api/sender-token`: the portal's pages send through the Submission API as the
//! portal's own sender ([`crate::fit_connect::oauth::PORTAL_CLIENT`]). A browser cannot
//! keep a client secret, so the relay, which serves the portal, holds the credentials
//! and hands each page a short-lived token, as a portal's backend would; counted per
//! client address like submissions.
//!
//! What the tokens take in the database is bounded twice: per asking network
//! ([`oauth::MAX_TOKENS_PER_HOLDER`], its oldest dropped) and in all
//! ([`crate::limits::Limits::max_portal_sender_tokens`], new ones refused).

use axum::{
    Router,
    extract::State,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
    routing::post,
};

use crate::{
    AppState,
    error::ApiError,
    fit_connect::oauth::{self, PORTAL_CLIENT, SEND_EVERYWHERE, TOKEN_SECONDS},
    limits::{self, ClientIp},
    store::time_of,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/sender-token", post(sender_token))
}

async fn sender_token(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
) -> Result<Response, ApiError> {
    state.sender_token_rate.check(&state.store, client).await?;
    if let Some(refusal) = refusal_at_ceiling(&state).await? {
        return Ok(refusal);
    }
    // Held by the asking network: a flood of requests drops only its own tokens.
    let holder = limits::client_key(client);
    let token = oauth::issue(
        &state.store,
        &oauth::portal_client(),
        &holder,
        SEND_EVERYWHERE,
    )
    .await?;
    Ok(oauth::token_response(&token, SEND_EVERYWHERE))
}

/// A 503 with `Retry-After` (the seconds until the first valid token ends and makes
/// room) when the portal's pages hold `max_portal_sender_tokens` valid tokens in all.
///
/// Refusing the new token, rather than dropping the oldest holders' tokens to make room,
/// is what protects citizens in the middle of sending: every token handed out stays
/// valid for its half hour, so an application being filled in, its files uploaded or
/// its submit under way still goes through; only a page that asks for a token now is
/// told to try again. Dropping the oldest would instead end, in the middle of their
/// work, the citizens who came first, and a flood from many networks would go on
/// dropping them for as long as it lasts.
///
/// Counted before the insert, so instances (and requests) asking at the same moment may
/// go past the ceiling by as many as ask together: a ceiling on the database's size,
/// not an exact count.
async fn refusal_at_ceiling(state: &AppState) -> Result<Option<Response>, ApiError> {
    let ceiling = state.limits.max_portal_sender_tokens;
    if ceiling == 0 {
        return Ok(None);
    }
    let (live, first_end) = state.store.oauth().live_tokens(PORTAL_CLIENT).await?;
    if u64::try_from(live).unwrap_or(0) < ceiling {
        return Ok(None);
    }
    let now = time::OffsetDateTime::now_utc();
    let retry_after = first_end
        .as_deref()
        .and_then(time_of)
        .map_or(TOKEN_SECONDS, |end| (end - now).whole_seconds())
        .clamp(1, TOKEN_SECONDS);
    tracing::warn!(
        live,
        ceiling,
        "portal sender tokens at their ceiling; new ones refused"
    );
    let mut response = ApiError::Unavailable(format!(
        "Too many people are sending at the moment; please try again in {retry_after} s."
    ))
    .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    Ok(Some(response))
}
