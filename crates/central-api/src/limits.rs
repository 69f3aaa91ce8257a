// SPDX-License-Identifier: EUPL-1.2
//! Limits: JSON nesting depth, attachments, and a per-client rate limit on submissions
//! that holds across API instances. (The type of a file by its content is
//! `form_engine::media::sniff`, shared with the definition check.)

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};

use crate::{AppState, error::ApiError, store::Store};

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
    /// Most bytes of all the files of one submission together.
    pub max_submission_bytes: u64,
    /// Most bytes one client may upload per hour (encrypted, replacements included); 0:
    /// no limit.
    pub client_upload_bytes_per_hour: u64,
    /// The same for one IPv6 /56 ([`client_site`]): its 256 /64s are each a client, so
    /// without it one home line could store 256 clients' hours. 0: no limit.
    pub site_upload_bytes_per_hour: u64,
    /// The same for one IPv6 /48 ([`client_prefix`], 256 sites). 0: no limit.
    pub prefix_upload_bytes_per_hour: u64,
    /// Most bytes of attachments the relay stores in all; 0: no limit.
    pub max_stored_bytes: u64,
    /// Most valid sender tokens the portal's pages hold in all (`POST
    /// /api/sender-token`); beyond, new ones are refused (503). 0: no limit.
    pub max_portal_sender_tokens: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            submissions_per_minute: 30,
            max_attachment_bytes: 10 * 1024 * 1024,
            max_attachments: 10,
            max_submission_bytes: 30 * 1024 * 1024,
            client_upload_bytes_per_hour: 200 * 1024 * 1024,
            // Four times the level below, as the connection caps are.
            site_upload_bytes_per_hour: 800 * 1024 * 1024,
            prefix_upload_bytes_per_hour: 3200 * 1024 * 1024,
            max_stored_bytes: 50 * 1024 * 1024 * 1024,
            // A hundred times the tokens of one network (`MAX_TOKENS_PER_HOLDER`): room
            // for a busy half hour of citizens, a few MB of the database.
            max_portal_sender_tokens: 100_000,
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
    /// Prefix of the counted keys, so that limits of different requests count apart.
    name: &'static str,
}

/// Length of a window in seconds.
const WINDOW_SECONDS: i64 = 60;

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            name: "",
        }
    }

    /// A limit counted apart from the others, under `name`.
    pub fn named(per_minute: u32, name: &'static str) -> Self {
        RateLimiter { per_minute, name }
    }

    /// Counts one request of `client`; [`ApiError::TooManyRequests`] with the seconds
    /// until the window ends (for `Retry-After`) if it is over the limit.
    pub async fn check(&self, store: &Store, client: IpAddr) -> Result<(), ApiError> {
        self.check_key(store, &client_key(client)).await
    }

    /// [`RateLimiter::check`] for a client counted as `key` (a [`client_key`] or a
    /// [`holder_key`]).
    pub async fn check_key(&self, store: &Store, key: &str) -> Result<(), ApiError> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let window_start = now - now.rem_euclid(WINDOW_SECONDS);
        let count = store
            .rate_limits()
            .count(&format!("{}{key}", self.name), window_start)
            .await?;
        if count > i64::from(self.per_minute) {
            let left = (window_start + WINDOW_SECONDS - now).max(1);
            return Err(ApiError::TooManyRequests(left.unsigned_abs()));
        }
        Ok(())
    }
}

/// The hourly upload quotas of a client and of the wider IPv6 networks it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct UploadQuotas {
    pub per_client: u64,
    pub per_site: u64,
    pub per_prefix: u64,
}

impl Limits {
    pub fn upload_quotas(&self) -> UploadQuotas {
        UploadQuotas {
            per_client: self.client_upload_bytes_per_hour,
            per_site: self.site_upload_bytes_per_hour,
            per_prefix: self.prefix_upload_bytes_per_hour,
        }
    }
}

