//! The kiosk as attendees use it: egui_kittest drives the same `Kiosk::ui` that `cargo run`
//! shows, over a real temporary database holding the demo fair.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
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
    let node = harness.get_by_label_contains(label);
    node.click();
    *touches += 1;
    settle(harness);
}

/// One touch on the button labelled exactly `label` (keypad keys); counts it.
fn touch_key(harness: &mut Harness<'static, Kiosk>, touches: &mut u32, label: &str) {
    harness.get_by_label(label).click();
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
            button.value()
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
    // Greeting with own name and masked ID; what the card cannot say is asked on the same
    // screen as the booths, optionally.
    assert!(shows(&h, "Xin chào, Tran Van Binh (034******543)"));
    assert!(shows(&h, "Hộ nghèo") && shows(&h, "dân tộc thiểu số"));
    assert!(shows(&h, "Nhập số điện thoại"));
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
    assert!(shows(&h, "hoặc chọn đủ 3 nơi là nhận số ngay"));
    touch(&mut h, &mut touches, &first.name);
    touch(&mut h, &mut touches, &second.name);
    assert!(matches!(h.state().state.phase, Phase::Choose { .. }));
    // The third choice is the last one allowed: the tickets come at once.
    touch(&mut h, &mut touches, &counselling.name);

    let Phase::Tickets {
        tickets,
        rescan,
        auto,
        ..
    } = h.state().state.phase.clone()
    else {
        panic!("expected tickets, got {:?}", h.state().state.phase);
    };
    assert!(!rescan);
    assert!(auto);
    assert_eq!(tickets.len(), 3);
    assert!(shows(&h, "Số thứ tự của bạn"));
    assert!(shows(&h, "Bạn đã chọn đủ nên được cấp 3 số ngay."));
    for ticket in &tickets {
        assert!(
            shows(&h, &ticket.ticket),
            "ticket {} on screen",
            ticket.ticket
        );
    }
    // Two employers and counselling, from the scan, in three touches: the choices only.
    assert_eq!(touches, 3);

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
    let Phase::Choose {
        suggestions: Some(suggestions),
        ..
    } = h.state().state.phase.clone()
    else {
        panic!("expected the choose screen");
    };
    // Fewer choices than allowed: one more touch asks for the tickets.
    touch(&mut h, &mut touches, &suggestions.employers[0].name);
    assert!(matches!(h.state().state.phase, Phase::Choose { .. }));
    touch(&mut h, &mut touches, "NHẬN SỐ THỨ TỰ (1)");
    let Phase::Tickets { tickets, auto, .. } = h.state().state.phase.clone() else {
        panic!("expected tickets, got {:?}", h.state().state.phase);
    };
    assert_eq!(tickets.len(), 1);
    assert!(!auto);
    assert!(!shows(&h, "được cấp"));
    assert_eq!(touches, 2);
}

