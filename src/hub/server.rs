//! The hub's HTTP server: axum on tokio around one [`Fair`].
//!
//! Every engine call is blocking SQLite work, so each request's authorisation and engine call
//! run together on tokio's blocking pool ([`Hub::call`]); the async workers only move bytes.
//! The engine serialises writers behind its own lock and replies only after `COMMIT`, so a
//! 2xx reply always means the change is on disk.
//!
//! Live updates: after each write the hub pokes a small task that re-reads the change counter
//! (at most every 20 ms, and every 250 ms anyway to notice writers outside the hub) and
//! publishes it on a `watch` channel. `GET /api/v1/changes?since=N` waits on that channel for up
//! to 25 s, so a screen hears of a change within tens of milliseconds without busy polling.
//!
//! Connections are accepted by the hub's own loop ([`super::transport`]): a cap below the
//! open-file limit, idle and header-read timeouts, and JSON replies even for heads too long to
//! parse. Every request body is read whole before routing (`read_body`), so any reply leaves
//! a keep-alive connection usable, or says `Connection: close` when it cannot.
//!
//! Shutdown (Ctrl-C, SIGTERM, or [`RunningHub::stop`]): the listener stops accepting, waiting
//! long-polls return at once, and in-flight requests, including their engine writes, finish.

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Extension;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path as UrlPath, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore, watch};
use tower_http::timeout::TimeoutLayer;

use super::auth::{self, Caller, Role, Scope};
use super::error::ApiError;
use super::throttle::LookupThrottle;
use super::limits::{PinGuard, PinKey};
pub use super::transport::ServeOptions;
use crate::api::*;
use crate::domain::Outcome;
use crate::fair::{Fair, SetupApi, SetupChange, SetupDone, SetupView};
use crate::report::ReportRange;
use crate::store::TokenStore;

/// Largest request body accepted. A check-in is well under 1 KiB; a profile update too.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// How long one request may take before the client is told to retry.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
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
    fair: Arc<Fair>,
    tokens: Mutex<TokenStore>,
    changes: watch::Sender<u64>,
    poke: Notify,
    shutdown: watch::Sender<bool>,
    lookups: LookupThrottle,
    /// Failed PIN checks by token and address.
    pins: PinGuard,
    pin_checks: Semaphore,
}

type Shared = Arc<Hub>;

impl Hub {
    /// Opens the event database at `db` for serving.
    pub fn open(db: &Path) -> FairResult<Self> {
        let fair = Fair::open(db)?;
        let counter = fair.change_counter()?;
        Ok(Self {
            fair: Arc::new(fair),
            tokens: Mutex::new(TokenStore::open(db)?),
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

    fn caller(&self, token: Option<&str>, scope: &Scope) -> Result<Caller, ApiError> {
        // The lock is only contended by other authorisations, each a few microseconds.
        let tokens = self
            .tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let caller = auth::authenticate(&tokens, token)?;
        auth::authorise(&tokens, &caller, scope)?;
        Ok(caller)
    }

    /// Authenticates, authorises and runs `f`. A lookup of an attendee by code takes its turn
    /// from the lookup throttle first (the organiser's excepted), and a 404, from the
    /// authorisation or the engine, counts as a miss.
    fn run<T>(
        &self,
        token: Option<&str>,
        scope: &Scope,
        f: impl FnOnce(&Caller) -> FairResult<T>,
    ) -> Result<T, ApiError> {
        let tokens = self
            .tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let caller = auth::authenticate(&tokens, token)?;
        let lookup = if scope.names_attendee() && caller.role != Role::Organiser {
            let turn = self
                .lookups
                .begin(caller.token_id)
                .map_err(|retry_after_s| {
                    tracing::info!(token_id = caller.token_id, "lookups throttled");
                    FairError::Throttled { retry_after_s }
                })?;
            Some(turn)
        } else {
            None
        };
        let authorised = auth::authorise(&tokens, &caller, scope);
        drop(tokens);
        let result = authorised
            .map_err(ApiError::from)
            .and_then(|()| f(&caller).map_err(ApiError::from));
        if let Some(lookup) = lookup {
            lookup.finish(matches!(&result, Err(e) if e.status() == StatusCode::NOT_FOUND));
        }
        result
    }

    /// Authorises and runs `f` on the blocking pool; pokes the change tracker after writes.
    async fn call<T, F>(
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
        let hub = Arc::clone(self);
        let result = tokio::task::spawn_blocking(move || {
            hub.run(token.as_deref(), &scope, |caller| f(&hub.fair, caller))
        })
        .await
        .map_err(|_| ApiError::for_status(StatusCode::INTERNAL_SERVER_ERROR))?;
        if write && result.is_ok() {
            self.poke.notify_one();
        }
        result.map(Json)
    }

    /// Like [`Hub::call`] for token administration, which works on the token store.
    async fn tokens_call<T, F>(
        self: &Arc<Self>,
        headers: &HeaderMap,
        f: F,
    ) -> Result<Json<T>, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&TokenStore, DateTime<Utc>) -> FairResult<T> + Send + 'static,
    {
        let token = token_of(headers);
        let hub = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            hub.caller(token.as_deref(), &Scope::Organiser)?;
            let tokens = hub
                .tokens
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&tokens, hub.fair.now()).map_err(ApiError::from)
        })
        .await
        .map_err(|_| ApiError::for_status(StatusCode::INTERNAL_SERVER_ERROR))?
        .map(Json)
    }
}

