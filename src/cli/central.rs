//! The level above one fair (issue 16): `sync` into the central PostgreSQL database and the
//! `programme report` over it or over several fair files.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand, ValueEnum};

use super::common::print_json;
use super::lists::LangArg;
use crate::central::source::{self, DateRange};
use crate::central::{self as central_db, programme, sync as central_sync};

/// `sync` options.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The central database, `postgres://user:password@host:port/database`.
    #[arg(long)]
    pub to: String,
    /// Log rows (and check-ins) per PostgreSQL transaction.
    #[arg(long, default_value_t = central_sync::DEFAULT_BATCH_ROWS)]
    pub batch: usize,
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
    /// Language of the headings: accepted for the Excel workbook to come; JSON and CSV use
    /// the stable keys scripts read.
    #[arg(long, value_enum, default_value = "vi")]
    pub lang: LangArg,
}

/// Programme report formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProgrammeFormat {
    Json,
    Csv,
}

pub(super) fn sync(db: &Path, args: SyncArgs) -> Result<i32> {
    let summary = central_sync::sync(db, &args.to, args.batch)?;
    print_json(&summary)?;
    Ok(0)
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
    let report = programme::compute(&inputs, range, Utc::now());
    let bytes = match args.format {
        ProgrammeFormat::Json => {
            let mut b = serde_json::to_vec_pretty(&report)?;
            b.push(b'\n');
            b
        }
        ProgrammeFormat::Csv => crate::central::csv_export::to_csv(&report)?,
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