#[test]
fn answers_on_the_choose_screen_are_saved_before_the_tickets() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    let mut touches = 0;
    scan(&mut h, NEW_CARD);
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
    // Why the sensitive questions are asked, and that they are optional (issue 17).
    assert!(shows(
        &h,
        "để báo cáo chương trình hỗ trợ việc làm; không bắt buộc"
    ));
    touch(&mut h, &mut touches, "Hộ cận nghèo");
    touch_key(&mut h, &mut touches, "Có");
    // The phone on its own keypad: a number that is not a mobile is refused there.
    touch(&mut h, &mut touches, "Nhập số điện thoại");
    for digit in "12345".chars() {
        touch_key(&mut h, &mut touches, &digit.to_string());
    }
    touch_key(&mut h, &mut touches, "OK");
    assert!(shows(&h, "Số điện thoại chưa đúng"));
    for digit in "0912345678".chars() {
        touch_key(&mut h, &mut touches, &digit.to_string());
    }
    touch_key(&mut h, &mut touches, "OK");
    assert!(!shows(&h, "Số điện thoại chưa đúng"));
    assert!(shows(&h, "0912345678"));
    let Phase::Choose {
        answers,
        phone_entry,
        ..
    } = h.state().state.phase.clone()
    else {
        panic!(
            "expected the choose screen, got {:?}",
            h.state().state.phase
        );
    };
    assert!(phone_entry.is_none());
    assert_eq!(
        answers.household,
        Some(fairdesk::domain::Household::NearPoor)
    );
    assert_eq!(answers.ethnic_minority, Some(fairdesk::domain::YesNo::Yes));
    // Nothing is saved until the tickets are asked for.
    let updates = |fair: &Fair| {
        fair.log()
            .expect("log")
            .iter()
            .filter(|row| row.kind == "attendee_updated")
            .count()
    };
    assert_eq!(updates(&f.fair), 0);

    touch(&mut h, &mut touches, &suggestions.employers[0].name);
    touch(&mut h, &mut touches, "NHẬN SỐ THỨ TỰ (1)");
    let Phase::Tickets { person, .. } = h.state().state.phase.clone() else {
        panic!("expected tickets, got {:?}", h.state().state.phase);
    };
    let profile = f.fair.attendee(&person.brief.code).expect("attendee");
    assert_eq!(profile.ethnic_minority, fairdesk::domain::YesNo::Yes);
    assert_eq!(profile.open_tickets.len(), 1);
    // The answers were written before the ticket.
    let kinds: Vec<String> = f
        .fair
        .log()
        .expect("log")
        .into_iter()
        .map(|row| row.kind)
        .filter(|kind| kind == "attendee_updated" || kind == "ticket_issued")
        .collect();
    assert_eq!(kinds, ["attendee_updated", "ticket_issued"]);
    let phones = f.fair.with_store(|s| {
        s.connection()
            .query_row(
                "SELECT COUNT(*) FROM attendee WHERE phone = '0912345678'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .expect("count")
    });
    assert_eq!(phones, 1);
    // The answer's consent is recorded with its time.
    let consent: (Option<i64>, Option<String>) = f.fair.with_store(|s| {
        s.connection()
            .query_row(
                "SELECT sensitive_consent_at, sensitive_consent_basis FROM attendee
                 WHERE phone = '0912345678'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("consent")
    });
    assert!(consent.0.is_some(), "{consent:?}");
    assert_eq!(consent.1.as_deref(), Some("answer"));
    // Booth staff do not see the household category; the headcount report counts it.
    let report =
        serde_json::to_value(f.fair.report(Default::default()).expect("report")).expect("json");
    let near_poor = report["by_household"]
        .as_array()
        .expect("by_household")
        .iter()
        .find(|c| c["key"] == "near_poor")
        .expect("near_poor row")
        .clone();
    assert_eq!(near_poor["people"], 1, "{near_poor}");
}

#[test]
fn answers_given_before_cancel_are_kept_and_skipping_costs_nothing() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    let mut touches = 0;
    scan(&mut h, NEW_CARD);
    touch(&mut h, &mut touches, "Hộ nghèo");
    touch(&mut h, &mut touches, "Huỷ");
    assert!(matches!(h.state().state.phase, Phase::Welcome));
    let report =
        serde_json::to_value(f.fair.report(Default::default()).expect("report")).expect("json");
    let poor = report["by_household"]
        .as_array()
        .expect("by_household")
        .iter()
        .find(|c| c["key"] == "poor")
        .expect("poor row")
        .clone();
    assert_eq!(poor["people"], 1, "{poor}");

    // The same card again: known now, so no questions, and nothing was asked to be skipped.
    scan(&mut h, NEW_CARD);
    assert!(matches!(h.state().state.phase, Phase::Choose { .. }));
    assert!(!shows(&h, "Hộ nghèo"));
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
        touch_key(&mut h, &mut touches, &digit.to_string());
    }
    touch_key(&mut h, &mut touches, "OK");
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
    // The choose screen's own timeout (longer than the event's idle time: cards take reading).
    let timeout = f64::from(h.state().state.phase_timeout_s());
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
        touch_key(&mut h, &mut touches, &digit.to_string());
    }
    touch_key(&mut h, &mut touches, "OK");
    assert!(shows(&h, "Sai mã PIN."));
    assert!(!h.state().state.exit_unlocked);

    for digit in fairdesk::demo::DEMO_PIN.chars() {
        touch_key(&mut h, &mut touches, &digit.to_string());
    }
    touch_key(&mut h, &mut touches, "OK");
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
    assert!(shows(&h, "Enter phone number"));
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
        });
    h.run();
    assert!(h.query_all_by_label_contains("Nguyễn").next().is_none());
    assert!(h.query_all_by_label_contains("ặ").next().is_some());
}

/// `rect` lies inside the 1280×800 window.
fn on_screen(rect: egui::Rect) -> bool {
    rect.min.x >= 0.0 && rect.min.y >= 0.0 && rect.max.x <= 1280.0 && rect.max.y <= 800.0
}

