//! Every text field of every request has a length limit (issue 12, item 5): a field over it
//! is refused whole with 422 `too_long` naming the field, and nothing of the request is
//! stored. Scans keep their own rule: over 512 bytes is a rejected scan, logged without its
//! text.

mod hub_common;

use std::sync::Arc;

use fairdesk::api::*;
use fairdesk::domain::limits;
use fairdesk::fair::{Refusal, SetupApi, SetupChange, SetupError};
use fairdesk::hub::auth::Role;
use fairdesk::hub::{KioskCheckin, OfflineKiosk};
use fairdesk::store::OutboxStore;
use hub_common::*;
use serde_json::{Value, json};

/// 60 KB, what the hostile kiosk sent.
fn huge() -> String {
    "x".repeat(60_000)
}

fn assert_too_long(reply: &Reply, field: &str, what: &str) {
    assert_eq!(reply.status, 422, "{what}: {}", reply.body);
    assert_eq!(reply.body["code"], "too_long", "{what}: {}", reply.body);
    assert_eq!(reply.body["field"], field, "{what}: {}", reply.body);
    let message = reply.body["message"].as_str().unwrap();
    assert!(message.contains(field) && message.len() < 100, "{message}");
}

#[test]
fn an_overlong_field_anywhere_is_refused_by_name_and_nothing_is_stored() {
    let fair = TestFair::new();
    let hub = fair.start();
    let agent = raw_agent();
    let base = hub.url();
    let kiosk = fair.token(Role::Kiosk, None);
    let booth = fair.token(Role::Booth, Some("A"));
    let organiser = fair.token(Role::Organiser, None);
    let api = client(&hub, &kiosk);
    let person = fair.attendee(4);
    let id_number = person.id_number.clone().unwrap();
    api.checkin(CheckinRequest::entry(id_number.clone(), "k"))
        .unwrap();
    let ticket = api.issue_ticket(&person.code, "A", None).unwrap().ticket;
    client(&hub, &booth).call_next("A1").unwrap().unwrap();
    let code = &person.code;
    let too_long_code = "A".repeat(limits::CODE + 1);

    let before = snapshot(&fair.db);
    let size_before = std::fs::metadata(&fair.db).unwrap().len();
    // (token, method, path, body, the field named)
    let cases: Vec<(&str, &str, String, Option<Value>, &str)> = vec![
        (
            &kiosk,
            "POST",
            "/api/v1/checkin".into(),
            Some(json!({"scan": id_number, "station": huge()})),
            "station",
        ),
        (
            &kiosk,
            "POST",
            "/api/v1/checkin".into(),
            Some(json!({"scan": id_number, "station": "k".repeat(limits::STATION + 1)})),
            "station",
        ),
        (
            &kiosk,
            "POST",
            "/api/v1/checkin".into(),
            Some(json!({"scan": id_number, "idempotency_key": huge()})),
            "idempotency_key",
        ),
        (
            &kiosk,
            "PATCH",
            format!("/api/v1/attendees/{code}"),
            Some(json!({"full_name": "Ấ".repeat(limits::NAME + 1)})),
            "full_name",
        ),
        (
            &kiosk,
            "PATCH",
            format!("/api/v1/attendees/{code}"),
            Some(json!({"education": huge()})),
            "education",
        ),
        (
            &kiosk,
            "PATCH",
            format!("/api/v1/attendees/{code}"),
            Some(json!({"phone": huge()})),
            "phone",
        ),
        (
            &kiosk,
            "PATCH",
            format!("/api/v1/attendees/{code}"),
            Some(json!({"interests": vec!["Điện tử"; limits::INTERESTS + 1]})),
            "interests",
        ),
        (
            &kiosk,
            "PATCH",
            format!("/api/v1/attendees/{code}"),
            Some(json!({"interests": ["May mặc", huge()]})),
            "interests",
        ),
        (
            &kiosk,
            "POST",
            "/api/v1/tickets".into(),
            Some(json!({"attendee": code, "booth": "B", "station": huge()})),
            "station",
        ),
        (
            &kiosk,
            "POST",
            "/api/v1/tickets".into(),
            Some(json!({"attendee": huge(), "booth": "B"})),
            "attendee",
        ),
        (
            &kiosk,
            "POST",
            "/api/v1/tickets".into(),
            Some(json!({"attendee": code, "booth": huge()})),
            "booth",
        ),
        (
            &kiosk,
            "GET",
            format!("/api/v1/attendees/{too_long_code}"),
            None,
            "attendee",
        ),
        (
            &kiosk,
            "GET",
            format!("/api/v1/attendees/{too_long_code}/suggestions"),
            None,
            "attendee",
        ),
        (
            &booth,
            "POST",
            "/api/v1/desks/A1/finish".into(),
            Some(json!({"outcome": "hired", "note": "ư".repeat(limits::NOTE + 1)})),
            "note",
        ),
        (
            &booth,
            "POST",
            "/api/v1/desks/A1/act".into(),
            Some(json!({"action": "finish", "outcome": "hired", "note": huge()})),
            "note",
        ),
        (
            &booth,
            "POST",
            format!("/api/v1/tickets/{ticket}/act"),
            Some(json!({"action": "transfer", "booth": huge()})),
            "booth",
        ),
        (
            &booth,
            "POST",
            format!("/api/v1/tickets/{too_long_code}/act"),
            Some(json!({"action": "cancel"})),
            "ticket",
        ),
        (
            &booth,
            "GET",
            format!("/api/v1/desks/{too_long_code}"),
            None,
            "desk",
        ),
        (
            &booth,
            "POST",
            format!("/api/v1/desks/{too_long_code}/call"),
            None,
            "desk",
        ),
        (
            &kiosk,
            "POST",
            "/api/v1/pin".into(),
            Some(json!({"pin": huge()})),
            "pin",
        ),
        (
            &organiser,
            "POST",
            "/api/v1/tokens".into(),
            Some(json!({"role": "booth", "booth": huge()})),
            "booth",
        ),
    ];
    for (token, method, path, body, field) in cases {
        let reply = send(&agent, &base, method, &path, Some(token), body);
        assert_too_long(&reply, field, &format!("{method} {path}"));
    }

    // The organiser's setup changes: refused with the refusal naming the field.
    let setup_cases: Vec<(Value, &str)> = vec![
        (
            json!({"change": "rename_desk", "desk": "A1", "label": "B".repeat(limits::SETUP_TEXT + 1)}),
            "label",
        ),
        (
            json!({"change": "update_booth", "code": "A", "name": huge(), "location": ""}),
            "name",
        ),
        (
            json!({"change": "update_booth", "code": "A", "name": "Tên", "location": huge()}),
            "location",
        ),
        (
            json!({"change": "create_booth", "code": huge(), "name": "X", "kind": "employer", "desks": 1}),
            "code",
        ),
        (
            json!({"change": "add_vacancy", "booth": "A",
                   "vacancy": {"title": "Thợ", "count": 1, "requirements": huge()}}),
            "requirements",
        ),
        (
            json!({"change": "add_vacancy", "booth": "A",
                   "vacancy": {"title": "Thợ", "count": 1, "wage": huge()}}),
            "wage",
        ),
        (
            json!({"change": "update_event", "details": {"name": "Hội", "venue": huge(), "date": "2026-11-27"}}),
            "venue",
        ),
        (
            json!({"change": "change_pin", "old": huge(), "new": "2468", "repeat": "2468"}),
            "old",
        ),
        (json!({"change": "add_desk", "booth": huge()}), "booth"),
    ];
    for (body, field) in setup_cases {
        let reply = send(
            &agent,
            &base,
            "POST",
            "/api/v1/setup",
            Some(&organiser),
            Some(body.clone()),
        );
        assert_eq!(reply.status, 422, "{body}: {}", reply.body);
        assert_eq!(reply.body["code"], "refused", "{}", reply.body);
        assert_eq!(
            reply.body["refusal"]["reason"], "too_long",
            "{}",
            reply.body
        );
        assert_eq!(reply.body["refusal"]["field"], field, "{}", reply.body);
    }

    assert_eq!(
        snapshot(&fair.db),
        before,
        "nothing of a refused request is stored"
    );
    let grown = std::fs::metadata(&fair.db)
        .unwrap()
        .len()
        .saturating_sub(size_before);
    assert!(grown < 64 * 1024, "the database grew by {grown} bytes");

    // At the limit is still fine.
    let at_limit = send(
        &agent,
        &base,
        "PATCH",
        &format!("/api/v1/attendees/{code}"),
        Some(&kiosk),
        Some(
            json!({"full_name": "Ấ".repeat(limits::NAME), "interests": vec!["x"; limits::INTERESTS]}),
        ),
    );
    assert_eq!(at_limit.status, 200, "{}", at_limit.body);
    let note = "ư".repeat(limits::NOTE);
    let started = send(
        &agent,
        &base,
        "POST",
        "/api/v1/desks/A1/start",
        Some(&booth),
        None,
    );
    assert_eq!(started.status, 200, "{}", started.body);
    let finished = send(
        &agent,
        &base,
        "POST",
        "/api/v1/desks/A1/finish",
        Some(&booth),
        Some(json!({"outcome": "hired", "note": note})),
    );
    assert_eq!(finished.status, 200, "{}", finished.body);
    assert_eq!(finished.body["note"], note.as_str(), "kept whole, not cut");
    hub.stop();
}

