//! The kiosk as a new user meets it (issue 13, kiosk items): every input counts as activity,
//! a scanner's burst is a scan of its own, the screen warns before it resets, a finger drag
//! scrolls the cards, cards say what the jobs are, and the screen scales with the window.

mod screen;

use std::sync::Arc;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use fairdesk::api::FairApi;
use fairdesk::fair::Fair;
use fairdesk::ui::kiosk::{CHOOSE_TIME_FACTOR, Kiosk, Phase};
use screen::{Fixture, all_text, fixture, harness_with, settle, shows, step_until, vi, vif};

fn kiosk_sized(f: &Fixture, size: (f32, f32)) -> Harness<'static, Kiosk> {
    let api: Arc<dyn FairApi> = Arc::new(Fair::open(&f.path).expect("open"));
    let mut harness = harness_with(Kiosk::new(api, "kiosk"), size, fairdesk::ui::setup_context);
    settle(&mut harness);
    harness
}

fn kiosk(f: &Fixture) -> Harness<'static, Kiosk> {
    kiosk_sized(f, (1280.0, 800.0))
}

/// A pre-registered attendee's QR payload.
fn registration_qr(fair: &Fair, id: i64) -> String {
    let row = fair
        .with_store(|s| s.read(|tx| tx.attendee(id)))
        .expect("read")
        .expect("demo attendee");
    let event = fair.event().expect("event");
    fairdesk::domain::regcode::qr_payload(&event.code, &row.code)
}

/// A keyboard-mode scanner: the whole code and Enter within one frame, into the focused field.
fn keyboard_scan(h: &mut Harness<'static, Kiosk>, text: &str) {
    h.get_by_role_and_label(Role::TextInput, vi("type_prompt"))
        .type_text(text);
    h.key_press(egui::Key::Enter);
    settle(h);
}

/// Moves the kiosk's clock `seconds` on, with nobody touching it.
fn wait(h: &mut Harness<'static, Kiosk>, seconds: f64) {
    let now = h.state().state.now;
    h.input_mut().time = Some(now + seconds);
    h.run();
}

fn is_choosing(h: &Harness<'static, Kiosk>) -> bool {
    matches!(
        h.state().state.phase,
        Phase::Choose {
            suggestions: Some(_),
            ..
        }
    )
}

#[test]
fn a_serial_scan_after_a_quiet_spell_shows_its_result() {
    let f = fixture();
    let mut h = kiosk(&f);
    // Nobody has touched the kiosk for a long while.
    wait(&mut h, 300.0);
    assert!(matches!(h.state().state.phase, Phase::Welcome));
    h.state_mut()
        .external_scan(registration_qr(&f.fair, 4).to_string());
    settle(&mut h);
    assert!(
        is_choosing(&h),
        "the scan's result must show, got {:?}",
        h.state().state.phase
    );
    assert!(shows(&h, &vif("pick_employers", &[("n", "3")])));
}

#[test]
fn half_typed_digits_are_cleared_after_the_idle_time() {
    let f = fixture();
    let mut h = kiosk(&f);
    for digit in ["0", "3", "4"] {
        h.get_by_role_and_label(Role::Button, digit).click();
        settle(&mut h);
    }
    assert_eq!(h.state().state.input, "034");
    let idle = f64::from(h.state().state.idle_timeout_s());
    wait(&mut h, idle - 2.0);
    assert_eq!(h.state().state.input, "034", "not before the idle time");
    wait(&mut h, 3.0);
    assert_eq!(h.state().state.input, "", "cleared after the idle time");
}

#[test]
fn a_scanner_burst_after_half_typed_digits_is_a_scan_of_its_own() {
    let f = fixture();
    let mut h = kiosk(&f);
    for digit in ["1", "2"] {
        h.get_by_role_and_label(Role::Button, digit).click();
        settle(&mut h);
    }
    keyboard_scan(&mut h, &registration_qr(&f.fair, 4));
    assert!(
        is_choosing(&h),
        "the leftover digits must not spoil the scan, got {:?}",
        h.state().state.phase
    );
    assert_eq!(h.state().state.input, "");
}

