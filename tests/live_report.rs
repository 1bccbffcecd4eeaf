//! The live report (issue 19): the dashboard's figures are kept in memory and advanced from the
//! log rows since the last fetch, yet after any sequence of operations they equal a report
//! computed from scratch, from the state tables and from the log alone. A purge, which
//! rewrites the log, is noticed and the figures stay right.

use std::sync::Arc;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use fairdesk::api::{CheckinRequest, Correction, FairApi, ProfileUpdate, StaffAction, Target};
use fairdesk::domain::{Direction, Gender, Household, Outcome, TicketState, YesNo};
use fairdesk::fair::{Fair, ManualClock};
use fairdesk::report::{Facts, Report, ReportRange};
use fairdesk::store::{PurgeOptions, Store};
use proptest::prelude::*;

const PEOPLE: usize = 8;
const BOOTHS: &[&str] = &["A", "B", "T"];
const DESKS: &[&str] = &["A1", "A2", "B1", "T1", "T2"];

#[derive(Debug, Clone)]
enum Op {
    Entry(usize),
    Exit(usize),
    WalkIn(bool),
    Issue(usize, usize),
    Call(usize),
    Start(usize),
    Finish(usize, usize),
    NoShow(usize),
    Reinstate(usize),
    Cancel(usize),
    Transfer(usize, usize),
    Profile(usize, usize, usize),
    Correct(usize, usize, bool, usize),
    /// A desk corrects a finished outcome (issue 13, item 12).
    Amend(usize, usize, usize),
    /// A kiosk takes back a person's just-issued ticket ("choose again").
    Undo(usize, usize),
    Wait(i64),
    /// Fetch the live report (whole event) and compare it with one computed from scratch.
    Look,
    /// The same for a morning window.
    LookRange,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..PEOPLE).prop_map(Op::Entry),
        1 => (0..PEOPLE).prop_map(Op::Exit),
        1 => any::<bool>().prop_map(Op::WalkIn),
        4 => (0..PEOPLE, 0..BOOTHS.len()).prop_map(|(a, b)| Op::Issue(a, b)),
        4 => (0..DESKS.len()).prop_map(Op::Call),
        3 => (0..DESKS.len()).prop_map(Op::Start),
        3 => (0..DESKS.len(), 0..Outcome::ALL.len()).prop_map(|(d, o)| Op::Finish(d, o)),
        1 => (0..DESKS.len()).prop_map(Op::NoShow),
        1 => (0..40usize).prop_map(Op::Reinstate),
        1 => (0..40usize).prop_map(Op::Cancel),
        1 => (0..40usize, 0..BOOTHS.len()).prop_map(|(t, b)| Op::Transfer(t, b)),
        1 => (0..PEOPLE, 0..Household::ALL.len(), 0..YesNo::ALL.len())
            .prop_map(|(a, h, y)| Op::Profile(a, h, y)),
        1 => (0..PEOPLE, 0..4usize, any::<bool>(), 0..60usize)
            .prop_map(|(a, c, g, y)| Op::Correct(a, c, g, y)),
        2 => (0..DESKS.len(), 0..40usize, 0..Outcome::ALL.len())
            .prop_map(|(d, t, o)| Op::Amend(d, t, o)),
        1 => (0..PEOPLE, 0..40usize).prop_map(|(a, t)| Op::Undo(a, t)),
        2 => (1..20i64).prop_map(Op::Wait),
        2 => Just(Op::Look),
        1 => Just(Op::LookRange),
    ]
}

/// A small demo fair with `PEOPLE` pre-registered, half of them already in.
struct Day {
    _dir: tempfile::TempDir,
    fair: Fair,
    clock: Arc<ManualClock>,
    people: Vec<String>,
    tickets: Vec<String>,
    walk_ins: u32,
    communes: Vec<String>,
}