#[test]
fn booth_cards_are_one_size_and_three_tickets_fit_beside_the_qr_code() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    let mut touches = 0;
    scan(&mut h, NEW_CARD);
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
    // Every open booth has a card (most of them below the fold), and all cards are the size
    // of the first, however long the employer's name.
    let cards: Vec<egui::Rect> = h
        .query_all_by_role(Role::Button)
        .filter(|node| {
            node.accesskit_node()
                .label()
                .is_some_and(|l| l.contains("người chờ") || l.contains("không phải chờ"))
        })
        .map(|node| node.rect())
        .collect();
    let open = suggestions
        .employers
        .iter()
        .chain(&suggestions.counselling)
        .filter(|b| b.open)
        .count();
    assert_eq!(cards.len(), open);
    assert!(open > 6, "the demo needs scrolling");
    for card in &cards {
        assert_eq!(card.size(), cards[0].size());
    }
    // The first two rows are on screen, with the "get tickets" button under them.
    assert!(cards.iter().take(6).all(|r| on_screen(*r)), "{cards:?}");
    let get = h.get_by_label_contains("NHẬN SỐ THỨ TỰ").rect();
    assert!(on_screen(get), "{get:?}");

    touch(&mut h, &mut touches, &suggestions.employers[0].name);
    touch(&mut h, &mut touches, &suggestions.employers[1].name);
    touch(&mut h, &mut touches, &suggestions.counselling[0].name);
    let Phase::Tickets { tickets, .. } = h.state().state.phase.clone() else {
        panic!("expected tickets, got {:?}", h.state().state.phase);
    };
    assert_eq!(tickets.len(), 3);
    let qr = h.get_by_role(Role::Image).rect();
    assert!(on_screen(qr), "QR code at {qr:?}");
    assert!(qr.width() >= 200.0);
    for ticket in &tickets {
        let number = h.get_by_label(&ticket.ticket).rect();
        assert!(on_screen(number), "ticket {} at {number:?}", ticket.ticket);
        assert!(
            number.max.x < qr.min.x,
            "ticket {} under the QR code",
            ticket.ticket
        );
    }
    assert!(on_screen(h.get_by_label_contains("XONG").rect()));
    assert_touch_sized(&h);
}

/// The whole app as `fairdesk app --station kiosk` runs it, one frame at a time.
struct AppUnderTest {
    app: fairdesk::ui::FairdeskApp,
    frame: eframe::Frame,
}

#[test]
fn the_app_never_asks_for_an_input_method_while_the_scan_field_has_focus() {
    let f = fixture();
    // The kiosk alone: its focused scan field asks for the IME, as any egui text field does.
    let h = kiosk_harness(&db_path(&f));
    assert!(
        h.output().platform_output.ime.is_some(),
        "the scan field should be focused and ask for the IME"
    );
    drop(h);

    // The app around it withdraws the request (FAIRDESK_IME is not set in tests), so winit
    // on X11 without an input-method server keeps reading real key events.
    let api: Arc<dyn FairApi> = Arc::new(Fair::open(&db_path(&f)).expect("open"));
    let app = fairdesk::ui::FairdeskApp::new(
        &egui::Context::default(),
        api,
        &fairdesk::ui::Station::Kiosk,
        None,
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(2000)
        .with_context_setup(fairdesk::ui::setup_context)
        .build_ui_state(
            |ui, under_test: &mut AppUnderTest| {
                eframe::App::ui(&mut under_test.app, ui, &mut under_test.frame);
            },
            AppUnderTest {
                app,
                frame: eframe::Frame::_new_kittest(),
            },
        );
    for _ in 0..2000 {
        h.step();
        if h.state().app.kiosk().in_flight() == 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    h.run();
    assert!(matches!(h.state().app.kiosk().state.phase, Phase::Welcome));
    assert!(h.output().platform_output.ime.is_none());
    // And the scanner still types into the focused field.
    h.get_by_role_and_label(Role::TextInput, tr(Lang::Vi, "type_prompt"))
        .type_text(NEW_CARD);
    h.key_press(egui::Key::Enter);
    for _ in 0..2000 {
        h.step();
        if h.state().app.kiosk().in_flight() == 0
            && matches!(h.state().app.kiosk().state.phase, Phase::Choose { .. })
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(
        matches!(h.state().app.kiosk().state.phase, Phase::Choose { .. }),
        "{:?}",
        h.state().app.kiosk().state.phase
    );
    assert!(h.output().platform_output.ime.is_none());
}

#[test]
fn the_next_card_scanned_on_the_choose_screen_starts_the_next_check_in() {
    let f = fixture();
    let mut h = kiosk_harness(&db_path(&f));
    let mut touches = 0;
    scan(&mut h, NEW_CARD);
    touch(&mut h, &mut touches, "Hộ nghèo");
    // The next person's scanner types while the screen still shows the last one: no text
    // field has focus there, the keystrokes still make a scan.
    let next = NEW_CARD.replace("034099876543", "034099876544");
    h.input_mut().events.push(egui::Event::Text(next));
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    let Phase::Choose { person, .. } = h.state().state.phase.clone() else {
        panic!(
            "expected the choose screen, got {:?}",
            h.state().state.phase
        );
    };
    assert_eq!(person.brief.masked_id.as_deref(), Some("034******544"));
    // The last person's answer was kept.
    let report =
        serde_json::to_value(f.fair.report(Default::default()).expect("report")).expect("json");
    assert_eq!(report["people"], 2);
    let poor = report["by_household"]
        .as_array()
        .expect("by_household")
        .iter()
        .find(|c| c["key"] == "poor")
        .expect("poor row")
        .clone();
    assert_eq!(poor["people"], 1, "{poor}");
}
