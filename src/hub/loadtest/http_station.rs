//! A simulated station speaking to the hub over HTTP(S) as a task on the load generator's one
//! event loop, so fifty stations cost the generator one thread, not fifty.
//!
//! Each station has its own kept-alive connection, as each real station does, and sends the
//! same requests to the same routes as [`crate::hub::HubClient`]; replies are read into the
//! same types and errors. What differs is only the waiting: a blocking client is a thread per
//! station, and on the hub's two cores the generator's fifty threads, each woken for its own
//! reply, took the cores from the hub under test (a quarter of the generator's time was
//! switching between them). `loadtest --blocking-stations` still runs the stations' own
//! client.

use std::cell::RefCell;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::station::{StationCalls, VISIT_OUTCOME};
use crate::api::{Board, CheckinOutcome, CheckinRequest, FairResult, TicketIssued, TicketView};
use crate::hub::client::{CALL_TIMEOUT, CONNECT_TIMEOUT, called, read_reply, segment, unavailable};
use crate::hub::server::{Changes, FinishBody, LONG_POLL_MAX, TicketBody};
use crate::hub::tls::Fingerprint;
use crate::hub::tls::pinned::{SNI_NAME, client_config};
use crate::report::Report;

/// Where the hub is and how to speak to it; shared by every station of a run.
pub struct HubTarget {
    address: SocketAddr,
    host: HeaderValue,
    auth: HeaderValue,
    tls: Option<TlsConnector>,
}

impl HubTarget {
    /// The hub at `address` (an IP and port, as stations are paired) with an organiser
    /// `token`; over HTTPS pinned to `pin`, or plain HTTP without one.
    pub fn new(address: SocketAddr, token: &str, pin: Option<Fingerprint>) -> FairResult<Self> {
        let tls = pin
            .map(|pin| {
                client_config(pin)
                    .map(|config| TlsConnector::from(Arc::new(config)))
                    .map_err(|e| unavailable(format!("cannot set up TLS ({e})")))
            })
            .transpose()?;
        let header = |text: String| {
            HeaderValue::try_from(text).map_err(|_| unavailable("the token is not a header value"))
        };
        Ok(Self {
            address,
            host: header(address.to_string())?,
            auth: header(format!("Bearer {}", token.trim()))?,
            tls,
        })
    }
}

/// One station's connection; made on its first request and again after one fails.
pub(super) struct HttpStation<'a> {
    target: &'a HubTarget,
    connection: RefCell<Option<SendRequest<Full<Bytes>>>>,
}

impl<'a> HttpStation<'a> {
    pub(super) fn new(target: &'a HubTarget) -> Self {
        Self {
            target,
            connection: RefCell::new(None),
        }
    }

