// SPDX-License-Identifier: EUPL-1.2
//! Accepting connections with the limits a public server needs and `axum::serve` does not
//! offer: at most so many connections in all, per client address, per IPv6 site and per
//! IPv6 prefix, a
//! deadline for a request's header (a half-sent header, or a kept-alive connection that
//! sends nothing more, is closed), a deadline for writing answers, and a graceful
//! shutdown that finishes the requests in flight.
//!
//! A client can hold only what these limits allow: the connections it opens count against
//! its own share (`per_client`), those of all the /64s of one IPv6 /56 together
//! against the site's (`per_site`), and those of all the /56s of one /48 against the
//! prefix's (`per_prefix`), so one client, one home line or one tunnel broker's free /48
//! alone cannot take the `max_connections` that everybody else needs; an idle or slow connection is closed
//! after `header_read_timeout`, and one whose client does not read its answer after
//! `write_idle_timeout` ([`crate::write_deadline`]). Bodies have their own deadlines (see
//! [`ConnectionLimits::body_idle_timeout`] and [`crate::body_deadline`]). A client is an
//! IPv4 address or an IPv6 /64 ([`crate::limits::client_network`]), a site an IPv6 /56
//! ([`crate::limits::client_site`]), a prefix an IPv6 /48
//! ([`crate::limits::client_prefix`]). A connection refused over its share, and one cut
//! because its client did not read, are logged at info level, at most once a minute
//! each.

use std::{
    collections::HashMap,
    future::Future,
    net::{IpAddr, SocketAddr},
    pin::pin,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{Router, extract::ConnectInfo};
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
    service::TowerToHyperService,
};
use tokio::{net::TcpListener, sync::Semaphore};
use tower::ServiceExt;

use crate::{
    limits::{self, LogOncePerMinute, TrustedProxies},
    write_deadline::{WriteDeadline, WriteLimits},
};

/// Limits on connections (`central-api serve --max-connections …`).
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// Connections open at once, in all. Beyond it, new connections wait in the
    /// operating system's backlog until one closes.
    pub max_connections: usize,
    /// Connections open at once from one client address (a trusted proxy is not limited
    /// by this: its connections carry many clients).
    pub per_client: usize,
    /// Connections open at once from all the clients of one IPv6 /56 together (a home
    /// line's prefix: 256 /64s, each a client); IPv4 clients are counted by `per_client`
    /// alone. 0: no limit.
    pub per_site: usize,
    /// Connections open at once from all the clients of one IPv6 /48 together (256
    /// sites; what a tunnel broker hands out for free). 0: no limit.
    pub per_prefix: usize,
    /// Time a client has to send a request's whole header, also on a kept-alive
    /// connection waiting for its next request.
    pub header_read_timeout: Duration,
    /// Time a request body may stall (no bytes arriving) before the request fails.
    pub body_idle_timeout: Duration,
    /// The pace at which a request body must arrive ([`crate::body_deadline`]; the
    /// attachment upload's deadline as well).
    pub body_pace: crate::body_deadline::Pace,
    /// Time one write of an answer may wait for the client to read (a shut TCP window)
    /// before the connection is closed; also the grace before `min_answer_bytes_per_second`
    /// counts ([`crate::write_deadline`]).
    pub write_idle_timeout: Duration,
    /// The average pace at which a client must read answers, over the time the server
    /// waits for it; 0: none.
    pub min_answer_bytes_per_second: u64,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 4096,
            per_client: 64,
            per_site: 4 * 64,
            per_prefix: 4 * 4 * 64,
            header_read_timeout: Duration::from_secs(10),
            body_idle_timeout: Duration::from_secs(30),
            body_pace: crate::body_deadline::Pace::default(),
            write_idle_timeout: Duration::from_secs(30),
            // 32 kbit/s: a phone on a poor mobile line reads faster; 4,096 connections
            // held at this pace cost their holders 16 MiB/s of reading.
            min_answer_bytes_per_second: 4 * 1024,
        }
    }
}

impl ConnectionLimits {
    /// The limits of a connection's writes.
    fn write_limits(&self) -> WriteLimits {
        WriteLimits {
            idle: self.write_idle_timeout,
            min_bytes_per_second: self.min_answer_bytes_per_second,
        }
    }
}

