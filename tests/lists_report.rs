//! Reports out: the Excel workbook read back with calamine holds exactly the JSON report's
//! numbers, on every sheet, in both languages and for a time range.

mod common;

use std::io::Cursor;
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::{TimeZone, Utc};
use common::TestFair;
use fairdesk::api::{FairApi, StaffAction, Target};
use fairdesk::domain::Outcome;
use fairdesk::report::i18n::Lang;
use fairdesk::report::{Report, ReportRange, xlsx};
use serde_json::Value;

/// A morning: 12 people in 4-minute steps from 08:00, tickets at A, B and T, four finished
/// with outcomes, one no-show, and a re-entry.
fn morning(t: &TestFair) {
    for n in 1..=12 {
        let code = t.checked_in(n);
        t.fair
            .issue_ticket(&code, if n % 2 == 0 { "A" } else { "B" }, None)
            .unwrap();
        if n % 3 == 0 {
            t.fair.issue_ticket(&code, "T", None).unwrap();
        }
        t.advance_min(4);
    }
    let desk = |d: &str| Target::Desk(d.into());
    for (d, outcome) in [
        ("A1", Outcome::Hired),
        ("B1", Outcome::Interviewed),
        ("T1", Outcome::Training),
        ("T2", Outcome::Counselled),
        ("A2", Outcome::Hired),
    ] {
        t.fair.call_next(d).unwrap().unwrap();
        t.advance_min(2);
        t.fair.act(desk(d), StaffAction::Start).unwrap();
        t.advance_min(5);
        t.fair
            .act(
                desk(d),
                StaffAction::Finish {
                    outcome,
                    note: None,
                },
            )
            .unwrap();
    }
    t.fair.call_next("B1").unwrap().unwrap();
    t.fair.act(desk("B1"), StaffAction::NoShow).unwrap();
    t.checked_in(1);
}

fn workbook(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

/// Every number on a sheet, in reading order.
fn numbers(wb: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<f64> {
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|c| match c {
            Data::Float(f) => Some(*f),
            Data::Int(i) => Some(*i as f64),
            _ => None,
        })
        .collect()
}

/// Every cell of one column below the header row that names it, as text.
fn column(wb: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, header: &str) -> Vec<String> {
    let range = wb.worksheet_range(sheet).unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    for (i, row) in rows.iter().enumerate() {
        if let Some(col) = row
            .iter()
            .position(|c| matches!(c, Data::String(s) if s == header))
        {
            return rows[i + 1..]
                .iter()
                .map(|r| r.get(col).map(|c| c.to_string()).unwrap_or_default())
                .collect();
        }
    }
    panic!("no column {header} on {sheet}");
}

fn u(v: &Value) -> f64 {
    v.as_u64().unwrap() as f64
}

fn assert_numbers(sheet: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{sheet}: {got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-9, "{sheet}: {got:?} vs {want:?}");
    }
}

/// Compares every sheet of the workbook with the JSON form of `report`.
fn check_workbook_against_json(bytes: Vec<u8>, report: &Report, lang: Lang) {
    let json = serde_json::to_value(report).unwrap();
    let names = |vi: &'static str, en: &'static str| if lang == Lang::Vi { vi } else { en };
    let mut wb = workbook(bytes);

    let totals = &json["totals"];
    let summary: Vec<f64> = [
        &json["people"],
        &json["checkins"],
        &totals["visits"],
        &json["walk_ins"],
        &json["pre_registered"],
        &totals["counselled"],
        &totals["interviewed"],
        &totals["hired"],
        &totals["training"],
        &totals["vacancies_offered"],
        &totals["employers"],
    ]
    .into_iter()
    .map(u)
    .collect();
    let sheet = names("Tổng hợp", "Summary");
    assert_numbers(sheet, &numbers(&mut wb, sheet), &summary);

    for (vi, en, key) in [
        ("Theo xã", "By commune", "by_commune"),
        ("Theo diện hộ", "By household", "by_household"),
        ("Theo giới tính", "By gender", "by_gender"),
        ("Theo độ tuổi", "By age band", "by_age_band"),
        ("Dân tộc thiểu số", "Ethnic minority", "ethnic_minority"),
    ] {
        let mut want: Vec<f64> = json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| u(&c["people"]))
            .collect();
        let total: f64 = want.iter().sum();
        assert_eq!(total, u(&json["people"]), "{key} covers everyone once");
        want.push(total);
        let sheet = names(vi, en);
        assert_numbers(sheet, &numbers(&mut wb, sheet), &want);
    }

    let mut want = Vec::new();
    for b in json["booths"].as_array().unwrap() {
        for k in [
            "vacancies",
            "issued",
            "served",
            "no_show",
            "cancelled",
            "transferred",
            "waiting",
        ] {
            want.push(u(&b[k]));
        }
        for k in ["median_wait_s", "p90_wait_s", "median_service_s"] {
            if let Some(s) = b[k].as_u64() {
                want.push(s as f64 / 60.0);
            }
        }
        for o in Outcome::ALL {
            want.push(u(&b["outcomes"][o.as_str()]));
        }
    }
    let sheet = names("Theo gian", "By booth");
    assert_numbers(sheet, &numbers(&mut wb, sheet), &want);

    let sheet = names("Lượt đến 15 phút", "Arrivals per 15 min");
    let arrivals = json["arrivals"].as_array().unwrap();
    let want: Vec<f64> = arrivals
        .iter()
        .flat_map(|a| [u(&a["people"]), u(&a["checkins"])])
        .collect();
    assert_numbers(sheet, &numbers(&mut wb, sheet), &want);
    let slots = column(&mut wb, sheet, names("Khung giờ", "From"));
    let want_slots: Vec<String> = arrivals
        .iter()
        .map(|a| a["start"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(slots, want_slots);

    let sheet = names("Danh sách theo dõi", "Follow-up list");
    let yes = names("Có", "Yes");
    let codes = column(&mut wb, sheet, names("Mã đăng ký", "Registration code"));
    assert_eq!(codes.len() as f64, u(&json["people"]), "one row per person");
    let hired = column(
        &mut wb,
        sheet,
        names("Trúng tuyển tại chỗ", "Hired on the spot"),
    );
    assert_eq!(
        hired.iter().filter(|c| *c == yes).count() as f64,
        u(&totals["hired"])
    );
    let training = column(
        &mut wb,
        sheet,
        names("Giới thiệu học nghề", "Referred to training"),
    );
    assert_eq!(
        training.iter().filter(|c| *c == yes).count() as f64,
        u(&totals["training"])
    );
}

#[test]
fn every_number_in_the_workbook_equals_the_json_report() {
    let t = TestFair::new();
    morning(&t);
    let report = t.fair.report(ReportRange::all()).unwrap();
    assert!(report.totals.hired >= 2 && report.people == 12);
    let people = t.fair.attendee_outcomes(ReportRange::all()).unwrap();
    let bytes = xlsx::to_bytes(&report, Some(&people), Lang::Vi).unwrap();
    check_workbook_against_json(bytes, &report, Lang::Vi);
}

#[test]
fn english_headings_on_request_with_the_same_numbers() {
    let t = TestFair::new();
    morning(&t);
    let report = t.fair.report(ReportRange::all()).unwrap();
    let people = t.fair.attendee_outcomes(ReportRange::all()).unwrap();
    let bytes = xlsx::to_bytes(&report, Some(&people), Lang::En).unwrap();
    let wb = workbook(bytes.clone());
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "By commune",
            "By household",
            "By gender",
            "By age band",
            "Ethnic minority",
            "By booth",
            "Arrivals per 15 min",
            "Follow-up list"
        ]
    );
    check_workbook_against_json(bytes, &report, Lang::En);
}