#[test]
fn the_choose_screen_counts_down_before_it_resets_and_a_touch_gives_more_time() {
    let f = fixture();
    let mut h = kiosk(&f);
    keyboard_scan(&mut h, &registration_qr(&f.fair, 4));
    assert!(is_choosing(&h));
    let idle = f64::from(h.state().state.idle_timeout_s());
    let choose = idle * f64::from(CHOOSE_TIME_FACTOR);
    // Longer than the tickets screen's time: still choosing, no countdown yet.
    wait(&mut h, idle + 1.0);
    assert!(is_choosing(&h));
    assert!(!shows(&h, vi("walk.more_time")));
    // In the last seconds, a countdown.
    wait(&mut h, choose - idle - 6.0);
    assert!(is_choosing(&h));
    assert!(
        shows(&h, &vif("walk.countdown", &[("n", "5")])),
        "{:?}",
        all_text(&h)
    );
    // A touch gives the full time again.
    h.get_by_role_and_label(Role::Button, vi("walk.more_time"))
        .click();
    settle(&mut h);
    assert!(!shows(&h, vi("walk.more_time")));
    wait(&mut h, choose - 2.0);
    assert!(is_choosing(&h));
    wait(&mut h, 3.0);
    assert!(matches!(h.state().state.phase, Phase::Welcome));
}

/// The booth cards on the choose screen, as a screen reader finds them (selectable buttons
/// whose label starts with a booth name).
fn card_top(h: &Harness<'static, Kiosk>, name: &str) -> f32 {
    h.query_all(egui_kittest::kittest::by().role(Role::Button))
        .find(|n| n.accesskit_node().label().is_some_and(|l| l.contains(name)))
        .unwrap_or_else(|| panic!("no card {name:?}: {:?}", all_text(h)))
        .rect()
        .min
        .y as f32
}

/// A finger pressed at `from`, moved to `to` in small steps and lifted.
fn finger_drag(h: &mut Harness<'static, Kiosk>, from: egui::Pos2, to: egui::Pos2) {
    h.event(egui::Event::PointerMoved(from));
    h.drag_at(from);
    h.step();
    for i in 1..=10 {
        let at = from + (to - from) * (i as f32 / 10.0);
        h.event(egui::Event::PointerMoved(at));
        h.step();
    }
    h.drop_at(to);
    h.run();
}

#[test]
fn a_finger_drag_scrolls_the_booth_cards() {
    let f = fixture();
    let mut h = kiosk(&f);
    keyboard_scan(&mut h, &registration_qr(&f.fair, 4));
    assert!(is_choosing(&h));
    let Phase::Choose {
        suggestions: Some(suggestions),
        ..
    } = h.state().state.phase.clone()
    else {
        unreachable!()
    };
    let first = suggestions.employers[0].name.clone();
    let before = card_top(&h, &first);
    finger_drag(&mut h, egui::pos2(640.0, 650.0), egui::pos2(640.0, 350.0));
    let after = card_top(&h, &first);
    assert!(
        after < before - 200.0,
        "the cards must follow the finger: {before} -> {after}"
    );
    // A drag is not a touch on the card it started on.
    assert!(matches!(
        &h.state().state.phase,
        Phase::Choose { selected, .. } if selected.is_empty()
    ));
}