fn start() -> Day {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 1, 0, 0).unwrap(),
    ));
    let setup = fairdesk::demo::setup(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    let fair = Fair::init_with_clock(&dir.path().join("live.db"), &setup, clock.clone()).unwrap();
    let event = fair.event().unwrap();
    let ids = event.commune_ids();
    let people: Vec<String> = fair
        .add_attendees(&fairdesk::demo::attendees(PEOPLE, &ids, 11), None)
        .unwrap()
        .into_iter()
        .map(|r| r.code)
        .collect();
    for code in people.iter().step_by(2) {
        fair.checkin(CheckinRequest::entry(format!("FD1:PL26:{code}"), "p"))
            .unwrap();
    }
    Day {
        _dir: dir,
        fair,
        clock,
        people,
        tickets: Vec::new(),
        walk_ins: 0,
        communes: event.communes.iter().map(|c| c.name.clone()).collect(),
    }
}

fn morning() -> ReportRange {
    ReportRange {
        from: Some(Utc.with_ymd_and_hms(2026, 11, 27, 1, 10, 0).unwrap()),
        to: Some(Utc.with_ymd_and_hms(2026, 11, 27, 2, 30, 0).unwrap()),
    }
}

/// The live report for `range` equals the one computed from the tables and the one from the
/// log alone.
fn check(fair: &Fair, range: ReportRange) -> Report {
    let live = fair.report(range).unwrap();
    let from_state = fair.full_report(range).unwrap();
    assert_eq!(live, from_state, "live vs state tables, {range:?}");
    let from_log = Report::compute(
        &Facts::from_log(fair.event().unwrap(), &fair.log().unwrap()),
        range,
        fair.now(),
    );
    assert_eq!(live, from_log, "live vs log, {range:?}");
    live
}

impl Day {
    fn ticket(&self, n: usize) -> Option<String> {
        (!self.tickets.is_empty()).then(|| self.tickets[n % self.tickets.len()].clone())
    }

    fn scan(&self, a: usize, direction: Direction) {
        let mut request = CheckinRequest::entry(format!("FD1:PL26:{}", self.people[a]), "p");
        request.direction = direction;
        let _ = self.fair.checkin(request);
    }

