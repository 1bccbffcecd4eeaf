//! The real `fairdesk serve` under load, killed with SIGKILL at random moments. After each
//! restart every acknowledged (2xx) check-in, ticket and finish must be in the database, and
//! the queue invariants must hold.

mod hub_common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fairdesk::api::*;
use fairdesk::domain::Outcome;
use fairdesk::hub::HubClient;
use fairdesk::hub::loadtest::walk_in_card;

// At least ten SIGKILLs per CI run (issue 12): each round costs about a second and a half.
const ROUNDS: usize = 12;
const KIOSKS: usize = 3;

#[derive(Default)]
struct Acked {
    checkin_keys: Vec<String>,
    tickets: Vec<String>,
    finished: Vec<String>,
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_fairdesk")
}

/// The hub as `fairdesk serve` runs it (HTTPS), and where and whom a station pairs with.
fn start_server(db: &Path) -> (Child, Hub) {
    let mut child = Command::new(bin())
        .args(["serve", "--db"])
        .arg(db)
        .args(["--bind", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut reader = BufReader::new(stderr);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    // Keep draining, so the server never writes into a closed pipe.
    std::thread::spawn(move || {
        let mut sink = String::new();
        while reader.read_line(&mut sink).is_ok_and(|n| n > 0) {
            sink.clear();
        }
    });
    let words: Vec<&str> = line.split_whitespace().collect();
    let url = words
        .iter()
        .find(|w| w.starts_with("https://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let pin = words
        .iter()
        .position(|w| *w == "fingerprint")
        .and_then(|at| words.get(at + 1))
        .and_then(|fp| fp.trim_end_matches(';').parse().ok())
        .unwrap_or_else(|| panic!("no fingerprint in {line:?}"));
    (child, Hub { url, pin })
}

/// A hub's address and certificate fingerprint.
struct Hub {
    url: String,
    pin: fairdesk::hub::tls::Fingerprint,
}

impl Hub {
    fn station(&self, token: &str) -> HubClient {
        HubClient::pinned(&self.url, token, self.pin).unwrap()
    }
}

fn random_below(n: u64) -> u64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).unwrap();
    u64::from_le_bytes(b) % n
}

fn load(hub: &Hub, token: &str, round: usize, stop: &AtomicBool, acked: &Mutex<Acked>) {
    std::thread::scope(|scope| {
        for k in 0..KIOSKS {
            scope.spawn(move || {
                let api = hub.station(token);
                let Ok(event) = api.event() else { return };
                let mut i = 0u64;
                while !stop.load(Ordering::Relaxed) && i < 100_000 {
                    i += 1;
                    let serial = 600_000 + (round as u64) * 50_000 + (k as u64) * 10_000 + i;
                    let key = format!("crash-{round}-{k}-{i}");
                    let request = CheckinRequest {
                        idempotency_key: Some(key.clone()),
                        ..CheckinRequest::entry(walk_in_card(serial, event.date), "crash")
                    };
                    let Ok(out) = api.checkin(request) else {
                        continue;
                    };
                    acked.lock().unwrap().checkin_keys.push(key);
                    let Some(person) = out.attendee else { continue };
                    let booth = if i % 2 == 0 { "A" } else { "B" };
                    if let Ok(t) = api.issue_ticket(&person.code, booth, None) {
                        acked.lock().unwrap().tickets.push(t.ticket);
                    }
                }
            });
        }
        for desk in ["A1", "B1"] {
            scope.spawn(move || {
                let api = hub.station(token);
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) && n < 100_000 {
                    n += 1;
                    match api.call_next(desk) {
                        Ok(Some(_)) | Err(FairError::DeskBusy { .. }) => {}
                        _ => {
                            std::thread::sleep(Duration::from_millis(10));
                            continue;
                        }
                    }
                    let _ = api.act(Target::Desk(desk.into()), StaffAction::Start);
                    if let Ok(t) = api.act(
                        Target::Desk(desk.into()),
                        StaffAction::Finish {
                            outcome: Outcome::Interviewed,
                            note: None,
                        },
                    ) {
                        acked.lock().unwrap().finished.push(t.ticket);
                    }
                }
            });
        }
    });
}

/// Counts acknowledged operations missing from the database, and checks the invariants.
fn verify(db: &Path, acked: &Acked) -> usize {
    let conn = rusqlite::Connection::open(db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let count =
        |sql: &str, value: &str| -> i64 { conn.query_row(sql, [value], |r| r.get(0)).unwrap() };
    let mut lost = 0;
    for key in &acked.checkin_keys {
        lost += usize::from(count("SELECT COUNT(*) FROM idempotency WHERE key = ?1", key) != 1);
    }
    for t in &acked.tickets {
        lost += usize::from(count("SELECT COUNT(*) FROM ticket WHERE number = ?1", t) != 1);
    }
    for t in &acked.finished {
        lost += usize::from(
            count(
                "SELECT COUNT(*) FROM ticket WHERE number = ?1 AND state = 'done'",
                t,
            ) != 1,
        );
    }
    // Queue invariants: one open ticket per attendee per booth, one called/serving ticket per
    // desk, at most max_open_tickets open per attendee, and every check-in's log row present.
    let zero = |sql: &str| {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0, "{sql}");
    };
    zero(
        "SELECT COUNT(*) FROM (SELECT attendee_id, booth_id FROM ticket
         WHERE state IN ('waiting','called','serving') GROUP BY 1, 2 HAVING COUNT(*) > 1)",
    );
    zero(
        "SELECT COUNT(*) FROM (SELECT desk_id FROM ticket WHERE state IN ('called','serving')
         GROUP BY 1 HAVING COUNT(*) > 1)",
    );
    zero(
        "SELECT COUNT(*) FROM (SELECT attendee_id FROM ticket
         WHERE state IN ('waiting','called','serving') GROUP BY 1
         HAVING COUNT(*) > (SELECT max_open_tickets FROM event))",
    );
    zero("SELECT COUNT(*) FROM ticket WHERE state IN ('called','serving') AND desk_id IS NULL");
    zero(
        "SELECT (SELECT COUNT(*) FROM checkin) - (SELECT COUNT(*) FROM log WHERE kind = 'checkin')",
    );
    lost
}

