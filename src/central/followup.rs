//! `fairdesk followup import FILE.xlsx (--db F | --pg URL)`: the follow-up columns of the
//! fair's Excel report (result, employer, date), filled by staff who called people weeks after
//! the fair, read back into the fair's file or the central database.
//!
//! All rows or none: every row is checked first, and any bad row (unknown result, bad date,
//! unknown person, a "started work" without its employer, a person on two rows) is named with
//! its line as Excel shows it and nothing is written. The good rows then go in one transaction.
//! A row whose result is empty (nobody called yet) is skipped. Each person has one follow-up:
//! importing the same sheet again, or a later one, replaces it rather than adding another.
//!
//! The sheet names its fair by the event code above its header (written there by the export);
//! `--event CODE` gives it for a sheet that lost it. Under `--pg` each row must map to the
//! fair's person in the central database (the fair synced first), by its registration code.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use calamine::{Data, Range, Reader};
use chrono::{Duration, NaiveDate, Utc};
use postgres::Client;

use super::{CentralError, schema};
use crate::import::{ImportSummary, Reason, Rejections, RowError, Table};
use crate::report::followup::FollowupResult;
use crate::report::i18n::{Lang, t};
use crate::store::{FollowupRow, LogEntry};

/// The columns read, with the headers the export writes in either language.
const COLUMNS: &[(&str, &[&str])] = &[
    ("reg_code", &["Mã đăng ký", "Registration code", "reg_code"]),
    (
        "result",
        &[
            "Kết quả liên hệ",
            "Follow-up result",
            "followup_result",
            "result",
        ],
    ),
    (
        "employer",
        &[
            "Nơi làm việc (nếu đã đi làm)",
            "Employer (if started work)",
            "employer",
        ],
    ),
    ("date", &["Ngày liên hệ", "Date contacted", "followup_date"]),
];

/// The longest employer name kept (a name, not a paragraph).
const MAX_EMPLOYER_CHARS: usize = 200;

/// The follow-up sheet as read: its event code and its rows, not yet checked.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The event code written above the header, if the sheet still has it.
    pub event_code: Option<String>,
    table: Table,
}

