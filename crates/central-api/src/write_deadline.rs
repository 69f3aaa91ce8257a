// SPDX-License-Identifier: EUPL-1.2
//! A deadline for writing answers. hyper's HTTP/1 server has a deadline for a request's
//! header only: a client that asks for a large answer (the portal's WASM, a catalogue)
//! and then reads nothing (its TCP window shut) would hold its connection, its share of
//! connections and a place among `max_connections` for ever, and one that reads a
//! segment now and then nearly as long.
//!
//! [`WriteDeadline`] wraps a connection so that its writes fail with
//! [`io::ErrorKind::TimedOut`], which ends the connection, when
//! - one write has waited for the client to read for `idle` (nothing moved), or
//! - the writes have waited for the client in all longer than `idle` plus the time the
//!   bytes written so far earn at the [`Pace`] (a client that reads a little now and
//!   then, never stalling for `idle`).
//!
//! Only waiting for the client counts: a kept-alive connection between requests (which
//! `header_read_timeout` bounds) or an answer the server takes its time to make costs
//! the client nothing. `tokio-io-timeout` offers the first rule (a timeout per write)
//! but not the second, which is why this is written here.

use std::{
    future::Future,
    io,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    time::{Instant, Sleep},
};

use crate::body_deadline::Pace;

/// Why a connection's answer was given up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlowReader {
    /// A write waited this long without the client reading a byte.
    #[error("the client read nothing of the answer for {} s", .0.as_secs())]
    Stalled(Duration),
    /// The client read, but slower than this many bytes a second on average.
    #[error("the client read the answer slower than {0} bytes a second")]
    BehindPace(u64),
}

/// The limits of [`WriteDeadline`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteLimits {
    /// The longest one write may wait for the client, and the grace before the pace
    /// counts.
    pub idle: Duration,
    /// The average pace, in bytes a second, at which the client must read over the time
    /// writes wait for it; 0: none (only `idle` holds).
    pub min_bytes_per_second: u64,
}

/// A connection (`S`, a `TcpStream`) whose writes have a deadline (see the module).
pub struct WriteDeadline<S> {
    inner: S,
    limits: WriteLimits,
    /// Bytes the client has taken so far (accepted by the operating system for it).
    written: u64,
    /// Time writes have waited for the client so far, the current wait not included.
    waited: Duration,
    /// The current wait: since when, and what it is given up as when `timer` fires.
    waiting: Option<(Instant, SlowReader)>,
    /// Boxed: it is `!Unpin`, and the connection must stay `Unpin` for hyper's `TokioIo`.
    timer: Pin<Box<Sleep>>,
}

impl<S> WriteDeadline<S> {
    pub fn new(inner: S, limits: WriteLimits) -> Self {
        WriteDeadline {
            inner,
            limits,
            written: 0,
            waited: Duration::ZERO,
            waiting: None,
            timer: Box::pin(tokio::time::sleep(Duration::ZERO)),
        }
    }

    /// How long the wait that starts now may last, and what it fails as: `idle`, or
    /// less when the client is that close to falling behind the pace.
    fn allowed_wait(&self) -> (Duration, SlowReader) {
        let idle = self.limits.idle;
        if self.limits.min_bytes_per_second == 0 {
            return (idle, SlowReader::Stalled(idle));
        }
        let pace = Pace {
            grace: idle,
            min_bytes_per_second: self.limits.min_bytes_per_second,
        };
        let left = pace.allowed(self.written).saturating_sub(self.waited);
        if left < idle {
            (left, SlowReader::BehindPace(pace.min_bytes_per_second))
        } else {
            (idle, SlowReader::Stalled(idle))
        }
    }

