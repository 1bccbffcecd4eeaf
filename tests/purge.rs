//! Retention (issue 17): `fairdesk purge` removes names, ID numbers, phones, birth days and
//! notes of a finished event from the tables and the log and vacuums the file; the headcount
//! report is exactly what it was, the log still rebuilds it, and the file's bytes hold none of
//! the purged names or ID numbers.

mod common;

use std::process::Command;

use common::TestFair;
use fairdesk::api::{CheckinRequest, FairApi, StaffAction, Target};
use fairdesk::domain::Outcome;
use fairdesk::report::ReportRange;

const WALK_IN: &str = "019195001234||Lò Thị Purge|05031995|Nữ|Xóm Đồng, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên|01012025";

/// A small fair day: pre-registered people in, a walk-in from a card, tickets, one finished
/// with a note.
fn a_day(t: &TestFair) {
    for n in 1..=6 {
        let code = t.checked_in(n);
        t.fair
            .issue_ticket(&code, if n % 2 == 0 { "A" } else { "B" }, None)
            .unwrap();
        t.advance_min(3);
    }
    let walk_in = t
        .fair
        .checkin(CheckinRequest::entry(WALK_IN, "kiosk-1"))
        .unwrap();
    t.fair
        .issue_ticket(&walk_in.attendee.unwrap().code, "A", None)
        .unwrap();
    t.fair.call_next("A1").unwrap().unwrap();
    t.fair
        .act(Target::Desk("A1".into()), StaffAction::Start)
        .unwrap();
    t.advance_min(5);
    t.fair
        .act(
            Target::Desk("A1".into()),
            StaffAction::Finish {
                outcome: Outcome::Hired,
                note: Some("gọi lại cho chị Purge".into()),
            },
        )
        .unwrap();
}

fn identities(t: &TestFair) -> Vec<(String, Option<String>, Option<String>)> {
    t.fair.with_store(|s| {
        s.connection()
            .prepare("SELECT full_name, id_number, phone FROM attendee ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    })
}

fn file_bytes(t: &TestFair) -> Vec<u8> {
    let mut bytes = std::fs::read(t.path()).unwrap();
    let wal = fairdesk::store::private::sidecar(&t.path(), "-wal");
    if let Ok(more) = std::fs::read(wal) {
        bytes.extend(more);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn purging_keeps_the_report_and_leaves_no_name_or_id_number_in_the_file() {
    let t = TestFair::new();
    a_day(&t);
    let before = t.fair.report(ReportRange::all()).unwrap();
    assert_eq!(t.report_rebuilt_from_log(), before);
    let people = identities(&t);
    let names: Vec<&str> = people.iter().map(|(name, _, _)| name.as_str()).collect();
    let ids: Vec<&str> = people
        .iter()
        .filter_map(|(_, id, _)| id.as_deref())
        .collect();
    assert!(names.contains(&"Lò Thị Purge") && ids.contains(&"019195001234"));
    assert!(
        contains(&file_bytes(&t), "Lò Thị Purge"),
        "the name is on disk before"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["purge", "--db"])
        .arg(t.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["attendees"], people.len());
    assert_eq!(summary["notes"], 1);

    assert_eq!(t.fair.report(ReportRange::all()).unwrap(), before);
    assert_eq!(t.report_rebuilt_from_log(), before);
    let bytes = file_bytes(&t);
    for name in names.iter().filter(|n| n.chars().count() > 4) {
        assert!(!contains(&bytes, name), "{name} is still in the file");
    }
    for id in &ids {
        assert!(!contains(&bytes, id), "{id} is still in the file");
    }
    assert!(
        !contains(&bytes, "gọi lại cho chị Purge"),
        "the note is still in the file"
    );
    assert!(
        identities(&t)
            .iter()
            .all(|(name, id, phone)| name.is_empty() && id.is_none() && phone.is_none())
    );
    // One recorded rewrite, and the log is append-only again.
    let log = t.fair.log().unwrap();
    assert_eq!(
        log.iter()
            .filter(|r| r.kind == "personal_data_purged")
            .count(),
        1
    );
    let refused = t
        .fair
        .with_store(|s| s.connection().execute("UPDATE log SET data = '{}'", []));
    assert!(refused.is_err(), "the log accepts updates after a purge");
}

#[test]
fn phones_can_be_kept_for_follow_up_and_later_people_are_left_alone() {
    let t = TestFair::new();
    a_day(&t);
    let before = identities(&t);
    let phones = before.iter().filter(|(_, _, p)| p.is_some()).count();
    assert!(phones > 0);
    let out = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["purge", "--keep-phone-for-followup", "--db"])
        .arg(t.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let after = identities(&t);
    assert_eq!(after.iter().filter(|(_, _, p)| p.is_some()).count(), phones);
    assert!(
        after
            .iter()
            .all(|(name, id, _)| name.is_empty() && id.is_none())
    );

    // --before a day before anyone registered purges nobody.
    let t = TestFair::new();
    a_day(&t);
    let before = identities(&t);
    let out = Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["purge", "--before", "2020-01-01", "--db"])
        .arg(t.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(identities(&t), before);
}
