//! Each kiosk's printer as last reported (issue 15), one row per station (the `station_printer`
//! table of the migrations). Nothing here is personal data, and nothing goes to the log (a
//! printer's state is not an event of the fair, and a heartbeat every few seconds would swamp
//! it).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Tx, from_ms, to_ms};
use crate::api::FairResult;
use crate::print::state::{PrinterReport, PrinterState, PrinterUpdate};

impl Tx<'_> {
    /// Records `update` for `station` at `now`: the state's "since" moves only when the state
    /// changes, and a later slip time never goes back.
    pub fn put_printer(
        &self,
        station: &str,
        update: &PrinterUpdate,
        now: DateTime<Utc>,
    ) -> FairResult<PrinterReport> {
        let before = self.printer(station)?;
        let since = match &before {
            Some(b) if b.state == update.state => b.since,
            _ => now,
        };
        let last_printed = match (before.and_then(|b| b.last_printed), update.last_printed) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.tx
            .prepare_cached(
                "INSERT INTO station_printer
                   (station, state, printer, since, last_printed, reported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (station) DO UPDATE SET state = ?2, printer = ?3, since = ?4,
                   last_printed = ?5, reported_at = ?6",
            )?
            .execute(params![
                station,
                update.state.as_str(),
                update.printer,
                to_ms(since),
                last_printed.map(to_ms),
                to_ms(now),
            ])?;
        Ok(PrinterReport {
            station: station.to_string(),
            state: update.state,
            printer: update.printer.clone(),
            since,
            last_printed,
            reported_at: now,
        })
    }

    fn printer(&self, station: &str) -> FairResult<Option<PrinterReport>> {
        Ok(self
            .tx
            .prepare_cached(&format!("{SELECT} WHERE station = ?1"))?
            .query_row([station], row)
            .optional()?)
    }

    /// Every station's printer, by station name; none before any kiosk reported.
    pub fn printers(&self) -> FairResult<Vec<PrinterReport>> {
        let mut statement = self
            .tx
            .prepare_cached(&format!("{SELECT} ORDER BY station"))?;
        let rows = statement.query_map([], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

const SELECT: &str = "SELECT station, state, printer, since, last_printed, reported_at
    FROM station_printer";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PrinterReport> {
    let state: String = r.get(1)?;
    Ok(PrinterReport {
        station: r.get(0)?,
        // Written by this module only; a name it does not know is as good as no answer.
        state: PrinterState::parse(&state).unwrap_or(PrinterState::Unknown),
        printer: r.get(2)?,
        since: from_ms(r.get(3)?),
        last_printed: r.get::<_, Option<i64>>(4)?.map(from_ms),
        reported_at: from_ms(r.get(5)?),
    })
}