fn token_of(headers: &HeaderMap) -> Option<String> {
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
        let fair = Arc::clone(&hub.fair);
        if let Ok(Ok(counter)) = tokio::task::spawn_blocking(move || fair.change_counter()).await {
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

// ---- request bodies -------------------------------------------------------------------------

/// `POST /api/v1/tickets`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TicketBody {
    pub attendee: String,
    pub booth: String,
    #[serde(default)]
    pub station: Option<String>,
}

/// `POST /api/v1/desks/{desk}/finish`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FinishBody {
    pub outcome: Outcome,
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /api/v1/pin`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PinBody {
    pub pin: String,
}

/// `POST /api/v1/tokens`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenBody {
    pub role: Role,
    #[serde(default)]
    pub booth: Option<String>,
}

/// `GET /api/v1/changes?since=N`: wait until the change counter exceeds `since`.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct ChangesQuery {
    #[serde(default)]
    pub since: Option<u64>,
    /// Seconds to wait at most (capped at 25).
    #[serde(default)]
    pub wait: Option<u64>,
}

/// The reply of `whoami`: what the caller's token is, so a station can check before it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhoAmI {
    /// The token's role.
    pub role: Role,
    /// For a booth token, the booth it acts for.
    pub booth: Option<String>,
}

/// The reply of `changes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    pub counter: u64,
}

// ---- handlers -------------------------------------------------------------------------------

async fn health() -> Json<serde_json::Value> {
    Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}))
}

/// `GET whoami`: the role and booth of the caller's token (any valid token; 401 otherwise).
async fn whoami(State(hub): State<Shared>, headers: HeaderMap) -> Result<Json<WhoAmI>, ApiError> {
    hub.call(&headers, Scope::Public, false, |_, caller| {
        Ok(WhoAmI {
            role: caller.role,
            booth: caller.booth.clone(),
        })
    })
    .await
}

async fn event(State(hub): State<Shared>, headers: HeaderMap) -> Result<Json<EventInfo>, ApiError> {
    hub.call(&headers, Scope::Public, false, |fair, _| fair.event())
        .await
}

async fn checkin(
    State(hub): State<Shared>,
    headers: HeaderMap,
    body: Result<Json<CheckinRequest>, JsonRejection>,
) -> Result<Json<CheckinOutcome>, ApiError> {
    let Json(mut request) = body?;
    hub.call(&headers, Scope::Checkin, true, move |fair, caller| {
        request.station.get_or_insert_with(|| caller.station());
        fair.checkin(request)
    })
    .await
}

async fn attendee(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(code): UrlPath<String>,
) -> Result<Json<AttendeeProfile>, ApiError> {
    let scope = Scope::AttendeeRead { code: code.clone() };
    hub.call(&headers, scope, false, move |fair, _| fair.attendee(&code))
        .await
}

