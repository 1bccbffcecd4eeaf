//! Queue stories: tickets, calls, no-shows, transfers, routing (DESIGN §3).

mod common;

use common::TestFair;
use fairdesk::api::{FairApi, FairError, StaffAction, Target};
use fairdesk::domain::queue::TicketAction;
use fairdesk::domain::{Outcome, TicketState};

fn desk(d: &str) -> Target {
    Target::Desk(d.into())
}

fn ticket(n: &str) -> Target {
    Target::Ticket(n.into())
}

#[test]
fn tickets_are_numbered_per_booth_and_called_in_order() {
    let t = TestFair::new();
    let a = t.checked_in(1);
    let b = t.checked_in(2);
    let first = t.fair.issue_ticket(&a, "A", None).unwrap();
    let second = t.fair.issue_ticket(&b, "A", None).unwrap();
    let other = t.fair.issue_ticket(&a, "B", None).unwrap();
    assert_eq!((first.ticket.as_str(), first.position), ("A001", 1));
    assert_eq!((second.ticket.as_str(), second.position), ("A002", 2));
    assert_eq!(other.ticket, "B001");
    // Two desks of booth T number their desks T1, T2.
    let booths = t.fair.booths().unwrap();
    let counselling = booths.iter().find(|b| b.code == "T").unwrap();
    assert_eq!(
        counselling
            .desks
            .iter()
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>(),
        ["T1", "T2"]
    );
    let called = t.fair.call_next("A1").unwrap().unwrap();
    assert_eq!(called.ticket, "A001");
    assert_eq!(called.state, TicketState::Called);
    assert_eq!(called.desk.as_deref(), Some("A1"));
}

#[test]
fn call_next_skips_an_attendee_busy_at_another_booth_without_losing_their_place() {
    let t = TestFair::new();
    let a = t.checked_in(1);
    let b = t.checked_in(2);
    t.fair.issue_ticket(&a, "A", None).unwrap(); // A001
    t.fair.issue_ticket(&a, "B", None).unwrap(); // B001
    t.fair.issue_ticket(&b, "B", None).unwrap(); // B002
    assert_eq!(t.fair.call_next("A1").unwrap().unwrap().ticket, "A001");
    // a is at booth A, so booth B calls b first...
    assert_eq!(t.fair.call_next("B1").unwrap().unwrap().ticket, "B002");
    t.fair.act(desk("A1"), StaffAction::Start).unwrap();
    t.fair
        .act(
            desk("A1"),
            StaffAction::Finish {
                outcome: Outcome::Interviewed,
                note: None,
            },
        )
        .unwrap();
    t.fair.act(desk("B1"), StaffAction::Start).unwrap();
    t.fair
        .act(
            desk("B1"),
            StaffAction::Finish {
                outcome: Outcome::Shortlisted,
                note: None,
            },
        )
        .unwrap();
    // ...and a is still first in line once free.
    assert_eq!(t.fair.call_next("B1").unwrap().unwrap().ticket, "B001");
}

#[test]
fn a_desk_holds_one_candidate_at_a_time_and_says_so() {
    let t = TestFair::new();
    for n in 1..=2 {
        let code = t.checked_in(n);
        t.fair.issue_ticket(&code, "A", None).unwrap();
    }
    t.fair.call_next("A1").unwrap().unwrap();
    let busy = t.fair.call_next("A1").unwrap_err();
    assert_eq!(
        busy,
        FairError::DeskBusy {
            desk: "A1".into(),
            ticket: "A001".into()
        }
    );
    // The booth's second desk takes the next one.
    assert_eq!(t.fair.call_next("A2").unwrap().unwrap().ticket, "A002");
    assert!(t.fair.call_next("A2").is_err());
}

#[test]
fn nobody_waiting_means_no_call_and_nothing_logged() {
    let t = TestFair::new();
    let before = t.fair.change_counter().unwrap();
    assert_eq!(t.fair.call_next("C1").unwrap(), None);
    assert_eq!(t.fair.change_counter().unwrap(), before);
}

