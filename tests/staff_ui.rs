//! The staff and organiser screens as people use them: egui_kittest drives the same
//! `BoothConsole::ui`, `BoardScreen::ui`, `DashboardScreen::ui` and `SetupScreen::ui` the app
//! shows, over a real temporary database holding the demo fair; the engine (a second
//! connection) checks what they did.

mod common;
mod screen;

use std::sync::Arc;
use std::time::Duration;

use common::TestFair;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use fairdesk::api::{FairApi, StaffAction, Target};
use fairdesk::domain::{Outcome, TicketState};
use fairdesk::fair::Fair;
use fairdesk::report::ReportRange;
use fairdesk::ui::board::BoardScreen;
use fairdesk::ui::booth::BoothConsole;
use fairdesk::ui::chime::Chime;
use fairdesk::ui::dashboard::{DashboardScreen, bar_text, tile_text};
use fairdesk::ui::i18n::{Lang, tr};
use fairdesk::ui::setup::SetupScreen;
use screen::*;

/// A second engine on the same file, as the app would open it.
fn api(t: &TestFair) -> Arc<dyn FairApi> {
    Arc::new(Fair::open_with_clock(&t.path(), t.clock.clone()).expect("open"))
}

#[test]
fn booth_staff_call_the_right_candidate_and_hired_reaches_the_dashboard_and_report() {
    let t = TestFair::new();
    let first = t.checked_in(1);
    let second = t.checked_in(2);
    t.fair.issue_ticket(&first, "A", None).unwrap();
    t.fair.issue_ticket(&second, "A", None).unwrap();
    let candidate = t.fair.attendee(&first).unwrap();

    let mut dash = staff_harness(DashboardScreen::new(api(&t), t.dir.path().to_path_buf()));
    unlock(&mut dash, fairdesk::demo::DEMO_PIN);
    let hired = vi("dash.hired");
    step_until(&mut dash, "the dashboard", |h| {
        shows(h, &tile_text(hired, "0"))
    });

    let mut booth = staff_harness(BoothConsole::new(api(&t), "A", None));
    assert!(shows(
        &booth,
        &fairdesk::ui::i18n::trf(Lang::Vi, "booth.waiting", &[("n", "2")])
    ));
    assert!(shows(&booth, "A001") && shows(&booth, "A002"));

    press(&mut booth, vi("call_next"));
    assert!(
        shows(&booth, &candidate.name),
        "the candidate's name is shown"
    );
    if let Some(commune) = &candidate.commune {
        assert!(shows(&booth, commune));
    }
    let at_desk = t.fair.desk_view("A1").unwrap();
    assert_eq!(at_desk.current.unwrap().ticket, "A001");

    press(&mut booth, vi("outcome.hired"));
    press(&mut booth, vi("done"));
    let report = t.fair.report(ReportRange::all()).unwrap();
    assert_eq!(report.totals.hired, 1);
    assert_eq!(report.totals.visits, 1);
    assert!(shows(&booth, "A001: Trúng tuyển tại chỗ."));

    step_until(&mut dash, "the hired tile to change", |h| {
        shows(h, &tile_text(hired, "1"))
    });
}

