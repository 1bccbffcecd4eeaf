//! Lists out of the fair: the follow-up list for the Excel report, registration slips, and
//! importing a list straight from a file (what the Setup screen and the command line call).

use std::path::Path;

use super::Fair;
use crate::api::{FairApi, FairError, FairResult};
use crate::domain::regcode;
use crate::import::{ATTENDEE_COLUMNS, BOOTH_COLUMNS, ImportOptions, ImportSummary, read_file};
use crate::report::ReportRange;
use crate::report::followup::AttendeeOutcome;
use crate::slips::Slip;

/// Which attendees to print slips for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlipSelection {
    /// Only this commune (matched like a scanned address: folded, prefix optional).
    pub commune: Option<String>,
    /// Only these registration codes, in this order.
    pub codes: Option<Vec<String>>,
}

impl Fair {
    /// Everyone who came in `range`, with how their booth visits ended (names and phones:
    /// for the organiser's workbook only).
    pub fn attendee_outcomes(&self, range: ReportRange) -> FairResult<Vec<AttendeeOutcome>> {
        self.read(|tx| tx.attendee_outcomes(range))
    }

    /// Records, in the log, that personal data left the fair in an export (issue 17): what
    /// (`followup_workbook`), how many people, and by whom (`station`: the command line, or a
    /// station). One row, one transaction; never the data itself.
    pub fn log_personal_export(&self, what: &str, people: usize, station: &str) -> FairResult<()> {
        let now = self.now();
        let (what, station) = (what.to_string(), station.to_string());
        self.write(move |tx| {
            tx.append_log(
                now,
                &crate::store::LogEntry {
                    kind: "personal_data_exported",
                    station: Some(&station),
                    data: Some(serde_json::json!({"what": what, "people": people})),
                    ..Default::default()
                },
            )?;
            Ok(())
        })
    }

    /// The slips to print for `selection`, by commune then name (or in the codes' order).
    /// An unknown commune or code is an error naming it, so a typo does not print nothing.
    pub fn slips(&self, selection: &SlipSelection) -> FairResult<Vec<Slip>> {
        let event = self.event()?;
        let commune_id =
            match &selection.commune {
                Some(name) => Some(self.commune_matcher()?.match_name(name).ok_or_else(|| {
                    FairError::invalid("that commune is not in this event's list")
                })?),
                None => None,
            };
        let rows = self.read(|tx| tx.slip_rows())?;
        let rows: Vec<_> = match &selection.codes {
            Some(codes) => {
                let mut picked = Vec::with_capacity(codes.len());
                for raw in codes {
                    let code = regcode::validate(raw).map_err(|_| {
                        FairError::invalid(format!("{raw} is not a registration code"))
                    })?;
                    let row = rows.iter().find(|r| r.code == code).ok_or_else(|| {
                        FairError::invalid(format!("no attendee has registration code {code}"))
                    })?;
                    picked.push(row.clone());
                }
                picked
            }
            None => rows,
        };
        Ok(rows
            .iter()
            .filter(|r| commune_id.is_none() || r.commune_id == commune_id)
            .map(|r| {
                Slip::new(
                    &event.code,
                    &event.name,
                    event.date,
                    &r.full_name,
                    r.commune.as_deref(),
                    &r.code,
                )
            })
            .collect())
    }

    /// Reads an attendee list (.xlsx or .csv) and imports it, all or nothing; `progress`
    /// receives (rows done, rows in all). A file that cannot be read at all is an
    /// [`FairError::Invalid`] with a message for the organiser.
    pub fn import_attendee_file(
        &self,
        path: &Path,
        options: ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> FairResult<ImportSummary> {
        let table = read_file(path, ATTENDEE_COLUMNS).map_err(FairError::invalid)?;
        self.import_attendees_with(&table, options, progress)
    }

    /// Reads a booth list (.xlsx or .csv) and imports it, all or nothing.
    pub fn import_booth_file(&self, path: &Path) -> FairResult<ImportSummary> {
        let table = read_file(path, BOOTH_COLUMNS).map_err(FairError::invalid)?;
        self.import_booths(&table)
    }
}
