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

    /// A hub in plain HTTP (`--insecure-http`), for tests that speak HTTP by hand.
    pub fn start(&self) -> RunningHub {
        RunningHub::start(&self.db, "127.0.0.1:0").unwrap()
    }

    /// A hub in HTTPS, as `fairdesk serve` runs it; [`client`] pins its certificate.
    pub fn start_tls(&self) -> RunningHub {
        RunningHub::start_tls(&self.db, "127.0.0.1:0").unwrap()
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
    issued(db, role, booth).token
}

/// A new token with its id (to revoke it), as `fairdesk token` issues it.
pub fn issued(db: &Path, role: Role, booth: Option<&str>) -> auth::IssuedToken {
    let store = TokenStore::open(db).unwrap();
    auth::issue(&store, role, booth, chrono::Utc::now()).unwrap()
}

/// A station's client for `hub`: pinned to its certificate over HTTPS, plain otherwise.
pub fn client(hub: &RunningHub, token: &str) -> HubClient {
    hub.client(token).unwrap()
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

/// A reply as the raw tests see it.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// The `Retry-After` header, when there is one.
    pub retry_after: Option<String>,
    /// The body as JSON (`Null` when it is not JSON).
    pub body: serde_json::Value,
}

/// Sends `method path` (path already encoded) with an optional bearer token and JSON body.
pub fn send(
    agent: &ureq::Agent,
    base: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> Reply {
    let url = format!("{base}{path}");
    let auth = token.map(|t| format!("Bearer {t}"));
    let response = if method == "GET" {
        let mut r = agent.get(&url);
        if let Some(a) = &auth {
            r = r.header("Authorization", a);
        }
        r.call()
    } else {
        let mut r = match method {
            "POST" => agent.post(&url),
            "PATCH" => agent.patch(&url),
            other => panic!("{other}"),
        };
        if let Some(a) = &auth {
            r = r.header("Authorization", a);
        }
        r.send_json(body.unwrap_or_else(|| serde_json::json!({})))
    };
    let mut response = response.unwrap();
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let text = response.body_mut().read_to_string().unwrap();
    Reply {
        status,
        retry_after,
        body: serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    }
}

/// Percent-encodes one path segment, every byte but ASCII letters and digits.
pub fn segment(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Every row of every table but the tokens (which the tests add to), to show that a refused
/// request changed nothing.
pub fn snapshot(db: &Path) -> Vec<(String, Vec<Vec<rusqlite::types::Value>>)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = {
        let mut st = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'token'
                 ORDER BY name",
            )
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    tables
        .into_iter()
        .map(|table| {
            let mut st = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let columns = st.column_count();
            let rows = st
                .query_map([], |r| {
                    (0..columns)
                        .map(|i| r.get::<_, rusqlite::types::Value>(i))
                        .collect()
                })
                .unwrap()
                .collect::<Result<Vec<Vec<_>>, _>>()
                .unwrap();
            (table, rows)
        })
        .collect()
}
