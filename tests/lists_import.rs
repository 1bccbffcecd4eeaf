//! Lists in: communes' Excel and CSV files imported all-or-nothing, with every bad row
//! reported by the row number Excel shows.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::TestFair;
use fairdesk::import::{ImportOptions, ImportSummary};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// One cell of a fixture.
enum Cell {
    Text(&'static str),
    Num(f64),
    Date(u16, u8, u8),
    Empty,
}
use Cell::{Date, Empty, Num, Text};

/// Writes `rows` to the first sheet of a new workbook at `path`, from the top-left cell.
fn write_xlsx(path: &Path, rows: &[Vec<Cell>]) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Text(s) => {
                    sheet.write_string(r, c, *s).unwrap();
                }
                Num(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                Date(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet
                        .write_datetime_with_format(r, c, &dt, &date_format)
                        .unwrap();
                }
                Empty => {}
            }
        }
    }
    workbook.save(path).unwrap();
}

const HEADER: [&str; 7] = [
    "STT",
    "Họ và tên",
    "Số CCCD",
    "Ngày sinh",
    "Giới tính",
    "Xã",
    "Số điện thoại",
];

fn header() -> Vec<Cell> {
    HEADER.iter().map(|h| Text(h)).collect()
}

/// A commune's list: two title rows, a blank row, then the header on Excel row 4 and
/// people from row 5. ID numbers are numbers, as Excel keeps them when typed, so the
/// leading 0 is gone; birth dates are real dates or dd/mm/yyyy text.
fn good_rows() -> Vec<Vec<Cell>> {
    vec![
        vec![Text("DANH SÁCH ĐĂNG KÝ THAM GIA NGÀY HỘI VIỆC LÀM")],
        vec![Text("Xã Yên Ninh — tháng 11/2026")],
        vec![],
        header(),
        vec![
            Num(1.0),
            Text("Nguyễn Văn Ân"),
            Num(19095700001.0),
            Date(1995, 3, 15),
            Text("Nam"),
            Text("Yên Ninh"),
            Num(912345678.0),
        ],
        vec![
            Num(2.0),
            Text("Hoàng Thị Lệ"),
            Text("019198700002"),
            Text("02/09/1998"),
            Text("Nữ"),
            Text("Xã Phú Đô"),
            Text("0987654321"),
        ],
        vec![
            Num(3.0),
            Text("Ma Văn Bình"),
            Num(19201700003.0),
            Date(2001, 12, 31),
            Text("nam"),
            Text("Thị trấn Đu"),
            Empty,
        ],
    ]
}

fn attendee_count(t: &TestFair) -> u64 {
    t.fair
        .with_store(|s| s.read(|tx| tx.attendee_count()))
        .unwrap()
}

fn import(t: &TestFair, path: &Path) -> Result<ImportSummary, String> {
    t.fair
        .import_attendee_file(path, ImportOptions::default(), &mut |_, _| {})
        .map_err(|e| e.to_string())
}

fn lines(summary: &ImportSummary) -> Vec<usize> {
    summary.rejected.iter().map(|r| r.line).collect()
}

fn fixture(t: &TestFair, name: &str) -> PathBuf {
    t.dir.path().join(name)
}

#[test]
fn an_excel_list_with_title_rows_imports_with_real_dates_and_restored_zeros() {
    let t = TestFair::new();
    let before = attendee_count(&t);
    let path = fixture(&t, "yen_ninh.xlsx");
    let mut rows = good_rows();
    // The template numbers rows ahead of the people on them.
    rows.push(vec![Num(4.0)]);
    rows.push(vec![Num(5.0)]);
    write_xlsx(&path, &rows);
    let mut calls = Vec::new();
    let summary = t
        .fair
        .import_attendee_file(&path, ImportOptions::default(), &mut |d, n| {
            calls.push((d, n))
        })
        .unwrap();
    assert_eq!(summary.rejected, vec![]);
    assert_eq!(summary.imported, 3);
    assert_eq!(calls.last(), Some(&(3, 3)));
    assert_eq!(attendee_count(&t), before + 3);

    let an = t
        .fair
        .with_store(|s| s.read(|tx| tx.attendee_by_id_number("019095700001")))
        .unwrap()
        .expect("the 11-digit number got its leading zero back");
    assert_eq!(an.full_name, "Nguyễn Văn Ân");
    assert_eq!(an.birth_date, chrono::NaiveDate::from_ymd_opt(1995, 3, 15));
    assert_eq!(an.phone.as_deref(), Some("0912345678"));
    assert_eq!(an.commune_name.as_deref(), Some("Xã Yên Ninh"));
    let le = t
        .fair
        .with_store(|s| s.read(|tx| tx.attendee_by_id_number("019198700002")))
        .unwrap()
        .unwrap();
    assert_eq!(le.birth_date, chrono::NaiveDate::from_ymd_opt(1998, 9, 2));
    assert_eq!(le.commune_name.as_deref(), Some("Xã Phú Đô"));
}

