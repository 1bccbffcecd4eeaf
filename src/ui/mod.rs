//! The eframe app. One window shows one station's screen; the station is chosen on the command
//! line. Each station is its own module of `*_ui` functions — a file (`board`, `dashboard`),
//! or a folder with the screen's state and command handling in `mod.rs` and one file a page or
//! panel (`kiosk`, `booth`, `setup`) — all talking to the engine only through `Arc<dyn FairApi>` on a worker
//! thread ([`worker`], [`jobs`]): a local [`crate::fair::Fair`], or a
//! [`crate::hub::HubClient`] when the station runs against a hub ([`AppOptions::hub`]). Over
//! a hub the kiosk checks in through an [`OfflineKiosk`] with a local outbox, and the staff
//! screens keep their last view and say "reconnecting" while the hub is away.

pub mod fonts;
/// The one translation table, at the crate root so exports use it without the UI.
pub use crate::i18n;
pub mod keypad;
pub mod kiosk;
pub mod qr;
pub mod scanner;
pub mod worker;
// Staff and organiser screens (issue 4).
pub mod board;
pub mod booth;
pub mod chime;
pub mod dashboard;
pub mod follow;
pub mod helpdesk;
pub mod jobs;
pub mod new_fair;
pub mod pairing;
pub mod setup;
pub mod speaker;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Result, anyhow};

use crate::api::FairApi;
use crate::hub::{HubClient, OfflineKiosk};

/// How often a kiosk over a hub replays its outbox (or, with nothing queued, checks that the
/// hub answers): the banner goes within about this long after the hub returns.
const REPLAY_INTERVAL: Duration = Duration::from_secs(1);

/// Which screen this window shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Station {
    /// The attendee self-service kiosk.
    #[default]
    Kiosk,
    /// A booth console: one desk of one booth (the booth's first desk when `desk` is `None`).
    Booth {
        /// Booth code, e.g. `A`.
        booth: String,
        /// Desk code, e.g. `A1`.
        desk: Option<String>,
    },
    /// The public "now serving" board.
    Board,
    /// The organisers' live dashboard (PIN).
    Dashboard,
    /// The organisers' setup screen (PIN).
    Setup,
    /// The help desk by the entrance (issue 14).
    Helpdesk,
}

impl Station {
    /// Parses the `--station` value: `kiosk`, `booth:CODE`, `board`, `dashboard`, `setup` or
    /// `helpdesk`.
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "kiosk" => Ok(Self::Kiosk),
            "board" => Ok(Self::Board),
            "dashboard" => Ok(Self::Dashboard),
            "setup" => Ok(Self::Setup),
            "helpdesk" => Ok(Self::Helpdesk),
            other => match other.strip_prefix("booth:") {
                Some(code) if crate::fair::valid_booth_code(&code.trim().to_uppercase()) => {
                    Ok(Self::Booth {
                        booth: code.trim().to_uppercase(),
                        desk: None,
                    })
                }
                _ => Err(anyhow!(
                    "unknown station {other:?}: use kiosk, booth:CODE (e.g. booth:A), board, \
                     dashboard, setup or helpdesk"
                )),
            },
        }
    }

    /// The station's name in the event log.
    pub fn log_name(&self) -> &'static str {
        match self {
            Self::Kiosk => "kiosk",
            Self::Booth { .. } => "booth",
            Self::Board => "board",
            Self::Dashboard => "dashboard",
            Self::Setup => "setup",
            Self::Helpdesk => "helpdesk",
        }
    }
}

