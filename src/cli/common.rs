//! What the command files share: the database they open, JSON on stdout, the date in Vietnam.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::{FixedOffset, NaiveDate, Utc};

use crate::data_folder::DataFolder;
use crate::fair::Fair;

/// Writes `value` as pretty JSON on stdout. A closed pipe (`fairdesk board | head`) comes back
/// as an error that `main` ends on quietly, as Unix tools do.
pub(super) fn print_json(value: &impl serde::Serialize) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Fails with the hint to create the database when `db` is not there. Every command that
/// needs an existing database says the same line.
pub(super) fn require_db(db: &Path) -> Result<()> {
    if !db.exists() {
        bail!(
            "{} does not exist: create it with `fairdesk init --db {} --demo`",
            db.display(),
            db.display()
        );
    }
    Ok(())
}

/// The fair file a command uses, and the data folder it came from.
pub(super) struct FairFile {
    /// The file.
    pub path: PathBuf,
    /// The user's data folder, when neither `--db` nor `FAIRDESK_DB` named the file.
    pub folder: Option<DataFolder>,
}

/// The fair file a command uses: `--db` or `FAIRDESK_DB` (clap reads both into `given`), else
/// the current fair in the user's data folder, whose folder is created for it.
pub(super) fn fair_file(given: Option<PathBuf>) -> Result<FairFile> {
    if let Some(path) = given {
        return Ok(FairFile { path, folder: None });
    }
    let folder = DataFolder::user()?;
    crate::data_folder::create(folder.path())?;
    Ok(FairFile {
        path: folder.current_fair()?,
        folder: Some(folder),
    })
}

pub(super) fn open(db: &Path) -> Result<Fair> {
    require_db(db)?;
    Ok(Fair::open(db)?)
}

/// Today's date in Vietnam (+07:00), for a demo held "today".
pub fn today_in_vietnam() -> NaiveDate {
    let offset =
        FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"));
    Utc::now().with_timezone(&offset).date_naive()
}
