//! What `fairdesk sync` and the programme report read of a fair, in bulk: rows as stored,
//! times as UTC milliseconds, enums as their stable text.

use rusqlite::OptionalExtension;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Tx;
use crate::api::FairResult;

/// The tables `sync` streams by row id, each with its own watermark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncedTable {
    Attendee,
    Checkin,
    Ticket,
}

impl SyncedTable {
    fn name(self) -> &'static str {
        match self {
            SyncedTable::Attendee => "attendee",
            SyncedTable::Checkin => "checkin",
            SyncedTable::Ticket => "ticket",
        }
    }
}

/// One log row as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RawLogRow {
    pub seq: i64,
    pub at_ms: i64,
    pub kind: String,
    pub station: Option<String>,
    pub attendee_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub booth_id: Option<i64>,
    pub desk_id: Option<i64>,
    pub data: Value,
}

/// One entry or exit as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCheckin {
    pub id: i64,
    pub attendee_id: i64,
    pub at_ms: i64,
    pub direction: String,
}

/// One attendee with everything the central database keeps of them.
#[derive(Debug, Clone, PartialEq)]
pub struct RawAttendee {
    pub id: i64,
    pub code: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub full_name: String,
    pub birth_date: Option<String>,
    pub birth_year: Option<i32>,
    pub gender: Option<String>,
    pub commune_id: Option<i64>,
    /// No listed commune, one typed outside the list (the report's `outside` row).
    pub commune_outside: bool,
    pub household: String,
    pub ethnic_minority: String,
    pub education: Option<String>,
    pub interests: String,
    pub source: String,
    pub created_at_ms: i64,
}

/// One ticket as stored (the columns the report reads).
#[derive(Debug, Clone, PartialEq)]
pub struct RawTicket {
    pub id: i64,
    pub booth_id: i64,
    pub attendee_id: i64,
    pub state: String,
    pub issued_at_ms: i64,
    pub first_called_at_ms: Option<i64>,
    pub started_at_ms: Option<i64>,
    pub finished_at_ms: Option<i64>,
    pub outcome: Option<String>,
}

/// One booth as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RawBooth {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub name: String,
    pub sectors: String,
}

/// One vacancy as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RawVacancy {
    pub id: i64,
    pub booth_id: i64,
    pub title: String,
    pub count: i32,
}

/// What tells people apart across fairs and what they said they look for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Identity {
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub education: Option<String>,
    /// Sectors wanted.
    pub interests: Vec<String>,
}

