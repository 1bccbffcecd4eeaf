//! Retention (issue 17): `fairdesk purge` removes the personal data of a finished event —
//! names, ID numbers, phones, exact birth dates and staff notes — from the tables and from the
//! log's payloads, in one transaction with one `personal_data_purged` log row, then `VACUUM`s
//! and checkpoints so the old bytes leave the file and its WAL.
//!
//! The log is append-only (its triggers refuse updates); this is the one rewrite it allows:
//! the triggers are dropped and recreated, word for word, inside the same transaction, and the
//! rewrite is recorded in the log itself.
//!
//! What counts is kept: gender, commune, household, ethnic minority, source, check-ins and
//! tickets, so the headcount and programme reports are exactly what they were. A birth date is
//! coarsened to the first or last day of its year — whichever gives the same age on the event
//! day — so the birth year and the age band stay, and the day and month go.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::params;
use serde::Serialize;
use serde_json::Value;

use super::{LogEntry, Store, to_ms};
use crate::api::FairResult;

/// The log's append-only triggers, as migration 1 made them.
const LOG_TRIGGERS: &str = "
    CREATE TRIGGER log_no_update BEFORE UPDATE ON log
        BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
    CREATE TRIGGER log_no_delete BEFORE DELETE ON log
        BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;";

/// What to purge.
#[derive(Debug, Clone, Copy, Default)]
pub struct PurgeOptions {
    /// Only people registered before this instant; `None`: everyone.
    pub before: Option<DateTime<Utc>>,
    /// Keep phone numbers, for the organiser's follow-up calls.
    pub keep_phone: bool,
}

/// What a purge did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeSummary {
    /// People whose identities were removed.
    pub attendees: u64,
    /// Log rows whose payload was rewritten.
    pub log_rows_rewritten: u64,
    /// Staff notes removed.
    pub notes: u64,
    /// Stored replies (idempotency) removed: they hold names.
    pub replies: u64,
    /// Whether phone numbers were kept.
    pub kept_phones: bool,
}

/// A birth date reduced to its year, keeping the age on `event_day`: 1 January when the
/// birthday had come by then, 31 December when not.
pub fn coarsen_birth_date(born: NaiveDate, event_day: NaiveDate) -> NaiveDate {
    let had_birthday = (born.month(), born.day()) <= (event_day.month(), event_day.day());
    let (month, day) = if had_birthday { (1, 1) } else { (12, 31) };
    NaiveDate::from_ymd_opt(born.year(), month, day).unwrap_or(born)
}

impl Store {
    /// Purges personal data as the module docs say; `now` stamps the log row. The file is
    /// vacuumed afterwards, so no other connection may be in a transaction (stop the hub).
    pub fn purge(&mut self, options: PurgeOptions, now: DateTime<Utc>) -> FairResult<PurgeSummary> {
        let summary = self.write(|tx| {
            let conn = tx.tx;
            let event_day = tx.event()?.date;
            let before = options.before.map_or(i64::MAX, to_ms);
            let people: Vec<(i64, Option<String>)> = conn
                .prepare("SELECT id, birth_date FROM attendee WHERE created_at < ?1")?
                .query_map([before], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let mut summary = PurgeSummary {
                attendees: 0,
                log_rows_rewritten: 0,
                notes: 0,
                replies: 0,
                kept_phones: options.keep_phone,
            };
            conn.execute_batch("DROP TRIGGER log_no_update; DROP TRIGGER log_no_delete;")?;
            for (id, birth_date) in &people {
                let born = birth_date
                    .as_deref()
                    .and_then(|d| d.parse::<NaiveDate>().ok());
                let coarse = born.map(|b| coarsen_birth_date(b, event_day));
                conn.prepare_cached(
                    "UPDATE attendee SET full_name = '', name_folded = '', id_number = NULL,
                        phone = CASE WHEN ?2 THEN phone END,
                        birth_date = ?3, birth_year = COALESCE(?4, birth_year)
                     WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    options.keep_phone,
                    coarse.map(|d| d.to_string()),
                    coarse.map(|d| d.year())
                ])?;
                summary.notes += conn
                    .prepare_cached(
                        "UPDATE ticket SET note = NULL WHERE attendee_id = ?1 AND note IS NOT NULL",
                    )?
                    .execute([id])? as u64;
                summary.log_rows_rewritten += rewrite_log_of(conn, *id, coarse)?;
                summary.attendees += 1;
            }
            conn.execute_batch(LOG_TRIGGERS)?;
            summary.replies =
                conn.execute("DELETE FROM idempotency WHERE at < ?1", [before])? as u64;
            tx.append_log(
                now,
                &LogEntry {
                    kind: "personal_data_purged",
                    data: Some(serde_json::json!({
                        "attendees": summary.attendees,
                        "log_rows_rewritten": summary.log_rows_rewritten,
                        "kept_phones": summary.kept_phones,
                        "before": options.before,
                    })),
                    ..Default::default()
                },
            )?;
            Ok(summary)
        })?;
        // The old pages are still in the file (free pages) and in the WAL until these run.
        self.conn.execute_batch("VACUUM;")?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(summary)
    }
}

/// Rewrites the birth date in the log payloads about `attendee`; returns how many changed.
/// Payloads hold no names, ID numbers or phones (see [`LogEntry::data`]); the exact birth
/// date is the one personal field they carry.
fn rewrite_log_of(
    conn: &rusqlite::Connection,
    attendee: i64,
    coarse: Option<NaiveDate>,
) -> FairResult<u64> {
    let rows: Vec<(i64, String)> = conn
        .prepare_cached("SELECT id, data FROM log WHERE attendee_id = ?1")?
        .query_map([attendee], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut changed = 0;
    for (id, data) in rows {
        let Ok(mut value) = serde_json::from_str::<Value>(&data) else {
            continue;
        };
        let Some(map) = value.as_object_mut() else {
            continue;
        };
        let Some(old) = map.get("birth_date").filter(|v| !v.is_null()) else {
            continue;
        };
        let new = coarse.map_or(Value::Null, |d| Value::String(d.to_string()));
        if *old == new {
            continue;
        }
        if let (Some(year), Some(year_field)) = (coarse.map(|d| d.year()), map.get("birth_year")) {
            if year_field.is_null() {
                map.insert("birth_year".into(), year.into());
            }
        }
        map.insert("birth_date".into(), new);
        conn.prepare_cached("UPDATE log SET data = ?2 WHERE id = ?1")?
            .execute(params![id, value.to_string()])?;
        changed += 1;
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coarsened_birth_date_keeps_the_year_and_the_age_on_the_event_day() {
        let event = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        for (y, m, d) in [
            (1990, 3, 5),
            (1990, 11, 27),
            (1990, 11, 28),
            (2000, 12, 31),
            (2004, 1, 1),
        ] {
            let born = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let coarse = coarsen_birth_date(born, event);
            assert_eq!(coarse.year(), y);
            assert_eq!(event.years_since(coarse), event.years_since(born), "{born}");
            assert!(coarse.ordinal() == 1 || (coarse.month(), coarse.day()) == (12, 31));
        }
    }
}
