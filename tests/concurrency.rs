//! Many stations at once: concurrent writes are group-committed, each one all-or-nothing.

mod common;

use std::sync::Arc;

use common::TestFair;
use fairdesk::api::{CheckinRequest, CheckinStatus, FairApi, FairError};
use fairdesk::report::ReportRange;

#[test]
fn concurrent_check_ins_from_eight_stations_all_count_exactly_once() {
    let t = TestFair::new();
    let codes: Vec<String> = (1..=200).map(|n| t.code(n)).collect();
    let fair = Arc::new(t.fair);
    let handles: Vec<_> = (0..8)
        .map(|station| {
            let fair = fair.clone();
            let mine: Vec<String> = codes.iter().skip(station).step_by(8).cloned().collect();
            std::thread::spawn(move || {
                mine.iter()
                    .map(|code| {
                        fair.checkin(CheckinRequest::entry(
                            format!("FD1:PL26:{code}"),
                            &format!("kiosk-{station}"),
                        ))
                        .unwrap()
                        .status
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let statuses: Vec<CheckinStatus> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert_eq!(statuses.len(), 200);
    assert!(statuses.iter().all(|s| *s == CheckinStatus::CheckedIn));
    let report = fair.report(ReportRange::all()).unwrap();
    assert_eq!((report.people, report.checkins), (200, 200));
    let log = fair.log().unwrap();
    assert_eq!(log.iter().filter(|r| r.kind == "checkin").count(), 200);
}

#[test]
fn a_refused_operation_in_a_busy_batch_leaves_the_others_intact() {
    let t = TestFair::new();
    let codes: Vec<String> = (1..=40).map(|n| t.checked_in(n)).collect();
    let fair = Arc::new(t.fair);
    // Everyone asks for booth A twice at the same time: exactly one ticket each succeeds.
    let handles: Vec<_> = codes
        .iter()
        .flat_map(|c| [c.clone(), c.clone()])
        .map(|code| {
            let fair = fair.clone();
            std::thread::spawn(move || fair.issue_ticket(&code, "A", None))
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(FairError::AlreadyQueued { .. })))
        .count();
    assert_eq!((ok, refused), (40, 40));
    let booth = fair
        .booths()
        .unwrap()
        .into_iter()
        .find(|b| b.code == "A")
        .unwrap();
    assert_eq!(booth.waiting, 40);
    let mut numbers: Vec<String> = results
        .into_iter()
        .filter_map(Result::ok)
        .map(|t| t.ticket)
        .collect();
    numbers.sort();
    assert_eq!(numbers.first().map(String::as_str), Some("A001"));
    assert_eq!(
        numbers.last().map(String::as_str),
        Some("A040"),
        "no gaps: refused tickets used no number"
    );
    assert_eq!(
        fair.log()
            .unwrap()
            .iter()
            .filter(|r| r.kind == "ticket_issued")
            .count(),
        40
    );
}
