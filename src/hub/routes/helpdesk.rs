//! Routes of the help desk (issue 14): search, registration, a person's page, corrections,
//! check-in on a person's behalf and cancelling a ticket. Search results are personal data:
//! only the help desk, booths' own tickets aside, and the organiser reach them, and the query
//! text is never logged.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};

use crate::api::*;
use crate::hub::auth::Scope;
use crate::hub::error::ApiError;
use crate::hub::server::Shared;

/// `GET /api/v1/attendees?q=…&limit=…`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchQueryParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub limit: Option<u32>,
}

pub(super) async fn search(
    State(hub): State<Shared>,
    headers: HeaderMap,
    query: Result<Query<SearchQueryParams>, QueryRejection>,
) -> Result<Json<SearchResults>, ApiError> {
    let Query(params) = query?;
    hub.call(&headers, Scope::Search, false, move |fair, _| {
        fair.search_attendees(&params.q, params.limit.unwrap_or(50))
    })
    .await
}

pub(super) async fn register(
    State(hub): State<Shared>,
    headers: HeaderMap,
    body: Result<Json<Registration>, JsonRejection>,
) -> Result<Json<RegisterReply>, ApiError> {
    let Json(mut registration) = body?;
    hub.call(&headers, Scope::Register, true, move |fair, caller| {
        registration.station.get_or_insert_with(|| caller.station());
        fair.register_attendee(registration)
    })
    .await
}

pub(super) async fn person(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(code): UrlPath<String>,
) -> Result<Json<HelpdeskPerson>, ApiError> {
    let scope = Scope::HelpdeskPerson { code: code.clone() };
    hub.call(&headers, scope, false, move |fair, _| {
        fair.helpdesk_person(&code)
    })
    .await
}

pub(super) async fn correct(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(code): UrlPath<String>,
    body: Result<Json<Correction>, JsonRejection>,
) -> Result<Json<HelpdeskPerson>, ApiError> {
    let Json(mut correction) = body?;
    let scope = Scope::HelpdeskPerson { code: code.clone() };
    hub.call(&headers, scope, true, move |fair, caller| {
        correction.station.get_or_insert_with(|| caller.station());
        fair.correct_attendee(&code, correction)
    })
    .await
}

pub(super) async fn checkin_on_behalf(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(code): UrlPath<String>,
    body: Result<Json<OnBehalf>, JsonRejection>,
) -> Result<Json<CheckinOutcome>, ApiError> {
    let Json(mut request) = body?;
    let scope = Scope::CheckinOnBehalf { code: code.clone() };
    hub.call(&headers, scope, true, move |fair, caller| {
        request.station.get_or_insert_with(|| caller.station());
        fair.checkin_on_behalf(&code, request)
    })
    .await
}

/// Body-less: the body is read and dropped (see `desks.rs`).
pub(super) async fn cancel_ticket(
    State(hub): State<Shared>,
    headers: HeaderMap,
    UrlPath(number): UrlPath<String>,
    _body: Bytes,
) -> Result<Json<TicketView>, ApiError> {
    let scope = Scope::CancelTicket {
        number: number.clone(),
    };
    hub.call(&headers, scope, true, move |fair, _| {
        fair.act(Target::Ticket(number), StaffAction::Cancel)
    })
    .await
}
