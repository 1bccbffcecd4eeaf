//! "Tạo ngày hội mới" as an organiser uses it: egui_kittest drives the real Setup screen and the
//! real kiosk's organiser menu over the demo fair; a temporary data folder receives the new
//! fair, and the engine (opening the new file) checks what was made.

mod common;
mod screen;

use std::path::Path;
use std::sync::Arc;

use common::TestFair;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use fairdesk::api::FairApi;
use fairdesk::data_folder::DataFolder;
use fairdesk::fair::Fair;
use fairdesk::ui::kiosk::{Kiosk, Overlay};
use fairdesk::ui::setup::SetupScreen;
use screen::*;

/// Types `text` into the multi-line field labelled `label`.
fn fill_lines<S: Screen>(harness: &mut Harness<'static, S>, label: &str, text: &str) {
    harness
        .query_all(by().label(label))
        .find(|n| n.accesskit_node().role() == Role::MultilineTextInput)
        .unwrap_or_else(|| panic!("no multi-line field {label:?}"))
        .set_text_value_accesskit(text);
    harness.run();
}

/// The names of the communes in the fair file at `path`, in order.
fn communes(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut st = conn
        .prepare("SELECT name FROM commune ORDER BY id")
        .expect("query");
    st.query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("names")
}

/// The form filled in as an organiser would, but for the communes and the PIN.
fn fill_event<S: Screen>(h: &mut Harness<'static, S>) {
    fill(h, vi("new_fair.name"), "Ngày hội việc làm Định Hoá 2027");
    fill(h, vi("new_fair.code"), "dh27");
    fill(h, vi("new_fair.date"), "15/03/2027");
    fill(h, vi("new_fair.venue"), "Nhà văn hoá huyện Định Hoá");
    // A job-transaction session, not the default job fair day.
    press_exact(h, vi("new_fair.kind.phien_gd"));
}

#[test]
fn the_setup_screen_creates_a_new_fair_and_makes_it_current() {
    let t = TestFair::new();
    let data = tempfile::tempdir().expect("data folder");
    let folder = DataFolder::at(data.path());
    let fair = Arc::new(Fair::open_with_clock(&t.path(), t.clock.clone()).expect("open"));
    let screen = SetupScreen::new(fair)
        .with_folder(t.dir.path().to_path_buf())
        .with_data_folder(folder.clone());
    let mut h = staff_harness_sized(screen, 1400.0);
    unlock(&mut h, fairdesk::demo::DEMO_PIN);
    step_until(&mut h, "the tabs", |h| shows(h, vi("new_fair.title")));
    press_exact(&mut h, vi("new_fair.title"));
    assert!(shows(&h, vi("new_fair.intro")));

    fill_event(&mut h);
    // The communes come from a list exported from the district's spreadsheet.
    let list = t.dir.path().join("xa.csv");
    std::fs::write(
        &list,
        "Xã/Phường;Số hộ\nXã Bảo Cường;900\nThị trấn Chợ Chu;2100\nXã Phượng Tiến;700\n",
    )
    .expect("list");
    fill(
        &mut h,
        vi("new_fair.import_path"),
        &list.display().to_string(),
    );
    press_exact(&mut h, vi("new_fair.import"));
    assert!(shows(&h, &vif("new_fair.imported", &[("n", "3")])));
    // One more typed under the imported ones.
    let typed = format!("{}\nXã Kim Phượng", h.state().state.new_fair.communes);
    fill_lines(&mut h, vi("new_fair.communes"), &typed);

    // A mistyped second PIN is named, and nothing is made.
    fill(&mut h, vi("new_fair.pin"), "97531");
    fill(&mut h, vi("new_fair.pin_again"), "97532");
    press_exact(&mut h, vi("new_fair.create"));
    assert!(shows(&h, vi("new_fair.err.pin_mismatch")));
    assert_eq!(
        folder.current_fair().expect("current"),
        data.path().join("fairdesk.db")
    );
    assert!(!data.path().join("fairs").exists() || communes_files(data.path()) == 0);

    fill(&mut h, vi("new_fair.pin_again"), "97531");
    press_exact(&mut h, vi("new_fair.create"));
    let current = folder.current_fair().expect("current");
    assert!(
        current.starts_with(data.path().join("fairs")),
        "{current:?}"
    );
    let shown = vif(
        "new_fair.created",
        &[
            ("name", "Ngày hội việc làm Định Hoá 2027"),
            ("path", &current.display().to_string()),
        ],
    );
    assert!(shows(&h, &shown), "{:?}", all_text(&h));

    let made = Fair::open(&current).expect("the new fair opens");
    let event = made.event().expect("event");
    assert_eq!(event.name, "Ngày hội việc làm Định Hoá 2027");
    assert_eq!(event.code, "DH27");
    assert_eq!(event.date.to_string(), "2027-03-15");
    assert_eq!(event.kind, fairdesk::domain::EventKind::PhienGd);
    assert!(made.verify_pin("97531").expect("pin"));
    assert!(!made.verify_pin(fairdesk::demo::DEMO_PIN).expect("pin"));
    assert_eq!(
        communes(&current),
        [
            "Xã Bảo Cường",
            "Thị trấn Chợ Chu",
            "Xã Phượng Tiến",
            "Xã Kim Phượng"
        ]
    );
    // The fair this screen was on is untouched.
    assert_eq!(t.fair.event().expect("event").code, "PL26");
}

