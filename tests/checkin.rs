//! Check-in stories over a real demo database.

mod common;

use common::TestFair;
use fairdesk::api::{CheckinRequest, CheckinStatus, FairApi, ProfileUpdate};
use fairdesk::domain::{Direction, Household, Method, Source, YesNo};
use fairdesk::report::ReportRange;

const WALK_IN: &str = "019095001234||Nguyễn Văn Ân|15031995|Nam|Xóm Na Mọn, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên|20042021";

fn scan(t: &TestFair, text: &str) -> fairdesk::api::CheckinOutcome {
    t.fair
        .checkin(CheckinRequest::entry(text, "kiosk-1"))
        .unwrap()
}

fn log_count(t: &TestFair) -> usize {
    t.fair.log().unwrap().len()
}

#[test]
fn a_scanned_cccd_of_a_new_person_registers_and_checks_them_in_in_one_step() {
    let t = TestFair::new();
    let reply = scan(&t, WALK_IN);
    assert_eq!(reply.status, CheckinStatus::Registered);
    assert_eq!(reply.method, Some(Method::WalkIn));
    let who = reply.attendee.unwrap();
    assert_eq!(who.name, "Nguyễn Văn Ân");
    assert_eq!(who.masked_id.as_deref(), Some("019******234"));
    assert_eq!(who.qr, format!("FD1:PL26:{}", who.code));
    // The kiosk should still ask what the card cannot say.
    assert_eq!(reply.ask, ["household", "ethnic_minority", "phone"]);

    let profile = t.fair.attendee(&who.code).unwrap();
    assert_eq!(profile.commune.as_deref(), Some("Xã Yên Ninh"));
    assert_eq!(profile.source, Source::WalkIn);
    assert_eq!(profile.birth_year, Some(1995));
    assert!(profile.checked_in);

    let report = t.fair.report(ReportRange::all()).unwrap();
    assert_eq!((report.people, report.walk_ins, report.checkins), (1, 1, 1));
}

#[test]
fn the_same_card_scanned_again_is_a_re_entry_not_a_new_person() {
    let t = TestFair::new();
    scan(&t, WALK_IN);
    t.advance_min(30);
    let again = scan(&t, WALK_IN);
    assert_eq!(again.status, CheckinStatus::ReEntry);
    assert_eq!(again.method, Some(Method::CccdQr));
    let report = t.fair.report(ReportRange::all()).unwrap();
    assert_eq!((report.people, report.checkins), (1, 2));
}

#[test]
fn a_pre_registered_attendee_checks_in_by_code_id_number_or_phone() {
    let t = TestFair::new();
    let (id_number, phone, code) = t
        .fair
        .with_store(|s| {
            s.read(|tx| {
                let a = tx.attendee(1)?.unwrap();
                let with_phone = (1..50).find_map(|i| {
                    tx.attendee(i)
                        .ok()
                        .flatten()
                        .filter(|r| r.phone.is_some() && r.id != 1)
                });
                Ok((
                    a.id_number.unwrap(),
                    with_phone.unwrap().phone.unwrap(),
                    a.code,
                ))
            })
        })
        .unwrap();
    let by_code = scan(&t, &format!("FD1:PL26:{code}"));
    assert_eq!(
        (by_code.status, by_code.method),
        (CheckinStatus::CheckedIn, Some(Method::RegCode))
    );
    let by_id = scan(&t, &id_number);
    assert_eq!(
        (by_id.status, by_id.method),
        (CheckinStatus::ReEntry, Some(Method::IdNumber))
    );
    let international = format!("+84{}", &phone[1..]);
    let by_phone = scan(&t, &international);
    assert_eq!(
        (by_phone.status, by_phone.method),
        (CheckinStatus::CheckedIn, Some(Method::Phone))
    );
    // A bare code typed at a desk works too.
    assert_eq!(
        scan(&t, &code.to_lowercase()).status,
        CheckinStatus::ReEntry
    );
}

#[test]
fn unknown_but_valid_identifiers_are_not_found_and_write_only_the_rejected_scan_log() {
    let t = TestFair::new();
    for (text, reason) in [
        ("019099999999", "unknown_id_number"),
        ("0987654321", "unknown_phone"),
    ] {
        let before = log_count(&t);
        let reply = scan(&t, text);
        assert_eq!(reply.status, CheckinStatus::NotFound, "{text}");
        assert_eq!(reply.reason.as_deref(), Some(reason));
        assert!(reply.attendee.is_none());
        let log = t.fair.log().unwrap();
        assert_eq!(log.len(), before + 1);
        assert_eq!(log.last().unwrap().kind, "rejected_scan");
    }
    assert_eq!(t.fair.report(ReportRange::all()).unwrap().people, 0);
}

