//! The hub's HTTP server: axum on tokio around one [`Fair`].
//!
//! Every engine call is blocking SQLite work, so each request's authorisation and engine call
//! run together on tokio's blocking pool ([`Hub::call`]); the async workers only move bytes.
//! The writes every station makes all day (check-in, ticket, call, desk actions) are the
//! exception ([`Hub::write_call`]): they are queued for the engine's group commit and awaited,
//! so a busy hall does not park a blocking-pool thread per request and wake it again (on two
//! cores those wake-ups were a fifth of the hub's time). The engine replies only after
//! `COMMIT` either way, so a 2xx reply always means the change is on disk.
//!
//! Live updates: after each write the hub pokes a small task that re-reads the change counter
//! (at most every 20 ms, and every 250 ms anyway to notice writers outside the hub) and
//! publishes it on a `watch` channel. `GET /api/v1/changes?since=N` waits on that channel for up
//! to 25 s, so a screen hears of a change within tens of milliseconds without busy polling.
//!
//! Stations speak HTTPS to the hub ([`Security::Tls`], the certificate pinned at pairing; see
//! [`super::tls`]) unless it runs with `--insecure-http` ([`Security::InsecureHttp`]).
//!
//! Connections are accepted by the hub's own loop ([`super::transport`]): a cap below the
//! open-file limit, idle and header-read timeouts, and JSON replies even for heads too long to
//! parse. Every request body is read whole before routing (`read_body`), so any reply leaves
//! a keep-alive connection usable, or says `Connection: close` when it cannot.
//!
//! Shutdown (Ctrl-C, SIGTERM, or [`RunningHub::stop`]): the listener stops accepting, waiting
//! long-polls return at once, and in-flight requests, including their engine writes, finish.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use chrono::{DateTime, Utc};
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore, watch};

use super::HubClient;
use super::auth::{self, Caller, Role, Scope, TokenCache};
use super::error::ApiError;
use super::limits::PinGuard;
use super::routes::current_peer;
pub use super::routes::{
    AmendBody, Changes, ChangesQuery, FinishBody, MAX_BODY_BYTES, PinBody, REQUEST_TIMEOUT,
    TicketBody, TokenBody, UndoBody, WhoAmI, router,
};
use super::throttle::LookupThrottle;
use super::tls::{Fingerprint, HubIdentity, TlsAcceptor};
pub use super::transport::ServeOptions;
use crate::api::*;
use crate::fair::Fair;
use crate::store::TokenStore;

/// See [`TokenStore::fingerprint`].
type TokenFingerprint = (i64, i64, i64, i64, i64);

/// The longest a `changes` long-poll waits.
pub const LONG_POLL_MAX: Duration = Duration::from_secs(25);
/// Shortest gap between two change-counter reads after writes: coalesces bursts.
const CHANGE_COALESCE: Duration = Duration::from_millis(20);
/// Change-counter read interval when nothing is poked, to notice writers outside the hub.
const CHANGE_IDLE_POLL: Duration = Duration::from_millis(250);
/// PIN checks hashed at once. Each Argon2 hash takes 32 MiB and a core for about 0.1 s;
/// more side by side would only queue on the blocking pool and hold the memory.
const PIN_CHECKS_AT_ONCE: usize = 2;

/// The shared state of a running hub.
pub struct Hub {
    pub(super) fair: Arc<Fair>,
    tokens: Mutex<TokenStore>,
    /// Tokens already checked, so most requests never wait for the token store.
    token_cache: TokenCache,
    /// The token table's [`TokenStore::fingerprint`] when last looked at.
    token_fingerprint: Mutex<Option<TokenFingerprint>>,
    pub(super) changes: watch::Sender<u64>,
    poke: Notify,
    pub(super) shutdown: watch::Sender<bool>,
    lookups: LookupThrottle,
    /// Failed PIN checks by token and address.
    pub(super) pins: PinGuard,
    pub(super) pin_checks: Semaphore,
}

pub(super) type Shared = Arc<Hub>;

/// Ends a lookup's throttle turn: a 404, from the authorisation or the engine, is a miss.
fn finish_lookup<T>(lookup: Option<super::throttle::Lookup<'_>>, result: &Result<T, ApiError>) {
    if let Some(lookup) = lookup {
        lookup.finish(matches!(result, Err(e) if e.status() == StatusCode::NOT_FOUND));
    }
}

