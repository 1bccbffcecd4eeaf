//! The Setup screen as an organiser uses it: egui_kittest drives the real `SetupScreen::ui`
//! over a temporary database holding the demo fair; the engine (a second connection, and
//! `FairApi` as the kiosk sees it) checks what the screen did.

mod common;
mod screen;

use std::path::Path;
use std::sync::Arc;

use common::TestFair;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use fairdesk::api::FairApi;
use fairdesk::fair::Fair;
use fairdesk::report::ReportRange;
use fairdesk::ui::setup::{SetupScreen, SetupTab};
use rust_xlsxwriter::Workbook;
use screen::*;

fn harness(t: &TestFair) -> Harness<'static, SetupScreen> {
    let fair = Arc::new(Fair::open_with_clock(&t.path(), t.clock.clone()).expect("open"));
    let screen = SetupScreen::new(fair).with_folder(t.dir.path().to_path_buf());
    // Tall enough that every booth card is on screen, so clicks land.
    staff_harness_sized(screen, 2600.0)
}

/// Sets the number field labelled `label`.
fn set_number(harness: &mut Harness<'static, SetupScreen>, label: &str, value: f64) {
    harness
        .query_all(by().label(label))
        .find(|n| n.accesskit_node().role() == Role::SpinButton)
        .unwrap_or_else(|| panic!("no number field {label:?}"))
        .set_value_accesskit(value);
    harness.run();
}

/// Unlocked with the demo PIN, showing the booth list.
fn unlocked(t: &TestFair) -> Harness<'static, SetupScreen> {
    let mut setup = harness(t);
    unlock(&mut setup, fairdesk::demo::DEMO_PIN);
    step_until(&mut setup, "the booth list", |h| {
        shows(h, &vif("setup.edit_booth", &[("code", "A")]))
    });
    setup
}

fn open_tab(setup: &mut Harness<'static, SetupScreen>, key: &str) {
    press_exact(setup, vi(key));
}

#[test]
fn the_setup_screen_needs_the_organiser_pin() {
    let t = TestFair::new();
    let mut setup = harness(&t);
    assert!(!shows(&setup, vi("setup.tab_lists")));
    unlock(&mut setup, "1357");
    assert!(shows(&setup, vi("pin_wrong")));
    assert!(!shows(&setup, vi("setup.tab_lists")));
    assert!(!shows(&setup, "Công ty TNHH Điện tử Yên Bình"));
    unlock(&mut setup, fairdesk::demo::DEMO_PIN);
    step_until(&mut setup, "the booth list", |h| {
        shows(h, "Công ty TNHH Điện tử Yên Bình") && shows(h, "A1: Đang mở")
    });
    for tab in [
        "setup.booths",
        "setup.event",
        "setup.tab_lists",
        "setup.tab_pin",
    ] {
        assert!(shows(&setup, vi(tab)), "tab {tab}");
    }
}

#[test]
fn an_organiser_renames_a_booth_and_moves_it() {
    let t = TestFair::new();
    let mut setup = unlocked(&t);
    press_exact(&mut setup, &vif("setup.edit_booth", &[("code", "B")]));
    fill(
        &mut setup,
        vi("setup.name"),
        "Công ty Cổ phần May Phú Lương",
    );
    fill(&mut setup, vi("setup.location"), "Gian 12");
    press_exact(&mut setup, vi("setup.save"));

    let b = t.booth("B");
    assert_eq!(b.name, "Công ty Cổ phần May Phú Lương");
    assert_eq!(b.location, "Gian 12");
    step_until(&mut setup, "the new name", |h| {
        shows(h, "Công ty Cổ phần May Phú Lương") && shows(h, vi("setup.saved"))
    });
    assert_eq!(t.fair.log().unwrap().last().unwrap().kind, "booth_updated");
    t.report_rebuilt_from_log();

    // An empty name is refused in plain words, and nothing changes.
    press_exact(&mut setup, &vif("setup.edit_booth", &[("code", "B")]));
    fill(&mut setup, vi("setup.name"), "   ");
    press_exact(&mut setup, vi("setup.save"));
    assert!(
        shows(&setup, vi("setup.err.empty_name")),
        "{:?}",
        all_text(&setup)
    );
    let b = t.booth("B");
    assert_eq!(b.name, "Công ty Cổ phần May Phú Lương");
}

