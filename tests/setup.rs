//! The organiser's setup changes (fair::organiser): each one changes the state and writes its
//! log row in the same transaction; bad input is refused with a reason and leaves nothing
//! behind; the report rebuilt from the log still equals the one from the tables.

mod common;

use chrono::NaiveDate;
use common::TestFair;
use fairdesk::api::{FairApi, FairError, StaffAction, Target, Vacancy};
use fairdesk::domain::BoothKind;
use fairdesk::fair::{EventDetails, Refusal, SetupError};
use fairdesk::report::ReportRange;
use fairdesk::store::LogRow;

/// Log rows appended since `before` rows.
fn new_log(t: &TestFair, before: usize) -> Vec<LogRow> {
    t.fair.log().unwrap().split_off(before)
}

fn log_len(t: &TestFair) -> usize {
    t.fair.log().unwrap().len()
}

fn refused(result: Result<impl std::fmt::Debug, SetupError>) -> Refusal {
    match result {
        Err(SetupError::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn vacancy(title: &str, count: u32) -> Vacancy {
    Vacancy {
        title: title.into(),
        count,
        requirements: "Tốt nghiệp THPT".into(),
        wage: "8–10 triệu/tháng".into(),
    }
}

#[test]
fn a_booth_is_added_renamed_moved_closed_and_reopened_with_a_log_row_each() {
    let t = TestFair::new();
    let before = log_len(&t);
    t.fair
        .create_booth("k", "Công ty Thép", "Gian 20", BoothKind::Employer, 2)
        .unwrap();
    let k = t.fair.booths().unwrap().into_iter().find(|b| b.code == "K");
    let k = k.expect("booth K");
    assert_eq!(k.desks.len(), 2);
    assert_eq!(k.name, "Công ty Thép");

    t.fair
        .update_booth("K", "Công ty Cổ phần Gang Thép", "Gian 21")
        .unwrap();
    t.fair.set_booth_open("K", false).unwrap();
    let k = t.fair.setup_view().unwrap().booths;
    let k = k.iter().find(|b| b.code == "K").unwrap();
    assert_eq!(
        (k.name.as_str(), k.location.as_str(), k.open),
        ("Công ty Cổ phần Gang Thép", "Gian 21", false)
    );
    t.fair.set_booth_open("K", true).unwrap();

    let kinds: Vec<String> = new_log(&t, before).into_iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            "booth_added",
            "booth_updated",
            "booth_closed",
            "booth_reopened"
        ]
    );
    // Closing twice is no change, so no second log row.
    t.fair.set_booth_open("K", true).unwrap();
    assert_eq!(log_len(&t), before + 4);
    t.report_rebuilt_from_log();
}

#[test]
fn a_closed_booth_takes_no_new_tickets_but_keeps_the_ones_it_has() {
    let t = TestFair::new();
    let first = t.checked_in(1);
    let second = t.checked_in(2);
    let ticket = t.fair.issue_ticket(&first, "B", None).unwrap();
    t.fair.set_booth_open("B", false).unwrap();

    let err = t.fair.issue_ticket(&second, "B", None).unwrap_err();
    assert!(matches!(err, FairError::BoothClosed { .. }), "{err:?}");
    let choices = t.fair.suggestions(&second).unwrap();
    assert!(!choices.employers.iter().any(|b| b.code == "B"));
    // The ticket already issued is still served.
    let called = t.fair.call_next("B1").unwrap().expect("B's waiting ticket");
    assert_eq!(called.ticket, ticket.ticket);
}

#[test]
fn desks_are_added_renamed_closed_and_reopened() {
    let t = TestFair::new();
    let before = log_len(&t);
    assert_eq!(t.fair.add_desk("A").unwrap(), "A3");
    assert_eq!(t.fair.add_desk("T").unwrap(), "T3", "T has T1 and T2");
    t.fair.rename_desk("A3", "Bàn 3 – cạnh cửa sổ").unwrap();
    assert_eq!(
        t.fair.desk_view("A3").unwrap().desk.label,
        "Bàn 3 – cạnh cửa sổ"
    );

    t.fair.set_desk_closed("A3", true).unwrap();
    let a = t.booth("A");
    assert_eq!(
        a.desks.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        ["A1", "A2"],
        "a closed desk leaves the booth's desk list"
    );
    let setup = t.fair.setup_view().unwrap();
    let a3 = setup.booths[0]
        .desks
        .iter()
        .find(|d| d.code == "A3")
        .unwrap();
    assert!(a3.closed && !a3.open);
    // A booth console cannot reopen a closed desk with its pause toggle.
    assert!(t.fair.set_desk_open("A3", true).is_err());
    assert!(matches!(
        t.fair.call_next("A3"),
        Err(FairError::DeskPaused { .. })
    ));
    t.fair.set_desk_closed("A3", false).unwrap();
    assert!(t.fair.desk_view("A3").unwrap().desk.open);

    let kinds: Vec<String> = new_log(&t, before).into_iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            "desk_added",
            "desk_added",
            "desk_renamed",
            "desk_closed",
            "desk_reopened"
        ]
    );
}

