//! The hub's connections under a hostile LAN (issue 12): idle and slow sockets beyond the
//! connection cap do not stop health or check-ins, waiting sockets close after the idle and
//! header timeouts, long-polls count against the cap without being displaced, and error
//! replies either keep a keep-alive connection usable or say `Connection: close`, with the
//! hub's JSON error even for heads too long to parse.

mod hub_common;

use std::io::Write;
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use fairdesk::api::{CheckinRequest, CheckinStatus, FairApi};
use fairdesk::hub::auth::Role;
use fairdesk::hub::{RunningHub, ServeOptions};
use hub_common::raw::{self, closed_by_hub};
use hub_common::*;

fn start(fair: &TestFair, max_connections: usize, idle: Duration, header: Duration) -> RunningHub {
    let options = ServeOptions {
        max_connections,
        idle_timeout: idle,
        header_read_timeout: header,
        ..ServeOptions::default()
    };
    RunningHub::start_with(&fair.db, "127.0.0.1:0", options).unwrap()
}

fn health_status(hub: &RunningHub) -> Result<u16, ureq::Error> {
    // A fresh agent: a new connection, as a new station would open.
    raw_agent()
        .get(&format!("{}/api/v1/health", hub.url()))
        .call()
        .map(|r| r.status().as_u16())
}

#[test]
fn idle_and_half_sent_sockets_beyond_the_cap_leave_health_and_checkins_answering() {
    let fair = TestFair::new();
    let cap = 8;
    let idle = Duration::from_secs(3);
    let hub = start(&fair, cap, idle, Duration::from_secs(2));
    // Three times the cap: half send nothing, half start a request head and stall.
    let mut flood: Vec<TcpStream> = Vec::new();
    for i in 0..3 * cap {
        let mut socket = TcpStream::connect(hub.addr()).unwrap();
        if i % 2 == 1 {
            socket
                .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: hub\r\nX-Slow: ")
                .unwrap();
        }
        flood.push(socket);
    }

    let asked = Instant::now();
    assert_eq!(health_status(&hub).unwrap(), 200);
    let kiosk = client(&hub, &fair.token(Role::Kiosk, None));
    let person = fair.attendee(3);
    let outcome = kiosk
        .checkin(CheckinRequest::entry(person.id_number.unwrap(), "kiosk-1"))
        .unwrap();
    assert_eq!(outcome.status, CheckinStatus::CheckedIn);
    // Answered by displacing idle sockets, not by waiting for them to time out.
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "{:?}",
        asked.elapsed()
    );
    let open = flood.iter().filter(|s| !closed_by_hub(s)).count();
    assert!(
        open < cap,
        "{open} of the flood still open with a cap of {cap}"
    );

    // The rest close once the idle timeout (and the header timeout) has passed.
    thread::sleep(idle + Duration::from_millis(1500));
    let open = flood.iter().filter(|s| !closed_by_hub(s)).count();
    assert_eq!(open, 0, "idle sockets left open after the idle timeout");
    assert_eq!(health_status(&hub).unwrap(), 200);
    hub.stop();
}

