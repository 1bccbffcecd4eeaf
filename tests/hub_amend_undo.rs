//! The kiosk's "choose again" and the booth's outcome correction through the hub (issue 13,
//! items 6 and 12): what each role may do, with the same narrow limits as locally.

mod hub_common;

use fairdesk::api::{CheckinRequest, FairApi, FairError, StaffAction, Target};
use fairdesk::domain::{Outcome, TicketState};
use fairdesk::hub::auth::Role;
use hub_common::*;

fn forbidden(err: &FairError) -> bool {
    matches!(err, FairError::Forbidden { .. })
}

#[test]
fn a_kiosk_takes_back_only_its_attendees_waiting_tickets_through_the_hub() {
    let fair = TestFair::new();
    let hub = fair.start();
    let kiosk = client(&hub, &fair.token(Role::Kiosk, None));
    let booth_a = client(&hub, &fair.token(Role::Booth, Some("A")));
    let me = fair.attendee(4);
    let other = fair.attendee(5);
    for person in [&me, &other] {
        kiosk
            .checkin(CheckinRequest::entry(
                person.id_number.clone().unwrap(),
                "k",
            ))
            .unwrap();
    }
    let a = kiosk.issue_ticket(&me.code, "A", None).unwrap().ticket;
    let b = kiosk.issue_ticket(&me.code, "B", None).unwrap().ticket;
    let theirs = kiosk.issue_ticket(&other.code, "C", None).unwrap().ticket;
    assert_eq!(booth_a.call_next("A1").unwrap().unwrap().ticket, a);

    // Someone else's ticket: 404, and nothing changes.
    let err = kiosk
        .undo_tickets(&me.code, &[b.clone(), theirs.clone()], Some("kiosk-1"))
        .unwrap_err();
    assert!(matches!(err, FairError::NotFound { .. }), "{err:?}");
    // Other roles may not: a booth, a board.
    for role in [Role::Board, Role::Booth] {
        let booth = (role == Role::Booth).then_some("B");
        let station = client(&hub, &fair.token(role, booth));
        let err = station
            .undo_tickets(&me.code, std::slice::from_ref(&b), None)
            .unwrap_err();
        assert!(forbidden(&err), "{role:?}: {err:?}");
    }

    let reply = kiosk
        .undo_tickets(&me.code, &[a.clone(), b.clone()], Some("kiosk-1"))
        .unwrap();
    assert_eq!(reply.cancelled, vec![b.clone()]);
    assert_eq!(reply.kept, vec![a.clone()]);
    let local = fair.fair();
    let state = |n: &str| {
        local
            .with_store(|s| s.read(|tx| Ok(tx.ticket_by_number(n)?.unwrap().state)))
            .unwrap()
    };
    assert_eq!(state(&b), TicketState::Cancelled);
    assert_eq!(state(&a), TicketState::Called);
    assert_eq!(state(&theirs), TicketState::Waiting);
    let row = local.log().unwrap().pop().unwrap();
    assert_eq!(
        (row.kind.as_str(), row.station.as_deref()),
        ("cancelled", Some("kiosk-1"))
    );
    hub.stop();
}

#[test]
fn a_booth_corrects_its_own_desks_last_outcome_through_the_hub_and_no_one_elses() {
    let fair = TestFair::new();
    let hub = fair.start();
    let kiosk = client(&hub, &fair.token(Role::Kiosk, None));
    let booth_a = client(&hub, &fair.token(Role::Booth, Some("A")));
    let booth_b = client(&hub, &fair.token(Role::Booth, Some("B")));
    let person = fair.attendee(4);
    kiosk
        .checkin(CheckinRequest::entry(
            person.id_number.clone().unwrap(),
            "k",
        ))
        .unwrap();
    let number = kiosk.issue_ticket(&person.code, "A", None).unwrap().ticket;
    booth_a.call_next("A1").unwrap();
    booth_a
        .act(
            Target::Desk("A1".into()),
            StaffAction::Finish {
                outcome: Outcome::NotSuitable,
                note: None,
            },
        )
        .unwrap_err(); // Only called: finish needs a start first.
    booth_a
        .act(Target::Desk("A1".into()), StaffAction::Start)
        .unwrap();
    booth_a
        .act(
            Target::Desk("A1".into()),
            StaffAction::Finish {
                outcome: Outcome::NotSuitable,
                note: None,
            },
        )
        .unwrap();
    let view = booth_a.desk_view("A1").unwrap();
    assert_eq!(view.recent.len(), 1);
    assert_eq!(view.recent[0].ticket, number);

    // Booth B: not on A's desk, and not A's ticket from its own desk.
    let err = booth_b
        .amend_outcome("A1", &number, Outcome::Hired, None)
        .unwrap_err();
    assert!(forbidden(&err), "{err:?}");
    let err = booth_b
        .amend_outcome("B1", &number, Outcome::Hired, None)
        .unwrap_err();
    assert!(matches!(err, FairError::NotFound { .. }), "{err:?}");
    let err = kiosk
        .amend_outcome("A1", &number, Outcome::Hired, None)
        .unwrap_err();
    assert!(forbidden(&err), "{err:?}");

    let amended = booth_a
        .amend_outcome("A1", &number, Outcome::Hired, None)
        .unwrap();
    assert_eq!(amended.outcome, Some(Outcome::Hired));
    let local = fair.fair();
    let report = local.report(fairdesk::report::ReportRange::all()).unwrap();
    assert_eq!(report.totals.hired, 1);
    let rebuilt = fairdesk::report::Report::compute(
        &fairdesk::report::Facts::from_log(local.event().unwrap(), &local.log().unwrap()),
        fairdesk::report::ReportRange::all(),
        local.now(),
    );
    assert_eq!(rebuilt.totals.hired, 1);
    assert_eq!(rebuilt.booths, report.booths);
    hub.stop();
}