/// Counts `bytes` more of uploads in the current hour against `client` and against the
/// IPv6 /56 and /48 it belongs to; [`ApiError::QuotaExceeded`] if that takes any of them
/// over its quota (then they are counted at no level, and the caller's upload is refused
/// before it starts). All levels are counted in one transaction: a database error
/// part-way counts nothing either.
pub async fn count_upload(
    store: &Store,
    client: IpAddr,
    bytes: u64,
    quotas: UploadQuotas,
) -> Result<(), ApiError> {
    const HOUR: i64 = 60 * 60;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let window_start = now - now.rem_euclid(HOUR);
    let amount = i64::try_from(bytes).unwrap_or(i64::MAX);
    let levels = [
        (Some(client_key(client)), quotas.per_client, "This client"),
        (
            client_site(client).map(|site| format!("{site}/56")),
            quotas.per_site,
            "This client's network (IPv6 /56)",
        ),
        (
            client_prefix(client).map(|prefix| format!("{prefix}/48")),
            quotas.per_prefix,
            "This client's network (IPv6 /48)",
        ),
    ];
    let counted: Vec<(String, i64, &str)> = levels
        .into_iter()
        .filter(|(_, per_hour, _)| *per_hour > 0)
        .filter_map(|(network, per_hour, who)| {
            let limit = i64::try_from(per_hour).unwrap_or(i64::MAX);
            Some((format!("upload-bytes {}", network?), limit, who))
        })
        .collect();
    let counts: Vec<(&str, i64)> = counted
        .iter()
        .map(|(key, limit, _)| (key.as_str(), *limit))
        .collect();
    // All levels or none: a refused upload is counted nowhere.
    match store
        .rate_limits()
        .add_within(&counts, window_start, amount)
        .await?
    {
        None => Ok(()),
        Some(over) => {
            let (_, per_hour, who) = &counted[over];
            Err(ApiError::QuotaExceeded(
                format!("{who} may upload at most {per_hour} bytes per hour."),
                (window_start + HOUR - now).max(1).unsigned_abs(),
            ))
        }
    }
}

/// Start of the window before the current one: windows that started earlier can be
/// deleted (by the retention job).
pub fn expired_windows_before() -> i64 {
    // The upload quota's windows are an hour long: keep everything of the last hour.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    now - now.rem_euclid(60 * 60) - 60 * 60
}

/// What a client is counted as: its IPv4 address, or the first address of its IPv6 /64
/// network (an IPv4-mapped IPv6 address counts as the IPv4 address). A /64 is what one
/// subscriber line is given: counting its addresses apart would give one client
/// 2^64 shares.
pub fn client_network(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// The IPv6 /56 an address belongs to (its first address), `None` for IPv4 (and an
/// IPv4-mapped address). A /56 is what a home line is commonly delegated (RFC 6177):
/// 256 /64s, each a client of its own by [`client_network`], so the line's owner could
/// otherwise open 256 clients' shares of connections.
pub fn client_site(address: IpAddr) -> Option<IpAddr> {
    match client_network(address) {
        IpAddr::V4(_) => None,
        IpAddr::V6(v6) => {
            let s = v6.segments();
            Some(IpAddr::V6(std::net::Ipv6Addr::new(
                s[0],
                s[1],
                s[2],
                s[3] & 0xff00,
                0,
                0,
                0,
                0,
            )))
        }
    }
}

/// The IPv6 /48 an address belongs to (its first address), `None` for IPv4 (and an
/// IPv4-mapped address). A /48 is what a tunnel broker hands out for free, and an
/// organisation's usual prefix: 256 /56 sites, so its owner could otherwise open 256
/// sites' shares of connections.
pub fn client_prefix(address: IpAddr) -> Option<IpAddr> {
    client_site(address).map(|site| match site {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], 0, 0, 0, 0, 0))
        }
        v4 => v4,
    })
}

/// Who holds a portal sender token and is counted by its rate limit: an IPv4 address
/// ([`client_key`]), or an IPv6 /56 site ([`client_site`], `2001:db8:1:200::/56`). Per
/// /64, one home line's 256 /64s would hold 256 networks' shares of the ceiling on the
/// tokens in all.
pub fn holder_key(address: IpAddr) -> String {
    match client_site(address) {
        Some(site) => format!("{site}/56"),
        None => client_key(address),
    }
}

/// [`client_network`] as the rate limits store it (`2001:db8::/64`, `192.0.2.7`).
pub fn client_key(address: IpAddr) -> String {
    match client_network(address) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(network) => format!("{network}/64"),
    }
}

/// The addresses of reverse proxies (load balancers) whose `X-Forwarded-For` header is
/// believed (`central-api serve --trusted-proxies 10.0.0.0/8,…`). Nobody else's is: a
/// client cannot choose the address it is counted as.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<ipnet::IpNet>);

impl TrustedProxies {
    /// Parses a list of addresses and networks (`10.0.0.7`, `10.0.0.0/8`, `fd00::/8`).
    pub fn parse(list: &[String]) -> Result<Self, String> {
        list.iter()
            .map(|item| item.trim())
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse::<ipnet::IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| {
                        format!("trusted proxy {item:?} is not an IP address or network (CIDR)")
                    })
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client a request comes from: the connection's peer, or, if the peer is a
    /// trusted proxy, the nearest address in `X-Forwarded-For` (read from the right, as
    /// each proxy appends the address it saw) that is not a trusted proxy itself.
    pub fn client(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        let Some(header) = forwarded_for else {
            return peer;
        };
        let mut client = peer;
        for hop in header.rsplit(',') {
            match hop.trim().parse::<IpAddr>() {
                Ok(address) => {
                    client = canonical(address);
                    if !self.contains(client) {
                        return client;
                    }
                }
                // A hop that is not an address: trust stops here.
                Err(_) => return client,
            }
        }
        client
    }
}