impl Tx<'_> {
    /// A hash of the fair's first log row (written when the event was created and never
    /// changed): the same fair copied or backed up keeps it, another fair with the same code
    /// does not. `None` for a file with no log.
    pub fn fair_fingerprint(&self) -> FairResult<Option<String>> {
        let first: Option<(i64, i64, String, String)> = self
            .tx
            .query_row(
                "SELECT id, at, kind, data FROM log ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        Ok(first.map(|(id, at, kind, data)| {
            let digest = Sha256::digest(format!("{id}\n{at}\n{kind}\n{data}").as_bytes());
            digest.iter().map(|b| format!("{b:02x}")).collect()
        }))
    }

    /// Log rows with `after < seq <= upto`, oldest first.
    pub fn raw_log_between(&self, after: i64, upto: i64) -> FairResult<Vec<RawLogRow>> {
        let mut st = self.tx.prepare_cached(
            "SELECT id, at, kind, station, attendee_id, ticket_id, booth_id, desk_id, data
             FROM log WHERE id > ?1 AND id <= ?2 ORDER BY id",
        )?;
        let rows = st.query_map([after, upto], |r| {
            let data: String = r.get(8)?;
            Ok(RawLogRow {
                seq: r.get(0)?,
                at_ms: r.get(1)?,
                kind: r.get(2)?,
                station: r.get(3)?,
                attendee_id: r.get(4)?,
                ticket_id: r.get(5)?,
                booth_id: r.get(6)?,
                desk_id: r.get(7)?,
                data: serde_json::from_str(&data).unwrap_or(Value::Null),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest row id of `table` (0 for none).
    pub fn max_row_id(&self, table: SyncedTable) -> FairResult<i64> {
        let sql = format!("SELECT MAX(id) FROM {}", table.name());
        let id: Option<i64> = self.tx.prepare_cached(&sql)?.query_row([], |r| r.get(0))?;
        Ok(id.unwrap_or(0))
    }

    /// Row ids of `table` with `after < id <= upto`, in order.
    pub fn row_ids_between(
        &self,
        table: SyncedTable,
        after: i64,
        upto: i64,
    ) -> FairResult<Vec<i64>> {
        let sql = format!(
            "SELECT id FROM {} WHERE id > ?1 AND id <= ?2 ORDER BY id",
            table.name()
        );
        let mut st = self.tx.prepare_cached(&sql)?;
        let ids = st.query_map([after, upto], |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// Check-ins with `after < id <= upto`, oldest first.
    pub fn raw_checkins_between(&self, after: i64, upto: i64) -> FairResult<Vec<RawCheckin>> {
        let mut st = self.tx.prepare_cached(
            "SELECT id, attendee_id, at, direction FROM checkin
             WHERE id > ?1 AND id <= ?2 ORDER BY id",
        )?;
        let rows = st.query_map([after, upto], |r| {
            Ok(RawCheckin {
                id: r.get(0)?,
                attendee_id: r.get(1)?,
                at_ms: r.get(2)?,
                direction: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The attendees with these ids (missing ones are left out).
    pub fn raw_attendees(&self, ids: &[i64]) -> FairResult<Vec<RawAttendee>> {
        let mut st = self.tx.prepare_cached(
            "SELECT a.id, a.code, a.id_number, a.phone, a.full_name, a.birth_date,
                    a.birth_year, a.gender, a.commune_id, a.household, a.ethnic_minority,
                    a.education, a.interests, a.source, a.created_at,
                    a.commune_id IS NULL AND o.attendee_id IS NOT NULL
             FROM attendee a LEFT JOIN attendee_commune_other o ON o.attendee_id = a.id
             WHERE a.id = ?1",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row = st
                .query_row([id], |r| {
                    Ok(RawAttendee {
                        id: r.get(0)?,
                        code: r.get(1)?,
                        id_number: r.get(2)?,
                        phone: r.get(3)?,
                        full_name: r.get(4)?,
                        birth_date: r.get(5)?,
                        birth_year: r.get(6)?,
                        gender: r.get(7)?,
                        commune_id: r.get(8)?,
                        household: r.get(9)?,
                        ethnic_minority: r.get(10)?,
                        education: r.get(11)?,
                        interests: r.get(12)?,
                        source: r.get(13)?,
                        created_at_ms: r.get(14)?,
                        commune_outside: r.get(15)?,
                    })
                })
                .optional()?;
            out.extend(row);
        }
        Ok(out)
    }

    /// The tickets with these ids (missing ones are left out).
    pub fn raw_tickets(&self, ids: &[i64]) -> FairResult<Vec<RawTicket>> {
        let mut st = self.tx.prepare_cached(
            "SELECT id, booth_id, attendee_id, state, issued_at, first_called_at, started_at,
                    finished_at, outcome
             FROM ticket WHERE id = ?1",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row = st
                .query_row([id], |r| {
                    Ok(RawTicket {
                        id: r.get(0)?,
                        booth_id: r.get(1)?,
                        attendee_id: r.get(2)?,
                        state: r.get(3)?,
                        issued_at_ms: r.get(4)?,
                        first_called_at_ms: r.get(5)?,
                        started_at_ms: r.get(6)?,
                        finished_at_ms: r.get(7)?,
                        outcome: r.get(8)?,
                    })
                })
                .optional()?;
            out.extend(row);
        }
        Ok(out)
    }

    /// Every booth.
    pub fn raw_booths(&self) -> FairResult<Vec<RawBooth>> {
        let mut st = self
            .tx
            .prepare_cached("SELECT id, code, kind, name, sectors FROM booth ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok(RawBooth {
                id: r.get(0)?,
                code: r.get(1)?,
                kind: r.get(2)?,
                name: r.get(3)?,
                sectors: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every vacancy.
    pub fn raw_vacancies(&self) -> FairResult<Vec<RawVacancy>> {
        let mut st = self
            .tx
            .prepare_cached("SELECT id, booth_id, title, count FROM vacancy ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok(RawVacancy {
                id: r.get(0)?,
                booth_id: r.get(1)?,
                title: r.get(2)?,
                count: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every attendee's identity (ID number, phone) and what they look for, by id.
    pub fn identities(&self) -> FairResult<Vec<(i64, Identity)>> {
        let mut st = self.tx.prepare_cached(
            "SELECT id, id_number, phone, education, interests FROM attendee ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            let interests: String = r.get(4)?;
            Ok((
                r.get(0)?,
                Identity {
                    id_number: r.get(1)?,
                    phone: r.get(2)?,
                    education: r.get(3)?,
                    interests: super::attendees::split_tags(&interests),
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