#[test]
fn a_csv_list_with_bom_semicolons_and_crlf_imports() {
    let t = TestFair::new();
    let before = attendee_count(&t);
    let path = fixture(&t, "list.csv");
    let text = "\u{feff}Họ và tên;Số CCCD;Ngày sinh;Giới tính;Xã\r\n\
                Lý Thị Mai;019199700011;05/05/1999;Nữ;Yên Lạc\r\n\
                Đặng Văn Hùng;019088700012;01/01/1988;Nam;Xã Cổ Lũng\r\n";
    std::fs::write(&path, text).unwrap();
    let summary = import(&t, &path).unwrap();
    assert_eq!((summary.imported, summary.rejected.len()), (2, 0));
    assert_eq!(attendee_count(&t), before + 2);
}

#[test]
fn bad_rows_import_nothing_and_are_reported_by_excel_row() {
    let t = TestFair::new();
    let before = attendee_count(&t);
    let mut rows = good_rows();
    // Row 5: a date that does not exist; row 6: unknown commune; row 8: the ID of row 7.
    rows[4][3] = Text("31/02/1995");
    rows[5][5] = Text("Xã Không Có");
    rows.push(vec![
        Num(4.0),
        Text("Trần Văn Cường"),
        Num(19201700003.0),
        Date(2001, 12, 31),
        Text("Nam"),
        Text("Yên Ninh"),
    ]);
    let path = fixture(&t, "bad.xlsx");
    write_xlsx(&path, &rows);
    let summary = import(&t, &path).unwrap();
    assert_eq!(summary.imported, 0);
    assert_eq!(lines(&summary), vec![5, 6, 8]);
    assert!(summary.rejected[0].reason.contains("date"));
    assert!(summary.rejected[1].reason.contains("commune"));
    assert!(summary.rejected[2].reason.contains("line 7"));
    assert_eq!(attendee_count(&t), before);
    // Privacy: no reason quotes an ID number or a name.
    for r in &summary.rejected {
        assert!(
            !r.reason.contains("019") && !r.reason.contains("Cường"),
            "{}",
            r.reason
        );
    }
}

