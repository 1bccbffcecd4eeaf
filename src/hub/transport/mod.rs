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
//! - TLS (issue 17): [`serve_tls`] does the handshake on each connection's own task, between
//!   accepting and serving, within [`ServeOptions::handshake_timeout`], so a slow or silent
//!   client holds up nobody else and still counts against the cap. [`serve`] is plain HTTP
//!   (`--insecure-http`).
//!
//! Split: [`watch`] follows one connection's state and request heads; [`connection`] runs one
//! connection; this file accepts them.

mod connection;
mod watch;

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use connection::Connection;
use watch::{Activity, Head};

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
/// Default for [`ServeOptions::handshake_timeout`].
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a closing connection may take to finish writing its last reply (a client that does
/// not read could otherwise hold it for ever).
pub(super) const CLOSE_GRACE: Duration = Duration::from_secs(2);
/// How long a new connection at the cap waits for the connection it displaced to close.
const DISPLACE_WAIT: Duration = Duration::from_millis(250);
/// How long to wait before accepting again after an accept error such as "too many open files".
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);
/// Longest gap between two warnings about refused connections or failed accepts.
const WARN_EVERY: Duration = Duration::from_secs(10);
/// After a 414 or 431, how long and how much of the rest of the request is read and dropped so
/// that closing does not reset the connection before the client has read the reply.
pub(super) const LINGER_TIME: Duration = Duration::from_secs(1);
pub(super) const LINGER_BYTES: usize = 256 * 1024;

/// How the hub treats connections. [`Default`] is what `fairdesk serve` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeOptions {
    /// Most connections open at once, long-polls included. Lowered to fit the open-file limit.
    pub max_connections: usize,
    /// How long a client may take to send a whole request head once it has started one.
    pub header_read_timeout: Duration,
    /// How long a connection may wait for its next request (or its first).
    pub idle_timeout: Duration,
    /// How long a new connection may take to finish its TLS handshake.
    pub handshake_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            header_read_timeout: HEADER_READ_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
            handshake_timeout: HANDSHAKE_TIMEOUT,
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

/// Serves `app` over TLS with `acceptor` until `stop` completes; see the module docs.
pub async fn serve_tls(
    listener: TcpListener,
    app: Router,
    options: ServeOptions,
    stop: impl Future<Output = ()> + Send,
    acceptor: crate::hub::tls::TlsAcceptor,
) -> io::Result<()> {
    accept_loop(listener, app, options, stop, move |tcp| {
        let acceptor = acceptor.clone();
        async move { acceptor.accept(tcp).await }
    })
    .await
}

/// The accept loop. `upgrade` turns an accepted TCP stream into the stream HTTP is spoken on
/// (the stream itself, or a TLS handshake). It runs on the connection's own task, within
/// [`ServeOptions::handshake_timeout`], so a slow handshake holds up nobody else.
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

#[cfg(test)]
mod tests {
    use super::*;

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
