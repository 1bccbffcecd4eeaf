//! The hub's token cache (issue 19): tokens are checked from memory once seen, and a
//! revocation still takes effect at once: through the hub on the very next request, from
//! another process (`fairdesk token --revoke`) within the hub's next look at the token table.
//! Expiry is checked on every request, cached or not.

mod hub_common;

use std::time::{Duration, Instant};

use fairdesk::hub::auth::{self, Role};
use fairdesk::store::TokenStore;
use hub_common::*;
use serde_json::json;

/// The status `GET /api/v1/whoami` answers `token` with: the cheapest authenticated request.
fn whoami(agent: &ureq::Agent, base: &str, token: &str) -> u16 {
    send(agent, base, "GET", "/api/v1/whoami", Some(token), None).status
}

fn checkin_body(fair: &TestFair, id: i64) -> serde_json::Value {
    json!({"scan": fair.attendee(id).id_number.unwrap(), "station": "k1"})
}

fn checkins(fair: &TestFair) -> i64 {
    fair.fair().with_store(|s| {
        s.connection()
            .query_row("SELECT COUNT(*) FROM checkin", [], |r| r.get(0))
            .unwrap()
    })
}

#[test]
fn a_revoked_token_is_refused_on_the_very_next_request_with_the_cache_on() {
    let fair = TestFair::new();
    let kiosk = issued(&fair.db, Role::Kiosk, None);
    let organiser = fair.token(Role::Organiser, None);
    let hub = fair.start();
    let agent = raw_agent();
    let base = hub.url();

    let first = send(
        &agent,
        &base,
        "POST",
        "/api/v1/checkin",
        Some(&kiosk.token),
        Some(checkin_body(&fair, 1)),
    );
    assert_eq!(first.status, 200, "{:?}", first.body);
    assert_eq!(whoami(&agent, &base, &kiosk.token), 200);
    // The kiosk's token is now answered from memory: the cache is on for what follows.
    let cached = hub.hub().token_cache().len();
    assert!(cached >= 1, "the kiosk's token should be cached");

    let revoked = send(
        &agent,
        &base,
        "POST",
        &format!("/api/v1/tokens/{}/revoke", kiosk.id),
        Some(&organiser),
        None,
    );
    assert_eq!(revoked.status, 200, "{:?}", revoked.body);

    let before = checkins(&fair);
    let refused = send(
        &agent,
        &base,
        "POST",
        "/api/v1/checkin",
        Some(&kiosk.token),
        Some(checkin_body(&fair, 2)),
    );
    assert_eq!(refused.status, 401, "{:?}", refused.body);
    assert_eq!(refused.body["code"], "unauthorized", "{:?}", refused.body);
    assert_eq!(checkins(&fair), before, "a refused check-in wrote nothing");
    assert_eq!(whoami(&agent, &base, &kiosk.token), 401);

    // Other stations carry on, from the cache again after one lookup.
    assert_eq!(whoami(&agent, &base, &organiser), 200);
    assert_eq!(whoami(&agent, &base, &organiser), 200);
    assert!(!hub.hub().token_cache().is_empty());
}

#[test]
fn a_token_revoked_by_another_process_is_refused_once_the_hub_looks_again() {
    let fair = TestFair::new();
    let kiosk = issued(&fair.db, Role::Kiosk, None);
    let hub = fair.start();
    let agent = raw_agent();
    let base = hub.url();
    assert_eq!(whoami(&agent, &base, &kiosk.token), 200);
    assert!(!hub.hub().token_cache().is_empty());

    // As `fairdesk token --revoke` does, on its own connection.
    TokenStore::open(&fair.db)
        .unwrap()
        .revoke(kiosk.id, chrono::Utc::now())
        .unwrap()
        .unwrap();
    // The hub looks at the token table every quarter second when idle; allow it plenty.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = whoami(&agent, &base, &kiosk.token);
        if status == 401 {
            break;
        }
        assert_eq!(status, 200);
        assert!(
            Instant::now() < deadline,
            "the revoked token is still admitted"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // And once refused, it stays refused.
    assert_eq!(whoami(&agent, &base, &kiosk.token), 401);
}

#[test]
fn a_cached_token_still_expires() {
    let fair = TestFair::new();
    let now = chrono::Utc::now();
    let kiosk = auth::issue_until(
        &TokenStore::open(&fair.db).unwrap(),
        Role::Kiosk,
        None,
        now,
        Some(now + chrono::Duration::milliseconds(1_500)),
    )
    .unwrap();
    let hub = fair.start();
    let agent = raw_agent();
    let base = hub.url();
    let ask = || {
        send(
            &agent,
            &base,
            "GET",
            "/api/v1/whoami",
            Some(&kiosk.token),
            None,
        )
    };
    let first = ask();
    if first.status == 200 {
        assert!(!hub.hub().token_cache().is_empty());
        // Past its end: the same cached row now refuses.
        std::thread::sleep(Duration::from_millis(1_600));
    }
    let late = ask();
    assert_eq!(late.status, 401, "{:?}", late.body);
    assert!(
        late.body["message"]
            .as_str()
            .is_some_and(|m| m.contains("expired")),
        "{:?}",
        late.body
    );
}

#[test]
fn unknown_tokens_are_not_kept() {
    let fair = TestFair::new();
    let hub = fair.start();
    let agent = raw_agent();
    let base = hub.url();
    for i in 0..20 {
        let guess = format!("{i:064x}");
        assert_eq!(whoami(&agent, &base, &guess), 401);
    }
    assert!(hub.hub().token_cache().is_empty());
}

/// A booth's desk actions are authorised from memory once the desk's booth was read: the
/// remembered desk still refuses every other booth, and nothing of a refusal is written.
#[test]
fn a_remembered_desk_still_refuses_another_booths_token() {
    let fair = TestFair::new();
    let booth_a = fair.token(Role::Booth, Some("A"));
    let booth_b = fair.token(Role::Booth, Some("B"));
    let hub = fair.start();
    let agent = raw_agent();
    let base = hub.url();
    for round in 0..3 {
        // Booth A's own desk: the first call reads its booth, the later ones remember it.
        let own = send(
            &agent,
            &base,
            "POST",
            "/api/v1/desks/A1/call",
            Some(&booth_a),
            None,
        );
        assert_eq!(own.status, 200, "round {round}: {:?}", own.body);
        let log = fair.fair().log().unwrap().len();
        for path in ["/api/v1/desks/A1/call", "/api/v1/desks/A1/pause"] {
            let other = send(&agent, &base, "POST", path, Some(&booth_b), None);
            assert_eq!(other.status, 403, "round {round}, {path}: {:?}", other.body);
        }
        assert_eq!(fair.fair().log().unwrap().len(), log, "a refusal wrote");
    }
}
