//! Loading report facts from the state tables in bulk.

use std::collections::HashMap;

use chrono::NaiveDate;

use serde_json::Value;

use super::{LogRow, Tx, from_ms};
use crate::api::FairResult;
use crate::domain::{BoothKind, Direction, Gender, Household, Outcome, Source, TicketState, YesNo};
use crate::report::facts::{BoothFact, CheckinFact, Facts, PersonFacts, TicketFact};

impl Tx<'_> {
    /// The log rows after row `seq`, oldest first: what changed since a reader last looked.
    /// Ids are the rowid, so this reads only the new rows however long the log.
    pub fn log_after(&self, seq: i64) -> FairResult<Vec<LogRow>> {
        let mut st = self.tx.prepare_cached(
            "SELECT id, at, kind, station, attendee_id, ticket_id, booth_id, desk_id, data
             FROM log WHERE id > ?1 ORDER BY id",
        )?;
        let rows = st.query_map([seq], |r| {
            let data: String = r.get(8)?;
            Ok(LogRow {
                id: r.get(0)?,
                at: from_ms(r.get(1)?),
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

    /// Everything the headcount report needs, in a handful of sequential scans.
    pub fn report_facts(&self) -> FairResult<Facts> {
        let event = self.event()?;

        let mut people = HashMap::new();
        let mut st = self.tx.prepare_cached(
            "SELECT a.id, a.source, a.gender, a.birth_date, a.birth_year, a.commune_id,
                    a.household, a.ethnic_minority,
                    a.commune_id IS NULL AND o.attendee_id IS NOT NULL
             FROM attendee a LEFT JOIN attendee_commune_other o ON o.attendee_id = a.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let source: String = r.get(1)?;
            let gender: Option<String> = r.get(2)?;
            let birth_date: Option<String> = r.get(3)?;
            let household: String = r.get(6)?;
            let ethnic: String = r.get(7)?;
            people.insert(
                r.get::<_, i64>(0)?,
                PersonFacts {
                    source: Source::parse(&source).unwrap_or(Source::PreRegistered),
                    gender: gender.as_deref().and_then(Gender::parse),
                    birth_date: birth_date.and_then(|d| d.parse::<NaiveDate>().ok()),
                    birth_year: r.get(4)?,
                    commune_id: r.get(5)?,
                    commune_outside: r.get(8)?,
                    household: Household::parse(&household).unwrap_or(Household::Unknown),
                    ethnic_minority: YesNo::parse(&ethnic).unwrap_or(YesNo::Unknown),
                },
            );
        }

        let mut st = self
            .tx
            .prepare_cached("SELECT attendee_id, at, direction FROM checkin ORDER BY id")?;
        let checkins = st
            .query_map([], |r| {
                let direction: String = r.get(2)?;
                Ok(CheckinFact {
                    attendee_id: r.get(0)?,
                    at: from_ms(r.get(1)?),
                    direction: Direction::parse(&direction).unwrap_or(Direction::In),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;

        let mut st = self.tx.prepare_cached(
            "SELECT b.id, b.code, b.name, b.kind,
                    (SELECT COALESCE(SUM(count), 0) FROM vacancy v WHERE v.booth_id = b.id)
             FROM booth b ORDER BY b.code",
        )?;
        let booths = st
            .query_map([], |r| {
                let kind: String = r.get(3)?;
                Ok(BoothFact {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    name: r.get(2)?,
                    kind: BoothKind::parse(&kind).unwrap_or(BoothKind::Service),
                    vacancies: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;

        let mut st = self.tx.prepare_cached(
            "SELECT id, booth_id, attendee_id, state, issued_at, first_called_at, started_at,
                    finished_at, outcome FROM ticket ORDER BY id",
        )?;
        let tickets = st
            .query_map([], |r| {
                let state: String = r.get(3)?;
                let outcome: Option<String> = r.get(8)?;
                Ok(TicketFact {
                    id: r.get(0)?,
                    booth_id: r.get(1)?,
                    attendee_id: r.get(2)?,
                    state: TicketState::parse(&state).unwrap_or(TicketState::Cancelled),
                    issued_at: from_ms(r.get(4)?),
                    first_called_at: r.get::<_, Option<i64>>(5)?.map(from_ms),
                    started_at: r.get::<_, Option<i64>>(6)?.map(from_ms),
                    finished_at: r.get::<_, Option<i64>>(7)?.map(from_ms),
                    outcome: outcome.as_deref().and_then(Outcome::parse),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;

        Ok(Facts {
            communes: event.communes.clone(),
            event,
            people,
            checkins,
            booths,
            tickets,
        })
    }
}
