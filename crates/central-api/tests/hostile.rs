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
    config.limits.submissions_per_minute = 0;
    adjust(&mut config);
    let state = common::init(&config).await;
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

/// Sends the next piece of a body every 200 ms (`next`'s, each written whole) while
/// reading the answer, until the server closes the connection or 15 s pass: whether it
/// closed, after how long, and what it answered.
async fn trickle(
    stream: &mut TcpStream,
    mut next: impl FnMut() -> Vec<u8>,
) -> (bool, Duration, String) {
    let started = Instant::now();
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    let closed = loop {
        match tokio::time::timeout(Duration::from_millis(200), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break true,
            Ok(Ok(n)) => answer.extend_from_slice(&buffer[..n]),
            Err(_) => {
                if started.elapsed() > Duration::from_secs(15) {
                    break false;
                }
                // The server may have closed its side already.
                if stream.write_all(&next()).await.is_err() {
                    break true;
                }
            }
        }
    };
    (
        closed,
        started.elapsed(),
        String::from_utf8_lossy(&answer).into_owned(),
    )
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
    let token = Api::new(&base).sender_token().await;
    let mut stream = connect_from([127, 0, 0, 1], address(&base)).await;
    stream
        .write_all(
            format!(
                "POST /v1/submissions HTTP/1.1\r\nHost: portal\r\nContent-Type: application/json\r\n\
                 Authorization: Bearer {token}\r\n\
                 Idempotency-Key: stalled-body-0001\r\nContent-Length: 1000\r\n\r\n{{\"destinationId\":"
            )
            .as_bytes(),
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
async fn a_body_trickled_a_byte_at_a_time_is_given_up_when_it_falls_behind() {
    // A byte every 200 ms never stalls long enough for the idle timeout (30 s), but at
    // 1 KiB/s after 1 s of grace the body falls behind just after that second: given up
    // then, whether it declares 1,000 bytes or comes chunked without a length (for which
    // a deadline for the largest body would have been 1,025 s).
    let (base, _dir) = start(|config| {
        config.connections.body_pace = central_api::body_deadline::Pace {
            grace: Duration::from_secs(1),
            min_bytes_per_second: 1024,
        };
    })
    .await;
    for (path, extra) in [
        (
            "/token",
            "Content-Type: application/x-www-form-urlencoded\r\n",
        ),
        ("/api/sender-token", "Content-Type: application/json\r\n"),
        ("/v1/submissions", "Content-Type: application/json\r\n"),
    ] {
        for (framing, byte) in [
            ("Content-Length: 1000\r\n", &b"x"[..]),
            ("Transfer-Encoding: chunked\r\n", &b"1\r\nx\r\n"[..]),
        ] {
            let mut stream = connect_from([127, 0, 0, 1], address(&base)).await;
            stream
                .write_all(
                    format!("POST {path} HTTP/1.1\r\nHost: portal\r\n{extra}{framing}\r\n")
                        .as_bytes(),
                )
                .await
                .expect("write");
            let (ended, took, answer) = trickle(&mut stream, || byte.to_vec()).await;
            let case = format!("{path} {}", framing.trim());
            assert!(ended, "{case}: the connection is still open after {took:?}");
            assert!(
                answer.starts_with("HTTP/1.1 408"),
                "{case}: 408 after {took:?}: {answer}"
            );
            assert!(
                answer.contains("slower than 1024 bytes a second"),
                "{case}: the pace is named: {answer}"
            );
            assert!(
                took < Duration::from_secs(4),
                "{case}: given up when it fell behind, not later: {took:?}"
            );
            eprintln!("{case}: a trickled body was given up after {took:?}");
        }
    }
}

#[tokio::test]
async fn a_body_declared_over_the_limit_is_refused_before_it_is_read() {
    // Declaring 2 MB and sending nothing: refused at once (413), not read at the idle
    // timeout's pace up to the limit first; the token endpoint in OAuth's format.
    let (base, _dir) = start(|_| {}).await;
    for (path, extra, expected) in [
        (
            "/token",
            "Content-Type: application/x-www-form-urlencoded\r\n",
            "\"error\":\"invalid_request\"",
        ),
        (
            "/v1/submissions",
            "Content-Type: application/json\r\n",
            "payload-too-large",
        ),
    ] {
        let mut stream = connect_from([127, 0, 0, 1], address(&base)).await;
        stream
            .write_all(
                format!(
                    "POST {path} HTTP/1.1\r\nHost: portal\r\n{extra}Content-Length: 2000000\r\n\r\n"
                )
                .as_bytes(),
            )
            .await
            .expect("write");
        let started = Instant::now();
        let mut answer = vec![0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer))
            .await
            .expect("an answer without a byte of the body")
            .expect("read");
        let answer = String::from_utf8_lossy(&answer[..n]);
        assert!(answer.starts_with("HTTP/1.1 413"), "{path}: {answer}");
        assert!(answer.contains(expected), "{path}: {answer}");
        eprintln!("{path}: refused after {:?}", started.elapsed());
    }
}

#[tokio::test]
async fn the_rate_limit_counts_the_client_a_trusted_proxy_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database = common::database(dir.path()).await;
    let start_with = |trusted: Vec<String>| {
        let database = database.clone();
        async move {
            let mut config = central_api::Config::new(database);
            config.limits.submissions_per_minute = 2;
            config.trusted_proxies = TrustedProxies::parse(&trusted).expect("proxies");
            let state = common::init(&config).await;
            common::serve(state).await
        }
    };
    let body = Application::gewerbe(valid_answers()).create_body();
    let client = reqwest::Client::new();
    let send = |base: String, key: String, forwarded: &'static str| {
        let (client, body) = (client.clone(), body.clone());
        async move {
            let token = Api::new(&base).sender_token().await;
            client
                .post(format!("{base}/v1/submissions"))
                .bearer_auth(token)
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

// ---- what a client can make the server store ----------------------------------------

/// A text shaped like a JWE for `kid` of exactly `size` bytes (the relay checks the
/// form and the header, never the ciphertext, which only the authority can open).
fn fake_jwe(kid: &str, size: usize) -> String {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let header = URL_SAFE_NO_PAD.encode(
        serde_json::json!({"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": kid}).to_string(),
    );
    let key = central_api::jwe::ENCRYPTED_KEY_LEN;
    let fixed = header.len() + 4 + key + 16 + 22;
    format!(
        "{header}.{}.{}.{}.{}",
        "k".repeat(key),
        "i".repeat(16),
        "c".repeat(size.saturating_sub(fixed).max(1)),
        "t".repeat(22)
    )
}

/// The id of a draft's `i`-th announced file.
fn file_id(i: usize) -> String {
    format!("00000000-0000-4000-8000-{i:012}")
}

/// A draft of a Gewerbeanmeldung for Heide announcing `files` files, created by the
/// tests' sender; its submission id, the sender's token and the destination's kid.
async fn draft(base: &str, key: &str, files: usize) -> (String, String, String) {
    let api = Api::new(base);
    let token = api.sender_token().await;
    let mut application = Application::gewerbe(valid_answers());
    for i in 0..files {
        application = application.with_file(&file_id(i), "x.pdf", "application/pdf", b"%PDF");
    }
    let sent = api.create_ok(&token, &application, Some(key)).await;
    (sent.submission_id, token, application.key.1)
}

async fn upload(base: &str, submission: &str, token: &str, id: &str, body: String) -> StatusCode {
    Api::new(base)
        .upload(token, submission, id, body)
        .await
        .status()
}

/// Submits the draft (with texts shaped like JWE for `kid`).
async fn finalize(base: &str, submission: &str, token: &str, kid: &str) -> StatusCode {
    let body = serde_json::json!({
        "encryptedMetadata": fake_jwe(kid, 1000),
        "encryptedData": fake_jwe(kid, 1000),
    });
    Api::new(base)
        .submit(token, submission, &body)
        .await
        .status()
}

/// Peak and current resident memory of a process, in MiB (Linux).
fn memory_mib(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

#[tokio::test]
async fn twenty_parallel_uploads_do_not_hold_their_files_in_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database = common::database(dir.path()).await;
    let (mut child, base) = spawn_server(
        &database,
        dir.path(),
        None,
        &["--client-upload-bytes-per-hour", "0"],
    );
    register_demo_keys(&database).await;
    let base = base.trim_end_matches('/').to_owned();
    let (_, before) = memory_mib(child.id());
    // Ten drafts of two files of 10 MiB each (their JWE text is about 13.3 MiB).
    let size = 13_900_000;
    let mut drafts = Vec::new();
    for n in 0..10 {
        drafts.push(draft(&base, &format!("memory-draft-{n:04}"), 2).await);
    }
    let base = &base;
    let uploads = drafts.iter().flat_map(|(submission, token, kid)| {
        (0..2).map(move |i| {
            let body = fake_jwe(kid, size);
            async move { upload(base, submission, token, &file_id(i), body).await }
        })
    });
    let statuses = futures_util::future::join_all(uploads).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::NO_CONTENT),
        "{statuses:?}"
    );
    let (peak, _) = memory_mib(child.id());
    let _ = child.kill();
    let _ = child.wait();
    eprintln!(
        "20 parallel uploads of {:.1} MiB: server memory {before:.1} MiB before, peak {peak:.1} MiB",
        size as f64 / 1048576.0
    );
    // Held whole, the files alone would take 265 MiB (and did: 637 MiB were measured).
    assert!(peak < 150.0, "peak resident memory {peak:.1} MiB");
}

