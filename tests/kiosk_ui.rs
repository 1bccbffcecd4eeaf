//! The kiosk as attendees use it: egui_kittest drives the same `Kiosk::ui` that `cargo run`
//! shows, over a real temporary database holding the demo fair.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use fairdesk::api::FairApi;
use fairdesk::fair::Fair;
use fairdesk::ui::i18n::{Lang, TABLE, VIETNAMESE_LETTERS, tr};
use fairdesk::ui::kiosk::{Kiosk, Overlay, Phase};

/// A walk-in's card: ASCII name (as a keyboard-mode scanner types it), commune of the demo.
const NEW_CARD: &str = "034099876543||Tran Van Binh|01011999|Nam|Thon 2, Xa Yen Ninh, Huyen Phu Luong, Tinh Thai Nguyen|01012021";

struct Fixture {
    _dir: tempfile::TempDir,
    /// A second connection to the same database, for checking what the kiosk did.
    fair: Fair,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fair.db");
    fairdesk::demo::create(&path, fairdesk::cli::today_in_vietnam()).expect("demo");
    let fair = Fair::open(&path).expect("open");
    Fixture { _dir: dir, fair }
}

fn kiosk_harness(path: &Path) -> Harness<'static, Kiosk> {
    let api: Arc<dyn FairApi> = Arc::new(Fair::open(path).expect("open"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(2000)
        .with_context_setup(fairdesk::ui::setup_context)
        .build_ui_state(
            |ui, kiosk: &mut Kiosk| kiosk.ui(ui),
            Kiosk::new(api, "kiosk"),
        );
    settle(&mut harness);
    harness
}

fn db_path(f: &Fixture) -> std::path::PathBuf {
    f._dir.path().join("fair.db")
}

/// Steps until the worker has answered everything, then until the UI is still.
fn settle(harness: &mut Harness<'static, Kiosk>) {
    for _ in 0..2000 {
        harness.step();
        if harness.state().in_flight() == 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    harness.run();
}

/// A scanner "types" the text and Enter into the focused scan field: no touch.
fn scan(harness: &mut Harness<'static, Kiosk>, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, tr(Lang::Vi, "type_prompt"))
        .type_text(text);
    harness.key_press(egui::Key::Enter);
    settle(harness);
}

/// One touch on the button whose label contains `label`; counts it.
fn touch(harness: &mut Harness<'static, Kiosk>, touches: &mut u32, label: &str) {
    harness.get_by_label_contains(label).click();
    *touches += 1;
    settle(harness);
}

fn shows(harness: &Harness<'static, Kiosk>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

fn reg_code(fair: &Fair, id: i64) -> (String, String) {
    let row = fair
        .with_store(|s| s.read(|tx| tx.attendee(id)))
        .expect("read")
        .expect("demo attendee");
    let event = fair.event().expect("event");
    (
        fairdesk::domain::regcode::qr_payload(&event.code, &row.code),
        row.full_name,
    )
}

fn assert_touch_sized(harness: &Harness<'static, Kiosk>) {
    for button in harness.query_all_by_role(Role::Button) {
        let height = button.rect().height();
        assert!(
            height >= 64.0,
            "button {:?} is {height} px tall",
            button.accesskit_node().label()
        );
    }
}

#[test]
fn a_scanned_cccd_of_a_new_person_registers_and_gets_three_tickets_in_few_touches() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    assert!(matches!(h.state().state.phase, Phase::Welcome));
    assert!(shows(&h, "Chào mừng đến Ngày hội việc làm"));
    assert_touch_sized(&h);

    let mut touches = 0;
    scan(&mut h, NEW_CARD);
    // Greeting with own name and masked ID, then only what the card cannot say.
    assert!(shows(&h, "Xin chào, Tran Van Binh (034******543)"));
    assert!(matches!(h.state().state.phase, Phase::Questions { .. }));
    assert!(shows(&h, "Hộ nghèo") && shows(&h, "Dân tộc thiểu số"));
    touch(&mut h, &mut touches, "Bỏ qua");
    let Phase::Choose {
        suggestions: Some(suggestions),
        ..
    } = h.state().state.phase.clone()
    else {
        panic!(
            "expected the choose screen, got {:?}",
            h.state().state.phase
        );
    };
    assert_touch_sized(&h);
    assert!(shows(&h, "Chọn nhà tuyển dụng muốn gặp (tối đa 3)"));
    let first = suggestions.employers[0].clone();
    let second = suggestions.employers[1].clone();
    let counselling = suggestions.counselling[0].clone();
    touch(&mut h, &mut touches, &first.name);
    touch(&mut h, &mut touches, &second.name);
    touch(&mut h, &mut touches, &counselling.name);
    touch(&mut h, &mut touches, "NHẬN SỐ THỨ TỰ (3)");

    let Phase::Tickets {
        tickets, rescan, ..
    } = h.state().state.phase.clone()
    else {
        panic!("expected tickets, got {:?}", h.state().state.phase);
    };
    assert!(!rescan);
    assert_eq!(tickets.len(), 3);
    assert!(shows(&h, "Số thứ tự của bạn"));
    for ticket in &tickets {
        assert!(
            shows(&h, &ticket.ticket),
            "ticket {} on screen",
            ticket.ticket
        );
    }
    // Navigation touches: "skip" and "get tickets"; the other three are the choices.
    assert_eq!(touches, 5);

    // The database agrees: a walk-in, checked in, holding the three tickets.
    let event = f.fair.event().expect("event");
    let checkin = f.fair.report(Default::default()).expect("report");
    let json = serde_json::to_value(&checkin).expect("json");
    assert!(json.to_string().contains("walk"));
    let code = match &h.state().state.phase {
        Phase::Tickets { person, .. } => person.brief.code.clone(),
        _ => unreachable!(),
    };
    let profile = f.fair.attendee(&code).expect("attendee");
    assert!(profile.checked_in);
    assert_eq!(profile.open_tickets.len(), 3);
    let mut booths: Vec<_> = profile
        .open_tickets
        .iter()
        .map(|t| t.booth.clone())
        .collect();
    booths.sort();
    let mut chosen = vec![first.code, second.code, counselling.code];
    chosen.sort();
    assert_eq!(booths, chosen);
    assert_eq!(profile.name, "Tran Van Binh");
    assert!(event.max_open_tickets >= 3);

    touch(&mut h, &mut touches, "XONG");
    assert!(matches!(h.state().state.phase, Phase::Welcome));
}

#[test]
fn scan_to_ticket_takes_at_most_three_touches() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    let mut touches = 0;
    scan(&mut h, NEW_CARD);
    touch(&mut h, &mut touches, "Bỏ qua");
    let Phase::Choose {
        suggestions: Some(suggestions),
        ..
    } = h.state().state.phase.clone()
    else {
        panic!("expected the choose screen");
    };
    touch(&mut h, &mut touches, &suggestions.employers[0].name);
    touch(&mut h, &mut touches, "NHẬN SỐ THỨ TỰ (1)");
    assert!(matches!(h.state().state.phase, Phase::Tickets { .. }));
    assert!(touches <= 3, "{touches} touches");
}

#[test]
fn answers_to_the_walk_in_questions_are_saved() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    let mut touches = 0;
    scan(&mut h, NEW_CARD);
    touch(&mut h, &mut touches, "Hộ cận nghèo");
    touch(&mut h, &mut touches, "Có");
    for digit in "0912345678".chars() {
        h.get_by_label(&digit.to_string()).click();
        h.run();
    }
    touch(&mut h, &mut touches, "Tiếp tục");
    assert!(matches!(h.state().state.phase, Phase::Choose { .. }));
    let code = match &h.state().state.phase {
        Phase::Choose { person, .. } => person.brief.code.clone(),
        _ => unreachable!(),
    };
    let profile = f.fair.attendee(&code).expect("attendee");
    assert_eq!(
        profile.household,
        Some(fairdesk::domain::Household::NearPoor)
    );
    assert_eq!(profile.ethnic_minority, fairdesk::domain::YesNo::Yes);
}

