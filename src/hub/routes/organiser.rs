//! Organiser routes (report, Setup, PIN, tokens) and the change long-poll every screen uses.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};
use serde_json::json;

use super::{Changes, ChangesQuery, PinBody, TokenBody};
use crate::api::*;
use crate::fair::{SetupApi, SetupChange, SetupDone, SetupView};
use crate::hub::auth::{self, Scope};
use crate::hub::error::ApiError;
use crate::hub::limits::PinKey;
use crate::hub::server::{LONG_POLL_MAX, Shared, token_of};
use crate::report::ReportRange;

pub(super) async fn report(
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
pub(super) async fn setup_view(
    State(hub): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<SetupView>, ApiError> {
    hub.call(&headers, Scope::Organiser, false, |fair, _| {
        SetupApi::setup_view(fair)
    })
    .await
}

/// `POST setup` with a [`SetupChange`] (organiser): 200 with what it made, or 422 `refused`.
/// A PIN change checks the old PIN, so it goes through the same lockout as `POST pin`: every
/// failed change counts, and a locked token or address gets 429 `too_many_attempts`.
pub(super) async fn setup_change(
    State(hub): State<Shared>,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    body: Result<Json<SetupChange>, JsonRejection>,
) -> Result<Json<SetupDone>, ApiError> {
    let Json(change) = body?;
    let name = change.name();
    let pin_keys = if matches!(change, SetupChange::ChangePin { .. }) {
        Some(admit_pin_check(&hub, &headers, peer, Scope::Organiser).await?)
    } else {
        None
    };
    let Json(result) = hub
        .call(&headers, Scope::Organiser, true, move |fair, _| {
            Ok(fair.apply_setup(change))
        })
        .await?;
    tracing::info!(change = name, ok = result.is_ok(), "setup change");
    if let Some(keys) = pin_keys
        && result.is_ok()
    {
        hub.pins.succeeded(&keys);
    }
    result.map(Json).map_err(ApiError::from)
}

/// Authorises the caller for `scope` and counts one PIN check against its token and address
/// (as a failure until [`crate::hub::limits::PinGuard::succeeded`]); 429 while either is
/// locked. Counted before any hashing, so a locked-out caller is answered at once.
async fn admit_pin_check(
    hub: &Shared,
    headers: &HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    scope: Scope,
) -> Result<Vec<PinKey>, ApiError> {
    let peer = peer.map(|Extension(ConnectInfo(addr))| addr.ip());
    let token = token_of(headers);
    let admitting = Arc::clone(hub);
    tokio::task::spawn_blocking(move || {
        let caller = admitting.caller(token.as_deref(), peer, &scope)?;
        let mut keys = vec![PinKey::Token(caller.token_id)];
        keys.extend(peer.map(PinKey::Peer));
        admitting
            .pins
            .attempt(&keys, std::time::Instant::now())
            .map_err(|wait| ApiError::too_many_attempts("wrong PINs", wait))?;
        Ok::<_, ApiError>(keys)
    })
    .await
    .map_err(|_| ApiError::for_status(StatusCode::INTERNAL_SERVER_ERROR))?
}

/// `POST pin`: `{"ok": bool}`, or 429 `too_many_attempts` with `Retry-After` while the token
/// or the address it comes from is locked after wrong PINs ([`super::limits`]).
pub(super) async fn verify_pin(
    State(hub): State<Shared>,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    body: Result<Json<PinBody>, JsonRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Json(PinBody { pin }) = body?;
    let failed = || ApiError::for_status(StatusCode::INTERNAL_SERVER_ERROR);
    // Counted (or refused as locked) before waiting for a hashing slot, so that a locked-out
    // caller is answered at once and never queues ahead of others.
    let keys = admit_pin_check(&hub, &headers, peer, Scope::Public).await?;
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

pub(super) async fn changes(
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

pub(super) async fn token_list(
    State(hub): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Vec<crate::store::TokenRow>>, ApiError> {
    hub.tokens_call(&headers, |tokens, _| tokens.list()).await
}

pub(super) async fn token_issue(
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

pub(super) async fn token_revoke(
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
