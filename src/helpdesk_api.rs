//! The help desk's part of [`crate::api::FairApi`] (issue 14): requests and replies of search,
//! a person's page, corrections and registration without a card. Wire types like the rest of
//! `api`: the hub sends them as JSON and the command line prints some of them (`search`,
//! `register`) as its scriptable contract. Extend them; never rename a field.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::api::{AttendeeProfile, CheckinOutcome, FairResult};
use crate::domain::limits;
pub use crate::domain::registration::{FieldError, Registration};
use crate::domain::{Gender, Household, YesNo};

/// One attendee in a search list: what staff need to tell people apart, the ID masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// Bare registration code.
    pub code: String,
    pub name: String,
    pub birth_year: Option<i32>,
    /// The listed commune, or the one typed outside the list.
    pub commune: Option<String>,
    /// `019******123`, or `None` without an ID number on file.
    pub masked_id: Option<String>,
    /// When the person first checked in today (UTC), or `None` when not yet.
    pub checked_in: Option<DateTime<Utc>>,
}

/// `fairdesk search` and `GET /api/v1/attendees?q=…`: `{"results": [...]}`, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub results: Vec<SearchHit>,
}

/// Everything the help desk sees and corrects of one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpdeskPerson {
    /// As staff screens see it; `profile.household` is always filled in here.
    pub profile: AttendeeProfile,
    pub birth_date: Option<NaiveDate>,
    pub household: Household,
    /// The listed commune's id, for the correction form's list.
    pub commune_id: Option<i64>,
    /// The commune typed outside the event's list, when there is one.
    pub commune_outside: Option<String>,
    /// `091****678`: enough to confirm with the person, too little to copy.
    pub masked_phone: Option<String>,
    /// When the person first checked in today (UTC).
    pub checked_in_today: Option<DateTime<Utc>>,
    /// Whether the latest entry or exit today was an entry.
    pub on_site: bool,
}

/// A correction made at the help desk. `None` leaves a field as it is; a birth given as a date
/// or a year replaces both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    #[serde(default)]
    pub full_name: Option<String>,
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    #[serde(default)]
    pub birth_year: Option<i32>,
    #[serde(default)]
    pub gender: Option<Gender>,
    /// A commune of the list, or any other text (kept "outside the list").
    #[serde(default)]
    pub commune: Option<String>,
    #[serde(default)]
    pub household: Option<Household>,
    #[serde(default)]
    pub ethnic_minority: Option<YesNo>,
    /// An empty text removes the phone.
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub education: Option<String>,
    #[serde(default)]
    pub interests: Option<Vec<String>>,
    /// Which help desk (for the log).
    #[serde(default)]
    pub station: Option<String>,
}

impl Correction {
    /// Refuses a station name over its limit; the fields are checked with the form's rules.
    pub fn check_limits(&self) -> FairResult<()> {
        limits::check_opt("station", self.station.as_deref(), limits::STATION)?;
        Ok(())
    }
}

/// The reply to a registration: `{"status": "registered", "checkin": {...}}`, or, when
/// possible duplicates were found and `force` was not set, `{"status": "duplicates",
/// "candidates": [...]}` and nothing written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RegisterReply {
    Registered { checkin: CheckinOutcome },
    Duplicates { candidates: Vec<SearchHit> },
}

/// `POST /api/v1/attendees/{code}/checkin`: an entry or exit made by help-desk staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OnBehalf {
    #[serde(default = "entry")]
    pub direction: crate::domain::Direction,
    #[serde(default)]
    pub station: Option<String>,
}

fn entry() -> crate::domain::Direction {
    crate::domain::Direction::In
}
