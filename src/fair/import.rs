//! Bulk writes: adding attendees and booths from a list, all-or-nothing.

use std::sync::Arc;

use super::{Fair, setup, views};
use crate::api::{FairApi, FairResult};
use crate::domain::commune::CommuneMatcher;
use crate::domain::{Household, YesNo};
use crate::import::{
    ImportOptions, ImportSummary, Reason, Rejections, RowError, Table, validate_attendees,
    validate_booths,
};
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
                            data: Some(person_log_data(&views::person_facts(tx, &row)?)),
                            ..Default::default()
                        },
                    )?;
                    Ok(row)
                })
                .collect()
        })
    }

    /// The event's commune matcher (names and old-name aliases).
    pub fn commune_matcher(&self) -> FairResult<Arc<CommuneMatcher>> {
        self.read(|tx| tx.commune_matcher())
    }

    /// Imports an attendee table: if any row is wrong (or its ID number is already on file),
    /// nothing is written and every wrong row is reported.
    pub fn import_attendees(&self, table: &Table) -> FairResult<ImportSummary> {
        self.import_attendees_with(table, ImportOptions::default(), &mut |_, _| {})
    }

    /// Imports an attendee table, all or nothing, calling `progress(done, total)` as rows are
    /// checked against the database and written (`total` is the number of data rows), so a
    /// screen or terminal can show a bar. With `options.update`, rows whose ID number is
    /// already on file update that attendee (registration code, source and history kept)
    /// instead of being rejected.
    pub fn import_attendees_with(
        &self,
        table: &Table,
        options: ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> FairResult<ImportSummary> {
        let matcher = self.commune_matcher()?;
        let today = self.event()?.date;
        let rows = match validate_attendees(table, &matcher, today) {
            Ok(rows) => rows,
            Err(rejected) => return Ok(ImportSummary::rejected(rejected)),
        };
        let now = self.now();
        // The write runs on the writer thread and is awaited on a scoped thread, while this
        // thread hands the progress it sends back to `progress` (which need not be `Send`).
        let (progress_in, progress_out) = std::sync::mpsc::channel::<(usize, usize)>();
        std::thread::scope(|scope| {
            let writing = scope.spawn(move || {
                self.write(move |tx| import_rows(tx, rows, options, now, &progress_in))
            });
            for (done, total) in progress_out {
                progress(done, total);
            }
            writing.join().unwrap_or_else(|_| {
                Err(crate::api::FairError::Storage {
                    message: "the import stopped unexpectedly; nothing was written".into(),
                })
            })
        })
    }

    /// Imports a booth table: all or nothing, like attendees. Existing booth codes are rejected.
    pub fn import_booths(&self, table: &Table) -> FairResult<ImportSummary> {
        let booths = match validate_booths(table) {
            Ok(b) => b,
            Err(rejected) => return Ok(ImportSummary::rejected(rejected)),
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
            let mut rejected = Rejections::default();
            for (b, line) in booths.iter().zip(lines) {
                if tx.booth_by_code(&b.code)?.is_some() {
                    rejected.push(RowError::new(
                        line,
                        Reason::new("import.booth_exists").with("code", &b.code),
                    ));
                }
            }
            if !rejected.is_empty() {
                return Ok(ImportSummary::rejected(rejected));
            }
            for b in &booths {
                setup::add_booth(tx, b, now)?;
            }
            Ok(ImportSummary::written(booths.len(), 0))
        })
    }
}

/// An attendee on file with the fields of an imported row: the list is the newer source for
/// what it says; what it leaves empty is kept. Identity (row, code, source, history) is kept.
fn merged(old: AttendeeRow, new: &NewAttendee) -> AttendeeRow {
    AttendeeRow {
        phone: new.phone.clone().or(old.phone),
        full_name: new.full_name.clone(),
        birth_date: new.birth_date.or(old.birth_date),
        birth_year: new.birth_year.or(old.birth_year),
        gender: new.gender.or(old.gender),
        commune_id: new.commune_id.or(old.commune_id),
        household: if new.household == Household::Unknown {
            old.household
        } else {
            new.household
        },
        ethnic_minority: if new.ethnic_minority == YesNo::Unknown {
            old.ethnic_minority
        } else {
            new.ethnic_minority
        },
        education: new.education.clone().or(old.education),
        interests: if new.interests.is_empty() {
            old.interests
        } else {
            new.interests.clone()
        },
        name_needs_confirmation: false,
        ..old
    }
}

/// Writes validated attendee rows inside one write: first checks which rows match someone on
/// file (nothing is written until every row is known to be acceptable), then inserts or
/// updates them with their log rows.
fn import_rows(
    tx: &crate::store::Tx<'_>,
    rows: Vec<(usize, NewAttendee)>,
    options: ImportOptions,
    now: chrono::DateTime<chrono::Utc>,
    progress: &std::sync::mpsc::Sender<(usize, usize)>,
) -> FairResult<ImportSummary> {
    let total = rows.len();
    let mut rejected = Rejections::default();
    let mut existing = Vec::with_capacity(total);
    for (line, new) in &rows {
        let found = match &new.id_number {
            Some(number) => tx.attendee_by_id_number(number)?,
            None => None,
        };
        if found.is_some() && !options.update {
            rejected.push(RowError::new(
                *line,
                Reason::new("import.already_registered"),
            ));
        }
        existing.push(found);
    }
    if !rejected.is_empty() {
        return Ok(ImportSummary::rejected(rejected));
    }
    let step = (total / 100).max(1);
    let (mut imported, mut updated) = (0, 0);
    for (i, ((_, new), found)) in rows.iter().zip(existing).enumerate() {
        let (row, kind) = match found {
            Some(old) => {
                let row = merged(old, new);
                tx.update_attendee(&row)?;
                updated += 1;
                (row, "attendee_updated")
            }
            None => {
                imported += 1;
                (tx.insert_attendee(new, now)?, "attendee_registered")
            }
        };
        let sensitive = row.household != crate::domain::Household::Unknown
            || row.ethnic_minority != crate::domain::YesNo::Unknown;
        if options.consent_declared && sensitive {
            tx.record_sensitive_consent(row.id, now, "organiser_declaration")?;
        }
        tx.append_log(
            now,
            &LogEntry {
                kind,
                station: Some("import"),
                attendee_id: Some(row.id),
                data: Some(person_log_data(&views::person_facts(tx, &row)?)),
                ..Default::default()
            },
        )?;
        if (i + 1) % step == 0 {
            let _ = progress.send((i + 1, total));
        }
    }
    let _ = progress.send((total, total));
    Ok(ImportSummary::written(imported, updated))
}
