//! The event and its commune list as every station, the store and the report see them.
//!
//! Plain data, here rather than in `api` so that `store` and `report` can take it without
//! depending on the service interface (which itself depends on the report).

use chrono::{FixedOffset, NaiveDate, Offset, Utc};
use serde::{Deserialize, Serialize};

use super::EventKind;

/// The event as every station needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventInfo {
    /// Short code used in registration QR codes (`FD1:<code>:…`).
    pub code: String,
    pub name: String,
    pub venue: String,
    pub date: NaiveDate,
    /// Job fair day, job-transaction session or other. Hubs before this field mean a fair day.
    #[serde(default)]
    pub kind: EventKind,
    /// The commune or ward where the event is held (the programme reports by place).
    #[serde(default)]
    pub place: String,
    /// The organising unit, e.g. the provincial employment service centre.
    #[serde(default)]
    pub organiser: String,
    /// The event's offset from UTC in minutes (+420 for Vietnam).
    pub utc_offset_min: i32,
    /// Open hours as local "HH:MM", for display.
    pub opens: String,
    pub closes: String,
    pub max_open_tickets: u32,
    /// Seconds after a call before staff may mark the candidate a no-show: the walk from the
    /// far end of a commune hall takes a minute or two. Hubs before this field mean 120.
    #[serde(default = "default_noshow_grace_s")]
    pub noshow_grace_s: u32,
    pub idle_timeout_s: u32,
    pub default_service_s: u32,
    /// Whether booth staff may see an attendee's household category.
    pub show_household_to_booths: bool,
    pub communes: Vec<CommuneInfo>,
}

impl EventInfo {
    /// The ids of the event's communes, in list order: what a generated attendee list draws on.
    pub fn commune_ids(&self) -> Vec<i64> {
        self.communes.iter().map(|c| c.id).collect()
    }
}

/// One commune of the event's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneInfo {
    pub id: i64,
    pub name: String,
}

fn default_noshow_grace_s() -> u32 {
    120
}

/// Vietnam's offset from UTC in minutes (+07:00, no daylight saving): the default of every event.
pub const VIETNAM_UTC_OFFSET_MIN: i32 = 420;

/// The event's clock: times are stored in UTC and every one shown, bucketed or exported is in
/// this offset, never the machine's own zone. An offset outside ±24 h (which setup refuses)
/// reads as Vietnam's.
pub fn event_offset(utc_offset_min: i32) -> FixedOffset {
    FixedOffset::east_opt(utc_offset_min.saturating_mul(60))
        .or_else(|| FixedOffset::east_opt(VIETNAM_UTC_OFFSET_MIN * 60))
        .unwrap_or_else(|| Utc.fix())
}

impl EventInfo {
    /// The event's clock (see [`event_offset`]).
    pub fn offset(&self) -> FixedOffset {
        event_offset(self.utc_offset_min)
    }
}