/// How to start the app.
#[derive(Debug, Clone, Default)]
pub struct AppOptions {
    /// The event database (local mode).
    pub db: PathBuf,
    /// The screen to show.
    pub station: Station,
    /// Cover the whole screen (kiosk hardware); otherwise a maximised window.
    pub fullscreen: bool,
    /// A serial-mode (USB-CDC) scanner device to read lines from, e.g. `/dev/ttyACM0` or `COM3`.
    pub scanner: Option<PathBuf>,
    /// Also open the board as a second native window (`--also board`).
    pub also_board: bool,
    /// Run against this hub instead of the local database `db`.
    pub hub: Option<HubOptions>,
    /// The kiosk's ticket printer (`--printer`): a slip for each attendee's new tickets.
    pub printer: Option<crate::print::PrinterConfig>,
    /// This station's name in the log and the dashboard's printer list (`--name`), on a local
    /// fair; `None`: its kind (`kiosk`). Over a hub the token names the station.
    pub name: Option<String>,
    /// The board's voice (`--voice`, `--voice-region`); `None` for the shipped one.
    pub voice: Option<Arc<crate::voice::Voice>>,
    /// The data folder `db` came from (no `--db`): the window follows its current fair and
    /// the kiosk's organiser menu can create a new one.
    pub follow: Option<crate::data_folder::DataFolder>,
}

/// Where the hub is, how this station signs in, and where a kiosk keeps scans the hub could
/// not take yet.
#[derive(Clone, Default)]
pub struct HubOptions {
    /// `https://192.168.1.10:7878`.
    pub url: String,
    /// The station token the organiser issued.
    pub token: String,
    /// The hub certificate's fingerprint the station was paired with; `None` for a hub in
    /// plain HTTP (`--insecure-http`), which the station shows as a warning banner.
    pub fingerprint: Option<crate::hub::tls::Fingerprint>,
    /// The kiosk's outbox file (created if needed).
    pub outbox: PathBuf,
}

impl std::fmt::Debug for HubOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the token.
        f.debug_struct("HubOptions")
            .field("url", &self.url)
            .field("fingerprint", &self.fingerprint)
            .field("outbox", &self.outbox)
            .finish_non_exhaustive()
    }
}

/// Sets up fonts and the touch-sized style on `ctx`: the same setup for the app and its tests.
pub fn setup_context(ctx: &egui::Context) {
    fonts::install(ctx);
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        use egui::{FontFamily, FontId, TextStyle};
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::new(18.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(24.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(26.0, FontFamily::Proportional),
            ),
            (TextStyle::Heading, FontId::new(36.0, fonts::bold())),
            (
                TextStyle::Monospace,
                FontId::new(24.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(12.0, 10.0);
        style.spacing.button_padding = egui::vec2(16.0, 12.0);
        style.spacing.interact_size.y = kiosk::TOUCH_HEIGHT;
        // A touchscreen has no hover; tooltips and text selection only get in the way.
        style.interaction.selectable_labels = false;
    });
}

/// The staff style: the kiosk's fonts, but laptop-sized controls (the kiosk's 64 px touch
/// rows would make the dashboard's tables four times too tall). Tests use it too.
pub fn setup_staff_context(ctx: &egui::Context) {
    setup_context(ctx);
    ctx.all_styles_mut(|style| {
        use egui::{FontFamily, FontId, TextStyle};
        style
            .text_styles
            .insert(TextStyle::Body, FontId::new(20.0, FontFamily::Proportional));
        style.text_styles.insert(
            TextStyle::Button,
            FontId::new(20.0, FontFamily::Proportional),
        );
        style.spacing.interact_size.y = 32.0;
        style.spacing.button_padding = egui::vec2(12.0, 8.0);
        style.spacing.item_spacing = egui::vec2(10.0, 8.0);
        style.interaction.selectable_labels = false;
    });
}

/// A staff or organiser screen (issue 4), shown instead of the kiosk.
// One per window, made once: the size difference between screens costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum StaffScreen {
    /// A booth console.
    Booth(booth::BoothConsole),
    /// The "now serving" board.
    Board(board::BoardScreen),
    /// The live dashboard.
    Dashboard(dashboard::DashboardScreen),
    /// The help desk.
    Helpdesk(helpdesk::HelpdeskStation),
    /// The setup screen.
    Setup(setup::SetupScreen),
}