#[test]
fn waiting_sockets_close_after_the_idle_timeout_and_slow_heads_after_the_header_timeout() {
    let fair = TestFair::new();
    let idle = Duration::from_secs(3);
    let header = Duration::from_millis(500);
    let hub = start(&fair, 64, idle, header);

    let silent = TcpStream::connect(hub.addr()).unwrap();
    let mut kept_alive = raw::connect(hub.addr());
    let reply = raw::exchange(&mut kept_alive, &raw::get("/api/v1/health", None));
    assert_eq!(reply.status, 200);
    assert!(!reply.closes());
    let mut slow = TcpStream::connect(hub.addr()).unwrap();
    slow.write_all(b"GET /api/v1/health HTTP/1.1\r\n").unwrap();
    let started = Instant::now();
    // A byte every 100 ms does not keep a head alive past the header timeout.
    while started.elapsed() < header + Duration::from_millis(400) {
        let _ = slow.write_all(b"X");
        thread::sleep(Duration::from_millis(100));
    }
    assert!(
        closed_by_hub(&slow),
        "a head sent too slowly was not cut off"
    );
    assert!(!closed_by_hub(&silent), "closed before the idle timeout");
    assert!(
        !closed_by_hub(&kept_alive),
        "closed before the idle timeout"
    );
    // Still usable before the idle timeout.
    let reply = raw::exchange(&mut kept_alive, &raw::get("/api/v1/health", None));
    assert_eq!(reply.status, 200);

    thread::sleep(idle + Duration::from_secs(1));
    assert!(
        closed_by_hub(&silent),
        "a silent socket outlived the idle timeout"
    );
    assert!(
        closed_by_hub(&kept_alive),
        "an idle keep-alive outlived the idle timeout"
    );
    hub.stop();
}

#[test]
fn long_polls_hold_their_place_at_the_cap_and_a_new_connection_is_refused_quickly() {
    let fair = TestFair::new();
    let cap = 4;
    let hub = start(&fair, cap, Duration::from_secs(20), Duration::from_secs(5));
    let board = fair.token(Role::Board, None);
    let since = fair.fair().change_counter().unwrap();
    let url = format!("{}/api/v1/changes?since={since}&wait=20", hub.url());
    let polls: Vec<_> = (0..cap)
        .map(|_| {
            let (url, auth) = (url.clone(), format!("Bearer {board}"));
            thread::spawn(move || {
                let started = Instant::now();
                // A connection accepted but not yet asking counts as idle, and the health
                // probes below may displace it at the cap; a station then simply asks again.
                let mut reply = (0..5)
                    .find_map(|_| {
                        raw_agent()
                            .get(&url)
                            .header("Authorization", &auth)
                            .call()
                            .ok()
                    })
                    .expect("the long-poll is answered");
                let body: serde_json::Value =
                    serde_json::from_str(&reply.body_mut().read_to_string().unwrap()).unwrap();
                (body["counter"].as_u64().unwrap(), started.elapsed())
            })
        })
        .collect();

    // Once every place is taken by a request in progress, a new connection is closed at once
    // rather than left waiting or making the hub's accept fail. (Until all the long-polls
    // have arrived, health still finds a free place.)
    let waiting = Instant::now();
    loop {
        let asked = Instant::now();
        match health_status(&hub) {
            Err(_) => {
                assert!(
                    asked.elapsed() < Duration::from_secs(2),
                    "{:?}",
                    asked.elapsed()
                );
                break;
            }
            Ok(status) => assert_eq!(status, 200),
        }
        assert!(
            waiting.elapsed() < Duration::from_secs(10),
            "a connection beyond the cap was still served"
        );
        thread::sleep(Duration::from_millis(100));
    }

    // A change answers the long-polls; their connections then wait idle and make room.
    let person = fair.attendee(4);
    hub.hub()
        .fair()
        .checkin(CheckinRequest::entry(person.id_number.unwrap(), "kiosk-1"))
        .unwrap();
    for poll in polls {
        let (counter, waited) = poll.join().unwrap();
        assert!(counter > since);
        assert!(waited < Duration::from_secs(5), "{waited:?}");
    }
    assert_eq!(health_status(&hub).unwrap(), 200);
    hub.stop();
}

#[test]
fn stopping_answers_long_polls_at_once_and_closes_idle_connections() {
    let fair = TestFair::new();
    let hub = start(&fair, 16, Duration::from_secs(20), Duration::from_secs(5));
    let board = fair.token(Role::Board, None);
    let since = fair.fair().change_counter().unwrap();
    let mut poll = raw::connect(hub.addr());
    raw::send(
        &mut poll,
        &raw::get(
            &format!("/api/v1/changes?since={since}&wait=20"),
            Some(&board),
        ),
    );
    let idle = TcpStream::connect(hub.addr()).unwrap();
    thread::sleep(Duration::from_millis(300));
    let stopping = Instant::now();
    hub.stop();
    assert!(
        stopping.elapsed() < Duration::from_secs(3),
        "{:?}",
        stopping.elapsed()
    );
    let reply = raw::read_reply(&mut poll);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["counter"].as_u64(), Some(since));
    assert!(closed_by_hub(&idle));
}