#[test]
fn a_desk_serving_someone_cannot_close() {
    let t = TestFair::new();
    let code = t.checked_in(1);
    t.fair.issue_ticket(&code, "A", None).unwrap();
    let called = t.fair.call_next("A1").unwrap().unwrap();
    let before = log_len(&t);
    assert_eq!(
        refused(t.fair.set_desk_closed("A1", true)),
        Refusal::DeskServing {
            desk: "A1".into(),
            ticket: called.ticket.clone()
        }
    );
    t.fair
        .act(Target::Desk("A1".into()), StaffAction::Start)
        .unwrap();
    assert!(matches!(
        refused(t.fair.set_desk_closed("A1", true)),
        Refusal::DeskServing { .. }
    ));
    assert_eq!(log_len(&t), before + 1, "only the start was logged");
    assert!(t.fair.desk_view("A1").unwrap().desk.open);
}

#[test]
fn vacancies_are_added_edited_and_removed_and_the_report_follows() {
    let t = TestFair::new();
    let total = |t: &TestFair| {
        t.fair
            .report(ReportRange::all())
            .unwrap()
            .totals
            .vacancies_offered
    };
    let start = total(&t);
    let before = log_len(&t);

    let id = t.fair.add_vacancy("B", &vacancy("Thợ cắt", 12)).unwrap();
    assert_eq!(total(&t), start + 12);
    let mut edited = vacancy("Thợ cắt vải", 20);
    edited.wage = "9–11 triệu/tháng".into();
    t.fair.update_vacancy(id, &edited).unwrap();
    assert_eq!(total(&t), start + 20);
    let b = t.booth("B");
    assert!(b.vacancies.contains(&edited));
    t.report_rebuilt_from_log();

    t.fair.remove_vacancy(id).unwrap();
    assert_eq!(total(&t), start);
    let log = new_log(&t, before);
    let kinds: Vec<&str> = log.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["vacancy_added", "vacancy_updated", "vacancy_removed"]
    );
    assert_eq!(log[1].data["count"], 20);
    t.report_rebuilt_from_log();

    assert_eq!(
        refused(t.fair.remove_vacancy(id)),
        Refusal::NoSuchVacancy,
        "removed already"
    );
}

#[test]
fn renamed_booths_and_changed_vacancies_rebuild_the_same_report() {
    let t = TestFair::new();
    let code = t.checked_in(1);
    t.fair.issue_ticket(&code, "A", None).unwrap();
    t.fair
        .update_booth("A", "Điện tử Yên Bình (mới)", "Gian 9")
        .unwrap();
    t.fair.add_vacancy("C", &vacancy("Lái xe", 3)).unwrap();
    t.fair
        .create_booth("M", "Cty Mới", "", BoothKind::Employer, 1)
        .unwrap();
    t.fair.add_vacancy("M", &vacancy("Bảo vệ", 4)).unwrap();
    t.fair.set_booth_open("C", false).unwrap();
    t.fair.set_desk_closed("B1", true).unwrap();
    let report = t.fair.report(ReportRange::all()).unwrap();
    assert!(
        report
            .booths
            .iter()
            .any(|b| b.name == "Điện tử Yên Bình (mới)"),
        "{:?}",
        report.booths
    );
    t.report_rebuilt_from_log();
}

#[test]
fn the_event_name_venue_and_date_change_with_a_log_row() {
    let t = TestFair::new();
    let before = log_len(&t);
    let date = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    t.fair
        .update_event(&EventDetails {
            name: "  Phiên giao dịch việc làm tháng 11  ".into(),
            venue: "Trung tâm Dịch vụ việc làm".into(),
            date,
        })
        .unwrap();
    let event = t.fair.event().unwrap();
    assert_eq!(event.name, "Phiên giao dịch việc làm tháng 11");
    assert_eq!(event.venue, "Trung tâm Dịch vụ việc làm");
    assert_eq!(event.date, date);
    let log = new_log(&t, before);
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].kind, "event_updated");
    assert_eq!(log[0].data["date"], "2026-11-28");
    assert_eq!(t.fair.board().unwrap().event_name, event.name);
}

