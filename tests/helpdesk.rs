//! The help desk's engine (issue 14) over a real demo fair: search, registration without a
//! card, duplicates, corrections, check-in on a person's behalf and tickets with the kiosk's
//! rules, and the report rebuilt from the log after all of it.

mod common;

use chrono::NaiveDate;
use common::TestFair;
use fairdesk::api::*;
use fairdesk::domain::{Direction, Gender, Household, Method, YesNo};

fn an() -> Registration {
    Registration {
        full_name: "Nguyễn Văn Ân".into(),
        birth_date: NaiveDate::from_ymd_opt(1995, 3, 15),
        birth_year: Some(1995),
        gender: Some(Gender::Male),
        commune: "Yên Ninh".into(),
        phone: Some("0912 345 678".into()),
        id_number: Some("019095001234".into()),
        household: Household::NearPoor,
        ethnic_minority: YesNo::No,
        force: false,
        station: Some("helpdesk-1".into()),
    }
}

fn registered(t: &TestFair, form: Registration) -> CheckinOutcome {
    match t.fair.register_attendee(form).unwrap() {
        RegisterReply::Registered { checkin } => checkin,
        other => panic!("not registered: {other:?}"),
    }
}

fn codes(t: &TestFair, query: &str) -> Vec<String> {
    t.fair
        .search_attendees(query, 50)
        .unwrap()
        .results
        .into_iter()
        .map(|h| h.code)
        .collect()
}

fn people(t: &TestFair) -> u32 {
    t.report_rebuilt_from_log().people
}

#[test]
fn a_person_with_no_card_is_registered_and_checked_in_in_one_step() {
    let t = TestFair::new();
    let before = people(&t);
    let out = registered(&t, an());
    assert_eq!(out.status, CheckinStatus::Registered);
    assert_eq!(out.method, Some(Method::Helpdesk));
    let code = out.attendee.unwrap().code;
    let person = t.fair.helpdesk_person(&code).unwrap();
    assert_eq!(person.profile.source, fairdesk::domain::Source::WalkIn);
    assert_eq!(person.profile.commune.as_deref(), Some("Xã Yên Ninh"));
    assert_eq!(person.household, Household::NearPoor);
    assert_eq!(person.masked_phone.as_deref(), Some("091****678"));
    assert!(person.checked_in_today.is_some() && person.on_site);
    let report = t.report_rebuilt_from_log();
    assert_eq!(report.people, before + 1);
    assert_eq!(report.walk_ins, 1);
    // The household answer given at the desk is recorded as the person's own, with its time
    // (issue 17), as at the kiosk.
    let basis: Option<String> = t.fair.with_store(|s| {
        s.connection()
            .query_row(
                "SELECT sensitive_consent_basis FROM attendee WHERE code = ?1
                   AND sensitive_consent_at IS NOT NULL",
                [&code],
                |r| r.get(0),
            )
            .unwrap()
    });
    assert_eq!(basis.as_deref(), Some("answer"));
}

#[test]
fn search_finds_a_name_typed_without_accents_in_any_order_and_by_its_numbers() {
    let t = TestFair::new();
    let code = registered(&t, an()).attendee.unwrap().code;
    for query in [
        "nguyen van an",
        "NGUYỄN VĂN ÂN",
        "an nguyen",
        "Ân",
        "1234",
        "nguyen 1995",
        "0912345678",
        "+84 912 345 678",
        "84912345678",
        "an yen ninh",
        &code.to_lowercase(),
    ] {
        let found = codes(&t, query);
        assert!(found.contains(&code), "{query:?} found {found:?}");
    }
    // The whole name ranks first, and the row says what staff need and no more.
    let hits = t
        .fair
        .search_attendees("nguyen van an", 50)
        .unwrap()
        .results;
    assert_eq!(hits[0].code, code);
    assert_eq!(hits[0].masked_id.as_deref(), Some("019******234"));
    assert_eq!(hits[0].birth_year, Some(1995));
    assert!(hits[0].checked_in.is_some());
    assert!(!codes(&t, "nguyen van an 9999").contains(&code));
    assert!(
        t.fair
            .search_attendees("   ", 50)
            .unwrap()
            .results
            .is_empty()
    );
    assert!(t.fair.search_attendees("nguyen", 5).unwrap().results.len() <= 5);
    assert!(matches!(
        t.fair.search_attendees(&"a".repeat(500), 50),
        Err(FairError::TooLong { .. })
    ));
}