/// Reads the follow-up list from `path`: of the workbook's sheets, the one whose header names
/// the follow-up columns (the export puts it last, after the report's own sheets).
pub fn read_sheet(path: &Path) -> Result<Sheet, String> {
    let bytes = crate::import::read_bounded(path)?;
    if !(bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
    {
        return Err(format!(
            "{} is not an Excel workbook: give the follow-up list as .xlsx",
            path.display()
        ));
    }
    let mut workbook = crate::import::open_checked(bytes)?;
    let names = workbook.sheet_names();
    let mut best: Option<(usize, Sheet)> = None;
    for name in names {
        let Ok(range) = workbook.worksheet_range(&name) else {
            continue;
        };
        let Ok(table) = crate::import::table_of(&range, COLUMNS) else {
            continue;
        };
        let known = table.columns.iter().flatten().count();
        if table.has("reg_code") && table.has("result") && best.as_ref().is_none_or(|b| known > b.0)
        {
            let event_code = event_code_of(&range, table.header_line);
            best = Some((known, Sheet { event_code, table }));
        }
    }
    best.map(|(_, sheet)| sheet).ok_or_else(|| {
        "no sheet of the workbook has the follow-up columns ('Mã đăng ký' and 'Kết quả liên hệ'): \
         export the fair's Excel report (`fairdesk report --format xlsx`) and fill that one"
            .to_string()
    })
}

/// The cell right of the "event code" label above the header, if any.
fn event_code_of(range: &Range<Data>, header_line: usize) -> Option<String> {
    let labels: Vec<String> = [Lang::Vi, Lang::En]
        .iter()
        .map(|l| crate::domain::text::fold(t(*l, "followup.event_code")))
        .chain(["event_code".to_string()])
        .collect();
    let first_row = range.start().map_or(0, |(r, _)| r as usize) + 1;
    for (i, row) in range.rows().enumerate() {
        if first_row + i >= header_line {
            break;
        }
        for (j, cell) in row.iter().enumerate() {
            let text = crate::import::cell_text(cell, None);
            if labels.contains(&crate::domain::text::fold(&text)) {
                let code = row[j + 1..]
                    .iter()
                    .find(|c| !crate::import::is_blank(c))
                    .map(|c| crate::import::cell_text(c, None).trim().to_string());
                if code.is_some() {
                    return code;
                }
            }
        }
    }
    None
}

/// A date cell: dd/mm/yyyy or ISO text, or an Excel day number (a date typed into a cell
/// without a date format arrives as its serial number).
fn parse_day(text: &str) -> Option<NaiveDate> {
    if let Some(day) = crate::import::parse_date(text) {
        return Some(day);
    }
    let serial: i64 = text.trim().parse().ok()?;
    // Excel's day 1 is 1900-01-01 counted from 1899-12-31 with the phantom 29 Feb 1900, so
    // every date after February 1900 is 1899-12-30 plus the serial.
    (20_000..=100_000)
        .contains(&serial)
        .then(|| NaiveDate::from_ymd_opt(1899, 12, 30).map(|d| d + Duration::days(serial)))
        .flatten()
}

/// Checks every row; the follow-ups to write, or every bad row with its reason.
pub fn check(
    sheet: &Sheet,
    codes: &HashMap<String, i64>,
    fair_date: NaiveDate,
) -> Result<Vec<FollowupRow>, Rejections> {
    let table = &sheet.table;
    let mut rejections = Rejections::default();
    let mut rows = Vec::new();
    let mut seen: HashSet<i64> = HashSet::new();
    for (line, cells) in &table.rows {
        let code = table.cell(cells, "reg_code");
        let result_text = table.cell(cells, "result");
        let employer = table.cell(cells, "employer");
        let date_text = table.cell(cells, "date");
        let mut bad = |why: Reason| rejections.push(RowError::new(*line, why));
        if result_text.is_empty() {
            // Nobody called yet: skipped, unless half filled in.
            if !employer.is_empty() || !date_text.is_empty() {
                bad(Reason::new("import.followup_no_result"));
            }
            continue;
        }
        let Some(result) = FollowupResult::from_cell(&result_text) else {
            bad(Reason::new("import.followup_result").with("value", &result_text));
            continue;
        };
        let Some(&attendee_id) = codes.get(code.trim()) else {
            bad(Reason::new("import.followup_person").with("code", code.trim()));
            continue;
        };
        let Some(contacted_on) = parse_day(&date_text).filter(|d| *d >= fair_date) else {
            bad(Reason::new("import.followup_date"));
            continue;
        };
        if result == FollowupResult::StartedWork && employer.is_empty() {
            bad(Reason::new("import.followup_employer"));
            continue;
        }
        if employer.chars().count() > MAX_EMPLOYER_CHARS {
            bad(Reason::new("import.followup_employer_too_long"));
            continue;
        }
        if !seen.insert(attendee_id) {
            bad(Reason::new("import.followup_twice").with("code", code.trim()));
            continue;
        }
        rows.push(FollowupRow {
            attendee_id,
            result,
            employer: (!employer.is_empty()).then_some(employer),
            contacted_on,
        });
    }
    if rejections.is_empty() {
        Ok(rows)
    } else {
        Err(rejections)
    }
}

/// Refuses a sheet that names another fair than the one it is imported into.
fn same_fair(sheet: &Sheet, code: &str) -> Result<(), CentralError> {
    match &sheet.event_code {
        Some(theirs) if !theirs.eq_ignore_ascii_case(code) => Err(CentralError::Fair(format!(
            "the follow-up list is of event {theirs}, not of this fair ({code})"
        ))),
        _ => Ok(()),
    }
}

/// Imports into the fair's own file: one SQLite transaction with its log row.
pub fn import_into_file(db: &Path, sheet: &Sheet) -> Result<ImportSummary, CentralError> {
    let mut store = super::sync::open_fair(db)?;
    let (event, codes) = store.read(|tx| Ok((tx.event()?, tx.attendee_ids_by_code()?)))?;
    same_fair(sheet, &event.code)?;
    let rows = match check(sheet, &codes, event.date) {
        Ok(rows) => rows,
        Err(rejected) => return Ok(ImportSummary::rejected(rejected)),
    };
    let now = Utc::now();
    let (new, replaced) = store.write(|tx| {
        let counts = tx.put_followups(&rows, now)?;
        // The log row moves the fair's change counter, so the next `sync` carries the
        // follow-ups to the central database. Counts only: never who or what they said.
        tx.append_log(
            now,
            &LogEntry {
                kind: "followup_imported",
                station: Some("cli"),
                data: Some(serde_json::json!({"rows": rows.len()})),
                ..Default::default()
            },
        )?;
        Ok(counts)
    })?;
    Ok(ImportSummary::written(new, replaced))
}

/// Imports into the central database: the fair by its event code (`event` or the sheet's),
/// each row's person by registration code among that fair's synced attendees. One
/// PostgreSQL transaction.
pub fn import_into_central(
    client: &mut Client,
    sheet: &Sheet,
    event: Option<&str>,
) -> Result<ImportSummary, CentralError> {
    schema::check(client)?;
    let code = event
        .map(str::to_string)
        .or_else(|| sheet.event_code.clone())
        .ok_or_else(|| {
            CentralError::Fair(
                "the follow-up list does not say which fair it is of: give --event CODE".into(),
            )
        })?;
    same_fair(sheet, &code)?;
    let mut tx = client.transaction()?;
    let Some(fair) = tx.query_opt("SELECT id, date FROM fair WHERE code = $1", &[&code])? else {
        return Err(CentralError::Fair(format!(
            "event {code} is not in the central database: run `fairdesk sync` for it first"
        )));
    };
    let fair_id: i64 = fair.get(0);
    let fair_date: NaiveDate = fair.get(1);
    let codes: HashMap<String, i64> = tx
        .query(
            "SELECT code, id FROM attendee WHERE fair_id = $1",
            &[&fair_id],
        )?
        .into_iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let rows = match check(sheet, &codes, fair_date) {
        Ok(rows) => rows,
        Err(rejected) => return Ok(ImportSummary::rejected(rejected)),
    };
    let (new, replaced) = put_central(&mut tx, fair_id, &rows)?;
    tx.commit()?;
    Ok(ImportSummary::written(new, replaced))
}

/// Writes follow-ups of fair `fair_id`, replacing earlier ones of the same people; part of
/// the caller's transaction (an import's, or a sync batch's). Returns (new, replaced).
pub(crate) fn put_central(
    tx: &mut postgres::Transaction<'_>,
    fair_id: i64,
    rows: &[FollowupRow],
) -> Result<(usize, usize), CentralError> {
    if rows.is_empty() {
        return Ok((0, 0));
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.attendee_id).collect();
    let results: Vec<&str> = rows.iter().map(|r| r.result.as_str()).collect();
    let employers: Vec<Option<&str>> = rows.iter().map(|r| r.employer.as_deref()).collect();
    let dates: Vec<NaiveDate> = rows.iter().map(|r| r.contacted_on).collect();
    let now = Utc::now().timestamp_millis();
    // One statement for the lot; `xmax = 0` tells a new row from one that replaced another.
    let written = tx.query(
        "INSERT INTO followup (fair_id, attendee_id, result, employer, contacted_on, imported_at)
         SELECT $1, u.id, u.result, u.employer, u.day, $6
         FROM UNNEST($2::BIGINT[], $3::TEXT[], $4::TEXT[], $5::DATE[])
              AS u(id, result, employer, day)
         ON CONFLICT (fair_id, attendee_id) DO UPDATE SET result = EXCLUDED.result,
            employer = EXCLUDED.employer, contacted_on = EXCLUDED.contacted_on,
            imported_at = EXCLUDED.imported_at
         RETURNING (xmax = 0)",
        &[&fair_id, &ids, &results, &employers, &dates, &now],
    )?;
    let new = written.iter().filter(|r| r.get::<_, bool>(0)).count();
    Ok((new, written.len() - new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_read_as_text_or_as_excels_day_number() {
        let day = NaiveDate::from_ymd_opt(2026, 4, 15);
        assert_eq!(parse_day("15/04/2026"), day);
        assert_eq!(parse_day("2026-04-15"), day);
        // 15 April 2026 typed into a cell without a date format.
        assert_eq!(parse_day("46127"), day);
        assert_eq!(parse_day("31/02/2026"), None);
        assert_eq!(parse_day("12"), None);
        assert_eq!(parse_day("next week"), None);
    }
}
