//! The staff screens as a new user meets them (issue 13): the board lists who is being called
//! now, and the booth console says what it is doing.

mod common;
mod screen;

use std::sync::Arc;

use common::TestFair;
use fairdesk::api::{FairApi, StaffAction, Target};
use fairdesk::fair::Fair;
use fairdesk::ui::board::BoardScreen;
use fairdesk::ui::chime::Chime;
use screen::*;

/// A second engine on the same file, as the app would open it.
fn api(t: &TestFair) -> Arc<dyn FairApi> {
    Arc::new(Fair::open_with_clock(&t.path(), t.clock.clone()).expect("open"))
}

/// The tickets on the board, top first.
fn board_tickets(t: &TestFair) -> Vec<String> {
    t.fair
        .board()
        .expect("board")
        .calls
        .into_iter()
        .map(|c| c.ticket)
        .collect()
}

#[test]
fn the_board_lists_the_tickets_being_called_newest_first_until_they_are_served() {
    let t = TestFair::new();
    // Four people at booth A, each called to a desk in turn.
    let desks: Vec<String> = t.booth("A").desks.iter().map(|d| d.code.clone()).collect();
    let people: Vec<String> = (1..=4).map(|n| t.checked_in(n)).collect();
    for person in &people {
        t.fair.issue_ticket(person, "A", None).expect("ticket");
    }
    let b = t.checked_in(5);
    t.fair.issue_ticket(&b, "B", None).expect("ticket");
    let first = t.fair.call_next(&desks[0]).unwrap().expect("A001 called");
    t.advance_min(1);
    let second = t.fair.call_next("B1").unwrap().expect("B001 called");
    assert_eq!(
        board_tickets(&t),
        [second.ticket.clone(), first.ticket.clone()]
    );

    // Started: the person is at the desk, the board stops calling them.
    t.fair
        .act(Target::Desk("B1".into()), StaffAction::Start)
        .unwrap();
    assert_eq!(board_tickets(&t), std::slice::from_ref(&first.ticket));

    // A no-show leaves the board; the desk's next call takes its place.
    let grace = t.fair.event().unwrap().noshow_grace_s;
    t.clock
        .advance(chrono::Duration::seconds(i64::from(grace) + 1));
    t.fair
        .act(Target::Desk(desks[0].clone()), StaffAction::NoShow)
        .unwrap();
    assert!(board_tickets(&t).is_empty(), "{:?}", board_tickets(&t));
    let third = t.fair.call_next(&desks[0]).unwrap().expect("A002 called");
    assert_eq!(board_tickets(&t), std::slice::from_ref(&third.ticket));

    // A recall moves its ticket to the top and is marked.
    t.fair
        .act(
            Target::Desk("B1".into()),
            StaffAction::Finish {
                outcome: fairdesk::domain::Outcome::Hired,
                note: None,
            },
        )
        .unwrap();
    let c = t.checked_in(6);
    t.fair.issue_ticket(&c, "B", None).expect("ticket");
    t.advance_min(1);
    let fourth = t.fair.call_next("B1").unwrap().expect("B002 called");
    assert_eq!(
        board_tickets(&t),
        [fourth.ticket.clone(), third.ticket.clone()]
    );
    t.advance_min(1);
    t.fair
        .act(Target::Desk(desks[0].clone()), StaffAction::Recall)
        .unwrap();
    assert_eq!(
        board_tickets(&t),
        [third.ticket.clone(), fourth.ticket.clone()]
    );

    let mut board = staff_harness(BoardScreen::new(api(&t), Chime::silent()));
    step_until(&mut board, "the board", |h| shows(h, &third.ticket));
    assert!(shows(&board, vi("walk.board_recall")));
    assert!(!shows(&board, &first.ticket), "a no-show is not called");
    assert!(
        !shows(&board, &second.ticket),
        "a started ticket is not called"
    );

    // Finished: off the board.
    t.fair
        .act(Target::Desk(desks[0].clone()), StaffAction::Start)
        .unwrap();
    assert!(!board_tickets(&t).contains(&third.ticket));
}

#[test]
fn the_booth_console_keeps_its_layout_says_when_paused_and_names_places_as_attendees_see_them() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    use fairdesk::ui::booth::BoothConsole;
    let t = TestFair::new();
    let booth = t.booth("A");
    let desk = booth.desks[0].clone();
    for n in 1..=2 {
        let person = t.checked_in(n);
        t.fair.issue_ticket(&person, "A", None).expect("ticket");
    }
    let mut console = staff_harness(BoothConsole::new(api(&t), "A", Some(&desk.code)));
    // The place as attendees' tickets and the board name it.
    assert!(shows(
        &console,
        &format!("{} · {}", booth.location, desk.label)
    ));
    press(&mut console, vi("call_next"));
    let outcome_top = |h: &egui_kittest::Harness<'static, BoothConsole>| {
        h.query(
            egui_kittest::kittest::by()
                .role(Role::Button)
                .label_contains(vi("done")),
        )
        .expect("the Done button")
        .rect()
        .min
        .y
    };
    let before = outcome_top(&console);
    // A no-show after the grace: "put back in line" appears, nothing below it moves.
    let grace = t.fair.event().unwrap().noshow_grace_s;
    t.clock
        .advance(chrono::Duration::seconds(i64::from(grace) + 1));
    // The console counts the grace down from when it got the view, in real time.
    console.state_mut().state.view_at =
        std::time::Instant::now().checked_sub(std::time::Duration::from_secs(u64::from(grace) + 1));
    console.run();
    let no_show = format!("{} [N]", vi("no_show"));
    step_until(&mut console, "no-show allowed", |h| shows(h, &no_show));
    press(&mut console, &no_show);
    step_until(&mut console, "the desk free", |h| shows(h, vi("call_next")));
    press(&mut console, vi("call_next"));
    assert!(shows(&console, "A002"));
    assert!(shows(
        &console,
        &vif("booth.reinstate", &[("ticket", "A001")])
    ));
    assert_eq!(
        outcome_top(&console),
        before,
        "the outcome buttons stay put"
    );

    // Paused: a band says so, not only the button's label.
    assert!(!shows(&console, vi("booth.paused")));
    press(&mut console, vi("booth.pause"));
    step_until(&mut console, "the paused band", |h| {
        shows(h, vi("booth.paused"))
    });
}