#[test]
fn a_no_show_goes_back_in_line_with_keyboard_shortcuts() {
    let t = TestFair::new();
    let first = t.checked_in(1);
    t.fair.issue_ticket(&first, "A", None).unwrap();
    let mut booth = staff_harness(BoothConsole::new(api(&t), "A", Some("A1")));

    booth.key_press(egui::Key::Space);
    settle(&mut booth);
    assert_eq!(
        t.fair.desk_view("A1").unwrap().current.unwrap().state,
        TicketState::Called
    );
    // Within the event's grace (120 s) after the call, "No-show" waits and says how long.
    assert!(
        all_text(&booth)
            .iter()
            .any(|text| text.starts_with("Vắng mặt (sau 1")),
        "{:?}",
        all_text(&booth)
    );
    booth.key_press(egui::Key::N);
    settle(&mut booth);
    assert_eq!(
        t.fair.desk_view("A1").unwrap().current.unwrap().state,
        TicketState::Called,
        "no no-show one second after the call"
    );
    // Two minutes later (another check-in makes the console look again) it may.
    t.advance_min(2);
    t.checked_in(2);
    step_until(&mut booth, "the grace to run out", |h| {
        !all_text(h)
            .iter()
            .any(|text| text.starts_with("Vắng mặt (sau"))
    });
    booth.key_press(egui::Key::N);
    settle(&mut booth);
    let tickets = t.fair.attendee(&first).unwrap().open_tickets;
    assert!(tickets.is_empty(), "a no-show has no open ticket");
    assert!(shows(&booth, "A001: vắng mặt."));

    press(&mut booth, "Xếp lại hàng: A001");
    // Reinstated tickets wait at the back of the line.
    let tickets = t.fair.attendee(&first).unwrap().open_tickets;
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].state, TicketState::Waiting);
    step_until(&mut booth, "the queue to show A001 again", |h| {
        shows(h, "A001 đã được xếp lại cuối hàng.") && shows(h, "Đang chờ: 1")
    });
}

#[test]
fn a_candidate_is_transferred_to_another_booth() {
    let t = TestFair::new();
    let first = t.checked_in(1);
    t.fair.issue_ticket(&first, "A", None).unwrap();
    let mut booth = staff_harness(BoothConsole::new(api(&t), "A", None));
    press(&mut booth, vi("call_next"));

    booth.get_by_label(vi("booth.transfer_to")).click();
    booth.run();
    let b = t.booth("B");
    booth.get_by_label(&format!("B · {}", b.name)).click();
    booth.run();
    press(&mut booth, vi("booth.transfer"));

    let tickets = t.fair.attendee(&first).unwrap().open_tickets;
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].booth, "B");
    assert_eq!(tickets[0].state, TicketState::Waiting);
    assert!(shows(&booth, "A001 đã chuyển sang quầy B"));
    assert!(t.fair.desk_view("A1").unwrap().current.is_none());
}

#[test]
fn an_engine_refusal_is_shown_in_plain_words() {
    let t = TestFair::new();
    let first = t.checked_in(1);
    t.fair.issue_ticket(&first, "A", None).unwrap();
    let mut booth = staff_harness(BoothConsole::new(api(&t), "A", None));
    // Another console (same desk code, a second laptop) calls first; this one has not polled.
    t.fair.call_next("A1").unwrap();
    press(&mut booth, vi("call_next"));
    assert!(
        shows(&booth, "Bàn A1 đang bận với số A001."),
        "{:?}",
        all_text(&booth)
    );
}

#[test]
fn the_board_shows_numbers_and_desks_never_names_or_ids() {
    let t = TestFair::new();
    let mut people = Vec::new();
    for n in 1..=4 {
        let code = t.checked_in(n);
        people.push(code);
    }
    t.fair.issue_ticket(&people[0], "A", None).unwrap();
    t.fair.issue_ticket(&people[1], "A", None).unwrap();
    t.fair.issue_ticket(&people[2], "B", None).unwrap();
    t.fair.issue_ticket(&people[3], "T", None).unwrap();
    t.fair.call_next("A1").unwrap();
    t.fair.call_next("B1").unwrap();

    let mut board = staff_harness(BoardScreen::new(api(&t), Chime::silent()));
    step_until(&mut board, "the board", |h| shows(h, "B001"));
    assert!(shows(&board, "B001  ĐẾN  "));
    assert!(shows(&board, "A001"));
    // A new call is news: highlighted (and chimed).
    t.advance_min(1);
    t.fair
        .act(Target::Desk("A1".into()), StaffAction::Recall)
        .unwrap();
    step_until(&mut board, "the recall", |h| {
        h.state().state.highlight_until > h.state().state.now
    });
    assert!(shows(&board, "A001  ĐẾN  "));

    let text = all_text(&board).join("\n");
    for code in &people {
        let person = t.fair.attendee(code).unwrap();
        assert!(!text.contains(&person.name), "the board shows a name");
        assert!(!text.contains(code), "the board shows a registration code");
        if let Some(masked) = &person.masked_id {
            assert!(!text.contains(masked), "the board shows a masked ID");
        }
        let id_number = t
            .fair
            .with_store(|s| s.read(|tx| Ok(tx.attendee_by_code(code)?.and_then(|a| a.id_number))))
            .unwrap();
        if let Some(id) = id_number {
            assert!(!text.contains(&id), "the board shows an ID number");
        }
        if let Some(phone) = t
            .fair
            .with_store(|s| s.read(|tx| Ok(tx.attendee_by_code(code)?.and_then(|a| a.phone))))
            .unwrap()
        {
            assert!(!text.contains(&phone), "the board shows a phone number");
        }
    }
}

