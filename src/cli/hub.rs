//! The hub's commands: `serve` runs the hub; `token --role R [--booth B] [--json]` issues a
//! station token, `token --list` lists them and `token --revoke ID` revokes one; `loadtest`
//! simulates a fair against a hub (`--hub URL --token T`) or in process (`--in-process`).
//!
//! And the app's hub options: `app --hub URL --token T --station S` runs a station against a
//! hub, after checking through `GET whoami` that the hub answers and the token fits the
//! station (one line and exit 1 otherwise).

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use chrono::Utc;
use clap::{Args, ValueEnum};

use super::common::{open, print_json, require_db};
use crate::api::{FairApi, FairError};
use crate::hub::HubClient;
use crate::hub::auth::Role;
use crate::hub::loadtest::LoadConfig;
use crate::hub::server::WhoAmI;
use crate::store::TokenStore;

/// `serve` options.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Use 0.0.0.0:7878 to open it to the LAN.
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: String,
}

pub(super) fn serve(db: &Path, ServeArgs { bind }: ServeArgs) -> Result<i32> {
    require_db(db)?;
    crate::hub::server::run(db, &bind, |addr| {
        eprintln!("fairdesk hub listening on http://{addr} (Ctrl-C to stop)");
    })?;
    eprintln!("fairdesk hub stopped");
    Ok(0)
}

/// `token` options.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// The station's role.
    #[arg(long, value_enum, required_unless_present_any = ["revoke", "list"])]
    pub role: Option<RoleArg>,
    /// The booth a booth token acts for.
    #[arg(long)]
    pub booth: Option<String>,
    /// Print only `{"token": …, "role": …, "booth": …}`.
    #[arg(long)]
    pub json: bool,
    /// Revoke the token with this id (ids are shown by --list).
    #[arg(long, conflicts_with_all = ["role", "list"])]
    pub revoke: Option<i64>,
    /// List tokens (ids, roles, booths, revocation; never the tokens themselves).
    #[arg(long, conflicts_with = "role")]
    pub list: bool,
}

/// Station roles as the command line spells them.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Kiosk,
    Booth,
    Board,
    Organiser,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Kiosk => Role::Kiosk,
            RoleArg::Booth => Role::Booth,
            RoleArg::Board => Role::Board,
            RoleArg::Organiser => Role::Organiser,
        }
    }
}

/// The token as a QR code in the terminal, so a station can pair by scanning it.
fn token_qr(token: &str) -> Result<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::new(token.as_bytes())?;
    Ok(code
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .build())
}

pub(super) fn token(db: &Path, args: TokenArgs) -> Result<i32> {
    if !db.exists() {
        bail!("{} does not exist", db.display());
    }
    let store = TokenStore::open(db)?;
    let now = Utc::now();
    if let Some(id) = args.revoke {
        let row = store
            .revoke(id, now)?
            .ok_or_else(|| anyhow!("no token with id {id}"))?;
        print_json(&row)?;
        return Ok(0);
    }
    if args.list {
        print_json(&store.list()?)?;
        return Ok(0);
    }
    let role = args.role.ok_or_else(|| anyhow!("give --role"))?;
    let issued = crate::hub::auth::issue(&store, role.into(), args.booth.as_deref(), now)?;
    if args.json {
        println!("{}", serde_json::to_string(&issued)?);
        return Ok(0);
    }
    println!("{}", token_qr(&issued.token)?);
    println!("token: {}", issued.token);
    println!(
        "role:  {}{}",
        issued.role.as_str(),
        issued
            .booth
            .as_deref()
            .map(|b| format!(" (booth {b})"))
            .unwrap_or_default()
    );
    println!(
        "id:    {} (revoke with `fairdesk token --revoke {}`)",
        issued.id, issued.id
    );
    Ok(0)
}

/// `loadtest` options.
#[derive(Debug, Args)]
pub struct LoadtestArgs {
    /// The hub, e.g. http://127.0.0.1:7878.
    #[arg(long, required_unless_present = "in_process")]
    pub hub: Option<String>,
    /// An organiser token for the hub.
    #[arg(long, required_unless_present = "in_process")]
    pub token: Option<String>,
    /// Call the engine on --db directly instead of a hub (for comparison).
    #[arg(long, conflicts_with_all = ["hub", "token"])]
    pub in_process: bool,
    /// Simulated stations.
    #[arg(long, default_value_t = 50)]
    pub stations: usize,
    /// Seconds to run (at most an hour).
    #[arg(long, default_value_t = 10)]
    pub duration: u64,
    /// Varies generated ID numbers between runs on one database.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub(super) fn loadtest(db: Result<PathBuf>, args: LoadtestArgs) -> Result<i32> {
    use std::sync::Arc;
    let config = LoadConfig {
        stations: args.stations.clamp(1, 1000),
        duration: std::time::Duration::from_secs(args.duration.clamp(1, 3600)),
        seed: args.seed,
        ..LoadConfig::default()
    };
    let report = if args.in_process {
        let fair: Arc<dyn FairApi> = Arc::new(open(&db?)?);
        crate::hub::loadtest::run(&move || Arc::clone(&fair), &config)?
    } else {
        let (Some(hub), Some(token)) = (args.hub, args.token) else {
            bail!("give --hub URL and --token T, or --in-process");
        };
        crate::hub::loadtest::run(
            &move || Arc::new(HubClient::new(&hub, &token)) as Arc<dyn FairApi>,
            &config,
        )?
    };
    eprint!("{}", report.table());
    print_json(&report)?;
    Ok(0)
}

