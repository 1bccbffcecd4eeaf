//! A synthetic fair day at scale, for benchmarks and load tests: many check-ins and tickets
//! written straight into the state tables in one transaction. It writes no log rows, so a
//! report rebuilt from the log will not see it; the engine's own operations are what the
//! tests exercise, this only makes the tables big.

use chrono::{DateTime, Duration, Utc};
use rusqlite::params;

use super::attendees::join_tags;
use super::{Store, to_ms};
use crate::api::FairResult;
use crate::domain::queue::ticket_number;
use crate::domain::{Gender, regcode, text};

/// Distinct people [`Store::synthesize_attendees`] can make: 900,000 serials in each of two
/// province codes.
pub const MAX_SYNTHETIC_ATTENDEES: usize = 1_800_000;

impl Store {
    /// Adds `count` made-up pre-registered attendees (names, birth dates, communes and answers
    /// from [`crate::demo::attendees`], ID numbers unique and valid), straight into the
    /// attendee table in one transaction, without log rows: a million in about a minute, where
    /// the engine's import (a log row per person) would take far longer. Returns how many
    /// attendees are on file afterwards. For benchmarks over big fairs only.
    pub fn synthesize_attendees(
        &mut self,
        count: usize,
        commune_ids: &[i64],
        at: DateTime<Utc>,
    ) -> FairResult<u64> {
        let count = count.min(MAX_SYNTHETIC_ATTENDEES);
        let templates = crate::demo::attendees(count.min(10_000), commune_ids, 2026);
        let tx = self.conn.transaction()?;
        let first: i64 =
            tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM attendee", [], |r| {
                r.get(0)
            })?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO attendee (id, code, id_number, phone, full_name, name_folded,
                    birth_date, birth_year, gender, commune_id, household, ethnic_minority,
                    education, interests, source, name_needs_confirmation, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
                    'pre_registered', 0, ?15)",
            )?;
            let folded: Vec<(String, String)> = templates
                .iter()
                .map(|t| {
                    let name = text::nfc(&t.full_name);
                    let fold = text::fold(&name);
                    (name, fold)
                })
                .collect();
            for i in 0..count {
                let k = i % templates.len().max(1);
                let t = &templates[k];
                let id = first + i64::try_from(i).unwrap_or(0);
                let year = t.birth_year.unwrap_or(1990);
                let century = match (year >= 2000, t.gender == Some(Gender::Female)) {
                    (false, false) => 0,
                    (false, true) => 1,
                    (true, false) => 2,
                    (true, true) => 3,
                };
                // Thái Nguyên (019) for the first 900,000, then Hà Nội (001).
                let province = if i < 900_000 { "019" } else { "001" };
                let id_number = format!(
                    "{province}{century}{:02}{:06}",
                    year % 100,
                    100_000 + i % 900_000
                );
                let (name, fold) = &folded[k];
                insert.execute(params![
                    id,
                    regcode::encode(u64::try_from(id).unwrap_or(0)),
                    id_number,
                    t.phone,
                    name,
                    fold,
                    t.birth_date.map(|d| d.to_string()),
                    t.birth_year,
                    t.gender.map(Gender::as_str),
                    t.commune_id,
                    t.household.as_str(),
                    t.ethnic_minority.as_str(),
                    t.education,
                    join_tags(&t.interests),
                    to_ms(at)
                ])?;
            }
        }
        let total: i64 = tx.query_row("SELECT COUNT(*) FROM attendee", [], |r| r.get(0))?;
        tx.commit()?;
        Ok(u64::try_from(total).unwrap_or(0))
    }

    /// Checks in every attendee on file between `start` and 4 hours later, and issues
    /// `tickets_per_person` tickets to each at distinct booths, in a spread of states
    /// (most done with an outcome, some waiting, no-show or cancelled).
    pub fn synthesize_day(
        &mut self,
        start: DateTime<Utc>,
        tickets_per_person: u32,
    ) -> FairResult<(u64, u64)> {
        let tx = self.conn.transaction()?;
        let attendees: Vec<i64> = {
            let mut st = tx.prepare("SELECT id FROM attendee ORDER BY id")?;
            st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
        };
        let booths: Vec<(i64, String)> = {
            let mut st = tx.prepare("SELECT id, code FROM booth ORDER BY id")?;
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?
        };
        let desks: Vec<(i64, i64)> = {
            let mut st = tx.prepare("SELECT booth_id, MIN(id) FROM desk GROUP BY booth_id")?;
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?
        };
        let mut seqs = vec![0u32; booths.len()];
        let outcomes = [
            "interviewed",
            "hired",
            "shortlisted",
            "not_suitable",
            "training",
            "counselled",
        ];
        let span_ms = 4 * 3600 * 1000;
        let n = attendees.len().max(1);
        let mut tickets = 0u64;
        {
            let mut checkin = tx.prepare(
                "INSERT INTO checkin (attendee_id, at, direction, method, station, first_of_day)
                 VALUES (?1, ?2, 'in', 'reg_code', 'synthetic', 1)",
            )?;
            let mut ticket = tx.prepare(
                "INSERT INTO ticket (number, booth_id, seq, attendee_id, state, desk_id, issued_at,
                    queued_at, first_called_at, called_at, started_at, finished_at, outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?8, ?9, ?10, ?11)",
            )?;
            for (i, attendee) in attendees.iter().enumerate() {
                let offset =
                    i64::try_from(i).unwrap_or(0) * span_ms / i64::try_from(n).unwrap_or(1);
                let arrived = start + Duration::milliseconds(offset);
                checkin.execute(params![attendee, to_ms(arrived)])?;
                for k in 0..tickets_per_person as usize {
                    if booths.is_empty() {
                        break;
                    }
                    let b = (i * 7 + k * 3) % booths.len();
                    let (booth_id, code) = &booths[b];
                    seqs[b] += 1;
                    let issued = arrived + Duration::minutes(1 + i64::try_from(k).unwrap_or(0));
                    let called = issued + Duration::minutes(5 + i64::try_from(i % 30).unwrap_or(0));
                    let started = called + Duration::minutes(1);
                    let finished =
                        started + Duration::minutes(3 + i64::try_from(i % 7).unwrap_or(0));
                    let desk = desks
                        .iter()
                        .find(|(bid, _)| bid == booth_id)
                        .map(|(_, d)| *d);
                    // Mostly done; a few waiting, no-show or cancelled, and never more than one
                    // open ticket per desk (waiting tickets have no desk).
                    let (state, desk, c, s, f, o) = match (i + k) % 20 {
                        0 => ("waiting", None, None, None, None, None),
                        1 => ("no_show", desk, Some(to_ms(called)), None, None, None),
                        2 => ("cancelled", None, None, None, None, None),
                        x => (
                            "done",
                            desk,
                            Some(to_ms(called)),
                            Some(to_ms(started)),
                            Some(to_ms(finished)),
                            Some(outcomes[x % outcomes.len()]),
                        ),
                    };
                    ticket.execute(params![
                        ticket_number(code, seqs[b]),
                        booth_id,
                        seqs[b],
                        attendee,
                        state,
                        desk,
                        to_ms(issued),
                        c,
                        s,
                        f,
                        o
                    ])?;
                    tickets += 1;
                }
            }
            for (b, (booth_id, _)) in booths.iter().enumerate() {
                tx.execute(
                    "UPDATE booth SET next_seq = ?2 WHERE id = ?1",
                    params![booth_id, seqs[b] + 1],
                )?;
            }
        }
        tx.commit()?;
        Ok((u64::try_from(attendees.len()).unwrap_or(0), tickets))
    }
}
