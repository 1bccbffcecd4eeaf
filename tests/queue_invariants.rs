//! Property test: random sequences of queue operations never break the queue invariants,
//! and every successful operation leaves exactly its log rows.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use fairdesk::api::{CheckinRequest, FairApi, StaffAction, Target};
use fairdesk::domain::Outcome;
use fairdesk::fair::{Fair, ManualClock};
use proptest::prelude::*;

const PEOPLE: usize = 5;
const BOOTHS: &[&str] = &["A", "B", "T"];
const DESKS: &[&str] = &["A1", "A2", "B1", "T1", "T2"];

#[derive(Debug, Clone)]
enum Op {
    Checkin(usize),
    Issue(usize, usize),
    Call(usize),
    Recall(usize),
    Start(usize),
    Finish(usize, usize),
    NoShow(usize),
    Reinstate(u32),
    Cancel(u32),
    Transfer(u32, usize),
    Pause(usize, bool),
    Wait(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0..PEOPLE).prop_map(Op::Checkin),
        4 => (0..PEOPLE, 0..BOOTHS.len()).prop_map(|(a, b)| Op::Issue(a, b)),
        4 => (0..DESKS.len()).prop_map(Op::Call),
        1 => (0..DESKS.len()).prop_map(Op::Recall),
        3 => (0..DESKS.len()).prop_map(Op::Start),
        3 => (0..DESKS.len(), 0..Outcome::ALL.len()).prop_map(|(d, o)| Op::Finish(d, o)),
        2 => (0..DESKS.len()).prop_map(Op::NoShow),
        1 => (1..12u32).prop_map(Op::Reinstate),
        1 => (1..12u32).prop_map(Op::Cancel),
        1 => (1..12u32, 0..BOOTHS.len()).prop_map(|(t, b)| Op::Transfer(t, b)),
        1 => (0..DESKS.len(), any::<bool>()).prop_map(|(d, o)| Op::Pause(d, o)),
        2 => (1..15i64).prop_map(Op::Wait),
    ]
}

/// A ticket number by booth and sequence, e.g. (0, 3) → "A003".
fn some_ticket(fair: &Fair, n: u32) -> Option<String> {
    fair.with_store(|s| {
        s.connection()
            .query_row(
                "SELECT number FROM ticket ORDER BY id LIMIT 1 OFFSET ?1",
                [n - 1],
                |r| r.get(0),
            )
            .ok()
    })
}

fn count(fair: &Fair, sql: &str) -> i64 {
    fair.with_store(|s| s.connection().query_row(sql, [], |r| r.get(0)).unwrap())
}

fn check_invariants(fair: &Fair) {
    // At most one called/serving ticket per desk.
    assert_eq!(
        count(
            fair,
            "SELECT COUNT(*) FROM (SELECT desk_id FROM ticket WHERE state IN ('called','serving') GROUP BY desk_id HAVING COUNT(*) > 1)"
        ),
        0
    );
    // Called/serving tickets always have a desk.
    assert_eq!(
        count(
            fair,
            "SELECT COUNT(*) FROM ticket WHERE state IN ('called','serving') AND desk_id IS NULL"
        ),
        0
    );
    // At most N open tickets per attendee.
    assert_eq!(
        count(
            fair,
            "SELECT COUNT(*) FROM (SELECT attendee_id FROM ticket WHERE state IN ('waiting','called','serving') GROUP BY attendee_id HAVING COUNT(*) > 3)"
        ),
        0
    );
    // Never two open tickets of one attendee at one booth.
    assert_eq!(
        count(
            fair,
            "SELECT COUNT(*) FROM (SELECT 1 FROM ticket WHERE state IN ('waiting','called','serving') GROUP BY attendee_id, booth_id HAVING COUNT(*) > 1)"
        ),
        0
    );
    // An attendee called or served at one booth is not called anywhere else.
    assert_eq!(
        count(
            fair,
            "SELECT COUNT(*) FROM (SELECT 1 FROM ticket WHERE state IN ('called','serving') GROUP BY attendee_id HAVING COUNT(*) > 1)"
        ),
        0
    );
    // Every booth's waiting count (kept by triggers) is its waiting tickets.
    assert_eq!(
        count(
            fair,
            "SELECT COUNT(*) FROM booth b WHERE waiting <>
               (SELECT COUNT(*) FROM ticket t WHERE t.booth_id = b.id AND t.state = 'waiting')"
        ),
        0
    );
    // Each waiting ticket's place, as the attendee's profile shows it, is its rank in its
    // booth's queue (queue time, then id: tickets of one instant keep their order).
    let waiting: Vec<(String, String, i64)> = fair.with_store(|s| {
        let mut st = s
            .connection()
            .prepare(
                "SELECT a.code, t.number, 1 + (SELECT COUNT(*) FROM ticket u
                    WHERE u.booth_id = t.booth_id AND u.state = 'waiting'
                      AND (u.queued_at < t.queued_at OR (u.queued_at = t.queued_at AND u.id < t.id)))
                 FROM ticket t JOIN attendee a ON a.id = t.attendee_id WHERE t.state = 'waiting'",
            )
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    });
    for (code, number, rank) in waiting {
        let profile = fair.attendee(&code).unwrap();
        let shown = profile
            .open_tickets
            .iter()
            .find(|t| t.ticket == number)
            .and_then(|t| t.position);
        assert_eq!(shown, Some(u32::try_from(rank).unwrap()), "ticket {number}");
    }
    // Ticket numbers unique per booth.
    assert_eq!(
        count(
            fair,
            "SELECT COUNT(*) FROM (SELECT 1 FROM ticket GROUP BY booth_id, number HAVING COUNT(*) > 1)"
        ),
        0
    );
}

