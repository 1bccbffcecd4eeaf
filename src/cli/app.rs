//! `app`: one station's window, on the local database or over a hub (see `hub.rs` for the
//! hub options).

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use super::announce::VoiceArgs;
use super::common::{FairFile, require_db, today_in_vietnam};
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
    /// Read a QR scanner in serial (USB-CDC) mode from this port, e.g. /dev/ttyACM0 or COM3.
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

/// `fairdesk` alone: the kiosk on the current fair, with the demo fair on first run.
pub(super) fn default_kiosk(fair: FairFile) -> Result<i32> {
    let db = &fair.path;
    if !db.exists() {
        if let Some(folder) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::data_folder::create(folder)?;
        }
        let fair = crate::demo::create(db, today_in_vietnam())?;
        drop(fair);
        eprintln!(
            "fairdesk: created the demo fair in {}; organiser PIN {}",
            db.display(),
            crate::demo::DEMO_PIN
        );
    }
    run(
        Ok(fair),
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

/// Opens the station `args` names, on the fair file `db` (needed only without `--hub`).
pub(super) fn run(db: Result<FairFile>, args: AppArgs) -> Result<i32> {
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
    let (db, follow, hub) = match args.hub.connect(&station, args.station.trim())? {
        AppHub::Local => {
            let FairFile { path, folder } = db?;
            require_db(&path)?;
            (path, folder, None)
        }
        AppHub::Checked => return Ok(0),
        // Over a hub the window never opens a fair file.
        AppHub::Open(options) => (PathBuf::new(), None, Some(options)),
    };
    crate::ui::run(crate::ui::AppOptions {
        db,
        station,
        fullscreen: args.fullscreen,
        scanner: args.scanner,
        also_board,
        hub,
        printer,
        voice,
        follow,
    })?;
    Ok(0)
}
