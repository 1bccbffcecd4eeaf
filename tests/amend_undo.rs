//! Taking back what was just done (issue 13, items 6 and 12), on the engine: a kiosk's "choose
//! again" cancels only the waiting tickets it issued moments ago to the attendee in front of
//! it, and a desk corrects one of its last outcomes as a new logged change, after which the
//! report from the tables and the report rebuilt from the log still agree.

mod common;

use common::TestFair;
use fairdesk::api::{AMENDABLE_OUTCOMES, FairApi, FairError, StaffAction, Target};
use fairdesk::domain::{Outcome, TicketState};

fn issue(t: &TestFair, attendee: &str, booth: &str) -> String {
    t.fair
        .issue_ticket(attendee, booth, Some("kiosk"))
        .unwrap()
        .ticket
}

fn state_of(t: &TestFair, number: &str) -> TicketState {
    t.fair
        .with_store(|s| s.read(|tx| Ok(tx.ticket_by_number(number)?.unwrap().state)))
        .unwrap()
}

#[test]
fn choose_again_cancels_the_waiting_tickets_and_keeps_one_already_called() {
    let t = TestFair::new();
    let me = t.checked_in(4);
    let a = issue(&t, &me, "A");
    let b = issue(&t, &me, "B");
    // Booth A calls me in the seconds the tickets screen is up.
    let called = t.fair.call_next("A1").unwrap().unwrap();
    assert_eq!(called.ticket, a);
    let log_before = t.fair.log().unwrap().len();

    let reply = t
        .fair
        .undo_tickets(&me, &[a.clone(), b.clone()], Some("kiosk-1"))
        .unwrap();
    assert_eq!(reply.cancelled, vec![b.clone()]);
    assert_eq!(reply.kept, vec![a.clone()]);
    let open: Vec<_> = reply
        .profile
        .open_tickets
        .iter()
        .map(|v| &v.ticket)
        .collect();
    assert_eq!(open, vec![&a]);
    assert_eq!(state_of(&t, &b), TicketState::Cancelled);
    assert_eq!(state_of(&t, &a), TicketState::Called);
    // One log row, in the same transaction: a cancel marked as the attendee's own undo.
    let log = t.fair.log().unwrap();
    assert_eq!(log.len(), log_before + 1);
    let row = log.last().unwrap();
    assert_eq!(row.kind, "cancelled");
    assert_eq!(row.station.as_deref(), Some("kiosk-1"));
    assert_eq!(row.data["undo"], true);
    t.report_rebuilt_from_log();
    // The freed place can be chosen again.
    issue(&t, &me, "B");
}

#[test]
fn choose_again_touches_no_one_else_and_nothing_older_than_the_visit() {
    let t = TestFair::new();
    let me = t.checked_in(4);
    let other = t.checked_in(5);
    let theirs = issue(&t, &other, "B");
    // Someone else's number: as if it did not exist, and nothing is cancelled.
    let mine = issue(&t, &me, "A");
    let err = t
        .fair
        .undo_tickets(&me, &[mine.clone(), theirs.clone()], None)
        .unwrap_err();
    assert!(matches!(err, FairError::NotFound { .. }), "{err:?}");
    assert_eq!(state_of(&t, &theirs), TicketState::Waiting);
    assert_eq!(state_of(&t, &mine), TicketState::Waiting, "all or nothing");
    // A ticket from earlier in the morning is not "just issued": kept.
    t.advance_min(30);
    let reply = t
        .fair
        .undo_tickets(&me, std::slice::from_ref(&mine), None)
        .unwrap();
    assert!(reply.cancelled.is_empty());
    assert_eq!(reply.kept, vec![mine.clone()]);
    assert_eq!(state_of(&t, &mine), TicketState::Waiting);
    // Junk is refused, not a panic.
    assert!(
        t.fair
            .undo_tickets(&me, &["<script>".into()], None)
            .is_err()
    );
    assert!(t.fair.undo_tickets("NOPE", &[mine], None).is_err());
}

