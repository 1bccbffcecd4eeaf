//! The command line (DESIGN §6). Output is JSON on stdout; a failure is one line on stderr
//! and a non-zero exit. `checkin` exits 3 for not_found and 4 for rejected.
//!
//! One file per group of commands, each holding its clap arguments and its handlers, so a new
//! command is its arguments and handler in one of them, a variant of [`Command`] and one line
//! in [`run`]:
//! `fair_ops.rs` the event-day operations (check-in, tickets, staff actions, views),
//! `lists.rs` the lists in and out (import, report, slips, backup), `hub.rs` the hub and the
//! app's hub options, `app.rs` the app window, `init.rs` a new database, `print.rs` the ticket
//! printer (`print-test` and the kiosk's printer options), `announce.rs` the board's spoken
//! call as a WAV and the voice options, `helpdesk.rs` the help desk's search and registration,
//! `central.rs` the central database (`sync`, `programme`, `followup`),
//! `common.rs` what they share.

mod announce;
mod app;
mod central;
mod common;
mod fair_ops;
mod helpdesk;
mod hub;
mod init;
mod lists;
mod print;
mod purge;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

use crate::api::StaffAction;

pub use announce::{AnnounceArgs, RegionArg, VoiceArgs};
pub use app::AppArgs;
pub use app::pairing_check;
pub use central::{
    FollowupArgs, FollowupCommand, FollowupImportArgs, ProgrammeArgs, ProgrammeCommand,
    ProgrammeFormat, ProgrammeReportArgs, SyncArgs,
};
pub use common::today_in_vietnam;
pub use fair_ops::{
    AttendeeArgs, CallArgs, CheckinArgs, DeskArgs, DeskState, FinishArgs, OutcomeArg, TargetArgs,
    TicketArgs, TransferArgs,
};
pub use helpdesk::{EXIT_DUPLICATES, RegisterArgs, SearchArgs};
pub use hub::{AppHubArgs, DEFAULT_OUTBOX, LoadtestArgs, RoleArg, ServeArgs, TokenArgs};
pub use init::InitArgs;
pub use lists::{BackupArgs, ImportArgs, ImportKind, LangArg, ReportArgs, ReportFormat, SlipsArgs};
pub use print::{PrintTestArgs, PrinterArgs};

/// fairdesk: the event-day system of a job fair.
#[derive(Debug, Parser)]
#[command(name = "fairdesk", version, about)]
pub struct Cli {
    /// The event database (default: the current fair in the user's data folder, or
    /// $FAIRDESK_DB); `programme report` reads several: repeat it.
    #[arg(long = "db", global = true, action = clap::ArgAction::Append, value_name = "DB",
          env = crate::data_folder::DB_ENV)]
    pub dbs: Vec<PathBuf>,
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
    Import(ImportArgs),
    /// Classify one scan and check the attendee in; prints JSON.
    Checkin(CheckinArgs),
    /// Issue a ticket; prints JSON.
    Ticket(TicketArgs),
    /// Call the next candidate to a desk.
    Call(CallArgs),
    /// Call the current candidate again.
    Recall(TargetArgs),
    /// Start serving the called candidate.
    Start(TargetArgs),
    /// Finish with an outcome.
    Finish(FinishArgs),
    /// Mark the called candidate as not present.
    NoShow(TargetArgs),
    /// Put a no-show back at the end of the queue.
    Reinstate(TargetArgs),
    /// Cancel a waiting or no-show ticket.
    Cancel(TargetArgs),
    /// Move a ticket to another booth, keeping its issue time.
    Transfer(TransferArgs),
    /// Pause or reopen a desk.
    Desk(DeskArgs),
    /// One attendee's profile and open tickets.
    Attendee(AttendeeArgs),
    /// Every booth with its queue.
    Booths,
    /// The public board (ticket numbers and desks only).
    Board,
    /// The headcount report.
    Report(ReportArgs),
    /// Registration slips: an A4 PDF to cut out, or one slip's QR code as PNG.
    Slips(SlipsArgs),
    /// An online, consistent copy of the database.
    Backup(BackupArgs),
    /// Remove the personal data of a finished event (names, ID numbers, phones, birth days,
    /// notes) from the tables and the log, then vacuum the file; reports stay the same.
    Purge(purge::PurgeArgs),
    /// Run the hub: the HTTP/JSON API for every station on the hall's network.
    Serve(ServeArgs),
    /// Issue a station token (printed, and as a QR code), or list or revoke tokens.
    Token(TokenArgs),
    /// Simulate a fair against a hub (or in process) and print throughput and latency.
    Loadtest(LoadtestArgs),
    /// Print a test slip (every Vietnamese letter and a QR code) to check a ticket printer.
    PrintTest(PrintTestArgs),
    /// Render a call as the board speaks it (chime and voice) to a WAV file; prints JSON.
    Announce(AnnounceArgs),
    /// Find attendees as the help desk does; prints JSON.
    Search(SearchArgs),
    /// Register a person without a card and check them in; prints JSON (exit 5: duplicates).
    Register(RegisterArgs),
    /// Copy the fair into the central PostgreSQL database (only what is new); prints JSON.
    Sync(SyncArgs),
    /// Many fairs together: the programme report.
    Programme(ProgrammeArgs),
    /// After the fair: read back the follow-up results staff filled into the Excel report.
    Followup(FollowupArgs),
}