#[test]
fn employer_cards_show_their_top_jobs_and_say_when_there_is_no_wait() {
    let f = fixture();
    let mut h = kiosk(&f);
    keyboard_scan(&mut h, &registration_qr(&f.fair, 4));
    let Phase::Choose {
        suggestions: Some(suggestions),
        ..
    } = h.state().state.phase.clone()
    else {
        panic!("not choosing")
    };
    let booth = &suggestions.employers[0];
    let mut top = booth.vacancies.clone();
    top.sort_by_key(|v| std::cmp::Reverse(v.count));
    let text = all_text(&h).join("\n");
    let vacancy = &top[0];
    let people = vif("walk.people", &[("n", &vacancy.count.to_string())]);
    assert!(
        text.contains(&format!("{} · {people}", vacancy.title)),
        "the biggest vacancy on the card: {text}"
    );
    if !vacancy.wage.is_empty() {
        assert!(text.contains(&vacancy.wage));
    }
    let total = booth.vacancy_total().to_string();
    assert!(text.contains(&vif("vacancies", &[("n", &total)])));
    assert!(text.contains("cần tuyển"));
    assert!(!text.contains("chỉ tiêu"), "no office words: {text}");
    // Nobody has a ticket yet at the start of the demo fair: no card promises a wait.
    let all = suggestions.employers.iter().chain(&suggestions.counselling);
    assert!(all.clone().all(|b| b.waiting == 0));
    assert!(text.contains(vi("walk.no_wait")));
    assert!(!text.contains("phút"), "an empty queue is no wait: {text}");
}

/// Touches the card of `booth` on the choose screen.
fn choose_booth(h: &mut Harness<'static, Kiosk>, name: &str) {
    h.query_all(egui_kittest::kittest::by().role(Role::Button))
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(name))
        })
        .unwrap_or_else(|| panic!("no card {name:?}"))
        .click();
    settle(h);
}

fn employers(h: &Harness<'static, Kiosk>) -> Vec<String> {
    match &h.state().state.phase {
        Phase::Choose {
            suggestions: Some(s),
            ..
        } => s.employers.iter().map(|b| b.name.clone()).collect(),
        other => panic!("not choosing: {other:?}"),
    }
}

#[test]
fn the_tickets_screen_says_what_to_do_now_and_counts_only_the_new_tickets() {
    let f = fixture();
    let mut h = kiosk(&f);
    let payload = registration_qr(&f.fair, 4);
    keyboard_scan(&mut h, &payload);
    let names = employers(&h);
    choose_booth(&mut h, &names[0]);
    choose_booth(&mut h, &names[1]);
    h.get_by_role_and_label(Role::Button, &vif("get_tickets", &[("n", "2")]))
        .click();
    settle(&mut h);
    let Phase::Tickets { tickets, .. } = h.state().state.phase.clone() else {
        panic!("no tickets: {:?}", h.state().state.phase)
    };
    assert_eq!(tickets.len(), 2);
    assert!(shows(&h, vi("walk.next_step")));
    assert!(shows(&h, vi("walk.one_at_a_time")));
    assert!(shows(&h, vi("walk.go_to")));
    for ticket in &tickets {
        assert!(shows(&h, &ticket.location));
    }
    // "Done" is still on the screen at 1280×800.
    let done = h.get_by_role_and_label(Role::Button, vi("finish")).rect();
    assert!(done.max.y <= 800.0, "{done:?}");
    assert!(shows(&h, vi("rescan_hint")));
    // The way out beside issued tickets does not read as cancelling them.
    assert!(h.query_by_label(vi("cancel")).is_none());
    h.get_by_role_and_label(Role::Button, vi("walk.leave"))
        .click();
    settle(&mut h);
    assert!(matches!(h.state().state.phase, Phase::Welcome));
    assert_eq!(
        f.fair
            .attendee(&tickets_owner(&f.fair, 4))
            .unwrap()
            .open_tickets
            .len(),
        2
    );

    // Back for one more: the screen counts the one just issued, not all three.
    keyboard_scan(&mut h, &payload);
    h.get_by_role_and_label(Role::Button, &vif("add_more", &[("n", "1")]))
        .click();
    settle(&mut h);
    // The first two employers are held; the next one is on the screen.
    let names = employers(&h);
    choose_booth(&mut h, &names[2]);
    let Phase::Tickets { tickets, auto, .. } = h.state().state.phase.clone() else {
        panic!("no tickets: {:?}", h.state().state.phase)
    };
    assert!(auto);
    assert_eq!(tickets.len(), 3);
    assert!(
        shows(&h, &vif("auto_issued", &[("n", "1")])),
        "{:?}",
        all_text(&h)
    );
    assert!(!shows(&h, &vif("auto_issued", &[("n", "3")])));
}