#[test]
fn a_closed_booth_leaves_the_kiosk_choices_and_a_desk_serving_someone_stays_open() {
    let t = TestFair::new();
    let attendee = t.checked_in(1);
    let kiosk: Arc<dyn FairApi> =
        Arc::new(Fair::open_with_clock(&t.path(), t.clock.clone()).unwrap());
    let choices = |api: &Arc<dyn FairApi>| -> Vec<String> {
        api.suggestions(&attendee)
            .unwrap()
            .employers
            .into_iter()
            .map(|b| b.code)
            .collect()
    };
    assert!(choices(&kiosk).contains(&"B".to_string()));

    let mut setup = unlocked(&t);
    press_exact(&mut setup, &vif("setup.close_booth", &[("code", "B")]));
    assert!(
        !choices(&kiosk).contains(&"B".to_string()),
        "B is gone from the kiosk"
    );
    assert!(shows(
        &setup,
        &vif("setup.booth_closed_done", &[("code", "B")])
    ));
    step_until(&mut setup, "the reopen button", |h| {
        shows(h, &vif("setup.reopen_booth", &[("code", "B")]))
    });
    press_exact(&mut setup, &vif("setup.reopen_booth", &[("code", "B")]));
    assert!(choices(&kiosk).contains(&"B".to_string()));

    // A desk with someone called to it cannot close; the reason is on screen.
    kiosk.issue_ticket(&attendee, "A", None).unwrap();
    let called = kiosk.call_next("A1").unwrap().unwrap();
    press_exact(&mut setup, &vif("setup.close_desk", &[("desk", "A1")]));
    assert!(
        shows(
            &setup,
            &vif(
                "setup.err.desk_serving",
                &[("desk", "A1"), ("ticket", &called.ticket)]
            )
        ),
        "{:?}",
        all_text(&setup)
    );
    assert!(t.fair.desk_view("A1").unwrap().desk.open);
    // An idle desk closes, and can be added to and reopened.
    press_exact(&mut setup, &vif("setup.close_desk", &[("desk", "A2")]));
    assert!(
        !t.fair.booths().unwrap()[0]
            .desks
            .iter()
            .any(|d| d.code == "A2")
    );
    step_until(&mut setup, "the reopen desk button", |h| {
        shows(h, &vif("setup.reopen_desk", &[("desk", "A2")]))
    });
    press_exact(&mut setup, &vif("setup.add_desk", &[("code", "A")]));
    assert!(t.fair.desk_view("A3").is_ok());
}

#[test]
fn an_organiser_adds_and_edits_a_vacancy() {
    let t = TestFair::new();
    let vacancies = |t: &TestFair| {
        t.fair
            .report(ReportRange::all())
            .unwrap()
            .totals
            .vacancies_offered
    };
    let start = vacancies(&t);
    let mut setup = unlocked(&t);

    press_exact(&mut setup, &vif("setup.add_vacancy", &[("code", "C")]));
    fill(&mut setup, vi("setup.vac_title"), "Công nhân đóng gói chè");
    set_number(&mut setup, vi("setup.vac_count"), 25.0);
    fill(&mut setup, vi("setup.vac_requirements"), "Sức khoẻ tốt");
    fill(&mut setup, vi("setup.vac_wage"), "6–7 triệu/tháng");
    press_exact(&mut setup, vi("setup.save_vacancy"));

    let c = t.booth("C");
    let added = c
        .vacancies
        .iter()
        .find(|v| v.title == "Công nhân đóng gói chè")
        .unwrap_or_else(|| panic!("not added: {:?} / {:?}", c.vacancies, all_text(&setup)));
    assert_eq!(
        (
            added.count,
            added.requirements.as_str(),
            added.wage.as_str()
        ),
        (25, "Sức khoẻ tốt", "6–7 triệu/tháng")
    );
    assert_eq!(vacancies(&t), start + 25);

    step_until(&mut setup, "the new vacancy's row", |h| {
        shows(
            h,
            &vif("setup.edit_vacancy", &[("title", "Công nhân đóng gói chè")]),
        )
    });
    press_exact(
        &mut setup,
        &vif("setup.edit_vacancy", &[("title", "Công nhân đóng gói chè")]),
    );
    set_number(&mut setup, vi("setup.vac_count"), 30.0);
    fill(&mut setup, vi("setup.vac_wage"), "7–8 triệu/tháng");
    press_exact(&mut setup, vi("setup.save_vacancy"));
    let c = t.booth("C");
    let edited = c
        .vacancies
        .iter()
        .find(|v| v.title == "Công nhân đóng gói chè")
        .unwrap();
    assert_eq!(
        (edited.count, edited.wage.as_str()),
        (30, "7–8 triệu/tháng")
    );
    assert_eq!(vacancies(&t), start + 30);
    t.report_rebuilt_from_log();

    step_until(&mut setup, "the edited row", |h| {
        shows(h, "7–8 triệu/tháng")
    });
    press_exact(
        &mut setup,
        &vif(
            "setup.remove_vacancy",
            &[("title", "Công nhân đóng gói chè")],
        ),
    );
    assert_eq!(vacancies(&t), start);
}

