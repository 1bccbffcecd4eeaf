//! The event-day operations: check-in, tickets, the staff's actions on a desk's ticket and
//! the read views. Each prints the engine's answer as JSON; `checkin` exits with the
//! status's code.

use std::ffi::OsString;
use std::io::Read;
use std::path::Path;

use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use serde_json::json;

use super::common::{open, print_json};
use crate::api::{CheckinRequest, FairApi, StaffAction, Target};
use crate::domain::{Direction, Outcome};

/// `checkin` options.
#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// The scanned or typed text (omit with --stdin). A text that starts with `-` goes after
    /// `--` (`fairdesk checkin --db F -- -0123`), or on standard input with --stdin, so it is
    /// not read as an option; --stdin also keeps a scan out of the shell's history.
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

/// `ticket` options.
#[derive(Debug, Args)]
pub struct TicketArgs {
    /// The attendee's registration code.
    #[arg(long)]
    pub attendee: String,
    /// The booth code.
    #[arg(long)]
    pub booth: String,
}

/// `call` options.
#[derive(Debug, Args)]
pub struct CallArgs {
    #[arg(long)]
    pub desk: String,
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

/// `finish` options.
#[derive(Debug, Args)]
pub struct FinishArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[arg(long, value_enum)]
    pub outcome: OutcomeArg,
    #[arg(long)]
    pub note: Option<String>,
}

/// `transfer` options.
#[derive(Debug, Args)]
pub struct TransferArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// The booth to move to.
    #[arg(long = "to", alias = "booth")]
    pub to: String,
}

/// `desk` options.
#[derive(Debug, Args)]
pub struct DeskArgs {
    #[arg(long)]
    pub desk: String,
    #[arg(long, value_enum)]
    pub set: DeskState,
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

/// `attendee` options.
#[derive(Debug, Args)]
pub struct AttendeeArgs {
    pub code: String,
}

pub(super) fn checkin(db: &Path, args: CheckinArgs) -> Result<i32> {
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

pub(super) fn ticket(db: &Path, TicketArgs { attendee, booth }: TicketArgs) -> Result<i32> {
    print_json(&open(db)?.issue_ticket(&attendee, &booth, Some("cli"))?)?;
    Ok(0)
}

pub(super) fn call(db: &Path, CallArgs { desk }: CallArgs) -> Result<i32> {
    match open(db)?.call_next(&desk)? {
        Some(t) => print_json(&t)?,
        None => print_json(&json!({"ticket": null}))?,
    }
    Ok(0)
}

pub(super) fn act(db: &Path, target: &TargetArgs, action: StaffAction) -> Result<i32> {
    print_json(&open(db)?.act(target.target(), action)?)?;
    Ok(0)
}

pub(super) fn finish(
    db: &Path,
    FinishArgs {
        target,
        outcome,
        note,
    }: FinishArgs,
) -> Result<i32> {
    act(
        db,
        &target,
        StaffAction::Finish {
            outcome: outcome.into(),
            note,
        },
    )
}

pub(super) fn transfer(db: &Path, TransferArgs { target, to }: TransferArgs) -> Result<i32> {
    act(db, &target, StaffAction::Transfer { booth: to })
}

pub(super) fn desk(db: &Path, DeskArgs { desk, set }: DeskArgs) -> Result<i32> {
    print_json(&open(db)?.set_desk_open(&desk, matches!(set, DeskState::Open))?)?;
    Ok(0)
}

pub(super) fn attendee(db: &Path, AttendeeArgs { code }: AttendeeArgs) -> Result<i32> {
    print_json(&open(db)?.attendee(&code)?)?;
    Ok(0)
}

pub(super) fn booths(db: &Path) -> Result<i32> {
    print_json(&open(db)?.booths()?)?;
    Ok(0)
}

pub(super) fn board(db: &Path) -> Result<i32> {
    print_json(&open(db)?.board()?)?;
    Ok(0)
}
