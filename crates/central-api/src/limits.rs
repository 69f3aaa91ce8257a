// SPDX-License-Identifier: EUPL-1.2
//! Limits: JSON nesting depth, attachments, and a per-client rate limit on submissions.

use std::{
    collections::HashMap,
    net::{IpAddr, Ipv4Addr, SocketAddr},
    sync::Mutex,
    time::{Duration, Instant},
};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};

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

/// Fixed one-minute windows per client address.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

const WINDOW: Duration = Duration::from_secs(60);

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `client`; `Err(seconds)` if over the limit, with the seconds
    /// until the window ends (for `Retry-After`).
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let (start, count) = windows.entry(client).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        if *count >= self.per_minute {
            let left = WINDOW.saturating_sub(now.duration_since(*start));
            return Err(left.as_secs().max(1));
        }
        *count += 1;
        Ok(())
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

/// The media type of a file by its first bytes: PDF, PNG or JPEG, else `None`.
pub fn sniff_media_type(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
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

    #[test]
    fn magic_bytes_decide_the_type() {
        assert_eq!(sniff_media_type(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(
            sniff_media_type(b"\x89PNG\r\n\x1a\n\0\0"),
            Some("image/png")
        );
        assert_eq!(
            sniff_media_type(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some("image/jpeg")
        );
        assert_eq!(sniff_media_type(b"<html>"), None);
        assert_eq!(sniff_media_type(b""), None);
    }

    #[test]
    fn rate_limiter_refuses_over_the_limit() {
        let limiter = RateLimiter::new(2);
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        assert!(limiter.check(ip).is_ok());
        assert!(limiter.check(ip).is_ok());
        let retry = limiter.check(ip).unwrap_err();
        assert!((1..=60).contains(&retry));
        assert!(
            limiter
                .check(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)))
                .is_ok()
        );
        assert!(RateLimiter::new(0).check(ip).is_ok());
    }
}
