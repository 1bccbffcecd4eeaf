//! The command line (DESIGN §6). Output is JSON on stdout; a failure is one line on stderr
//! and a non-zero exit. `checkin` exits 3 for not_found and 4 for rejected.
//!
//! Hub commands: `serve` runs the hub; `token --role R [--booth B] [--json]` issues a station
//! token, `token --list` lists them and `token --revoke ID` revokes one; `loadtest` simulates a
//! fair against a hub (`--hub URL --token T`) or in process (`--in-process`). `app --hub URL
//! --token T --station S` runs a station against a hub, after checking through `GET whoami`
//! that the hub answers and the token fits the station (one line and exit 1 otherwise).

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::json;

use crate::api::{CheckinRequest, FairApi, FairError, StaffAction, Target};
use crate::domain::{Direction, Outcome};
use crate::fair::SlipSelection;
use crate::fair::{EventSetup, Fair};
use crate::hub::HubClient;
use crate::hub::auth::Role;
use crate::hub::loadtest::LoadConfig;
use crate::hub::server::WhoAmI;
use crate::import::{ImportOptions, ImportSummary};
use crate::report::i18n::Lang;
use crate::report::{ReportRange, to_csv};
use crate::store::TokenStore;

/// fairdesk: the event-day system of a job fair.
#[derive(Debug, Parser)]
#[command(name = "fairdesk", version, about)]
pub struct Cli {
    /// The event database.
    #[arg(long, global = true, default_value = "fairdesk.db")]
    pub db: PathBuf,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the app (a window) for one station.
    App(AppArgs),
    /// Create a database for an event.
    Init(InitArgs),
    /// Import an attendee or booth list (.xlsx or .csv); all rows or none.
    Import {
        /// What the file lists.
        kind: ImportKind,
        /// The file (.xlsx, .xls, .ods or .csv).
        file: PathBuf,
        /// Update attendees whose ID number is already on file instead of rejecting them.
        #[arg(long)]
        update: bool,
    },
    /// Classify one scan and check the attendee in; prints JSON.
    Checkin(CheckinArgs),
    /// Issue a ticket; prints JSON.
    Ticket {
        /// The attendee's registration code.
        #[arg(long)]
        attendee: String,
        /// The booth code.
        #[arg(long)]
        booth: String,
    },
    /// Call the next candidate to a desk.
    Call {
        #[arg(long)]
        desk: String,
    },
    /// Call the current candidate again.
    Recall(TargetArgs),
    /// Start serving the called candidate.
    Start(TargetArgs),
    /// Finish with an outcome.
    Finish {
        #[command(flatten)]
        target: TargetArgs,
        #[arg(long, value_enum)]
        outcome: OutcomeArg,
        #[arg(long)]
        note: Option<String>,
    },
    /// Mark the called candidate as not present.
    NoShow(TargetArgs),
    /// Put a no-show back at the end of the queue.
    Reinstate(TargetArgs),
    /// Cancel a waiting or no-show ticket.
    Cancel(TargetArgs),
    /// Move a ticket to another booth, keeping its issue time.
    Transfer {
        #[command(flatten)]
        target: TargetArgs,
        /// The booth to move to.
        #[arg(long = "to", alias = "booth")]
        to: String,
    },
    /// Pause or reopen a desk.
    Desk {
        #[arg(long)]
        desk: String,
        #[arg(long, value_enum)]
        set: DeskState,
    },
    /// One attendee's profile and open tickets.
    Attendee { code: String },
    /// Every booth with its queue.
    Booths,
    /// The public board (ticket numbers and desks only).
    Board,
    /// The headcount report.
    Report(ReportArgs),
    /// Registration slips: an A4 PDF to cut out, or one slip's QR code as PNG.
    Slips(SlipsArgs),
    /// An online, consistent copy of the database.
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// Run the hub: the HTTP/JSON API for every station on the hall's network.
    Serve {
        /// Address to listen on. Use 0.0.0.0:7878 to open it to the LAN.
        #[arg(long, default_value = "127.0.0.1:7878")]
        bind: String,
    },
    /// Issue a station token (printed, and as a QR code), or list or revoke tokens.
    Token(TokenArgs),
    /// Simulate a fair against a hub (or in process) and print throughput and latency.
    Loadtest(LoadtestArgs),
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

/// `init` options.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Create the Phú Lương demo fair.
    #[arg(long, conflicts_with = "event")]
    pub demo: bool,
    /// Create the event described in a TOML file.
    #[arg(long)]
    pub event: Option<PathBuf>,
    /// The demo's date (default: today in Vietnam).
    #[arg(long)]
    pub date: Option<NaiveDate>,
}

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

