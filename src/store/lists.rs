//! Lists for organisers: attendees with what happened to them (the follow-up sheet of the
//! Excel report) and the people to print registration slips for.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::{Tx, from_ms, to_ms};
use crate::api::FairResult;
use crate::domain::{Gender, Household, Outcome, Source, TicketState, YesNo};
use crate::report::ReportRange;
use crate::report::followup::{AttendeeOutcome, Followup, FollowupResult, Visit};

/// One person to print a registration slip for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipRow {
    /// Bare registration code.
    pub code: String,
    pub full_name: String,
    pub commune_id: Option<i64>,
    pub commune: Option<String>,
}

/// A range as millisecond bounds, open ends becoming the extremes.
fn bounds(range: ReportRange) -> (i64, i64) {
    (
        range.from.map_or(i64::MIN, to_ms),
        range.to.map_or(i64::MAX, to_ms),
    )
}

impl Tx<'_> {
    /// Everyone with an entry in `range`, in order of first arrival, with the booth tickets
    /// issued to them in the range and how each ended.
    pub fn attendee_outcomes(&self, range: ReportRange) -> FairResult<Vec<AttendeeOutcome>> {
        let (from, to) = bounds(range);
        let mut first_entry: HashMap<i64, i64> = HashMap::new();
        {
            let mut st = self.tx.prepare_cached(
                "SELECT attendee_id, MIN(at) FROM checkin
                 WHERE direction = 'in' AND at >= ?1 AND at < ?2 GROUP BY attendee_id",
            )?;
            let mut rows = st.query(params![from, to])?;
            while let Some(r) = rows.next()? {
                first_entry.insert(r.get(0)?, r.get(1)?);
            }
        }
        let mut visits: HashMap<i64, Vec<Visit>> = HashMap::new();
        {
            let mut st = self.tx.prepare_cached(
                "SELECT t.attendee_id, b.code, t.state, t.outcome FROM ticket t
                 JOIN booth b ON b.id = t.booth_id
                 WHERE t.issued_at >= ?1 AND t.issued_at < ?2 ORDER BY t.id",
            )?;
            let mut rows = st.query(params![from, to])?;
            while let Some(r) = rows.next()? {
                let state: String = r.get(2)?;
                let outcome: Option<String> = r.get(3)?;
                visits.entry(r.get(0)?).or_default().push(Visit {
                    booth_code: r.get(1)?,
                    state: TicketState::parse(&state).unwrap_or(TicketState::Cancelled),
                    outcome: outcome.as_deref().and_then(Outcome::parse),
                });
            }
        }
        let mut out = Vec::with_capacity(first_entry.len());
        let mut st = self.tx.prepare_cached(
            "SELECT a.id, a.code, a.full_name, a.phone, COALESCE(c.name, o.name), a.gender,
                    a.birth_date, a.birth_year, a.household, a.ethnic_minority, a.source,
                    f.result, f.employer, f.contacted_on
             FROM attendee a LEFT JOIN commune c ON c.id = a.commune_id
             LEFT JOIN attendee_commune_other o ON o.attendee_id = a.id
             LEFT JOIN followup f ON f.attendee_id = a.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let Some(first) = first_entry.get(&id) else {
                continue;
            };
            let gender: Option<String> = r.get(5)?;
            let birth_date: Option<String> = r.get(6)?;
            let household: String = r.get(8)?;
            let ethnic: String = r.get(9)?;
            let source: String = r.get(10)?;
            let result: Option<String> = r.get(11)?;
            let contacted_on: Option<String> = r.get(13)?;
            let followup = match (
                result.as_deref().and_then(FollowupResult::parse),
                contacted_on.and_then(|d| d.parse::<NaiveDate>().ok()),
            ) {
                (Some(result), Some(contacted_on)) => Some(Followup {
                    result,
                    employer: r.get(12)?,
                    contacted_on,
                }),
                _ => None,
            };
            out.push(AttendeeOutcome {
                code: r.get(1)?,
                full_name: r.get(2)?,
                phone: r.get(3)?,
                commune: r.get(4)?,
                gender: gender.as_deref().and_then(Gender::parse),
                birth_date: birth_date.and_then(|d| d.parse::<NaiveDate>().ok()),
                birth_year: r.get(7)?,
                household: Household::parse(&household).unwrap_or(Household::Unknown),
                ethnic_minority: YesNo::parse(&ethnic).unwrap_or(YesNo::Unknown),
                source: Source::parse(&source).unwrap_or(Source::PreRegistered),
                first_entry: from_ms(*first),
                visits: visits.remove(&id).unwrap_or_default(),
                followup,
            });
        }
        out.sort_by(|a, b| {
            a.first_entry
                .cmp(&b.first_entry)
                .then_with(|| a.code.cmp(&b.code))
        });
        Ok(out)
    }

    /// Everyone on file, by commune then name, for registration slips.
    pub fn slip_rows(&self) -> FairResult<Vec<SlipRow>> {
        let mut st = self.tx.prepare_cached(
            "SELECT a.code, a.full_name, a.commune_id, c.name
             FROM attendee a LEFT JOIN commune c ON c.id = a.commune_id
             ORDER BY c.name IS NULL, c.name, a.name_folded, a.id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(SlipRow {
                code: r.get(0)?,
                full_name: r.get(1)?,
                commune_id: r.get(2)?,
                commune: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
