//! A fair through the hub: a kiosk, two booths and a board, each with its own token and
//! connection, driven through `HubClient` exactly as the screens would.

mod hub_common;

use std::time::{Duration, Instant};

use fairdesk::api::*;
use fairdesk::domain::{Outcome, TicketState};
use fairdesk::hub::auth::Role;
use fairdesk::hub::loadtest::walk_in_card;
use fairdesk::report::{Report, ReportRange};
use hub_common::*;

#[test]
fn a_kiosk_two_booths_and_a_board_share_one_fair() {
    let fair = TestFair::new();
    let hub = fair.start_tls();
    let kiosk = client(&hub, &fair.token(Role::Kiosk, None));
    let booth_a = client(&hub, &fair.token(Role::Booth, Some("A")));
    let booth_b = client(&hub, &fair.token(Role::Booth, Some("B")));
    let board = client(&hub, &fair.token(Role::Board, None));
    let organiser = client(&hub, &fair.token(Role::Organiser, None));

    // A pre-registered person types their ID number; a walk-in scans their card.
    let known = fair.attendee(1);
    let first = kiosk
        .checkin(CheckinRequest::entry(
            known.id_number.clone().unwrap(),
            "kiosk-1",
        ))
        .unwrap();
    assert_eq!(first.status, CheckinStatus::CheckedIn);
    let today = kiosk.event().unwrap().date;
    let walk_in = kiosk
        .checkin(CheckinRequest::entry(
            walk_in_card(500_001, today),
            "kiosk-1",
        ))
        .unwrap();
    assert_eq!(walk_in.status, CheckinStatus::Registered);
    let known_code = first.attendee.unwrap().code;
    let walk_in_code = walk_in.attendee.unwrap().code;

    // The kiosk fills in the walk-in's profile, reads suggestions and issues tickets.
    let profile = kiosk
        .update_attendee(
            &walk_in_code,
            ProfileUpdate {
                phone: Some("0912345678".into()),
                ..ProfileUpdate::default()
            },
        )
        .unwrap();
    assert!(profile.checked_in);
    assert!(
        !kiosk
            .suggestions(&walk_in_code)
            .unwrap()
            .employers
            .is_empty()
    );
    let t1 = kiosk.issue_ticket(&known_code, "A", None).unwrap();
    let t2 = kiosk.issue_ticket(&walk_in_code, "A", None).unwrap();
    let t3 = kiosk.issue_ticket(&walk_in_code, "B", None).unwrap();
    assert_eq!((t1.position, t2.position, t3.position), (1, 2, 1));

    // The board hears of the call within a second, without polling.
    let since = board.change_counter().unwrap();
    let watcher = {
        let board = board.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let counter = board
                .wait_for_change(since, Duration::from_secs(10))
                .unwrap();
            (counter, started.elapsed())
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    let called_at = Instant::now();
    let called = booth_a.call_next("A1").unwrap().unwrap();
    assert_eq!(called.ticket, t1.ticket);
    let (counter, _) = watcher.join().unwrap();
    let heard_after = called_at.elapsed();
    assert!(counter > since);
    assert!(heard_after < Duration::from_secs(1), "{heard_after:?}");

    let shown = board.board().unwrap();
    assert_eq!(shown.calls[0].ticket, t1.ticket);
    let text = serde_json::to_string(&shown).unwrap();
    assert!(!text.contains(&known.full_name));
    assert!(!text.contains(known.id_number.as_deref().unwrap()));

    // Booth A serves at its desk; booth B at its own.
    let view = booth_a.desk_view("A1").unwrap();
    assert_eq!(view.candidate.unwrap().code, known_code);
    booth_a
        .act(Target::Desk("A1".into()), StaffAction::Start)
        .unwrap();
    let done = booth_a
        .act(
            Target::Desk("A1".into()),
            StaffAction::Finish {
                outcome: Outcome::Shortlisted,
                note: Some("ca sáng".into()),
            },
        )
        .unwrap();
    assert_eq!(done.state, TicketState::Done);
    let b_called = booth_b.call_next("B1").unwrap().unwrap();
    assert_eq!(b_called.ticket, t3.ticket);
    booth_b
        .act(Target::Desk("B1".into()), StaffAction::NoShow)
        .unwrap();
    booth_b
        .act(Target::Ticket(t3.ticket.clone()), StaffAction::Reinstate)
        .unwrap();
    // The walk-in is busy at B? No: reinstated, so A may call them.
    let a_next = booth_a.call_next("A1").unwrap().unwrap();
    assert_eq!(a_next.ticket, t2.ticket);
    booth_a
        .act(Target::Desk("A1".into()), StaffAction::Recall)
        .unwrap();
    booth_a.set_desk_open("A2", false).unwrap();
    assert!(matches!(
        booth_a.call_next("A2"),
        Err(FairError::DeskPaused { .. })
    ));
    // Engine errors arrive as themselves.
    assert!(matches!(
        booth_a.call_next("A1"),
        Err(FairError::DeskBusy { .. })
    ));
    assert!(matches!(
        kiosk.issue_ticket(&known_code, "ZZ", None),
        Err(FairError::NotFound { .. })
    ));

    // The organiser's report through the hub is the engine's report.
    let remote = organiser.report(ReportRange::all()).unwrap();
    let local = fair.fair().report(ReportRange::all()).unwrap();
    assert_eq!(remote.people, 2);
    assert_eq!(remote.walk_ins, 1);
    assert_eq!(remote.totals.visits, 1);
    assert_eq!(
        Report {
            generated_at: local.generated_at,
            ..remote
        },
        local
    );
    assert!(organiser.verify_pin(fairdesk::demo::DEMO_PIN).unwrap());
    assert!(!kiosk.verify_pin("0000").unwrap());
    hub.stop();
}

#[test]
fn a_client_without_a_hub_is_told_the_hub_is_unavailable() {
    let client = fairdesk::hub::HubClient::new("http://127.0.0.1:9", "x");
    assert!(matches!(client.board(), Err(FairError::Unavailable { .. })));
}

#[test]
fn a_graceful_stop_finishes_writes_in_flight_and_wakes_long_polls() {
    let fair = TestFair::new();
    let hub = fair.start();
    let token = fair.token(Role::Kiosk, None);
    let url = hub.url();
    let today = fair.fair().event().unwrap().date;
    let board = client(&hub, &token);
    board.change_counter().unwrap();
    let waiter = std::thread::spawn(move || {
        let started = Instant::now();
        // Nothing else changes the fair from here on but the kiosks below; wait long.
        let _ = board.wait_for_change(u64::MAX - 1, Duration::from_secs(20));
        started.elapsed()
    });
    let acked = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for k in 0..4u64 {
            let (url, token, acked) = (&url, &token, &acked);
            scope.spawn(move || {
                let kiosk = fairdesk::hub::HubClient::new(url, token);
                for i in 0..10_000u64 {
                    let key = format!("graceful-{k}-{i}");
                    let request = CheckinRequest {
                        idempotency_key: Some(key.clone()),
                        ..CheckinRequest::entry(walk_in_card(700_000 + k * 10_000 + i, today), "k")
                    };
                    match kiosk.checkin(request) {
                        Ok(_) => acked.lock().unwrap().push(key),
                        Err(_) => break,
                    }
                }
            });
        }
        std::thread::sleep(Duration::from_millis(300));
        hub.stop();
    });
    let waited = waiter.join().unwrap();
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    let acked = acked.into_inner().unwrap();
    assert!(!acked.is_empty());
    let engine = fair.fair();
    let missing = engine.with_store(|s| {
        acked
            .iter()
            .filter(|key| {
                s.connection()
                    .query_row(
                        "SELECT COUNT(*) FROM idempotency WHERE key = ?1",
                        [key],
                        |r| r.get::<_, i64>(0),
                    )
                    .unwrap()
                    != 1
            })
            .count()
    });
    assert_eq!(missing, 0);
}
