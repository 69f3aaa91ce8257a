// SPDX-License-Identifier: EUPL-1.2
//! `POST /api/sender-token`: the portal's pages send through the Submission API as the
//! portal's own sender ([`crate::fit_connect::oauth::PORTAL_CLIENT`]). A browser cannot
//! keep a client secret, so the relay, which serves the portal, holds the credentials
//! and hands each page a short-lived token, as a portal's backend would; counted per
//! client address like submissions.

use axum::{Router, extract::State, response::Response, routing::post};

use crate::{
    AppState,
    error::ApiError,
    fit_connect::oauth::{self, SEND_EVERYWHERE},
    limits::{self, ClientIp},
};

pub fn router() -> Router<AppState> {
    Router::new().route("/sender-token", post(sender_token))
}

async fn sender_token(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
) -> Result<Response, ApiError> {
    state.sender_token_rate.check(&state.store, client).await?;
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