fn tickets_owner(fair: &Fair, id: i64) -> String {
    fair.with_store(|s| s.read(|tx| tx.attendee(id)))
        .expect("read")
        .expect("demo attendee")
        .code
}

#[test]
fn a_damaged_name_is_not_put_to_the_attendee_but_flagged_for_the_help_desk() {
    let f = fixture();
    let mut h = kiosk(&f);
    let damaged = "019195001235||Nguyn Th Hng|02021995|N|Xm Na Mn, X Yn Ninh, Huyn Ph Lng, Tnh Thi Nguyn|20042021";
    keyboard_scan(&mut h, damaged);
    assert!(
        is_choosing(&h),
        "straight on to choosing, got {:?}",
        h.state().state.phase
    );
    assert!(shows(&h, vi("walk.name_flagged")));
    // No name to confirm or retype: the choose screen has no text field at all (a scanner's
    // keys are read in the background).
    assert_eq!(
        h.query_all(egui_kittest::kittest::by().role(Role::TextInput))
            .count(),
        0,
        "no name field"
    );
    let code = match &h.state().state.phase {
        Phase::Choose { person, .. } => person.brief.code.clone(),
        _ => unreachable!(),
    };
    // Choosing and leaving keep the flag: the help desk sees "name to check".
    let names = employers(&h);
    choose_booth(&mut h, &names[0]);
    h.get_by_role_and_label(Role::Button, &vif("get_tickets", &[("n", "1")]))
        .click();
    settle(&mut h);
    assert!(shows(&h, vi("walk.name_flagged")));
    let profile = f.fair.attendee(&code).expect("profile");
    assert!(profile.name_needs_confirmation);
    assert_eq!(profile.open_tickets.len(), 1);
}

#[test]
fn a_slow_answer_is_not_cut_short_by_the_idle_timeout() {
    let f = fixture();
    let mut h = kiosk(&f);
    // The engine is busy elsewhere: the kiosk's check-in waits for the database.
    let blocker = rusqlite::Connection::open(&f.path).expect("open");
    blocker.execute_batch("BEGIN IMMEDIATE").expect("lock");
    h.get_by_role_and_label(Role::TextInput, vi("type_prompt"))
        .type_text(&registration_qr(&f.fair, 4));
    h.key_press(egui::Key::Enter);
    h.step();
    assert!(matches!(h.state().state.phase, Phase::Checking));
    let idle = f64::from(h.state().state.idle_timeout_s());
    // Time passes while the answer is pending (frames only: the worker is still busy).
    let now = h.state().state.now;
    for step in 1..=3 {
        h.input_mut().time = Some(now + (idle + 5.0) * f64::from(step));
        h.step();
    }
    assert!(matches!(h.state().state.phase, Phase::Checking));
    blocker.execute_batch("ROLLBACK").expect("unlock");
    settle(&mut h);
    assert!(is_choosing(&h), "got {:?}", h.state().state.phase);
}

/// A printer that takes every slip at once (the slip's content is `kiosk_print`'s business).
struct Paper;

impl fairdesk::print::Printer for Paper {
    fn name(&self) -> String {
        "paper".into()
    }
    fn width(&self) -> u32 {
        384
    }
    fn print(
        &mut self,
        _slip: &fairdesk::print::Raster,
    ) -> Result<fairdesk::print::Printed, fairdesk::print::PrintError> {
        Ok(fairdesk::print::Printed {
            bytes: 0,
            status: fairdesk::print::PrinterStatus::Ready,
            file: None,
        })
    }
    fn status(&mut self) -> Result<fairdesk::print::PrinterStatus, fairdesk::print::PrintError> {
        Ok(fairdesk::print::PrinterStatus::Ready)
    }
}