/// Calls, starts and finishes the next candidate at `desk` with `outcome`; returns the number.
fn serve(t: &TestFair, desk: &str, outcome: Outcome) -> String {
    let called = t.fair.call_next(desk).unwrap().expect("someone to call");
    let finish = StaffAction::Finish {
        outcome,
        note: None,
    };
    t.fair
        .act(Target::Desk(desk.into()), StaffAction::Start)
        .unwrap();
    t.fair.act(Target::Desk(desk.into()), finish).unwrap();
    called.ticket
}

#[test]
fn a_desk_corrects_one_of_its_last_outcomes_and_the_report_and_log_rebuild_agree() {
    let t = TestFair::new();
    let served: Vec<String> = (1..=7)
        .map(|n| {
            let code = t.checked_in(n);
            issue(&t, &code, "A");
            t.advance_min(1);
            serve(&t, "A1", Outcome::Interviewed)
        })
        .collect();
    let report = t.report_rebuilt_from_log();
    assert_eq!(report.totals.hired, 0);
    let view = t.fair.desk_view("A1").unwrap();
    let recent: Vec<_> = view.recent.iter().map(|v| v.ticket.clone()).collect();
    let expected: Vec<_> = served
        .iter()
        .rev()
        .take(AMENDABLE_OUTCOMES as usize)
        .cloned()
        .collect();
    assert_eq!(recent, expected, "the desk's last finished, newest first");

    let finished_rows_before: Vec<_> = t
        .fair
        .log()
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == "finished")
        .collect();
    let last = served.last().unwrap();
    let amended = t
        .fair
        .amend_outcome("A1", last, Outcome::Hired, Some("Ký hợp đồng".into()))
        .unwrap();
    assert_eq!(amended.outcome, Some(Outcome::Hired));
    assert_eq!(amended.state, TicketState::Done);
    assert_eq!(amended.note.as_deref(), Some("Ký hợp đồng"));

    // A new change, appended: the old "finished" rows are as they were.
    let log = t.fair.log().unwrap();
    let finished_rows_after: Vec<_> = log
        .iter()
        .filter(|r| r.kind == "finished")
        .cloned()
        .collect();
    assert_eq!(finished_rows_before, finished_rows_after);
    let row = log.last().unwrap();
    assert_eq!(row.kind, "outcome_amended");
    assert_eq!(row.data["outcome"], "hired");
    assert_eq!(row.data["was"], "interviewed");
    assert!(
        row.data.get("note").is_none(),
        "free text stays out of the log"
    );

    // The tables and the log rebuild agree, and both count the hire.
    let report = t.report_rebuilt_from_log();
    assert_eq!(report.totals.hired, 1);
    let booth = report.booths.iter().find(|b| b.code == "A").unwrap();
    assert_eq!(booth.outcomes["hired"], 1);
    assert_eq!(booth.outcomes["interviewed"], 6);

    // The same outcome again changes and logs nothing.
    let len = log.len();
    t.fair
        .amend_outcome("A1", last, Outcome::Hired, None)
        .unwrap();
    assert_eq!(t.fair.log().unwrap().len(), len);

    // Older than the last five: refused. Another booth's desk: not found.
    let err = t
        .fair
        .amend_outcome("A1", &served[0], Outcome::Hired, None)
        .unwrap_err();
    assert!(matches!(err, FairError::Invalid { .. }), "{err:?}");
    let err = t
        .fair
        .amend_outcome("B1", last, Outcome::NotSuitable, None)
        .unwrap_err();
    assert!(matches!(err, FairError::NotFound { .. }), "{err:?}");
    assert_eq!(t.report_rebuilt_from_log().totals.hired, 1);
}

#[test]
fn only_a_finished_ticket_can_be_amended() {
    let t = TestFair::new();
    let code = t.checked_in(1);
    let number = issue(&t, &code, "A");
    t.fair.call_next("A1").unwrap();
    let err = t
        .fair
        .amend_outcome("A1", &number, Outcome::Hired, None)
        .unwrap_err();
    assert!(matches!(err, FairError::Invalid { .. }), "{err:?}");
    assert!(
        t.fair
            .amend_outcome("A1", "../x", Outcome::Hired, None)
            .is_err()
    );
    let long = "x".repeat(5000);
    assert!(
        t.fair
            .amend_outcome("A1", &number, Outcome::Hired, Some(long))
            .is_err()
    );
}
