//! What the command files share: the database they open, JSON on stdout, the date in Vietnam.

use std::path::Path;

use anyhow::{Result, bail};
use chrono::{FixedOffset, NaiveDate, Utc};

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