impl StaffScreen {
    /// The screen for `station` over the local `fair` (`None` for the kiosk); exports go to
    /// `export_dir`, a board speaks with `chime`.
    pub fn new(
        fair: &Arc<crate::fair::Fair>,
        station: &Station,
        export_dir: PathBuf,
        chime: &chime::Chime,
    ) -> Option<Self> {
        match station {
            Station::Setup => Some(Self::Setup(
                setup::SetupScreen::new(Arc::clone(fair)).with_folder(export_dir),
            )),
            other => Self::over_api(fair.clone(), other, export_dir, chime),
        }
    }

    /// The screen for `station` over a hub (`None` for the kiosk). Setup goes through the
    /// hub too (an organiser token), except list imports, which run on the hub laptop.
    pub fn over_hub(
        hub: Arc<HubClient>,
        station: &Station,
        export_dir: PathBuf,
        chime: &chime::Chime,
    ) -> Option<Self> {
        match station {
            Station::Setup => Some(Self::Setup(setup::SetupScreen::over(hub))),
            other => Self::over_api(hub, other, export_dir, chime),
        }
    }

    /// The screen for `station` over any engine (`None` for the kiosk, and for setup, which
    /// needs [`crate::fair::SetupApi`]: see [`Self::new`] and [`Self::over_hub`]).
    pub fn over_api(
        api: Arc<dyn FairApi>,
        station: &Station,
        export_dir: PathBuf,
        chime: &chime::Chime,
    ) -> Option<Self> {
        Some(match station {
            Station::Kiosk | Station::Setup => return None,
            Station::Booth { booth, desk } => {
                Self::Booth(booth::BoothConsole::new(api, booth, desk.as_deref()))
            }
            Station::Board => Self::Board(board::BoardScreen::new(api, chime.clone())),
            Station::Dashboard => Self::Dashboard(dashboard::DashboardScreen::new(api, export_dir)),
            Station::Helpdesk => Self::Helpdesk(helpdesk::HelpdeskStation::new(api)),
        })
    }

    /// One frame of the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        match self {
            Self::Booth(screen) => screen.ui(ui),
            Self::Board(screen) => screen.ui(ui),
            Self::Dashboard(screen) => screen.ui(ui),
            Self::Setup(screen) => screen.ui(ui),
            Self::Helpdesk(screen) => screen.ui(ui),
        }
    }
}

/// The board in a second native window (`--also board`), drawn by egui's deferred viewport
/// on its own repaint schedule, so the kiosk window never waits for it.
pub struct BoardWindow {
    screen: Arc<Mutex<board::BoardScreen>>,
    closed: Arc<AtomicBool>,
}

