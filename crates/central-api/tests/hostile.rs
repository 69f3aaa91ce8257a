// SPDX-License-Identifier: EUPL-1.2
//! Hostile clients against the real server on a loopback port: what a client can make the
//! server hold open has a limit or a deadline. Half-sent headers and idle connections are
//! closed, one address cannot take every connection, a stalled body fails, and the rate
//! limit counts the client a trusted proxy names and nobody else's claim.
//!
//! Loopback has a whole /8: connections made from 127.0.0.2 count as another client.

mod common;

use std::{
    net::SocketAddr,
    time::{Duration, Instant},
};

use central_api::{limits::TrustedProxies, server::ConnectionLimits};
use common::*;
use reqwest::StatusCode;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpSocket, TcpStream},
};

async fn start(adjust: impl FnOnce(&mut central_api::Config)) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = central_api::Config::new(common::database(dir.path()).await);
    config.keys_dir = Some(shared_keys_dir());
    config.limits.submissions_per_minute = 0;
    adjust(&mut config);
    let state = central_api::AppState::init(&config).await.expect("init");
    (common::serve(state).await, dir)
}

fn address(base: &str) -> SocketAddr {
    base.trim_start_matches("http://").parse().expect("address")
}

/// A TCP connection to `server` from the loopback address `from`.
async fn connect_from(from: [u8; 4], server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().expect("socket");
    socket
        .bind(SocketAddr::from((from, 0)))
        .expect("bind a loopback address");
    socket.connect(server).await.expect("connect")
}

/// Waits until the server closes `stream` (a read gives 0 bytes or an error) and returns
/// how long that took; `None` if it is still open after `patience`.
async fn closed_within(stream: &mut TcpStream, patience: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(
            patience.saturating_sub(started.elapsed()),
            stream.read(&mut buffer),
        )
        .await
        {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            // A response (e.g. 408) may come before the close.
            Ok(Ok(_)) => continue,
        }
    }
}

async fn health_from(from: [u8; 4], server: SocketAddr) -> (bool, Duration) {
    let started = Instant::now();
    let mut stream = connect_from(from, server).await;
    stream
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: portal\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    (answer.starts_with(b"HTTP/1.1 200"), started.elapsed())
}

#[tokio::test]
async fn a_half_sent_header_and_an_idle_connection_are_closed() {
    let (base, _dir) = start(|config| {
        config.connections.header_read_timeout = Duration::from_secs(1);
    })
    .await;
    let server = address(&base);
    let mut half = connect_from([127, 0, 0, 1], server).await;
    half.write_all(b"GET /api/health HTTP/1.1\r\nHost: portal\r\nX-Slow: ")
        .await
        .expect("write");
    let mut idle = connect_from([127, 0, 0, 1], server).await;
    let half_closed = closed_within(&mut half, Duration::from_secs(5)).await;
    let idle_closed = closed_within(&mut idle, Duration::from_secs(5)).await;
    assert!(half_closed.is_some(), "a half-sent header is closed");
    assert!(idle_closed.is_some(), "an idle connection is closed");
    eprintln!("half-sent header closed after {half_closed:?}, idle after {idle_closed:?}");
}

#[tokio::test]
async fn one_address_cannot_take_every_connection() {
    let (base, _dir) = start(|config| {
        config.connections = ConnectionLimits {
            max_connections: 64,
            per_client: 16,
            header_read_timeout: Duration::from_secs(30),
            ..ConnectionLimits::default()
        };
    })
    .await;
    let server = address(&base);
    // An attacker opens 2,000 connections and sends nothing.
    let mut held = Vec::new();
    for _ in 0..2000 {
        held.push(connect_from([127, 0, 0, 1], server).await);
    }
    // Give the server time to accept (and refuse) them.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut open = 0;
    for stream in &mut held {
        if closed_within(stream, Duration::from_millis(5))
            .await
            .is_none()
        {
            open += 1;
        }
    }
    assert!(
        open <= 16,
        "{open} of the attacker's connections are held open"
    );
    // Everybody else is still served, at once.
    let (ok, took) = health_from([127, 0, 0, 2], server).await;
    assert!(ok, "health answers another client");
    assert!(
        took < Duration::from_secs(5),
        "health answered within the test's patience, took {took:?}"
    );
    eprintln!(
        "2,000 idle connections from one address: {open} held; health from another answered in {took:?}"
    );
}

#[tokio::test]
async fn a_stalled_body_fails_its_request() {
    let (base, _dir) = start(|config| {
        config.connections.body_idle_timeout = Duration::from_secs(1);
    })
    .await;
    let mut stream = connect_from([127, 0, 0, 1], address(&base)).await;
    stream
        .write_all(
            b"POST /api/submissions HTTP/1.1\r\nHost: portal\r\nContent-Type: application/json\r\n\
              Idempotency-Key: stalled-body-0001\r\nContent-Length: 1000\r\n\r\n{\"service\":",
        )
        .await
        .expect("write");
    let started = Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    assert!(
        read.is_ok(),
        "the server ends the request, no wait for the rest"
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 4") || answer.is_empty(),
        "a client error or a closed connection: {answer}"
    );
    eprintln!("stalled body ended after {:?}", started.elapsed());
}

#[tokio::test]
async fn the_rate_limit_counts_the_client_a_trusted_proxy_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database = common::database(dir.path()).await;
    let start_with = |trusted: Vec<String>| {
        let database = database.clone();
        async move {
            let mut config = central_api::Config::new(database);
            config.keys_dir = Some(shared_keys_dir());
            config.limits.submissions_per_minute = 2;
            config.trusted_proxies = TrustedProxies::parse(&trusted).expect("proxies");
            let state = central_api::AppState::init(&config).await.expect("init");
            common::serve(state).await
        }
    };
    let body = submission(valid_answers());
    let client = reqwest::Client::new();
    let send = |base: String, key: String, forwarded: &'static str| {
        let (client, body) = (client.clone(), body.clone());
        async move {
            client
                .post(format!("{base}/api/submissions"))
                .header("Idempotency-Key", key)
                .header("X-Forwarded-For", forwarded)
                .json(&body)
                .send()
                .await
                .expect("POST")
                .status()
        }
    };

    // Behind a trusted proxy (the loopback address the test connects from): the
    // forwarded addresses are the clients.
    let proxied = start_with(vec!["127.0.0.1".into()]).await;
    for n in 0..2 {
        let status = send(proxied.clone(), format!("proxied-a-{n:04}"), "198.51.100.7").await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let status = send(proxied.clone(), "proxied-a-0002".into(), "198.51.100.7").await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the third of one client"
    );
    let status = send(proxied.clone(), "proxied-b-0000".into(), "203.0.113.9").await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "another client behind the proxy"
    );

    // Without trust the header is ignored: a client cannot pick a new address for
    // every request.
    let direct = start_with(Vec::new()).await;
    let mut statuses = Vec::new();
    for (n, claimed) in ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
        .into_iter()
        .enumerate()
    {
        statuses.push(send(direct.clone(), format!("direct-key-{n:04}"), claimed).await);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}
