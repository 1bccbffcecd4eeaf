//! Importing attendee and booth lists: all-or-nothing.
//!
//! A file is read into rows of (header → cell) first, every row is validated, and only when
//! no row is wrong is anything written, in one transaction. Every wrong row is reported with
//! its line number and the reason, so an organiser can fix the file in one pass.

mod attendees;
mod booths;
mod file;
mod table;
mod xlsx;

use serde::Serialize;

use crate::i18n::{Lang, trf};

pub use attendees::ATTENDEE_COLUMNS;
pub use attendees::validate_attendees;
pub use booths::BOOTH_COLUMNS;
pub use booths::validate_booths;
pub use file::read_file;
pub use table::{Table, read_csv};
pub use xlsx::read_workbook;

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

/// What an import did, or would have done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// New records written.
    pub imported: usize,
    /// Existing records (matched by ID number) overwritten, with [`ImportOptions::update`].
    pub updated: usize,
    /// Every rejected row; when not empty, nothing was written.
    pub rejected: Vec<RowError>,
}

impl ImportSummary {
    /// An import that wrote nothing because of these rows.
    pub fn rejected(rejected: Vec<RowError>) -> Self {
        Self {
            imported: 0,
            updated: 0,
            rejected,
        }
    }
}

/// How to treat rows that match records already on file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Update an attendee whose ID number is already registered (keeping their registration
    /// code and history) instead of rejecting the row. Still all-or-nothing.
    pub update: bool,
}