#[tokio::test]
async fn an_upload_trickled_a_byte_at_a_time_is_given_up_when_it_falls_behind() {
    // The attachment upload streams its body with its own reader, at the same pace:
    // before, it had a deadline for the largest file (14 minutes at the default pace).
    let (base, _dir) = start(|config| {
        config.connections.body_pace = central_api::body_deadline::Pace {
            grace: Duration::from_secs(1),
            min_bytes_per_second: 1024,
        };
    })
    .await;
    let (submission, token, kid) = draft(&base, "trickled-upload-0001", 1).await;
    let jwe = fake_jwe(&kid, 10_000);
    let mut stream = connect_from([127, 0, 0, 1], address(&base)).await;
    stream
        .write_all(
            format!(
                "PUT /v1/submissions/{submission}/attachments/{} HTTP/1.1\r\nHost: portal\r\n\
                 Authorization: Bearer {token}\r\nContent-Type: application/jose\r\n\
                 Transfer-Encoding: chunked\r\n\r\n",
                file_id(0)
            )
            .as_bytes(),
        )
        .await
        .expect("write");
    // The JWE's next byte as a chunk of its own.
    let mut next = jwe.bytes();
    let (ended, took, answer) = trickle(&mut stream, || {
        let byte = next.next().expect("more of the JWE than 15 s take");
        vec![b'1', b'\r', b'\n', byte, b'\r', b'\n']
    })
    .await;
    assert!(ended, "the connection is still open after {took:?}");
    assert!(
        answer.starts_with("HTTP/1.1 408"),
        "408 after {took:?}: {answer}"
    );
    assert!(
        answer.contains("slower than 1024 bytes a second"),
        "{answer}"
    );
    assert!(
        took < Duration::from_secs(4),
        "given up when it fell behind: {took:?}"
    );
}