fn run(ops: &[Op]) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 1, 0, 0).unwrap(),
    ));
    let setup = fairdesk::demo::setup(chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    let fair = Fair::init_with_clock(&dir.path().join("p.db"), &setup, clock.clone()).unwrap();
    let communes: Vec<i64> = fair.event().unwrap().commune_ids();
    let people: Vec<String> = fair
        .add_attendees(&fairdesk::demo::attendees(PEOPLE, &communes, 7), None)
        .unwrap()
        .into_iter()
        .map(|r| r.code)
        .collect();
    // Everyone starts checked in, so most generated operations can succeed.
    for code in &people {
        fair.checkin(CheckinRequest::entry(format!("FD1:PL26:{code}"), "p"))
            .unwrap();
    }
    let mut expected_log = fair.log().unwrap().len();
    for op in ops {
        let before = fair.log().unwrap().len();
        // Log rows each successful operation must write.
        let rows = match op.clone() {
            Op::Checkin(a) => fair
                .checkin(CheckinRequest::entry(
                    format!("FD1:PL26:{}", people[a]),
                    "p",
                ))
                .map(|_| 1),
            Op::Issue(a, b) => fair.issue_ticket(&people[a], BOOTHS[b], None).map(|_| 1),
            Op::Call(d) => fair.call_next(DESKS[d]).map(|t| usize::from(t.is_some())),
            Op::Recall(d) => fair
                .act(Target::Desk(DESKS[d].into()), StaffAction::Recall)
                .map(|_| 1),
            Op::Start(d) => fair
                .act(Target::Desk(DESKS[d].into()), StaffAction::Start)
                .map(|_| 1),
            Op::Finish(d, o) => fair
                .act(
                    Target::Desk(DESKS[d].into()),
                    StaffAction::Finish {
                        outcome: Outcome::ALL[o],
                        note: None,
                    },
                )
                .map(|_| 1),
            Op::NoShow(d) => fair
                .act(Target::Desk(DESKS[d].into()), StaffAction::NoShow)
                .map(|_| 1),
            Op::Reinstate(n) => match some_ticket(&fair, n) {
                Some(t) => fair
                    .act(Target::Ticket(t), StaffAction::Reinstate)
                    .map(|_| 1),
                None => Ok(0),
            },
            Op::Cancel(n) => match some_ticket(&fair, n) {
                Some(t) => fair.act(Target::Ticket(t), StaffAction::Cancel).map(|_| 1),
                None => Ok(0),
            },
            Op::Transfer(n, b) => match some_ticket(&fair, n) {
                // The old ticket's "transferred" row and the new ticket's "ticket_issued" row.
                Some(t) => fair
                    .act(
                        Target::Ticket(t),
                        StaffAction::Transfer {
                            booth: BOOTHS[b].into(),
                        },
                    )
                    .map(|_| 2),
                None => Ok(0),
            },
            Op::Pause(d, open) => fair.set_desk_open(DESKS[d], open).map(|_| 1),
            Op::Wait(m) => {
                clock.advance(Duration::minutes(m));
                Ok(0)
            }
        };
        match rows {
            Ok(n) => expected_log += n,
            // A refused operation writes nothing (the transaction rolled back).
            Err(_) => assert_eq!(fair.log().unwrap().len(), before, "{op:?} failed but wrote"),
        }
        assert_eq!(fair.log().unwrap().len(), expected_log, "after {op:?}");
        check_invariants(&fair);
    }
    // The report rebuilt from the log alone agrees with the state tables.
    let event = fair.event().unwrap();
    let now = fair.now();
    let from_state =
        fairdesk::report::Report::compute(&fair.facts().unwrap(), Default::default(), now);
    let from_log = fairdesk::report::Report::compute(
        &fairdesk::report::Facts::from_log(event, &fair.log().unwrap()),
        Default::default(),
        now,
    );
    assert_eq!(from_state, from_log);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_queue_operations_keep_every_invariant(ops in prop::collection::vec(op(), 1..60)) {
        run(&ops);
    }
}

#[test]
fn an_attendee_queued_at_two_booths_is_called_at_one_only() {
    run(&[
        Op::Checkin(0),
        Op::Issue(0, 0),
        Op::Issue(0, 1),
        Op::Call(0),
        Op::Call(2),
    ]);
}