async fn update_attendee(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(code): UrlPath<String>,
    body: Result<Json<ProfileUpdate>, JsonRejection>,
) -> Result<Json<AttendeeProfile>, ApiError> {
    let Json(update) = body?;
    let scope = Scope::AttendeeWrite { code: code.clone() };
    hub.call(&headers, scope, true, move |fair, _| {
        fair.update_attendee(&code, update)
    })
    .await
}

async fn suggestions(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(code): UrlPath<String>,
) -> Result<Json<Suggestions>, ApiError> {
    let scope = Scope::Suggestions { code: code.clone() };
    hub.call(&headers, scope, false, move |fair, _| {
        fair.suggestions(&code)
    })
    .await
}

async fn booths(
    State(hub): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Vec<BoothStatus>>, ApiError> {
    hub.call(&headers, Scope::Booths, false, |fair, _| fair.booths())
        .await
}

async fn issue_ticket(
    State(hub): State<Shared>,
    headers: HeaderMap,
    body: Result<Json<TicketBody>, JsonRejection>,
) -> Result<Json<TicketIssued>, ApiError> {
    let Json(body) = body?;
    let scope = Scope::IssueTicket {
        booth: body.booth.clone(),
        attendee: body.attendee.clone(),
    };
    hub.call(&headers, scope, true, move |fair, caller| {
        let station = body.station.unwrap_or_else(|| caller.station());
        fair.issue_ticket(&body.attendee, &body.booth, Some(&station))
    })
    .await
}

async fn ticket_act(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(number): UrlPath<String>,
    body: Result<Json<StaffAction>, JsonRejection>,
) -> Result<Json<TicketView>, ApiError> {
    let Json(action) = body?;
    let scope = Scope::Ticket {
        number: number.clone(),
    };
    hub.call(&headers, scope, true, move |fair, _| {
        fair.act(Target::Ticket(number), action)
    })
    .await
}

async fn desk_view(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
) -> Result<Json<DeskView>, ApiError> {
    let scope = Scope::Desk { desk: desk.clone() };
    hub.call(&headers, scope, false, move |fair, _| fair.desk_view(&desk))
        .await
}

// Handlers of body-less POSTs still take the body (and drop it): a request body left unread
// makes the server close the connection, and a client's next request on it would fail.

/// `call` replies with the called ticket, or `{"ticket": null}` when nobody can be called
/// (the same JSON as the command line).
async fn desk_call(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    _body: Bytes,
) -> Result<Response, ApiError> {
    let scope = Scope::Desk { desk: desk.clone() };
    let Json(called) = hub
        .call(&headers, scope, true, move |fair, _| fair.call_next(&desk))
        .await?;
    Ok(match called {
        Some(ticket) => Json(ticket).into_response(),
        None => Json(json!({"ticket": null})).into_response(),
    })
}

async fn desk_action(
    hub: Shared,
    headers: HeaderMap,
    desk: String,
    action: StaffAction,
) -> Result<Json<TicketView>, ApiError> {
    let scope = Scope::Desk { desk: desk.clone() };
    hub.call(&headers, scope, true, move |fair, _| {
        fair.act(Target::Desk(desk), action)
    })
    .await
}

async fn desk_recall(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    _body: Bytes,
) -> Result<Json<TicketView>, ApiError> {
    desk_action(hub, headers, desk, StaffAction::Recall).await
}

async fn desk_start(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    _body: Bytes,
) -> Result<Json<TicketView>, ApiError> {
    desk_action(hub, headers, desk, StaffAction::Start).await
}

async fn desk_no_show(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    _body: Bytes,
) -> Result<Json<TicketView>, ApiError> {
    desk_action(hub, headers, desk, StaffAction::NoShow).await
}

async fn desk_finish(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    body: Result<Json<FinishBody>, JsonRejection>,
) -> Result<Json<TicketView>, ApiError> {
    let Json(FinishBody { outcome, note }) = body?;
    desk_action(hub, headers, desk, StaffAction::Finish { outcome, note }).await
}

async fn desk_act(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    body: Result<Json<StaffAction>, JsonRejection>,
) -> Result<Json<TicketView>, ApiError> {
    let Json(action) = body?;
    desk_action(hub, headers, desk, action).await
}

async fn desk_set_open(
    hub: Shared,
    headers: HeaderMap,
    desk: String,
    open: bool,
) -> Result<Json<DeskInfo>, ApiError> {
    let scope = Scope::Desk { desk: desk.clone() };
    hub.call(&headers, scope, true, move |fair, _| {
        fair.set_desk_open(&desk, open)
    })
    .await
}

async fn desk_open(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    _body: Bytes,
) -> Result<Json<DeskInfo>, ApiError> {
    desk_set_open(hub, headers, desk, true).await
}

async fn desk_pause(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    _body: Bytes,
) -> Result<Json<DeskInfo>, ApiError> {
    desk_set_open(hub, headers, desk, false).await
}

async fn board(State(hub): State<Shared>, headers: HeaderMap) -> Result<Json<Board>, ApiError> {
    hub.call(&headers, Scope::Public, false, |fair, _| fair.board())
        .await
}

async fn report(
    State(hub): State<Shared>,
    headers: HeaderMap,
    range: Result<Query<ReportRange>, QueryRejection>,
) -> Result<Json<crate::report::Report>, ApiError> {
    let Query(range) = range?;
    hub.call(&headers, Scope::Organiser, false, move |fair, _| {
        fair.report(range)
    })
    .await
}

/// `GET setup`: what the Setup screen shows (organiser).
async fn setup_view(
    State(hub): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<SetupView>, ApiError> {
    hub.call(&headers, Scope::Organiser, false, |fair, _| {
        SetupApi::setup_view(fair)
    })
    .await
}

/// `POST setup` with a [`SetupChange`] (organiser): 200 with what it made, or 422 `refused`.
async fn setup_change(
    State(hub): State<Shared>,
    headers: HeaderMap,
    body: Result<Json<SetupChange>, JsonRejection>,
) -> Result<Json<SetupDone>, ApiError> {
    let Json(change) = body?;
    let name = change.name();
    let Json(result) = hub
        .call(&headers, Scope::Organiser, true, move |fair, _| {
            Ok(fair.apply_setup(change))
        })
        .await?;
    tracing::info!(change = name, ok = result.is_ok(), "setup change");
    result.map(Json).map_err(ApiError::from)
}

/// `POST pin`: `{"ok": bool}`, or 429 `too_many_attempts` with `Retry-After` while the token
/// or the address it comes from is locked after wrong PINs ([`super::limits`]).
async fn verify_pin(
    State(hub): State<Shared>,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    body: Result<Json<PinBody>, JsonRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Json(PinBody { pin }) = body?;
    let peer = peer.map(|Extension(ConnectInfo(addr))| addr.ip());
    let token = token_of(&headers);
    let failed = || ApiError::for_status(StatusCode::INTERNAL_SERVER_ERROR);
    // Counted (or refused as locked) before waiting for a hashing slot, so that a locked-out
    // caller is answered at once and never queues ahead of others.
    let admitting = Arc::clone(&hub);
    let keys = tokio::task::spawn_blocking(move || {
        let caller = admitting.caller(token.as_deref(), &Scope::Public)?;
        let mut keys = vec![PinKey::Token(caller.token_id)];
        keys.extend(peer.map(PinKey::Peer));
        admitting
            .pins
            .attempt(&keys, std::time::Instant::now())
            .map_err(|wait| ApiError::too_many_attempts("wrong PINs", wait))?;
        Ok::<_, ApiError>(keys)
    })
    .await
    .map_err(|_| failed())??;
    // The semaphore is never closed.
    let _hashing = hub.pin_checks.acquire().await.ok();
    let checking = Arc::clone(&hub);
    let ok = tokio::task::spawn_blocking(move || checking.fair.verify_pin(&pin))
        .await
        .map_err(|_| failed())??;
    if ok {
        hub.pins.succeeded(&keys);
    }
    Ok(Json(json!({ "ok": ok })))
}

async fn changes(
    State(hub): State<Shared>,
    headers: HeaderMap,
    query: Result<Query<ChangesQuery>, QueryRejection>,
) -> Result<Json<Changes>, ApiError> {
    let Query(query) = query?;
    // Authorise (and, without `since`, read the counter fresh) on the blocking pool.
    let Json(now) = hub
        .call(&headers, Scope::Public, false, |fair, _| {
            fair.change_counter()
        })
        .await?;
    let Some(since) = query.since else {
        return Ok(Json(Changes { counter: now }));
    };
    if now > since {
        return Ok(Json(Changes { counter: now }));
    }
    let wait = query
        .wait
        .map_or(LONG_POLL_MAX, Duration::from_secs)
        .min(LONG_POLL_MAX);
    let mut changes = hub.changes.subscribe();
    let mut shutdown = hub.shutdown.subscribe();
    tokio::select! {
        _ = changes.wait_for(|counter| *counter > since) => {}
        () = tokio::time::sleep(wait) => {}
        _ = shutdown.wait_for(|stop| *stop) => {}
    }
    let counter = (*changes.borrow()).max(now);
    Ok(Json(Changes { counter }))
}

async fn token_list(
    State(hub): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Vec<crate::store::TokenRow>>, ApiError> {
    hub.tokens_call(&headers, |tokens, _| tokens.list()).await
}

async fn token_issue(
    State(hub): State<Shared>,
    headers: HeaderMap,
    body: Result<Json<TokenBody>, JsonRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Json(body) = body?;
    hub.tokens_call(&headers, move |tokens, now| {
        let issued = auth::issue(tokens, body.role, body.booth.as_deref(), now)?;
        tracing::info!(token_id = issued.id, role = issued.role.as_str(), "token issued");
        Ok(json!({"id": issued.id, "token": issued.token, "role": issued.role, "booth": issued.booth}))
    })
    .await
}

async fn token_revoke(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<i64>,
    _body: Bytes,
) -> Result<Json<crate::store::TokenRow>, ApiError> {
    hub.tokens_call(&headers, move |tokens, now| {
        let row = tokens
            .revoke(id, now)?
            .ok_or_else(|| FairError::not_found("token"))?;
        tracing::info!(token_id = id, "token revoked");
        Ok(row)
    })
    .await
}

/// Unknown routes (the body is drained so the connection stays usable).
async fn no_route(_body: Bytes) -> ApiError {
    ApiError::for_status(StatusCode::NOT_FOUND)
}

async fn wrong_method(_body: Bytes) -> ApiError {
    ApiError::for_status(StatusCode::METHOD_NOT_ALLOWED)
}

/// Reads the whole request body, at most [`MAX_BODY_BYTES`] within [`REQUEST_TIMEOUT`], before
/// routing. A body left unread (a 415 or 401 answered before it, a route that takes none) makes
/// hyper close the connection after the reply without saying so, and the client's next request
/// on it fails. A body that is not read to its end (too large, too slow, broken) is refused
/// with `Connection: close`, since the rest of it is still on the wire.
async fn read_body(request: Request, next: Next) -> Response {
    let (parts, mut body) = request.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return closing(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let read = tokio::time::timeout(REQUEST_TIMEOUT, async {
        let mut bytes = Vec::new();
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else {
                return Err(StatusCode::BAD_REQUEST);
            };
            if let Ok(data) = frame.into_data() {
                if bytes.len() + data.len() > MAX_BODY_BYTES {
                    return Err(StatusCode::PAYLOAD_TOO_LARGE);
                }
                bytes.extend_from_slice(&data);
            }
        }
        Ok(bytes)
    })
    .await;
    match read {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(status)) => closing(status),
        Err(_) => closing(StatusCode::REQUEST_TIMEOUT),
    }
}

/// The JSON error for `status`, closing the connection after it.
fn closing(status: StatusCode) -> Response {
    let mut response = ApiError::for_status(status).into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Layers and extractors outside our handlers (timeout, body limit, a bad path parameter)
/// answer with an empty or plain-text body; give every error the same JSON shape.
async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        ApiError::for_status(status).into_response()
    } else {
        response
    }
}

/// The hub's routes, all under `/api/v1`.
pub fn router(hub: Shared) -> Router {
    let timed = Router::new()
        .route("/api/v1/health", get(health))
        .route("/api/v1/whoami", get(whoami))
        .route("/api/v1/event", get(event))
        .route("/api/v1/checkin", post(checkin))
        .route(
            "/api/v1/attendees/{code}",
            get(attendee).patch(update_attendee),
        )
        .route("/api/v1/attendees/{code}/suggestions", get(suggestions))
        .route("/api/v1/booths", get(booths))
        .route("/api/v1/tickets", post(issue_ticket))
        .route("/api/v1/tickets/{number}/act", post(ticket_act))
        .route("/api/v1/desks/{desk}", get(desk_view))
        .route("/api/v1/desks/{desk}/call", post(desk_call))
        .route("/api/v1/desks/{desk}/recall", post(desk_recall))
        .route("/api/v1/desks/{desk}/start", post(desk_start))
        .route("/api/v1/desks/{desk}/finish", post(desk_finish))
        .route("/api/v1/desks/{desk}/no-show", post(desk_no_show))
        .route("/api/v1/desks/{desk}/act", post(desk_act))
        .route("/api/v1/desks/{desk}/open", post(desk_open))
        .route("/api/v1/desks/{desk}/pause", post(desk_pause))
        .route("/api/v1/board", get(board))
        .route("/api/v1/report", get(report))
        .route("/api/v1/pin", post(verify_pin))
        .route("/api/v1/setup", get(setup_view).post(setup_change))
        .route("/api/v1/tokens", get(token_list).post(token_issue))
        .route("/api/v1/tokens/{id}/revoke", post(token_revoke))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ));
    // The long-poll is outside the request timeout: it bounds its own wait.
    timed
        .route("/api/v1/changes", get(changes))
        .fallback(no_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(read_body))
        .layer(axum::middleware::map_response(json_errors))
        .with_state(hub)
}