#[test]
fn a_name_a_scanner_damaged_is_found_by_its_real_spelling() {
    let t = TestFair::new();
    let scan = "019095001234||Nguyn Vn n|15031995|Nam|Xóm Na Mọn, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên|20042021";
    let out = t
        .fair
        .checkin(CheckinRequest::entry(scan, "kiosk-1"))
        .unwrap();
    assert!(out.name_needs_confirmation);
    let code = out.attendee.unwrap().code;
    assert!(codes(&t, "nguyen van an").contains(&code));
    assert!(codes(&t, "Nguyễn Văn Ân").contains(&code));
    // Staff fix the name; it is then found as any other.
    let fixed = t
        .fair
        .correct_attendee(
            &code,
            Correction {
                full_name: Some("Nguyễn Văn Ân".into()),
                ..Correction::default()
            },
        )
        .unwrap();
    assert_eq!(fixed.profile.name, "Nguyễn Văn Ân");
    assert!(!fixed.profile.name_needs_confirmation);
    assert_eq!(codes(&t, "nguyen van an")[0], code);
}

#[test]
fn possible_duplicates_are_shown_first_and_nothing_is_written() {
    let t = TestFair::new();
    let first = registered(&t, an()).attendee.unwrap().code;
    let log_before = t.fair.log().unwrap().len();
    let again = Registration {
        id_number: None,
        phone: None,
        full_name: "nguyen van an".into(),
        ..an()
    };
    match t.fair.register_attendee(again.clone()).unwrap() {
        RegisterReply::Duplicates { candidates } => {
            assert_eq!(candidates.len(), 1);
            assert_eq!(candidates[0].code, first);
        }
        other => panic!("{other:?}"),
    }
    // Same phone, another name: still a possible duplicate.
    let same_phone = Registration {
        full_name: "Trần Thị Bình".into(),
        id_number: None,
        ..an()
    };
    assert!(matches!(
        t.fair.register_attendee(same_phone).unwrap(),
        RegisterReply::Duplicates { .. }
    ));
    assert_eq!(t.fair.log().unwrap().len(), log_before);
    // Staff decide it is another person: forced, registered.
    let forced = registered(
        &t,
        Registration {
            force: true,
            ..again
        },
    );
    assert_ne!(forced.attendee.unwrap().code, first);
    // The same ID number is the same person: refused even when forced.
    let same_id = Registration {
        full_name: "Lê Văn Cường".into(),
        phone: None,
        force: true,
        ..an()
    };
    assert!(matches!(
        t.fair.register_attendee(same_id),
        Err(FairError::Conflict { .. })
    ));
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let t = TestFair::new();
    let log_before = t.fair.log().unwrap().len();
    let bad = Registration {
        full_name: "  ".into(),
        birth_date: NaiveDate::from_ymd_opt(2030, 1, 1),
        birth_year: None,
        phone: Some("0212345678".into()),
        id_number: Some("019090001234".into()),
        ..an()
    };
    let Err(FairError::InvalidFields { errors }) = t.fair.register_attendee(bad) else {
        panic!("accepted");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["full_name", "birth", "phone"]);
    let wrong_gender = Registration {
        gender: Some(Gender::Female),
        ..an()
    };
    let Err(FairError::InvalidFields { errors }) = t.fair.register_attendee(wrong_gender) else {
        panic!("accepted");
    };
    assert_eq!(errors[0].field, "id_number");
    assert_eq!(errors[0].reason, "id_gender_mismatch");
    assert_eq!(t.fair.log().unwrap().len(), log_before);
    // A correction with a bad phone changes nothing, not even the good fields.
    let code = t.checked_in(1);
    let before = t.fair.helpdesk_person(&code).unwrap();
    let err = t
        .fair
        .correct_attendee(
            &code,
            Correction {
                full_name: Some("Tên Mới".into()),
                phone: Some("12".into()),
                ..Correction::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid_fields");
    assert_eq!(t.fair.helpdesk_person(&code).unwrap(), before);
}

#[test]
fn a_correction_of_the_commune_moves_the_report_count_and_the_log_agrees() {
    let t = TestFair::new();
    let code = registered(&t, an()).attendee.unwrap().code;
    let count = |label: &str| {
        t.report_rebuilt_from_log()
            .by_commune
            .iter()
            .find(|c| c.label == label)
            .map_or(0, |c| c.people)
    };
    let (ninh, do_) = (count("Xã Yên Ninh"), count("Xã Phú Đô"));
    let person = t
        .fair
        .correct_attendee(
            &code,
            Correction {
                commune: Some("xa phu do".into()),
                household: Some(Household::Poor),
                birth_year: Some(1995),
                ..Correction::default()
            },
        )
        .unwrap();
    assert_eq!(person.profile.commune.as_deref(), Some("Xã Phú Đô"));
    assert_eq!(count("Xã Yên Ninh"), ninh - 1);
    assert_eq!(count("Xã Phú Đô"), do_ + 1);
    // Outside the list: kept as typed, counted outside the list (not as unknown), found by
    // search.
    let (unknown, outside) = (count("unknown"), count("outside"));
    let person = t
        .fair
        .correct_attendee(
            &code,
            Correction {
                commune: Some("Xã Tân Cương".into()),
                ..Correction::default()
            },
        )
        .unwrap();
    assert_eq!(person.commune_outside.as_deref(), Some("Xã Tân Cương"));
    assert_eq!(person.profile.commune.as_deref(), Some("Xã Tân Cương"));
    assert_eq!(count("outside"), outside + 1);
    assert_eq!(count("unknown"), unknown);
    assert_eq!(count("Xã Phú Đô"), do_);
    assert!(codes(&t, "an tan cuong").contains(&code));
    // A birth year against the ID number on file is a typing mistake.
    let err = t
        .fair
        .correct_attendee(
            &code,
            Correction {
                birth_year: Some(1990),
                ..Correction::default()
            },
        )
        .unwrap_err();
    let FairError::InvalidFields { errors } = err else {
        panic!("{err:?}");
    };
    assert_eq!(errors[0].reason, "id_birth_mismatch");
}

#[test]
fn checking_in_on_behalf_counts_like_any_check_in() {
    let t = TestFair::new();
    let code = t.code(4);
    let before = people(&t);
    let on_behalf = |direction| OnBehalf {
        direction,
        station: Some("helpdesk-1".into()),
    };
    let first = t
        .fair
        .checkin_on_behalf(&code, on_behalf(Direction::In))
        .unwrap();
    assert_eq!(first.status, CheckinStatus::CheckedIn);
    assert_eq!(first.method, Some(Method::Helpdesk));
    assert_eq!(people(&t), before + 1);
    t.advance_min(5);
    let out = t
        .fair
        .checkin_on_behalf(&code, on_behalf(Direction::Out))
        .unwrap();
    assert_eq!(out.status, CheckinStatus::CheckedOut);
    assert!(!t.fair.helpdesk_person(&code).unwrap().on_site);
    let again = t
        .fair
        .checkin_on_behalf(&code, on_behalf(Direction::In))
        .unwrap();
    assert_eq!(again.status, CheckinStatus::ReEntry);
    assert_eq!(people(&t), before + 1);
}

#[test]
fn tickets_from_the_help_desk_keep_the_kiosk_limits() {
    let t = TestFair::new();
    let code = registered(&t, an()).attendee.unwrap().code;
    let max = t.fair.event().unwrap().max_open_tickets as usize;
    let employers = t.fair.suggestions(&code).unwrap().employers;
    for booth in employers.iter().take(max) {
        t.fair
            .issue_ticket(&code, &booth.code, Some("helpdesk-1"))
            .unwrap();
    }
    let one_more = &employers[max];
    assert_eq!(
        t.fair
            .issue_ticket(&code, &one_more.code, Some("helpdesk-1")),
        Err(FairError::TooManyOpenTickets { max: max as u32 })
    );
    let person = t.fair.helpdesk_person(&code).unwrap();
    assert_eq!(person.profile.open_tickets.len(), max);
    assert!(
        person
            .profile
            .open_tickets
            .iter()
            .all(|t| t.position.is_some())
    );
    // Cancelling one frees a place.
    let first = person.profile.open_tickets[0].ticket.clone();
    let cancelled = t
        .fair
        .act(Target::Ticket(first), StaffAction::Cancel)
        .unwrap();
    assert_eq!(cancelled.state, fairdesk::domain::TicketState::Cancelled);
    t.fair
        .issue_ticket(&code, &one_more.code, Some("helpdesk-1"))
        .unwrap();
    t.report_rebuilt_from_log();
}
