//! One connection's task: the handshake, then hyper serving it, closed by our own timers
//! (see the module docs of [`super`]).

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::time::Instant;
use tower::ServiceExt;

use super::watch::{Activity, Head, Watched};
use super::{CLOSE_GRACE, LINGER_BYTES, LINGER_TIME, ServeOptions};
use crate::hub::error::ApiError;

pub(super) struct Connection {
    pub(super) app: Router,
    pub(super) peer: SocketAddr,
    pub(super) activity: Arc<Activity>,
    pub(super) options: ServeOptions,
}

impl Connection {
    pub(super) async fn run<F, S>(self, handshake: F)
    where
        F: Future<Output = io::Result<S>>,
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let Self {
            app,
            peer,
            activity,
            options,
        } = self;
        let io = tokio::select! {
            io = tokio::time::timeout(options.handshake_timeout, handshake) => match io {
                Ok(Ok(io)) => io,
                _ => return,
            },
            () = asked_to_close(&activity) => return,
        };
        let served_by = Arc::clone(&activity);
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let served = Served::begin(Arc::clone(&served_by));
            let app = app.clone();
            async move {
                let reply = app.oneshot(request).await;
                drop(served);
                reply
            }
        });
        let stream = Watched {
            inner: io,
            activity: Arc::clone(&activity),
        };
        let mut conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            // Our own timers close waiting and slow connections first. Hyper's header timer
            // starts as soon as a connection waits for a request, so it is only a backstop here.
            .header_read_timeout(options.idle_timeout + options.header_read_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let mut asked_hyper = false;
        let mut grace_until: Option<Instant> = None;
        loop {
            let now = Instant::now();
            let (closing, in_flight, head, oversized) = {
                let state = activity.lock();
                (state.closing, state.in_flight, state.head, state.oversized)
            };
            if let Some(status) = oversized {
                let io = conn.into_parts().io.into_inner().inner;
                refuse_head(io, status).await;
                return;
            }
            let deadline = due_at(&options, &activity);
            if !closing && deadline.is_some_and(|at| at <= now) {
                activity.close();
                continue;
            }
            if closing && in_flight == 0 && matches!(head, Head::Reading { .. }) {
                // A half-sent head: there is no reply in progress to wait for.
                return;
            }
            if closing && !asked_hyper {
                // Hyper closes a connection between requests at once, and one serving a
                // request after its reply.
                Pin::new(&mut conn).graceful_shutdown();
                asked_hyper = true;
            }
            if asked_hyper && in_flight == 0 && grace_until.is_none() {
                grace_until = Some(now + CLOSE_GRACE);
            }
            if grace_until.is_some_and(|at| at <= now) {
                // The last reply is not being read: give up on it.
                return;
            }
            let wake_at = match (deadline, grace_until) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            tokio::select! {
                _ = &mut conn => return,
                () = activity.changed.notified() => {}
                () = sleep_until(wake_at) => {}
            }
        }
    }
}

/// When a connection between requests is due to close; None while it serves one.
fn due_at(options: &ServeOptions, activity: &Activity) -> Option<Instant> {
    let state = activity.lock();
    if state.in_flight > 0 {
        return None;
    }
    match state.head {
        Head::Waiting => Some(state.idle_since + options.idle_timeout),
        Head::Reading { started, .. } => Some(started + options.header_read_timeout),
        Head::Done => None,
    }
}

async fn asked_to_close(activity: &Activity) {
    loop {
        if activity.lock().closing {
            return;
        }
        activity.changed.notified().await;
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// A request being served; marks it answered when its handler's future completes or is dropped
/// (the client went away).
struct Served(Arc<Activity>);

impl Served {
    fn begin(activity: Arc<Activity>) -> Self {
        activity.begin();
        Self(activity)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.0.end();
    }
}

/// Answers a head that broke a limit, then closes. Written by hand because hyper, which would
/// otherwise answer it, sends these statuses with an empty body, and every hub error is JSON.
async fn refuse_head<S: AsyncRead + AsyncWrite + Unpin>(mut io: S, status: StatusCode) {
    let body = ApiError::for_status(status).body_text();
    let reply = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len(),
    );
    let written = tokio::time::timeout(CLOSE_GRACE, async {
        io.write_all(reply.as_bytes()).await?;
        io.flush().await?;
        io.shutdown().await
    })
    .await;
    if !matches!(written, Ok(Ok(()))) {
        return;
    }
    // Closing with unread bytes would reset the connection, and the client might lose the
    // reply; read and drop what is still coming, within limits.
    let _ = tokio::time::timeout(LINGER_TIME, async {
        let mut sink = [0u8; 8192];
        let mut drained = 0;
        while drained < LINGER_BYTES {
            match io.read(&mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(n) => drained += n,
            }
        }
    })
    .await;
}