/// `checkin` options.
#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// The scanned or typed text (omit with --stdin).
    #[arg(value_parser = clap::value_parser!(OsString))]
    pub text: Option<OsString>,
    /// Read the scan from standard input (bytes that are not UTF-8 are rejected, not fatal).
    #[arg(long)]
    pub stdin: bool,
    /// Record an exit instead of an entry.
    #[arg(long)]
    pub exit: bool,
    /// Station name for the log.
    #[arg(long, default_value = "cli")]
    pub station: String,
    /// Idempotency key: repeating the command with the same key checks in once.
    #[arg(long)]
    pub key: Option<String>,
}

/// A ticket by desk or number.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// The desk whose current ticket to act on.
    #[arg(long, conflicts_with = "ticket", required_unless_present = "ticket")]
    pub desk: Option<String>,
    /// The ticket number, e.g. A007.
    #[arg(long)]
    pub ticket: Option<String>,
}

impl TargetArgs {
    fn target(&self) -> Target {
        match (&self.desk, &self.ticket) {
            (Some(desk), _) => Target::Desk(desk.clone()),
            (None, Some(ticket)) => Target::Ticket(ticket.clone()),
            (None, None) => Target::Ticket(String::new()),
        }
    }
}

/// `report` options.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(long, value_enum, default_value = "json")]
    pub format: ReportFormat,
    /// Write to a file instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Start of the range: local "HH:MM" on the event day, or RFC 3339.
    #[arg(long)]
    pub from: Option<String>,
    /// End of the range (exclusive), same forms as --from.
    #[arg(long)]
    pub to: Option<String>,
    /// Language of the workbook's headings (xlsx).
    #[arg(long, value_enum, default_value = "vi")]
    pub lang: LangArg,
}

/// `slips` options.
#[derive(Debug, Args)]
pub struct SlipsArgs {
    /// The PDF to write (A4, ten slips a page).
    #[arg(long, required_unless_present = "png")]
    pub out: Option<PathBuf>,
    /// Only attendees of this commune.
    #[arg(long, conflicts_with = "codes")]
    pub commune: Option<String>,
    /// Only these registration codes, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub codes: Option<Vec<String>>,
    /// One attendee's slip as a PNG image: its words around its QR code (with --png).
    #[arg(long, requires = "png", conflicts_with_all = ["codes", "commune", "out"])]
    pub code: Option<String>,
    /// Where to write the PNG of --code.
    #[arg(long, requires = "code")]
    pub png: Option<PathBuf>,
}

/// Export languages.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Vi,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

/// Import file kinds.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportKind {
    Attendees,
    Booths,
}

/// Report formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Json,
    Csv,
    Xlsx,
}

/// Desk states.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DeskState {
    Open,
    Paused,
}

/// Outcomes as the command line spells them.
#[derive(Debug, Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum OutcomeArg {
    Interviewed,
    Hired,
    Shortlisted,
    NotSuitable,
    Training,
    Counselled,
}

impl From<OutcomeArg> for Outcome {
    fn from(o: OutcomeArg) -> Self {
        match o {
            OutcomeArg::Interviewed => Outcome::Interviewed,
            OutcomeArg::Hired => Outcome::Hired,
            OutcomeArg::Shortlisted => Outcome::Shortlisted,
            OutcomeArg::NotSuitable => Outcome::NotSuitable,
            OutcomeArg::Training => Outcome::Training,
            OutcomeArg::Counselled => Outcome::Counselled,
        }
    }
}