impl Hub {
    /// Opens the event database at `db` for serving.
    pub fn open(db: &Path) -> FairResult<Self> {
        let fair = Fair::open(db)?;
        let counter = fair.change_counter()?;
        let tokens = TokenStore::open(db)?;
        // Read before any request can fill the cache, so a change made after this moment is
        // always seen as one.
        let fingerprint = tokens.fingerprint()?;
        Ok(Self {
            fair: Arc::new(fair),
            tokens: Mutex::new(tokens),
            token_cache: TokenCache::default(),
            token_fingerprint: Mutex::new(Some(fingerprint)),
            changes: watch::Sender::new(counter),
            poke: Notify::new(),
            shutdown: watch::Sender::new(false),
            lookups: LookupThrottle::default(),
            pins: PinGuard::default(),
            pin_checks: Semaphore::new(PIN_CHECKS_AT_ONCE),
        })
    }

    /// The engine (tests use it to check the database directly).
    pub fn fair(&self) -> &Arc<Fair> {
        &self.fair
    }

    pub(super) fn caller(
        &self,
        token: Option<&str>,
        peer: Option<IpAddr>,
        scope: &Scope,
    ) -> Result<Caller, ApiError> {
        let caller = self.token_cache.authenticate(&self.tokens, token, peer)?;
        auth::authorise(&self.token_store(), &caller, scope)?;
        Ok(caller)
    }

    /// The token store; its lock is only contended by other authorisations, each a few
    /// microseconds, and by token administration.
    fn token_store(&self) -> std::sync::MutexGuard<'_, TokenStore> {
        self.tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The token cache (tests look at it).
    pub fn token_cache(&self) -> &TokenCache {
        &self.token_cache
    }

    /// Empties the token cache if the token table changed since it was last looked at, by
    /// this process or another.
    fn check_token_table(&self) {
        let Ok(now) = self.token_store().fingerprint() else {
            return;
        };
        let mut seen = self
            .token_fingerprint
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Not looked at before (the first read failed): whatever is cached may predate a
        // change, so start again.
        if seen.is_none_or(|seen| seen != now) {
            self.token_cache.clear();
        }
        *seen = Some(now);
    }

    /// A turn from the lookup throttle if `scope` names an attendee by code (the organiser's
    /// excepted).
    fn lookup_turn(
        &self,
        caller: &Caller,
        scope: &Scope,
    ) -> Result<Option<super::throttle::Lookup<'_>>, ApiError> {
        if !scope.names_attendee() || caller.role == Role::Organiser {
            return Ok(None);
        }
        let turn = self
            .lookups
            .begin(caller.token_id)
            .map_err(|retry_after_s| {
                tracing::info!(token_id = caller.token_id, "lookups throttled");
                FairError::Throttled { retry_after_s }
            })?;
        Ok(Some(turn))
    }

    /// Authenticates, authorises and runs `f`. A lookup of an attendee by code takes its turn
    /// from the lookup throttle first (the organiser's excepted), and a 404, from the
    /// authorisation or the engine, counts as a miss.
    fn run<T>(
        &self,
        token: Option<&str>,
        peer: Option<IpAddr>,
        scope: &Scope,
        f: impl FnOnce(&Caller) -> FairResult<T>,
    ) -> Result<T, ApiError> {
        let caller = self.token_cache.authenticate(&self.tokens, token, peer)?;
        let lookup = self.lookup_turn(&caller, scope)?;
        // Held only while authorising: for most scopes a few comparisons, for a booth's token a
        // lookup of the desk's or ticket's booth.
        let authorised = auth::authorise(&self.token_store(), &caller, scope);
        let result = authorised
            .map_err(ApiError::from)
            .and_then(|()| f(&caller).map_err(ApiError::from));
        finish_lookup(lookup, &result);
        result
    }

    /// Authorises and runs `f` on the blocking pool; pokes the change tracker after writes.
    pub(super) async fn call<T, F>(
        self: &Arc<Self>,
        headers: &HeaderMap,
        scope: Scope,
        write: bool,
        f: F,
    ) -> Result<Json<T>, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Fair, &Caller) -> FairResult<T> + Send + 'static,
    {
        let token = token_of(headers);
        let peer = current_peer();
        let hub = Arc::clone(self);
        let result = self
            .blocking(move || {
                hub.run(token.as_deref(), peer, &scope, |caller| {
                    f(&hub.fair, caller)
                })
            })
            .await;
        if write && result.is_ok() {
            self.poke.notify_one();
        }
        result.map(Json)
    }

    /// Like [`Hub::call`] for the writes stations make all day (check-in, ticket, call and
    /// desk actions): `write` queues the engine's write and the request awaits its commit,
    /// with no blocking-pool thread parked for it. Authentication and authorisation run here
    /// when memory decides them (a token already checked, a scope settled by comparisons);
    /// what needs the database runs on the blocking pool as for any call. The same checks,
    /// in the same order, as [`Hub::run`].
    pub(super) async fn write_call<T, W, Fut>(
        self: &Arc<Self>,
        headers: &HeaderMap,
        scope: Scope,
        write: W,
    ) -> Result<Json<T>, ApiError>
    where
        T: Send + 'static,
        W: FnOnce(&Fair, &Caller) -> Fut,
        Fut: Future<Output = FairResult<T>> + Send + 'static,
    {
        let token = token_of(headers);
        let peer = current_peer();
        let caller = match self.token_cache.cached(token.as_deref(), peer) {
            Some(caller) => caller?,
            None => {
                let hub = Arc::clone(self);
                self.blocking(move || {
                    hub.token_cache
                        .authenticate(&hub.tokens, token.as_deref(), peer)
                        .map_err(ApiError::from)
                })
                .await?
            }
        };
        let lookup = self.lookup_turn(&caller, &scope)?;
        let quick = self.tokens.try_lock().ok().and_then(|store| {
            auth::decided_in_memory(&store, &caller, &scope)
                .then(|| auth::authorise(&store, &caller, &scope))
        });
        let authorised = match quick {
            Some(authorised) => authorised.map_err(ApiError::from),
            None => {
                let (hub, checked) = (Arc::clone(self), caller.clone());
                self.blocking(move || {
                    auth::authorise(&hub.token_store(), &checked, &scope).map_err(ApiError::from)
                })
                .await
            }
        };
        let result = match authorised {
            Ok(()) => write(&self.fair, &caller).await.map_err(ApiError::from),
            Err(e) => Err(e),
        };
        finish_lookup(lookup, &result);
        if result.is_ok() {
            self.poke.notify_one();
        }
        result.map(Json)
    }

    /// Runs `f` on the blocking pool.
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        tokio::task::spawn_blocking(f)
            .await
            .map_err(|_| ApiError::for_status(StatusCode::INTERNAL_SERVER_ERROR))?
    }

    /// Like [`Hub::call`] for token administration, which works on the token store.
    pub(super) async fn tokens_call<T, F>(
        self: &Arc<Self>,
        headers: &HeaderMap,
        f: F,
    ) -> Result<Json<T>, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&TokenStore, DateTime<Utc>) -> FairResult<T> + Send + 'static,
    {
        let token = token_of(headers);
        let peer = current_peer();
        let hub = Arc::clone(self);
        self.blocking(move || {
            hub.caller(token.as_deref(), peer, &Scope::Organiser)?;
            let result = f(&hub.token_store(), hub.fair.now()).map_err(ApiError::from);
            // Whatever the administration did (a revocation), it is done: no token is
            // admitted from the cache as it was before it, from the very next request on.
            hub.token_cache.clear();
            hub.check_token_table();
            result
        })
        .await
        .map(Json)
    }
}

