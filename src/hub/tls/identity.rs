//! The hub's certificate and key, made on first start and kept beside the database
//! (`fair.db` → `fair.db.hub-cert.pem`, `fair.db.hub-key.pem`), the key readable by its owner
//! only. Keeping them means the fingerprint stations were paired with stays valid across
//! restarts; deleting both makes a new identity, and every station must pair again.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use super::Fingerprint;
use crate::store::private::write_new_private;

/// The name the certificate is made out to. Stations do not check it (see the module docs of
/// [`super`]); it only tells a person looking at the certificate what it is.
const CERT_NAME: &str = "fairdesk-hub";

/// The hub's certificate, its key and the certificate's fingerprint.
pub struct HubIdentity {
    cert: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
    fingerprint: Fingerprint,
}

impl std::fmt::Debug for HubIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key.
        f.debug_struct("HubIdentity")
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

/// Where the certificate of the hub serving `db` is kept.
pub fn cert_path(db: &Path) -> PathBuf {
    beside(db, "hub-cert.pem")
}

/// Where the key of the hub serving `db` is kept.
pub fn key_path(db: &Path) -> PathBuf {
    beside(db, "hub-key.pem")
}

fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(suffix);
    db.with_file_name(name)
}

impl HubIdentity {
    /// The identity kept beside `db`, made now if there is none.
    pub fn load_or_create(db: &Path) -> Result<Self> {
        let (cert_file, key_file) = (cert_path(db), key_path(db));
        match (cert_file.exists(), key_file.exists()) {
            (true, true) => Self::load(&cert_file, &key_file),
            (false, false) => Self::create(&cert_file, &key_file),
            _ => bail!(
                "only one of {} and {} exists; delete the other to make a new hub certificate \
                 (stations must then pair again)",
                cert_file.display(),
                key_file.display()
            ),
        }
    }

    fn load(cert_file: &Path, key_file: &Path) -> Result<Self> {
        let cert = CertificateDer::from_pem_file(cert_file)
            .with_context(|| format!("cannot read the hub certificate {}", cert_file.display()))?;
        let key = PrivateKeyDer::from_pem_file(key_file)
            .with_context(|| format!("cannot read the hub key {}", key_file.display()))?;
        let fingerprint = Fingerprint::of_der(&cert);
        Ok(Self {
            cert,
            key,
            fingerprint,
        })
    }

    fn create(cert_file: &Path, key_file: &Path) -> Result<Self> {
        let made = rcgen::generate_simple_self_signed(vec![CERT_NAME.to_string()])
            .context("cannot make the hub certificate")?;
        // The key first: a certificate without its key would block the next start.
        write_new_private(key_file, made.signing_key.serialize_pem().as_bytes())
            .with_context(|| format!("cannot write {}", key_file.display()))?;
        write_new_private(cert_file, made.cert.pem().as_bytes())
            .with_context(|| format!("cannot write {}", cert_file.display()))?;
        tracing::info!(cert = %cert_file.display(), "made the hub's certificate");
        Self::load(cert_file, key_file)
    }

    /// What stations pin.
    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// The rustls server config serving this identity.
    pub fn server_config(&self) -> Result<rustls::ServerConfig> {
        let config = rustls::ServerConfig::builder_with_provider(super::provider())
            .with_safe_default_protocol_versions()
            .context("TLS versions")?
            .with_no_client_auth()
            .with_single_cert(vec![self.cert.clone()], self.key.clone_key())
            .context("the hub certificate and key do not fit together")?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identity_is_made_once_and_its_key_is_the_owners_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fair.db");
        let made = HubIdentity::load_or_create(&db).unwrap();
        let again = HubIdentity::load_or_create(&db).unwrap();
        assert_eq!(made.fingerprint(), again.fingerprint());
        assert!(made.server_config().is_ok());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(key_path(&db))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_file(key_path(&db)).unwrap();
        let err = HubIdentity::load_or_create(&db).unwrap_err().to_string();
        assert!(err.contains("only one of"), "{err}");
    }
}
