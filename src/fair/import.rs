//! Bulk writes: adding attendees and booths from a list, all-or-nothing.

use super::{Fair, setup, views};
use crate::api::{FairApi, FairResult};
use crate::domain::commune::CommuneMatcher;
use crate::import::{ImportSummary, RowError, Table, validate_attendees, validate_booths};
use crate::report::facts::person_log_data;
use crate::store::{AttendeeRow, LogEntry, NewAttendee};

impl Fair {
    /// Adds attendees in one transaction (all or none), each with its log row.
    pub fn add_attendees(
        &self,
        rows: &[NewAttendee],
        station: Option<&str>,
    ) -> FairResult<Vec<AttendeeRow>> {
        let now = self.now();
        let rows = rows.to_vec();
        let station = station.map(str::to_string);
        self.write(move |tx| {
            let station = station.as_deref();
            rows.iter()
                .map(|new| {
                    let row = tx.insert_attendee(new, now)?;
                    tx.append_log(
                        now,
                        &LogEntry {
                            kind: "attendee_registered",
                            station,
                            attendee_id: Some(row.id),
                            data: Some(person_log_data(&views::person_facts(&row))),
                            ..Default::default()
                        },
                    )?;
                    Ok(row)
                })
                .collect()
        })
    }

    /// The event's commune matcher (names and old-name aliases).
    pub fn commune_matcher(&self) -> FairResult<CommuneMatcher> {
        self.read(views::commune_matcher)
    }

    /// Imports an attendee table: if any row is wrong (or its ID number is already on file),
    /// nothing is written and every wrong row is reported.
    pub fn import_attendees(&self, table: &Table) -> FairResult<ImportSummary> {
        let matcher = self.commune_matcher()?;
        let today = self.event()?.date;
        let rows = match validate_attendees(table, &matcher, today) {
            Ok(rows) => rows,
            Err(rejected) => {
                return Ok(ImportSummary {
                    imported: 0,
                    rejected,
                });
            }
        };
        let now = self.now();
        self.write(move |tx| {
            let mut rejected = Vec::new();
            for (line, new) in &rows {
                if let Some(number) = &new.id_number
                    && tx.attendee_by_id_number(number)?.is_some()
                {
                    rejected.push(RowError {
                        line: *line,
                        reason: "an attendee with this ID number is already registered".into(),
                    });
                }
            }
            if !rejected.is_empty() {
                return Ok(ImportSummary {
                    imported: 0,
                    rejected,
                });
            }
            for (_, new) in &rows {
                let row = tx.insert_attendee(new, now)?;
                tx.append_log(
                    now,
                    &LogEntry {
                        kind: "attendee_registered",
                        station: Some("import"),
                        attendee_id: Some(row.id),
                        data: Some(person_log_data(&views::person_facts(&row))),
                        ..Default::default()
                    },
                )?;
            }
            Ok(ImportSummary {
                imported: rows.len(),
                rejected: Vec::new(),
            })
        })
    }

    /// Imports a booth table: all or nothing, like attendees. Existing booth codes are rejected.
    pub fn import_booths(&self, table: &Table) -> FairResult<ImportSummary> {
        let booths = match validate_booths(table) {
            Ok(b) => b,
            Err(rejected) => {
                return Ok(ImportSummary {
                    imported: 0,
                    rejected,
                });
            }
        };
        let now = self.now();
        // The line each booth starts on, for reporting a clash with the database.
        let lines: Vec<usize> = booths
            .iter()
            .map(|b| {
                table
                    .rows
                    .iter()
                    .find(|(_, r)| table.cell(r, "code").eq_ignore_ascii_case(&b.code))
                    .map_or(0, |(l, _)| *l)
            })
            .collect();
        self.write(move |tx| {
            let mut rejected = Vec::new();
            for (b, line) in booths.iter().zip(lines) {
                if tx.booth_by_code(&b.code)?.is_some() {
                    rejected.push(RowError {
                        line,
                        reason: format!("booth {} already exists", b.code),
                    });
                }
            }
            if !rejected.is_empty() {
                return Ok(ImportSummary {
                    imported: 0,
                    rejected,
                });
            }
            for b in &booths {
                setup::add_booth(tx, b, now)?;
            }
            Ok(ImportSummary {
                imported: booths.len(),
                rejected: Vec::new(),
            })
        })
    }
}
