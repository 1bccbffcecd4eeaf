//! The organiser PIN over the hub (issue 12): wrong PINs lock the token and the address they
//! come from with 429 and `Retry-After`, and a PIN stored in the old SHA-256 form still opens
//! the event and is upgraded to Argon2id on the first right PIN.

mod hub_common;

use std::net::{SocketAddr, TcpStream};

use fairdesk::api::{FairApi, FairError};
use fairdesk::demo::DEMO_PIN;
use fairdesk::hub::auth::Role;
use hub_common::raw::{self, Reply};
use hub_common::*;
use sha2::{Digest, Sha256};

/// A connection to the hub from `source` (another loopback address is another station).
fn connect_from(source: &str, hub: SocketAddr) -> TcpStream {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap();
    let stream = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(format!("{source}:0").parse().unwrap()).unwrap();
        socket.connect(hub).await.unwrap().into_std().unwrap()
    });
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    stream
}

fn try_pin(conn: &mut TcpStream, token: &str, pin: &str) -> Reply {
    let body = serde_json::json!({ "pin": pin }).to_string();
    raw::exchange(
        conn,
        &raw::post("/api/v1/pin", Some(token), "application/json", &body),
    )
}

fn assert_locked(reply: &Reply) {
    assert_eq!(reply.status, 429, "{reply:?}");
    let body = reply.json();
    assert_eq!(body["code"], "too_many_attempts");
    assert!(body["message"].is_string());
    let wait: u64 = reply.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    assert_eq!(body["retry_after_s"].as_u64(), Some(wait));
}

#[test]
fn wrong_pins_lock_the_token_and_the_station_with_429() {
    let fair = TestFair::new();
    let hub = fair.start();
    let board = fair.token(Role::Board, None);
    let mut here = raw::connect(hub.addr());

    for guess in ["0000", "0001", "0002", "0003", "0004"] {
        let reply = try_pin(&mut here, &board, guess);
        assert_eq!(reply.status, 200, "{reply:?}");
        assert_eq!(reply.json()["ok"], false);
    }
    // Locked: even the right PIN is refused, and not checked.
    assert_locked(&try_pin(&mut here, &board, DEMO_PIN));
    // The connection stays usable after a 429.
    assert_eq!(
        raw::exchange(&mut here, &raw::get("/api/v1/health", None)).status,
        200
    );

    // Per station: another token from the same address is locked out too.
    let kiosk = fair.token(Role::Kiosk, None);
    assert_locked(&try_pin(&mut here, &kiosk, DEMO_PIN));
    // Per token: the same token from another station is locked out too.
    let mut elsewhere = connect_from("127.0.0.2", hub.addr());
    assert_locked(&try_pin(&mut elsewhere, &board, DEMO_PIN));
    // Another token at another station is not.
    let reply = try_pin(&mut elsewhere, &kiosk, DEMO_PIN);
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.json()["ok"], true);

    // A client sees the lock as a refusal, not as a hub that went away (so an offline kiosk
    // does not fall back to its own copy of the PIN).
    // The wait comes with it, for the screens to say "try again in N s".
    match client(&hub, &board).verify_pin(DEMO_PIN) {
        Err(FairError::TooManyAttempts { retry_after_s }) => {
            assert!((1..=30).contains(&retry_after_s), "{retry_after_s}")
        }
        other => panic!("{other:?}"),
    }
    hub.stop();
}

fn try_pin_change(conn: &mut TcpStream, token: &str, old: &str, new: &str) -> Reply {
    let body = serde_json::json!({
        "change": "change_pin", "old": old, "new": new, "repeat": new,
    });
    raw::exchange(
        conn,
        &raw::post(
            "/api/v1/setup",
            Some(token),
            "application/json",
            &body.to_string(),
        ),
    )
}

#[test]
fn guessing_the_old_pin_through_a_pin_change_is_locked_out_too() {
    let fair = TestFair::new();
    let hub = fair.start();
    let organiser = fair.token(Role::Organiser, None);
    let mut here = raw::connect(hub.addr());
    for guess in ["0000", "0001", "0002", "0003", "0004"] {
        let reply = try_pin_change(&mut here, &organiser, guess, "24680");
        assert_eq!(reply.status, 422, "{reply:?}");
    }
    // Locked: even the right old PIN is refused, and the PIN stays as it was.
    assert_locked(&try_pin_change(&mut here, &organiser, DEMO_PIN, "24680"));
    assert!(fair.fair().verify_pin(DEMO_PIN).unwrap());
    // One guard for both routes: the PIN check is locked for this token and address too.
    assert_locked(&try_pin(&mut here, &organiser, DEMO_PIN));

    // Another organiser station changes the PIN; a right change clears its keys.
    let other = fair.token(Role::Organiser, None);
    let mut elsewhere = connect_from("127.0.0.2", hub.addr());
    let reply = try_pin_change(&mut elsewhere, &other, DEMO_PIN, "24680");
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(fair.fair().verify_pin("24680").unwrap());
    for _ in 0..6 {
        let reply = try_pin(&mut elsewhere, &other, "24680");
        assert_eq!(reply.status, 200, "a right PIN is never counted: {reply:?}");
    }
    hub.stop();
}

#[test]
fn a_pin_stored_as_salted_sha256_still_opens_and_is_upgraded_to_argon2() {
    let fair = TestFair::new();
    // What an event created before Argon2 holds: sha256$salt$hex of "fairdesk-pin:salt:PIN".
    let salt = "18c3a5f0e21";
    let digest = Sha256::digest(format!("fairdesk-pin:{salt}:{DEMO_PIN}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let old = format!("sha256${salt}${hex}");
    let stored = || -> String {
        rusqlite::Connection::open(&fair.db)
            .unwrap()
            .query_row("SELECT pin_hash FROM event WHERE id = 1", [], |r| r.get(0))
            .unwrap()
    };
    rusqlite::Connection::open(&fair.db)
        .unwrap()
        .execute("UPDATE event SET pin_hash = ?1 WHERE id = 1", [&old])
        .unwrap();
    let rehashed = || {
        fair.fair()
            .log()
            .unwrap()
            .iter()
            .filter(|row| row.kind == "pin_rehashed")
            .count()
    };

    let hub = fair.start();
    let organiser = client(&hub, &fair.token(Role::Organiser, None));
    assert!(!organiser.verify_pin("1111").unwrap());
    assert_eq!(stored(), old, "a wrong PIN changes nothing");

    assert!(organiser.verify_pin(DEMO_PIN).unwrap());
    let new = stored();
    assert!(new.starts_with("$argon2id$v=19$"), "{new}");
    assert!(!new.contains(DEMO_PIN));
    assert_eq!(rehashed(), 1);
    let log = fair.fair().log().unwrap();
    let row = log.iter().find(|row| row.kind == "pin_rehashed").unwrap();
    assert!(
        !row.data.to_string().contains(DEMO_PIN),
        "no PIN in the log"
    );

    // The upgraded hash opens as before, and is not upgraded again.
    assert!(organiser.verify_pin(DEMO_PIN).unwrap());
    assert!(!organiser.verify_pin("1111").unwrap());
    assert_eq!(stored(), new);
    assert_eq!(rehashed(), 1);
    hub.stop();
}