/// Serves `hub` on `listener` until `signal` completes, then shuts down gracefully.
pub async fn serve(
    listener: TcpListener,
    hub: Shared,
    signal: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, hub, signal, ServeOptions::default()).await
}

/// [`serve`] with other connection limits and timeouts.
pub async fn serve_with(
    listener: TcpListener,
    hub: Shared,
    signal: impl Future<Output = ()> + Send + 'static,
    options: ServeOptions,
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
    let result = super::transport::serve(listener, app, options, stop).await;
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

/// Runs the hub on `bind` until Ctrl-C or SIGTERM (the `serve` command). `on_ready` is told
/// the bound address once the hub accepts connections.
pub fn run(db: &Path, bind: &str, on_ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    let hub = Arc::new(Hub::open(db)?);
    let rt = runtime()?;
    rt.block_on(async move {
        let listener = TcpListener::bind(bind).await?;
        on_ready(listener.local_addr()?);
        serve(listener, hub, stop_signal()).await?;
        Ok::<(), anyhow::Error>(())
    })?;
    Ok(())
}

/// A hub running on its own threads (tests, and a station that hosts the hub itself).
pub struct RunningHub {
    addr: SocketAddr,
    hub: Shared,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningHub {
    /// Starts a hub for `db` on `bind` (use `127.0.0.1:0` for any free port).
    pub fn start(db: &Path, bind: &str) -> anyhow::Result<Self> {
        Self::start_with(db, bind, ServeOptions::default())
    }

    /// [`RunningHub::start`] with other connection limits and timeouts.
    pub fn start_with(db: &Path, bind: &str, options: ServeOptions) -> anyhow::Result<Self> {
        let hub = Arc::new(Hub::open(db)?);
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
                if let Err(err) = rt.block_on(serve_with(listener, serving, signal, options)) {
                    tracing::error!(error = %err, "hub stopped with an error");
                }
            })?;
        Ok(Self {
            addr,
            hub,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address the hub listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`, for [`crate::hub::HubClient::new`].
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
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
