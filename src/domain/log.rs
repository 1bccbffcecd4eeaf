//! One row of the event log as read back, and the millisecond times the log and the tables
//! carry. The store writes and reads these; the report rebuilds its facts from them.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

/// One row of the log as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub station: Option<String>,
    pub attendee_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub booth_id: Option<i64>,
    pub desk_id: Option<i64>,
    pub data: Value,
}

/// Times are stored (in tables and log payloads) as UTC milliseconds.
pub fn to_ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

/// The inverse of [`to_ms`]; an out-of-range value reads as the epoch rather than failing.
pub fn from_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}
