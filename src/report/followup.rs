//! The organiser's follow-up list: each person who came, and how each of their booth visits
//! ended. It holds names and phone numbers, so it goes only into the organiser's workbook.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::{Gender, Household, Outcome, Source, TicketState, YesNo};

/// One booth ticket of a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub booth_code: String,
    pub state: TicketState,
    pub outcome: Option<Outcome>,
}

/// One person checked in during the report's range.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendeeOutcome {
    /// Bare registration code.
    pub code: String,
    pub full_name: String,
    pub phone: Option<String>,
    pub commune: Option<String>,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub birth_year: Option<i32>,
    pub household: Household,
    pub ethnic_minority: YesNo,
    pub source: Source,
    /// First entry in the range.
    pub first_entry: DateTime<Utc>,
    /// Booth tickets issued in the range, oldest first.
    pub visits: Vec<Visit>,
}

impl AttendeeOutcome {
    /// Whether any finished visit ended with `outcome`.
    pub fn has_outcome(&self, outcome: Outcome) -> bool {
        self.visits
            .iter()
            .any(|v| v.state == TicketState::Done && v.outcome == Some(outcome))
    }

    /// Birth year, from the full date where known.
    pub fn year_of_birth(&self) -> Option<i32> {
        use chrono::Datelike;
        self.birth_date.map(|d| d.year()).or(self.birth_year)
    }
}
