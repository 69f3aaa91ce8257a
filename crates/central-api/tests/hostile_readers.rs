// SPDX-License-Identifier: EUPL-1.2
//! Clients that ask for a large answer and do not read it, against the real server on a
//! loopback port: the connection, its client's slot and its place among all connections
//! are given back once writing has waited `write_idle_timeout`, while a client that
//! reads slowly but steadily gets its whole answer however long that takes.
//!
//! The answer is a portal file of 8 MiB: on loopback the operating system takes a MiB
//! or two of an answer into its buffers before a write waits for the client.

mod common;

use std::{
    net::SocketAddr,
    path::Path,
    time::{Duration, Instant},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpSocket, TcpStream},
};

const WASM: &str = "buergerportal-0123456789abcdef_bg.wasm";
const WASM_BYTES: usize = 8 * 1024 * 1024;
/// The deadline the tests' server keeps.
const WRITE_IDLE: Duration = Duration::from_secs(1);

/// A portal folder whose WASM is [`WASM_BYTES`] long.
fn write_portal(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir dist");
    let index = format!(
        "<!DOCTYPE html><html><head><script type=\"module\">\nimport init from \
         '/buergerportal-0123456789abcdef.js';\nawait init({{ module_or_path: '/{WASM}' }});\n\
         </script></head><body></body></html>"
    );
    std::fs::write(dir.join("index.html"), index).expect("index");
    std::fs::write(
        dir.join("buergerportal-0123456789abcdef.js"),
        "export default function init() {}\n",
    )
    .expect("js");
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.resize(WASM_BYTES, 7);
    std::fs::write(dir.join(WASM), wasm).expect("wasm");
}

/// A server with the portal of [`write_portal`], one connection per client address and
/// a write deadline of [`WRITE_IDLE`].
async fn start() -> (SocketAddr, common::InProcess) {
    let (server, ()) = common::in_process_with_portal(write_portal, |config| {
        config.connections.per_client = 1;
        config.connections.write_idle_timeout = WRITE_IDLE;
    })
    .await;
    let address = server
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("address");
    (address, server)
}

/// A connection to `server` with a request for the WASM sent; with a small receive
/// buffer, if `small` (so that a client that does not read soon shuts its TCP window).
async fn ask_for_the_wasm(server: SocketAddr, small: bool) -> TcpStream {
    let socket = TcpSocket::new_v4().expect("socket");
    if small {
        socket.set_recv_buffer_size(4096).expect("buffer size");
    }
    let mut stream = socket.connect(server).await.expect("connect");
    stream
        .write_all(format!("GET /{WASM} HTTP/1.1\r\nHost: portal\r\n\r\n").as_bytes())
        .await
        .expect("write");
    stream
}

/// Whether `/api/health` answers a new connection from this client's address; a
/// connection over the client's share is closed before anything is read.
async fn health(server: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect(server).await else {
        return false;
    };
    let request = b"GET /api/health HTTP/1.1\r\nHost: portal\r\nConnection: close\r\n\r\n";
    if stream.write_all(request).await.is_err() {
        return false;
    }
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    answer.starts_with(b"HTTP/1.1 200")
}

/// Reads `stream` until the server closes it (or `patience` runs out); the bytes read
/// and whether it was closed.
async fn read_until_closed(stream: &mut TcpStream, patience: Duration) -> (usize, bool) {
    let started = Instant::now();
    let mut buffer = vec![0u8; 256 * 1024];
    let mut total = 0;
    loop {
        let left = patience.saturating_sub(started.elapsed());
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Err(_) => return (total, false),
            Ok(Ok(0)) | Ok(Err(_)) => return (total, true),
            Ok(Ok(n)) => total += n,
        }
    }
}

#[tokio::test]
async fn a_client_that_never_reads_its_answer_is_cut_off_at_the_write_deadline() {
    let (server, _server) = start().await;
    let started = Instant::now();
    let mut stalled = ask_for_the_wasm(server, true).await;
    // While the server waits for it, the client's one connection is taken.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !health(server).await,
        "the stalled connection holds the client's slot"
    );
    // Once the deadline has passed, the slot is free again.
    let mut freed = None;
    while started.elapsed() < Duration::from_secs(10) {
        if health(server).await {
            freed = Some(started.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let freed = freed.expect("the client's slot is given back within 10 s");
    assert!(
        freed < WRITE_IDLE + Duration::from_secs(3),
        "given back soon after the deadline of {WRITE_IDLE:?}: {freed:?}"
    );
    // What the operating system had taken of the answer still arrives, then the end:
    // not the whole answer.
    let (read, closed) = read_until_closed(&mut stalled, Duration::from_secs(10)).await;
    assert!(closed, "the stalled connection is closed");
    assert!(
        read < WASM_BYTES,
        "the answer was cut off: {read} of {WASM_BYTES} bytes"
    );
    eprintln!("a client that did not read: its slot free after {freed:?}, {read} bytes sent");
}

#[tokio::test]
async fn a_client_that_reads_slowly_but_steadily_gets_its_whole_answer() {
    let (server, _server) = start().await;
    let mut reader = ask_for_the_wasm(server, false).await;
    let started = Instant::now();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut answer = Vec::new();
    let complete = |answer: &[u8]| {
        answer
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .is_some_and(|end| answer.len() - end - 4 >= WASM_BYTES)
    };
    // 512 KiB every 300 ms, pausing less than the deadline between reads: about 5 s in
    // all, five times the deadline.
    while !complete(&answer) && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut this_round = 0;
        while this_round < 512 * 1024 && !complete(&answer) {
            let n = tokio::time::timeout(Duration::from_secs(5), reader.read(&mut buffer))
                .await
                .expect("the server goes on sending")
                .expect("read");
            assert!(n > 0, "closed after {} bytes", answer.len());
            answer.extend_from_slice(&buffer[..n]);
            this_round += n;
        }
    }
    let took = started.elapsed();
    assert!(answer.starts_with(b"HTTP/1.1 200"));
    assert!(complete(&answer), "the whole answer arrived");
    assert!(
        took > WRITE_IDLE * 3,
        "the test read slowly enough to matter: {took:?}"
    );
    eprintln!("a slow reader got its {WASM_BYTES} bytes in {took:?}");
}