#[test]
fn an_id_number_already_on_file_is_rejected_unless_updating() {
    let t = TestFair::new();
    let path = fixture(&t, "first.xlsx");
    write_xlsx(&path, &good_rows());
    assert_eq!(import(&t, &path).unwrap().imported, 3);
    let before = attendee_count(&t);
    let an_before = t
        .fair
        .with_store(|s| s.read(|tx| tx.attendee_by_id_number("019095700001")))
        .unwrap()
        .unwrap();

    // The commune sends its list again, with a new phone for Ân and one new person.
    let mut rows = good_rows();
    rows[4][6] = Text("0333444555");
    rows.push(vec![
        Num(4.0),
        Text("Trần Văn Cường"),
        Text("019090700004"),
        Text("01/01/1990"),
        Text("Nam"),
        Text("Yên Ninh"),
    ]);
    let again = fixture(&t, "again.xlsx");
    write_xlsx(&again, &rows);
    let rejected = import(&t, &again).unwrap();
    assert_eq!(rejected.imported, 0);
    assert_eq!(lines(&rejected), vec![5, 6, 7]);
    assert_eq!(attendee_count(&t), before);

    let updated = t
        .fair
        .import_attendee_file(
            &again,
            ImportOptions {
                update: true,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!((updated.imported, updated.updated), (1, 3));
    assert_eq!(attendee_count(&t), before + 1);
    let an = t
        .fair
        .with_store(|s| s.read(|tx| tx.attendee_by_id_number("019095700001")))
        .unwrap()
        .unwrap();
    assert_eq!(an.phone.as_deref(), Some("0333444555"));
    assert_eq!(an.code, an_before.code, "the registration code is kept");
    assert_eq!(an.id, an_before.id);
}

#[test]
fn updating_is_still_all_or_nothing() {
    let t = TestFair::new();
    let path = fixture(&t, "first.xlsx");
    write_xlsx(&path, &good_rows());
    import(&t, &path).unwrap();
    let mut rows = good_rows();
    rows[4][6] = Text("0333444555");
    rows[6][5] = Text("Xã Không Có");
    let again = fixture(&t, "again.xlsx");
    write_xlsx(&again, &rows);
    let summary = t
        .fair
        .import_attendee_file(
            &again,
            ImportOptions {
                update: true,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(lines(&summary), vec![7]);
    let an = t
        .fair
        .with_store(|s| s.read(|tx| tx.attendee_by_id_number("019095700001")))
        .unwrap()
        .unwrap();
    assert_eq!(
        an.phone.as_deref(),
        Some("0912345678"),
        "nothing was updated"
    );
}

#[test]
fn a_wrong_header_is_reported_on_its_own_row() {
    let t = TestFair::new();
    let before = attendee_count(&t);
    let path = fixture(&t, "wrong.xlsx");
    write_xlsx(
        &path,
        &[
            vec![Text("Danh sách")],
            vec![Text("Tên doanh nghiệp"), Text("Số CCCD"), Text("Xã")],
            vec![Text("Công ty A"), Text("019095700001"), Text("Yên Ninh")],
        ],
    );
    let summary = import(&t, &path).unwrap();
    assert_eq!(lines(&summary), vec![2]);
    assert!(summary.rejected[0].reason.contains("name"));
    assert_eq!(attendee_count(&t), before);
}

#[test]
fn empty_and_fake_workbooks_get_a_clear_error() {
    let t = TestFair::new();
    let before = attendee_count(&t);

    let empty = fixture(&t, "empty.xlsx");
    write_xlsx(&empty, &[]);
    assert!(import(&t, &empty).unwrap_err().contains("empty"));

    let header_only = fixture(&t, "header.xlsx");
    write_xlsx(&header_only, &[header()]);
    let summary = import(&t, &header_only).unwrap();
    assert_eq!(lines(&summary), vec![1]);

    let zero = fixture(&t, "zero.xlsx");
    std::fs::write(&zero, b"").unwrap();
    assert!(import(&t, &zero).unwrap_err().contains("empty"));

    let png = fixture(&t, "photo.xlsx");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR binary").unwrap();
    assert!(
        import(&t, &png)
            .unwrap_err()
            .contains("not an Excel workbook")
    );

    let broken_zip = fixture(&t, "broken.xlsx");
    std::fs::write(
        &broken_zip,
        b"PK\x03\x04\x14\0\0\0garbage that is not a zip",
    )
    .unwrap();
    assert!(
        import(&t, &broken_zip)
            .unwrap_err()
            .contains("not a readable Excel workbook")
    );

    let xlsx_as_csv = fixture(&t, "list.csv");
    write_xlsx(&xlsx_as_csv, &good_rows());
    assert!(
        import(&t, &xlsx_as_csv)
            .unwrap_err()
            .contains("Excel workbook")
    );

    assert_eq!(attendee_count(&t), before);
}

#[test]
fn booths_import_from_excel() {
    let t = TestFair::new();
    let path = fixture(&t, "booths.xlsx");
    write_xlsx(
        &path,
        &[
            vec![Text("DANH SÁCH DOANH NGHIỆP")],
            vec![
                Text("Mã gian"),
                Text("Đơn vị"),
                Text("Vị trí"),
                Text("Ngành nghề"),
                Text("Số bàn"),
                Text("Vị trí tuyển dụng"),
                Text("Số lượng"),
                Text("Yêu cầu"),
                Text("Mức lương"),
            ],
            vec![
                Text("K"),
                Text("Công ty Gỗ Đại Từ"),
                Text("Gian 11"),
                Text("Chế biến gỗ"),
                Num(2.0),
                Text("Thợ mộc"),
                Num(20.0),
                Text("Biết nghề mộc"),
                Text("8–10 triệu"),
            ],
            vec![
                Text("K"),
                Text("Công ty Gỗ Đại Từ"),
                Text("Gian 11"),
                Text("Chế biến gỗ"),
                Num(2.0),
                Text("Lao động phổ thông"),
                Num(30.0),
                Text(""),
                Text("6 triệu"),
            ],
        ],
    );
    let summary = t.fair.import_booth_file(&path).unwrap();
    assert_eq!((summary.imported, summary.rejected.len()), (1, 0));
    let booths = fairdesk::api::FairApi::booths(&t.fair).unwrap();
    let k = booths.iter().find(|b| b.code == "K").unwrap();
    assert_eq!(k.vacancy_total(), 50);
}

#[test]
fn the_cli_imports_excel_and_updates_on_request() {
    let t = TestFair::new();
    let db = t.path();
    let path = fixture(&t, "cli.xlsx");
    write_xlsx(&path, &good_rows());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_fairdesk"))
            .args(args)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap()
    };
    let file = path.to_str().unwrap();
    let out = run(&["import", "attendees", file]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["imported"], 3);

    let out = run(&["import", "attendees", file]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 5:") && stderr.contains("nothing imported"),
        "{stderr}"
    );
    assert!(!stderr.contains("019095700001") && !stderr.contains("panicked"));

    let out = run(&["import", "attendees", file, "--update"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["imported"].as_u64(), v["updated"].as_u64()),
        (Some(0), Some(3))
    );

    let fake = fixture(&t, "fake.xlsx");
    std::fs::write(&fake, [0u8, 1, 2, 3, 4, 5, 6, 7, 8, 9]).unwrap();
    let out = run(&["import", "attendees", fake.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_list_the_organiser_declares_consented_records_that_with_each_sensitive_answer() {
    let t = TestFair::new();
    let path = fixture(&t, "consent.csv");
    let text = "Họ và tên;Số CCCD;Ngày sinh;Giới tính;Xã;Hộ nghèo\r\n\
                Lý Thị Mai;019199700011;05/05/1999;Nữ;Yên Lạc;cận nghèo\r\n\
                Đặng Văn Hùng;019088700012;01/01/1988;Nam;Xã Cổ Lũng;\r\n";
    std::fs::write(&path, text).unwrap();
    let basis = |id: &str| -> Option<String> {
        t.fair.with_store(|s| {
            s.connection()
                .query_row(
                    "SELECT sensitive_consent_basis FROM attendee WHERE id_number = ?1",
                    [id],
                    |r| r.get(0),
                )
                .unwrap()
        })
    };
    let options = ImportOptions {
        consent_declared: true,
        ..ImportOptions::default()
    };
    let summary = t
        .fair
        .import_attendee_file(&path, options, &mut |_, _| {})
        .unwrap();
    assert_eq!((summary.imported, summary.rejected.len()), (2, 0));
    assert_eq!(
        basis("019199700011").as_deref(),
        Some("organiser_declaration")
    );
    // No household or ethnicity answer: nothing to consent to.
    assert_eq!(basis("019088700012"), None);

    // Without the declaration, an answer from a list carries no consent.
    let t = TestFair::new();
    let path = fixture(&t, "plain.csv");
    std::fs::write(&path, text).unwrap();
    import(&t, &path).unwrap();
    let plain: Option<String> = t.fair.with_store(|s| {
        s.connection()
            .query_row(
                "SELECT sensitive_consent_basis FROM attendee WHERE id_number = '019199700011'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    });
    assert_eq!(plain, None);
}
