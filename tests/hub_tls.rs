//! HTTPS between stations and the hub, pinned at pairing (issue 17): a listener between a
//! station and the hub sees no name, ID number, phone or token; a station paired with another
//! certificate refuses in one line; `--insecure-http` on one side only fails clearly; the
//! pairing string `fairdesk token` prints configures `fairdesk app --pair`; and a connection
//! that never finishes its handshake is closed.

mod hub_common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use fairdesk::api::{CheckinRequest, CheckinStatus, FairApi, FairError};
use fairdesk::hub::auth::Role;
use fairdesk::hub::tls::Fingerprint;
use fairdesk::hub::tls::pinned::{HUB_IS_PLAIN_HTTP, WRONG_FINGERPRINT};
use fairdesk::hub::{HubClient, RunningHub, ServeOptions};
use fairdesk::report::ReportRange;
use hub_common::raw::closed_by_hub;
use hub_common::*;

/// A TCP proxy on loopback that forwards every connection to `target` and keeps a copy of
/// every byte, both ways: what a passive listener on the hall's Wi-Fi would see.
struct Tap {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<u8>>>,
}

impl Tap {
    fn new(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        thread::spawn(move || {
            for station in listener.incoming() {
                let Ok(station) = station else { return };
                let Ok(hub) = TcpStream::connect(target) else {
                    return;
                };
                for (from, to) in [
                    (station.try_clone().unwrap(), hub.try_clone().unwrap()),
                    (hub, station),
                ] {
                    let record = Arc::clone(&record);
                    thread::spawn(move || copy(from, to, &record));
                }
            }
        });
        Self { addr, seen }
    }

    fn seen(&self) -> Vec<u8> {
        self.seen.lock().unwrap().clone()
    }
}