impl BoardWindow {
    /// A board window over `api`, speaking with `chime`.
    pub fn new(api: Arc<dyn FairApi>, chime: chime::Chime) -> Self {
        Self {
            screen: Arc::new(Mutex::new(board::BoardScreen::new(api, chime))),
            closed: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Keeps the window open (call every frame of the main window) until someone closes it.
    pub fn show(&self, ctx: &egui::Context) {
        if self.closed.load(Ordering::Relaxed) {
            return;
        }
        let screen = Arc::clone(&self.screen);
        let closed = Arc::clone(&self.closed);
        ctx.show_viewport_deferred(
            egui::ViewportId::from_hash_of("fairdesk-board"),
            egui::ViewportBuilder::default()
                .with_title("fairdesk — board")
                .with_inner_size([1280.0, 720.0]),
            move |ui, _class| {
                if ui.input(|i| i.viewport().close_requested()) {
                    closed.store(true, Ordering::Relaxed);
                }
                // F11 puts the board full screen on whichever monitor it was dragged to.
                if ui.input(|i| i.key_pressed(egui::Key::F11)) {
                    let full = ui.input(|i| i.viewport().fullscreen.unwrap_or(false));
                    ui.ctx()
                        .send_viewport_cmd(egui::ViewportCommand::Fullscreen(!full));
                }
                // A poisoned lock means a frame panicked; the board state is still drawable.
                let mut screen = screen.lock().unwrap_or_else(|p| p.into_inner());
                screen.ui(ui);
            },
        );
    }
}

/// The app: one station's screen.
pub struct FairdeskApp {
    kiosk: kiosk::Kiosk,
    scans: Option<Receiver<String>>,
    /// A staff screen replaces the kiosk (the kiosk stays built so its API is unchanged
    /// while the kiosk branch is in flight; one `Screen` enum once both are merged).
    staff: Option<StaffScreen>,
    /// `--also board`.
    board_window: Option<BoardWindow>,
    /// Over a hub in plain HTTP (`--insecure-http`): a red strip says so on every screen.
    insecure_hub: bool,
    /// Switching to the data folder's new current fair, with how to build the app over it.
    follow: Option<(follow::FollowFair, Box<MakeApp>)>,
    /// A kiosk telling the engine how its printer is (issue 15), while the app runs.
    _printer_report: Option<crate::print::state::PrinterReporter>,
}

/// Builds the app over a fair file, for a window that switches fairs.
type MakeApp = dyn Fn(&egui::Context, Arc<crate::fair::Fair>, &std::path::Path) -> FairdeskApp;

impl FairdeskApp {
    /// The app over `api` for `station`, with scanner lines (serial mode) from `scans`.
    pub fn new(
        ctx: &egui::Context,
        api: Arc<dyn FairApi>,
        station: &Station,
        scans: Option<Receiver<String>>,
    ) -> Self {
        setup_context(ctx);
        Self {
            kiosk: kiosk::Kiosk::new(api, station.log_name()),
            scans,
            staff: None,
            board_window: None,
            insecure_hub: false,
            follow: None,
            _printer_report: None,
        }
    }

    /// Follows `watch`'s current fair, rebuilding the app with `make` when it changes.
    pub fn following(mut self, watch: follow::FollowFair, make: Box<MakeApp>) -> Self {
        self.follow = Some((watch, make));
        self
    }

    /// Switches to the data folder's current fair if it changed. The old screens and their
    /// workers are dropped; the scanner keeps its thread.
    fn follow_current(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let Some((watch, make)) = &mut self.follow else {
            return;
        };
        ctx.request_repaint_after(watch.wait(now));
        let Some(path) = watch.changed(now) else {
            return;
        };
        match crate::fair::Fair::open(&path) {
            Ok(fair) => {
                tracing::info!("switching to the current fair {}", path.display());
                let mut next = make(ctx, Arc::new(fair), &path);
                next.scans = self.scans.take();
                next.follow = self.follow.take();
                *self = next;
            }
            Err(err) => {
                tracing::warn!("cannot open the new current fair {}: {err}", path.display())
            }
        }
    }

    /// Shows the unencrypted-connection banner (a station started with `--insecure-http`).
    pub fn with_insecure_hub_warning(mut self, insecure: bool) -> Self {
        self.insecure_hub = insecure;
        self
    }

    /// Shows `staff` instead of the kiosk, in the staff style.
    pub fn with_staff(mut self, ctx: &egui::Context, staff: Option<StaffScreen>) -> Self {
        if staff.is_some() {
            setup_staff_context(ctx);
        }
        self.staff = staff;
        self
    }

    /// Sends the kiosk's check-ins through `outbox` (a kiosk over a hub).
    pub fn with_outbox(mut self, outbox: Option<Arc<OfflineKiosk>>) -> Self {
        if let Some(outbox) = outbox {
            self.kiosk.use_outbox(outbox);
        }
        self
    }

    /// Prints each attendee's new tickets on `printer` (a kiosk with a ticket printer).
    pub fn with_printer(mut self, printer: Option<Box<dyn crate::print::Printer>>) -> Self {
        if let Some(printer) = printer {
            self.kiosk.use_printer(printer);
        }
        self
    }

    /// Keeps `reporter` (the kiosk's printer reports) running as long as the app.
    pub fn with_printer_report(
        mut self,
        reporter: Option<crate::print::state::PrinterReporter>,
    ) -> Self {
        self._printer_report = reporter;
        self
    }

    /// Also opens the board in a second window.
    pub fn with_board_window(mut self, board: Option<BoardWindow>) -> Self {
        self.board_window = board;
        self
    }

    /// The kiosk screen (for tests).
    pub fn kiosk(&self) -> &kiosk::Kiosk {
        &self.kiosk
    }
}

/// The strip that says the station's link to the hub is not encrypted, in both languages:
/// the station's language is the attendee's, and the warning is for the organiser.
fn insecure_banner_ui(ui: &mut egui::Ui) {
    use crate::i18n::{Lang, tr};
    egui::Panel::top("insecure-hub-banner")
        .resizable(false)
        .show_separator_line(false)
        .frame(
            egui::Frame::new()
                .fill(egui::Color32::from_rgb(183, 28, 28))
                .inner_margin(egui::Margin::symmetric(24, 4)),
        )
        .show(ui, |ui| {
            ui.spacing_mut().interact_size.y = 20.0;
            for lang in [Lang::Vi, Lang::En] {
                ui.label(
                    egui::RichText::new(tr(lang, "privacy.insecure_banner"))
                        .size(16.0)
                        .strong()
                        .color(egui::Color32::WHITE),
                );
            }
        });
}

impl eframe::App for FairdeskApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.follow_current(ui.ctx());
        if let Some(board) = &self.board_window {
            board.show(ui.ctx());
        }
        if self.insecure_hub {
            insecure_banner_ui(ui);
        }
        if let Some(staff) = &mut self.staff {
            staff.ui(ui);
        } else {
            if let Some(scans) = &self.scans {
                let lines: Vec<String> = scans.try_iter().collect();
                for line in lines {
                    self.kiosk.external_scan(line);
                }
            }
            // Only the real window: a test harness keeps its size in points whatever the zoom.
            kiosk::fit_zoom(ui.ctx());
            self.kiosk.ui(ui);
        }
        // A focused text field asks the system for its input method (IME) every frame. On X11
        // with no input-method server, winit 0.30 answers with IME events inside the same
        // dispatch and eframe repaints for each, forever, so real key and pointer events are
        // never read: the kiosk ignores its scanner. The scanner and keypad type ASCII digits
        // and letters, so no IME is asked for unless FAIRDESK_IME=1 (typing Vietnamese with
        // ibus or fcitx on a staff screen).
        // The help desk is where staff type Vietnamese names (issue 14): it keeps the IME
        // whenever the session has an input method configured, as ibus and fcitx set up.
        static KEEP_IME: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        static HELPDESK_IME: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        let forced =
            *KEEP_IME.get_or_init(|| std::env::var_os("FAIRDESK_IME").is_some_and(|v| v == "1"));
        let helpdesk = matches!(self.staff, Some(StaffScreen::Helpdesk(_)))
            && *HELPDESK_IME.get_or_init(input_method_configured);
        if !forced && !helpdesk {
            ui.ctx().output_mut(|output| output.ime = None);
        }
    }
}

