//! `app`: one station's window, on the local database or over a hub (see `hub.rs` for the
//! hub options).

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Result, bail};
use clap::Args;

use super::announce::VoiceArgs;
use super::common::{FairFile, require_db, today_in_vietnam};
use super::hub::{AppHub, AppHubArgs, check_hub};
use super::print::PrinterArgs;
use crate::hub::HubClient;
use crate::hub::pairing::Pairing;
use crate::ui::pairing::PairingOutcome;

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
    /// This station's name in the log and on the dashboard's printer list, e.g. `kiosk-2`:
    /// give each kiosk on one fair file its own. Over a hub the token names the station.
    #[arg(long, value_parser = station_name)]
    pub name: Option<String>,
    #[command(flatten)]
    pub hub: AppHubArgs,
    /// The kiosk's ticket printer.
    #[command(flatten)]
    pub printer: PrinterArgs,
    /// The board's voice.
    #[command(flatten)]
    pub voice: VoiceArgs,
}

/// `--name`: a name a person can read on the dashboard, within the log's limit.
fn station_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        return Err("give the station a name, e.g. kiosk-2".into());
    }
    if name.chars().count() > crate::domain::limits::STATION {
        return Err(format!(
            "at most {} characters",
            crate::domain::limits::STATION
        ));
    }
    Ok(name.to_string())
}

/// Creates the demo fair at `db` unless a file is there.
fn create_demo_if_missing(db: &std::path::Path) -> Result<()> {
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
    Ok(())
}

/// `fairdesk` alone: the kiosk on the current fair, with the demo fair on first run.
pub(super) fn default_kiosk(fair: FairFile) -> Result<i32> {
    create_demo_if_missing(&fair.path)?;
    run(
        Ok(fair),
        AppArgs {
            station: "kiosk".into(),
            fullscreen: false,
            scanner: None,
            name: None,
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
    let mut args = args;
    if let Some(start) = first_start(&db, &args.hub)? {
        match start {
            FirstStart::Remembered(pairing, folder) => {
                args.hub.pair = Some(pairing.to_string());
                args.hub
                    .outbox
                    .get_or_insert(folder.path().join(OUTBOX_FILE));
            }
            FirstStart::Ask(folder) => {
                let outbox = folder.path().join(OUTBOX_FILE);
                let verify = pairing_check(station.clone(), args.station.trim().to_string());
                match crate::ui::pairing::run_window(folder, verify)? {
                    Some(PairingOutcome::Paired(pairing)) => {
                        args.hub.pair = Some(pairing.to_string());
                        args.hub.outbox.get_or_insert(outbox);
                    }
                    Some(PairingOutcome::Local) => {
                        if let Ok(fair) = &db {
                            create_demo_if_missing(&fair.path)?;
                        }
                    }
                    None => return Ok(0),
                }
            }
        }
    }
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
        name: args.name,
        voice,
        follow,
    })?;
    Ok(0)
}

/// A paired station's kiosk outbox, in its data folder rather than wherever it was started.
const OUTBOX_FILE: &str = "fairdesk-outbox.db";

/// How a station without `--hub`, `--pair` or `--db` starts.
enum FirstStart {
    /// Paired at an earlier start: the hub remembered in the data folder.
    Remembered(Pairing, crate::data_folder::DataFolder),
    /// Nothing here yet (no fair in the data folder, no hub remembered): ask for the hub's
    /// pairing QR code ("Kết nối với máy chủ").
    Ask(crate::data_folder::DataFolder),
}

/// Whether this start is a station's first (or a paired station's later) start: no hub
/// options were given and the fair file came from the data folder (not `--db` or
/// `FAIRDESK_DB`). `None`: start as told (a hub, or the local fair). `--check` checks a
/// remembered hub too.
fn first_start(db: &Result<FairFile>, hub: &super::hub::AppHubArgs) -> Result<Option<FirstStart>> {
    if hub.pair.is_some() || hub.hub.is_some() {
        return Ok(None);
    }
    let Ok(FairFile {
        path,
        folder: Some(folder),
    }) = db
    else {
        return Ok(None);
    };
    if let Some(pairing) = folder.remembered_pairing()? {
        eprintln!(
            "fairdesk: using the hub at {} this station was paired with (forget it by deleting {})",
            pairing.address,
            folder.pairing_file().display()
        );
        return Ok(Some(FirstStart::Remembered(pairing, folder.clone())));
    }
    // `--check` opens no window: with nothing remembered it has nothing to check.
    Ok((!path.exists() && !hub.check).then(|| FirstStart::Ask(folder.clone())))
}

/// The check the pairing screen runs for `station` (`station_arg` as typed): the same as
/// `--pair` — connect with the certificate pinned, ask `whoami`, and see that the token fits
/// the station — each failure one line.
pub fn pairing_check(
    station: crate::ui::Station,
    station_arg: String,
) -> Arc<crate::ui::pairing::Verify> {
    Arc::new(move |pairing: &Pairing| {
        let client = HubClient::connect(&pairing.url(), &pairing.token, Some(pairing.fingerprint))
            .map_err(|e| e.to_string())?;
        check_hub(&client, &station, &station_arg)
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
}