#[tokio::test]
async fn quotas_per_submission_per_client_and_in_all() {
    let (base, _dir) = start(|config| {
        config.limits.max_attachments = 3;
        config.limits.client_upload_bytes_per_hour = 300_000;
    })
    .await;
    // Per submission: more files than allowed are refused at once.
    let token = Api::new(&base).sender_token().await;
    let mut body = Application::gewerbe(valid_answers()).create_body();
    body["announcedAttachments"] = (0..4).map(file_id).collect();
    let response = Api::new(&base).create(&token, &body, None).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = response.json().await.expect("json");
    assert_eq!(problem["errors"][0]["code"], "too_many_files");

    // Per client and hour: 300,000 bytes; replacing a file counts again.
    let (submission, token, kid) = draft(&base, "quota-client-001", 1).await;
    for _ in 0..3 {
        let status = upload(
            &base,
            &submission,
            &token,
            &file_id(0),
            fake_jwe(&kid, 100_000),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    }
    let refused = Api::new(&base)
        .upload(&token, &submission, &file_id(0), fake_jwe(&kid, 100_000))
        .await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    let problem: serde_json::Value = refused.json().await.expect("json");
    assert_eq!(
        problem["type"]
            .as_str()
            .map(|t| t.ends_with("quota-exceeded")),
        Some(true)
    );

    // Per submission, its files together: FIT-Connect announces no sizes, so the upload
    // that would take the submission's files over the limit is refused (413).
    let (small, _small_dir) = start(|config| config.limits.max_submission_bytes = 200_000).await;
    let (submission, token, kid) = draft(&small, "quota-total-0001", 2).await;
    assert_eq!(
        upload(
            &small,
            &submission,
            &token,
            &file_id(0),
            fake_jwe(&kid, 150_000)
        )
        .await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        upload(
            &small,
            &submission,
            &token,
            &file_id(1),
            fake_jwe(&kid, 150_000)
        )
        .await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // Replacing a file counts its new size instead of the old one.
    assert_eq!(
        upload(
            &small,
            &submission,
            &token,
            &file_id(0),
            fake_jwe(&kid, 150_000)
        )
        .await,
        StatusCode::NO_CONTENT
    );

    // In all: a relay whose storage is full refuses uploads with 507.
    let (full, _full_dir) = start(|config| config.limits.max_stored_bytes = 150_000).await;
    let (submission, token, kid) = draft(&full, "quota-stored-001", 2).await;
    assert_eq!(
        upload(
            &full,
            &submission,
            &token,
            &file_id(0),
            fake_jwe(&kid, 100_000)
        )
        .await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        upload(
            &full,
            &submission,
            &token,
            &file_id(1),
            fake_jwe(&kid, 100_000)
        )
        .await,
        StatusCode::INSUFFICIENT_STORAGE
    );
}

#[tokio::test]
async fn the_upload_quota_counts_a_clients_wider_networks_too() {
    // Behind a trusted proxy (the loopback address the test connects from), so that the
    // forwarded addresses are the clients.
    let (base, _dir) = start(|config| {
        config.trusted_proxies = TrustedProxies::parse(&["127.0.0.1".into()]).expect("proxies");
        config.limits.client_upload_bytes_per_hour = 120_000;
        config.limits.site_upload_bytes_per_hour = 320_000;
        config.limits.prefix_upload_bytes_per_hour = 550_000;
    })
    .await;
    let (submission, token, kid) = draft(&base, "quota-networks-01", 1).await;
    let http = reqwest::Client::new();
    let put = |from: &'static str, size: usize| {
        let request = http
            .put(format!(
                "{base}/v1/submissions/{submission}/attachments/{}",
                file_id(0)
            ))
            .bearer_auth(&token)
            .header(reqwest::header::CONTENT_TYPE, "application/jose")
            .header("X-Forwarded-For", from)
            .body(fake_jwe(&kid, size));
        async move {
            let response = request.send().await.expect("PUT");
            let status = response.status();
            let detail = response
                .json::<serde_json::Value>()
                .await
                .ok()
                .and_then(|problem| problem["detail"].as_str().map(str::to_owned))
                .unwrap_or_default();
            (status, detail)
        }
    };
    // Three /64s of one /56, each well within its own hour: the site's hour is full.
    for from in [
        "2001:db8:1:100::1",
        "2001:db8:1:101::1",
        "2001:db8:1:102::1",
    ] {
        assert_eq!(put(from, 100_000).await.0, StatusCode::NO_CONTENT, "{from}");
    }
    let (status, detail) = put("2001:db8:1:103::1", 100_000).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "a fourth /64 of the /56"
    );
    assert!(detail.contains("/56"), "{detail}");
    // Another /56 of the same /48 has a site's hour of its own, but shares the /48's.
    for from in ["2001:db8:1:200::1", "2001:db8:1:201::1"] {
        assert_eq!(put(from, 100_000).await.0, StatusCode::NO_CONTENT, "{from}");
    }
    let (status, detail) = put("2001:db8:1:202::1", 100_000).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "a sixth upload of the /48"
    );
    assert!(detail.contains("/48"), "{detail}");
    // The refused upload was taken back from every level it had been counted at: its
    // /64 (else 140,000 > 120,000) and its /56 (else 340,000 > 320,000); the /48 has
    // 50,000 bytes left.
    assert_eq!(
        put("2001:db8:1:202::1", 40_000).await.0,
        StatusCode::NO_CONTENT
    );
    // Another /48, and an IPv4 client (counted by its address alone), are not held back.
    assert_eq!(
        put("2001:db8:2::1", 100_000).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(put("198.51.100.7", 100_000).await.0, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn submitted_texts_count_against_the_quotas() {
    // Each finalize stores 2 × 1,000 bytes of encrypted texts (`finalize`).
    let (base, _dir) = start(|config| config.limits.client_upload_bytes_per_hour = 5_000).await;
    let mut statuses = Vec::new();
    for i in 0..3 {
        let (submission, token, kid) = draft(&base, &format!("quota-texts-{i:04}"), 0).await;
        statuses.push(finalize(&base, &submission, &token, &kid).await);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::ACCEPTED,
            StatusCode::ACCEPTED,
            StatusCode::TOO_MANY_REQUESTS
        ],
        "the third submission's texts would take the client over its hour"
    );

    let (full, _full_dir) = start(|config| config.limits.max_stored_bytes = 3_000).await;
    let (first, token, kid) = draft(&full, "quota-texts-full-1", 0).await;
    assert_eq!(
        finalize(&full, &first, &token, &kid).await,
        StatusCode::ACCEPTED
    );
    let (second, token, kid) = draft(&full, "quota-texts-full-2", 0).await;
    assert_eq!(
        finalize(&full, &second, &token, &kid).await,
        StatusCode::INSUFFICIENT_STORAGE,
        "the relay's storage holds the texts as well as the files"
    );
}

#[tokio::test]
async fn a_flood_of_tokens_drops_only_the_flooding_networks_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database = common::database(dir.path()).await;
    let config = central_api::Config::new(database.clone());
    let _state = common::init(&config).await;
    let store = central_api::store::Store::connect(&database)
        .await
        .expect("store");
    let client = central_api::fit_connect::oauth::PORTAL_CLIENT;
    // Later tokens expire later, as tokens issued one after the other do.
    let add = |token: &'static str, holder: &'static str, minute: u32| {
        let store = store.clone();
        async move {
            let until = format!("2999-01-01T00:{minute:02}:00Z");
            store
                .oauth()
                .add_token(token, client, holder, "send:region:DE", &until, 3)
                .await
                .expect("token");
        }
    };
    add("citizen-token", "192.0.2.7", 0).await;
    for (minute, token) in ["flood-1", "flood-2", "flood-3", "flood-4", "flood-5"]
        .into_iter()
        .enumerate()
    {
        add(token, "2001:db8:1:2::/64", minute as u32 + 1).await;
    }
    let valid = |token: &'static str| {
        let store = store.clone();
        async move { store.oauth().token(token).await.expect("lookup").is_some() }
    };
    assert!(
        valid("citizen-token").await,
        "another network's token stays"
    );
    assert!(!valid("flood-1").await && !valid("flood-2").await);
    assert!(
        valid("flood-3").await && valid("flood-5").await,
        "the newest 3 stay"
    );
}