#[test]
fn recall_counts_and_illegal_transitions_are_typed_errors() {
    let t = TestFair::new();
    let a = t.checked_in(1);
    t.fair.issue_ticket(&a, "A", None).unwrap();
    let finish = StaffAction::Finish {
        outcome: Outcome::Hired,
        note: None,
    };
    let err = t.fair.act(ticket("A001"), finish.clone()).unwrap_err();
    assert_eq!(
        err,
        FairError::InvalidTransition {
            ticket: "A001".into(),
            state: TicketState::Waiting,
            action: TicketAction::Finish
        }
    );
    t.fair.call_next("A1").unwrap();
    t.fair.act(desk("A1"), StaffAction::Recall).unwrap();
    let recalled = t.fair.act(desk("A1"), StaffAction::Recall).unwrap();
    assert_eq!(recalled.recall_count, 2);
    assert!(matches!(
        t.fair.act(desk("A1"), finish.clone()),
        Err(FairError::InvalidTransition { .. })
    ));
    t.fair.act(desk("A1"), StaffAction::Start).unwrap();
    let done = t
        .fair
        .act(
            desk("A1"),
            StaffAction::Finish {
                outcome: Outcome::Hired,
                note: Some("Bắt đầu làm thứ Hai".into()),
            },
        )
        .unwrap();
    assert_eq!(
        (done.state, done.outcome),
        (TicketState::Done, Some(Outcome::Hired))
    );
    assert_eq!(done.note.as_deref(), Some("Bắt đầu làm thứ Hai"));
    assert_eq!(
        t.fair.act(desk("A1"), StaffAction::Recall).unwrap_err(),
        FairError::DeskIdle { desk: "A1".into() }
    );
    assert_eq!(
        t.fair
            .act(ticket("Z999"), StaffAction::Cancel)
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[test]
fn a_no_show_reinstated_goes_to_the_back_of_the_queue() {
    let t = TestFair::new();
    for n in 1..=3 {
        let code = t.checked_in(n);
        t.fair.issue_ticket(&code, "C", None).unwrap();
    }
    t.fair.call_next("C1").unwrap(); // C001
    let no_show = t.fair.act(desk("C1"), StaffAction::NoShow).unwrap();
    assert_eq!(no_show.state, TicketState::NoShow);
    t.advance_min(5);
    let back = t.fair.act(ticket("C001"), StaffAction::Reinstate).unwrap();
    assert_eq!((back.state, back.position), (TicketState::Waiting, Some(3)));
    assert_eq!(t.fair.call_next("C1").unwrap().unwrap().ticket, "C002");
}

#[test]
fn cancel_is_allowed_while_waiting_or_after_a_no_show_only() {
    let t = TestFair::new();
    let a = t.checked_in(1);
    t.fair.issue_ticket(&a, "D", None).unwrap();
    assert_eq!(
        t.fair
            .act(ticket("D001"), StaffAction::Cancel)
            .unwrap()
            .state,
        TicketState::Cancelled
    );
    assert!(t.fair.act(ticket("D001"), StaffAction::Reinstate).is_err());
    // A cancelled ticket frees the booth: the attendee may queue there again.
    assert_eq!(t.fair.issue_ticket(&a, "D", None).unwrap().ticket, "D002");
}

#[test]
fn an_attendee_holds_at_most_n_open_tickets_and_never_two_at_one_booth() {
    let t = TestFair::new();
    let a = t.checked_in(1);
    t.fair.issue_ticket(&a, "A", None).unwrap();
    assert!(matches!(
        t.fair.issue_ticket(&a, "A", None),
        Err(FairError::AlreadyQueued { .. })
    ));
    t.fair.issue_ticket(&a, "B", None).unwrap();
    t.fair.issue_ticket(&a, "T", None).unwrap();
    assert_eq!(
        t.fair.issue_ticket(&a, "C", None).unwrap_err(),
        FairError::TooManyOpenTickets { max: 3 }
    );
    assert_eq!(t.fair.attendee(&a).unwrap().open_tickets.len(), 3);
}

#[test]
fn tickets_are_for_people_who_checked_in() {
    let t = TestFair::new();
    let code = t.code(9);
    assert_eq!(
        t.fair.issue_ticket(&code, "A", None).unwrap_err(),
        FairError::NotCheckedIn
    );
    assert_eq!(
        t.fair.issue_ticket("ABCDEF", "A", None).unwrap_err().code(),
        "not_found"
    );
    let a = t.checked_in(9);
    assert_eq!(
        t.fair.issue_ticket(&a, "Q", None).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn a_transfer_keeps_the_original_issue_time_at_the_new_booth() {
    let t = TestFair::new();
    let a = t.checked_in(1);
    let b = t.checked_in(2);
    t.fair.issue_ticket(&a, "A", None).unwrap(); // A001 at 08:00
    t.advance_min(10);
    t.fair.issue_ticket(&b, "B", None).unwrap(); // B001 at 08:10
    t.fair.call_next("A1").unwrap();
    t.fair.act(desk("A1"), StaffAction::Start).unwrap();
    t.advance_min(5);
    let moved = t
        .fair
        .act(desk("A1"), StaffAction::Transfer { booth: "B".into() })
        .unwrap();
    assert_eq!(moved.ticket, "B002");
    assert_eq!(moved.position, Some(1), "issued earlier, so ahead of B001");
    assert_eq!(t.fair.desk_view("A1").unwrap().current, None);
    assert_eq!(t.fair.call_next("B1").unwrap().unwrap().ticket, "B002");
    let report = t.fair.report(fairdesk::report::ReportRange::all()).unwrap();
    let booth_a = report.booths.iter().find(|b| b.code == "A").unwrap();
    assert_eq!((booth_a.issued, booth_a.transferred), (1, 1));
}

#[test]
fn a_paused_desk_cannot_call_and_does_not_count_in_the_wait_estimate() {
    let t = TestFair::new();
    let a = t.checked_in(1);
    let b = t.checked_in(2);
    t.fair.set_desk_open("T2", false).unwrap();
    t.fair.issue_ticket(&a, "T", None).unwrap();
    let second = t.fair.issue_ticket(&b, "T", None).unwrap();
    assert_eq!(
        second.view.estimated_wait_s,
        Some(240),
        "one open desk, one person ahead"
    );
    assert_eq!(
        t.fair.call_next("T2").unwrap_err(),
        FairError::DeskPaused { desk: "T2".into() }
    );
    assert_eq!(t.fair.call_next("T1").unwrap().unwrap().ticket, "T001");
}

#[test]
fn the_desk_console_shows_the_candidate_and_their_wait() {
    let t = TestFair::new();
    let a = t.checked_in(1);
    t.fair.issue_ticket(&a, "E", None).unwrap();
    t.advance_min(7);
    t.fair.call_next("E1").unwrap();
    let view = t.fair.desk_view("E1").unwrap();
    assert_eq!(view.current.unwrap().ticket, "E001");
    let candidate = view.candidate.unwrap();
    assert_eq!(candidate.code, a);
    assert!(candidate.age.is_some());
    assert_eq!(
        candidate.household, None,
        "the demo does not show household category to booths"
    );
    assert_eq!(view.waited_s, Some(7 * 60));
}

#[test]
fn wait_estimates_use_the_booths_recent_median_service_time_and_open_desks() {
    let t = TestFair::new();
    // Booth T has two desks; with no data the default 240 s per person applies.
    let codes: Vec<String> = (1..=6).map(|n| t.checked_in(n)).collect();
    for c in &codes[..4] {
        t.fair.issue_ticket(c, "T", None).unwrap();
    }
    let fifth = t.fair.issue_ticket(&codes[4], "T", None).unwrap();
    assert_eq!(fifth.position, 5);
    assert_eq!(fifth.view.estimated_wait_s, Some(4 * 240 / 2));
    // One of T's desks shut for a break: the five waiting now share one desk.
    let both_open = t.booth("T").estimated_wait_s;
    t.fair.set_desk_open("T2", false).unwrap();
    assert_eq!(t.booth("T").estimated_wait_s, 2 * both_open);
    t.fair.set_desk_open("T2", true).unwrap();
    assert_eq!(t.booth("T").estimated_wait_s, both_open);
    // Serve two people in 10 minutes each at booth C: the estimate follows.
    for c in &codes[..2] {
        t.fair.issue_ticket(c, "C", None).unwrap();
    }
    for _ in 0..2 {
        t.fair.call_next("C1").unwrap().unwrap();
        t.fair.act(desk("C1"), StaffAction::Start).unwrap();
        t.advance_min(10);
        t.fair
            .act(
                desk("C1"),
                StaffAction::Finish {
                    outcome: Outcome::Interviewed,
                    note: None,
                },
            )
            .unwrap();
    }
    let late = t.fair.issue_ticket(&codes[5], "C", None).unwrap();
    assert_eq!((late.position, late.estimated_wait_min), (1, 0));
    let booth_c = t.booth("C");
    assert_eq!(booth_c.waiting, 1);
    assert_eq!(booth_c.estimated_wait_s, 600);
}

#[test]
fn routing_ranks_matching_employers_first_and_picks_the_shortest_counselling_queue() {
    let t = TestFair::new();
    let a = t.checked_in(1);
    t.fair
        .update_attendee(
            &a,
            fairdesk::api::ProfileUpdate {
                interests: Some(vec!["may mac".into()]),
                ..Default::default()
            },
        )
        .unwrap();
    let s = t.fair.suggestions(&a).unwrap();
    assert_eq!(
        s.employers.first().unwrap().code,
        "B",
        "garments first for someone interested in garments"
    );
    assert_eq!(s.employers.len(), 10);
    let mut topics: Vec<String> = s
        .counselling
        .iter()
        .map(|b| b.topic.clone().unwrap())
        .collect();
    topics.sort();
    assert_eq!(topics, ["job", "labour_export", "training"]);
    // With the job-counselling queue long at T, it still offers T (the only "job" booth).
    assert_eq!(
        s.counselling
            .iter()
            .find(|b| b.topic.as_deref() == Some("job"))
            .unwrap()
            .code,
        "T"
    );
}

#[test]
fn the_board_lists_calls_with_desks_and_never_names_or_id_numbers() {
    let t = TestFair::new();
    let mut names = Vec::new();
    for n in 1..=3 {
        let code = t.checked_in(n);
        let p = t.fair.attendee(&code).unwrap();
        names.push((
            p.name.clone(),
            p.masked_id.clone().unwrap()[..3].to_string(),
            code.clone(),
        ));
        t.fair.issue_ticket(&code, "A", None).unwrap();
    }
    t.fair.call_next("A1").unwrap();
    t.advance_min(1);
    t.fair.call_next("A2").unwrap();
    let board = t.fair.board().unwrap();
    assert_eq!(board.calls.first().unwrap().ticket, "A002");
    assert_eq!(board.calls.first().unwrap().desk_label, "Bàn A2");
    assert_eq!(
        board
            .queues
            .iter()
            .find(|q| q.booth == "A")
            .unwrap()
            .waiting,
        1
    );
    let text = serde_json::to_string(&board).unwrap();
    for (name, _, code) in &names {
        assert!(!text.contains(name.as_str()));
        assert!(!text.contains(code.as_str()));
    }
    assert!(!text.contains("019"));
}

#[test]
fn counselling_goes_to_the_shortest_queue_of_its_topic() {
    let t = TestFair::new();
    let csv = t.dir.path().join("booths.csv");
    std::fs::write(&csv, "Mã gian;Đơn vị;Loại;Vị trí;Chủ đề tư vấn;Số bàn\r\nU;Tư vấn việc làm 2;tư vấn;Bàn tư vấn 5;job;1\r\n").unwrap();
    let table = fairdesk::import::read_csv(&csv, fairdesk::import::BOOTH_COLUMNS).unwrap();
    assert_eq!(t.fair.import_booths(&table).unwrap().imported, 1);
    let codes: Vec<String> = (1..=4).map(|n| t.checked_in(n)).collect();
    // Three people wait at T (two desks: 3 × 240 / 2 = 360 s), one at U (1 × 240 = 240 s).
    for c in &codes[..3] {
        t.fair.issue_ticket(c, "T", None).unwrap();
    }
    let newcomer = t.checked_in(5);
    t.fair.issue_ticket(&codes[3], "U", None).unwrap();
    let s = t.fair.suggestions(&newcomer).unwrap();
    let job = s
        .counselling
        .iter()
        .find(|b| b.topic.as_deref() == Some("job"))
        .unwrap();
    assert_eq!(job.code, "U");
}