#[test]
fn bad_input_is_refused_with_a_reason_and_writes_nothing() {
    let t = TestFair::new();
    let before = log_len(&t);
    let employer = BoothKind::Employer;
    assert_eq!(
        refused(t.fair.create_booth("A", "Trùng", "", employer, 1)),
        Refusal::BoothExists { code: "A".into() }
    );
    assert_eq!(
        refused(t.fair.create_booth("K", "   ", "", employer, 1)),
        Refusal::EmptyName
    );
    assert!(matches!(
        refused(t.fair.create_booth("1K", "Tên", "", employer, 1)),
        Refusal::BadBoothCode { .. }
    ));
    assert_eq!(
        refused(t.fair.create_booth("K", "Tên", "", employer, 0)),
        Refusal::BadDeskCount
    );
    assert_eq!(
        refused(t.fair.update_booth("A", "", "Gian 1")),
        Refusal::EmptyName
    );
    assert_eq!(
        refused(t.fair.update_booth("Z", "Tên", "")),
        Refusal::NoSuchBooth { code: "Z".into() }
    );
    assert_eq!(
        refused(t.fair.update_booth("A", &"x".repeat(201), "")),
        Refusal::TooLong {
            field: "name".into()
        }
    );
    assert_eq!(
        refused(t.fair.rename_desk("Z9", "Bàn")),
        Refusal::NoSuchDesk { code: "Z9".into() }
    );
    assert_eq!(refused(t.fair.rename_desk("A1", " ")), Refusal::EmptyName);
    assert_eq!(
        refused(t.fair.add_vacancy("T", &vacancy("Tư vấn", 1))),
        Refusal::NotEmployer { code: "T".into() }
    );
    assert_eq!(
        refused(t.fair.add_vacancy("A", &vacancy("", 1))),
        Refusal::EmptyTitle
    );
    assert_eq!(
        refused(t.fair.add_vacancy("A", &vacancy("Thợ", 0))),
        Refusal::BadCount
    );
    assert_eq!(
        refused(t.fair.update_event(&EventDetails {
            name: String::new(),
            venue: String::new(),
            date: common::event_date(),
        })),
        Refusal::EmptyName
    );
    assert_eq!(
        refused(t.fair.update_event(&EventDetails {
            name: "Tên".into(),
            venue: String::new(),
            date: NaiveDate::from_ymd_opt(1999, 1, 1).unwrap(),
        })),
        Refusal::DateOutOfRange
    );
    assert_eq!(log_len(&t), before, "no refusal left a log row");
    assert!(!t.fair.booths().unwrap().iter().any(|b| b.code == "K"));
}

#[test]
fn the_pin_changes_only_with_the_old_pin_and_a_repeated_new_one() {
    let t = TestFair::new();
    let old = fairdesk::demo::DEMO_PIN;
    let before = log_len(&t);
    assert_eq!(
        refused(t.fair.change_pin("0000", "13579", "13579")),
        Refusal::WrongPin
    );
    assert_eq!(
        refused(t.fair.change_pin(old, "135", "135")),
        Refusal::PinFormat
    );
    assert_eq!(
        refused(t.fair.change_pin(old, "1234567890123", "1234567890123")),
        Refusal::PinFormat
    );
    assert_eq!(
        refused(t.fair.change_pin(old, "12ab", "12ab")),
        Refusal::PinFormat
    );
    assert_eq!(
        refused(t.fair.change_pin(old, "13579", "13578")),
        Refusal::PinMismatch
    );
    assert_eq!(log_len(&t), before);
    assert!(t.fair.verify_pin(old).unwrap());

    t.fair.change_pin(old, "13579", "13579").unwrap();
    assert!(!t.fair.verify_pin(old).unwrap());
    assert!(t.fair.verify_pin("13579").unwrap());
    let log = new_log(&t, before);
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].kind, "pin_changed");
    assert!(
        !log[0].data.to_string().contains("13579"),
        "no PIN in the log"
    );
}

#[test]
fn the_closed_desk_migration_runs_once_and_keeps_old_databases() {
    use fairdesk::store::schema::{MIGRATIONS, migrate};
    use rusqlite::Connection;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // A database made before migration 3, with a desk in it.
    {
        let conn = Connection::open(&path).unwrap();
        for m in &MIGRATIONS[..2] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute_batch(
            "INSERT INTO booth (code, kind, name) VALUES ('A', 'employer', 'X');
             INSERT INTO desk (code, booth_id, label) VALUES ('A1', 1, 'Bàn A1');",
        )
        .unwrap();
    }
    let mut conn = Connection::open(&path).unwrap();
    migrate(&mut conn).unwrap();
    migrate(&mut conn).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, i64::try_from(MIGRATIONS.len()).unwrap());
    let (open, closed): (bool, bool) = conn
        .query_row("SELECT open, closed FROM desk WHERE code = 'A1'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(open && !closed, "existing desks stay open");
    conn.execute("UPDATE desk SET closed = 1, open = 0", [])
        .unwrap();
    assert!(
        conn.execute("UPDATE desk SET open = 1", []).is_err(),
        "a closed desk cannot be reopened by the pause toggle"
    );
}
