//! The help desk through the hub (issue 14): the same engine calls over HTTP with a
//! `helpdesk` token, and what that token may not do.

mod hub_common;

use fairdesk::api::*;
use fairdesk::domain::{Direction, Method};
use fairdesk::hub::auth::Role;
use hub_common::*;

#[test]
fn a_help_desk_station_searches_registers_checks_in_and_cancels_through_the_hub() {
    let fair = TestFair::new();
    let hub = fair.start();
    let desk = client(&hub, &fair.token(Role::Helpdesk, None));
    let form = Registration {
        full_name: "Đàm Thị Yến".into(),
        birth_year: Some(2001),
        commune: "Thị trấn Đu".into(),
        ..Registration::default()
    };
    let RegisterReply::Registered { checkin } = desk.register_attendee(form.clone()).unwrap()
    else {
        panic!("not registered");
    };
    assert_eq!(checkin.status, CheckinStatus::Registered);
    assert_eq!(checkin.method, Some(Method::Helpdesk));
    let code = checkin.attendee.unwrap().code;
    // The same person again: duplicates, over the wire as in the engine.
    let RegisterReply::Duplicates { candidates } = desk.register_attendee(form).unwrap() else {
        panic!("registered twice");
    };
    assert_eq!(candidates[0].code, code);
    let hits = desk.search_attendees("yen dam", 10).unwrap().results;
    assert_eq!(hits[0].code, code);
    assert!(hits[0].checked_in.is_some());
    let person = desk.helpdesk_person(&code).unwrap();
    assert_eq!(person.profile.commune.as_deref(), Some("Thị trấn Đu"));
    let out = desk
        .checkin_on_behalf(
            &code,
            OnBehalf {
                direction: Direction::Out,
                station: None,
            },
        )
        .unwrap();
    assert_eq!(out.status, CheckinStatus::CheckedOut);
    let booth = desk.suggestions(&code).unwrap().employers[0].code.clone();
    let ticket = desk.issue_ticket(&code, &booth, None).unwrap().ticket;
    let cancelled = desk
        .act(Target::Ticket(ticket.clone()), StaffAction::Cancel)
        .unwrap();
    assert_eq!(cancelled.state, fairdesk::domain::TicketState::Cancelled);
    // Field errors come back whole, with their fields.
    let err = desk
        .correct_attendee(
            &code,
            Correction {
                phone: Some("12".into()),
                ..Correction::default()
            },
        )
        .unwrap_err();
    let FairError::InvalidFields { errors } = err else {
        panic!("{err:?}");
    };
    assert_eq!(errors[0].field, "phone");
    // No report, no desks, no staff actions beyond cancelling.
    assert!(matches!(
        desk.report(fairdesk::report::ReportRange::all()),
        Err(FairError::Forbidden { .. })
    ));
    assert!(matches!(
        desk.call_next("A1"),
        Err(FairError::Forbidden { .. })
    ));
    assert!(matches!(
        desk.act(Target::Ticket(ticket), StaffAction::Reinstate),
        Err(FairError::Forbidden { .. })
    ));
    // A kiosk cannot search.
    let kiosk = client(&hub, &fair.token(Role::Kiosk, None));
    assert!(matches!(
        kiosk.search_attendees("yen", 10),
        Err(FairError::Forbidden { .. })
    ));
    hub.stop();
}
