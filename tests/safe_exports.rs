//! Exports never let a cell run as a formula (issue 17): a walk-in whose card names them
//! `=HYPERLINK("http://x","y")` and a booth named `@SUM(1)` come out as text — with a leading
//! apostrophe in CSV, as string cells (no formula) in the Excel workbook, read back with
//! calamine.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::TestFair;
use fairdesk::api::{CheckinRequest, CheckinStatus, FairApi};
use fairdesk::domain::BoothKind;
use fairdesk::report::i18n::Lang;
use fairdesk::report::{ReportRange, to_csv, xlsx};

const NAME: &str = "=HYPERLINK(\"http://x\",\"y\")";
const BOOTH: &str = "@SUM(1)";

fn hostile_fair() -> TestFair {
    let t = TestFair::new();
    t.fair
        .create_booth("Z", BOOTH, "Hall", BoothKind::Employer, 1)
        .unwrap();
    let card = format!(
        "019095001234||{NAME}|01011995|Nam|Xóm Đồng, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên|0101{}",
        2025
    );
    let reply = t
        .fair
        .checkin(CheckinRequest::entry(card, "kiosk-1"))
        .unwrap();
    assert_eq!(reply.status, CheckinStatus::Registered, "{reply:?}");
    let attendee = reply.attendee.unwrap();
    assert_eq!(attendee.name, NAME);
    t.fair.issue_ticket(&attendee.code, "Z", None).unwrap();
    t
}

#[test]
fn a_formula_in_a_booth_name_is_text_in_the_csv() {
    let t = hostile_fair();
    let report = t.fair.report(ReportRange::all()).unwrap();
    let bytes = to_csv(&report).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let fields: Vec<String> = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect();
    assert!(fields.iter().any(|f| f == &format!("'{BOOTH}")), "{text}");
    assert!(
        fields
            .iter()
            .all(|f| !f.starts_with(['=', '+', '@', '\t', '\r'])),
        "a field would run as a formula: {text}"
    );
}

#[test]
fn names_and_booth_names_that_look_like_formulas_are_string_cells_in_the_workbook() {
    let t = hostile_fair();
    let report = t.fair.report(ReportRange::all()).unwrap();
    let people = t.fair.attendee_outcomes(ReportRange::all()).unwrap();
    let bytes = xlsx::to_bytes(&report, Some(&people), Lang::Vi).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let mut found = Vec::new();
    for sheet in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "sheet {sheet} has a formula"
        );
        let range = wb.worksheet_range(&sheet).unwrap();
        for (_, _, cell) in range.used_cells() {
            if let Data::String(s) = cell {
                if s == NAME || s == BOOTH {
                    found.push(s.clone());
                }
            }
        }
    }
    assert!(found.iter().any(|s| s == NAME), "the name as a string cell");
    assert!(
        found.iter().any(|s| s == BOOTH),
        "the booth as a string cell"
    );
}

#[test]
fn each_workbook_with_the_follow_up_list_is_logged_without_its_data() {
    let t = hostile_fair();
    let out_file = t.dir.path().join("report.xlsx");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(["report", "--format", "xlsx", "--db"])
        .arg(t.path())
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let log = t.fair.log().unwrap();
    let exports: Vec<_> = log
        .iter()
        .filter(|row| row.kind == "personal_data_exported")
        .collect();
    assert_eq!(exports.len(), 1);
    let text = format!("{:?}", exports[0]);
    assert!(
        text.contains("followup_workbook") && text.contains("cli"),
        "{text}"
    );
    assert!(
        !text.contains("HYPERLINK"),
        "the log row holds no personal data: {text}"
    );
}