#[test]
fn the_dashboard_numbers_equal_the_engine_report() {
    let t = TestFair::new();
    let mut codes = Vec::new();
    for n in 1..=12 {
        codes.push(t.checked_in(n));
    }
    for (i, code) in codes.iter().enumerate() {
        let booth = ["A", "B", "C", "T"][i % 4];
        t.fair.issue_ticket(code, booth, None).unwrap();
    }
    t.advance_min(7);
    for (desk, outcome) in [
        ("A1", Outcome::Hired),
        ("B1", Outcome::Interviewed),
        ("C1", Outcome::Hired),
    ] {
        t.fair.call_next(desk).unwrap();
        t.fair
            .act(Target::Desk(desk.into()), StaffAction::Start)
            .unwrap();
        t.advance_min(4);
        t.fair
            .act(
                Target::Desk(desk.into()),
                StaffAction::Finish {
                    outcome,
                    note: None,
                },
            )
            .unwrap();
    }
    t.fair.call_next("A1").unwrap();
    t.fair
        .act(Target::Desk("A1".into()), StaffAction::NoShow)
        .unwrap();

    let mut dash = staff_harness(DashboardScreen::new(api(&t), t.dir.path().to_path_buf()));
    unlock(&mut dash, fairdesk::demo::DEMO_PIN);
    let report = t.fair.report(ReportRange::all()).unwrap();
    step_until(&mut dash, "the dashboard", |h| {
        shows(h, &tile_text(vi("dash.people"), &report.people.to_string()))
    });
    let waiting: u32 = report.booths.iter().map(|b| b.waiting).sum();
    let served: u32 = report.booths.iter().map(|b| b.served).sum();
    for (key, value) in [
        ("dash.people", report.people),
        ("dash.on_site", report.on_site_now),
        ("dash.visits", report.totals.visits),
        ("dash.waiting", waiting),
        ("dash.served", served),
        ("dash.hired", report.totals.hired),
    ] {
        assert!(
            shows(&dash, &tile_text(vi(key), &value.to_string())),
            "{key} should be {value}"
        );
    }
    assert_eq!(report.people, 12);
    assert_eq!(report.totals.hired, 2);
    let wait = report.totals.median_wait_s.unwrap().div_ceil(60);
    assert!(shows(
        &dash,
        &tile_text(vi("dash.median_wait"), &format!("{wait} phút"))
    ));
    for row in &report.by_gender {
        let label = match row.key.as_str() {
            "unknown" => vi("hh.unknown").to_string(),
            key => tr(Lang::Vi, &format!("gender.{key}")).to_string(),
        };
        assert!(
            shows(&dash, &bar_text(&label, row.people)),
            "gender {}",
            row.key
        );
    }
    for row in report
        .by_commune
        .iter()
        .filter(|r| !matches!(r.key.as_str(), "unknown" | "outside"))
    {
        assert!(shows(&dash, &bar_text(&row.label, row.people)));
    }

    // The CSV export writes the engine's report.
    let out = t.dir.path().join("out.csv");
    dash.state_mut().state.export_path = out.display().to_string();
    press(&mut dash, vi("dash.export_csv"));
    let bytes = std::fs::read(&out).expect("the export file");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with BOM for Excel"
    );
}