#[test]
fn every_dashboard_tile_fits_a_1280_wide_screen_with_its_number_on_one_line() {
    use fairdesk::ui::dashboard::DashboardScreen;
    let t = TestFair::new();
    // A long median wait: a dozen people waited a good while before their call.
    for n in 1..=12 {
        let person = t.checked_in(n);
        t.fair.issue_ticket(&person, "A", None).unwrap();
    }
    t.advance_min(75);
    // Served after that long wait: the median wait reads "75 phút".
    for desk in t.booth("A").desks {
        t.fair.call_next(&desk.code).unwrap();
        t.fair
            .act(Target::Desk(desk.code.clone()), StaffAction::Start)
            .unwrap();
        t.fair
            .act(
                Target::Desk(desk.code.clone()),
                StaffAction::Finish {
                    outcome: fairdesk::domain::Outcome::Interviewed,
                    note: None,
                },
            )
            .unwrap();
    }
    let mut dash = staff_harness(DashboardScreen::new(api(&t), t.dir.path().to_path_buf()));
    unlock(&mut dash, fairdesk::demo::DEMO_PIN);
    step_until(&mut dash, "the dashboard", |h| shows(h, vi("dash.hired")));
    for key in [
        "dash.people",
        "dash.on_site",
        "dash.visits",
        "dash.waiting",
        "dash.served",
        "dash.hired",
        "dash.median_wait",
    ] {
        use egui_kittest::kittest::Queryable;
        // A tile's text is "title\nvalue".
        let title = format!("{}\n", vi(key));
        let tile = dash
            .query_all_by_label_contains(&title)
            .next()
            .unwrap_or_else(|| panic!("no {key} tile: {:?}", all_text(&dash)))
            .rect();
        assert!(
            tile.max.x <= 1280.0,
            "the {key} tile reaches {} px: {tile:?}",
            tile.max.x
        );
        // Its number on one line: at most two lines of title (17 pt) over one of value (40 pt).
        assert!(
            tile.height() <= 120.0,
            "the {key} tile's value wraps: {tile:?}"
        );
    }
}

#[test]
fn a_booth_corrects_a_finished_outcome_and_the_report_counts_the_correction() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::{Queryable, by};
    use fairdesk::domain::Outcome;
    use fairdesk::ui::booth::BoothConsole;
    let t = TestFair::new();
    for n in 1..=2 {
        let person = t.checked_in(n);
        t.fair.issue_ticket(&person, "A", None).expect("ticket");
    }
    let mut console = staff_harness(BoothConsole::new(api(&t), "A", Some("A1")));
    // Serve both, recording "Interviewed" for each.
    for _ in 0..2 {
        press(&mut console, vi("call_next"));
        press(&mut console, vi("booth.start"));
        press_exact(&mut console, vi("outcome.interviewed"));
        press(&mut console, vi("done"));
        step_until(&mut console, "the desk free", |h| shows(h, vi("call_next")));
    }
    // Idle: the last outcomes are listed, newest first, each with "Correct".
    step_until(&mut console, "the recent outcomes", |h| {
        shows(h, &vif("booth.recent", &[("n", "5")]))
    });
    let corrects: Vec<_> = console
        .query_all(by().role(Role::Button).label(vi("booth.amend")))
        .map(|n| n.rect().min.y)
        .collect();
    assert_eq!(corrects.len(), 2, "{:?}", all_text(&console));
    // A002 was the last served: the top row. The staff member meant "hired on the spot".
    console
        .query_all(by().role(Role::Button).label(vi("booth.amend")))
        .min_by(|a, b| a.rect().min.y.total_cmp(&b.rect().min.y))
        .unwrap()
        .click();
    console.run();
    assert!(shows(
        &console,
        &vif("booth.amend_to", &[("ticket", "A002")])
    ));
    press_exact(&mut console, vi("outcome.hired"));
    step_until(&mut console, "the correction noted", |h| {
        shows(
            h,
            &vif(
                "booth.amended",
                &[("ticket", "A002"), ("outcome", vi("outcome.hired"))],
            ),
        )
    });
    let view = t.fair.desk_view("A1").unwrap();
    assert_eq!(view.recent[0].ticket, "A002");
    assert_eq!(view.recent[0].outcome, Some(Outcome::Hired));
    assert_eq!(view.recent[1].outcome, Some(Outcome::Interviewed));
    // One new log row; the report from the tables and from the log agree on the hire.
    let kinds: Vec<String> = t.fair.log().unwrap().into_iter().map(|r| r.kind).collect();
    assert_eq!(kinds.iter().filter(|k| *k == "outcome_amended").count(), 1);
    assert_eq!(kinds.iter().filter(|k| *k == "finished").count(), 2);
    let report = t.report_rebuilt_from_log();
    assert_eq!(report.totals.hired, 1);
}
