//! `sync --pseudonymous` (issue 17): what the central database gets instead of identities.
//!
//! ID numbers and phones become keyed hashes, HMAC-SHA256 under a key the provincial centre
//! gives every fair of its programme (a file, `--pseudonym-key-file`, or the key itself in
//! `FAIRDESK_PSEUDONYM_KEY`). The same number at two fairs gives the same hash, so the
//! programme report still counts each person once; without the key nobody can test a guessed
//! ID number against the hashes (a plain hash of a 12-digit CCCD is broken by trying them all).
//! Names are sent empty and birth dates not at all: a birth year is sent that gives the same
//! age on the fair's day, so age bands stay exact.
//!
//! HMAC is the `hmac` crate's (the version PostgreSQL's client already builds, over sha2 0.11),
//! checked here against RFC 4231's vectors.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::CentralError;

/// The environment variable holding the key itself, for a service that cannot keep a file.
pub const KEY_ENV: &str = "FAIRDESK_PSEUDONYM_KEY";

/// Fewer bytes than this is a password, not a key.
const MIN_KEY_BYTES: usize = 16;

/// What marks a hashed value in the central `id_number` and `phone` columns.
pub const PREFIX: &str = "hmac1:";

/// The centre's key.
#[derive(Clone)]
pub struct PseudonymKey(Vec<u8>);

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key itself, in a log or a panic message.
        f.write_str("PseudonymKey(…)")
    }
}

impl PseudonymKey {
    /// A key from its text: surrounding whitespace (a file's final newline) is not part of it.
    pub fn new(text: &[u8]) -> Result<Self, CentralError> {
        let key = text.trim_ascii();
        if key.len() < MIN_KEY_BYTES {
            return Err(CentralError::Fair(format!(
                "the pseudonym key is too short ({} bytes; at least {MIN_KEY_BYTES}): use the \
                 key file the centre gives",
                key.len()
            )));
        }
        Ok(Self(key.to_vec()))
    }

    /// The key in `path`.
    pub fn from_file(path: &Path) -> Result<Self, CentralError> {
        let bytes = std::fs::read(path).map_err(|e| {
            CentralError::Fair(format!(
                "cannot read the pseudonym key file {}: {e}",
                path.display()
            ))
        })?;
        Self::new(&bytes)
    }

    /// The keyed hash of `value` of kind `what` ("id_number", "phone"): a phone never hashes
    /// like an ID number with the same digits.
    pub fn hash(&self, what: &str, value: &str) -> String {
        let mut message = Vec::with_capacity(what.len() + 1 + value.len());
        message.extend_from_slice(what.as_bytes());
        message.push(0);
        message.extend_from_slice(value.trim().as_bytes());
        let mac = hmac_sha256(&self.0, &message);
        let mut out = String::with_capacity(PREFIX.len() + 64);
        out.push_str(PREFIX);
        for b in mac {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
}

/// HMAC-SHA256 (RFC 2104).
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    use hmac::{KeyInit, Mac};
    // HMAC takes a key of any length; `new_from_slice` refuses none.
    let mut mac = hmac::Hmac::<sha2_for_hmac::Sha256>::new_from_slice(key)
        .expect("HMAC accepts keys of every length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The birth year to send for a person: the one that gives their exact age on the fair's day
/// (from the full date where known), so the central age bands equal the fair's.
pub fn birth_year_for(
    fair_date: NaiveDate,
    birth_date: Option<NaiveDate>,
    birth_year: Option<i32>,
) -> Option<i32> {
    match birth_date {
        Some(born) => fair_date
            .years_since(born)
            .and_then(|age| i32::try_from(age).ok())
            .map(|age| fair_date.year() - age),
        None => birth_year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 1.
        assert_eq!(
            hex(&hmac_sha256(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        // Test case 2: a key shorter than the block.
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block is hashed first.
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn the_same_number_hashes_alike_under_one_key_only() {
        let a = PseudonymKey::new(b"centre-key-0123456789\n").unwrap();
        let b = PseudonymKey::new(b"another-centre-key-987").unwrap();
        let id = "001090001234";
        assert_eq!(
            a.hash("id_number", id),
            a.hash("id_number", " 001090001234")
        );
        assert_ne!(a.hash("id_number", id), b.hash("id_number", id));
        assert_ne!(a.hash("id_number", id), a.hash("phone", id));
        assert!(a.hash("id_number", id).starts_with(PREFIX));
        assert!(!a.hash("id_number", id).contains(id));
        assert!(PseudonymKey::new(b"short").is_err());
        assert_eq!(format!("{a:?}"), "PseudonymKey(…)");
    }

    #[test]
    fn the_birth_year_sent_gives_the_age_on_the_fair_day() {
        let fair = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let before = NaiveDate::from_ymd_opt(2000, 1, 5).unwrap();
        let after = NaiveDate::from_ymd_opt(2000, 12, 5).unwrap();
        assert_eq!(birth_year_for(fair, Some(before), None), Some(2000));
        // 25 on the fair's day, not yet 26: sent as 2001 so the age is 25.
        assert_eq!(birth_year_for(fair, Some(after), None), Some(2001));
        assert_eq!(
            crate::report::age_on(fair, None, birth_year_for(fair, Some(after), None)),
            crate::report::age_on(fair, Some(after), None)
        );
        assert_eq!(birth_year_for(fair, None, Some(1990)), Some(1990));
    }
}
