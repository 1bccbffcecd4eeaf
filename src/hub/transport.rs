//! The hub's connections: its own accept loop on hyper instead of `axum::serve`, so that idle
//! or slow clients cannot use up the process's open files (issue 12: about 1,015 idle sockets
//! stopped a hub at the common 1,024-file limit).
//!
//! - At most [`ServeOptions::max_connections`] connections are open at once, long-polls
//!   included, and never more than the open-file limit allows after [`FD_HEADROOM`] for the
//!   SQLite files and the runtime. The soft limit is first raised to the hard one.
//! - At the cap, a new connection closes the connection that has waited longest without a
//!   request (an idle keep-alive, or one still sending its request head); when every
//!   connection is serving a request, the new one is closed at once. Accepting never stops.
//! - A connection waiting for a request is closed after [`ServeOptions::idle_timeout`]; one that
//!   has started sending a request head must finish it within
//!   [`ServeOptions::header_read_timeout`]. Request bodies and handlers have their own limits
//!   (see `server.rs`).
//! - A request line over [`MAX_REQUEST_LINE`] bytes, or a head over [`MAX_HEAD`], is answered
//!   with the hub's JSON error (414 or 431) and `Connection: close`.
//! - Shutdown: accepting stops, waiting connections close, and each connection serving a
//!   request finishes it (the caller wakes long-polls) before the call returns.
//!
//! The loop is generic over the connection's byte stream ([`accept_loop`]'s `upgrade`), so a TLS
//! handshake can slot in between accepting and serving.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use tower::ServiceExt;

use super::error::ApiError;

/// The longest request line (method, path and query, version) accepted. The hub's longest is a
/// report query of under 100 bytes.
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The longest request head (request line and headers) accepted.
pub const MAX_HEAD: usize = 32 * 1024;
/// Open files kept free for everything but connections: each SQLite connection holds three
/// (database, `-wal`, `-shm`) and the hub opens five, plus the runtime's epoll and wake-up
/// files, the listener, standard streams and logs; with room to spare.
pub const FD_HEADROOM: u64 = 128;
/// How many connections the hub keeps open at most by default. A hall has tens of stations,
/// each with a few pooled connections.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
/// Default for [`ServeOptions::header_read_timeout`].
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Default for [`ServeOptions::idle_timeout`]. Longer than a `ureq` client keeps a pooled
/// connection (15 s), so a station normally drops its idle connection before the hub does.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a closing connection may take to finish writing its last reply (a client that does
/// not read could otherwise hold it for ever).
const CLOSE_GRACE: Duration = Duration::from_secs(2);
/// How long a new connection at the cap waits for the connection it displaced to close.
const DISPLACE_WAIT: Duration = Duration::from_millis(250);
/// How long to wait before accepting again after an accept error such as "too many open files".
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);
/// Longest gap between two warnings about refused connections or failed accepts.
const WARN_EVERY: Duration = Duration::from_secs(10);
/// After a 414 or 431, how long and how much of the rest of the request is read and dropped so
/// that closing does not reset the connection before the client has read the reply.
const LINGER_TIME: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 256 * 1024;

/// How the hub treats connections. [`Default`] is what `fairdesk serve` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeOptions {
    /// Most connections open at once, long-polls included. Lowered to fit the open-file limit.
    pub max_connections: usize,
    /// How long a client may take to send a whole request head once it has started one.
    pub header_read_timeout: Duration,
    /// How long a connection may wait for its next request (or its first).
    pub idle_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            header_read_timeout: HEADER_READ_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
        }
    }
}

impl ServeOptions {
    /// The connection cap for a process that may open `file_limit` files (None: no such limit).
    pub fn connection_cap(&self, file_limit: Option<u64>) -> usize {
        let wanted = self
            .max_connections
            .clamp(1, Semaphore::MAX_PERMITS.min(1 << 20));
        match file_limit {
            Some(limit) => {
                let room = usize::try_from(limit.saturating_sub(FD_HEADROOM)).unwrap_or(usize::MAX);
                wanted.min(room).max(1)
            }
            None => wanted,
        }
    }
}