#[test]
fn a_known_registration_code_greets_by_name_and_goes_straight_to_choosing() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    let (payload, name) = reg_code(&f.fair, 1);
    scan(&mut h, &payload);
    assert!(matches!(h.state().state.phase, Phase::Choose { .. }));
    assert!(shows(&h, &format!("Xin chào, {name}")));
}

#[test]
fn a_rescan_shows_open_tickets_and_offers_more() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    let (payload, _) = reg_code(&f.fair, 2);
    let mut touches = 0;
    scan(&mut h, &payload);
    let Phase::Choose {
        suggestions: Some(suggestions),
        ..
    } = h.state().state.phase.clone()
    else {
        panic!("expected the choose screen");
    };
    touch(&mut h, &mut touches, &suggestions.employers[0].name);
    touch(&mut h, &mut touches, "NHẬN SỐ THỨ TỰ (1)");
    let Phase::Tickets { tickets, .. } = h.state().state.phase.clone() else {
        panic!("expected tickets");
    };
    touch(&mut h, &mut touches, "XONG");

    scan(&mut h, &payload);
    let Phase::Tickets {
        tickets: again,
        rescan,
        ..
    } = h.state().state.phase.clone()
    else {
        panic!("expected the open tickets, got {:?}", h.state().state.phase);
    };
    assert!(rescan);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].ticket, tickets[0].ticket);
    assert!(shows(&h, "Bạn đã có số thứ tự"));
    assert!(shows(&h, &tickets[0].ticket));
    touch(&mut h, &mut touches, "Chọn thêm (còn 2)");
    assert!(matches!(h.state().state.phase, Phase::Choose { .. }));
    // The booth already queued at is not offered again.
    assert!(!shows(&h, &format!("{}\n", suggestions.employers[0].name)));
}