pub(super) fn token_of(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok();
    auth::bearer(value).map(str::to_string)
}

/// Re-reads the change counter when poked (and now and then anyway) and publishes it.
async fn track_changes(hub: Shared) {
    let mut shutdown = hub.shutdown.subscribe();
    loop {
        tokio::select! {
            () = hub.poke.notified() => {}
            () = tokio::time::sleep(CHANGE_IDLE_POLL) => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
        let checking = Arc::clone(&hub);
        let read = tokio::task::spawn_blocking(move || {
            // Tokens revoked by another process (`fairdesk token --revoke` beside the hub)
            // leave the cache here, within one idle poll.
            checking.check_token_table();
            checking.fair.change_counter()
        });
        if let Ok(Ok(counter)) = read.await {
            hub.changes.send_if_modified(|current| {
                let newer = counter > *current;
                if newer {
                    *current = counter;
                }
                newer
            });
        }
        tokio::time::sleep(CHANGE_COALESCE).await;
    }
}

// ---- serving --------------------------------------------------------------------------------

/// How the hub speaks to stations (issue 17).
#[derive(Clone)]
pub enum Security {
    /// HTTPS with the hub's own certificate, which stations pin at pairing (the default).
    Tls(TlsAcceptor),
    /// Plain HTTP (`--insecure-http`): the hub's behaviour before issue 17. Anyone on the
    /// hall's Wi-Fi can read the traffic, tokens included.
    InsecureHttp,
}

impl Security {
    /// HTTPS with the identity kept beside `db` (made now if there is none), or plain HTTP.
    pub fn for_db(db: &Path, insecure_http: bool) -> anyhow::Result<(Self, Option<Fingerprint>)> {
        if insecure_http {
            return Ok((Self::InsecureHttp, None));
        }
        let identity = HubIdentity::load_or_create(db)?;
        Ok((
            Self::Tls(TlsAcceptor::new(&identity)?),
            Some(identity.fingerprint()),
        ))
    }
}

/// Serves `hub` on `listener` until `signal` completes, with these connection limits and
/// timeouts, in HTTPS or plain HTTP.
pub async fn serve_with(
    listener: TcpListener,
    hub: Shared,
    signal: impl Future<Output = ()> + Send + 'static,
    options: ServeOptions,
    security: Security,
) -> std::io::Result<()> {
    let tracker = tokio::spawn(track_changes(Arc::clone(&hub)));
    let app = router(Arc::clone(&hub));
    let stopping = Arc::clone(&hub);
    let stop = async move {
        signal.await;
        tracing::info!("shutting down: finishing requests in flight");
        // Wake long-polls so they do not hold the shutdown for 25 s.
        stopping.shutdown.send_replace(true);
    };
    let result = match security {
        Security::Tls(acceptor) => {
            super::transport::serve_tls(listener, app, options, stop, acceptor).await
        }
        Security::InsecureHttp => super::transport::serve(listener, app, options, stop).await,
    };
    hub.shutdown.send_replace(true);
    let _ = tracker.await;
    result
}

/// Ctrl-C or SIGTERM.
async fn stop_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("fairdesk-hub")
        .build()
}