/// Raises the soft open-file limit to the hard one and returns the limit now in force; `None`
/// where the platform has no such limit on sockets (Windows).
pub fn raise_open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        match rlimit::increase_nofile_limit(u64::MAX) {
            Ok(limit) => Some(limit),
            Err(err) => {
                tracing::warn!(error = %err, "cannot raise the open-file limit");
                rlimit::Resource::NOFILE.get().ok().map(|(soft, _)| soft)
            }
        }
    }
    #[cfg(not(unix))]
    {
        None
    }
}

// ---- one connection's state -------------------------------------------------------------------

/// Where a connection is between requests, as far as timeouts and displacing go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
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
struct State {
    /// Requests handed to the router and not yet answered.
    in_flight: usize,
    /// When the connection last had no request in flight (or was opened).
    idle_since: Instant,
    head: Head,
    /// The head broke a limit: the connection answers this status and closes.
    oversized: Option<StatusCode>,
    /// Asked to close (displaced, timed out, or the hub is stopping).
    closing: bool,
}

/// One connection's state, shared by its task, its byte stream and the registry.
#[derive(Debug)]
struct Activity {
    state: Mutex<State>,
    /// Poked whenever the state changes in a way that moves the connection's deadline.
    changed: Notify,
}

impl Activity {
    fn new() -> Self {
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

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A request reached the router.
    fn begin(&self) {
        let mut state = self.lock();
        state.in_flight += 1;
        state.head = Head::Done;
        drop(state);
        self.changed.notify_one();
    }

    /// A request's reply is ready: the connection waits for the next one.
    fn end(&self) {
        let mut state = self.lock();
        state.in_flight = state.in_flight.saturating_sub(1);
        if state.in_flight == 0 {
            state.idle_since = Instant::now();
            state.head = Head::Waiting;
        }
        drop(state);
        self.changed.notify_one();
    }

    fn close(&self) {
        self.lock().closing = true;
        self.changed.notify_one();
    }

    /// How many bytes the next read may pass on, so that hyper never sees more of a head than
    /// the limits allow (it would answer an oversized head itself, with an empty body).
    fn read_allowance(&self) -> Allowance {
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
    fn scan(&self, data: &[u8]) {
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

enum Allowance {
    Any,
    Upto(usize),
    /// The connection is about to answer an oversized head: hyper gets no more bytes.
    Stop,
}

/// A connection's byte stream, watched for the start and size of each request head.
struct Watched<S> {
    inner: S,
    activity: Arc<Activity>,
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

// ---- the open connections ---------------------------------------------------------------------

/// Every open connection, so that one can be displaced at the cap or all closed at shutdown.
#[derive(Default)]
struct Registry {
    next: AtomicU64,
    open: Mutex<HashMap<u64, Arc<Activity>>>,
}

impl Registry {
    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Arc<Activity>>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn add(&self) -> (u64, Arc<Activity>) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let activity = Arc::new(Activity::new());
        self.lock().insert(id, Arc::clone(&activity));
        (id, activity)
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Asks the connection that has waited longest without a request to close; false when
    /// every connection is serving one.
    fn displace_oldest_idle(&self) -> bool {
        let open = self.lock();
        let oldest = open
            .values()
            .filter_map(|activity| {
                let state = activity.lock();
                (state.in_flight == 0 && state.head != Head::Done && !state.closing)
                    .then_some((state.idle_since, activity))
            })
            .min_by_key(|(since, _)| *since);
        match oldest {
            Some((_, activity)) => {
                activity.close();
                true
            }
            None => false,
        }
    }

    fn close_all(&self) {
        for activity in self.lock().values() {
            activity.close();
        }
    }
}

/// Warns at most every [`WARN_EVERY`], with how many events were not reported since.
struct RareWarning {
    last: Option<Instant>,
    quiet: u64,
}

impl RareWarning {
    fn new() -> Self {
        Self {
            last: None,
            quiet: 0,
        }
    }

    /// Whether to warn now, and how many occurrences went unreported before this one.
    fn due(&mut self) -> Option<u64> {
        let now = Instant::now();
        if self.last.is_some_and(|last| now - last < WARN_EVERY) {
            self.quiet += 1;
            return None;
        }
        self.last = Some(now);
        Some(std::mem::take(&mut self.quiet))
    }
}

// ---- the accept loop --------------------------------------------------------------------------

/// Serves `app` on plain TCP until `stop` completes; see the module docs.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    options: ServeOptions,
    stop: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    accept_loop(listener, app, options, stop, |tcp| async move { Ok(tcp) }).await
}

/// The accept loop. `upgrade` turns an accepted TCP stream into the stream HTTP is spoken on
/// (the stream itself today; a TLS handshake later). It runs on the connection's own task,
/// within the header-read timeout, so a slow handshake holds up nobody else.
pub async fn accept_loop<U, F, S>(
    listener: TcpListener,
    app: Router,
    options: ServeOptions,
    stop: impl Future<Output = ()> + Send,
    upgrade: U,
) -> io::Result<()>
where
    U: Fn(TcpStream) -> F,
    F: Future<Output = io::Result<S>> + Send + 'static,
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let file_limit = raise_open_file_limit();
    let cap = options.connection_cap(file_limit);
    tracing::info!(
        max_connections = cap,
        open_file_limit = file_limit,
        "hub accepting connections"
    );
    let permits = Arc::new(Semaphore::new(cap));
    let registry = Arc::new(Registry::default());
    let mut refused = RareWarning::new();
    let mut failed = RareWarning::new();
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => accepted,
        };
        let (tcp, peer) = match accepted {
            Ok(pair) => pair,
            Err(err) if is_transient(&err) => continue,
            Err(err) => {
                // Out of files or memory: make room and try again shortly, rather than spin.
                if let Some(quiet) = failed.due() {
                    tracing::warn!(error = %err, unreported = quiet, "accept failed; retrying");
                }
                registry.displace_oldest_idle();
                tokio::select! {
                    () = &mut stop => break,
                    () = tokio::time::sleep(ACCEPT_BACKOFF) => continue,
                }
            }
        };
        let Some(permit) = admit(&permits, &registry).await else {
            if let Some(quiet) = refused.due() {
                tracing::warn!(
                    max_connections = cap,
                    unreported = quiet,
                    "connection refused: every connection is serving a request"
                );
            }
            drop(tcp);
            continue;
        };
        // Replies are small and written whole; waiting to coalesce them only adds latency.
        let _ = tcp.set_nodelay(true);
        let (id, activity) = registry.add();
        let connection = Connection {
            app: app.clone(),
            peer,
            activity,
            options,
        };
        let registry = Arc::clone(&registry);
        let handshake = upgrade(tcp);
        tokio::spawn(async move {
            connection.run(handshake).await;
            registry.remove(id);
            drop(permit);
        });
    }
    drop(listener);
    registry.close_all();
    // Every connection holds a permit until its task ends.
    let _ = permits
        .acquire_many(u32::try_from(cap).unwrap_or(u32::MAX))
        .await;
    Ok(())
}

/// A permit for a new connection: free, or made free by displacing the oldest idle connection.
async fn admit(permits: &Arc<Semaphore>, registry: &Registry) -> Option<OwnedSemaphorePermit> {
    if let Ok(permit) = Arc::clone(permits).try_acquire_owned() {
        return Some(permit);
    }
    if !registry.displace_oldest_idle() {
        return None;
    }
    tokio::time::timeout(DISPLACE_WAIT, Arc::clone(permits).acquire_owned())
        .await
        .ok()?
        .ok()
}

/// Accept errors that concern only the connection being accepted.
fn is_transient(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::Interrupted
            | io::ErrorKind::WouldBlock
    )
}

