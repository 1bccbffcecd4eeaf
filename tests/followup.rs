//! The follow-up round trip (issue 16): export the fair's Excel report, fill the follow-up
//! columns of two people as staff would (the sheet rewritten with rust_xlsxwriter, read back
//! with calamine), `followup import`, and the programme report counts the jobs; a sheet with
//! one bad row imports nothing. Into the fair's file and into the central PostgreSQL.

mod central;
mod pg;

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use central::{demo_fair, fairdesk};
use pg::Pg;
use rust_xlsxwriter::{ExcelDateTime, Workbook};
use serde_json::Value;

const SHEET: &str = "Danh sách theo dõi";

/// The exported follow-up sheet's cells, as calamine reads them.
fn export(db: &Path, out: &Path, lang: &str) -> Vec<Vec<Data>> {
    let run = fairdesk(&[
        "--db",
        db.to_str().unwrap(),
        "report",
        "--format",
        "xlsx",
        "--lang",
        lang,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let bytes = std::fs::read(out).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let name = book
        .sheet_names()
        .into_iter()
        .find(|n| n == SHEET || n == "Follow-up list")
        .expect("the follow-up sheet");
    let range = book.worksheet_range(&name).unwrap();
    // Absolute rows from A1, so line numbers are Excel's.
    let (r0, c0) = range.start().unwrap();
    let mut rows = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![Data::Empty; c0 as usize];
        cells.extend(row.iter().cloned());
        rows.push(cells);
    }
    rows
}

/// What staff type into a follow-up column.
enum Fill {
    Text(&'static str),
    Day(u16, u8, u8),
}

/// Writes `rows` back as a workbook (one sheet, as Excel keeps it after editing) with `fills`:
/// (row index, column index, value).
fn rewrite(rows: &[Vec<Data>], fills: &[(usize, u16, Fill)], path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            match cell {
                Data::String(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).unwrap();
                }
                Data::Int(n) => {
                    sheet.write_number(r, c, *n as f64).unwrap();
                }
                _ => {}
            }
        }
    }
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (r, c, fill) in fills {
        let r = u32::try_from(*r).unwrap();
        match fill {
            Fill::Text(s) => {
                sheet.write_string(r, *c, *s).unwrap();
            }
            Fill::Day(y, m, d) => {
                let day = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                sheet
                    .write_datetime_with_format(r, *c, &day, &date)
                    .unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

fn header_index(rows: &[Vec<Data>]) -> usize {
    rows.iter()
        .position(|r| r.iter().any(|c| *c == Data::String("Mã đăng ký".into())))
        .expect("the header row")
}

fn column(rows: &[Vec<Data>], header: &str) -> u16 {
    let h = &rows[header_index(rows)];
    u16::try_from(
        h.iter()
            .position(|c| *c == Data::String(header.into()))
            .unwrap_or_else(|| panic!("no column {header}")),
    )
    .unwrap()
}

fn programme_json(args: &[&str]) -> Value {
    let mut all = vec!["programme", "report"];
    all.extend_from_slice(args);
    let out = fairdesk(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn followup_import(db: Option<&Path>, pg: Option<&str>, file: &Path) -> std::process::Output {
    let mut args: Vec<String> = Vec::new();
    if let Some(db) = db {
        args.extend(["--db".into(), db.display().to_string()]);
    }
    args.extend([
        "followup".into(),
        "import".into(),
        file.display().to_string(),
    ]);
    if let Some(url) = pg {
        args.extend(["--pg".into(), url.into()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    fairdesk(&args)
}

fn followup_rows(db: &Path) -> Vec<(String, String, Option<String>, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare(
            "SELECT a.code, f.result, f.employer, f.contacted_on FROM followup f
             JOIN attendee a ON a.id = f.attendee_id ORDER BY a.code",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The two people filled in: the first started work, the second is in training.
fn filled(rows: &[Vec<Data>], path: &Path) -> (String, String) {
    let h = header_index(rows);
    let (result, employer, date) = (
        column(rows, "Kết quả liên hệ"),
        column(rows, "Nơi làm việc (nếu đã đi làm)"),
        column(rows, "Ngày liên hệ"),
    );
    let code = |r: usize| match &rows[r][usize::from(column(rows, "Mã đăng ký"))] {
        Data::String(s) => s.clone(),
        other => panic!("{other:?}"),
    };
    rewrite(
        rows,
        &[
            (h + 1, result, Fill::Text("Đã đi làm")),
            (h + 1, employer, Fill::Text("Công ty May Tiến Thành")),
            (h + 1, date, Fill::Day(2026, 4, 15)),
            // Typed as text, in English, as another office's sheet might have it.
            (h + 2, result, Fill::Text("In training")),
            (h + 2, date, Fill::Text("20/04/2026")),
        ],
        path,
    );
    (code(h + 1), code(h + 2))
}

fn started_work(report: &Value) -> u64 {
    report["jobs_created"]["started_work"].as_u64().unwrap()
}

#[test]
fn the_exported_follow_up_list_has_the_result_columns_and_a_drop_down() {
    let dir = tempfile::tempdir().unwrap();
    let f = demo_fair(dir.path(), 0);
    let out = dir.path().join("report.xlsx");
    let rows = export(&f.path, &out, "vi");
    let h = header_index(&rows);
    for header in [
        "Kết quả liên hệ",
        "Nơi làm việc (nếu đã đi làm)",
        "Ngày liên hệ",
    ] {
        column(&rows, header);
    }
    // The event code above the header, for `followup import --pg`.
    assert_eq!(rows[h - 1][0], Data::String("Mã sự kiện".into()));
    assert_eq!(rows[h - 1][1], Data::String("F0".into()));
    // The result column is a drop-down of the fixed list.
    let mut zip = zip::ZipArchive::new(Cursor::new(std::fs::read(&out).unwrap())).unwrap();
    let mut found = false;
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        if !file.name().unwrap().starts_with("xl/worksheets/sheet") {
            continue;
        }
        let mut xml = String::new();
        file.read_to_string(&mut xml).unwrap();
        if xml.contains("<dataValidation type=\"list\"") {
            assert!(
                xml.contains("Đã đi làm,Đang học nghề,Đang tìm việc,Không liên lạc được"),
                "{xml}"
            );
            found = true;
        }
    }
    assert!(found, "no drop-down in the workbook");
    // English headers with --lang en.
    let rows = export(&f.path, &dir.path().join("en.xlsx"), "en");
    assert!(
        rows.iter()
            .any(|r| r.contains(&Data::String("Follow-up result".into())))
    );
}

#[test]
fn a_filled_follow_up_list_imports_all_or_nothing_and_the_programme_report_counts_its_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let f = demo_fair(dir.path(), 0);
    let db = f.path.to_str().unwrap();
    let rows = export(&f.path, &dir.path().join("report.xlsx"), "vi");
    let before = programme_json(&["--db", db]);
    assert_eq!(started_work(&before), 0);
    let hires = before["jobs_created"]["hired_on_the_spot"]
        .as_u64()
        .unwrap();

    let good = dir.path().join("filled.xlsx");
    let (worker, trainee) = filled(&rows, &good);
    let out = followup_import(Some(&f.path), None, &good);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (summary["imported"].as_u64(), summary["updated"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(followup_rows(&f.path), {
        let mut want = vec![
            (
                worker.clone(),
                "started_work".to_string(),
                Some("Công ty May Tiến Thành".to_string()),
                "2026-04-15".to_string(),
            ),
            (
                trainee.clone(),
                "in_training".into(),
                None,
                "2026-04-20".into(),
            ),
        ];
        want.sort();
        want
    });

    let after = programme_json(&["--db", db]);
    let jobs = &after["jobs_created"];
    assert_eq!(started_work(&after), 1);
    assert_eq!(
        jobs["jobs"].as_u64().unwrap(),
        jobs["started_work"].as_u64().unwrap() + jobs["hired_on_the_spot"].as_u64().unwrap()
    );
    // The first person's hire on the spot, if any, is now known by the follow-up.
    assert!(jobs["hired_on_the_spot"].as_u64().unwrap() <= hires);
    let april = jobs["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "2026-04")
        .expect("a job in April");
    assert_eq!(april["jobs"], 1);
    assert!(
        jobs["by_employer"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["label"] == "Công ty May Tiến Thành" && r["jobs"] == 1),
        "{jobs}"
    );

    // Importing again replaces, never duplicates.
    let again = followup_import(Some(&f.path), None, &good);
    assert!(again.status.success());
    let summary: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        (summary["imported"].as_u64(), summary["updated"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(followup_rows(&f.path).len(), 2);
    assert_eq!(started_work(&programme_json(&["--db", db])), 1);

    // Exported again, the list shows what was imported; imported as it is, nothing changes.
    let relisted = dir.path().join("again.xlsx");
    let again_rows = export(&f.path, &relisted, "vi");
    let result_col = usize::from(column(&again_rows, "Kết quả liên hệ"));
    let h = header_index(&again_rows);
    assert_eq!(
        again_rows[h + 1][result_col],
        Data::String("Đã đi làm".into())
    );
    let before_rows = followup_rows(&f.path);
    let out = followup_import(Some(&f.path), None, &relisted);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(followup_rows(&f.path), before_rows);

    // One sheet, good rows and bad: nothing is imported, and each bad row is named.
    let kept = followup_rows(&f.path);
    let h = header_index(&rows);
    let (result, employer, date, code) = (
        column(&rows, "Kết quả liên hệ"),
        column(&rows, "Nơi làm việc (nếu đã đi làm)"),
        column(&rows, "Ngày liên hệ"),
        column(&rows, "Mã đăng ký"),
    );
    let bad = dir.path().join("bad.xlsx");
    rewrite(
        &rows,
        &[
            // Good: would change the trainee to still looking.
            (h + 2, result, Fill::Text("Đang tìm việc")),
            (h + 2, date, Fill::Text("01/05/2026")),
            (h + 3, result, Fill::Text("Đã lấy chồng")),
            (h + 3, date, Fill::Text("01/05/2026")),
            (h + 4, result, Fill::Text("Đang học nghề")),
            (h + 4, date, Fill::Text("31/02/2026")),
            (h + 5, result, Fill::Text("Đã đi làm")),
            (h + 5, date, Fill::Text("02/05/2026")),
            (h + 6, result, Fill::Text("Not reached")),
            (h + 6, date, Fill::Text("02/05/2026")),
            (h + 6, code, Fill::Text("ZZZZZZ")),
            (h + 7, employer, Fill::Text("Xưởng gỗ An Phát")),
        ],
        &bad,
    );
    let out = followup_import(Some(&f.path), None, &bad);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Excel's line numbers: the row index plus one.
    for (row, why) in [
        (h + 3, "unknown result"),
        (h + 4, "bad date"),
        (h + 5, "started work but no employer"),
        (h + 6, "no person with registration code ZZZZZZ"),
        (h + 7, "an employer or date is filled in but no result"),
    ] {
        assert!(
            stderr.contains(&format!("line {}: {why}", row + 1)),
            "line {}: {why}\n{stderr}",
            row + 1
        );
    }
    assert!(
        stderr.contains("nothing imported: 5 row(s) rejected"),
        "{stderr}"
    );
    // The good row did not go in either.
    assert_eq!(followup_rows(&f.path), kept);
    assert_eq!(started_work(&programme_json(&["--db", db])), 1);

    // A sheet of another fair is refused.
    let other = demo_fair(dir.path(), 1);
    let out = followup_import(Some(&other.path), None, &good);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("of event F0, not of this fair (F1)"));
}

#[test]
fn follow_ups_reach_the_central_database_by_sync_or_import_and_map_to_its_people() {
    let dir = tempfile::tempdir().unwrap();
    let Some(pg) = Pg::start() else { return };
    let url = pg.create_db("central");
    let a = demo_fair(dir.path(), 0);
    let b = demo_fair(dir.path(), 1);

    // Fair A: imported into its file, then synced in small batches: the last person listed
    // (the fair's newest attendee) reaches the central database only with the last batch,
    // and their follow-up with it.
    let rows_a = export(&a.path, &dir.path().join("a.xlsx"), "vi");
    let filled_a = dir.path().join("a-filled.xlsx");
    let h = header_index(&rows_a);
    let last = rows_a.len() - 1;
    rewrite(
        &rows_a,
        &[
            (
                h + 1,
                column(&rows_a, "Kết quả liên hệ"),
                Fill::Text("Đã đi làm"),
            ),
            (
                h + 1,
                column(&rows_a, "Nơi làm việc (nếu đã đi làm)"),
                Fill::Text("Công ty May Tiến Thành"),
            ),
            (
                h + 1,
                column(&rows_a, "Ngày liên hệ"),
                Fill::Day(2026, 4, 15),
            ),
            (
                last,
                column(&rows_a, "Kết quả liên hệ"),
                Fill::Text("Không liên lạc được"),
            ),
            (
                last,
                column(&rows_a, "Ngày liên hệ"),
                Fill::Text("16/04/2026"),
            ),
        ],
        &filled_a,
    );
    assert!(
        followup_import(Some(&a.path), None, &filled_a)
            .status
            .success()
    );
    let out = fairdesk(&[
        "--db",
        a.path.to_str().unwrap(),
        "sync",
        "--to",
        &url,
        "--batch",
        "10",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = fairdesk(&["--db", b.path.to_str().unwrap(), "sync", "--to", &url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Fair B: imported straight into the central database, by the sheet's event code.
    let rows_b = export(&b.path, &dir.path().join("b.xlsx"), "en");
    let filled_b = dir.path().join("b-filled.xlsx");
    let h = rows_b
        .iter()
        .position(|r| r.contains(&Data::String("Registration code".into())))
        .unwrap();
    let col = |name: &str| {
        u16::try_from(
            rows_b[h]
                .iter()
                .position(|c| *c == Data::String(name.into()))
                .unwrap(),
        )
        .unwrap()
    };
    rewrite(
        &rows_b,
        &[
            (h + 1, col("Follow-up result"), Fill::Text("Started work")),
            (
                h + 1,
                col("Employer (if started work)"),
                Fill::Text("Xưởng gỗ An Phát"),
            ),
            (h + 1, col("Date contacted"), Fill::Day(2026, 5, 4)),
        ],
        &filled_b,
    );
    let out = followup_import(None, Some(&url), &filled_b);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let count = |pg: &Pg| -> i64 {
        pg.client("central")
            .query_one("SELECT COUNT(*) FROM followup", &[])
            .unwrap()
            .get(0)
    };
    assert_eq!(count(&pg), 3);
    // Every central follow-up is one of the fair's synced people.
    let orphans: i64 = pg
        .client("central")
        .query_one(
            "SELECT COUNT(*) FROM followup f LEFT JOIN attendee a
               ON a.fair_id = f.fair_id AND a.id = f.attendee_id WHERE a.id IS NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(orphans, 0);

    let central = programme_json(&["--pg", &url]);
    assert_eq!(started_work(&central), 2);
    let employers: Vec<&str> = central["jobs_created"]["by_employer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    assert!(
        employers.contains(&"Công ty May Tiến Thành") && employers.contains(&"Xưởng gỗ An Phát")
    );

    // A bad row in a central import writes nothing.
    let bad = dir.path().join("b-bad.xlsx");
    rewrite(
        &rows_b,
        &[
            (h + 2, col("Follow-up result"), Fill::Text("Still looking")),
            (h + 2, col("Date contacted"), Fill::Text("05/05/2026")),
            (h + 3, col("Follow-up result"), Fill::Text("Started work")),
            (h + 3, col("Date contacted"), Fill::Text("05/05/2026")),
        ],
        &bad,
    );
    let out = followup_import(None, Some(&url), &bad);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains(&format!("line {}: started work but no employer", h + 4))
    );
    assert_eq!(count(&pg), 3);

    // A fair the central database does not have is named.
    let c = demo_fair(dir.path(), 2);
    let rows_c = export(&c.path, &dir.path().join("c.xlsx"), "vi");
    let filled_c: PathBuf = dir.path().join("c-filled.xlsx");
    filled(&rows_c, &filled_c);
    let out = followup_import(None, Some(&url), &filled_c);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("event F2 is not in the central database")
    );
}