/// Whether the session runs an input method (ibus, fcitx): they set `XMODIFIERS` or the
/// toolkits' IM module variables. `FAIRDESK_IME=0` says no whatever they say.
fn input_method_configured() -> bool {
    if std::env::var_os("FAIRDESK_IME").is_some_and(|v| v == "0") {
        return false;
    }
    cfg!(windows)
        || ["XMODIFIERS", "GTK_IM_MODULE", "QT_IM_MODULE"]
            .iter()
            .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
}

/// The engine a window talks to: the local database, or a hub.
enum Engine {
    Local(Arc<crate::fair::Fair>),
    Hub(Arc<HubClient>),
}

/// How to build the app over a local fair file (the first one, and each one the window
/// switches to): the station's screen, its printer, its board window.
/// The help desk reprints on its `--printer` (wrapped by [`station_printer`], so the
/// dashboard sees it), or else saves each slip into `slips/` beside the database: the ticket
/// slip as a PNG (issue 15's `preview:`) and the registration slip as a PDF (issue 6's), to
/// print from any office printer; the desk says where they went.
fn helpdesk_printing(
    desk: &mut helpdesk::HelpdeskStation,
    printer: Option<Box<dyn crate::print::Printer>>,
    export_dir: &std::path::Path,
) {
    let printer = printer.unwrap_or_else(|| {
        let folder = export_dir.join("slips");
        desk.save_slips_in(folder.clone());
        crate::print::open(&crate::print::PrinterConfig {
            spec: crate::print::PrinterSpec::Preview(folder),
            options: crate::print::PrintOptions::default(),
        })
    });
    desk.use_printer(printer);
}