fn state_of(fair: &Fair, number: &str) -> fairdesk::domain::TicketState {
    fair.with_store(|s| s.read(|tx| Ok(tx.ticket_by_number(number)?.unwrap().state)))
        .unwrap()
}

#[test]
fn choose_again_takes_back_the_new_tickets_and_says_the_printed_slip_is_void() {
    let f = fixture();
    let mut h = kiosk(&f);
    h.state_mut().use_printer(Box::new(Paper));
    keyboard_scan(&mut h, &registration_qr(&f.fair, 4));
    let names = employers(&h);
    choose_booth(&mut h, &names[0]);
    choose_booth(&mut h, &names[1]);
    h.get_by_role_and_label(Role::Button, &vif("get_tickets", &[("n", "2")]))
        .click();
    settle(&mut h);
    step_until(&mut h, "the slip", |h| h.state().state.slip.is_some());
    let Phase::Tickets { tickets, .. } = h.state().state.phase.clone() else {
        panic!("no tickets: {:?}", h.state().state.phase)
    };
    let numbers: Vec<String> = tickets.iter().map(|t| t.ticket.clone()).collect();
    // Named for what it does, beside "Back to start", at 1280×800.
    let undo = h
        .get_by_role_and_label(Role::Button, vi("walk.choose_again"))
        .rect();
    assert!(undo.max.y <= 800.0 && undo.max.x <= 1280.0, "{undo:?}");
    h.get_by_role_and_label(Role::Button, vi("walk.choose_again"))
        .click();
    settle(&mut h);
    assert!(is_choosing(&h), "got {:?}", h.state().state.phase);
    for number in &numbers {
        assert_eq!(
            state_of(&f.fair, number),
            fairdesk::domain::TicketState::Cancelled
        );
    }
    let joined = numbers.join(", ");
    assert!(
        shows(&h, &vif("walk.undone", &[("numbers", &joined)])),
        "{:?}",
        all_text(&h)
    );
    assert!(shows(&h, vi("walk.slip_void")));
    // The same two booths can be chosen again, and a new slip prints.
    let Phase::Choose { person, .. } = &h.state().state.phase else {
        unreachable!()
    };
    assert!(person.open_tickets.is_empty());
    choose_booth(&mut h, &names[1]);
    h.get_by_role_and_label(Role::Button, &vif("get_tickets", &[("n", "1")]))
        .click();
    settle(&mut h);
    let Phase::Tickets { tickets, .. } = h.state().state.phase.clone() else {
        panic!("no tickets: {:?}", h.state().state.phase)
    };
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].booth_name, names[1]);
    assert!(
        h.state().state.slip.is_some(),
        "a new slip for the new number"
    );
}

#[test]
fn choose_again_keeps_a_ticket_already_called_and_says_where_to_go() {
    let f = fixture();
    let mut h = kiosk(&f);
    keyboard_scan(&mut h, &registration_qr(&f.fair, 4));
    let Phase::Choose {
        suggestions: Some(suggestions),
        ..
    } = h.state().state.phase.clone()
    else {
        panic!("not choosing")
    };
    let (first, second) = (&suggestions.employers[0], &suggestions.employers[1]);
    choose_booth(&mut h, &first.name);
    choose_booth(&mut h, &second.name);
    h.get_by_role_and_label(Role::Button, &vif("get_tickets", &[("n", "2")]))
        .click();
    settle(&mut h);
    // The first booth calls the attendee while they read their tickets.
    let desk = &first.desks[0].code;
    let called = f.fair.call_next(desk).unwrap().expect("called");
    h.get_by_role_and_label(Role::Button, vi("walk.choose_again"))
        .click();
    settle(&mut h);
    assert!(is_choosing(&h), "got {:?}", h.state().state.phase);
    assert!(shows(
        &h,
        &vif("walk.undo_kept", &[("numbers", &called.ticket)])
    ));
    assert!(!shows(&h, vi("walk.slip_void")), "no printer, no slip");
    assert_eq!(
        state_of(&f.fair, &called.ticket),
        fairdesk::domain::TicketState::Called
    );
    // The kept ticket still counts against the limit: two more may be chosen.
    assert!(shows(&h, &vif("pick_employers", &[("n", "2")])));
}

