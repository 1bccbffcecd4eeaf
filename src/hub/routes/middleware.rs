//! What every request passes through outside the handlers: the body read whole before routing,
//! JSON for every error, and the fallbacks.

use std::net::{IpAddr, SocketAddr};

use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

use super::{MAX_BODY_BYTES, REQUEST_TIMEOUT};
use crate::hub::error::ApiError;

tokio::task_local! {
    /// The address of the connection the request being handled came on.
    static PEER: Option<IpAddr>;
}

/// Keeps the connection's address for the request's handler, so that authentication (on the
/// blocking pool, from [`crate::hub::Hub`]'s `call`) can check an organiser token's address
/// range without every handler passing it along.
pub(super) async fn remember_peer(request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    PEER.scope(peer, next.run(request)).await
}

/// The address of the connection the current request came on (see [`remember_peer`]).
pub fn current_peer() -> Option<IpAddr> {
    PEER.try_with(|peer| *peer).ok().flatten()
}

pub(super) async fn no_route(_body: Bytes) -> ApiError {
    ApiError::for_status(StatusCode::NOT_FOUND)
}

pub(super) async fn wrong_method(_body: Bytes) -> ApiError {
    ApiError::for_status(StatusCode::METHOD_NOT_ALLOWED)
}

/// Reads the whole request body, at most [`MAX_BODY_BYTES`] within [`REQUEST_TIMEOUT`], before
/// routing. A body left unread (a 415 or 401 answered before it, a route that takes none) makes
/// hyper close the connection after the reply without saying so, and the client's next request
/// on it fails. A body that is not read to its end (too large, too slow, broken) is refused
/// with `Connection: close`, since the rest of it is still on the wire.
pub(super) async fn read_body(request: Request, next: Next) -> Response {
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
pub(super) async fn json_errors(response: Response) -> Response {
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