struct Connection {
    app: Router,
    peer: SocketAddr,
    activity: Arc<Activity>,
    options: ServeOptions,
}

impl Connection {
    async fn run<F, S>(self, handshake: F)
    where
        F: Future<Output = io::Result<S>>,
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let Self {
            app,
            peer,
            activity,
            options,
        } = self;
        let io = tokio::select! {
            io = tokio::time::timeout(options.header_read_timeout, handshake) => match io {
                Ok(Ok(io)) => io,
                _ => return,
            },
            () = asked_to_close(&activity) => return,
        };
        let served_by = Arc::clone(&activity);
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let served = Served::begin(Arc::clone(&served_by));
            let app = app.clone();
            async move {
                let reply = app.oneshot(request).await;
                drop(served);
                reply
            }
        });
        let stream = Watched {
            inner: io,
            activity: Arc::clone(&activity),
        };
        let mut conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            // Our own timers close waiting and slow connections first. Hyper's header timer
            // starts as soon as a connection waits for a request, so it is only a backstop here.
            .header_read_timeout(options.idle_timeout + options.header_read_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let mut asked_hyper = false;
        let mut grace_until: Option<Instant> = None;
        loop {
            let now = Instant::now();
            let (closing, in_flight, head, oversized) = {
                let state = activity.lock();
                (state.closing, state.in_flight, state.head, state.oversized)
            };
            if let Some(status) = oversized {
                let io = conn.into_parts().io.into_inner().inner;
                refuse_head(io, status).await;
                return;
            }
            let deadline = due_at(&options, &activity);
            if !closing && deadline.is_some_and(|at| at <= now) {
                activity.close();
                continue;
            }
            if closing && in_flight == 0 && matches!(head, Head::Reading { .. }) {
                // A half-sent head: there is no reply in progress to wait for.
                return;
            }
            if closing && !asked_hyper {
                // Hyper closes a connection between requests at once, and one serving a
                // request after its reply.
                Pin::new(&mut conn).graceful_shutdown();
                asked_hyper = true;
            }
            if asked_hyper && in_flight == 0 && grace_until.is_none() {
                grace_until = Some(now + CLOSE_GRACE);
            }
            if grace_until.is_some_and(|at| at <= now) {
                // The last reply is not being read: give up on it.
                return;
            }
            let wake_at = match (deadline, grace_until) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            tokio::select! {
                _ = &mut conn => return,
                () = activity.changed.notified() => {}
                () = sleep_until(wake_at) => {}
            }
        }
    }
}