#[test]
fn a_rescan_offers_no_choose_again_for_tickets_from_earlier() {
    let f = fixture();
    let mut h = kiosk(&f);
    let payload = registration_qr(&f.fair, 4);
    keyboard_scan(&mut h, &payload);
    let names = employers(&h);
    choose_booth(&mut h, &names[0]);
    h.get_by_role_and_label(Role::Button, &vif("get_tickets", &[("n", "1")]))
        .click();
    settle(&mut h);
    assert!(shows(&h, vi("walk.choose_again")));
    h.get_by_role_and_label(Role::Button, vi("walk.leave"))
        .click();
    settle(&mut h);
    keyboard_scan(&mut h, &payload);
    assert!(matches!(
        h.state().state.phase,
        Phase::Tickets { rescan: true, .. }
    ));
    assert!(!shows(&h, vi("walk.choose_again")));
}

/// The four screens the kiosk is set up on (issue 13, item 8), in physical pixels.
const SCREENS: [(f32, f32); 4] = [
    (1280.0, 800.0),
    (1366.0, 768.0),
    (1920.0, 1080.0),
    (1080.0, 1920.0),
];

/// The smallest a touch target may be on the glass, in pixels (DESIGN §7).
const FINGER_PX: f32 = 64.0;

/// The kiosk on a real screen of `size` pixels, zoomed as the app zooms it: egui then lays
/// it out in `size / zoom` points, as in the real window.
fn kiosk_on_screen(f: &Fixture, size: (f32, f32)) -> (Harness<'static, Kiosk>, f32) {
    let zoom = fairdesk::ui::kiosk::zoom_for(egui::vec2(size.0, size.1));
    let api: Arc<dyn FairApi> = Arc::new(Fair::open(&f.path).expect("open"));
    let mut harness = harness_with(Kiosk::new(api, "kiosk"), size, fairdesk::ui::setup_context);
    harness.ctx.set_zoom_factor(zoom);
    settle(&mut harness);
    assert!((harness.ctx.pixels_per_point() - zoom).abs() < 1e-4);
    let points = harness.ctx.content_rect().size();
    assert!(
        (points.x * zoom - size.0).abs() < 2.0 && (points.y * zoom - size.1).abs() < 2.0,
        "{points:?} at zoom {zoom}"
    );
    (harness, zoom)
}

/// Every button on screen that is smaller than a finger, as "label: w×h px".
fn too_small(h: &Harness<'static, Kiosk>, zoom: f32) -> Vec<String> {
    h.query_all(egui_kittest::kittest::by().role(Role::Button))
        .filter_map(|n| {
            let r = n.rect();
            let (w, ht) = (r.width() * zoom, r.height() * zoom);
            (w < FINGER_PX - 0.5 || ht < FINGER_PX - 0.5).then(|| {
                let label = n.accesskit_node().label().unwrap_or_default();
                format!("{label:?}: {w:.0}×{ht:.0} px")
            })
        })
        .collect()
}