#[test]
fn an_organiser_changes_the_event_name_and_a_bad_date_is_named() {
    let t = TestFair::new();
    let mut setup = unlocked(&t);
    open_tab(&mut setup, "setup.event");
    assert_eq!(setup.state().state.tab, SetupTab::Event);
    fill(
        &mut setup,
        vi("setup.event_name"),
        "Phiên giao dịch việc làm tháng 12",
    );
    fill(&mut setup, vi("setup.date"), "31/02/2026");
    press_exact(&mut setup, vi("setup.save_event"));
    assert!(
        shows(
            &setup,
            &vif("setup.err.bad_date", &[("text", "31/02/2026")])
        ),
        "{:?}",
        all_text(&setup)
    );
    assert_eq!(
        t.fair.event().unwrap().name,
        "Ngày hội việc làm huyện Phú Lương 2026",
        "nothing saved"
    );

    fill(&mut setup, vi("setup.date"), "04/12/2026");
    press_exact(&mut setup, vi("setup.save_event"));
    let event = t.fair.event().unwrap();
    assert_eq!(event.name, "Phiên giao dịch việc làm tháng 12");
    assert_eq!(event.date.to_string(), "2026-12-04");
    step_until(&mut setup, "the new name in the header", |h| {
        h.query_all(by().label("Phiên giao dịch việc làm tháng 12"))
            .next()
            .is_some()
    });
}

/// An attendee list of `n` good rows (ID numbers of men born in 1995, in Xã Yên Ninh).
fn attendee_rows(n: usize) -> Vec<[String; 6]> {
    (0..n)
        .map(|i| {
            [
                format!("Người Thử {i}"),
                format!("018095{:06}", 500_000 + i),
                "15/03/1995".to_string(),
                "Nam".to_string(),
                "Xã Yên Ninh".to_string(),
                format!("09{:08}", 10_000_000 + i),
            ]
        })
        .collect()
}

fn write_attendees(path: &Path, rows: &[[String; 6]]) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = [
        "Họ và tên",
        "Số CCCD",
        "Ngày sinh",
        "Giới tính",
        "Xã",
        "Số điện thoại",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, cell).unwrap();
        }
    }
    workbook.save(path).unwrap();
}

fn attendee_count(t: &TestFair) -> u64 {
    t.fair
        .with_store(|s| s.read(|tx| tx.attendee_count()))
        .unwrap()
}