/// A station's ticket printer, wrapped so that what it says reaches the dashboard (issue 15),
/// and the reporter that sends it. A kiosk without a printer reports "none configured"; a
/// help desk without one saves its slips as files, which is no fault, so it reports nothing.
/// Other stations print no tickets: nothing.
pub fn station_printer(
    api: &Arc<dyn FairApi>,
    config: Option<&crate::print::PrinterConfig>,
    station: &Station,
    name: &str,
) -> (
    Option<Box<dyn crate::print::Printer>>,
    Option<crate::print::state::PrinterReporter>,
) {
    use crate::print::state::{HEARTBEAT, PrinterReporter, PrinterState};
    let initial = match (station, config) {
        (Station::Kiosk | Station::Helpdesk, Some(_)) => PrinterState::Unknown,
        (Station::Kiosk, None) => PrinterState::None,
        _ => return (None, None),
    };
    let spec = config.map(|c| c.spec.to_string()).unwrap_or_default();
    let reporter = PrinterReporter::spawn(Arc::clone(api), name, &spec, initial, HEARTBEAT);
    let printer = config.map(|c| reporter.wrap(crate::print::open(c)));
    (printer, Some(reporter))
}

fn local_app(
    station: Station,
    name: Option<String>,
    chime: chime::Chime,
    also_board: bool,
    printer: Option<crate::print::PrinterConfig>,
    folder: Option<crate::data_folder::DataFolder>,
) -> Box<MakeApp> {
    Box::new(move |ctx, fair, path| {
        let api: Arc<dyn FairApi> = fair.clone();
        let export_dir = path
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        let mut staff = StaffScreen::new(&fair, &station, export_dir.clone(), &chime);
        let name = name.as_deref().unwrap_or(station.log_name());
        let (mut printer, report) = station_printer(&api, printer.as_ref(), &station, name);
        if let Some(StaffScreen::Helpdesk(desk)) = &mut staff {
            helpdesk_printing(desk, printer.take(), &export_dir);
        }
        let board = also_board.then(|| BoardWindow::new(api.clone(), chime.clone()));
        let mut app = FairdeskApp::new(ctx, api, &station, None)
            .with_staff(ctx, staff)
            .with_printer(printer)
            .with_printer_report(report)
            .with_board_window(board);
        app.kiosk.state.station = name.to_string();
        app.kiosk.state.data_folder = folder.clone();
        app
    })
}