#[tokio::test]
async fn junk_ciphertext_is_refused_and_nothing_of_it_stays() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database = common::database(dir.path()).await;
    let mut config = central_api::Config::new(database.clone());
    config.limits.submissions_per_minute = 0;
    let base = common::serve(common::init(&config).await).await;
    let (submission, token, _) = draft(&base, "junk-upload-0001", 1).await;
    // 600 kB of HTML where a JWE belongs: refused, after more than one piece was read.
    let junk = format!("{}<html>{}", "A".repeat(400_000), "x".repeat(199_994));
    assert_eq!(
        upload(&base, &submission, &token, &file_id(0), junk).await,
        StatusCode::BAD_REQUEST
    );
    // A JWE for another key.
    assert_eq!(
        upload(
            &base,
            &submission,
            &token,
            &file_id(0),
            fake_jwe("another-kid", 600_000)
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let store = central_api::store::Store::connect(&database)
        .await
        .expect("store");
    let pieces: i64 = sqlx::query_scalar("SELECT count(*) FROM attachment_chunks")
        .fetch_one(store.db())
        .await
        .expect("count");
    assert_eq!(pieces, 0, "the refused uploads' pieces are gone");
}

#[tokio::test]
async fn an_upload_that_finishes_after_finalize_changes_nothing() {
    let (base, _dir) = start(|_| {}).await;
    let (submission, token, kid) = draft(&base, "paused-upload-001", 1).await;
    let original = fake_jwe(&kid, 300_000);
    assert_eq!(
        upload(&base, &submission, &token, &file_id(0), original.clone()).await,
        StatusCode::NO_CONTENT
    );
    // A replacement starts and pauses half-way.
    let mut parts: Vec<String> = original.split('.').map(str::to_owned).collect();
    parts[3] = parts[3].replace('c', "d");
    let replacement = parts.join(".");
    let mut paused = connect_from([127, 0, 0, 1], address(&base)).await;
    let head = format!(
        "PUT /v1/submissions/{submission}/attachments/{} HTTP/1.1\r\nHost: portal\r\n\
         Authorization: Bearer {token}\r\nContent-Type: application/jose\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n",
        file_id(0),
        replacement.len()
    );
    paused.write_all(head.as_bytes()).await.expect("write");
    paused
        .write_all(&replacement.as_bytes()[..150_000])
        .await
        .expect("write");
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The sender submits meanwhile.
    assert_eq!(
        finalize(&base, &submission, &token, &kid).await,
        StatusCode::ACCEPTED
    );
    // The rest arrives: refused, the submitted submission keeps its file.
    paused
        .write_all(&replacement.as_bytes()[150_000..])
        .await
        .expect("write");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), paused.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 409"),
        "{}",
        answer.lines().next().unwrap_or("")
    );
    let api = Api::new(&base);
    let subscriber = api.subscriber_token(HEIDE_AUTHORITY).await;
    let stored = api
        .http
        .get(api.url(&format!(
            "/v1/submissions/{submission}/attachments/{}",
            file_id(0)
        )))
        .bearer_auth(subscriber)
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("text");
    assert_eq!(stored, original, "the file as submitted");
}