fn print_json(value: &impl serde::Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn open(db: &Path) -> Result<Fair> {
    if !db.exists() {
        bail!(
            "{} does not exist: create it with `fairdesk init --db {} --demo`",
            db.display(),
            db.display()
        );
    }
    Ok(Fair::open(db)?)
}

/// Today's date in Vietnam (+07:00), for a demo held "today".
pub fn today_in_vietnam() -> NaiveDate {
    let offset =
        FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"));
    Utc::now().with_timezone(&offset).date_naive()
}

fn parse_time(text: &str, date: NaiveDate, offset_min: i32) -> Result<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let time = NaiveTime::parse_from_str(text, "%H:%M")
        .with_context(|| format!("{text:?} is neither HH:MM nor an RFC 3339 time"))?;
    let offset =
        FixedOffset::east_opt(offset_min * 60).ok_or_else(|| anyhow!("bad event offset"))?;
    offset
        .from_local_datetime(&date.and_time(time))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| anyhow!("{text:?} is not a valid local time"))
}

fn print_import(summary: &ImportSummary) -> Result<i32> {
    print_json(summary)?;
    if summary.rejected.is_empty() {
        Ok(0)
    } else {
        for r in &summary.rejected {
            eprintln!("line {}: {}", r.line, r.reason);
        }
        eprintln!(
            "fairdesk: nothing imported: {} row(s) rejected",
            summary.rejected.len()
        );
        Ok(1)
    }
}

/// Demo codes worth trying, printed by `init --demo`.
fn demo_hints(fair: &Fair) -> Result<serde_json::Value> {
    let people: Vec<_> = fair.with_store(|s| {
        s.read(|tx| {
            let mut rows = Vec::new();
            for id in [1, 2, 3] {
                if let Some(r) = tx.attendee(id)? {
                    rows.push(r);
                }
            }
            Ok(rows)
        })
    })?;
    let event = fair.event()?;
    Ok(json!({
        "reg_codes": people.iter().map(|p| crate::domain::regcode::qr_payload(&event.code, &p.code)).collect::<Vec<_>>(),
        "id_numbers": people.iter().filter_map(|p| p.id_number.clone()).collect::<Vec<_>>(),
        "phones": people.iter().filter_map(|p| p.phone.clone()).collect::<Vec<_>>(),
    }))
}