/// Where a kiosk over a hub keeps its outbox unless `--outbox` says otherwise.
pub const DEFAULT_OUTBOX: &str = "fairdesk-outbox.db";

/// `app`'s options for running over a hub.
#[derive(Debug, Default, Args)]
pub struct AppHubArgs {
    /// Use the hub at this URL (e.g. http://192.168.1.10:7878) instead of a local database.
    #[arg(long, requires = "token")]
    pub hub: Option<String>,
    /// The station token the organiser issued for the hub.
    #[arg(long, requires = "hub")]
    pub token: Option<String>,
    /// A kiosk's outbox over a hub: scans the hub could not take yet [default:
    /// fairdesk-outbox.db in the working directory].
    #[arg(long, requires = "hub")]
    pub outbox: Option<PathBuf>,
    /// Check the hub and the token for this station, print what they are, and exit without
    /// opening a window.
    #[arg(long, requires = "hub")]
    pub check: bool,
}

/// What `app`'s hub options come to.
pub(super) enum AppHub {
    /// No `--hub`: the app runs on the local database.
    Local,
    /// `--check` has printed its line; no window opens.
    Checked,
    /// The hub answers and the token fits the station.
    Open(crate::ui::HubOptions),
}

impl AppHubArgs {
    /// Checks the hub and the token for `station` (`station_arg` as typed, for the messages).
    pub(super) fn connect(self, station: &crate::ui::Station, station_arg: &str) -> Result<AppHub> {
        let (Some(url), Some(token)) = (&self.hub, &self.token) else {
            return Ok(AppHub::Local);
        };
        let client = HubClient::new(url, token);
        let who = check_hub(&client, station, station_arg)?;
        if self.check {
            let booth = who
                .booth
                .map(|b| format!(" for booth {b}"))
                .unwrap_or_default();
            println!(
                "ok: the hub at {} accepts this {} token{booth} for --station {}",
                client.base(),
                who.role.as_str(),
                station_arg
            );
            return Ok(AppHub::Checked);
        }
        Ok(AppHub::Open(crate::ui::HubOptions {
            url: client.base().to_string(),
            token: token.clone(),
            outbox: self.outbox.unwrap_or_else(|| PathBuf::from(DEFAULT_OUTBOX)),
        }))
    }
}

/// Whether a token with `role` (and `booth`) fits `station`. An organiser token fits every
/// station; otherwise a kiosk needs a kiosk token, a booth console a token for its own booth,
/// the board a board token, and the dashboard an organiser's.
fn token_fits(who: &WhoAmI, station: &crate::ui::Station) -> bool {
    use crate::ui::Station;
    match (who.role, station) {
        (Role::Organiser, _) => true,
        (Role::Kiosk, Station::Kiosk) | (Role::Board, Station::Board) => true,
        (Role::Booth, Station::Booth { booth, .. }) => who.booth.as_deref() == Some(booth),
        _ => false,
    }
}

/// What a station needs, in words, for the error line.
fn station_needs(station: &crate::ui::Station) -> String {
    use crate::ui::Station;
    match station {
        Station::Kiosk => "a kiosk token".into(),
        Station::Booth { booth, .. } => format!("a booth token for booth {booth}"),
        Station::Board => "a board token".into(),
        Station::Dashboard | Station::Setup => "an organiser token".into(),
    }
}

/// Checks, before any window opens, that the hub answers and that the token is valid and
/// fits the station. Every failure is one plain line.
fn check_hub(
    client: &HubClient,
    station: &crate::ui::Station,
    station_arg: &str,
) -> Result<WhoAmI> {
    let who = match client.whoami() {
        Ok(who) => who,
        Err(FairError::Unavailable { message }) => bail!(
            "cannot reach the hub at {}: {message}; check the address and that `fairdesk serve` \
             runs there",
            client.base()
        ),
        Err(FairError::Forbidden { message }) => bail!(
            "the hub at {} refused the token ({message}); ask the organiser for a new one \
             (`fairdesk token`)",
            client.base()
        ),
        Err(other) => bail!(
            "the hub at {} gave an unexpected answer ({}); is it a fairdesk hub?",
            client.base(),
            other.code()
        ),
    };
    if !token_fits(&who, station) {
        let what = match &who.booth {
            Some(booth) => format!("a {} token for booth {booth}", who.role.as_str()),
            None => format!("a {} token", who.role.as_str()),
        };
        bail!(
            "this is {what}, but --station {station_arg} needs {} (or an organiser token)",
            station_needs(station)
        );
    }
    Ok(who)
}
