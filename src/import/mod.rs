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

pub use attendees::ATTENDEE_COLUMNS;
pub use attendees::validate_attendees;
pub use booths::BOOTH_COLUMNS;
pub use booths::validate_booths;
pub use file::read_file;
pub use table::{Table, read_csv};
pub use xlsx::read_workbook;

/// One rejected row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// Line number in the file (the header is line 1).
    pub line: usize,
    pub reason: String,
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
