//! HTTPS between the stations and the hub, pinned at pairing (issue 17).
//!
//! A hall's LAN has no internet and no certificate authority, so the hub makes its own
//! self-signed certificate on first start ([`identity`]) and a station trusts exactly that
//! certificate: the pairing string carries the SHA-256 of its DER encoding (its
//! [`Fingerprint`]), and the station's verifier ([`pinned`]) accepts the end-entity certificate
//! whose hash is that fingerprint and no other. The name in the certificate is not checked —
//! stations reach the hub by a LAN address that can change between events, and the pin already
//! says which hub it is. The handshake's signatures are checked as usual, so only the holder
//! of the key can answer.
//!
//! The hub side ([`accept`]) does the handshake inside the hub's own accept loop; a client
//! speaking plain HTTP to it gets one JSON line saying so instead of a reset.
//!
//! Crypto comes from `ring` (rustls' `ring` provider), which needs only a C compiler to build.

pub mod accept;
pub mod identity;
pub mod pinned;

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

pub use accept::TlsAcceptor;
pub use identity::HubIdentity;

/// The SHA-256 of a certificate's DER encoding: what a station pins.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint of a DER-encoded certificate.
    pub fn of_der(der: &[u8]) -> Self {
        Self(Sha256::digest(der).into())
    }

    /// The 32 bytes of the hash.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// Why a typed fingerprint was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a fingerprint is 64 hexadecimal digits (the SHA-256 that `fairdesk token` prints)")]
pub struct BadFingerprint;

impl FromStr for Fingerprint {
    type Err = BadFingerprint;

    /// 64 hex digits, upper or lower case; `:` between bytes (as other tools print them) is
    /// allowed.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let digits: Vec<u8> = text
            .trim()
            .bytes()
            .filter(|b| *b != b':')
            .map(|b| match b {
                b'0'..=b'9' => Ok(b - b'0'),
                b'a'..=b'f' => Ok(b - b'a' + 10),
                b'A'..=b'F' => Ok(b - b'A' + 10),
                _ => Err(BadFingerprint),
            })
            .collect::<Result<_, _>>()?;
        if digits.len() != 64 {
            return Err(BadFingerprint);
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
            *byte = pair[0] << 4 | pair[1];
        }
        Ok(Self(bytes))
    }
}

/// The crypto provider every TLS config in fairdesk uses.
pub(crate) fn provider() -> std::sync::Arc<rustls::crypto::CryptoProvider> {
    std::sync::Arc::new(rustls::crypto::ring::default_provider())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_reads_back_as_printed_and_with_colons() {
        let fp = Fingerprint::of_der(b"certificate");
        let printed = fp.to_string();
        assert_eq!(printed.len(), 64);
        assert_eq!(printed.parse::<Fingerprint>(), Ok(fp));
        let colons = printed
            .as_bytes()
            .chunks(2)
            .map(|p| std::str::from_utf8(p).unwrap().to_uppercase())
            .collect::<Vec<_>>()
            .join(":");
        assert_eq!(colons.parse::<Fingerprint>(), Ok(fp));
        assert_eq!("abc".parse::<Fingerprint>(), Err(BadFingerprint));
        assert_eq!(
            format!("{}x", &printed[1..]).parse::<Fingerprint>(),
            Err(BadFingerprint)
        );
    }
}
