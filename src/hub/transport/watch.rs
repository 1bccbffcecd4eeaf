//! One connection's state between requests, and its byte stream watched for the start and
//! size of each request head (see the module docs of [`super`]).

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, ready};

use axum::http::StatusCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio::time::Instant;

use super::{MAX_HEAD, MAX_REQUEST_LINE};

/// Where a connection is between requests, as far as timeouts and displacing go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Head {
    /// No byte of a next request yet.
    Waiting,
    /// A request head is arriving: counts bytes to find its end and enforce the limits.
    Reading {
        started: Instant,
        bytes: usize,
        /// Bytes of the current line, not counting `\r`.
        line: usize,
        /// The request line has ended.
        request_line_done: bool,
    },
    /// The head is complete; the request is being served.
    Done,
}

#[derive(Debug)]
pub(super) struct State {
    /// Requests handed to the router and not yet answered.
    pub(super) in_flight: usize,
    /// When the connection last had no request in flight (or was opened).
    pub(super) idle_since: Instant,
    pub(super) head: Head,
    /// The head broke a limit: the connection answers this status and closes.
    pub(super) oversized: Option<StatusCode>,
    /// Asked to close (displaced, timed out, or the hub is stopping).
    pub(super) closing: bool,
}

/// One connection's state, shared by its task, its byte stream and the registry.
#[derive(Debug)]
pub(super) struct Activity {
    pub(super) state: Mutex<State>,
    /// Poked whenever the state changes in a way that moves the connection's deadline.
    pub(super) changed: Notify,
}

impl Activity {
    pub(super) fn new() -> Self {
        Self {
            state: Mutex::new(State {
                in_flight: 0,
                idle_since: Instant::now(),
                head: Head::Waiting,
                oversized: None,
                closing: false,
            }),
            changed: Notify::new(),
        }
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A request reached the router.
    pub(super) fn begin(&self) {
        let mut state = self.lock();
        state.in_flight += 1;
        state.head = Head::Done;
        drop(state);
        self.changed.notify_one();
    }

    /// A request's reply is ready: the connection waits for the next one.
    pub(super) fn end(&self) {
        let mut state = self.lock();
        state.in_flight = state.in_flight.saturating_sub(1);
        if state.in_flight == 0 {
            state.idle_since = Instant::now();
            state.head = Head::Waiting;
        }
        drop(state);
        self.changed.notify_one();
    }

    pub(super) fn close(&self) {
        self.lock().closing = true;
        self.changed.notify_one();
    }

    /// How many bytes the next read may pass on, so that hyper never sees more of a head than
    /// the limits allow (it would answer an oversized head itself, with an empty body).
    pub(super) fn read_allowance(&self) -> Allowance {
        let state = self.lock();
        if state.oversized.is_some() {
            return Allowance::Stop;
        }
        if state.in_flight > 0 {
            return Allowance::Any;
        }
        match state.head {
            Head::Done => Allowance::Any,
            Head::Waiting => Allowance::Upto(MAX_REQUEST_LINE + 1),
            Head::Reading {
                bytes,
                request_line_done,
                ..
            } => {
                let mut left = MAX_HEAD - bytes.min(MAX_HEAD);
                if !request_line_done {
                    left = left.min(MAX_REQUEST_LINE - bytes.min(MAX_REQUEST_LINE));
                }
                Allowance::Upto(left + 1)
            }
        }
    }

    /// Follows the bytes of a request head as they arrive. Only line ends are looked at: the
    /// parsing proper is hyper's; this finds where the head ends and how long it is.
    pub(super) fn scan(&self, data: &[u8]) {
        if data.is_empty() {
            return;
        }
        let mut state = self.lock();
        if state.in_flight > 0 || state.head == Head::Done {
            return;
        }
        let (mut bytes, mut line, mut request_line_done, started) = match state.head {
            Head::Reading {
                started,
                bytes,
                line,
                request_line_done,
            } => (bytes, line, request_line_done, started),
            _ => (0, 0, false, Instant::now()),
        };
        let mut oversized = None;
        let mut done = false;
        for &byte in data {
            bytes += 1;
            match byte {
                b'\n' if request_line_done && line == 0 => {
                    done = true;
                    break;
                }
                // Empty lines before the request line are allowed (RFC 9112 §2.2).
                b'\n' if line == 0 => {}
                b'\n' => {
                    request_line_done = true;
                    line = 0;
                }
                b'\r' => {}
                _ => line += 1,
            }
            if !request_line_done && bytes > MAX_REQUEST_LINE {
                oversized = Some(StatusCode::URI_TOO_LONG);
                break;
            }
            if bytes > MAX_HEAD {
                oversized = Some(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
                break;
            }
        }
        let was_waiting = state.head == Head::Waiting;
        state.head = if done {
            Head::Done
        } else {
            Head::Reading {
                started,
                bytes,
                line,
                request_line_done,
            }
        };
        let notify = was_waiting || oversized.is_some();
        if oversized.is_some() {
            state.oversized = oversized;
        }
        drop(state);
        if notify {
            self.changed.notify_one();
        }
    }
}

pub(super) enum Allowance {
    Any,
    Upto(usize),
    /// The connection is about to answer an oversized head: hyper gets no more bytes.
    Stop,
}

/// A connection's byte stream, watched for the start and size of each request head.
pub(super) struct Watched<S> {
    pub(super) inner: S,
    pub(super) activity: Arc<Activity>,
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match this.activity.read_allowance() {
            Allowance::Any => Pin::new(&mut this.inner).poll_read(cx, buf),
            // The connection's task is woken by `changed` and takes the stream back.
            Allowance::Stop => Poll::Pending,
            Allowance::Upto(limit) => {
                let limit = limit.min(buf.remaining());
                let got = {
                    let mut part = ReadBuf::new(buf.initialize_unfilled_to(limit));
                    ready!(Pin::new(&mut this.inner).poll_read(cx, &mut part))?;
                    this.activity.scan(part.filled());
                    part.filled().len()
                };
                buf.advance(got);
                Poll::Ready(Ok(()))
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, data)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(chunks: &[&[u8]]) -> (Head, Option<StatusCode>) {
        let activity = Activity::new();
        for chunk in chunks {
            activity.scan(chunk);
        }
        let state = activity.lock();
        (state.head, state.oversized)
    }

    #[test]
    fn a_head_ends_at_its_blank_line_across_reads() {
        let (head, oversized) = scanned(&[b"GET / HTTP/1.1\r\nHost: x\r", b"\n\r\nbody"]);
        assert_eq!(head, Head::Done);
        assert_eq!(oversized, None);
        let (head, _) = scanned(&[b"GET / HTTP/1.1\nHost: x\n\n"]);
        assert_eq!(head, Head::Done);
        let (head, _) = scanned(&[b"\r\nGET / HTTP/1.1\r\nHost: x\r\n"]);
        assert!(matches!(head, Head::Reading { .. }));
    }

    #[test]
    fn long_request_lines_and_heads_are_caught() {
        let long_path = vec![b'a'; MAX_REQUEST_LINE + 1];
        let (_, oversized) = scanned(&[b"GET /", &long_path]);
        assert_eq!(oversized, Some(StatusCode::URI_TOO_LONG));
        let header = format!("X: {}\r\n", "b".repeat(1000));
        let mut head = b"GET / HTTP/1.1\r\n".to_vec();
        for _ in 0..MAX_HEAD / 1000 + 1 {
            head.extend_from_slice(header.as_bytes());
        }
        let (_, oversized) = scanned(&[&head]);
        assert_eq!(oversized, Some(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE));
    }
}