/// When a connection between requests is due to close; None while it serves one.
fn due_at(options: &ServeOptions, activity: &Activity) -> Option<Instant> {
    let state = activity.lock();
    if state.in_flight > 0 {
        return None;
    }
    match state.head {
        Head::Waiting => Some(state.idle_since + options.idle_timeout),
        Head::Reading { started, .. } => Some(started + options.header_read_timeout),
        Head::Done => None,
    }
}

async fn asked_to_close(activity: &Activity) {
    loop {
        if activity.lock().closing {
            return;
        }
        activity.changed.notified().await;
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// A request being served; marks it answered when its handler's future completes or is dropped
/// (the client went away).
struct Served(Arc<Activity>);

impl Served {
    fn begin(activity: Arc<Activity>) -> Self {
        activity.begin();
        Self(activity)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.0.end();
    }
}

/// Answers a head that broke a limit, then closes. Written by hand because hyper, which would
/// otherwise answer it, sends these statuses with an empty body, and every hub error is JSON.
async fn refuse_head<S: AsyncRead + AsyncWrite + Unpin>(mut io: S, status: StatusCode) {
    let body = ApiError::for_status(status).body_text();
    let reply = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len(),
    );
    let written = tokio::time::timeout(CLOSE_GRACE, async {
        io.write_all(reply.as_bytes()).await?;
        io.flush().await?;
        io.shutdown().await
    })
    .await;
    if !matches!(written, Ok(Ok(()))) {
        return;
    }
    // Closing with unread bytes would reset the connection, and the client might lose the
    // reply; read and drop what is still coming, within limits.
    let _ = tokio::time::timeout(LINGER_TIME, async {
        let mut sink = [0u8; 8192];
        let mut drained = 0;
        while drained < LINGER_BYTES {
            match io.read(&mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(n) => drained += n,
            }
        }
    })
    .await;
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

    #[test]
    fn the_cap_leaves_room_below_the_file_limit() {
        let options = ServeOptions::default();
        assert_eq!(options.connection_cap(None), DEFAULT_MAX_CONNECTIONS);
        assert_eq!(options.connection_cap(Some(1024)), 1024 - 128);
        assert_eq!(
            options.connection_cap(Some(1 << 20)),
            DEFAULT_MAX_CONNECTIONS
        );
        assert_eq!(options.connection_cap(Some(10)), 1);
    }
}