#[test]
fn a_mistyped_code_is_rejected_kindly_without_anyones_data() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    let (payload, name) = reg_code(&f.fair, 3);
    // Change the last character (the check character catches it).
    let mut chars: Vec<char> = payload.chars().collect();
    let last = chars.len() - 1;
    chars[last] = if chars[last] == 'A' { 'B' } else { 'A' };
    let wrong: String = chars.into_iter().collect();
    scan(&mut h, &wrong);
    let Phase::Message { key } = h.state().state.phase.clone() else {
        panic!("expected a message, got {:?}", h.state().state.phase);
    };
    assert!(key.starts_with("reason."), "{key}");
    assert!(shows(&h, tr(Lang::Vi, &key)));
    assert!(shows(&h, "bàn hướng dẫn"));
    assert!(!shows(&h, &name));
    let mut touches = 0;
    touch(&mut h, &mut touches, "Quay lại");
    assert!(matches!(h.state().state.phase, Phase::Welcome));
}

#[test]
fn an_unknown_id_number_says_not_found() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    let mut touches = 0;
    for digit in "034099111222".chars() {
        touch(&mut h, &mut touches, &digit.to_string());
    }
    touch(&mut h, &mut touches, "OK");
    let Phase::Message { key } = h.state().state.phase.clone() else {
        panic!("expected a message, got {:?}", h.state().state.phase);
    };
    assert_eq!(key, "reason.unknown_id_number");
}

#[test]
fn the_kiosk_returns_to_welcome_after_the_idle_timeout() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    let (payload, name) = reg_code(&f.fair, 4);
    scan(&mut h, &payload);
    assert!(matches!(h.state().state.phase, Phase::Choose { .. }));
    let timeout = f64::from(h.state().state.idle_timeout_s());
    let now = h.state().state.now;
    // Not yet: a little before the timeout.
    h.input_mut().time = Some(now + timeout - 2.0);
    h.run();
    assert!(matches!(h.state().state.phase, Phase::Choose { .. }));
    h.input_mut().time = Some(now + timeout + 1.0);
    h.run();
    assert!(matches!(h.state().state.phase, Phase::Welcome));
    assert!(!shows(&h, &name));
}

#[test]
fn leaving_the_kiosk_needs_the_organiser_pin() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    // Closing the window is refused and asks for the PIN.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(matches!(h.state().state.overlay, Some(Overlay::Pin { .. })));
    assert!(!h.state().state.exit_unlocked);
    assert!(shows(&h, "Nhập mã PIN của ban tổ chức"));

    let mut touches = 0;
    for digit in "1111".chars() {
        touch(&mut h, &mut touches, &digit.to_string());
    }
    touch(&mut h, &mut touches, "OK");
    assert!(shows(&h, "Sai mã PIN."));
    assert!(!h.state().state.exit_unlocked);

    for digit in fairdesk::demo::DEMO_PIN.chars() {
        touch(&mut h, &mut touches, &digit.to_string());
    }
    touch(&mut h, &mut touches, "OK");
    assert_eq!(h.state().state.overlay, Some(Overlay::Menu));
    touch(&mut h, &mut touches, "Thoát ứng dụng");
    assert!(h.state().state.exit_unlocked);
}

#[test]
fn the_organiser_button_also_asks_for_the_pin() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    let mut touches = 0;
    touch(&mut h, &mut touches, "Ban tổ chức");
    assert!(matches!(h.state().state.overlay, Some(Overlay::Pin { .. })));
    touch(&mut h, &mut touches, "Quay lại");
    assert_eq!(h.state().state.overlay, None);
    assert!(!h.state().state.exit_unlocked);
}

#[test]
fn the_english_switch_translates_the_kiosk() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    let mut touches = 0;
    touch(&mut h, &mut touches, "EN");
    assert!(shows(&h, "Welcome to the job fair"));
    assert!(shows(
        &h,
        "Scan the QR code on your ID card or registration slip"
    ));
    assert!(!shows(&h, "Chào mừng"));
    h.get_by_role_and_label(Role::TextInput, tr(Lang::En, "type_prompt"))
        .type_text(NEW_CARD);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert!(shows(&h, "Hello, Tran Van Binh"));
    assert!(shows(&h, "Skip"));
    touch(&mut h, &mut touches, "Cancel");
    // The next attendee starts in Vietnamese again.
    assert!(shows(&h, "Chào mừng đến Ngày hội việc làm"));
}

#[test]
fn every_string_of_both_languages_renders_with_no_missing_glyph() {
    // The harness panics on a missing glyph (egui_kittest's default policy).
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 4000.0))
        .with_context_setup(fairdesk::ui::setup_context)
        .build_ui(|ui| {
            for (_, vi, en) in TABLE {
                ui.label(*vi);
                ui.label(*en);
                ui.label(egui::RichText::new(*vi).family(fairdesk::ui::fonts::bold()));
            }
            ui.label(VIETNAMESE_LETTERS);
            ui.label(egui::RichText::new(VIETNAMESE_LETTERS).monospace());
            ui.label(egui::RichText::new(VIETNAMESE_LETTERS).family(fairdesk::ui::fonts::bold()));
            ui.label("●");
        });
    h.run();
    assert!(h.query_all_by_label_contains("Nguyễn").next().is_none());
    assert!(h.query_all_by_label_contains("ặ").next().is_some());
}