/// Runs the hub on `bind` until Ctrl-C or SIGTERM (the `serve` command), in HTTPS unless
/// `insecure_http`. `on_ready` is told the bound address, and the certificate's fingerprint
/// over HTTPS, once the hub accepts connections.
pub fn run(
    db: &Path,
    bind: &str,
    insecure_http: bool,
    on_ready: impl FnOnce(SocketAddr, Option<Fingerprint>),
) -> anyhow::Result<()> {
    let hub = Arc::new(Hub::open(db)?);
    let (security, fingerprint) = Security::for_db(db, insecure_http)?;
    let rt = runtime()?;
    rt.block_on(async move {
        let listener = TcpListener::bind(bind).await?;
        on_ready(listener.local_addr()?, fingerprint);
        serve_with(
            listener,
            hub,
            stop_signal(),
            ServeOptions::default(),
            security,
        )
        .await?;
        Ok::<(), anyhow::Error>(())
    })?;
    Ok(())
}

/// A hub running on its own threads (tests, and a station that hosts the hub itself).
pub struct RunningHub {
    addr: SocketAddr,
    hub: Shared,
    fingerprint: Option<Fingerprint>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningHub {
    /// Starts a hub for `db` on `bind` (use `127.0.0.1:0` for any free port) in plain HTTP,
    /// as `--insecure-http` does (tests that speak HTTP by hand use it).
    pub fn start(db: &Path, bind: &str) -> anyhow::Result<Self> {
        Self::start_with(db, bind, ServeOptions::default())
    }

    /// [`RunningHub::start`] with other connection limits and timeouts.
    pub fn start_with(db: &Path, bind: &str, options: ServeOptions) -> anyhow::Result<Self> {
        Self::start_secured(db, bind, options, true)
    }

    /// Starts a hub for `db` on `bind` in HTTPS, as `fairdesk serve` does, with the
    /// certificate kept beside `db`.
    pub fn start_tls(db: &Path, bind: &str) -> anyhow::Result<Self> {
        Self::start_secured(db, bind, ServeOptions::default(), false)
    }

    /// Starts a hub in HTTPS, or in plain HTTP when `insecure_http`.
    pub fn start_secured(
        db: &Path,
        bind: &str,
        options: ServeOptions,
        insecure_http: bool,
    ) -> anyhow::Result<Self> {
        let hub = Arc::new(Hub::open(db)?);
        let (security, fingerprint) = Security::for_db(db, insecure_http)?;
        let rt = runtime()?;
        let listener = rt.block_on(TcpListener::bind(bind))?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = Arc::clone(&hub);
        let thread = std::thread::Builder::new()
            .name("fairdesk-hub-main".into())
            .spawn(move || {
                let signal = async move {
                    let _ = stopped.await;
                };
                let served = serve_with(listener, serving, signal, options, security);
                if let Err(err) = rt.block_on(served) {
                    tracing::error!(error = %err, "hub stopped with an error");
                }
            })?;
        Ok(Self {
            addr,
            hub,
            fingerprint,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address the hub listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `https://ADDR`, or `http://ADDR` for a hub in plain HTTP.
    pub fn url(&self) -> String {
        match self.fingerprint {
            Some(_) => format!("https://{}", self.addr),
            None => format!("http://{}", self.addr),
        }
    }

    /// The certificate's fingerprint, for a hub in HTTPS.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.fingerprint
    }

    /// A client for this hub with `token`, pinned to its certificate over HTTPS.
    pub fn client(&self, token: &str) -> FairResult<HubClient> {
        HubClient::connect(&self.url(), token, self.fingerprint)
    }

    /// The hub's state.
    pub fn hub(&self) -> &Shared {
        &self.hub
    }

    /// Shuts down gracefully and waits until in-flight requests have finished.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for RunningHub {
    fn drop(&mut self) {
        self.shutdown();
    }
}
