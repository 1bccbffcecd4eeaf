//! The hub's routes, all under `/api/v1` (docs/HUB.md lists them with their roles), and the
//! request and reply bodies clients share with them.

mod desks;
mod helpdesk;
mod middleware;
mod organiser;
mod stations;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tower_http::timeout::TimeoutLayer;

use super::auth::Role;
use super::server::Shared;
use crate::domain::Outcome;
use desks::*;
use helpdesk::*;
pub(crate) use middleware::current_peer;
use middleware::*;
use organiser::*;
use stations::*;

/// Largest request body accepted. A check-in is well under 1 KiB; a profile update too.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// How long one request may take before the client is told to retry.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

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

/// `POST /api/v1/desks/{desk}/amend`: correct one of the desk's last finished outcomes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AmendBody {
    pub ticket: String,
    pub outcome: Outcome,
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /api/v1/attendees/{code}/undo`: a kiosk takes back the tickets it just issued.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UndoBody {
    pub tickets: Vec<String>,
    #[serde(default)]
    pub station: Option<String>,
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
        .route("/api/v1/attendees", get(search).post(register))
        .route(
            "/api/v1/attendees/{code}/helpdesk",
            get(person).patch(correct),
        )
        .route("/api/v1/attendees/{code}/checkin", post(checkin_on_behalf))
        .route("/api/v1/tickets/{number}/cancel", post(cancel_ticket))
        .route("/api/v1/attendees/{code}/undo", post(undo_tickets))
        .route("/api/v1/booths", get(booths))
        .route("/api/v1/printer", post(report_printer))
        .route("/api/v1/printers", get(printers))
        .route("/api/v1/tickets", post(issue_ticket))
        .route("/api/v1/tickets/{number}/act", post(ticket_act))
        .route("/api/v1/desks/{desk}", get(desk_view))
        .route("/api/v1/desks/{desk}/call", post(desk_call))
        .route("/api/v1/desks/{desk}/recall", post(desk_recall))
        .route("/api/v1/desks/{desk}/start", post(desk_start))
        .route("/api/v1/desks/{desk}/finish", post(desk_finish))
        .route("/api/v1/desks/{desk}/no-show", post(desk_no_show))
        .route("/api/v1/desks/{desk}/act", post(desk_act))
        .route("/api/v1/desks/{desk}/amend", post(desk_amend))
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
        .layer(axum::middleware::from_fn(remember_peer))
        .layer(axum::middleware::map_response(json_errors))
        .with_state(hub)
}
