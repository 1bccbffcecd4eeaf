//! Every screen in both languages (issue 13, item 15): a walk through the kiosk's pages, the
//! booth console, the board, the dashboard and each Setup tab, in Vietnamese and in English,
//! that fails on a translation key shown raw or on a sentence left in the other language.

mod common;
mod screen;

use std::sync::Arc;

use common::TestFair;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use fairdesk::api::FairApi;
use fairdesk::fair::Fair;
use fairdesk::ui::board::BoardScreen;
use fairdesk::ui::booth::BoothConsole;
use fairdesk::ui::chime::Chime;
use fairdesk::ui::dashboard::DashboardScreen;
use fairdesk::ui::i18n::{Lang, TABLE, tr};
use fairdesk::ui::kiosk::Kiosk;
use fairdesk::ui::setup::SetupScreen;
use screen::*;

fn api(t: &TestFair) -> Arc<dyn FairApi> {
    Arc::new(Fair::open_with_clock(&t.path(), t.clock.clone()).expect("open"))
}

/// The demo fair's name (src/demo.rs), shown on the dashboard and the board.
const DEMO_FAIR_NAME: &str = "Ngày hội việc làm huyện Phú Lương 2026";

/// A translation key shown as it is: lower-case ASCII words joined by `_` or `.`.
fn looks_like_key(text: &str) -> bool {
    let text = text.trim();
    (text.contains('_') || text.contains('.'))
        && !text.ends_with('.')
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        && text.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

/// The parts of a table string that are fixed text (between placeholders), long enough that
/// finding one in a screen's text cannot be chance.
fn fixed_parts(text: &str) -> Vec<&str> {
    text.split(['{', '}'])
        .step_by(2)
        .map(str::trim)
        .filter(|part| part.chars().count() >= 12)
        .collect()
}

/// Fails if `h`, in `lang`, shows a raw key or a string of the other language.
fn check<S>(h: &Harness<'static, S>, lang: Lang, screen: &str) {
    let texts = all_text(h);
    assert!(!texts.is_empty(), "{screen}: nothing on screen");
    for text in &texts {
        // The fair's own name is the organiser's data, in whatever language they wrote it
        // ("Ngày hội việc làm …" contains the Vietnamese name of the fair kind).
        let text = &text.replace(DEMO_FAIR_NAME, "");
        assert!(
            !looks_like_key(text),
            "{screen} ({lang:?}): raw key {text:?}"
        );
        for (key, vi, en) in TABLE {
            // Same in both, or a form's example value ("6–8 triệu/tháng"), which is what the
            // organisers' own data looks like in either language.
            if vi == en || (key.starts_with("setup.") && key.ends_with("_hint")) {
                continue;
            }
            let (mine, other) = match lang {
                Lang::Vi => (vi, en),
                Lang::En => (en, vi),
            };
            for part in fixed_parts(other) {
                if !mine.contains(part) {
                    assert!(
                        !text.contains(part),
                        "{screen} ({lang:?}): {text:?} is the other language's {key:?}"
                    );
                }
            }
        }
    }
}

/// Checks `h` in Vietnamese, switches it to English with its "EN" button, checks it again
/// and switches back.
fn both<S: Screen>(h: &mut Harness<'static, S>, screen: &str) {
    check(h, Lang::Vi, screen);
    press_exact(h, tr(Lang::Vi, "lang.en"));
    check(h, Lang::En, screen);
    press_exact(h, tr(Lang::En, "lang.vi"));
}

const NEW_CARD: &str = "034099876543||Tran Van Binh|01011999|Nam|Thon 2, Xa Yen Ninh, Huyen Phu Luong, Tinh Thai Nguyen|01012021";

#[test]
fn every_kiosk_page_speaks_one_language_at_a_time() {
    let t = TestFair::new();
    let mut h = harness_with(
        Kiosk::new(api(&t), "kiosk"),
        (1280.0, 800.0),
        fairdesk::ui::setup_context,
    );
    settle(&mut h);
    both(&mut h, "kiosk welcome");
    let type_scan = |h: &mut Harness<'static, Kiosk>, text: &str| {
        h.get_by_role_and_label(Role::TextInput, vi("type_prompt"))
            .type_text(text);
        h.key_press(egui::Key::Enter);
        settle(h);
    };
    // A walk-in: the choose screen with the questions.
    type_scan(&mut h, NEW_CARD);
    both(&mut h, "kiosk choose");
    let first = match &h.state().state.phase {
        fairdesk::ui::kiosk::Phase::Choose {
            suggestions: Some(s),
            ..
        } => s.employers[0].name.clone(),
        other => panic!("{other:?}"),
    };
    press(&mut h, &first);
    press(&mut h, "NHẬN SỐ THỨ TỰ");
    both(&mut h, "kiosk tickets");
    press(&mut h, vi("finish"));
    // Not found.
    type_scan(&mut h, "034099111222");
    both(&mut h, "kiosk message");
    press(&mut h, vi("back"));
    // The organiser lock.
    press(&mut h, vi("organiser"));
    check(&h, Lang::Vi, "kiosk lock");
}

#[test]
fn every_staff_screen_speaks_one_language_at_a_time() {
    let t = TestFair::new();
    for n in 1..=3 {
        let person = t.checked_in(n);
        t.fair.issue_ticket(&person, "A", None).unwrap();
    }
    t.fair.call_next("A1").unwrap();

    let mut booth = staff_harness(BoothConsole::new(api(&t), "A", None));
    both(&mut booth, "booth console");

    let mut board = staff_harness(BoardScreen::new(api(&t), Chime::silent()));
    step_until(&mut board, "the board", |h| shows(h, "A001"));
    check(&board, Lang::Vi, "board");
    board.state_mut().state.lang = Lang::En;
    board.run();
    check(&board, Lang::En, "board");

    let mut dash = staff_harness(DashboardScreen::new(api(&t), t.dir.path().to_path_buf()));
    both(&mut dash, "dashboard locked");
    unlock(&mut dash, fairdesk::demo::DEMO_PIN);
    step_until(&mut dash, "the dashboard", |h| shows(h, vi("dash.hired")));
    both(&mut dash, "dashboard");

    let fair = Arc::new(Fair::open_with_clock(&t.path(), t.clock.clone()).expect("open"));
    let mut setup = staff_harness(SetupScreen::new(fair).with_folder(t.dir.path().to_path_buf()));
    unlock(&mut setup, fairdesk::demo::DEMO_PIN);
    for tab in [
        "setup.booths",
        "setup.event",
        "setup.tab_lists",
        "setup.tab_pin",
    ] {
        press_exact(&mut setup, vi(tab));
        both(&mut setup, tab);
    }
}