    /// A new connection to the hub, in TLS if the target pins a certificate.
    async fn connect(&self) -> FairResult<SendRequest<Full<Bytes>>> {
        let unreachable = |e: std::io::Error| unavailable(format!("cannot reach the hub ({e})"));
        let tcp = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(self.target.address))
            .await
            .map_err(|_| unavailable("the hub did not answer in time"))?
            .map_err(unreachable)?;
        tcp.set_nodelay(true).map_err(unreachable)?;
        let Some(tls) = &self.target.tls else {
            return http_over(tcp).await;
        };
        let name =
            ServerName::try_from(SNI_NAME).map_err(|_| unavailable("bad TLS server name"))?;
        let stream = tokio::time::timeout(CONNECT_TIMEOUT, tls.connect(name, tcp))
            .await
            .map_err(|_| unavailable("the hub did not answer in time"))?
            .map_err(|e| unavailable(format!("TLS with the hub failed ({e})")))?;
        http_over(stream).await
    }

    /// One request on this station's connection; its status and body.
    async fn exchange(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        timeout: Duration,
    ) -> FairResult<(StatusCode, Bytes)> {
        // Taken out while in use (one request at a time, as on a real station), so no borrow
        // is held across an await.
        let kept = self.connection.borrow_mut().take();
        let mut sender = match kept {
            Some(sender) if !sender.is_closed() => sender,
            _ => self.connect().await?,
        };
        let mut request = Request::builder()
            .method(method)
            .uri(format!("/api/v1/{path}"))
            .header(HOST, self.target.host.clone())
            .header(AUTHORIZATION, self.target.auth.clone());
        if body.is_some() {
            request = request.header(CONTENT_TYPE, "application/json");
        }
        let request = request
            .body(Full::new(Bytes::from(body.unwrap_or_default())))
            .map_err(|_| unavailable("cannot build the request"))?;
        let reply = async {
            // A kept connection is ready again only once its last exchange has wound down.
            sender
                .ready()
                .await
                .map_err(|_| unavailable("the hub closed the connection"))?;
            let response = sender
                .send_request(request)
                .await
                .map_err(|_| unavailable("the hub closed the connection"))?;
            let status = response.status();
            let bytes = response
                .into_body()
                .collect()
                .await
                .map_err(|_| unavailable("the hub's reply was cut off"))?
                .to_bytes();
            Ok((status, bytes))
        };
        let result = tokio::time::timeout(timeout, reply)
            .await
            .unwrap_or_else(|_| Err(unavailable("the hub did not answer in time")));
        // A connection whose request failed or timed out is not reused.
        if result.is_ok() && !sender.is_closed() {
            *self.connection.borrow_mut() = Some(sender);
        }
        result
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> FairResult<T> {
        self.call_within(method, path, body, CALL_TIMEOUT).await
    }

    async fn call_within<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        timeout: Duration,
    ) -> FairResult<T> {
        let (status, bytes) = self.exchange(method, path, body, timeout).await?;
        read_reply(status, &bytes)
    }

    async fn post<T: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> FairResult<T> {
        let body = serde_json::to_vec(body).map_err(|_| unavailable("cannot write the request"))?;
        self.call(Method::POST, path, Some(body)).await
    }
}

/// HTTP/1 over `io`, the connection's driver a task of this thread's `LocalSet`.
async fn http_over<IO>(io: IO) -> FairResult<SendRequest<Full<Bytes>>>
where
    IO: AsyncRead + AsyncWrite + Unpin + 'static,
{
    let (sender, connection) = http1::handshake(TokioIo::new(io))
        .await
        .map_err(|_| unavailable("the HTTP handshake with the hub failed"))?;
    tokio::task::spawn_local(connection);
    Ok(sender)
}

impl StationCalls for HttpStation<'_> {
    async fn checkin(&self, request: CheckinRequest) -> FairResult<CheckinOutcome> {
        self.post("checkin", &request).await
    }

    async fn issue_ticket(&self, attendee: &str, booth: &str) -> FairResult<TicketIssued> {
        let body = TicketBody {
            attendee: attendee.to_string(),
            booth: booth.to_string(),
            station: Some("load".into()),
        };
        self.post("tickets", &body).await
    }

    async fn call_next(&self, desk: &str) -> FairResult<Option<TicketView>> {
        let path = format!("desks/{}/call", segment(desk));
        called(self.call(Method::POST, &path, None).await?)
    }

    async fn start(&self, desk: &str) -> FairResult<TicketView> {
        let path = format!("desks/{}/start", segment(desk));
        self.call(Method::POST, &path, None).await
    }

    async fn finish(&self, desk: &str) -> FairResult<TicketView> {
        let body = FinishBody {
            outcome: VISIT_OUTCOME,
            note: None,
        };
        self.post(&format!("desks/{}/finish", segment(desk)), &body)
            .await
    }

    async fn board(&self) -> FairResult<Board> {
        self.call(Method::GET, "board", None).await
    }

    async fn wait_for_change(&self, since: u64, max_wait: Duration) -> FairResult<u64> {
        let wait = max_wait.min(LONG_POLL_MAX);
        let path = format!("changes?since={since}&wait={}", wait.as_secs());
        let reply: Changes = self
            .call_within(Method::GET, &path, None, wait + CALL_TIMEOUT)
            .await?;
        Ok(reply.counter)
    }

    async fn report(&self) -> FairResult<Report> {
        self.call(Method::GET, "report", None).await
    }

    async fn sleep(&self, time: Duration) {
        tokio::time::sleep(time).await;
    }
}
