//! The lists in and out of the database: import, the headcount report, registration slips
//! and backups.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use clap::{Args, ValueEnum};
use serde_json::json;

use super::common::{open, print_json};
use crate::api::FairApi;
use crate::fair::SlipSelection;
use crate::import::{ImportOptions, ImportSummary};
use crate::report::i18n::Lang;
use crate::report::{ReportRange, to_csv};

/// `import` options.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file lists.
    pub kind: ImportKind,
    /// The file (.xlsx, .xls, .ods or .csv).
    pub file: PathBuf,
    /// Update attendees whose ID number is already on file instead of rejecting them.
    #[arg(long)]
    pub update: bool,
    /// Declare, as the organiser, that the listed people agreed to their household category
    /// and ethnic-minority answers being recorded (kept with each answer as its consent).
    #[arg(long)]
    pub consent_declared: bool,
}

/// Import file kinds.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportKind {
    Attendees,
    Booths,
}

pub(super) fn import(
    db: &Path,
    ImportArgs {
        kind,
        file,
        update,
        consent_declared,
    }: ImportArgs,
) -> Result<i32> {
    let fair = open(db)?;
    let summary = match kind {
        ImportKind::Attendees => {
            let mut bar = TerminalProgress::new();
            let summary = fair.import_attendee_file(
                &file,
                ImportOptions {
                    update,
                    consent_declared,
                },
                &mut |done, total| bar.update(done, total),
            );
            bar.finish();
            summary?
        }
        ImportKind::Booths => fair.import_booth_file(&file)?,
    };
    print_import(&summary)
}

pub(super) fn print_import(summary: &ImportSummary) -> Result<i32> {
    print_json(summary)?;
    if summary.rejected.is_empty() {
        Ok(0)
    } else {
        for r in &summary.rejected {
            eprintln!("line {}: {}", r.line, r.reason);
        }
        // The list holds only the first rows with reasons; the total counts every one.
        let total = summary.rejected_total.max(summary.rejected.len());
        if total > summary.rejected.len() {
            eprintln!("… and {} more", total - summary.rejected.len());
        }
        eprintln!("fairdesk: nothing imported: {total} row(s) rejected");
        Ok(1)
    }
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

/// Report formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Json,
    Csv,
    Xlsx,
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

pub(super) fn report(db: &Path, args: ReportArgs) -> Result<i32> {
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
        // The workbook's follow-up sheet names people and their phones: each export is logged.
        fair.log_personal_export("followup_workbook", people.len(), "cli")?;
        print_json(&json!({"report": path.display().to_string(), "people": report.people}))?;
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

pub(super) fn slips(db: &Path, args: SlipsArgs) -> Result<i32> {
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

/// `backup` options.
#[derive(Debug, Args)]
pub struct BackupArgs {
    #[arg(long)]
    pub out: PathBuf,
}

pub(super) fn backup(db: &Path, BackupArgs { out }: BackupArgs) -> Result<i32> {
    if out.exists() {
        bail!("{} already exists: choose a new file", out.display());
    }
    let fair = open(db)?;
    fair.with_store(|s| s.backup(&out))?;
    print_json(&json!({"backup": out.display().to_string()}))?;
    Ok(0)
}
