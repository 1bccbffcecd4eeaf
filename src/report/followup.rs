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
    /// What staff recorded when they called later (`followup import`), shown again in the
    /// follow-up columns so a list exported twice keeps what was filled in.
    pub followup: Option<Followup>,
}

/// One follow-up as the follow-up list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Followup {
    pub result: FollowupResult,
    pub employer: Option<String>,
    pub contacted_on: NaiveDate,
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

/// What staff found when they called a person weeks after the fair (the follow-up columns of
/// the follow-up list, read back by `fairdesk followup import`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowupResult {
    /// Started work (at the employer recorded beside it): one job created.
    StartedWork,
    InTraining,
    StillLooking,
    /// The call did not reach them.
    NotReached,
}

impl FollowupResult {
    /// In the order the drop-down offers them.
    pub const ALL: [FollowupResult; 4] = [
        FollowupResult::StartedWork,
        FollowupResult::InTraining,
        FollowupResult::StillLooking,
        FollowupResult::NotReached,
    ];

    /// The stable key, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            FollowupResult::StartedWork => "started_work",
            FollowupResult::InTraining => "in_training",
            FollowupResult::StillLooking => "still_looking",
            FollowupResult::NotReached => "not_reached",
        }
    }

    /// The stored key back.
    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == key)
    }

    /// A cell as staff left it: the drop-down's label in either language or the key, compared
    /// without case or accents (a sheet edited by hand or in another office's Excel).
    pub fn from_cell(text: &str) -> Option<Self> {
        use super::i18n::{Lang, t};
        let folded = crate::domain::text::fold(text);
        Self::ALL.into_iter().find(|r| {
            let key = format!("followup.{}", r.as_str());
            [r.as_str(), t(Lang::Vi, &key), t(Lang::En, &key)]
                .iter()
                .any(|label| crate::domain::text::fold(label) == folded)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_read_in_either_language_and_by_key() {
        assert_eq!(
            FollowupResult::from_cell("Đã đi làm"),
            Some(FollowupResult::StartedWork)
        );
        assert_eq!(
            FollowupResult::from_cell(" da di lam "),
            Some(FollowupResult::StartedWork)
        );
        assert_eq!(
            FollowupResult::from_cell("Not reached"),
            Some(FollowupResult::NotReached)
        );
        assert_eq!(
            FollowupResult::from_cell("in_training"),
            Some(FollowupResult::InTraining)
        );
        assert_eq!(FollowupResult::from_cell("married"), None);
        for r in FollowupResult::ALL {
            assert_eq!(FollowupResult::parse(r.as_str()), Some(r));
        }
    }
}
