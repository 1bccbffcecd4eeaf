//! The level above one fair (issue 16): `sync` into the central PostgreSQL database, the
//! `programme report` over it or over several fair files, and `followup import`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand, ValueEnum};

use super::common::print_json;
use super::lists::LangArg;
use crate::central::pseudonym::{self, PseudonymKey};
use crate::central::source::{self, DateRange};
use crate::central::{self as central_db, followup, programme, sync as central_sync};

/// `sync` options.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The central database, `postgres://user:password@host:port/database`.
    #[arg(long)]
    pub to: String,
    /// Log rows (and check-ins) per PostgreSQL transaction.
    #[arg(long, default_value_t = central_sync::DEFAULT_BATCH_ROWS)]
    pub batch: usize,
    #[command(flatten)]
    pub pseudonym: PseudonymArgs,
}

/// How a sync sends people: identities, or keyed hashes (`sync` and `serve --sync-to`).
#[derive(Debug, Args)]
pub struct PseudonymArgs {
    /// Send keyed hashes of ID numbers and phones instead of identities: no names, ID
    /// numbers, phones or birth dates leave the fair. Needs the centre's key.
    #[arg(long)]
    pub pseudonymous: bool,
    /// The file holding the centre's pseudonym key (or put the key itself in
    /// FAIRDESK_PSEUDONYM_KEY).
    #[arg(long, env = "FAIRDESK_PSEUDONYM_KEY_FILE", value_name = "FILE")]
    pub pseudonym_key_file: Option<PathBuf>,
}

impl PseudonymArgs {
    /// The centre's key when hashes are asked for; an error when the key and the mode
    /// disagree, so a mistyped command never sends identities it was meant to hide.
    pub(super) fn key(&self) -> Result<Option<PseudonymKey>> {
        Ok(match (self.pseudonymous, &self.pseudonym_key_file) {
            (false, None) => None,
            (false, Some(_)) => {
                bail!("a pseudonym key is given but not --pseudonymous: add it to send hashes")
            }
            (true, Some(file)) => Some(PseudonymKey::from_file(file)?),
            (true, None) => match std::env::var_os(pseudonym::KEY_ENV) {
                Some(key) => Some(PseudonymKey::new(key.as_encoded_bytes())?),
                None => bail!(
                    "--pseudonymous needs the centre's key: --pseudonym-key-file FILE or {}",
                    pseudonym::KEY_ENV
                ),
            },
        })
    }
}

/// `followup` subcommands.
#[derive(Debug, Subcommand)]
pub enum FollowupCommand {
    /// Read the follow-up columns of a fair's Excel report back (all rows or none): into the
    /// fair's file (--db) or the central database (--pg).
    Import(FollowupImportArgs),
}

/// `followup` options.
#[derive(Debug, Args)]
pub struct FollowupArgs {
    #[command(subcommand)]
    pub command: FollowupCommand,
}

/// `followup import` options.
#[derive(Debug, Args)]
pub struct FollowupImportArgs {
    /// The fair's Excel report with its follow-up columns filled in.
    pub file: PathBuf,
    /// The central database, `postgres://user:password@host:port/database`.
    #[arg(long)]
    pub pg: Option<String>,
    /// The fair's event code, for a sheet that lost the one the export writes above its header.
    #[arg(long)]
    pub event: Option<String>,
}

/// `programme` subcommands.
#[derive(Debug, Subcommand)]
pub enum ProgrammeCommand {
    /// The programme report over many fairs: from the central database (--pg) or from
    /// several fair files (--db a.db --db b.db …).
    Report(ProgrammeReportArgs),
}

/// `programme` options.
#[derive(Debug, Args)]
pub struct ProgrammeArgs {
    #[command(subcommand)]
    pub command: ProgrammeCommand,
}

