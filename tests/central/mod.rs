//! Demo-like fairs for the central database's tests: three fairs in different communes with
//! overlapping people (the demo's pre-registered list at each, some with a phone only, some
//! with neither), each with a morning of check-ins and booth visits.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use fairdesk::api::{CheckinRequest, CheckinStatus, FairApi, StaffAction, Target};
use fairdesk::domain::{EventKind, Gender, Household, Outcome, Source, YesNo};
use fairdesk::fair::{Fair, ManualClock};
use fairdesk::store::NewAttendee;

/// One fair made for a test.
pub struct DemoFair {
    pub path: PathBuf,
    pub fair: Fair,
    pub clock: Arc<ManualClock>,
}

/// A person with no ID number: a phone only, or nothing at all.
fn extra(name: &str, phone: Option<&str>, household: Household) -> NewAttendee {
    NewAttendee {
        id_number: None,
        phone: phone.map(str::to_string),
        full_name: name.into(),
        birth_date: None,
        birth_year: Some(1990),
        gender: Some(Gender::Female),
        commune_id: None,
        household,
        ethnic_minority: YesNo::Yes,
        education: Some("THPT".into()),
        interests: vec!["May mặc".into()],
        source: Source::PreRegistered,
        name_needs_confirmation: false,
    }
}

/// Makes fair number `k` (0, 1, 2) in `dir`: code `F{k}`, a week apart in 2026. People 1-200
/// are the demo's list (the same ID numbers at every fair); fair `k` checks in people
/// `1 + 40k ..= 80 + 40k`, so neighbouring fairs share 40 people. Two phone-only people
/// (the same phone at every fair) and one person with neither come to every fair.
pub fn demo_fair(dir: &Path, k: i64) -> DemoFair {
    let path = dir.join(format!("fair{k}.db"));
    let date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap() + Duration::days(7 * k);
    let start = Utc
        .from_local_datetime(&date.and_hms_opt(1, 0, 0).unwrap())
        .unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let mut setup = fairdesk::demo::setup(date);
    setup.code = format!("F{k}");
    setup.name = format!("Phiên giao dịch việc làm số {k}");
    setup.kind = if k == 1 {
        EventKind::NgayHoi
    } else {
        EventKind::PhienGd
    };
    setup.place = setup.communes[usize::try_from(k).unwrap()].clone();
    let fair = Fair::init_with_clock(&path, &setup, clock.clone()).unwrap();
    fairdesk::demo::seed_attendees(&fair).unwrap();
    let extras = fair
        .add_attendees(
            &[
                extra("Lò Thị Mai", Some("0912000111"), Household::Poor),
                extra("Hoàng Thị Lan", Some("0912000222"), Household::NearPoor),
                extra("Người không giấy tờ", None, Household::Escaped),
            ],
            Some("test"),
        )
        .unwrap();
    let t = DemoFair { path, fair, clock };
    let mut codes = Vec::new();
    for n in (1 + 40 * k)..=(80 + 40 * k) {
        codes.push(t.checked_in(n));
        t.clock.advance(Duration::minutes(1));
    }
    for row in &extras {
        codes.push(t.checked_in(row.id));
    }
    for (i, code) in codes.iter().enumerate() {
        let booth = ["A", "B", "T"][i % 3];
        t.fair.issue_ticket(code, booth, None).unwrap();
    }
    let outcomes = [
        Outcome::Hired,
        Outcome::Interviewed,
        Outcome::Shortlisted,
        Outcome::Training,
        Outcome::Counselled,
    ];
    for round in 0..(6 + k) {
        for desk in ["A1", "B1", "T1"] {
            if t.fair.call_next(desk).unwrap().is_none() {
                continue;
            }
            let target = Target::Desk(desk.into());
            t.clock.advance(Duration::minutes(2));
            t.fair.act(target.clone(), StaffAction::Start).unwrap();
            t.clock.advance(Duration::minutes(5));
            let outcome = outcomes[usize::try_from(round).unwrap() % outcomes.len()];
            t.fair
                .act(
                    target,
                    StaffAction::Finish {
                        outcome,
                        note: None,
                    },
                )
                .unwrap();
        }
    }
    t
}

impl DemoFair {
    /// Whether the central database at `url` holds every log row of this fair.
    pub fn synced_to(&self, url: &str) -> bool {
        let want = i64::try_from(self.fair.log().unwrap().len()).unwrap();
        let code = self.fair.event().unwrap().code;
        postgres::Client::connect(url, postgres::NoTls)
            .ok()
            .and_then(|mut c| {
                c.query_opt("SELECT synced_seq FROM fair WHERE code = $1", &[&code])
                    .ok()
                    .flatten()
            })
            .is_some_and(|r| r.get::<_, i64>(0) == want)
    }

    /// Checks attendee `id` in by registration code; returns the code.
    pub fn checked_in(&self, id: i64) -> String {
        let code = self
            .fair
            .with_store(|s| s.read(|tx| Ok(tx.attendee(id)?.unwrap().code)))
            .unwrap();
        let code_upper = self.fair.event().unwrap().code;
        let reply = self
            .fair
            .checkin(CheckinRequest::entry(
                format!("FD1:{code_upper}:{code}"),
                "test",
            ))
            .unwrap();
        assert!(matches!(
            reply.status,
            CheckinStatus::CheckedIn | CheckinStatus::ReEntry
        ));
        code
    }
}

/// Runs the fairdesk binary.
pub fn fairdesk(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(args)
        .output()
        .expect("run fairdesk")
}

/// `fairdesk --db DB sync --to URL`, which must succeed.
pub fn synced(db: &Path, url: &str) {
    let out = fairdesk(&["--db", db.to_str().unwrap(), "sync", "--to", url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every central table's rows as text, ordered, without the sync times: equal dumps mean
/// the same central contents.
pub fn dump(client: &mut postgres::Client) -> Vec<String> {
    let mut out = Vec::new();
    for (table, order) in [
        ("fair", "code"),
        ("commune", "fair_id, id"),
        ("booth", "fair_id, id"),
        ("vacancy", "fair_id, id"),
        ("attendee", "fair_id, id"),
        ("checkin", "fair_id, id"),
        ("ticket", "fair_id, id"),
        ("log", "fair_id, seq"),
    ] {
        let sql = format!(
            "SELECT (to_jsonb(t) - 'synced_at' - 'id' - 'fair_id')::text FROM {table} t ORDER BY {order}"
        );
        for row in client.query(&sql, &[]).unwrap() {
            out.push(format!("{table}: {}", row.get::<_, String>(0)));
        }
    }
    out
}

/// Waits (up to a generous bound, not a timing claim) until `done` holds.
pub fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "gave up waiting: {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// A hub (`fairdesk serve`) on a free loopback port, ended when the test ends, passing or
/// failing.
pub struct Hub {
    child: std::process::Child,
    pub port: u16,
}

impl Hub {
    /// `fairdesk --db DB serve --bind 127.0.0.1:PORT EXTRA…`.
    pub fn serve(db: &Path, extra: &[&str]) -> Hub {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_fairdesk"))
            .args(["--db", db.to_str().unwrap(), "serve", "--bind"])
            .arg(format!("127.0.0.1:{port}"))
            .args(extra)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        Hub { child, port }
    }

    pub fn listening(&self) -> bool {
        std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok()
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