#[test]
fn an_excel_list_with_one_bad_row_imports_nothing_and_names_the_row() {
    let t = TestFair::new();
    let mut rows = attendee_rows(5);
    rows[2][4] = "Xã Không Có".into();
    write_attendees(&t.dir.path().join("xa_yen_ninh.xlsx"), &rows);
    let before = attendee_count(&t);

    let mut setup = unlocked(&t);
    open_tab(&mut setup, "setup.tab_lists");
    // The file is picked from the database's folder, not typed.
    step_until(&mut setup, "the folder's files", |h| {
        shows(h, "xa_yen_ninh.xlsx")
    });
    press_exact(&mut setup, "xa_yen_ninh.xlsx");
    press_exact(&mut setup, vi("setup.import"));
    step_until(&mut setup, "the import's result", |h| {
        h.state().state.import.result.is_some()
    });
    assert!(
        shows(&setup, &vif("setup.rejected", &[("n", "1")])),
        "{:?}",
        all_text(&setup)
    );
    // Header on line 1, so the third person is on line 4.
    assert!(shows(&setup, "Dòng 4:"), "{:?}", all_text(&setup));
    // The reason is worded in the screen's language, not the engine's English.
    assert!(
        shows(&setup, vi("import.commune")),
        "{:?}",
        all_text(&setup)
    );
    assert!(!shows(&setup, "commune list"));
    assert_eq!(attendee_count(&t), before, "nothing imported");
}

#[test]
fn a_good_list_of_300_imports_with_the_bar_reaching_100_percent() {
    let t = TestFair::new();
    let path = t.dir.path().join("300.xlsx");
    write_attendees(&path, &attendee_rows(300));
    let before = attendee_count(&t);

    let mut setup = unlocked(&t);
    open_tab(&mut setup, "setup.tab_lists");
    fill(&mut setup, vi("setup.file"), &path.display().to_string());
    press_exact(&mut setup, vi("setup.import"));
    step_until(&mut setup, "the import's result", |h| {
        h.state().state.import.result.is_some()
    });
    assert_eq!(attendee_count(&t), before + 300);
    assert!(
        shows(&setup, &vif("setup.imported", &[("n", "300")])),
        "{:?}",
        all_text(&setup)
    );
    assert_eq!(setup.state().state.import.progress, Some((300, 300)));
    let bar = setup.get_by_role(Role::ProgressIndicator);
    assert!(
        bar.accesskit_node()
            .label()
            .is_some_and(|l| l.contains("100%")),
        "{:?}",
        bar.accesskit_node().label()
    );
    t.report_rebuilt_from_log();

    // The same list again is refused row by row, unless "update existing" is ticked.
    press_exact(&mut setup, vi("setup.import"));
    step_until(&mut setup, "the second result", |h| {
        h.state().state.import.result.is_some() && !h.state().state.import.running
    });
    assert!(shows(&setup, &vif("setup.rejected", &[("n", "300")])));
    setup
        .get_by_role_and_label(Role::CheckBox, vi("setup.update_existing"))
        .click();
    setup.run();
    press_exact(&mut setup, vi("setup.import"));
    step_until(&mut setup, "the update's result", |h| {
        h.state()
            .state
            .import
            .result
            .as_ref()
            .is_some_and(|(_, s)| s.updated == 300)
    });
    assert_eq!(attendee_count(&t), before + 300);
}

#[test]
fn a_pin_change_locks_out_the_old_pin() {
    let t = TestFair::new();
    let mut setup = unlocked(&t);
    open_tab(&mut setup, "setup.tab_pin");
    fill(&mut setup, vi("setup.pin_old"), fairdesk::demo::DEMO_PIN);
    fill(&mut setup, vi("setup.pin_new"), "8642");
    fill(&mut setup, vi("setup.pin_repeat"), "8643");
    press_exact(&mut setup, vi("setup.pin_change"));
    assert!(shows(&setup, vi("setup.err.pin_mismatch")));
    assert!(t.fair.verify_pin(fairdesk::demo::DEMO_PIN).unwrap());

    fill(&mut setup, vi("setup.pin_old"), fairdesk::demo::DEMO_PIN);
    fill(&mut setup, vi("setup.pin_new"), "8642");
    fill(&mut setup, vi("setup.pin_repeat"), "8642");
    press_exact(&mut setup, vi("setup.pin_change"));
    assert!(
        shows(&setup, vi("setup.pin_changed")),
        "{:?}",
        all_text(&setup)
    );

    // A fresh setup screen (the next organiser) no longer opens with the old PIN.
    let mut next = harness(&t);
    unlock(&mut next, fairdesk::demo::DEMO_PIN);
    assert!(shows(&next, vi("pin_wrong")));
    assert!(!next.state().state.unlocked);
    unlock(&mut next, "8642");
    assert!(next.state().state.unlocked);
}
