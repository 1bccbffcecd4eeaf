//! The pairing string a station is configured with: `fairdesk://HOST:PORT?fp=SHA256HEX&t=TOKEN`
//! (issue 17). `fairdesk token` prints it and shows it as a QR code; `fairdesk app --pair`
//! reads it. It carries everything a station needs to trust the hub and be trusted by it, so
//! it is as secret as the token itself.

use std::fmt;
use std::str::FromStr;

use super::tls::Fingerprint;

/// The scheme that marks a pairing string.
pub const SCHEME: &str = "fairdesk://";

/// The hub's address, its certificate's fingerprint and a station token.
#[derive(Clone, PartialEq, Eq)]
pub struct Pairing {
    /// `HOST:PORT` of the hub on the LAN.
    pub address: String,
    /// The SHA-256 of the hub's certificate.
    pub fingerprint: Fingerprint,
    /// The station token.
    pub token: String,
}

impl fmt::Debug for Pairing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the token.
        f.debug_struct("Pairing")
            .field("address", &self.address)
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

impl Pairing {
    /// `https://HOST:PORT`.
    pub fn url(&self) -> String {
        format!("https://{}", self.address)
    }
}

impl fmt::Display for Pairing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{SCHEME}{}?fp={}&t={}",
            self.address, self.fingerprint, self.token
        )
    }
}

/// Why a pairing string was refused; the message says what a good one looks like.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not a pairing string ({0}); it looks like fairdesk://HOST:PORT?fp=…&t=… and is printed by \
     `fairdesk token`"
)]
pub struct BadPairing(&'static str);

impl FromStr for Pairing {
    type Err = BadPairing;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let rest = text
            .get(..SCHEME.len())
            .filter(|head| head.eq_ignore_ascii_case(SCHEME))
            .map(|_| &text[SCHEME.len()..])
            .ok_or(BadPairing("it does not start with fairdesk://"))?;
        let (address, query) = rest
            .split_once('?')
            .ok_or(BadPairing("no fingerprint or token"))?;
        let address = address.trim_end_matches('/');
        let valid_address = address
            .rsplit_once(':')
            .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
        if !valid_address {
            return Err(BadPairing("the address is not HOST:PORT"));
        }
        let (mut fingerprint, mut token) = (None, None);
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("fp", value)) => {
                    fingerprint = Some(
                        value
                            .parse::<Fingerprint>()
                            .map_err(|_| BadPairing("the fingerprint is not 64 hex digits"))?,
                    );
                }
                Some(("t", value)) if !value.is_empty() => {
                    if !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        return Err(BadPairing("the token has characters a token never has"));
                    }
                    token = Some(value.to_string());
                }
                // Later versions may add fields; an older station ignores them.
                _ => {}
            }
        }
        Ok(Self {
            address: address.to_string(),
            fingerprint: fingerprint.ok_or(BadPairing("no fingerprint (fp=)"))?,
            token: token.ok_or(BadPairing("no token (t=)"))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pairing_string_reads_back_and_bad_ones_say_why() {
        let pairing = Pairing {
            address: "192.168.1.10:7878".into(),
            fingerprint: Fingerprint::of_der(b"cert"),
            token: "ab12".into(),
        };
        let text = pairing.to_string();
        assert!(
            text.starts_with("fairdesk://192.168.1.10:7878?fp="),
            "{text}"
        );
        assert_eq!(text.parse::<Pairing>(), Ok(pairing.clone()));
        assert_eq!(pairing.url(), "https://192.168.1.10:7878");
        assert!(!format!("{pairing:?}").contains("ab12"));
        for (bad, why) in [
            ("http://192.168.1.10:7878", "fairdesk://"),
            ("fairdesk://192.168.1.10?fp=00&t=ab", "HOST:PORT"),
            ("fairdesk://h:1?t=ab", "no fingerprint"),
            (&text.replace("&t=ab12", ""), "no token"),
            (&text.replace("fp=", "fp=zz"), "64 hex"),
        ] {
            let err = bad.parse::<Pairing>().unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }
}
