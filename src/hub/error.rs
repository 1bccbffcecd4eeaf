//! The hub's JSON errors: `{"code": …, "message": …}` plus the engine error's own fields, so a
//! [`crate::hub::HubClient`] can rebuild the exact [`FairError`].

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::auth::Denied;
use crate::api::FairError;
use crate::fair::SetupError;

/// An error reply.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: Value,
    /// Seconds for a `Retry-After` header (a throttled station).
    retry_after_s: Option<u64>,
}

impl ApiError {
    /// An HTTP-level error with its own code (not one of the engine's).
    pub fn http(status: StatusCode, code: &str, message: &str) -> Self {
        Self {
            status,
            body: json!({"code": code, "message": message}),
            retry_after_s: None,
        }
    }

    /// 429 `too_many_attempts`: the caller must wait `retry_after` before trying again. The
    /// wait is in the `Retry-After` header and, for clients that read only the JSON, in
    /// `retry_after_s`.
    pub fn too_many_attempts(what: &str, retry_after: std::time::Duration) -> Self {
        let seconds = super::limits::whole_seconds(retry_after);
        Self {
            status: StatusCode::TOO_MANY_REQUESTS,
            body: json!({
                "code": "too_many_attempts",
                "message": super::limits::wait_message(what, retry_after),
                "retry_after_s": seconds,
            }),
            retry_after_s: Some(seconds),
        }
    }

    /// The JSON body as text, for replies written outside axum.
    pub(crate) fn body_text(&self) -> String {
        self.body.to_string()
    }

    /// The reply for a status that axum or a layer produced without a JSON body.
    pub fn for_status(status: StatusCode) -> Self {
        let (code, message) = match status.as_u16() {
            400 => ("bad_request", "the request is malformed"),
            401 => ("unauthorized", "a station token is required"),
            403 => ("forbidden", "not allowed"),
            404 => ("not_found", "no such route"),
            405 => ("method_not_allowed", "this route does not take that method"),
            408 => ("timeout", "the request took too long"),
            413 => ("payload_too_large", "the request body is too large"),
            414 => ("uri_too_long", "the request line is too long"),
            415 => (
                "unsupported_media_type",
                "send the body as application/json",
            ),
            422 => (
                "invalid",
                "the request body does not match the expected fields",
            ),
            429 => ("throttled", "too many requests; try again later"),
            431 => ("headers_too_large", "the request headers are too large"),
            500..=599 => ("internal", "the hub failed; try again"),
            _ => ("error", "the request failed"),
        };
        Self::http(status, code, message)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

/// The HTTP status for an engine error.
pub fn status_of(err: &FairError) -> StatusCode {
    match err {
        FairError::NotFound { .. } => StatusCode::NOT_FOUND,
        FairError::Invalid { .. } | FairError::TooLong { .. } | FairError::InvalidFields { .. } => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        FairError::Throttled { .. } | FairError::TooManyAttempts { .. } => {
            StatusCode::TOO_MANY_REQUESTS
        }
        FairError::InvalidTransition { .. }
        | FairError::DeskBusy { .. }
        | FairError::DeskIdle { .. }
        | FairError::DeskPaused { .. }
        | FairError::BoothClosed { .. }
        | FairError::TooManyOpenTickets { .. }
        | FairError::AlreadyQueued { .. }
        | FairError::NotCheckedIn
        | FairError::Conflict { .. } => StatusCode::CONFLICT,
        FairError::Forbidden { .. } => StatusCode::FORBIDDEN,
        FairError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
        FairError::Storage { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<FairError> for ApiError {
    fn from(err: FairError) -> Self {
        let status = status_of(&err);
        if status.is_server_error() {
            // Engine messages never carry personal data (see FairError), so they may be logged.
            tracing::warn!(code = err.code(), message = %err, "engine error");
        }
        let mut body = serde_json::to_value(&err).unwrap_or_else(|_| json!({}));
        if let Value::Object(map) = &mut body {
            map.insert("code".into(), Value::from(err.code()));
            map.insert("message".into(), Value::from(err.to_string()));
        }
        let retry_after_s = match err {
            FairError::Throttled { retry_after_s }
            | FairError::TooManyAttempts { retry_after_s } => Some(retry_after_s),
            _ => None,
        };
        Self {
            status,
            body,
            retry_after_s,
        }
    }
}

/// A refused setup change is 422 `refused` with the [`crate::fair::Refusal`] under `refusal`,
/// so a client rebuilds it and says it in the organiser's language.
impl From<SetupError> for ApiError {
    fn from(err: SetupError) -> Self {
        match err {
            SetupError::Refused(refusal) => Self {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                body: json!({
                    "code": "refused",
                    "message": refusal.to_string(),
                    "refusal": refusal,
                }),
                retry_after_s: None,
            },
            SetupError::Fair(err) => err.into(),
        }
    }
}

impl From<Denied> for ApiError {
    fn from(denied: Denied) -> Self {
        match denied {
            Denied::Unauthorized(message) => {
                Self::http(StatusCode::UNAUTHORIZED, "unauthorized", message)
            }
            Denied::Forbidden(message) => Self::http(StatusCode::FORBIDDEN, "forbidden", message),
            Denied::Engine(err) => err.into(),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        // serde's text can quote the offending value, which may be personal data: say which
        // kind of problem it was, not what was sent.
        let status = rejection.status();
        match rejection {
            JsonRejection::JsonSyntaxError(_) => Self::http(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                "the request body is not valid JSON",
            ),
            _ => Self::for_status(status),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(_: QueryRejection) -> Self {
        Self::http(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "the query string is malformed",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(seconds) = self.retry_after_s {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