#[test]
fn killing_the_hub_under_load_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fair.db");
    let init = Command::new(bin())
        .args(["init", "--demo", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(init.status.success());
    let out = Command::new(bin())
        .args(["token", "--role", "organiser", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let issued: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(issued["role"], "organiser");
    assert!(issued["booth"].is_null());
    let token = issued["token"].as_str().unwrap().to_string();

    let acked = Arc::new(Mutex::new(Acked::default()));
    let mut total_lost = 0;
    for round in 0..ROUNDS {
        let (mut child, hub) = start_server(&db);
        let stop = AtomicBool::new(false);
        let kill_after = Duration::from_millis(300 + random_below(900));
        std::thread::scope(|scope| {
            scope.spawn(|| load(&hub, &token, round, &stop, &acked));
            let started = Instant::now();
            while started.elapsed() < kill_after {
                std::thread::sleep(Duration::from_millis(10));
            }
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            // Let clients see the dead socket, then stop them.
            std::thread::sleep(Duration::from_millis(50));
            stop.store(true, Ordering::Relaxed);
        });
        let acked = acked.lock().unwrap();
        let lost = verify(&db, &acked);
        println!(
            "round {}: killed after {:?}; acknowledged so far: {} check-ins, {} tickets, {} finishes; lost {lost}",
            round + 1,
            kill_after,
            acked.checkin_keys.len(),
            acked.tickets.len(),
            acked.finished.len()
        );
        total_lost += lost;
    }
    // The hub still starts and serves on the database after the last kill.
    let (mut child, hub) = start_server(&db);
    let api = hub.station(&token);
    assert!(api.board().is_ok());
    // SIGTERM is a graceful stop: the hub exits by itself, successfully.
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the hub ignored SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    let acked = acked.lock().unwrap();
    println!(
        "crash test: N = {ROUNDS} SIGKILLs, {} acknowledged check-ins, {} tickets, {} finishes, lost {total_lost}",
        acked.checkin_keys.len(),
        acked.tickets.len(),
        acked.finished.len()
    );
    assert!(acked.checkin_keys.len() > ROUNDS, "the load did not run");
    assert_eq!(total_lost, 0);
}