#[test]
fn the_dashboard_and_setup_need_the_organiser_pin() {
    let t = TestFair::new();
    let mut dash = staff_harness(DashboardScreen::new(api(&t), t.dir.path().to_path_buf()));
    assert!(!shows(&dash, vi("dash.people")));
    unlock(&mut dash, "0000");
    assert!(shows(&dash, vi("pin_wrong")));
    assert!(!dash.state().state.unlocked);
    assert!(!shows(&dash, vi("dash.people")));
    unlock(&mut dash, fairdesk::demo::DEMO_PIN);
    step_until(&mut dash, "the tiles", |h| shows(h, vi("dash.people")));

    let fair = Arc::new(Fair::open_with_clock(&t.path(), t.clock.clone()).unwrap());
    let mut setup = staff_harness(SetupScreen::new(fair));
    assert!(!shows(&setup, vi("setup.booths")));
    unlock(&mut setup, "1357");
    assert!(shows(&setup, vi("pin_wrong")));
    assert!(!shows(&setup, vi("setup.booths")));
    unlock(&mut setup, fairdesk::demo::DEMO_PIN);
    step_until(&mut setup, "the booth list", |h| {
        shows(h, vi("setup.booths")) && shows(h, "A1: Đang mở")
    });
}

#[test]
fn setup_pauses_a_desk_adds_a_booth_and_lists_rejected_import_rows() {
    let t = TestFair::new();
    let fair = Arc::new(Fair::open_with_clock(&t.path(), t.clock.clone()).unwrap());
    let mut setup = staff_harness_sized(SetupScreen::new(fair), 2000.0);
    unlock(&mut setup, fairdesk::demo::DEMO_PIN);
    step_until(&mut setup, "the booth list", |h| shows(h, "A1: Đang mở"));

    press(&mut setup, "A1: Đang mở");
    let a1 = t.fair.desk_view("A1").unwrap();
    assert!(!a1.desk.open, "A1 is paused");

    {
        let form = &mut setup.state_mut().state.new_booth;
        form.code = "K".into();
        form.name = "Công ty Cổ phần Thép Thái Nguyên".into();
        form.location = "Gian 20".into();
        form.desks = 2;
    }
    setup.run();
    press(&mut setup, vi("setup.add_booth"));
    let k = t.fair.booths().unwrap().into_iter().find(|b| b.code == "K");
    let k = k.unwrap_or_else(|| panic!("booth K not added: {:?}", all_text(&setup)));
    assert_eq!(k.desks.len(), 2);
    assert!(shows(&setup, "Đã thêm quầy K."));

    let csv = t.dir.path().join("booths.csv");
    std::fs::write(
        &csv,
        "code,name,kind,location,desks\nM,Cty May,employer,Gian 21,1\nA,Trùng mã,employer,Gian 22,1\n",
    )
    .unwrap();
    // Imports are on the Lists tab (tests/setup_ui.rs drives them in full).
    press(&mut setup, vi("setup.tab_lists"));
    {
        let import = &mut setup.state_mut().state.import;
        import.kind = fairdesk::ui::setup::ImportKind::Booths;
        import.path = csv.display().to_string();
    }
    setup.run();
    setup
        .get_by_role_and_label(Role::Button, vi("setup.import"))
        .click();
    settle(&mut setup);
    assert!(
        shows(&setup, "Không nhập dòng nào: 1 dòng lỗi."),
        "{:?}",
        all_text(&setup)
    );
    assert!(
        shows(&setup, "Dòng 3: gian A đã có"),
        "{:?}",
        all_text(&setup)
    );
    assert!(!t.fair.booths().unwrap().iter().any(|b| b.code == "M"));
}

