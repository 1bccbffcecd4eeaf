//! Importing attendee and booth lists: all-or-nothing.
//!
//! A file is read into rows of (header → cell) first, every row is validated, and only when
//! no row is wrong is anything written, in one transaction. Every wrong row is reported with
//! its line number and the reason, so an organiser can fix the file in one pass.

mod attendees;
mod booths;
mod table;

use serde::Serialize;

pub use attendees::ATTENDEE_COLUMNS;
pub use attendees::validate_attendees;
pub use booths::BOOTH_COLUMNS;
pub use booths::validate_booths;
pub use table::{Table, read_csv};

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
    pub imported: usize,
    pub rejected: Vec<RowError>,
}
