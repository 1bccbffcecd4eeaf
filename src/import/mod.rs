//! Importing attendee and booth lists: all-or-nothing.
//!
//! A file is read into rows of (header → cell) first, every row is validated, and only when
//! no row is wrong is anything written, in one transaction. Every wrong row is reported with
//! its line number and the reason, so an organiser can fix the file in one pass (the first
//! [`limits::MAX_REJECTED`] of them, and how many there are in all).
//!
//! What a file may make the import read is bounded ([`limits`]): a file too large, too long
//! or crafted to exhaust memory is refused with one sentence before anything is allocated
//! for it.

mod attendees;
mod booths;
mod file;
mod guard;
pub mod limits;
mod table;
mod xlsx;

use serde::Serialize;

use crate::i18n::{Lang, trf};

pub use attendees::ATTENDEE_COLUMNS;
pub(crate) use attendees::parse_date;
pub use attendees::validate_attendees;
pub use booths::BOOTH_COLUMNS;
pub use booths::validate_booths;
pub(crate) use file::read_bounded;
pub use file::read_file;
pub use table::{Table, read_csv};
pub use xlsx::read_workbook;
pub(crate) use xlsx::{cell_text, is_blank, open_checked, table_of};

/// Why a row was rejected: a key of the translation table (`import.*`) and the values that fill
/// it, so the Setup screen words it in the organiser's language. Never names a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    key: &'static str,
    args: Vec<(&'static str, String)>,
}

impl Reason {
    /// The reason with translation key `key`.
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// Fills the placeholder `{name}` with `value`.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The reason in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        trf(lang, self.key, &args)
    }
}

/// One rejected row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// Line number in the file (the header is line 1).
    pub line: usize,
    /// The reason in English, for the command line and scripts.
    pub reason: String,
    /// A stable snake_case code for the reason, e.g. `commune`, `birth_date`.
    pub code: &'static str,
    /// The reason itself, to word it in another language ([`RowError::text`]).
    #[serde(skip)]
    pub why: Reason,
}

impl RowError {
    /// Row `line` is rejected for `why`.
    pub fn new(line: usize, why: Reason) -> Self {
        Self {
            line,
            reason: why.text(Lang::En),
            code: why.key.trim_start_matches("import."),
            why,
        }
    }

    /// The reason in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.why.text(lang)
    }
}

/// Rejected rows as they are found: the first [`limits::MAX_REJECTED`] kept with their
/// reasons, all of them counted, so a file of a million bad rows costs no more to report
/// than one of a thousand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rejections {
    /// The first rejected rows, in the order found.
    pub rows: Vec<RowError>,
    /// How many rows were rejected in all.
    pub total: usize,
}

impl Rejections {
    /// Counts a rejected row, keeping it if fewer than [`limits::MAX_REJECTED`] are kept.
    pub fn push(&mut self, row: RowError) {
        self.total += 1;
        if self.rows.len() < limits::MAX_REJECTED {
            self.rows.push(row);
        }
    }

    /// Whether no row was rejected.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

impl From<Vec<RowError>> for Rejections {
    fn from(rows: Vec<RowError>) -> Self {
        let mut rejections = Self::default();
        for row in rows {
            rejections.push(row);
        }
        rejections
    }
}

/// What an import did, or would have done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// New records written.
    pub imported: usize,
    /// Existing records (matched by ID number) overwritten, with [`ImportOptions::update`].
    pub updated: usize,
    /// The rejected rows, the first [`limits::MAX_REJECTED`] of them; when not empty,
    /// nothing was written.
    pub rejected: Vec<RowError>,
    /// How many rows were rejected in all: `rejected.len()` unless that many were left out.
    pub rejected_total: usize,
}

impl ImportSummary {
    /// An import that wrote nothing because of these rows (only the first
    /// [`limits::MAX_REJECTED`] are kept; all are counted).
    pub fn rejected(rejected: impl Into<Rejections>) -> Self {
        let Rejections { rows, total } = rejected.into();
        Self {
            imported: 0,
            updated: 0,
            rejected: rows,
            rejected_total: total,
        }
    }

    /// An import that wrote these records.
    pub fn written(imported: usize, updated: usize) -> Self {
        Self {
            imported,
            updated,
            rejected: Vec::new(),
            rejected_total: 0,
        }
    }
}

/// How to treat rows that match records already on file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Update an attendee whose ID number is already registered (keeping their registration
    /// code and history) instead of rejecting the row. Still all-or-nothing.
    pub update: bool,
    /// The organiser declares that the list's people agreed to their household category and
    /// ethnic-minority answers being recorded (issue 17): each imported person with such an
    /// answer gets consent basis `organiser_declaration` at the import's time. Without it no
    /// consent is recorded for the list's answers.
    pub consent_declared: bool,
}
