//! Routes a kiosk or any station uses: the event, check-in, attendee profiles, tickets.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path as UrlPath, State};
use axum::http::HeaderMap;
use serde_json::json;

use super::{TicketBody, UndoBody, WhoAmI};
use crate::api::*;
use crate::hub::auth::Scope;
use crate::hub::error::ApiError;
use crate::hub::server::Shared;

pub(super) async fn health() -> Json<serde_json::Value> {
    // Peak memory is no one's personal data, and lets `loadtest` on another machine report it.
    let peak_rss_mb = crate::hub::loadtest::own_peak_rss_mb();
    Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION"), "peak_rss_mb": peak_rss_mb}))
}

/// `GET whoami`: the role and booth of the caller's token (any valid token; 401 otherwise).
pub(super) async fn whoami(
    State(hub): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<WhoAmI>, ApiError> {
    hub.call(&headers, Scope::Public, false, |_, caller| {
        Ok(WhoAmI {
            role: caller.role,
            booth: caller.booth.clone(),
        })
    })
    .await
}

pub(super) async fn event(
    State(hub): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<EventInfo>, ApiError> {
    hub.call(&headers, Scope::Public, false, |fair, _| fair.event())
        .await
}

pub(super) async fn checkin(
    State(hub): State<Shared>,
    headers: HeaderMap,
    body: Result<Json<CheckinRequest>, JsonRejection>,
) -> Result<Json<CheckinOutcome>, ApiError> {
    let Json(mut request) = body?;
    hub.write_call(&headers, Scope::Checkin, move |fair, caller| {
        request.station.get_or_insert_with(|| caller.station());
        fair.checkin_async(request)
    })
    .await
}

pub(super) async fn attendee(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(code): UrlPath<String>,
) -> Result<Json<AttendeeProfile>, ApiError> {
    let scope = Scope::AttendeeRead { code: code.clone() };
    hub.call(&headers, scope, false, move |fair, _| fair.attendee(&code))
        .await
}

pub(super) async fn update_attendee(
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

pub(super) async fn suggestions(
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

pub(super) async fn booths(
    State(hub): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Vec<BoothStatus>>, ApiError> {
    hub.call(&headers, Scope::Booths, false, |fair, _| fair.booths())
        .await
}

pub(super) async fn issue_ticket(
    State(hub): State<Shared>,
    headers: HeaderMap,
    body: Result<Json<TicketBody>, JsonRejection>,
) -> Result<Json<TicketIssued>, ApiError> {
    let Json(body) = body?;
    let scope = Scope::IssueTicket {
        booth: body.booth.clone(),
        attendee: body.attendee.clone(),
    };
    hub.write_call(&headers, scope, move |fair, caller| {
        let station = body.station.unwrap_or_else(|| caller.station());
        fair.issue_ticket_async(&body.attendee, &body.booth, Some(&station))
    })
    .await
}

pub(super) async fn ticket_act(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(number): UrlPath<String>,
    body: Result<Json<StaffAction>, JsonRejection>,
) -> Result<Json<TicketView>, ApiError> {
    let Json(action) = body?;
    let scope = Scope::Ticket {
        number: number.clone(),
    };
    hub.write_call(&headers, scope, move |fair, _| {
        fair.act_async(Target::Ticket(number), action)
    })
    .await
}

/// `POST printer`: a kiosk says how its printer is (issue 15), on change and every heartbeat.
/// The station is the token's, so one kiosk cannot speak for another.
pub(super) async fn report_printer(
    State(hub): State<Shared>,
    headers: HeaderMap,
    body: Result<Json<PrinterUpdate>, JsonRejection>,
) -> Result<Json<PrinterReport>, ApiError> {
    let Json(update) = body?;
    // Not a change of the fair: no poke of the change counter's waiters.
    hub.call(&headers, Scope::Checkin, false, move |fair, caller| {
        fair.put_printer(Some(caller.station()), update)
    })
    .await
}

/// `GET printers`: every kiosk's printer, for the organisers' dashboard.
pub(super) async fn printers(
    State(hub): State<Shared>,
    headers: HeaderMap,
) -> Result<Json<Vec<PrinterReport>>, ApiError> {
    hub.call(&headers, Scope::Organiser, false, |fair, _| fair.printers())
        .await
}

/// "Choose again" at a kiosk: the engine cancels only the named attendee's tickets that are
/// still waiting and were issued moments ago (see [`FairApi::undo_tickets`]).
pub(super) async fn undo_tickets(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(code): UrlPath<String>,
    body: Result<Json<UndoBody>, JsonRejection>,
) -> Result<Json<UndoReply>, ApiError> {
    let Json(body) = body?;
    let scope = Scope::UndoTickets { code: code.clone() };
    hub.call(&headers, scope, true, move |fair, caller| {
        let station = body.station.unwrap_or_else(|| caller.station());
        fair.undo_tickets(&code, &body.tickets, Some(&station))
    })
    .await
}
