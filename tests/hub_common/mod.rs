//! Shared set-up for the hub tests: a demo fair in a temp dir, tokens, a running hub.
#![allow(dead_code)]

pub mod raw;

use std::path::{Path, PathBuf};

use fairdesk::api::FairApi;
use fairdesk::cli::today_in_vietnam;
use fairdesk::fair::Fair;
use fairdesk::hub::auth::{self, Role};
use fairdesk::hub::{HubClient, RunningHub};
use fairdesk::store::{AttendeeRow, TokenStore};

pub struct TestFair {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl TestFair {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fair.db");
        fairdesk::demo::create(&db, today_in_vietnam()).unwrap();
        Self { dir, db }
    }

    pub fn token(&self, role: Role, booth: Option<&str>) -> String {
        token(&self.db, role, booth)
    }

    pub fn start(&self) -> RunningHub {
        RunningHub::start(&self.db, "127.0.0.1:0").unwrap()
    }

    /// A pre-registered demo attendee by row id (1-based).
    pub fn attendee(&self, id: i64) -> AttendeeRow {
        let fair = Fair::open(&self.db).unwrap();
        fair.with_store(|s| s.read(|tx| tx.attendee(id)))
            .unwrap()
            .unwrap()
    }

    pub fn fair(&self) -> Fair {
        Fair::open(&self.db).unwrap()
    }
}

pub fn token(db: &Path, role: Role, booth: Option<&str>) -> String {
    let store = TokenStore::open(db).unwrap();
    auth::issue(&store, role, booth, chrono::Utc::now())
        .unwrap()
        .token
}

pub fn client(hub: &RunningHub, token: &str) -> HubClient {
    HubClient::new(&hub.url(), token)
}

/// A raw HTTP agent that does not turn 4xx/5xx into errors.
pub fn raw_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(10)))
        .build()
        .into()
}

pub fn checkins_of(fair: &Fair, attendee_code: &str) -> i64 {
    fair.with_store(|s| {
        s.connection()
            .query_row(
                "SELECT COUNT(*) FROM checkin c JOIN attendee a ON a.id = c.attendee_id
                 WHERE a.code = ?1",
                [attendee_code],
                |r| r.get(0),
            )
            .unwrap()
    })
}

pub fn people(fair: &Fair) -> u32 {
    fair.report(fairdesk::report::ReportRange::all())
        .unwrap()
        .people
}
