//! The level above one fair (issue 16): a central PostgreSQL database that many fairs are
//! copied into, and the programme's annual report over them.
//!
//! - [`schema`]: the central tables and their versioned migrations, applied by `sync`.
//! - [`sync`]: copying one fair's file into the central database, batch by batch, each batch
//!   one PostgreSQL transaction keyed by event code and log sequence.
//! - [`source`]: what the programme report reads of one fair, from the central database or
//!   straight from a fair's file, so both give the same report.
//! - [`programme`]: the programme report itself; [`csv_export`] writes it as CSV and
//!   [`xlsx_export`] as a workbook, both worded by [`labels`] in Vietnamese or English;
//!   [`jobs`] counts the jobs created through the fairs.
//! - [`followup`]: `followup import`, the follow-up results read back from the fair's workbook.
//! - [`pseudonym`]: the keyed hashes `sync --pseudonymous` sends instead of identities.
//! - [`background`]: the hub's background sync (`serve --sync-to`).
//!
//! The connection is plain TCP with a password: the central server is on the office's
//! loopback or LAN, and TLS is not needed there yet (README, "Central database").

pub mod background;
pub mod csv_export;
pub mod followup;
pub mod jobs;
pub mod labels;
pub mod programme;
pub mod pseudonym;
pub mod schema;
pub mod source;
pub mod sync;
pub mod xlsx_export;

use std::str::FromStr;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};

/// Why the central database could not be used. Each reads as one line for the command line.
#[derive(Debug, thiserror::Error)]
pub enum CentralError {
    #[error("not a PostgreSQL URL (postgres://user:password@host:port/database): {0}")]
    BadUrl(String),
    #[error("the central database server cannot be reached: {0}")]
    Unreachable(String),
    #[error("the central database refused the user name or password")]
    WrongCredentials,
    #[error("the central database server has no such database: {0}")]
    NoDatabase(String),
    #[error(
        "this PostgreSQL database holds tables of another program; give fairdesk an empty database of its own"
    )]
    ForeignDatabase,
    #[error(
        "this PostgreSQL database is not a fairdesk central database (run `fairdesk sync` into it first)"
    )]
    NotCentral,
    #[error(
        "the central database was made by a newer fairdesk (schema {found}, this one knows {known}); update fairdesk"
    )]
    NewerSchema { found: usize, known: usize },
    #[error(
        "the central database was made by an older fairdesk; run `fairdesk sync` once to upgrade it"
    )]
    OlderSchema,
    #[error(
        "event code {code} is already used in the central database by a different fair ({name}, {date}); give this fair another code"
    )]
    CodeTaken {
        code: String,
        name: String,
        date: String,
    },
    #[error(
        "event {code} was synced {} --pseudonymous before; sync it the same way (one fair cannot hold identities and hashes both)",
        if *pseudonymous { "with" } else { "without" }
    )]
    PseudonymMode { code: String, pseudonymous: bool },
    #[error("the fair's file: {0}")]
    Fair(String),
    #[error("the central database: {0}")]
    Database(String),
}

impl From<postgres::Error> for CentralError {
    fn from(err: postgres::Error) -> Self {
        classify(&err)
    }
}

impl From<crate::api::FairError> for CentralError {
    fn from(err: crate::api::FairError) -> Self {
        CentralError::Fair(err.to_string())
    }
}

impl From<rusqlite::Error> for CentralError {
    fn from(err: rusqlite::Error) -> Self {
        CentralError::Fair(err.to_string())
    }
}

/// How long a connection attempt may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

fn classify(err: &postgres::Error) -> CentralError {
    if let Some(db) = err.as_db_error() {
        let code = db.code();
        if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            return CentralError::WrongCredentials;
        }
        if *code == SqlState::INVALID_CATALOG_NAME {
            return CentralError::NoDatabase(db.message().to_string());
        }
        return CentralError::Database(db.message().to_string());
    }
    if err.is_closed() || std::error::Error::source(err).is_some_and(|s| s.is::<std::io::Error>()) {
        return CentralError::Unreachable(err.to_string());
    }
    CentralError::Database(err.to_string())
}

/// Connects to the central database at `url` (`postgres://user:password@host:port/db`).
pub fn connect(url: &str) -> Result<Client, CentralError> {
    let mut config = Config::from_str(url).map_err(|e| CentralError::BadUrl(e.to_string()))?;
    config.connect_timeout(CONNECT_TIMEOUT);
    config.application_name("fairdesk");
    config.connect(NoTls).map_err(|e| {
        let classified = classify(&e);
        match classified {
            // Before a session exists every I/O or timeout failure means the server is not there.
            CentralError::Database(message) if e.as_db_error().is_none() => {
                CentralError::Unreachable(message)
            }
            other => other,
        }
    })
}