/// Runs one command; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    let db = &cli.db;
    let Some(command) = cli.command else {
        // `fairdesk` alone: the kiosk on ./fairdesk.db, with the demo fair on first run.
        if !db.exists() {
            let fair = crate::demo::create(db, today_in_vietnam())?;
            drop(fair);
            eprintln!(
                "fairdesk: created the demo fair in {}; organiser PIN {}",
                db.display(),
                crate::demo::DEMO_PIN
            );
        }
        return run_app(
            db,
            AppArgs {
                station: "kiosk".into(),
                fullscreen: false,
                scanner: None,
                desk: None,
                also: None,
                hub: None,
                token: None,
                outbox: None,
                check: false,
            },
        );
    };
    match command {
        Command::App(args) => run_app(db, args),
        Command::Init(args) => {
            let fair = if args.demo {
                crate::demo::create(db, args.date.unwrap_or_else(today_in_vietnam))?
            } else if let Some(file) = &args.event {
                let text = std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                let setup: EventSetup = toml::from_str(&text)
                    .map_err(|e| anyhow!("{}: {}", file.display(), e.message()))?;
                Fair::init(db, &setup)?
            } else {
                bail!("say what to create: --demo or --event event.toml");
            };
            let event = fair.event()?;
            let attendees = fair.with_store(|s| s.read(|tx| tx.attendee_count()))?;
            let mut out = json!({
                "db": db.display().to_string(),
                "event": event.name,
                "code": event.code,
                "date": event.date,
                "attendees": attendees,
            });
            if args.demo {
                out["pin"] = json!(crate::demo::DEMO_PIN);
                out["try"] = demo_hints(&fair)?;
            }
            print_json(&out)?;
            Ok(0)
        }
        Command::Import { kind, file, update } => {
            let fair = open(db)?;
            let summary = match kind {
                ImportKind::Attendees => {
                    let mut bar = TerminalProgress::new();
                    let summary = fair.import_attendee_file(
                        &file,
                        ImportOptions { update },
                        &mut |done, total| bar.update(done, total),
                    );
                    bar.finish();
                    summary?
                }
                ImportKind::Booths => fair.import_booth_file(&file)?,
            };
            print_import(&summary)
        }
        Command::Checkin(args) => {
            let fair = open(db)?;
            let scan = if args.stdin {
                let mut bytes = Vec::new();
                std::io::stdin().read_to_end(&mut bytes)?;
                String::from_utf8_lossy(&bytes).into_owned()
            } else {
                match &args.text {
                    Some(t) => t.to_string_lossy().into_owned(),
                    None => bail!("give the scanned text, or --stdin"),
                }
            };
            let reply = fair.checkin(CheckinRequest {
                scan,
                direction: if args.exit {
                    Direction::Out
                } else {
                    Direction::In
                },
                station: Some(args.station),
                idempotency_key: args.key,
            })?;
            print_json(&reply)?;
            Ok(reply.status.exit_code())
        }
        Command::Ticket { attendee, booth } => {
            print_json(&open(db)?.issue_ticket(&attendee, &booth, Some("cli"))?)?;
            Ok(0)
        }
        Command::Call { desk } => {
            match open(db)?.call_next(&desk)? {
                Some(t) => print_json(&t)?,
                None => print_json(&json!({"ticket": null}))?,
            }
            Ok(0)
        }
        Command::Recall(t) => act(db, &t, StaffAction::Recall),
        Command::Start(t) => act(db, &t, StaffAction::Start),
        Command::Finish {
            target,
            outcome,
            note,
        } => act(
            db,
            &target,
            StaffAction::Finish {
                outcome: outcome.into(),
                note,
            },
        ),
        Command::NoShow(t) => act(db, &t, StaffAction::NoShow),
        Command::Reinstate(t) => act(db, &t, StaffAction::Reinstate),
        Command::Cancel(t) => act(db, &t, StaffAction::Cancel),
        Command::Transfer { target, to } => act(db, &target, StaffAction::Transfer { booth: to }),
        Command::Desk { desk, set } => {
            print_json(&open(db)?.set_desk_open(&desk, matches!(set, DeskState::Open))?)?;
            Ok(0)
        }
        Command::Attendee { code } => {
            print_json(&open(db)?.attendee(&code)?)?;
            Ok(0)
        }
        Command::Booths => {
            print_json(&open(db)?.booths()?)?;
            Ok(0)
        }
        Command::Board => {
            print_json(&open(db)?.board()?)?;
            Ok(0)
        }
        Command::Report(args) => {
            let fair = open(db)?;
            let event = fair.event()?;
            let range = ReportRange {
                from: args
                    .from
                    .as_deref()
                    .map(|t| parse_time(t, event.date, event.utc_offset_min))
                    .transpose()?,
                to: args
                    .to
                    .as_deref()
                    .map(|t| parse_time(t, event.date, event.utc_offset_min))
                    .transpose()?,
            };
            let report = fair.report(range)?;
            if let ReportFormat::Xlsx = args.format {
                let Some(path) = &args.out else {
                    bail!("an Excel report needs a file: add --out report.xlsx");
                };
                let people = fair.attendee_outcomes(range)?;
                crate::report::xlsx::write(&report, Some(&people), args.lang.into(), path)
                    .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
                print_json(
                    &json!({"report": path.display().to_string(), "people": report.people}),
                )?;
                return Ok(0);
            }
            let bytes = match args.format {
                ReportFormat::Json => {
                    let mut b = serde_json::to_vec_pretty(&report)?;
                    b.push(b'\n');
                    b
                }
                ReportFormat::Csv => to_csv(&report)?,
                ReportFormat::Xlsx => Vec::new(),
            };
            match &args.out {
                Some(path) => std::fs::write(path, bytes)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => {
                    use std::io::Write;
                    std::io::stdout().write_all(&bytes)?;
                }
            }
            Ok(0)
        }
        Command::Slips(args) => slips(db, args),
        Command::Backup { out } => {
            if out.exists() {
                bail!("{} already exists: choose a new file", out.display());
            }
            let fair = open(db)?;
            fair.with_store(|s| s.backup(&out))?;
            print_json(&json!({"backup": out.display().to_string()}))?;
            Ok(0)
        }
        Command::Serve { bind } => serve(db, &bind),
        Command::Token(args) => token(db, args),
        Command::Loadtest(args) => loadtest(db, args),
    }
}