/// `programme report` options.
#[derive(Debug, Args)]
pub struct ProgrammeReportArgs {
    /// The central database, `postgres://user:password@host:port/database`.
    #[arg(long)]
    pub pg: Option<String>,
    /// Fairs held in this calendar year.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub year: Option<i32>,
    /// Fairs held on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// Fairs held on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: ProgrammeFormat,
    /// Write to a file instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Language of the CSV's and workbook's headings and labels; the JSON keeps its English
    /// keys whatever the language.
    #[arg(long, value_enum, default_value = "vi")]
    pub lang: LangArg,
}

/// Programme report formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProgrammeFormat {
    Json,
    Csv,
    /// An Excel workbook, one sheet per table (needs --out).
    Xlsx,
}

pub(super) fn sync(db: &Path, args: SyncArgs) -> Result<i32> {
    let options = central_sync::SyncOptions {
        batch_rows: args.batch,
        pseudonym_key: args.pseudonym.key()?,
    };
    let summary = central_sync::sync_with(db, &args.to, &options)?;
    print_json(&summary)?;
    Ok(0)
}

pub(super) fn followup(dbs: &[PathBuf], args: FollowupArgs) -> Result<i32> {
    let FollowupCommand::Import(args) = args.command;
    let sheet = followup::read_sheet(&args.file).map_err(|e| anyhow!(e))?;
    let summary = match (&args.pg, dbs) {
        (Some(_), [_, ..]) => bail!("give either --pg or --db, not both"),
        (None, []) => bail!("give the fair's file (--db F) or the central database (--pg URL)"),
        (None, [_, _, ..]) => bail!("--db is given more than once: import into one fair"),
        (Some(url), []) => {
            let mut client = central_db::connect(url)?;
            followup::import_into_central(&mut client, &sheet, args.event.as_deref())?
        }
        (None, [db]) => {
            if let Some(code) = &args.event
                && sheet.event_code.is_none()
            {
                // The file itself is the fair; the code only guards against a wrong one.
                let theirs = central_sync::open_fair(db)?.read(|tx| tx.event())?.code;
                if !theirs.eq_ignore_ascii_case(code) {
                    bail!("--event {code} is not this fair ({theirs})");
                }
            }
            followup::import_into_file(db, &sheet)?
        }
    };
    super::lists::print_import(&summary)
}

pub(super) fn programme(dbs: &[PathBuf], args: ProgrammeArgs) -> Result<i32> {
    match args.command {
        ProgrammeCommand::Report(args) => programme_report(dbs, args),
    }
}

fn programme_report(dbs: &[PathBuf], args: ProgrammeReportArgs) -> Result<i32> {
    let range = match args.year {
        Some(year) => DateRange {
            from: NaiveDate::from_ymd_opt(year, 1, 1),
            to: NaiveDate::from_ymd_opt(year, 12, 31),
        },
        None => DateRange {
            from: args.from,
            to: args.to,
        },
    };
    let inputs = match (&args.pg, dbs) {
        (Some(_), [_, ..]) => bail!("give either --pg or --db files, not both"),
        (None, []) => bail!(
            "give the central database (--pg postgres://…) or fair files (--db a.db --db b.db)"
        ),
        (Some(url), []) => {
            let mut client = central_db::connect(url)?;
            source::from_central(&mut client, range)?
        }
        (None, files) => files
            .iter()
            .map(|f| source::from_file(f))
            .collect::<Result<Vec<_>, _>>()?,
    };
    if matches!(args.format, ProgrammeFormat::Xlsx) && args.out.is_none() {
        bail!("an Excel report needs a file: add --out programme.xlsx");
    }
    let report = programme::compute(&inputs, range, Utc::now());
    let lang = args.lang.into();
    let bytes = match args.format {
        ProgrammeFormat::Json => {
            let mut b = serde_json::to_vec_pretty(&report)?;
            b.push(b'\n');
            b
        }
        ProgrammeFormat::Csv => crate::central::csv_export::to_csv(&report, lang)?,
        ProgrammeFormat::Xlsx => crate::central::xlsx_export::to_bytes(&report, lang)
            .map_err(|e| anyhow!("cannot make the workbook: {e}"))?,
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
