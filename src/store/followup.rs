//! What staff recorded when they called people weeks after the fair (`fairdesk followup
//! import`): one row per attendee, replaced by a later import of the same person, so
//! importing a sheet twice changes nothing.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::{Tx, to_ms};
use crate::api::FairResult;
use crate::report::followup::FollowupResult;

/// One person's follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowupRow {
    pub attendee_id: i64,
    pub result: FollowupResult,
    /// Where they started work (given with `StartedWork`).
    pub employer: Option<String>,
    /// The day staff reached (or tried to reach) them.
    pub contacted_on: NaiveDate,
}

impl Tx<'_> {
    /// Every attendee's id by bare registration code.
    pub fn attendee_ids_by_code(&self) -> FairResult<HashMap<String, i64>> {
        let mut st = self.tx.prepare_cached("SELECT code, id FROM attendee")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Writes `rows`, replacing an earlier follow-up of the same person; returns how many were
    /// new and how many replaced one. Part of the caller's transaction.
    pub fn put_followups(
        &self,
        rows: &[FollowupRow],
        now: DateTime<Utc>,
    ) -> FairResult<(usize, usize)> {
        let mut exists = self
            .tx
            .prepare_cached("SELECT 1 FROM followup WHERE attendee_id = ?1")?;
        let mut put = self.tx.prepare_cached(
            "INSERT INTO followup (attendee_id, result, employer, contacted_on, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (attendee_id) DO UPDATE SET result = excluded.result,
                employer = excluded.employer, contacted_on = excluded.contacted_on,
                imported_at = excluded.imported_at",
        )?;
        let (mut new, mut replaced) = (0, 0);
        for r in rows {
            if exists.exists(params![r.attendee_id])? {
                replaced += 1;
            } else {
                new += 1;
            }
            put.execute(params![
                r.attendee_id,
                r.result.as_str(),
                r.employer,
                r.contacted_on.to_string(),
                to_ms(now),
            ])?;
        }
        Ok((new, replaced))
    }

    /// Every follow-up on file, by attendee id.
    pub fn followups(&self) -> FairResult<Vec<FollowupRow>> {
        let mut st = self.tx.prepare_cached(
            "SELECT attendee_id, result, employer, contacted_on FROM followup ORDER BY attendee_id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (attendee_id, result, employer, on) = row?;
            // The table's CHECK and the writer keep both well-formed; a row that is not is
            // skipped rather than failing a whole report.
            let (Some(result), Ok(contacted_on)) = (FollowupResult::parse(&result), on.parse())
            else {
                continue;
            };
            out.push(FollowupRow {
                attendee_id,
                result,
                employer,
                contacted_on,
            });
        }
        Ok(out)
    }
}
