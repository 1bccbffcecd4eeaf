//! Driving the app's real screens with egui_kittest, shared by the UI test files: a harness
//! around any screen with an engine worker, waiting for that worker, reading what a person
//! would read (the accessibility tree) and pressing buttons.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use fairdesk::ui::board::BoardScreen;
use fairdesk::ui::booth::BoothConsole;
use fairdesk::ui::dashboard::DashboardScreen;
use fairdesk::ui::i18n::{Lang, tr, trf};
use fairdesk::ui::kiosk::Kiosk;
use fairdesk::ui::setup::SetupScreen;

/// A screen with a worker: tests wait until it has no engine call in flight.
pub trait Screen {
    fn frame(&mut self, ui: &mut egui::Ui);
    fn in_flight(&self) -> usize;
}

macro_rules! screen {
    ($($t:ty),*) => {$(
        impl Screen for $t {
            fn frame(&mut self, ui: &mut egui::Ui) {
                self.ui(ui)
            }
            fn in_flight(&self) -> usize {
                <$t>::in_flight(self)
            }
        }
    )*};
}
screen!(
    Kiosk,
    BoothConsole,
    BoardScreen,
    DashboardScreen,
    SetupScreen
);

/// The longest a test waits for a worker or for something to appear, in real time (a hub
/// on loopback, the kiosk outbox's replayer and the change watch work in real time).
const PATIENCE: Duration = Duration::from_secs(30);

/// A harness of `size` around `screen`, with the app's context `setup`, after one frame (a
/// screen whose hub is away may never settle).
pub fn harness_with<S: Screen + 'static>(
    screen: S,
    size: (f32, f32),
    setup: fn(&egui::Context),
) -> Harness<'static, S> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(size.0, size.1))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(2000)
        .with_context_setup(setup)
        .build_ui_state(|ui, screen: &mut S| screen.frame(ui), screen);
    harness.step();
    harness
}

/// A staff screen `height` tall on a 1280-wide laptop, settled.
pub fn staff_harness_sized<S: Screen + 'static>(screen: S, height: f32) -> Harness<'static, S> {
    let mut harness = harness_with(screen, (1280.0, height), fairdesk::ui::setup_staff_context);
    settle(&mut harness);
    harness
}

/// A staff screen on a 1280×800 laptop, settled.
pub fn staff_harness<S: Screen + 'static>(screen: S) -> Harness<'static, S> {
    staff_harness_sized(screen, 800.0)
}

/// Steps until the worker has answered everything, then until the UI is still.
pub fn settle<S: Screen>(harness: &mut Harness<'static, S>) {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        harness.step();
        if harness.state().in_flight() == 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    harness.run();
}

/// Steps (simulated time passes, so the screen polls; real time passes, so workers, a hub and
/// the outbox's replayer work) until `done`, or fails showing the screen's text.
pub fn step_until<S: Screen>(
    harness: &mut Harness<'static, S>,
    what: &str,
    done: impl Fn(&Harness<'static, S>) -> bool,
) {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if done(harness) {
            return;
        }
        harness.step();
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!(
        "gave up waiting for {what}; screen text: {:?}",
        all_text(harness)
    );
}

/// Every label and value in the accessibility tree: everything a person could read.
pub fn all_text<S>(harness: &Harness<'static, S>) -> Vec<String> {
    harness
        .root()
        .children_recursive()
        .flat_map(|node| {
            let ak = node.accesskit_node();
            [ak.label(), ak.value()]
        })
        .flatten()
        .collect()
}

pub fn shows<S>(harness: &Harness<'static, S>, text: &str) -> bool {
    all_text(harness).iter().any(|t| t.contains(text))
}

/// Clicks the button whose label contains `label` (or, failing a button, whatever is so
/// labelled), then settles.
pub fn press<S: Screen>(harness: &mut Harness<'static, S>, label: &str) {
    match harness.query(by().role(Role::Button).label_contains(label)) {
        Some(button) => button.click(),
        None => harness.get_by_label_contains(label).click(),
    }
    settle(harness);
}

/// Clicks the button labelled exactly `label`, then settles.
pub fn press_exact<S: Screen>(harness: &mut Harness<'static, S>, label: &str) {
    harness.get_by_role_and_label(Role::Button, label).click();
    settle(harness);
}

/// Replaces the text of the field labelled `label` (the last one, when a form repeats it), as
/// a screen reader would.
pub fn fill<S: Screen>(harness: &mut Harness<'static, S>, label: &str, text: &str) {
    let field = harness
        .query_all(by().label(label))
        .rfind(|n| {
            matches!(
                n.accesskit_node().role(),
                Role::TextInput | Role::PasswordInput
            )
        })
        .unwrap_or_else(|| panic!("no field {label:?}: {:?}", all_text(harness)));
    field.set_text_value_accesskit(text);
    harness.run();
}

/// Types the organiser PIN and unlocks (dashboard, setup).
pub fn unlock<S: Screen>(harness: &mut Harness<'static, S>, pin: &str) {
    harness.get_by_label(vi("pin_prompt")).type_text(pin);
    harness.get_by_label(vi("unlock")).click();
    settle(harness);
}

pub fn vi(key: &str) -> &str {
    tr(Lang::Vi, key)
}

pub fn vif(key: &str, args: &[(&str, &str)]) -> String {
    trf(Lang::Vi, key, args)
}

/// A demo fair in a temp dir, created for today (the UI test files' common start).
pub struct Fixture {
    _dir: tempfile::TempDir,
    /// A second connection to the same database, for checking what the screen did.
    pub fair: fairdesk::fair::Fair,
    pub path: std::path::PathBuf,
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fair.db");
    fairdesk::demo::create(&path, fairdesk::cli::today_in_vietnam()).expect("demo");
    let fair = fairdesk::fair::Fair::open(&path).expect("open");
    Fixture {
        _dir: dir,
        fair,
        path,
    }
}
