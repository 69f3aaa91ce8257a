// SPDX-License-Identifier: EUPL-1.2
//! Limits: JSON nesting depth, attachments, and a per-client rate limit on submissions
//! that holds across API instances. (The type of a file by its content is
//! `form_engine::media::sniff`, shared with the definition check.)

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};

use crate::{error::ApiError, store::Store};

/// Deepest accepted nesting of arrays and objects in a JSON body.
pub const MAX_JSON_DEPTH: usize = 32;

/// Configurable limits.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Submissions (`POST /api/submissions`) per client IP address and minute; 0: none.
    pub submissions_per_minute: u32,
    /// Largest attachment in bytes.
    pub max_attachment_bytes: u64,
    /// Most attachments per submission.
    pub max_attachments: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            submissions_per_minute: 30,
            max_attachment_bytes: 10 * 1024 * 1024,
            max_attachments: 10,
        }
    }
}

/// Fixed one-minute windows per client, counted in the database (see
/// [`crate::store::rate_limits`]) so that the limit holds across every API instance.
/// A client is an IPv4 address or an IPv6 /64 network (one subscriber's usual share, so
/// that cycling through addresses of one's own prefix does not escape the limit).
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
}

/// Length of a window in seconds.
const WINDOW_SECONDS: i64 = 60;

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter { per_minute }
    }

    /// Counts one request of `client`; [`ApiError::TooManyRequests`] with the seconds
    /// until the window ends (for `Retry-After`) if it is over the limit.
    pub async fn check(&self, store: &Store, client: IpAddr) -> Result<(), ApiError> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let window_start = now - now.rem_euclid(WINDOW_SECONDS);
        let count = store
            .rate_limits()
            .count(&client_key(client), window_start)
            .await?;
        if count > i64::from(self.per_minute) {
            let left = (window_start + WINDOW_SECONDS - now).max(1);
            return Err(ApiError::TooManyRequests(left.unsigned_abs()));
        }
        Ok(())
    }
}

/// Start of the window before the current one: windows that started earlier can be
/// deleted (by the retention job).
pub fn expired_windows_before() -> i64 {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    now - now.rem_euclid(WINDOW_SECONDS) - WINDOW_SECONDS
}

/// What a client is counted as: its IPv4 address, or its IPv6 /64 network (an
/// IPv4-mapped IPv6 address counts as the IPv4 address).
pub fn client_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let network = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{network}/64")
            }
        },
    }
}

/// The client's IP address (of the TCP connection; unknown in in-process tests).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip()),
        ))
    }
}

/// Whether the JSON text nests arrays and objects deeper than `max` (strings are skipped;
/// the text need not be valid JSON).
pub fn json_too_deep(bytes: &[u8], max: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_brackets_outside_strings() {
        assert!(!json_too_deep(br#"{"a":[1,{"b":2}]}"#, 3));
        assert!(json_too_deep(br#"{"a":[1,{"b":[2]}]}"#, 3));
        assert!(!json_too_deep(br#"{"a":"[[[[[[\"[[["}"#, 1));
        assert!(json_too_deep(&[b'['; 33], 32));
    }

    #[tokio::test]
    async fn rate_limiter_refuses_over_the_limit_on_a_real_database() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("limits.sqlite").display().to_string())
            .await
            .expect("store");
        let limiter = RateLimiter::new(2);
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        assert!(limiter.check(&store, ip).await.is_ok());
        assert!(limiter.check(&store, ip).await.is_ok());
        match limiter.check(&store, ip).await {
            Err(ApiError::TooManyRequests(retry)) => assert!((1..=60).contains(&retry)),
            other => panic!("expected 429, got {other:?}"),
        }
        let other = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
        assert!(limiter.check(&store, other).await.is_ok());
        assert!(RateLimiter::new(0).check(&store, ip).await.is_ok());
        // A second limiter on the same database (another instance) sees the same count.
        assert!(RateLimiter::new(2).check(&store, ip).await.is_err());
    }

    #[test]
    fn ipv6_clients_are_grouped_by_64_bit_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:ffff:1:2:3".parse().expect("ip");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(client_key(a), "2001:db8:1:2::/64");
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().expect("ip");
        assert_eq!(client_key(mapped), "192.0.2.7");
    }
}