    fn apply(&mut self, op: &Op) {
        let fair = &self.fair;
        // Refusals (a desk with nothing to start, a ticket in the wrong state) are part of
        // the sequence: they must change nothing.
        match op.clone() {
            Op::Entry(a) => self.scan(a, Direction::In),
            Op::Exit(a) => self.scan(a, Direction::Out),
            Op::WalkIn(female) => {
                self.walk_ins += 1;
                let (digit, gender) = if female { ('1', "Nữ") } else { ('0', "Nam") };
                // A listed commune, one outside the list, or none on the card.
                let address = [
                    "Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên",
                    "Xã Tân Cương, TP Thái Nguyên, Tỉnh Thái Nguyên",
                    "Tỉnh Thái Nguyên",
                ][self.walk_ins as usize % 3];
                let card = format!(
                    "019{digit}95{:06}||Người Mới {}|15031995|{gender}|{address}|20042021",
                    self.walk_ins, self.walk_ins
                );
                if let Ok(reply) = fair.checkin(CheckinRequest::entry(card, "kiosk"))
                    && let Some(attendee) = reply.attendee
                {
                    self.people.push(attendee.code);
                }
            }
            Op::Issue(a, b) => {
                if let Ok(issued) = fair.issue_ticket(&self.people[a], BOOTHS[b], None) {
                    self.tickets.push(issued.ticket);
                }
            }
            Op::Call(d) => {
                let _ = fair.call_next(DESKS[d]);
            }
            Op::Start(d) => {
                let _ = fair.act(Target::Desk(DESKS[d].into()), StaffAction::Start);
            }
            Op::Finish(d, o) => {
                let _ = fair.act(
                    Target::Desk(DESKS[d].into()),
                    StaffAction::Finish {
                        outcome: Outcome::ALL[o],
                        note: None,
                    },
                );
            }
            Op::NoShow(d) => {
                let _ = fair.act(Target::Desk(DESKS[d].into()), StaffAction::NoShow);
            }
            Op::Reinstate(n) => {
                if let Some(t) = self.ticket(n) {
                    let _ = fair.act(Target::Ticket(t), StaffAction::Reinstate);
                }
            }
            Op::Cancel(n) => {
                if let Some(t) = self.ticket(n) {
                    let _ = fair.act(Target::Ticket(t), StaffAction::Cancel);
                }
            }
            Op::Transfer(n, b) => {
                if let Some(t) = self.ticket(n) {
                    let moved = fair.act(
                        Target::Ticket(t),
                        StaffAction::Transfer {
                            booth: BOOTHS[b].into(),
                        },
                    );
                    if let Ok(view) = moved {
                        self.tickets.push(view.ticket);
                    }
                }
            }
            Op::Profile(a, h, y) => {
                let a = a % self.people.len();
                let _ = fair.update_attendee(
                    &self.people[a],
                    ProfileUpdate {
                        household: Some(Household::ALL[h]),
                        ethnic_minority: Some(YesNo::ALL[y]),
                        ..Default::default()
                    },
                );
            }
            Op::Correct(a, c, female, years) => {
                let a = a % self.people.len();
                let _ = fair.correct_attendee(
                    &self.people[a],
                    Correction {
                        commune: Some(match c {
                            3 => "Xã Tân Cương".to_string(),
                            c => self.communes[c % self.communes.len()].clone(),
                        }),
                        gender: Some(if female { Gender::Female } else { Gender::Male }),
                        birth_year: Some(2012 - i32::try_from(years).unwrap()),
                        station: Some("help".into()),
                        ..Default::default()
                    },
                );
            }
            Op::Amend(d, n, o) => {
                if let Some(t) = self.ticket(n) {
                    let _ = fair.amend_outcome(DESKS[d], &t, Outcome::ALL[o], None);
                }
            }
            Op::Undo(a, n) => {
                if let Some(t) = self.ticket(n) {
                    let _ = fair.undo_tickets(&self.people[a], &[t], Some("kiosk"));
                }
            }
            Op::Wait(m) => self.clock.advance(Duration::minutes(m)),
            Op::Look => {
                check(fair, ReportRange::all());
            }
            Op::LookRange => {
                check(fair, morning());
            }
        }
    }
}