fn copy(mut from: TcpStream, mut to: TcpStream, record: &Mutex<Vec<u8>>) {
    let mut buf = [0u8; 16 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                record.lock().unwrap().extend_from_slice(&buf[..n]);
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown(std::net::Shutdown::Write);
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
}

/// A check-in, the attendee's profile and the report through the tap; returns what it saw and
/// the secrets it must not have seen.
fn check_in_through_tap(
    fair: &TestFair,
    hub: &RunningHub,
) -> (Vec<u8>, Vec<String>, Option<String>) {
    let tap = Tap::new(hub.addr());
    let kiosk_token = fair.token(Role::Kiosk, None);
    let organiser_token = fair.token(Role::Organiser, None);
    let scheme = if hub.fingerprint().is_some() {
        "https"
    } else {
        "http"
    };
    let via_tap = format!("{scheme}://{}", tap.addr);
    let kiosk = HubClient::connect(&via_tap, &kiosk_token, hub.fingerprint()).unwrap();
    let organiser = HubClient::connect(&via_tap, &organiser_token, hub.fingerprint()).unwrap();
    let person = fair.attendee(3);
    let id_number = person.id_number.clone().unwrap();
    let outcome = kiosk
        .checkin(CheckinRequest::entry(id_number.clone(), "kiosk-1"))
        .unwrap();
    assert_eq!(outcome.status, CheckinStatus::CheckedIn);
    let profile = organiser.attendee(&person.code).unwrap();
    assert_eq!(profile.name, person.full_name);
    assert!(organiser.report(ReportRange::all()).unwrap().people >= 1);
    // Let the proxy threads copy the last replies.
    thread::sleep(Duration::from_millis(200));
    // The phone may not travel in these calls at all; it is checked where it could.
    let secrets = vec![
        id_number,
        person.full_name.clone(),
        kiosk_token,
        organiser_token,
    ];
    (tap.seen(), secrets, person.phone.clone())
}

#[test]
fn a_listener_between_station_and_hub_sees_no_name_id_number_phone_or_token() {
    let fair = TestFair::new();
    let hub = fair.start_tls();
    let (seen, secrets, phone) = check_in_through_tap(&fair, &hub);
    assert!(!contains(&seen, &phone.unwrap_or_default()));
    assert!(
        seen.len() > 1000,
        "the tap saw the exchange: {} bytes",
        seen.len()
    );
    for secret in &secrets {
        assert!(
            !contains(&seen, secret),
            "{secret:?} crossed the LAN in clear"
        );
    }
    assert!(
        !contains(&seen, "/api/v1/"),
        "even the routes are encrypted"
    );
    hub.stop();

    // The same exchange over --insecure-http shows them all: the tap does see plain text.
    let fair = TestFair::new();
    let hub = fair.start();
    let (seen, secrets, _) = check_in_through_tap(&fair, &hub);
    for secret in &secrets {
        assert!(
            contains(&seen, secret),
            "{secret:?} should be visible in plain HTTP"
        );
    }
}

#[test]
fn a_station_pinned_to_another_certificate_refuses_in_one_clear_line() {
    let fair = TestFair::new();
    let hub = fair.start_tls();
    let token = fair.token(Role::Kiosk, None);
    let right = hub.fingerprint().unwrap();
    let wrong = Fingerprint::of_der(b"another hub's certificate");
    let station = HubClient::pinned(&hub.url(), &token, wrong).unwrap();
    match station.whoami() {
        Err(FairError::Unavailable { message }) => assert_eq!(message, WRONG_FINGERPRINT),
        other => panic!("{other:?}"),
    }
    // Paired right, the same hub answers.
    let station = HubClient::pinned(&hub.url(), &token, right).unwrap();
    assert_eq!(station.whoami().unwrap().role, Role::Kiosk);

    let output = app(
        fair.dir.path(),
        &[
            "--hub",
            &hub.url(),
            "--token",
            &token,
            "--fingerprint",
            &wrong.to_string(),
            "--check",
        ],
    );
    refused(&output, &token, "fingerprint mismatch");
}

#[test]
fn insecure_http_on_one_side_only_fails_clearly() {
    let fair = TestFair::new();
    let token = fair.token(Role::Kiosk, None);

    // The hub speaks HTTPS; the station was told --insecure-http.
    let hub = fair.start_tls();
    let plain = HubClient::new(&format!("http://{}", hub.addr()), &token);
    match plain.whoami() {
        Err(FairError::Unavailable { message }) => {
            assert!(message.contains("this hub speaks HTTPS"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    let output = app(
        fair.dir.path(),
        &[
            "--hub",
            &format!("http://{}", hub.addr()),
            "--token",
            &token,
            "--insecure-http",
            "--check",
        ],
    );
    refused(&output, &token, "this hub speaks HTTPS");
    // Without --insecure-http, an http:// address is refused before anything is sent.
    let output = app(
        fair.dir.path(),
        &[
            "--hub",
            &format!("http://{}", hub.addr()),
            "--token",
            &token,
            "--check",
        ],
    );
    refused(&output, &token, "is plain HTTP: give --insecure-http");
    let fingerprint = hub.fingerprint().unwrap();
    hub.stop();

    // The hub runs --insecure-http; the station expects HTTPS.
    let hub = fair.start();
    let pinned = HubClient::pinned(&hub.addr().to_string(), &token, fingerprint).unwrap();
    match pinned.whoami() {
        Err(FairError::Unavailable { message }) => assert_eq!(message, HUB_IS_PLAIN_HTTP),
        other => panic!("{other:?}"),
    }
    let output = app(
        fair.dir.path(),
        &[
            "--hub",
            &format!("https://{}", hub.addr()),
            "--token",
            &token,
            "--fingerprint",
            &fingerprint.to_string(),
            "--check",
        ],
    );
    refused(&output, &token, "answered in plain HTTP");
    // Both sides --insecure-http: the old behaviour still works.
    let output = app(
        fair.dir.path(),
        &[
            "--hub",
            &hub.url(),
            "--token",
            &token,
            "--insecure-http",
            "--check",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn the_pairing_string_from_fairdesk_token_configures_a_station() {
    let fair = TestFair::new();
    let hub = fair.start_tls();
    let issued = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["token", "--db"])
        .arg(&fair.db)
        .args(["--role", "kiosk", "--json", "--address"])
        .arg(hub.addr().to_string())
        .output()
        .unwrap();
    assert_eq!(issued.status.code(), Some(0), "{issued:?}");
    let issued: serde_json::Value = serde_json::from_slice(&issued.stdout).unwrap();
    let pairing = issued["pairing"].as_str().unwrap();
    let fingerprint = hub.fingerprint().unwrap().to_string();
    assert_eq!(
        pairing,
        format!(
            "fairdesk://{}?fp={fingerprint}&t={}",
            hub.addr(),
            issued["token"].as_str().unwrap()
        )
    );
    let ok = app(fair.dir.path(), &["--pair", pairing, "--check"]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(stdout.starts_with("ok: the hub at https://"), "{stdout}");

    // The text form shows the same string, and a QR of it.
    let shown = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["token", "--db"])
        .arg(&fair.db)
        .args(["--role", "board", "--address", "10.0.0.5:7878"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains(&format!(
            "pair:  fairdesk://10.0.0.5:7878?fp={fingerprint}&t="
        )),
        "{shown}"
    );
    let bad = app(
        fair.dir.path(),
        &["--pair", "fairdesk://10.0.0.5:7878?t=ab", "--check"],
    );
    refused(&bad, "", "no fingerprint");
}

#[test]
fn a_connection_that_never_finishes_its_handshake_is_closed_and_others_still_pair() {
    let fair = TestFair::new();
    let options = ServeOptions {
        handshake_timeout: Duration::from_secs(1),
        max_connections: 4,
        ..ServeOptions::default()
    };
    let hub = RunningHub::start_secured(&fair.db, "127.0.0.1:0", options, false).unwrap();
    // One sends nothing; one starts a TLS record and stalls.
    let silent = TcpStream::connect(hub.addr()).unwrap();
    let mut stalled = TcpStream::connect(hub.addr()).unwrap();
    stalled.write_all(&[0x16, 0x03, 0x01, 0x02]).unwrap();
    // Meanwhile a paired station is served.
    let kiosk = client(&hub, &fair.token(Role::Kiosk, None));
    assert_eq!(kiosk.whoami().unwrap().role, Role::Kiosk);
    thread::sleep(Duration::from_millis(2500));
    assert!(
        closed_by_hub(&silent),
        "a silent connection outlived the handshake timeout"
    );
    assert!(
        closed_by_hub(&stalled),
        "a stalled handshake outlived its timeout"
    );
    // At the cap of 4, stalled handshakes are displaced for a new station.
    let flood: Vec<TcpStream> = (0..8)
        .map(|_| TcpStream::connect(hub.addr()).unwrap())
        .collect();
    let fresh = client(&hub, &fair.token(Role::Board, None));
    assert_eq!(fresh.whoami().unwrap().role, Role::Board);
    drop(flood);
    hub.stop();
}

// ---- the real binary --------------------------------------------------------------------

fn app(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .current_dir(dir)
        .arg("app")
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

/// Exit code 1 and exactly one line on stderr containing `expected`, without the token.
fn refused(output: &Output, token: &str, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert!(!stderr.contains("panick"));
    assert!(
        token.is_empty() || !stderr.contains(token),
        "the token leaked"
    );
}

#[test]
fn a_station_token_stops_at_the_end_of_the_event_day_unless_issued_for_days() {
    use chrono::{Duration as Days, Utc};
    use fairdesk::hub::auth;
    use fairdesk::store::TokenStore;

    let fair = TestFair::new();
    let hub = fair.start_tls();
    let store = TokenStore::open(&fair.db).unwrap();
    let now = Utc::now();
    // The demo fair is today: the token ends at the next midnight in Vietnam (UTC+7).
    let end = auth::expiry(&store, now, None).unwrap().unwrap();
    assert!(end > now && end <= now + Days::hours(24), "{end}");
    assert_eq!(end.timestamp() % 3600, (24 - 7) * 3600 % 3600);
    let week = auth::expiry(&store, now, Some(7)).unwrap().unwrap();
    assert_eq!(week, now + Days::days(7));

    let fresh = auth::issue_until(&store, Role::Kiosk, None, now, Some(end)).unwrap();
    assert_eq!(
        client(&hub, &fresh.token).whoami().unwrap().role,
        Role::Kiosk
    );
    let yesterday = now - Days::days(1);
    let old = auth::issue_until(&store, Role::Kiosk, None, yesterday, Some(now)).unwrap();
    match client(&hub, &old.token).whoami() {
        Err(FairError::Forbidden { message }) => assert!(message.contains("expired"), "{message}"),
        other => panic!("{other:?}"),
    }

    // The command line: the end of the day by default, --days for longer.
    let issued = |extra: &[&str]| -> serde_json::Value {
        let out = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
            .args(["token", "--db"])
            .arg(&fair.db)
            .args(["--role", "board", "--json"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let until = |v: &serde_json::Value| {
        v["expires_at"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<Utc>>()
            .unwrap()
    };
    assert!(until(&issued(&[])) <= Utc::now() + Days::hours(24));
    assert!(until(&issued(&["--days", "3"])) > Utc::now() + Days::days(2));
    hub.stop();
}

#[test]
fn an_organiser_token_limited_to_an_address_range_works_only_from_inside_it() {
    use fairdesk::hub::address_range::AddressRange;
    use fairdesk::hub::auth;
    use fairdesk::store::TokenStore;

    let fair = TestFair::new();
    let hub = fair.start_tls();
    let store = TokenStore::open(&fair.db).unwrap();
    let now = chrono::Utc::now();
    let limited = |range: &str| {
        let range: AddressRange = range.parse().unwrap();
        auth::issue_limited(&store, Role::Organiser, None, now, None, Some(range))
            .unwrap()
            .token
    };
    // The test's stations connect from loopback.
    let inside = client(&hub, &limited("127.0.0.0/8"));
    assert_eq!(inside.whoami().unwrap().role, Role::Organiser);
    assert!(inside.report(ReportRange::all()).is_ok());
    let outside = client(&hub, &limited("192.168.1.0/24"));
    match outside.report(ReportRange::all()) {
        Err(FairError::Forbidden { message }) => {
            assert!(
                message.contains("may not be used from this station's address"),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
    // Only organiser tokens take a range.
    let range: AddressRange = "127.0.0.1".parse().unwrap();
    assert!(auth::issue_limited(&store, Role::Kiosk, None, now, None, Some(range)).is_err());
    let out = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["token", "--db"])
        .arg(&fair.db)
        .args([
            "--role",
            "organiser",
            "--json",
            "--allow-from",
            "10.0.0.0/33",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-from"));
    hub.stop();
}
