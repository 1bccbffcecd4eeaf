//! Routes of a booth's desks and the public board.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path as UrlPath, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{AmendBody, FinishBody};
use crate::api::*;
use crate::hub::auth::Scope;
use crate::hub::error::ApiError;
use crate::hub::server::Shared;

pub(super) async fn desk_view(
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
pub(super) async fn desk_call(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    _body: Bytes,
) -> Result<Response, ApiError> {
    let scope = Scope::Desk { desk: desk.clone() };
    let Json(called) = hub
        .write_call(&headers, scope, move |fair, _| fair.call_next_async(&desk))
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
    hub.write_call(&headers, scope, move |fair, _| {
        fair.act_async(Target::Desk(desk), action)
    })
    .await
}

pub(super) async fn desk_recall(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    _body: Bytes,
) -> Result<Json<TicketView>, ApiError> {
    desk_action(hub, headers, desk, StaffAction::Recall).await
}

pub(super) async fn desk_start(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    _body: Bytes,
) -> Result<Json<TicketView>, ApiError> {
    desk_action(hub, headers, desk, StaffAction::Start).await
}

pub(super) async fn desk_no_show(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    _body: Bytes,
) -> Result<Json<TicketView>, ApiError> {
    desk_action(hub, headers, desk, StaffAction::NoShow).await
}

pub(super) async fn desk_finish(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    body: Result<Json<FinishBody>, JsonRejection>,
) -> Result<Json<TicketView>, ApiError> {
    let Json(FinishBody { outcome, note }) = body?;
    desk_action(hub, headers, desk, StaffAction::Finish { outcome, note }).await
}

pub(super) async fn desk_act(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    body: Result<Json<StaffAction>, JsonRejection>,
) -> Result<Json<TicketView>, ApiError> {
    let Json(action) = body?;
    desk_action(hub, headers, desk, action).await
}

/// Corrects one of the desk's own last finished outcomes: a booth token reaches only its own
/// desks, and the engine finds the ticket only among that desk's last finished ones.
pub(super) async fn desk_amend(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    body: Result<Json<AmendBody>, JsonRejection>,
) -> Result<Json<TicketView>, ApiError> {
    let Json(AmendBody {
        ticket,
        outcome,
        note,
    }) = body?;
    let scope = Scope::Desk { desk: desk.clone() };
    hub.call(&headers, scope, true, move |fair, _| {
        fair.amend_outcome(&desk, &ticket, outcome, note)
    })
    .await
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

pub(super) async fn desk_open(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    _body: Bytes,
) -> Result<Json<DeskInfo>, ApiError> {
    desk_set_open(hub, headers, desk, true).await
}

pub(super) async fn desk_pause(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(desk): UrlPath<String>,
    _body: Bytes,
) -> Result<Json<DeskInfo>, ApiError> {
    desk_set_open(hub, headers, desk, false).await
}

pub(super) async fn board(
    State(hub): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Board>, ApiError> {
    hub.call(&headers, Scope::Public, false, |fair, _| fair.board())
        .await
}