#[tokio::test]
async fn an_instance_whose_database_refuses_writes_is_not_ready() {
    // PostgreSQL can be made read-only from outside; a full disk is what this stands for.
    let Ok(admin) = std::env::var("BP_TEST_POSTGRES") else {
        eprintln!("skipped: set BP_TEST_POSTGRES (scripts/test.sh does)");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let database = postgres_database(&admin).await;
    let config = central_api::Config::new(database.clone());
    let base = common::serve(common::init(&config).await).await;
    let ready = || async {
        reqwest::get(format!("{base}/api/ready"))
            .await
            .expect("GET")
            .status()
    };
    assert_eq!(ready().await, StatusCode::OK);
    let name = database.rsplit('/').next().expect("name").to_owned();
    let admin_store = central_api::store::Store::connect(&admin)
        .await
        .expect("admin");
    sqlx::query(&format!(
        "ALTER DATABASE {name} SET default_transaction_read_only = on"
    ))
    .execute(admin_store.db())
    .await
    .expect("read-only");
    // The server's connections reconnect with the new setting.
    sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
        .bind(&name)
        .execute(admin_store.db())
        .await
        .expect("terminate");
    let mut status = StatusCode::OK;
    for _ in 0..20 {
        status = ready().await;
        if status == StatusCode::SERVICE_UNAVAILABLE {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "not ready while writes fail"
    );
    assert_eq!(
        reqwest::get(format!("{base}/api/health"))
            .await
            .expect("GET")
            .status(),
        StatusCode::OK,
        "alive all the same"
    );
    let _ = dir;
}
