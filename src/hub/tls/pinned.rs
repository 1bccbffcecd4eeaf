//! A station's side: a rustls verifier that accepts one certificate, by its fingerprint, and
//! the `ureq` connector that wraps the hub connection in TLS with it.
//!
//! The connector is written against ureq's `unversioned` transport API (pinned by Cargo.lock)
//! because ureq's own TLS settings offer root certificates or no verification, and a pinned
//! self-signed certificate is neither.

use std::io::{Read, Write};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme, StreamOwned};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, Transport,
    TransportAdapter,
};

use super::Fingerprint;

/// What a station says when the hub's certificate is not the paired one.
pub const WRONG_FINGERPRINT: &str = "the hub's certificate is not the one this station was \
     paired with (fingerprint mismatch); pair again with the string from `fairdesk token`";
/// What a station says when it expected HTTPS and the hub answered in plain HTTP.
pub const HUB_IS_PLAIN_HTTP: &str = "the hub answered in plain HTTP (it runs with \
     --insecure-http); start this station with --insecure-http too, or the hub without it";
/// Any other failed handshake.
const HANDSHAKE_FAILED: &str = "the TLS handshake with the hub failed";

/// Accepts exactly the end-entity certificate whose SHA-256 is the pin.
#[derive(Debug)]
pub struct PinnedVerifier {
    pin: Fingerprint,
    provider: Arc<CryptoProvider>,
}

impl PinnedVerifier {
    /// A verifier for `pin`.
    pub fn new(pin: Fingerprint) -> Self {
        Self {
            pin,
            provider: super::provider(),
        }
    }
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if Fingerprint::of_der(end_entity) == self.pin {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// The name a station sends as SNI. It is not checked (the pin is); rustls still wants one.
pub const SNI_NAME: &str = "fairdesk-hub";

/// The client config pinning `pin`.
pub fn client_config(pin: Fingerprint) -> Result<ClientConfig, rustls::Error> {
    Ok(ClientConfig::builder_with_provider(super::provider())
        .with_safe_default_protocol_versions()?
        .dangerous()
        // Not dangerous here: the verifier pins one certificate instead of trusting a CA.
        .with_custom_certificate_verifier(Arc::new(PinnedVerifier::new(pin)))
        .with_no_client_auth())
}

/// Wraps `https://` connections in TLS pinned to one certificate.
#[derive(Debug)]
pub struct PinnedTlsConnector {
    config: Arc<ClientConfig>,
}

impl PinnedTlsConnector {
    /// A connector trusting only the certificate with fingerprint `pin`.
    pub fn new(pin: Fingerprint) -> Result<Self, rustls::Error> {
        Ok(Self {
            config: Arc::new(client_config(pin)?),
        })
    }
}

/// The line a failed handshake comes to.
fn handshake_error(err: &std::io::Error) -> ureq::Error {
    let rustls_error = err
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    match rustls_error {
        Some(rustls::Error::InvalidCertificate(_)) => ureq::Error::Tls(WRONG_FINGERPRINT),
        Some(rustls::Error::InvalidMessage(_)) => ureq::Error::Tls(HUB_IS_PLAIN_HTTP),
        Some(_) => ureq::Error::Tls(HANDSHAKE_FAILED),
        None => ureq::Error::Io(std::io::Error::new(err.kind(), err.to_string())),
    }
}

impl<In: Transport> Connector<In> for PinnedTlsConnector {
    type Out = Either<In, PinnedTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let Some(transport) = chained else {
            return Ok(None);
        };
        if !details.needs_tls() || transport.is_tls() {
            return Ok(Some(Either::A(transport)));
        }
        let name = ServerName::try_from(SNI_NAME)
            .map_err(|_| ureq::Error::Tls(HANDSHAKE_FAILED))?
            .to_owned();
        let mut conn = ClientConnection::new(Arc::clone(&self.config), name)
            .map_err(|_| ureq::Error::Tls(HANDSHAKE_FAILED))?;
        let mut sock = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        sock.set_timeout(details.timeout);
        while conn.is_handshaking() {
            conn.complete_io(&mut sock)
                .map_err(|err| handshake_error(&err))?;
        }
        let buffers = LazyBuffers::new(
            details.config.input_buffer_size(),
            details.config.output_buffer_size(),
        );
        Ok(Some(Either::B(PinnedTransport {
            buffers,
            stream: StreamOwned { conn, sock },
        })))
    }
}

/// An HTTP connection to the hub inside pinned TLS.
pub struct PinnedTransport {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter>,
}

impl std::fmt::Debug for PinnedTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PinnedTransport").finish()
    }
}

impl Transport for PinnedTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let output = &self.buffers.output()[..amount];
        self.stream.write_all(output)?;
        self.stream.flush()?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let input = self.buffers.input_append_buf();
        let amount = self.stream.read(input)?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}