#[test]
fn error_replies_keep_the_connection_usable_or_say_connection_close() {
    let fair = TestFair::new();
    let hub = fair.start();
    let token = fair.token(Role::Kiosk, None);
    let health = raw::get("/api/v1/health", None);
    let mut conn = raw::connect(hub.addr());

    // Replies given before or without reading the body: the body was read all the same, so
    // the next request on the connection is answered.
    let cases: Vec<(Vec<u8>, u16, &str)> = vec![
        (
            raw::post(
                "/api/v1/checkin",
                Some(&token),
                "text/plain",
                "{\"scan\": \"x\"}",
            ),
            415,
            "unsupported_media_type",
        ),
        (
            raw::post(
                "/api/v1/checkin",
                None,
                "application/json",
                "{\"scan\": \"x\"}",
            ),
            401,
            "unauthorized",
        ),
        (
            raw::post("/api/v1/nowhere", Some(&token), "application/json", "{}"),
            404,
            "not_found",
        ),
        (
            raw::post("/api/v1/health", None, "application/json", "{\"a\": 1}"),
            405,
            "method_not_allowed",
        ),
        (
            raw::post(
                "/api/v1/checkin",
                Some(&token),
                "application/json",
                "{\"scan\": ",
            ),
            400,
            "malformed_json",
        ),
    ];
    for (request, status, code) in cases {
        let reply = raw::exchange(&mut conn, &request);
        assert_eq!(reply.status, status, "{code}: {reply:?}");
        assert_eq!(reply.json()["code"], code);
        assert!(!reply.closes(), "{code}: closed needlessly");
        let next = raw::exchange(&mut conn, &health);
        assert_eq!(next.status, 200, "after {code}");
    }

    // A body too large to read: 413, and the hub says it closes the connection.
    let mut conn = raw::connect(hub.addr());
    raw::send(
        &mut conn,
        format!(
            "POST /api/v1/checkin HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: 200000\r\n\r\n"
        )
        .as_bytes(),
    );
    let reply = raw::read_reply(&mut conn);
    assert_eq!(reply.status, 413);
    assert_eq!(reply.json()["code"], "payload_too_large");
    assert!(reply.closes(), "{reply:?}");

    // The same without a length: a chunked body that runs past the limit.
    let mut conn = raw::connect(hub.addr());
    let chunk = "x".repeat(70 * 1024);
    raw::send(
        &mut conn,
        format!(
            "POST /api/v1/checkin HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n\
             {:x}\r\n{chunk}\r\n",
            chunk.len()
        )
        .as_bytes(),
    );
    let reply = raw::read_reply(&mut conn);
    assert_eq!(reply.status, 413);
    assert!(reply.closes(), "{reply:?}");
    hub.stop();
}