#[test]
fn a_mistyped_registration_code_is_caught_not_matched_to_someone_else() {
    let t = TestFair::new();
    let code = t.code(1);
    let mut chars: Vec<char> = code.chars().collect();
    chars.swap(1, 2);
    let swapped: String = chars.iter().collect();
    if swapped != code {
        let reply = scan(&t, &format!("FD1:PL26:{swapped}"));
        assert_eq!(reply.status, CheckinStatus::Rejected);
        assert_eq!(reply.reason.as_deref(), Some("reg_code_check"));
    }
    let other_event = scan(&t, &format!("FD1:XX99:{code}"));
    assert_eq!(other_event.status, CheckinStatus::Rejected);
    assert_eq!(other_event.reason.as_deref(), Some("wrong_event"));
}

#[test]
fn garbage_is_rejected_with_a_reason_and_logged_never_a_crash() {
    let t = TestFair::new();
    let long = "9".repeat(10_000);
    for text in [
        "",
        "hello",
        "'; DROP TABLE attendee;--",
        "\u{0}\u{7}|",
        long.as_str(),
        "019495001234",
    ] {
        let before = log_count(&t);
        let reply = scan(&t, text);
        assert_eq!(reply.status, CheckinStatus::Rejected, "{text:.20}");
        assert!(reply.reason.is_some());
        assert_eq!(log_count(&t), before + 1);
    }
    assert_eq!(scan(&t, &long).reason.as_deref(), Some("too_long"));
    assert_eq!(
        scan(&t, "019495001234").reason.as_deref(),
        Some("id_century")
    );
    // The attendee table survived the SQL text.
    assert!(t.fair.attendee(&t.code(1)).is_ok());
}

#[test]
fn a_card_whose_dob_disagrees_with_its_id_number_is_rejected() {
    let t = TestFair::new();
    let bad = WALK_IN.replace("15031995", "15031996");
    let reply = scan(&t, &bad);
    assert_eq!(reply.status, CheckinStatus::Rejected);
    assert_eq!(reply.reason.as_deref(), Some("id_dob_mismatch"));
}