#[test]
fn vietnamese_labels_use_the_programme_wording() {
    let t = TestFair::new();
    morning(&t);
    let report = t.fair.report(ReportRange::all()).unwrap();
    let bytes = xlsx::to_bytes(&report, None, Lang::Vi).unwrap();
    let mut wb = workbook(bytes);
    assert!(!wb.sheet_names().contains(&"Danh sách theo dõi".to_string()));
    let households = column(&mut wb, "Theo diện hộ", "Diện hộ");
    for label in ["Hộ nghèo", "Hộ cận nghèo", "Hộ mới thoát nghèo", "Khác"] {
        assert!(households.iter().any(|h| h == label), "{households:?}");
    }
    let booth = wb.worksheet_range("Theo gian").unwrap();
    let cells: Vec<String> = booth.rows().flatten().map(|c| c.to_string()).collect();
    for label in [
        "Đã phỏng vấn",
        "Trúng tuyển tại chỗ",
        "Giới thiệu học nghề",
        "Đã tư vấn",
    ] {
        assert!(cells.iter().any(|c| c == label), "{label}");
    }
}

#[test]
fn a_time_range_limits_every_sheet() {
    let t = TestFair::new();
    morning(&t);
    // 08:00–08:20 local: the first five arrivals.
    let range = ReportRange {
        from: Some(Utc.with_ymd_and_hms(2026, 11, 27, 1, 0, 0).unwrap()),
        to: Some(Utc.with_ymd_and_hms(2026, 11, 27, 1, 20, 0).unwrap()),
    };
    let report = t.fair.report(range).unwrap();
    assert_eq!(report.people, 5);
    let people = t.fair.attendee_outcomes(range).unwrap();
    assert_eq!(people.len(), 5);
    let bytes = xlsx::to_bytes(&report, Some(&people), Lang::Vi).unwrap();
    check_workbook_against_json(bytes, &report, Lang::Vi);
}

#[test]
fn the_cli_writes_the_workbook_with_range_and_language() {
    let t = TestFair::new();
    morning(&t);
    let db = t.path();
    let out = t.dir.path().join("report.xlsx");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_fairdesk"))
            .args(args)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap()
    };
    let range = ["--from", "08:00", "--to", "08:30"];
    let o = run(&[
        &[
            "report",
            "--format",
            "xlsx",
            "--lang",
            "en",
            "--out",
            out.to_str().unwrap(),
        ][..],
        &range[..],
    ]
    .concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&[&["report", "--format", "json"][..], &range[..]].concat());
    let report: Report = serde_json::from_slice(&o.stdout).unwrap();
    assert!(report.people > 0 && report.people < 12);
    check_workbook_against_json(std::fs::read(&out).unwrap(), &report, Lang::En);

    let o = run(&["report", "--format", "xlsx"]);
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("--out") && !stderr.contains("panicked"),
        "{stderr}"
    );
}
