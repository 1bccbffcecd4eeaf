//! The hub's side of the handshake, run by the accept loop on each connection's own task
//! (within [`crate::hub::ServeOptions::handshake_timeout`]).

use std::io;
use std::sync::Arc;

use axum::http::StatusCode;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio_rustls::server::TlsStream;

use super::HubIdentity;
use crate::hub::ApiError;

/// The first byte of every TLS connection: a handshake record.
const TLS_HANDSHAKE_RECORD: u8 = 0x16;

/// What a station started with `--insecure-http` is told by a hub that speaks HTTPS.
pub const HTTPS_REQUIRED: &str = "this hub speaks HTTPS: pair the station with the string from \
     `fairdesk token` (or give --fingerprint), or start the hub with --insecure-http as well";

/// Accepts TLS connections for one [`HubIdentity`].
#[derive(Clone)]
pub struct TlsAcceptor {
    inner: tokio_rustls::TlsAcceptor,
}

impl TlsAcceptor {
    /// An acceptor serving `identity`'s certificate.
    pub fn new(identity: &HubIdentity) -> anyhow::Result<Self> {
        Ok(Self {
            inner: tokio_rustls::TlsAcceptor::from(Arc::new(identity.server_config()?)),
        })
    }

    /// The handshake on an accepted connection. A client that speaks plain HTTP instead gets
    /// a `426` JSON reply saying the hub wants HTTPS (one clear line on the station rather than
    /// a reset connection), and the connection ends.
    pub async fn accept(&self, mut tcp: TcpStream) -> io::Result<TlsStream<TcpStream>> {
        let mut first = [0u8; 1];
        let seen = tcp.peek(&mut first).await?;
        if seen == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        if first[0] != TLS_HANDSHAKE_RECORD {
            refuse_plain_http(&mut tcp).await;
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "plain HTTP on the HTTPS hub",
            ));
        }
        self.inner.accept(tcp).await
    }
}

async fn refuse_plain_http(tcp: &mut TcpStream) {
    let body = ApiError::http(
        StatusCode::UPGRADE_REQUIRED,
        "https_required",
        HTTPS_REQUIRED,
    )
    .body_text();
    let reply = format!(
        "HTTP/1.1 426 Upgrade Required\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    if tcp.write_all(reply.as_bytes()).await.is_ok() {
        let _ = tcp.shutdown().await;
    }
    // Let the client's request arrive and be dropped, so closing does not reset the
    // connection before the client reads the reply.
    let mut sink = [0u8; 4096];
    let _ = tokio::time::timeout(std::time::Duration::from_millis(500), async {
        use tokio::io::AsyncReadExt;
        while let Ok(n) = tcp.read(&mut sink).await {
            if n == 0 {
                break;
            }
        }
    })
    .await;
}
