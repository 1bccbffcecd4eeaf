//! The eframe app. One window shows one station's screen; the station is chosen on the command
//! line. Each station is its own file of `*_ui` functions (`kiosk.rs` now; `booth`, `board` and
//! `dashboard` join as siblings), all talking to the engine only through `Arc<dyn FairApi>` on
//! a worker thread ([`worker`]).

pub mod fonts;
pub mod i18n;
pub mod keypad;
pub mod kiosk;
pub mod qr;
pub mod scanner;
pub mod worker;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use anyhow::{Result, anyhow};

use crate::api::FairApi;

/// Which screen this window shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Station {
    /// The attendee self-service kiosk.
    #[default]
    Kiosk,
}

impl Station {
    /// Parses the `--station` value (`kiosk`; booth/board/dashboard come with later issues).
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "kiosk" => Ok(Self::Kiosk),
            other if other == "board" || other == "dashboard" || other.starts_with("booth") => Err(
                anyhow!("station {other:?} is not built yet: only `kiosk` is available"),
            ),
            other => Err(anyhow!(
                "unknown station {other:?}: use kiosk, booth:CODE, board or dashboard"
            )),
        }
    }

    /// The station's name in the event log.
    pub fn log_name(&self) -> &'static str {
        match self {
            Self::Kiosk => "kiosk",
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
    /// A serial-mode (USB-CDC) scanner device to read lines from, e.g. `/dev/ttyACM0`.
    pub scanner: Option<PathBuf>,
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

/// The app: one station's screen.
pub struct FairdeskApp {
    kiosk: kiosk::Kiosk,
    scans: Option<Receiver<String>>,
}

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
        }
    }

    /// The kiosk screen (for tests).
    pub fn kiosk(&self) -> &kiosk::Kiosk {
        &self.kiosk
    }
}

impl eframe::App for FairdeskApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if let Some(scans) = &self.scans {
            let lines: Vec<String> = scans.try_iter().collect();
            for line in lines {
                self.kiosk.external_scan(line);
            }
        }
        self.kiosk.ui(ui);
    }
}

/// Opens the window and runs the app until the organiser quits.
pub fn run(options: AppOptions) -> Result<()> {
    let fair = crate::fair::Fair::open(&options.db)?;
    let api: Arc<dyn FairApi> = Arc::new(fair);
    let station = options.station.clone();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("fairdesk")
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
        ..Default::default()
    };
    let scanner = options.scanner.clone();
    eframe::run_native(
        "fairdesk",
        native,
        Box::new(move |cc| {
            let scans = scanner.map(|path| scanner::spawn(path, cc.egui_ctx.clone()));
            Ok(Box::new(FairdeskApp::new(
                &cc.egui_ctx,
                api,
                &station,
                scans,
            )))
        }),
    )
    .map_err(|e| anyhow!("cannot open the window: {e}"))
}