/// Open connections per network: per client, per site and per prefix.
#[derive(Default)]
struct PerClient {
    open: Mutex<HashMap<Network, usize>>,
}

/// A network whose connections are counted together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Network {
    /// An IPv4 address or an IPv6 /64 ([`limits::client_network`]).
    Client(IpAddr),
    /// An IPv6 /56 ([`limits::client_site`]).
    Site(IpAddr),
    /// An IPv6 /48 ([`limits::client_prefix`]).
    Prefix(IpAddr),
}

/// The most connections a client's networks may hold: of the client, of its site and
/// of its prefix (0 for the site or the prefix: no limit).
#[derive(Debug, Clone, Copy)]
struct Shares {
    client: usize,
    site: usize,
    prefix: usize,
}

/// A connection's places in [`PerClient`], one in each network it counts against, given
/// back when the connection ends.
struct ClientSlot {
    clients: Arc<PerClient>,
    networks: [Option<Network>; 3],
}

impl PerClient {
    /// A slot for a connection from `address`: a place in its client's share and, for
    /// IPv6, in its site's and its prefix's (a share of 0 is no limit, and counts
    /// nothing); all or none.
    fn take(self: &Arc<Self>, address: IpAddr, shares: Shares) -> Option<ClientSlot> {
        let limited = |network: Option<Network>, max: usize| {
            network.filter(|_| max > 0).map(|network| (network, max))
        };
        let networks = [
            Some((
                Network::Client(limits::client_network(address)),
                shares.client,
            )),
            limited(limits::client_site(address).map(Network::Site), shares.site),
            limited(
                limits::client_prefix(address).map(Network::Prefix),
                shares.prefix,
            ),
        ];
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let full = networks
            .iter()
            .flatten()
            .any(|(network, max)| open.get(network).copied().unwrap_or(0) >= *max);
        if full {
            return None;
        }
        for (network, _) in networks.iter().flatten() {
            *open.entry(*network).or_insert(0) += 1;
        }
        Some(ClientSlot {
            clients: self.clone(),
            networks: networks.map(|entry| entry.map(|(network, _)| network)),
        })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut open = self.clients.open.lock().unwrap_or_else(|e| e.into_inner());
        for network in self.networks.iter().flatten() {
            if let Some(count) = open.get_mut(network) {
                *count -= 1;
                if *count == 0 {
                    open.remove(network);
                }
            }
        }
    }
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes, then waits
/// for the requests in flight to finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    trusted_proxies: TrustedProxies,
    shutdown: impl Future<Output = ()>,
) {
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let clients = Arc::new(PerClient::default());
    let shares = Shares {
        client: limits.per_client,
        site: limits.per_site,
        prefix: limits.per_prefix,
    };
    let graceful = GracefulShutdown::new();
    let mut shutdown = pin!(shutdown);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(error = %err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let slot = if trusted_proxies.contains(remote.ip()) {
            None
        } else {
            match clients.take(remote.ip(), shares) {
                Some(slot) => Some(slot),
                // Over its share: closed at once, before reading anything.
                None => {
                    if REFUSED_LOG.due() {
                        tracing::info!(
                            client = %limits::client_network(remote.ip()),
                            "connection refused: its client, site or prefix holds its share"
                        );
                    }
                    continue;
                }
            }
        };
        let _ = stream.set_nodelay(true);
        let service =
            router
                .clone()
                .map_request(move |mut request: axum::http::Request<Incoming>| {
                    request
                        .extensions_mut()
                        .insert(ConnectInfo::<SocketAddr>(remote));
                    request
                });
        // A client that does not read its answer must not hold the connection, its slot
        // and its permit for ever: writes have a deadline.
        let stream = WriteDeadline::new(stream, limits.write_limits());
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                match slow_reader(&err) {
                    Some(reason) if CUT_LOG.due() => {
                        tracing::info!(client = %remote.ip(), %reason, "connection cut");
                    }
                    Some(_) => {}
                    None => tracing::debug!(error = %err, "connection ended"),
                }
            }
            drop(slot);
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Connections refused over their share.
static REFUSED_LOG: LogOncePerMinute = LogOncePerMinute::new();
/// Connections cut by the write deadline.
static CUT_LOG: LogOncePerMinute = LogOncePerMinute::new();

/// Why the write deadline cut a connection, if it did: the
/// [`crate::write_deadline::SlowReader`] inside an `io::Error` among `err`'s sources.
fn slow_reader(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut source = Some(err);
    while let Some(error) = source {
        if let Some(io) = error.downcast_ref::<std::io::Error>()
            && let Some(reason) = io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<crate::write_deadline::SlowReader>())
        {
            return Some(reason.to_string());
        }
        source = error.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shares of a client and its site, no limit per prefix.
    fn shares(client: usize, site: usize) -> Shares {
        Shares {
            client,
            site,
            prefix: 0,
        }
    }

    #[test]
    fn the_addresses_of_one_ipv6_network_share_one_client_share() {
        let clients = Arc::new(PerClient::default());
        let a: IpAddr = "2001:db8:1:2::1".parse().expect("address");
        let b: IpAddr = "2001:db8:1:2:ffff::7".parse().expect("address");
        let other: IpAddr = "2001:db8:1:3::1".parse().expect("address");
        let first = clients.take(a, shares(2, 100)).expect("a first slot");
        let second = clients
            .take(b, shares(2, 100))
            .expect("a second slot, same /64");
        assert!(
            clients.take(a, shares(2, 100)).is_none(),
            "the /64 has its two"
        );
        assert!(
            clients.take(b, shares(2, 100)).is_none(),
            "the /64 has its two"
        );
        assert!(
            clients.take(other, shares(2, 100)).is_some(),
            "another /64 is another client"
        );
        drop(first);
        assert!(
            clients.take(b, shares(2, 100)).is_some(),
            "a slot given back is free again"
        );
        drop(second);
        let v4: IpAddr = "192.0.2.7".parse().expect("address");
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().expect("address");
        let _one = clients.take(v4, shares(1, 100)).expect("slot");
        assert!(
            clients.take(mapped, shares(1, 100)).is_none(),
            "a mapped address is the IPv4 one"
        );
    }

    #[test]
    fn the_64s_of_one_56_share_one_site_share() {
        let clients = Arc::new(PerClient::default());
        // One home line's /56 cycles through its 256 /64s, two connections each.
        let mut held = Vec::new();
        for subnet in 0..=255u16 {
            for host in 1..=2u16 {
                let address = IpAddr::V6(std::net::Ipv6Addr::new(
                    0x2001,
                    0xdb8,
                    0x1,
                    0x200 | subnet,
                    0,
                    0,
                    0,
                    host,
                ));
                held.extend(clients.take(address, shares(4, 8)));
            }
        }
        assert_eq!(held.len(), 8, "the site has its eight, whatever its /64s");
        let other_site: IpAddr = "2001:db8:1:300::1".parse().expect("address");
        let other = clients
            .take(other_site, shares(4, 8))
            .expect("the next /56 is another site");
        // A refused site takes nothing from its client's share: both slots or neither.
        let refused: IpAddr = "2001:db8:1:2ff::1".parse().expect("address");
        assert!(clients.take(refused, shares(4, 8)).is_none());
        drop(held.pop());
        let again = clients.take(refused, shares(4, 8));
        assert!(
            again.is_some(),
            "a slot given back frees the site's place as well"
        );
        {
            let open = clients.open.lock().expect("lock");
            let count = |network| open.get(&network).copied().unwrap_or(0);
            assert_eq!(
                count(Network::Site("2001:db8:1:200::".parse().expect("address"))),
                8
            );
            assert_eq!(
                count(Network::Client(
                    "2001:db8:1:2ff::".parse().expect("address")
                )),
                1,
                "the refused attempt counted nothing"
            );
        }
        drop((other, again, held));
        assert!(
            clients.open.lock().expect("lock").is_empty(),
            "every count is given back"
        );
        // IPv4 has no site: the addresses of one /24 are as many clients as they are.
        let v4: Vec<ClientSlot> = (1..=20u8)
            .filter_map(|last| {
                clients.take(
                    IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, last)),
                    shares(1, 8),
                )
            })
            .collect();
        assert_eq!(v4.len(), 20);
    }

    #[test]
    fn the_56s_of_one_48_share_one_prefix_share() {
        let clients = Arc::new(PerClient::default());
        let limits = Shares {
            client: 4,
            site: 8,
            prefix: 16,
        };
        // A tunnel broker's free /48 cycles through its 256 /56s, two connections each.
        let mut held = Vec::new();
        for site in 0..=255u16 {
            for host in 1..=2u16 {
                let address = IpAddr::V6(std::net::Ipv6Addr::new(
                    0x2001,
                    0xdb8,
                    0x7,
                    site << 8,
                    0,
                    0,
                    0,
                    host,
                ));
                held.extend(clients.take(address, limits));
            }
        }
        assert_eq!(
            held.len(),
            16,
            "the prefix has its sixteen, whatever its sites"
        );
        let other_prefix: IpAddr = "2001:db8:8::1".parse().expect("address");
        let other = clients
            .take(other_prefix, limits)
            .expect("the next /48 is another prefix");
        // A refused prefix takes nothing from its client's nor its site's share.
        let refused: IpAddr = "2001:db8:7:ff00::1".parse().expect("address");
        assert!(clients.take(refused, limits).is_none());
        {
            let open = clients.open.lock().expect("lock");
            let count = |network| open.get(&network).copied().unwrap_or(0);
            assert_eq!(
                count(Network::Prefix("2001:db8:7::".parse().expect("address"))),
                16
            );
            assert_eq!(
                count(Network::Site("2001:db8:7:ff00::".parse().expect("address"))),
                0,
                "the refused attempt counted nothing"
            );
            assert_eq!(
                count(Network::Client(
                    "2001:db8:7:ff00::".parse().expect("address")
                )),
                0,
                "the refused attempt counted nothing"
            );
        }
        drop(held.pop());
        let again = clients.take(refused, limits);
        assert!(
            again.is_some(),
            "a slot given back frees the prefix's place"
        );
        drop((other, again, held));
        assert!(
            clients.open.lock().expect("lock").is_empty(),
            "every count is given back"
        );
    }

    #[test]
    fn a_share_of_0_for_sites_and_prefixes_is_no_limit() {
        let clients = Arc::new(PerClient::default());
        let unlimited = Shares {
            client: 2,
            site: 0,
            prefix: 0,
        };
        let mut held = Vec::new();
        for subnet in 0..=255u16 {
            let address = IpAddr::V6(std::net::Ipv6Addr::new(
                0x2001, 0xdb8, 0x1, subnet, 0, 0, 0, 1,
            ));
            held.push(
                clients
                    .take(address, unlimited)
                    .expect("an IPv6 client is not refused by a site's or prefix's 0"),
            );
        }
        assert_eq!(held.len(), 256);
        let first: IpAddr = "2001:db8:1:0::2".parse().expect("address");
        let _second = clients.take(first, unlimited).expect("the client's second");
        assert!(
            clients.take(first, unlimited).is_none(),
            "the client's share still holds"
        );
        {
            let open = clients.open.lock().expect("lock");
            assert!(
                open.keys()
                    .all(|network| matches!(network, Network::Client(_))),
                "no limit, nothing counted for sites and prefixes"
            );
        }
        // A prefix's share alone, the site's unlimited.
        let prefix_only = Shares {
            client: 64,
            site: 0,
            prefix: 3,
        };
        let site: IpAddr = "2001:db8:2:100::1".parse().expect("address");
        let three: Vec<ClientSlot> = (0..5)
            .filter_map(|_| clients.take(site, prefix_only))
            .collect();
        assert_eq!(three.len(), 3);
    }

    #[test]
    fn a_connection_cut_by_the_write_deadline_is_told_from_other_ends() {
        /// An error caused by another, as hyper's errors are by the connection's.
        #[derive(Debug)]
        struct Caused(std::io::Error);
        impl std::fmt::Display for Caused {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("connection error")
            }
        }
        impl std::error::Error for Caused {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let cut = Caused(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            crate::write_deadline::SlowReader::BehindPace(4096),
        ));
        assert_eq!(
            slow_reader(&cut).as_deref(),
            Some("the client read the answer slower than 4096 bytes a second")
        );
        let reset = Caused(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
        assert_eq!(slow_reader(&reset), None);
        let once = LogOncePerMinute::new();
        assert!(once.due(), "the first line is due");
        assert!(!once.due(), "the next one waits a minute");
    }
}