/// Opens the window and runs the app until the organiser quits. Over a hub the caller has
/// already checked the hub and the token (`fairdesk app` does, before any window opens).
pub fn run(options: AppOptions) -> Result<()> {
    let station = options.station.clone();
    let (engine, export_dir) = match &options.hub {
        Some(hub) => (
            Engine::Hub(Arc::new(
                HubClient::connect(&hub.url, &hub.token, hub.fingerprint)
                    .map_err(|e| anyhow!("{e}"))?,
            )),
            // A remote dashboard exports where the organiser started it.
            PathBuf::from("."),
        ),
        None => (
            Engine::Local(Arc::new(crate::fair::Fair::open(&options.db)?)),
            options
                .db
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default(),
        ),
    };
    let api: Arc<dyn FairApi> = match &engine {
        Engine::Local(fair) => fair.clone(),
        Engine::Hub(client) => client.clone(),
    };
    // A kiosk over a hub keeps scans the hub cannot take in its outbox and replays them in the
    // background; the replayer stops when this function returns (the window has closed).
    let outbox = match (&options.hub, &station) {
        (Some(hub), Station::Kiosk) => Some(Arc::new(
            OfflineKiosk::open(Arc::clone(&api), &hub.outbox)
                .map_err(|e| anyhow!("cannot open the outbox {}: {e}", hub.outbox.display()))?,
        )),
        _ => None,
    };
    let _replayer = outbox
        .as_ref()
        .map(|kiosk| kiosk.start_replayer(REPLAY_INTERVAL));
    let also_board = options.also_board;
    let insecure_hub = options
        .hub
        .as_ref()
        .is_some_and(|hub| hub.fingerprint.is_none());
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(match &options.station {
            // The kiosk smoke test finds the window by this exact title.
            Station::Kiosk => "fairdesk".to_string(),
            other => format!("fairdesk — {}", other.log_name()),
        })
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([1024.0, 700.0]);
    viewport = if options.fullscreen {
        viewport.with_fullscreen(true)
    } else {
        viewport.with_maximized(true)
    };
    let native = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        // Software GL under a virtual display blocks in a vsync'd swap; a kiosk redraws only
        // on input anyway, so tearing is not a concern.
        glow_options: eframe::egui_glow::GlowConfiguration {
            vsync: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let scanner = options.scanner.clone();
    // Over a hub only: a local window builds its printer with each fair it opens.
    let (mut printer, printer_report) = match &engine {
        Engine::Hub(_) => {
            station_printer(&api, options.printer.as_ref(), &station, station.log_name())
        }
        Engine::Local(_) => (None, None),
    };
    // One sound thread for the board, shared by a second board window; none for a station
    // that never speaks.
    let chime = if station == Station::Board || also_board {
        chime::Chime::with_voice(options.voice.clone())
    } else {
        chime::Chime::silent()
    };
    let printer_config = options.printer.clone();
    let name = options.name.clone();
    let follow = options.follow.clone().filter(|_| options.hub.is_none());
    let db = options.db.clone();
    eframe::run_native(
        "fairdesk",
        native,
        Box::new(move |cc| {
            let scans = scanner.map(|path| scanner::spawn(path, cc.egui_ctx.clone()));
            let app = match engine {
                Engine::Local(fair) => {
                    let make = local_app(
                        station,
                        name,
                        chime,
                        also_board,
                        printer_config,
                        follow.clone(),
                    );
                    let mut app = make(&cc.egui_ctx, fair, &db);
                    app.scans = scans;
                    match follow {
                        Some(folder) => app.following(follow::FollowFair::new(folder, db), make),
                        None => app,
                    }
                }
                Engine::Hub(hub) => {
                    let mut staff =
                        StaffScreen::over_hub(hub, &station, export_dir.clone(), &chime);
                    if let Some(StaffScreen::Helpdesk(desk)) = &mut staff {
                        helpdesk_printing(desk, printer.take(), &export_dir);
                    }
                    let board = also_board.then(|| BoardWindow::new(api.clone(), chime.clone()));
                    FairdeskApp::new(&cc.egui_ctx, api, &station, scans)
                        .with_staff(&cc.egui_ctx, staff)
                        .with_outbox(outbox)
                        .with_printer(printer)
                        .with_printer_report(printer_report)
                        .with_board_window(board)
                        .with_insecure_hub_warning(insecure_hub)
                }
            };
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow!("cannot open the window: {e}"))
}