fn serve(db: &Path, bind: &str) -> Result<i32> {
    if !db.exists() {
        bail!(
            "{} does not exist: create it with `fairdesk init --db {} --demo`",
            db.display(),
            db.display()
        );
    }
    crate::hub::server::run(db, bind, |addr| {
        eprintln!("fairdesk hub listening on http://{addr} (Ctrl-C to stop)");
    })?;
    eprintln!("fairdesk hub stopped");
    Ok(0)
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

fn token(db: &Path, args: TokenArgs) -> Result<i32> {
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

fn loadtest(db: &Path, args: LoadtestArgs) -> Result<i32> {
    use std::sync::Arc;
    let config = LoadConfig {
        stations: args.stations.clamp(1, 1000),
        duration: std::time::Duration::from_secs(args.duration.clamp(1, 3600)),
        seed: args.seed,
        ..LoadConfig::default()
    };
    let report = if args.in_process {
        let fair: Arc<dyn FairApi> = Arc::new(open(db)?);
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

fn run_app(db: &Path, args: AppArgs) -> Result<i32> {
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
    let hub = match (&args.hub, &args.token) {
        (Some(url), Some(token)) => {
            let client = HubClient::new(url, token);
            let who = check_hub(&client, &station, args.station.trim())?;
            if args.check {
                let booth = who
                    .booth
                    .map(|b| format!(" for booth {b}"))
                    .unwrap_or_default();
                println!(
                    "ok: the hub at {} accepts this {} token{booth} for --station {}",
                    client.base(),
                    who.role.as_str(),
                    args.station.trim()
                );
                return Ok(0);
            }
            Some(crate::ui::HubOptions {
                url: client.base().to_string(),
                token: token.clone(),
                outbox: args.outbox.unwrap_or_else(|| PathBuf::from(DEFAULT_OUTBOX)),
            })
        }
        _ if !db.exists() => bail!(
            "{} does not exist: create it with `fairdesk init --db {} --demo`",
            db.display(),
            db.display()
        ),
        _ => None,
    };
    crate::ui::run(crate::ui::AppOptions {
        db: db.to_path_buf(),
        station,
        fullscreen: args.fullscreen,
        scanner: args.scanner,
        also_board,
        hub,
    })?;
    Ok(0)
}

fn act(db: &Path, target: &TargetArgs, action: StaffAction) -> Result<i32> {
    print_json(&open(db)?.act(target.target(), action)?)?;
    Ok(0)
}

fn slips(db: &Path, args: SlipsArgs) -> Result<i32> {
    let fair = open(db)?;
    if let (Some(code), Some(png)) = (&args.code, &args.png) {
        let selection = SlipSelection {
            commune: None,
            codes: Some(vec![code.clone()]),
        };
        let slips = fair.slips(&selection)?;
        let slip = slips
            .first()
            .ok_or_else(|| anyhow!("no attendee has registration code {code}"))?;
        let bytes = crate::slips::png::render(slip)?;
        std::fs::write(png, bytes).with_context(|| format!("cannot write {}", png.display()))?;
        print_json(&json!({"png": png.display().to_string(), "code": slip.code}))?;
        return Ok(0);
    }
    let Some(out) = &args.out else {
        bail!("say where to write the slips: --out slips.pdf");
    };
    let selection = SlipSelection {
        commune: args.commune.clone(),
        codes: args.codes.clone(),
    };
    let slips = fair.slips(&selection)?;
    let bytes = crate::slips::pdf::render(&slips)?;
    std::fs::write(out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
    print_json(&json!({
        "pdf": out.display().to_string(),
        "slips": slips.len(),
        "pages": slips.len().div_ceil(crate::slips::pdf::PER_PAGE),
    }))?;
    Ok(0)
}

/// A progress bar on stderr for long imports, drawn only when stderr is a terminal (so
/// scripts and logs get no control characters) and the file is big enough to wait for.
struct TerminalProgress {
    bar: Option<indicatif::ProgressBar>,
    enabled: bool,
}

impl TerminalProgress {
    /// Below this many rows an import is over before a bar would be read.
    const MIN_ROWS: usize = 2_000;

    fn new() -> Self {
        use std::io::IsTerminal;
        Self {
            bar: None,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    fn update(&mut self, done: usize, total: usize) {
        if !self.enabled || total < Self::MIN_ROWS {
            return;
        }
        let bar = self.bar.get_or_insert_with(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} rows ({eta})")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message("importing");
            bar
        });
        bar.set_position(done as u64);
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