/// Runs one command; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    let dbs = cli.dbs;
    // Resolved only by the commands that open a fair, so `print-test`, `announce` and
    // `app --hub` work on a machine without a home folder.
    let fair_file = || match dbs.as_slice() {
        [] => common::fair_file(None),
        [one] => common::fair_file(Some(one.clone())),
        _ => anyhow::bail!("--db is given more than once; only `programme report` reads several"),
    };
    let Some(command) = cli.command else {
        return app::default_kiosk(fair_file()?);
    };
    match command {
        Command::App(args) => app::run(fair_file(), args),
        Command::Init(args) => init::run(&fair_file()?.path, args),
        Command::Import(args) => lists::import(&fair_file()?.path, args),
        Command::Checkin(args) => fair_ops::checkin(&fair_file()?.path, args),
        Command::Ticket(args) => fair_ops::ticket(&fair_file()?.path, args),
        Command::Call(args) => fair_ops::call(&fair_file()?.path, args),
        Command::Recall(t) => fair_ops::act(&fair_file()?.path, &t, StaffAction::Recall),
        Command::Start(t) => fair_ops::act(&fair_file()?.path, &t, StaffAction::Start),
        Command::Finish(args) => fair_ops::finish(&fair_file()?.path, args),
        Command::NoShow(t) => fair_ops::act(&fair_file()?.path, &t, StaffAction::NoShow),
        Command::Reinstate(t) => fair_ops::act(&fair_file()?.path, &t, StaffAction::Reinstate),
        Command::Cancel(t) => fair_ops::act(&fair_file()?.path, &t, StaffAction::Cancel),
        Command::Transfer(args) => fair_ops::transfer(&fair_file()?.path, args),
        Command::Desk(args) => fair_ops::desk(&fair_file()?.path, args),
        Command::Attendee(args) => fair_ops::attendee(&fair_file()?.path, args),
        Command::Booths => fair_ops::booths(&fair_file()?.path),
        Command::Board => fair_ops::board(&fair_file()?.path),
        Command::Report(args) => lists::report(&fair_file()?.path, args),
        Command::Slips(args) => lists::slips(&fair_file()?.path, args),
        Command::Backup(args) => lists::backup(&fair_file()?.path, args),
        Command::Purge(args) => purge::run(&fair_file()?.path, args),
        Command::Serve(args) => hub::serve(&fair_file()?.path, args),
        Command::Token(args) => hub::token(&fair_file()?.path, args),
        Command::Loadtest(args) => hub::loadtest(fair_file().map(|f| f.path), args),
        Command::PrintTest(args) => print::print_test(args),
        Command::Announce(args) => announce::run(args),
        Command::Search(args) => helpdesk::search(&fair_file()?.path, args),
        Command::Register(args) => helpdesk::register(&fair_file()?.path, args),
        Command::Sync(args) => central::sync(&fair_file()?.path, args),
        Command::Programme(args) => central::programme(&dbs, args),
        Command::Followup(args) => central::followup(&dbs, args),
    }
}
