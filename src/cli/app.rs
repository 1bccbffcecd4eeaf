//! `app`: one station's window, on the local database or over a hub (see `hub.rs` for the
//! hub options).

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use clap::Args;

use super::announce::VoiceArgs;
use super::common::{require_db, today_in_vietnam};
use super::hub::{AppHub, AppHubArgs};
use super::print::PrinterArgs;

/// `app` options.
#[derive(Debug, Args)]
pub struct AppArgs {
    /// The station this window is: `kiosk`, `booth:CODE`, `board`, `dashboard` or `setup`.
    #[arg(long, default_value = "kiosk")]
    pub station: String,
    /// For `booth:CODE`: the desk this console is (default: the booth's first desk).
    #[arg(long)]
    pub desk: Option<String>,
    /// Open another station in a second window; only `board` (for a second monitor).
    #[arg(long)]
    pub also: Option<String>,
    /// Cover the whole screen.
    #[arg(long)]
    pub fullscreen: bool,
    /// Read a QR scanner in serial (USB-CDC) mode from this device, e.g. /dev/ttyACM0.
    #[arg(long)]
    pub scanner: Option<PathBuf>,
    #[command(flatten)]
    pub hub: AppHubArgs,
    /// The kiosk's ticket printer.
    #[command(flatten)]
    pub printer: PrinterArgs,
    /// The board's voice.
    #[command(flatten)]
    pub voice: VoiceArgs,
}

/// `fairdesk` alone: the kiosk on ./fairdesk.db, with the demo fair on first run.
pub(super) fn default_kiosk(db: &Path) -> Result<i32> {
    if !db.exists() {
        let fair = crate::demo::create(db, today_in_vietnam())?;
        drop(fair);
        eprintln!(
            "fairdesk: created the demo fair in {}; organiser PIN {}",
            db.display(),
            crate::demo::DEMO_PIN
        );
    }
    run(
        db,
        AppArgs {
            station: "kiosk".into(),
            fullscreen: false,
            scanner: None,
            desk: None,
            also: None,
            hub: AppHubArgs::default(),
            printer: PrinterArgs::default(),
            voice: VoiceArgs::default(),
        },
    )
}

pub(super) fn run(db: &Path, args: AppArgs) -> Result<i32> {
    let mut station = crate::ui::Station::parse(&args.station)?;
    if let Some(wanted) = &args.desk {
        match &mut station {
            crate::ui::Station::Booth { desk, .. } => *desk = Some(wanted.trim().to_uppercase()),
            _ => bail!("--desk goes with --station booth:CODE"),
        }
    }
    let also_board = match args.also.as_deref() {
        None => false,
        Some("board") => true,
        Some(other) => bail!("--also {other:?}: only `--also board` is supported"),
    };
    let printer = args.printer.config();
    if printer.is_some()
        && !matches!(
            station,
            crate::ui::Station::Kiosk | crate::ui::Station::Helpdesk
        )
    {
        bail!("--printer goes with --station kiosk or --station helpdesk");
    }
    let voice = args.voice.for_app()?;
    let hub = match args.hub.connect(&station, args.station.trim())? {
        AppHub::Local => {
            require_db(db)?;
            None
        }
        AppHub::Checked => return Ok(0),
        AppHub::Open(options) => Some(options),
    };
    crate::ui::run(crate::ui::AppOptions {
        db: db.to_path_buf(),
        station,
        fullscreen: args.fullscreen,
        scanner: args.scanner,
        also_board,
        hub,
        printer,
        voice,
    })?;
    Ok(0)
}