fn communes_files(folder: &Path) -> usize {
    std::fs::read_dir(folder.join("fairs"))
        .map(|d| d.count())
        .unwrap_or(0)
}

fn kiosk_harness(path: &Path, folder: DataFolder) -> Harness<'static, Kiosk> {
    let api: Arc<dyn FairApi> = Arc::new(Fair::open(path).expect("open"));
    let mut kiosk = Kiosk::new(api, "kiosk");
    kiosk.state.data_folder = Some(folder);
    let mut harness = Harness::builder()
        // Tall enough for the whole form at the kiosk's type size: a 800 px screen scrolls it
        // (docs/new-fair-kiosk-xvfb.png), which the harness does not do for a click.
        .with_size(egui::vec2(1280.0, 1500.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(2000)
        .with_context_setup(fairdesk::ui::setup_context)
        .build_ui_state(|ui, kiosk: &mut Kiosk| kiosk.ui(ui), kiosk);
    for _ in 0..200 {
        harness.step();
        if harness.state().in_flight() == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    harness.run();
    harness
}

#[test]
fn the_kiosks_organiser_menu_creates_a_new_fair() {
    let t = TestFair::new();
    let data = tempfile::tempdir().expect("data folder");
    let folder = DataFolder::at(data.path());
    let mut h = kiosk_harness(&t.path(), folder.clone());
    press_exact(&mut h, vi("organiser"));
    for digit in fairdesk::demo::DEMO_PIN.chars() {
        press_exact(&mut h, &digit.to_string());
    }
    press_exact(&mut h, "OK");
    for _ in 0..200 {
        h.step();
        if h.state().state.overlay == Some(Overlay::Menu) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(h.state().state.overlay, Some(Overlay::Menu));
    press_exact(&mut h, vi("new_fair.title"));
    assert!(matches!(h.state().state.overlay, Some(Overlay::NewFair(_))));

    fill_event(&mut h);
    fill_lines(
        &mut h,
        vi("new_fair.communes"),
        "Xã Bảo Cường\nThị trấn Chợ Chu",
    );
    fill(&mut h, vi("new_fair.pin"), "97531");
    fill(&mut h, vi("new_fair.pin_again"), "97531");
    press_exact(&mut h, vi("new_fair.create"));
    assert_eq!(
        h.state().state.overlay,
        None,
        "the menu closes: {:?}",
        all_text(&h)
    );
    let current = folder.current_fair().expect("current");
    assert_eq!(communes(&current), ["Xã Bảo Cường", "Thị trấn Chợ Chu"]);

    // Cancel on a second form goes back to the menu and makes nothing.
    press_exact(&mut h, vi("organiser"));
    for digit in fairdesk::demo::DEMO_PIN.chars() {
        press_exact(&mut h, &digit.to_string());
    }
    press_exact(&mut h, "OK");
    for _ in 0..200 {
        h.step();
        if h.state().state.overlay == Some(Overlay::Menu) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    press_exact(&mut h, vi("new_fair.title"));
    press_exact(&mut h, vi("new_fair.cancel"));
    assert_eq!(h.state().state.overlay, Some(Overlay::Menu));
    assert_eq!(folder.current_fair().expect("current"), current);
}