#[test]
fn nothing_a_finger_needs_is_under_64_px_on_any_of_the_four_screens() {
    // A walk-in's card: the choose screen then also asks the optional questions.
    let walk_in = "019195001299||Nguyễn Thị Hồng|02021995|Nữ|Xóm Na Mận, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên|20042021";
    let mut failures = Vec::new();
    for size in SCREENS {
        let f = fixture();
        let (mut h, zoom) = kiosk_on_screen(&f, size);
        let check = |h: &Harness<'static, Kiosk>, screen: &str, failures: &mut Vec<String>| {
            let small = too_small(h, zoom);
            if !small.is_empty() {
                failures.push(format!("{size:?} {screen}: {small:?}"));
            }
        };
        check(&h, "welcome", &mut failures);
        h.get_by_role_and_label(Role::Button, vi("organiser"))
            .click();
        settle(&mut h);
        check(&h, "organiser PIN", &mut failures);
        h.get_by_role_and_label(Role::Button, vi("back")).click();
        settle(&mut h);
        keyboard_scan(&mut h, walk_in);
        assert!(is_choosing(&h), "{size:?}: {:?}", h.state().state.phase);
        assert!(
            matches!(&h.state().state.phase, Phase::Choose { person, .. } if !person.ask.is_empty()),
            "the questions are asked"
        );
        check(&h, "choose with questions", &mut failures);
        h.get_by_role_and_label(Role::Button, vi("q.phone_enter"))
            .click();
        settle(&mut h);
        assert!(
            matches!(
                &h.state().state.phase,
                Phase::Choose {
                    phone_entry: Some(_),
                    ..
                }
            ),
            "{size:?}: the phone keypad opens"
        );
        check(&h, "phone keypad", &mut failures);
        h.get_by_role_and_label(Role::Button, vi("back")).click();
        settle(&mut h);
        let names = employers(&h);
        choose_booth(&mut h, &names[0]);
        h.get_by_role_and_label(Role::Button, &vif("get_tickets", &[("n", "1")]))
            .click();
        settle(&mut h);
        assert!(matches!(h.state().state.phase, Phase::Tickets { .. }));
        check(&h, "tickets", &mut failures);
        // The tickets screen does not scroll: its buttons are all on the glass.
        for label in [vi("finish"), vi("walk.choose_again"), vi("walk.leave")] {
            let r = h.get_by_role_and_label(Role::Button, label).rect();
            let (right, bottom) = (r.max.x * zoom, r.max.y * zoom);
            if right > size.0 + 0.5 || bottom > size.1 + 0.5 {
                failures.push(format!(
                    "{size:?} tickets: {label:?} ends at {right:.0},{bottom:.0}"
                ));
            }
        }
        // The last seconds: the countdown's "more time".
        let idle = f64::from(h.state().state.idle_timeout_s());
        wait(&mut h, idle - 5.0);
        assert!(shows(&h, vi("walk.more_time")));
        check(&h, "countdown", &mut failures);
        h.get_by_role_and_label(Role::Button, vi("walk.leave"))
            .click();
        settle(&mut h);
        keyboard_scan(&mut h, "not a code");
        assert!(matches!(h.state().state.phase, Phase::Message { .. }));
        check(&h, "message", &mut failures);
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn choose_again_when_every_number_was_called_keeps_the_tickets_and_says_why() {
    let f = fixture();
    let mut h = kiosk(&f);
    keyboard_scan(&mut h, &registration_qr(&f.fair, 4));
    let Phase::Choose {
        suggestions: Some(suggestions),
        ..
    } = h.state().state.phase.clone()
    else {
        panic!("not choosing")
    };
    let first = &suggestions.employers[0];
    choose_booth(&mut h, &first.name);
    h.get_by_role_and_label(Role::Button, &vif("get_tickets", &[("n", "1")]))
        .click();
    settle(&mut h);
    let called = f.fair.call_next(&first.desks[0].code).unwrap().unwrap();
    h.get_by_role_and_label(Role::Button, vi("walk.choose_again"))
        .click();
    settle(&mut h);
    assert!(matches!(h.state().state.phase, Phase::Tickets { .. }));
    assert!(shows(&h, vi("walk.undo_failed")), "{:?}", all_text(&h));
    // No second try that cannot work.
    assert!(!shows(&h, vi("walk.choose_again")));
    assert_eq!(
        state_of(&f.fair, &called.ticket),
        fairdesk::domain::TicketState::Called
    );
}