#[test]
fn the_dashboard_exports_an_excel_workbook_of_the_report() {
    use calamine::Reader;
    let t = TestFair::new();
    t.checked_in(1);
    t.checked_in(2);
    let report = t.fair.report(fairdesk::report::ReportRange::all()).unwrap();
    let path = t.dir.path().join("report.xlsx");
    fairdesk::ui::dashboard::export_report(
        &report,
        fairdesk::ui::dashboard::ExportFormat::Xlsx(fairdesk::ui::i18n::Lang::En),
        &path,
    )
    .unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert!(book.sheet_names().len() >= 7, "{:?}", book.sheet_names());
    let summary = book.worksheet_range_at(0).unwrap().unwrap();
    let people = summary
        .rows()
        .find(|r| {
            r.first()
                .is_some_and(|c| c.to_string().to_lowercase().contains("people"))
        })
        .and_then(|r| r.get(1).map(|c| c.to_string()));
    assert_eq!(people.as_deref(), Some("2"));
}

#[test]
fn the_board_hears_of_a_call_at_once_not_at_its_next_timed_poll() {
    let t = TestFair::new();
    let code = t.checked_in(1);
    t.fair.issue_ticket(&code, "A", None).unwrap();
    let mut board = staff_harness(BoardScreen::new(api(&t), Chime::silent()));
    let ui_time = |h: &Harness<'static, BoardScreen>| h.ctx.input(|i| i.time);
    let settled_at = ui_time(&board);
    // The board's timed poll comes every 2 s of its own time; it polled once when it opened.
    assert!(settled_at < 0.9, "the board took {settled_at} s to settle");
    assert!(!shows(&board, "A001"));

    t.fair.call_next("A1").unwrap();
    // Frames at 60 per second of board time, slowed down in real time so the change watch
    // (a 100 ms check against a local engine) has a chance to run between them.
    for _ in 0..60 {
        if shows(&board, "A001") {
            break;
        }
        board.step();
        std::thread::sleep(Duration::from_millis(25));
    }
    let seen_after = ui_time(&board) - settled_at;
    assert!(shows(&board, "A001"), "the call never reached the board");
    assert!(
        seen_after < 1.0,
        "the call reached the board after {seen_after:.2} s of board time"
    );
}

#[test]
fn the_dashboard_speaks_the_event_clock_and_one_language_at_a_time() {
    let t = TestFair::new();
    t.checked_in(1);
    let mut dash = staff_harness(DashboardScreen::new(api(&t), t.dir.path().to_path_buf()));
    unlock(&mut dash, fairdesk::demo::DEMO_PIN);
    let report = t.fair.report(ReportRange::all()).unwrap();
    step_until(&mut dash, "the dashboard", |h| {
        shows(h, &tile_text(vi("dash.people"), &report.people.to_string()))
    });
    // The test clock is 01:00 UTC: 08:00 at the fair (+07:00), whatever zone this machine has.
    assert!(
        shows(&dash, &vif("dash.updated", &[("time", "08:00:00")])),
        "{:?}",
        all_text(&dash)
    );
    // No raw key among the breakdown labels.
    assert!(!all_text(&dash).iter().any(|t| t.contains("under_15")));

    // An export's notice is re-worded when the organiser switches to English.
    let out = t.dir.path().join("out.csv");
    dash.state_mut().state.export_path = out.display().to_string();
    press(&mut dash, vi("dash.export_csv"));
    let path = out.display().to_string();
    step_until(&mut dash, "the export notice", |h| {
        shows(h, &vif("dash.exported", &[("path", path.as_str())]))
    });
    press_exact(&mut dash, tr(Lang::Vi, "lang.en"));
    settle(&mut dash);
    let saved = fairdesk::ui::i18n::trf(Lang::En, "dash.exported", &[("path", path.as_str())]);
    assert!(shows(&dash, &saved), "{:?}", all_text(&dash));
    assert!(!shows(
        &dash,
        &vif("dash.exported", &[("path", path.as_str())])
    ));
}
