//! Exactly-once check-ins: a retried check-in with the same key counts once, and a kiosk's
//! outbox replays what it took while the hub was down, in order, once each.

mod hub_common;

use std::sync::Arc;

use fairdesk::api::*;
use fairdesk::hub::auth::Role;
use fairdesk::hub::{KioskCheckin, OfflineKiosk, RunningHub};
use hub_common::*;

#[test]
fn the_same_check_in_sent_twice_counts_once() {
    let fair = TestFair::new();
    let hub = fair.start_tls();
    let kiosk = client(&hub, &fair.token(Role::Kiosk, None));
    let person = fair.attendee(5);
    let request = CheckinRequest {
        idempotency_key: Some("kiosk-1-0001".into()),
        ..CheckinRequest::entry(person.id_number.clone().unwrap(), "kiosk-1")
    };
    let first = kiosk.checkin(request.clone()).unwrap();
    let again = kiosk.checkin(request).unwrap();
    assert_eq!(first, again);
    assert_eq!(first.status, CheckinStatus::CheckedIn);
    let engine = fair.fair();
    assert_eq!(checkins_of(&engine, &person.code), 1);
    let report = engine.report(fairdesk::report::ReportRange::all()).unwrap();
    assert_eq!((report.people, report.checkins), (1, 1));
    hub.stop();
}

#[test]
fn the_outbox_replays_in_order_exactly_once_after_the_hub_returns() {
    let fair = TestFair::new();
    let hub = fair.start_tls();
    let addr = hub.addr();
    let token = fair.token(Role::Kiosk, None);
    let remote: Arc<dyn FairApi> = Arc::new(client(&hub, &token));
    let outbox_path = fair.dir.path().join("kiosk-outbox.db");
    let kiosk = OfflineKiosk::open(Arc::clone(&remote), &outbox_path).unwrap();
    let people: Vec<_> = (10..15).map(|id| fair.attendee(id)).collect();
    let scan = |i: usize| CheckinRequest::entry(people[i].id_number.clone().unwrap(), "kiosk-1");

    // Online: straight through. Keep its key to replay a "lost reply" later.
    let online = CheckinRequest {
        idempotency_key: Some("lost-reply".into()),
        ..scan(0)
    };
    assert!(matches!(
        kiosk.checkin(online.clone()).unwrap(),
        KioskCheckin::Done(_)
    ));

    // The hub goes away: check-ins queue, tickets say they need the hub.
    hub.stop();
    for i in 1..4 {
        assert_eq!(
            kiosk.checkin(scan(i)).unwrap(),
            KioskCheckin::Queued { pending: i as u64 }
        );
    }
    // The first check-in again, as if its reply had been lost: same key, queued too.
    assert!(matches!(
        kiosk.checkin(online).unwrap(),
        KioskCheckin::Queued { pending: 4 }
    ));
    let offline = kiosk.issue_ticket(&people[0].code, "A", None).unwrap_err();
    assert!(matches!(offline, FairError::Unavailable { .. }));
    assert!(offline.to_string().contains("needs the hub"));
    assert_eq!(kiosk.replay().unwrap().pending, 4);

    // The outbox survives the kiosk restarting too.
    drop(kiosk);
    let kiosk = OfflineKiosk::open(Arc::clone(&remote), &outbox_path).unwrap();
    assert_eq!(kiosk.pending().unwrap(), 4);

    // The hub returns on the same address; the replay delivers everything once.
    let hub = RunningHub::start_tls(&fair.db, &addr.to_string()).unwrap();
    let replay = kiosk.replay().unwrap();
    assert_eq!((replay.delivered, replay.pending), (4, 0));
    assert_eq!(kiosk.replay().unwrap().delivered, 0);
    let engine = fair.fair();
    for person in &people[..4] {
        assert_eq!(checkins_of(&engine, &person.code), 1, "{}", person.code);
    }
    assert_eq!(checkins_of(&engine, &people[4].code), 0);
    // In order: check-in rows follow queue order.
    let order: Vec<String> = engine.with_store(|s| {
        let mut st = s
            .connection()
            .prepare("SELECT a.code FROM checkin c JOIN attendee a ON a.id = c.attendee_id ORDER BY c.id")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    });
    let expected: Vec<String> = people[..4].iter().map(|p| p.code.clone()).collect();
    assert_eq!(order, expected);
    let report = engine.report(fairdesk::report::ReportRange::all()).unwrap();
    assert_eq!((report.people, report.checkins), (4, 4));
    // Back online: straight through again, and tickets work.
    assert!(matches!(
        kiosk.checkin(scan(4)).unwrap(),
        KioskCheckin::Done(_)
    ));
    kiosk.issue_ticket(&people[0].code, "A", None).unwrap();
    hub.stop();
}

