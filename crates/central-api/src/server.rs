// SPDX-License-Identifier: EUPL-1.2
//! Accepting connections with the limits a public server needs and `axum::serve` does not
//! offer: at most so many connections in all and per client address, a deadline for a
//! request's header (a half-sent header, or a kept-alive connection that sends nothing
//! more, is closed), and a graceful shutdown that finishes the requests in flight.
//!
//! A client can hold only what these limits allow: the connections it opens count against
//! its own share (`per_client`), so one client alone cannot take the `max_connections`
//! that everybody else needs, and an idle or slow connection is closed after
//! `header_read_timeout`. Bodies have their own deadlines (see
//! [`ConnectionLimits::body_idle_timeout`] and [`crate::body_deadline`]). A client is an
//! IPv4 address or an IPv6 /64 ([`crate::limits::client_network`]).

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

use crate::limits::{self, TrustedProxies};

/// Limits on connections (`central-api serve --max-connections …`).
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// Connections open at once, in all. Beyond it, new connections wait in the
    /// operating system's backlog until one closes.
    pub max_connections: usize,
    /// Connections open at once from one client address (a trusted proxy is not limited
    /// by this: its connections carry many clients).
    pub per_client: usize,
    /// Time a client has to send a request's whole header, also on a kept-alive
    /// connection waiting for its next request.
    pub header_read_timeout: Duration,
    /// Time a request body may stall (no bytes arriving) before the request fails.
    pub body_idle_timeout: Duration,
    /// The pace at which a request body must arrive ([`crate::body_deadline`]; the
    /// attachment upload's deadline as well).
    pub body_pace: crate::body_deadline::Pace,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 4096,
            per_client: 64,
            header_read_timeout: Duration::from_secs(10),
            body_idle_timeout: Duration::from_secs(30),
            body_pace: crate::body_deadline::Pace::default(),
        }
    }
}

/// Open connections per client address.
#[derive(Default)]
struct PerClient {
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// A connection's place in [`PerClient`], given back when the connection ends.
struct ClientSlot {
    clients: Arc<PerClient>,
    address: IpAddr,
}

impl PerClient {
    /// A slot for `address`'s client (its IPv6 /64 counts as one,
    /// [`limits::client_network`]), if it has fewer than `max` connections open.
    fn take(self: &Arc<Self>, address: IpAddr, max: usize) -> Option<ClientSlot> {
        let address = limits::client_network(address);
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(address).or_insert(0);
        if *count >= max {
            return None;
        }
        *count += 1;
        Some(ClientSlot {
            clients: self.clone(),
            address,
        })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut open = self.clients.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.address);
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
            match clients.take(remote.ip(), limits.per_client) {
                Some(slot) => Some(slot),
                // Over its share: closed at once, before reading anything.
                None => continue,
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
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, "connection ended");
            }
            drop(slot);
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_addresses_of_one_ipv6_network_share_one_client_share() {
        let clients = Arc::new(PerClient::default());
        let a: IpAddr = "2001:db8:1:2::1".parse().expect("address");
        let b: IpAddr = "2001:db8:1:2:ffff::7".parse().expect("address");
        let other: IpAddr = "2001:db8:1:3::1".parse().expect("address");
        let first = clients.take(a, 2).expect("a first slot");
        let second = clients.take(b, 2).expect("a second slot, same /64");
        assert!(clients.take(a, 2).is_none(), "the /64 has its two");
        assert!(clients.take(b, 2).is_none(), "the /64 has its two");
        assert!(
            clients.take(other, 2).is_some(),
            "another /64 is another client"
        );
        drop(first);
        assert!(
            clients.take(b, 2).is_some(),
            "a slot given back is free again"
        );
        drop(second);
        let v4: IpAddr = "192.0.2.7".parse().expect("address");
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().expect("address");
        let _one = clients.take(v4, 1).expect("slot");
        assert!(
            clients.take(mapped, 1).is_none(),
            "a mapped address is the IPv4 one"
        );
    }
}