#[test]
fn heads_too_long_get_the_json_error_and_connection_close() {
    let fair = TestFair::new();
    let hub = fair.start();
    // Over the hub's limit, and over hyper's own (64 KiB), which hyper would answer bare.
    for length in [10 * 1024, 100 * 1024] {
        let mut conn = raw::connect(hub.addr());
        let query = "x".repeat(length);
        let reply = raw::exchange(
            &mut conn,
            &raw::get(&format!("/api/v1/health?q={query}"), None),
        );
        assert_eq!(reply.status, 414, "{length}");
        assert_eq!(reply.json()["code"], "uri_too_long");
        assert!(reply.json()["message"].is_string());
        assert!(reply.closes());
    }
    let mut conn = raw::connect(hub.addr());
    let header = format!("X-Big: {}\r\n", "y".repeat(1000));
    let request = format!(
        "GET /api/v1/health HTTP/1.1\r\nHost: hub\r\n{}\r\n",
        header.repeat(40)
    );
    let reply = raw::exchange(&mut conn, request.as_bytes());
    assert_eq!(reply.status, 431);
    assert_eq!(reply.json()["code"], "headers_too_large");
    assert!(reply.closes());

    // A long but acceptable request line still reaches the router.
    let mut conn = raw::connect(hub.addr());
    let query = "x".repeat(7 * 1024);
    let reply = raw::exchange(
        &mut conn,
        &raw::get(&format!("/api/v1/health?q={query}"), None),
    );
    assert_eq!(reply.status, 200);
    hub.stop();
}

/// The probe's attack on the real `fairdesk serve` with the common 1,024-file limit (soft and
/// hard): 1,500 idle sockets, where about 1,015 used to stop the hub with "Too many open files".
#[cfg(unix)]
#[test]
fn the_real_hub_at_a_1024_file_limit_outlasts_1500_idle_sockets() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::sync::{Arc, Mutex};

    // This process holds the sockets: it needs room for them.
    let own_limit = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(0);
    let sockets = 1500.min(own_limit.saturating_sub(200)) as usize;
    if sockets < 1100 {
        eprintln!("skipped: this process may open only {own_limit} files");
        return;
    }
    let fair = TestFair::new();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -n 1024 && exec \"$0\" serve --db \"$1\" --bind 127.0.0.1:0")
        .arg(env!("CARGO_BIN_EXE_fairdesk"))
        .arg(&fair.db)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    // The real hub speaks HTTPS: "listening on https://ADDR (certificate fingerprint FP; …".
    let words: Vec<&str> = line.split_whitespace().collect();
    let url = words
        .iter()
        .find(|w| w.starts_with("https://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let pin: fairdesk::hub::tls::Fingerprint = words
        .iter()
        .position(|w| *w == "fingerprint")
        .and_then(|at| words.get(at + 1))
        .and_then(|fp| fp.trim_end_matches(';').parse().ok())
        .unwrap_or_else(|| panic!("no fingerprint in {line:?}"));
    let logged = Arc::new(Mutex::new(String::new()));
    let log = Arc::clone(&logged);
    thread::spawn(move || {
        let mut next = String::new();
        while reader.read_line(&mut next).is_ok_and(|n| n > 0) {
            log.lock().unwrap().push_str(&next);
            next.clear();
        }
    });
    let addr: std::net::SocketAddr = url.trim_start_matches("https://").parse().unwrap();

    // Before the fix the hub stopped accepting at about 1,015, its backlog filled, and the
    // next connection attempts timed out.
    let flood: Vec<TcpStream> = (0..sockets)
        .map(|i| {
            TcpStream::connect_timeout(&addr, Duration::from_secs(5))
                .unwrap_or_else(|e| panic!("socket {i}: {e}"))
        })
        .collect();
    let kiosk =
        fairdesk::hub::HubClient::pinned(&url, &fair.token(Role::Kiosk, None), pin).unwrap();
    let health = kiosk.health();
    let person = fair.attendee(2);
    let checkin = kiosk.checkin(CheckinRequest::entry(person.id_number.unwrap(), "kiosk-1"));
    let open = flood.iter().filter(|s| !closed_by_hub(s)).count();
    drop(flood);
    let _ = child.kill();
    let _ = child.wait();

    assert!(health.is_ok(), "{health:?}");
    assert_eq!(checkin.unwrap().status, CheckinStatus::CheckedIn);
    // The cap keeps the hub's files below its limit.
    assert!(open < 1024 - 100, "{open} idle sockets kept open");
    let logged = logged.lock().unwrap();
    assert!(!logged.contains("Too many open files"), "{logged}");
}