#[test]
fn an_offline_kiosk_opens_its_menu_only_with_a_pin_the_hub_accepted_there_before() {
    use fairdesk::demo::DEMO_PIN;
    use fairdesk::store::OutboxStore;

    let fair = TestFair::new();
    let hub = fair.start_tls();
    let addr = hub.addr().to_string();
    let remote: Arc<dyn FairApi> = Arc::new(client(&hub, &fair.token(Role::Kiosk, None)));
    let outbox_path = fair.dir.path().join("kiosk-outbox.db");
    let kiosk = OfflineKiosk::open(Arc::clone(&remote), &outbox_path).unwrap();
    let away = |result: FairResult<bool>| matches!(result, Err(FairError::Unavailable { .. }));

    // Never checked here while online: offline there is nothing to check against.
    hub.stop();
    assert!(away(kiosk.verify_pin(DEMO_PIN)));

    let hub = RunningHub::start_tls(&fair.db, &addr).unwrap();
    assert!(!kiosk.verify_pin("0000").unwrap());
    assert!(kiosk.verify_pin(DEMO_PIN).unwrap());
    let stored = OutboxStore::open(&outbox_path)
        .unwrap()
        .remembered_pin()
        .unwrap()
        .expect("the accepted PIN is remembered");
    assert!(
        stored.starts_with("$argon2id$"),
        "kept as a slow hash, not as typed: {stored}"
    );

    // Offline, and after the kiosk restarts: the accepted PIN opens, others do not.
    hub.stop();
    assert!(kiosk.verify_pin(DEMO_PIN).unwrap());
    assert!(!kiosk.verify_pin("1357").unwrap());
    drop(kiosk);
    let kiosk = OfflineKiosk::open(Arc::clone(&remote), &outbox_path).unwrap();
    assert!(kiosk.verify_pin(DEMO_PIN).unwrap());

    // The organiser changes the PIN on the hub: the old one is refused online, and from then
    // on no longer opens the kiosk offline either.
    fair.fair().change_pin(DEMO_PIN, "8642", "8642").unwrap();
    let hub = RunningHub::start_tls(&fair.db, &addr).unwrap();
    assert!(!kiosk.verify_pin(DEMO_PIN).unwrap());
    hub.stop();
    assert!(away(kiosk.verify_pin(DEMO_PIN)));
}

#[test]
fn wrong_pins_against_the_offline_copy_lock_it_for_a_while() {
    use fairdesk::demo::DEMO_PIN;

    let fair = TestFair::new();
    let hub = fair.start_tls();
    let remote: Arc<dyn FairApi> = Arc::new(client(&hub, &fair.token(Role::Kiosk, None)));
    let kiosk = OfflineKiosk::open(remote, &fair.dir.path().join("kiosk-outbox.db")).unwrap();
    assert!(kiosk.verify_pin(DEMO_PIN).unwrap());
    hub.stop();

    for guess in ["0000", "0001", "0002", "0003", "0004"] {
        assert!(!kiosk.verify_pin(guess).unwrap());
    }
    // Guessing at the kiosk while its hub is away meets the same lock as at the hub.
    match kiosk.verify_pin(DEMO_PIN) {
        Err(FairError::TooManyAttempts { retry_after_s }) => assert!(retry_after_s >= 1),
        other => panic!("{other:?}"),
    }
}