    /// The inner write could not go on: starts the wait's timer if this is a new wait,
    /// and fails once it fires.
    fn wait(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        if self.waiting.is_none() {
            let now = Instant::now();
            let (allowed, reason) = self.allowed_wait();
            self.timer.as_mut().reset(now + allowed);
            self.waiting = Some((now, reason));
        }
        match self.timer.as_mut().poll(cx) {
            Poll::Ready(()) => {
                let reason = self
                    .waiting
                    .as_ref()
                    .map_or(SlowReader::Stalled(self.limits.idle), |(_, r)| r.clone());
                Poll::Ready(io::Error::new(io::ErrorKind::TimedOut, reason))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    /// A write went through (or failed for good): the wait, if any, is over.
    fn moved(&mut self, bytes: usize) {
        if let Some((since, _)) = self.waiting.take() {
            self.waited += since.elapsed();
        }
        self.written = self.written.saturating_add(bytes as u64);
    }

    /// `poll` of the inner connection within the deadline; `moved` says how many bytes
    /// a finished operation wrote.
    fn within<T>(
        &mut self,
        cx: &mut Context<'_>,
        poll: impl FnOnce(Pin<&mut S>, &mut Context<'_>) -> Poll<io::Result<T>>,
        moved: impl FnOnce(&T) -> usize,
    ) -> Poll<io::Result<T>>
    where
        S: Unpin,
    {
        match poll(Pin::new(&mut self.inner), cx) {
            Poll::Ready(result) => {
                self.moved(result.as_ref().map_or(0, moved));
                Poll::Ready(result)
            }
            Poll::Pending => self.wait(cx).map(Err),
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteDeadline<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.get_mut()
            .within(cx, |inner, cx| inner.poll_write(cx, buf), |n| *n)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.get_mut()
            .within(cx, |inner, cx| inner.poll_write_vectored(cx, bufs), |n| *n)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut()
            .within(cx, |inner, cx| inner.poll_flush(cx), |()| 0)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut()
            .within(cx, |inner, cx| inner.poll_shutdown(cx), |()| 0)
    }
}

#[cfg(test)]
mod tests {
    //! Against tokio's in-memory pipe, whose buffer fills exactly as a shut TCP window
    //! does, on tokio's paused clock: the deadlines are checked to the millisecond.

    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream, duplex};

    /// A writer within `limits` and its reader, with `buffer` bytes between them.
    fn pipe(buffer: usize, limits: WriteLimits) -> (WriteDeadline<DuplexStream>, DuplexStream) {
        let (server, client) = duplex(buffer);
        (WriteDeadline::new(server, limits), client)
    }

    fn timed_out_as(result: io::Result<()>) -> SlowReader {
        let error = result.expect_err("the write fails");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        error
            .into_inner()
            .and_then(|inner| inner.downcast::<SlowReader>().ok())
            .map(|reason| *reason)
            .expect("the reason")
    }

    #[tokio::test(start_paused = true)]
    async fn a_client_that_reads_nothing_is_given_up_after_idle() {
        let limits = WriteLimits {
            idle: Duration::from_secs(30),
            min_bytes_per_second: 0,
        };
        let (mut server, _client) = pipe(1024, limits);
        let started = Instant::now();
        let result = server.write_all(&[7u8; 100_000]).await;
        assert_eq!(timed_out_as(result), SlowReader::Stalled(limits.idle));
        assert_eq!(started.elapsed(), limits.idle);
    }

    #[tokio::test(start_paused = true)]
    async fn a_client_that_reads_steadily_gets_the_whole_answer_however_long_it_takes() {
        let limits = WriteLimits {
            idle: Duration::from_secs(2),
            min_bytes_per_second: 1024,
        };
        let (mut server, mut client) = pipe(4096, limits);
        // 4 KiB every 1.5 s: never a stall of 2 s, and 2.7 KiB a second, over the pace;
        // in all it takes about 19 s, far longer than `idle`.
        let reader = tokio::spawn(async move {
            let mut buffer = [0u8; 4096];
            let mut total = 0;
            loop {
                tokio::time::sleep(Duration::from_millis(1500)).await;
                match client.read(&mut buffer).await {
                    Ok(0) | Err(_) => return total,
                    Ok(n) => total += n,
                }
            }
        });
        let started = Instant::now();
        server.write_all(&[7u8; 50 * 1024]).await.expect("written");
        server.shutdown().await.expect("shut down");
        drop(server);
        assert_eq!(reader.await.expect("reader"), 50 * 1024);
        assert!(started.elapsed() > Duration::from_secs(15));
    }

    #[tokio::test(start_paused = true)]
    async fn a_client_that_reads_a_little_now_and_then_falls_behind_the_pace() {
        let limits = WriteLimits {
            idle: Duration::from_secs(2),
            min_bytes_per_second: 1024,
        };
        let (mut server, mut client) = pipe(100, limits);
        // 100 bytes every 1.5 s: never a stall of 2 s, but 67 bytes a second.
        let reader = tokio::spawn(async move {
            let mut buffer = [0u8; 100];
            loop {
                tokio::time::sleep(Duration::from_millis(1500)).await;
                if matches!(client.read(&mut buffer).await, Ok(0) | Err(_)) {
                    return;
                }
            }
        });
        let started = Instant::now();
        let result = server.write_all(&[7u8; 100_000]).await;
        assert_eq!(timed_out_as(result), SlowReader::BehindPace(1024));
        // The grace of 2 s, and 1 s for each KiB the client took (a few hundred bytes).
        let took = started.elapsed();
        assert!(
            took >= Duration::from_secs(2) && took < Duration::from_secs(5),
            "{took:?}"
        );
        reader.abort();
    }

    #[tokio::test(start_paused = true)]
    async fn time_without_waiting_for_the_client_is_not_charged() {
        let limits = WriteLimits {
            idle: Duration::from_secs(2),
            min_bytes_per_second: 1024,
        };
        let (mut server, mut client) = pipe(64 * 1024, limits);
        // A kept-alive connection, quiet for a minute between two small answers: the
        // writes never wait, so neither the minute nor the pace counts against it.
        server.write_all(b"first answer").await.expect("first");
        tokio::time::sleep(Duration::from_secs(60)).await;
        server.write_all(b"second answer").await.expect("second");
        server.shutdown().await.expect("shut down");
        drop(server);
        let mut received = Vec::new();
        client.read_to_end(&mut received).await.expect("read");
        assert_eq!(received, b"first answersecond answer");
    }
}