#[test]
fn a_keyboard_mode_scan_that_dropped_letters_asks_the_attendee_to_confirm_their_name() {
    let t = TestFair::new();
    let damaged = "019195001235||Nguyn Th Hng|02021995|N|Xm Na Mn, X Yn Ninh, Huyn Ph Lng, Tnh Thi Nguyn|20042021";
    let reply = scan(&t, damaged);
    assert_eq!(reply.status, CheckinStatus::Registered);
    assert!(reply.name_needs_confirmation);
    let code = reply.attendee.unwrap().code;
    let profile = t.fair.attendee(&code).unwrap();
    // Gender and century come from the ID number when the gender field is unreadable.
    assert_eq!(profile.gender, Some(fairdesk::domain::Gender::Female));
    let fixed = t
        .fair
        .update_attendee(
            &code,
            ProfileUpdate {
                full_name: Some("Nguyễn Thị Hồng".into()),
                household: Some(Household::NearPoor),
                ethnic_minority: Some(YesNo::No),
                phone: Some("84912345678".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(fixed.name, "Nguyễn Thị Hồng");
    assert!(!fixed.name_needs_confirmation);
    let again = scan(&t, "0912345678");
    assert_eq!(again.attendee.unwrap().code, code);
    assert!(again.ask.is_empty());
}

#[test]
fn exits_are_counted_so_on_site_now_is_right() {
    let t = TestFair::new();
    let a = t.checked_in(1);
    t.checked_in(2);
    let out = t
        .fair
        .checkin(CheckinRequest {
            scan: format!("FD1:PL26:{a}"),
            direction: Direction::Out,
            station: Some("door".into()),
            idempotency_key: None,
        })
        .unwrap();
    assert_eq!(out.status, CheckinStatus::CheckedOut);
    let report = t.fair.report(ReportRange::all()).unwrap();
    assert_eq!((report.people, report.on_site_now, report.exits), (2, 1, 1));
    t.advance_min(10);
    assert_eq!(
        scan(&t, &format!("FD1:PL26:{a}")).status,
        CheckinStatus::ReEntry
    );
    let report = t.fair.report(ReportRange::all()).unwrap();
    assert_eq!(
        (report.people, report.checkins, report.on_site_now),
        (2, 3, 2)
    );
}

#[test]
fn a_retried_check_in_with_the_same_key_counts_once() {
    let t = TestFair::new();
    let code = t.code(5);
    let request = CheckinRequest {
        scan: format!("FD1:PL26:{code}"),
        direction: Direction::In,
        station: Some("kiosk-2".into()),
        idempotency_key: Some("kiosk-2:17".into()),
    };
    let first = t.fair.checkin(request.clone()).unwrap();
    t.advance_min(1);
    let second = t.fair.checkin(request).unwrap();
    assert_eq!(first, second);
    assert_eq!(second.status, CheckinStatus::CheckedIn);
    assert_eq!(t.fair.report(ReportRange::all()).unwrap().checkins, 1);
}

#[test]
fn a_family_sharing_one_phone_is_not_guessed() {
    let t = TestFair::new();
    for n in [1, 2] {
        let code = t.code(n);
        t.fair
            .update_attendee(
                &code,
                ProfileUpdate {
                    phone: Some("0977000111".into()),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    let reply = scan(&t, "0977000111");
    assert_eq!(reply.status, CheckinStatus::NotFound);
    assert_eq!(reply.reason.as_deref(), Some("phone_shared"));
    assert!(reply.attendee.is_none());
}

#[test]
fn messages_and_logs_never_carry_the_id_number_or_name() {
    let t = TestFair::new();
    scan(&t, WALK_IN);
    scan(&t, "019099999999");
    for row in t.fair.log().unwrap() {
        let text = row.data.to_string();
        assert!(!text.contains("019095001234"), "{text}");
        assert!(!text.contains("019099999999"), "{text}");
        assert!(!text.contains("Nguyễn"), "{text}");
    }
}

#[test]
fn a_walk_in_named_with_hidden_control_characters_is_stored_clean_and_flagged() {
    let t = TestFair::new();
    // A right-to-left override, a zero-width space, a terminal escape and NUL in the name,
    // and a byte-order mark before the payload, as a hostile QR or a phone app would send.
    let hostile = format!(
        "\u{FEFF}{}",
        WALK_IN.replace("Nguyễn Văn Ân", "Nguyễn\u{202E} Văn\u{200B} Ân\u{1b}\u{0}")
    );
    let reply = scan(&t, &hostile);
    assert_eq!(reply.status, CheckinStatus::Registered);
    assert!(
        reply.name_needs_confirmation,
        "a tampered name goes to a person to check"
    );
    let brief = reply.attendee.unwrap();
    assert_eq!(brief.name, "Nguyễn Văn Ân");
    assert_eq!(t.fair.attendee(&brief.code).unwrap().name, "Nguyễn Văn Ân");
    // A correction made only of invisible characters is an empty name: refused, unchanged.
    let err = t
        .fair
        .update_attendee(
            &brief.code,
            ProfileUpdate {
                full_name: Some("\u{202E}\u{200B}\u{2066}".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert_eq!(t.fair.attendee(&brief.code).unwrap().name, "Nguyễn Văn Ân");
}

fn commune_count(report: &fairdesk::report::Report, key: &str) -> u32 {
    report
        .by_commune
        .iter()
        .find(|c| c.key == key)
        .map_or(0, |c| c.people)
}

#[test]
fn a_walk_in_whose_card_names_a_commune_outside_the_list_counts_outside_it_not_as_unknown() {
    let t = TestFair::new();
    let before = t.report_rebuilt_from_log();
    let outside = "019095004321||Lò Văn Páo|15031995|Nam|Bản Nà Cọ, Xã Tân Cương, Huyện Phú Bình, Tỉnh Thái Nguyên|20042021";
    let no_commune = "019196004322||Lò Thị Ón|15031996|Nữ|Tỉnh Thái Nguyên|20042021";
    let code = scan(&t, outside).attendee.unwrap().code;
    assert_eq!(scan(&t, no_commune).status, CheckinStatus::Registered);

    let report = t.report_rebuilt_from_log();
    assert_eq!(
        commune_count(&report, "outside"),
        commune_count(&before, "outside") + 1
    );
    assert_eq!(
        commune_count(&report, "unknown"),
        commune_count(&before, "unknown") + 1
    );
    // The dashboard's live figures say the same.
    let live = t.fair.report(ReportRange::all()).unwrap();
    assert_eq!(live.by_commune, report.by_commune);
    // The help desk sees the commune as the card wrote it.
    let person = t.fair.helpdesk_person(&code).unwrap();
    assert_eq!(person.commune_outside.as_deref(), Some("Xã Tân Cương"));
    assert_eq!(person.profile.commune.as_deref(), Some("Xã Tân Cương"));
    // So does the workbook's list of people, for the follow-up calls.
    let outcomes = t.fair.attendee_outcomes(ReportRange::all()).unwrap();
    let row = outcomes.iter().find(|o| o.code == code).unwrap();
    assert_eq!(row.commune.as_deref(), Some("Xã Tân Cương"));

    // Scanned again: nothing changes, nothing new in the log but the entry.
    let logged = log_count(&t);
    assert_eq!(scan(&t, outside).status, CheckinStatus::ReEntry);
    assert_eq!(log_count(&t), logged + 1);
    assert_eq!(t.report_rebuilt_from_log().by_commune, report.by_commune);
}