/// An IPv4-mapped IPv6 address as the IPv4 address it is.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// The client's IP address: of the TCP connection, or, behind a trusted proxy, the one it
/// forwarded (see [`TrustedProxies::client`]); unknown in in-process tests.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|value| value.to_str().ok());
        Ok(ClientIp(state.trusted_proxies.client(peer, forwarded)))
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

/// A log line at most once a minute per process (a flood must not fill the log): the
/// second of the last one.
pub(crate) struct LogOncePerMinute(AtomicU64);

impl LogOncePerMinute {
    pub(crate) const fn new() -> Self {
        LogOncePerMinute(AtomicU64::new(0))
    }

    /// Whether a line is due now (and then none for a minute).
    pub(crate) fn due(&self) -> bool {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        let last = self.0.load(Ordering::Relaxed);
        (last == 0 || now >= last + 60)
            && self
                .0
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
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
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "::1".into()]).expect("parse");
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        // From anyone else the header is ignored.
        assert_eq!(
            proxies.client(ip("192.0.2.1"), Some("198.51.100.7")),
            ip("192.0.2.1")
        );
        // From a proxy: the nearest untrusted hop, read from the right.
        assert_eq!(
            proxies.client(ip("10.1.2.3"), Some("203.0.113.9, 198.51.100.7, 10.0.0.5")),
            ip("198.51.100.7")
        );
        assert_eq!(
            proxies.client(ip("::1"), Some("198.51.100.7")),
            ip("198.51.100.7")
        );
        assert_eq!(proxies.client(ip("10.1.2.3"), None), ip("10.1.2.3"));
        assert_eq!(
            proxies.client(ip("10.1.2.3"), Some("junk, 198.51.100.7")),
            ip("198.51.100.7")
        );
        assert_eq!(
            proxies.client(ip("10.1.2.3"), Some("10.0.0.9, junk")),
            ip("10.1.2.3")
        );
        assert_eq!(
            proxies.client(ip("::ffff:10.1.2.3"), Some("198.51.100.7")),
            ip("198.51.100.7")
        );
        assert!(TrustedProxies::parse(&["not-an-address".into()]).is_err());
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

    #[test]
    fn the_site_of_an_ipv6_client_is_its_56() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        assert_eq!(
            client_site(ip("2001:db8:1:2ff::1")),
            Some(ip("2001:db8:1:200::"))
        );
        assert_eq!(
            client_site(ip("2001:db8:1:200:ffff::9")),
            client_site(ip("2001:db8:1:2ff::1")),
            "every /64 of the /56 is one site"
        );
        assert_ne!(
            client_site(ip("2001:db8:1:300::1")),
            client_site(ip("2001:db8:1:2ff::1"))
        );
        assert_eq!(client_site(ip("192.0.2.7")), None);
        assert_eq!(client_site(ip("::ffff:192.0.2.7")), None);
    }

    #[test]
    fn the_prefix_of_an_ipv6_client_is_its_48_and_a_holder_its_site() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        assert_eq!(
            client_prefix(ip("2001:db8:1:2ff::1")),
            Some(ip("2001:db8:1::"))
        );
        assert_eq!(
            client_prefix(ip("2001:db8:1:ffff:1::9")),
            client_prefix(ip("2001:db8:1:2ff::1")),
            "every /56 of the /48 is one prefix"
        );
        assert_ne!(
            client_prefix(ip("2001:db8:2::1")),
            client_prefix(ip("2001:db8:1::1"))
        );
        assert_eq!(client_prefix(ip("192.0.2.7")), None);
        assert_eq!(client_prefix(ip("::ffff:192.0.2.7")), None);
        assert_eq!(holder_key(ip("2001:db8:1:2ff::1")), "2001:db8:1:200::/56");
        assert_eq!(
            holder_key(ip("2001:db8:1:200:ffff::9")),
            holder_key(ip("2001:db8:1:2ff::1")),
            "the /64s of a site hold together"
        );
        assert_eq!(holder_key(ip("192.0.2.7")), "192.0.2.7");
        assert_eq!(holder_key(ip("::ffff:192.0.2.7")), "192.0.2.7");
    }
}