fn run(ops: &[Op]) {
    let mut day = start();
    // Loaded once, here; every later look advances it from the log.
    check(&day.fair, ReportRange::all());
    for op in ops {
        day.apply(op);
    }
    check(&day.fair, ReportRange::all());
    check(&day.fair, morning());
    let stats = day.fair.live_stats();
    assert_eq!(
        stats.loads, 1,
        "the facts were reloaded instead of advanced"
    );
    let log = day.fair.log().unwrap();
    assert_eq!(
        stats.seq,
        u64::try_from(log.last().unwrap().id).unwrap(),
        "the facts are current to the newest log row"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_live_report_equals_a_full_report_after_any_operations(
        ops in prop::collection::vec(op(), 1..80)
    ) {
        run(&ops);
    }
}

#[test]
fn a_day_of_queues_keeps_the_live_report_equal_to_a_full_one() {
    let mut ops = Vec::new();
    for a in 0..PEOPLE {
        ops.extend([Op::Entry(a), Op::Issue(a, a % 3), Op::Issue(a, (a + 1) % 3)]);
    }
    for round in 0..6 {
        for d in 0..DESKS.len() {
            ops.extend([
                Op::Call(d),
                Op::Wait(2),
                Op::Start(d),
                Op::Wait(3),
                Op::Finish(d, (d + round) % Outcome::ALL.len()),
                Op::Look,
            ]);
        }
        ops.extend([
            Op::Exit(round),
            Op::Profile(round, round % 5, round % 3),
            Op::Correct(round + 1, round, round % 2 == 0, 20 + round * 7),
            Op::WalkIn(round % 2 == 1),
            Op::Transfer(round * 3, round % 3),
            Op::LookRange,
        ]);
    }
    run(&ops);
}

#[test]
fn after_a_purge_the_live_figures_are_reloaded_and_still_right() {
    let mut day = start();
    for op in [
        Op::Issue(0, 0),
        Op::Issue(2, 0),
        Op::Call(0),
        Op::Start(0),
        Op::Wait(4),
        Op::Finish(0, 1),
        Op::WalkIn(true),
    ] {
        day.apply(&op);
    }
    let before = check(&day.fair, ReportRange::all());
    assert_eq!(day.fair.live_stats().loads, 1);

    // `fairdesk purge` runs on its own connection, as the command does.
    let mut store = Store::open(&day._dir.path().join("live.db")).unwrap();
    let summary = store
        .purge(PurgeOptions::default(), day.fair.now())
        .unwrap();
    assert!(summary.attendees > 0);
    drop(store);

    let after = check(&day.fair, ReportRange::all());
    assert_eq!(
        day.fair.live_stats().loads,
        2,
        "the rewrite was not noticed"
    );
    assert_eq!(
        Report {
            generated_at: before.generated_at,
            ..after.clone()
        },
        before,
        "a purge keeps every figure"
    );

    // And the reloaded facts advance as before.
    day.apply(&Op::Entry(1));
    day.apply(&Op::Issue(1, 1));
    let later = check(&day.fair, ReportRange::all());
    assert_eq!(later.people, after.people + 1);
    assert_eq!(day.fair.live_stats().loads, 2);
}

#[test]
fn board_and_booths_follow_every_change_though_shared() {
    let day = start();
    let fair = &day.fair;
    let waiting = |code: &str| {
        fair.booths()
            .unwrap()
            .into_iter()
            .find(|b| b.code == code)
            .unwrap()
            .waiting
    };
    assert_eq!(waiting("A"), 0);
    // Asked twice at the same counter: the same answer.
    assert_eq!(fair.booths().unwrap(), fair.booths().unwrap());
    assert_eq!(fair.board().unwrap(), fair.board().unwrap());

    let ticket = fair.issue_ticket(&day.people[0], "A", None).unwrap().ticket;
    assert_eq!(waiting("A"), 1, "a cached status hid the new ticket");
    let board = fair.board().unwrap();
    assert_eq!(
        board
            .queues
            .iter()
            .find(|q| q.booth == "A")
            .unwrap()
            .waiting,
        1
    );
    assert!(board.calls.is_empty());

    let called = fair.call_next("A1").unwrap().unwrap();
    assert_eq!(called.ticket, ticket);
    assert_eq!(called.state, TicketState::Called);
    let board = fair.board().unwrap();
    assert_eq!(board.calls.len(), 1, "a cached board hid the call");
    assert_eq!(board.calls[0].ticket, ticket);
    assert_eq!(waiting("A"), 0);
}

#[test]
fn dashboards_asking_at_once_while_check_ins_flow_see_figures_that_only_grow_and_end_right() {
    let day = start();
    let fair = Arc::new(day.fair);
    let people = Arc::new(day.people.clone());
    std::thread::scope(|scope| {
        for kiosk in 0..3 {
            let fair = Arc::clone(&fair);
            let people = Arc::clone(&people);
            scope.spawn(move || {
                for round in 0..10 {
                    let code = &people[(kiosk * 3 + round) % people.len()];
                    fair.checkin(CheckinRequest::entry(format!("FD1:PL26:{code}"), "k"))
                        .unwrap();
                }
            });
        }
        for _ in 0..3 {
            let fair = Arc::clone(&fair);
            scope.spawn(move || {
                let mut last = 0;
                for _ in 0..15 {
                    let report = fair.report(ReportRange::all()).unwrap();
                    // Each refresh is a consistent snapshot no older than the one before.
                    assert!(report.checkins >= last, "{} < {last}", report.checkins);
                    assert_eq!(report.people, report.walk_ins + report.pre_registered);
                    last = report.checkins;
                }
            });
        }
    });
    let live = fair.report(ReportRange::all()).unwrap();
    assert_eq!(live, fair.full_report(ReportRange::all()).unwrap());
    // Four already in at the start, then 30 entries more.
    assert_eq!(live.checkins, 4 + 30);
    assert_eq!(fair.live_stats().loads, 1);
}
