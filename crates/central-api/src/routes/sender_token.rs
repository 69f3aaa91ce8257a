// SPDX-License-Identifier: EUPL-1.2
//! `POST /api/sender-token`: the portal's pages send through the Submission API as the
//! portal's own sender ([`crate::fit_connect::oauth::PORTAL_CLIENT`]). A browser cannot
//! keep a client secret, so the relay, which serves the portal, holds the credentials
//! and hands each page a short-lived token, as a portal's backend would; counted per
//! asking network ([`limits::holder_key`]: an IPv4 address or an IPv6 /56 site).
//!
//! What the tokens take in the database is bounded twice: per asking network
//! ([`oauth::MAX_TOKENS_PER_HOLDER`], its oldest dropped) and in all
//! ([`crate::limits::Limits::max_portal_sender_tokens`]: the largest holder pays, see
//! [`refusal_at_ceiling`]).

use std::time::{Duration, Instant};

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
    // Held, and rate-limited, by the asking network: a flood of requests drops only its
    // own tokens, and the 256 /64s of one IPv6 /56 (a home line) are one network.
    let holder = limits::holder_key(client);
    state
        .sender_token_rate
        .check_key(&state.store, &holder)
        .await?;
    if let Some(refusal) = refusal_at_ceiling(&state, &holder).await? {
        return Ok(refusal);
    }
    let token = oauth::issue(
        &state.store,
        &oauth::portal_client(),
        &holder,
        SEND_EVERYWHERE,
    )
    .await?;
    Ok(oauth::token_response(&token, SEND_EVERYWHERE))
}

/// What this instance knows of the portal's valid tokens ([`AppState::sender_token_count`]).
///
/// Counting them takes reading every valid row (12 ms at 100,000), too much for every
/// request; so each instance counts at most once a second ([`COUNT_FRESH`]) and, in
/// between, adds the tokens it hands out and takes away those it drops. What the other
/// instances hand out within that second is not seen: the ceiling may be passed by that
/// much, a ceiling on the database's size rather than an exact count. A Tokio mutex, held
/// over the queries, so that requests asking at once wait for one count instead of each
/// counting.
#[derive(Default)]
pub struct TokenCount(tokio::sync::Mutex<Option<Count>>);

struct Count {
    /// When counted in the database.
    at: Instant,
    /// Valid tokens.
    live: u64,
    /// The end of the valid token that ends first (as stored).
    first_end: Option<String>,
    /// The holder of the most valid tokens and how many: asked for only at the ceiling.
    largest: Option<(String, i64)>,
}

/// How long a [`Count`] is believed.
const COUNT_FRESH: Duration = Duration::from_secs(1);

/// A 503 with `Retry-After` (the seconds until the first valid token ends and makes
/// room) when the portal's pages hold `max_portal_sender_tokens` valid tokens in all and
/// `holder` is (about) the largest holder; `None`, the token may be handed out, below
/// the ceiling or when room was made by dropping the largest holder's oldest token.
///
/// The largest holder pays. At the ceiling, a holder that holds fewer tokens than the
/// largest (by more than one, so that two holders of as many do not take turns dropping
/// each other's) is served, and the largest holder's oldest valid token is dropped to make
/// room; only the largest holder itself (or one holding about as many) is refused. A
/// flood, which comes from a few networks (each an IPv4 address or an IPv6 /56, so even
/// a /48 is only 256 of them, each limited to [`oauth::MAX_TOKENS_PER_HOLDER`] and to
/// its rate of requests), so pays for itself: what it asks for beyond the ceiling drops
/// its own tokens, not the citizens'. Refusing every new token at the ceiling instead
/// would let a hundred IPv4 addresses, or one /56 asking from its 256 /64s, lock every
/// citizen out for as long as the flood lasts; dropping the oldest tokens of all would
/// end, in the middle of their work, the citizens who came first. Citizens mid-send from
/// other networks keep their tokens (an application being filled in, its files uploaded
/// or its submit under way goes through), as do those of a network sharing one address
/// (a carrier's NAT) unless it is itself the largest holder; its pages ask again after a
/// 401.
///
/// Counted from this instance's [`Count`] (at most a second old, plus what it handed out
/// since), so instances asking at the same moment may go past the ceiling by what they
/// hand out within that second: a ceiling on the database's size, not an exact count.
async fn refusal_at_ceiling(state: &AppState, holder: &str) -> Result<Option<Response>, ApiError> {
    let ceiling = state.limits.max_portal_sender_tokens;
    if ceiling == 0 {
        return Ok(None);
    }
    let oauth = state.store.oauth();
    let mut cached = state.sender_token_count.0.lock().await;
    let stale = cached
        .as_ref()
        .is_none_or(|count| count.at.elapsed() >= COUNT_FRESH);
    if stale {
        let (live, first_end) = oauth.live_tokens(PORTAL_CLIENT).await?;
        *cached = Some(Count {
            at: Instant::now(),
            live: u64::try_from(live).unwrap_or(0),
            first_end,
            largest: None,
        });
    }
    let Some(count) = cached.as_mut() else {
        return Ok(None);
    };
    if count.live < ceiling {
        // Counted before the insert: a request failing later counts until the next count.
        count.live += 1;
        return Ok(None);
    }
    let mut recount = false;
    if count.largest.is_none() {
        count.largest = oauth.largest_holder(PORTAL_CLIENT).await?;
    }
    if let Some((largest, largest_held)) = count.largest.as_mut()
        && largest != holder
    {
        let held = oauth.held_tokens(PORTAL_CLIENT, holder).await?;
        if held + 1 < *largest_held {
            if oauth.drop_oldest_token(PORTAL_CLIENT, largest).await? {
                // One dropped, one handed out: as many valid as before.
                *largest_held -= 1;
                return Ok(None);
            }
            // Its tokens ended or were dropped by another instance: count again next
            // time.
            recount = true;
        }
    }
    let (live, first_end) = (count.live, count.first_end.clone());
    if recount {
        *cached = None;
    }
    drop(cached);
    let now = time::OffsetDateTime::now_utc();
    let retry_after = first_end
        .as_deref()
        .and_then(time_of)
        .map_or(TOKEN_SECONDS, |end| (end - now).whole_seconds())
        .clamp(1, TOKEN_SECONDS);
    log_refusal(live, ceiling);
    let mut response = ApiError::Unavailable(format!(
        "Too many people are sending at the moment; please try again in {retry_after} s."
    ))
    .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    Ok(Some(response))
}

/// Warns that the ceiling refuses tokens, at most once a minute per process: a flood
/// refused must not fill the log as well.
fn log_refusal(live: u64, ceiling: u64) {
    static LOG: limits::LogOncePerMinute = limits::LogOncePerMinute::new();
    if LOG.due() {
        tracing::warn!(
            live,
            ceiling,
            "portal sender tokens at their ceiling; the largest holder's new ones refused"
        );
    }
}