#[test]
fn a_huge_scan_is_a_rejected_scan_logged_without_its_text() {
    let fair = TestFair::new();
    let hub = fair.start();
    let kiosk = fair.token(Role::Kiosk, None);
    let scan = format!("{}|", "9".repeat(60_000));
    let reply = send(
        &raw_agent(),
        &hub.url(),
        "POST",
        "/api/v1/checkin",
        Some(&kiosk),
        Some(json!({"scan": scan, "station": "kiosk-1"})),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["status"], "rejected");
    assert_eq!(reply.body["reason"], "too_long");
    let log = fair.fair().log().unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.kind, "rejected_scan");
    let row = format!("{:?} {}", last.station, last.data);
    assert!(row.len() < 200, "{row}");
    assert!(!row.contains("99999"), "{row}");
    hub.stop();
}

/// The limits hold where requests enter without the hub too: the engine a local station or the
/// command line uses, and a kiosk's outbox while the hub is away.
#[test]
fn the_engine_and_a_kiosk_outbox_keep_the_same_limits() {
    let fair = TestFair::new();
    let engine = fair.fair();
    let person = fair.attendee(6);
    let request = CheckinRequest {
        idempotency_key: Some(huge()),
        ..CheckinRequest::entry(person.id_number.clone().unwrap(), "cli")
    };
    assert_eq!(
        engine.checkin(request).unwrap_err(),
        FairError::TooLong {
            field: "idempotency_key".into(),
            max: limits::IDEMPOTENCY_KEY
        }
    );
    let long_code = "K".repeat(500);
    assert!(matches!(
        engine.issue_ticket(&long_code, "A", None),
        Err(FairError::TooLong { field, .. }) if field == "attendee"
    ));
    assert!(matches!(
        engine.verify_pin(&huge()),
        Err(FairError::TooLong { field, .. }) if field == "pin"
    ));
    let rename = SetupChange::RenameDesk {
        desk: "A1".into(),
        label: huge(),
    };
    assert!(matches!(
        engine.apply_setup(rename),
        Err(SetupError::Refused(Refusal::TooLong { field })) if field == "label"
    ));

    // A kiosk whose hub is away: an overlong station is refused, not queued; an overlong scan
    // is queued only as far as the hub needs to reject it.
    let hub = fair.start();
    let remote: Arc<dyn FairApi> = Arc::new(client(&hub, &fair.token(Role::Kiosk, None)));
    hub.stop();
    let outbox = fair.dir.path().join("outbox.db");
    let kiosk = OfflineKiosk::open(remote, &outbox).unwrap();
    let id = person.id_number.clone().unwrap();
    assert!(matches!(
        kiosk.checkin(CheckinRequest::entry(id, &huge())),
        Err(FairError::TooLong { field, .. }) if field == "station"
    ));
    assert_eq!(kiosk.pending().unwrap(), 0);
    let stuck = "Ứ".repeat(30_000);
    assert!(matches!(
        kiosk
            .checkin(CheckinRequest::entry(stuck, "kiosk-1"))
            .unwrap(),
        KioskCheckin::Queued { pending: 1 }
    ));
    let queued = OutboxStore::open(&outbox)
        .unwrap()
        .first_pending()
        .unwrap()
        .unwrap();
    let request: CheckinRequest = serde_json::from_str(&queued.request).unwrap();
    assert!(request.scan.len() > fairdesk::domain::scan::MAX_SCAN_BYTES);
    assert!(request.scan.len() <= fairdesk::domain::scan::MAX_SCAN_BYTES + 4);
}
