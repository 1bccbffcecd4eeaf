//! Hostile and oversized list files, crafted here byte by byte: each is refused with one
//! clear sentence, imports nothing, and is refused quickly and within bounded memory (the
//! command line is run as a separate process and its peak memory read back).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::TestFair;
use fairdesk::import::limits::{
    MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_INFLATED_BYTES, MAX_PART_BYTES, MAX_REJECTED, MAX_ROWS,
};
use fairdesk::import::{ATTENDEE_COLUMNS, ImportOptions, ImportSummary, Table};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

/// How long a refusal may take in these unoptimised test builds, run side by side on a busy
/// 2-core machine (the slowest, 3,000,001 cells, takes about 10 s alone).
const QUICKLY: Duration = Duration::from_secs(60);

/// The peak memory any import may reach, whatever the file.
const PEAK_BYTES: u64 = 500 * 1024 * 1024;

/// The content of one archive entry: written in pieces, so a part of hundreds of megabytes
/// costs the test no memory.
enum Part {
    Text(String),
    /// `head`, then `unit` `times` times, then `tail`.
    Repeat {
        head: String,
        unit: String,
        times: usize,
        tail: String,
    },
}

fn text(s: impl Into<String>) -> Part {
    Part::Text(s.into())
}

fn write_zip(path: &Path, parts: &[(&str, Part)]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    for (name, part) in parts {
        // An .ods file's mimetype must be stored, not deflated.
        let method = if *name == "mimetype" {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        zip.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        match part {
            Part::Text(s) => zip.write_all(s.as_bytes()).unwrap(),
            Part::Repeat {
                head,
                unit,
                times,
                tail,
            } => {
                zip.write_all(head.as_bytes()).unwrap();
                let per_chunk = (1 << 20) / unit.len().max(1) + 1;
                let chunk = unit.repeat(per_chunk);
                let mut left = *times;
                while left >= per_chunk {
                    zip.write_all(chunk.as_bytes()).unwrap();
                    left -= per_chunk;
                }
                zip.write_all(unit.repeat(left).as_bytes()).unwrap();
                zip.write_all(tail.as_bytes()).unwrap();
            }
        }
    }
    zip.finish().unwrap();
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// An .xlsx file with one sheet (and shared strings, if given), written by hand the way
/// Excel lays one out, plus any `extra` parts.
fn write_xlsx(path: &Path, sheet: Part, shared: Option<Part>, extra: Vec<(&str, Part)>) {
    let mut parts = vec![
        (
            "[Content_Types].xml",
            text(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
            ),
        ),
        (
            "_rels/.rels",
            text(format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_NS}"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            )),
        ),
        (
            "xl/workbook.xml",
            text(format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            )),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            text(format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_NS}"><Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            )),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(shared) = shared {
        parts.push(("xl/sharedStrings.xml", shared));
    }
    parts.extend(extra);
    write_zip(path, &parts);
}

fn sheet_head() -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>"#)
}

const SHEET_TAIL: &str = "</sheetData></worksheet>";

/// A sheet holding these cells (reference, cell XML inside `<c>`), one row each.
fn sheet(cells: &[(&str, &str)]) -> Part {
    let mut xml = sheet_head();
    for (reference, inner) in cells {
        xml.push_str(&format!(r#"<row><c r="{reference}"{inner}</c></row>"#));
    }
    xml.push_str(SHEET_TAIL);
    Part::Text(xml)
}

/// `<c>`'s attributes and content for an inline text.
fn inline(s: &str) -> String {
    format!(r#" t="inlineStr"><is><t>{s}</t></is>"#)
}

/// `<c>`'s attributes and content for shared string `index`.
fn shared(index: usize) -> String {
    format!(r#" t="s"><v>{index}</v>"#)
}

fn shared_strings(head_attrs: &str, strings: &[&str]) -> Part {
    let mut xml =
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" {head_attrs}>"#);
    for s in strings {
        xml.push_str(&format!("<si><t>{s}</t></si>"));
    }
    xml.push_str("</sst>");
    Part::Text(xml)
}

/// A list's header and one person, as inline strings: every crafted file below starts so,
/// and would import were it not for what is added to it.
fn person_cells() -> Vec<(&'static str, String)> {
    vec![("A1", inline("Họ và tên")), ("A2", inline("Nguyễn Văn An"))]
}

fn cells_ref<'a>(cells: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    cells.iter().map(|(r, c)| (*r, c.as_str())).collect()
}

fn fixture(t: &TestFair, name: &str) -> PathBuf {
    t.dir.path().join(name)
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

/// What the command line did with a file.
struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
    /// Peak resident memory, where `/usr/bin/time` can measure it.
    peak: Option<u64>,
}

/// Runs `fairdesk import attendees FILE` as its own process, measuring its time and peak
/// memory (the kernel's maximum resident size of the child, through `/usr/bin/time`).
fn cli_import(t: &TestFair, path: &Path) -> Run {
    let exe = env!("CARGO_BIN_EXE_fairdesk");
    let time = Path::new("/usr/bin/time");
    let peak_file = t.dir.path().join("peak.txt");
    let mut command = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-f").arg("%M").arg("-o").arg(&peak_file).arg(exe);
        c
    } else {
        Command::new(exe)
    };
    command
        .args(["import", "attendees"])
        .arg(path)
        .arg("--db")
        .arg(t.path());
    let started = Instant::now();
    let out = command.output().unwrap();
    let took = started.elapsed();
    let peak = std::fs::read_to_string(&peak_file)
        .ok()
        .and_then(|s| s.trim().lines().last()?.trim().parse::<u64>().ok())
        .map(|kb| kb * 1024);
    Run {
        status: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took,
        peak,
    }
}

/// The file is refused through the command line with one line naming `why`, quickly, within
/// the memory bound, and nothing is imported. Returns the line.
fn refused(t: &TestFair, path: &Path, why: &str) -> String {
    let before = attendee_count(t);
    let run = cli_import(t, path);
    let line = run.stderr.trim().to_string();
    assert_eq!(run.status, Some(1), "{line}");
    assert_eq!(line.lines().count(), 1, "one line: {line}");
    assert!(line.contains(why), "{why:?} in {line:?}");
    assert!(!line.contains("panicked") && !line.contains("memory allocation"));
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.took < QUICKLY, "took {:?}", run.took);
    if let Some(peak) = run.peak {
        assert!(peak < PEAK_BYTES, "peak {} MB", peak >> 20);
    }
    eprintln!(
        "{}: refused in {:?}, peak {} MB: {line}",
        path.file_name().unwrap().to_string_lossy(),
        run.took,
        run.peak.map_or(0, |p| p >> 20)
    );
    assert_eq!(attendee_count(t), before);
    line
}

#[test]
fn a_crafted_workbook_within_the_bounds_imports() {
    // The hand-written layout itself is readable, so each refusal below is the bound's.
    let t = TestFair::new();
    let before = attendee_count(&t);
    // A value in the last column a list may use, and one on the last row (in a column the
    // list does not read, so it is no person).
    for (name, far) in [("wide.xlsx", "IV1"), ("long.xlsx", "B100000")] {
        let path = fixture(&t, name);
        let mut cells = person_cells();
        cells.push((far, r#"><v>1</v>"#.into()));
        write_xlsx(&path, sheet(&cells_ref(&cells)), None, vec![]);
        let summary = import(&t, &path).unwrap();
        assert_eq!((summary.imported, summary.rejected_total), (1, 0), "{name}");
    }
    assert_eq!(attendee_count(&t), before + 2);

    // Shared strings, at the longest a cell may be (a name that long is a rejected row,
    // not a refused file).
    let path = fixture(&t, "shared.xlsx");
    let long = "a".repeat(MAX_CELL_CHARS as usize);
    write_xlsx(
        &path,
        sheet(&[("A1", &shared(0)), ("A2", &shared(1))]),
        Some(shared_strings(
            r#"count="2" uniqueCount="2""#,
            &["Họ và tên", &long],
        )),
        vec![],
    );
    let summary = import(&t, &path).unwrap();
    assert_eq!(summary.imported, 0);
    assert_eq!(summary.rejected[0].code, "name_too_long");
}

#[test]
fn values_far_apart_are_refused_before_the_sheet_is_built() {
    let t = TestFair::new();
    // Two cells at A1 and XFD1048576: 17 billion cells for calamine.
    let path = fixture(&t, "span.xlsx");
    let mut cells = person_cells();
    cells.push(("XFD1048576", r#"><v>1</v>"#.into()));
    write_xlsx(&path, sheet(&cells_ref(&cells)), None, vec![]);
    assert!(std::fs::metadata(&path).unwrap().len() < 2048);
    refused(&t, &path, "row 100,000");

    // One row too far.
    let path = fixture(&t, "one_row_too_many.xlsx");
    let mut cells = person_cells();
    cells.push(("A100001", inline("x")));
    write_xlsx(&path, sheet(&cells_ref(&cells)), None, vec![]);
    assert!(import(&t, &path).unwrap_err().contains("row 100,000"));

    // Far to the right.
    let path = fixture(&t, "wide.xlsx");
    let mut cells = person_cells();
    cells.push(("XFD1", r#"><v>1</v>"#.into()));
    write_xlsx(&path, sheet(&cells_ref(&cells)), None, vec![]);
    refused(&t, &path, "column 256");

    // Within rows and columns but too large a rectangle: 256 × 11,720 > 3,000,000 cells.
    let path = fixture(&t, "area.xlsx");
    let mut cells = person_cells();
    cells.push(("IV11720", r#"><v>1</v>"#.into()));
    write_xlsx(&path, sheet(&cells_ref(&cells)), None, vec![]);
    refused(&t, &path, "3,000,000 cells");

    // The same cell given again and again still counts each time (calamine keeps each).
    let path = fixture(&t, "repeated_cell.xlsx");
    write_xlsx(
        &path,
        Part::Repeat {
            head: sheet_head()
                + r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c>"#,
            unit: r#"<c r="A2"><v>1</v></c>"#.into(),
            times: 3_000_001,
            tail: format!("</row>{SHEET_TAIL}"),
        },
        None,
        vec![],
    );
    refused(&t, &path, "3,000,000 cells");
}

#[test]
fn a_huge_declared_shared_string_count_is_refused() {
    let t = TestFair::new();
    let path = fixture(&t, "sst_count.xlsx");
    write_xlsx(
        &path,
        sheet(&[("A1", &shared(0)), ("A2", &shared(1))]),
        Some(shared_strings(
            r#"count="1000000000000" uniqueCount="1000000000000""#,
            &["Họ và tên", "Nguyễn Văn An"],
        )),
        vec![],
    );
    assert!(std::fs::metadata(&path).unwrap().len() < 2048);
    refused(&t, &path, "different texts");

    // Declared modestly but holding more strings than the bound.
    let path = fixture(&t, "sst_many.xlsx");
    write_xlsx(
        &path,
        sheet(&[("A1", &shared(0)), ("A2", &shared(1))]),
        Some(Part::Repeat {
            head: format!(r#"<sst xmlns="{MAIN_NS}"><si><t>Họ và tên</t></si>"#),
            unit: "<si><t>x</t></si>".into(),
            times: 1_000_000,
            tail: "</sst>".into(),
        }),
        vec![],
    );
    refused(&t, &path, "different texts");
}

#[test]
fn one_huge_shared_string_is_refused() {
    let t = TestFair::new();
    // 40 MB of one string from a file of a few tens of kilobytes.
    let path = fixture(&t, "sst_huge.xlsx");
    write_xlsx(
        &path,
        sheet(&[("A1", &shared(0)), ("A2", &shared(1))]),
        Some(Part::Repeat {
            head: format!(
                r#"<sst xmlns="{MAIN_NS}" count="2" uniqueCount="2"><si><t>Họ và tên</t></si><si><t>"#
            ),
            unit: "a".into(),
            times: 40 << 20,
            tail: "</t></si></sst>".into(),
        }),
        vec![],
    );
    assert!(std::fs::metadata(&path).unwrap().len() < 200_000);
    refused(&t, &path, "1 MB long");

    // One character over Excel's limit, in runs that each stay short.
    let path = fixture(&t, "sst_one_over.xlsx");
    let runs =
        "<r><t>aaaaaaaaaa</t></r>".repeat(MAX_CELL_CHARS as usize / 10) + "<r><t>aaaaaaaa</t></r>";
    write_xlsx(
        &path,
        sheet(&[("A1", &shared(0)), ("A2", &shared(1))]),
        Some(shared_strings(
            r#"count="2" uniqueCount="2""#,
            &["Họ và tên", &format!("</t>{runs}<t>")],
        )),
        vec![],
    );
    assert!(import(&t, &path).unwrap_err().contains("32,767 characters"));

    // A short string used by a million cells is copied into each of them.
    let path = fixture(&t, "sst_reused.xlsx");
    let word = "a".repeat(100);
    write_xlsx(
        &path,
        Part::Repeat {
            head: sheet_head() + r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
            unit: r#"<row><c t="s"><v>1</v></c><c t="s"><v>1</v></c><c t="s"><v>1</v></c></row>"#
                .into(),
            times: 99_000,
            tail: SHEET_TAIL.into(),
        },
        Some(shared_strings(
            r#"count="2" uniqueCount="2""#,
            &["Họ và tên", &word.repeat(3)],
        )),
        vec![],
    );
    refused(&t, &path, "MB of text");
}

#[test]
fn a_zip_bomb_is_refused_by_what_it_really_inflates_to() {
    let t = TestFair::new();
    // One sheet inflating past the per-part limit, from a file of a few hundred kilobytes.
    // Its markup is small and harmless; only its size is wrong.
    let filler = " ".repeat(1000) + "<!---->";
    let times = (MAX_PART_BYTES as usize / filler.len()) + 1000;
    let path = fixture(&t, "bomb.xlsx");
    write_xlsx(
        &path,
        Part::Repeat {
            head: sheet_head() + r#"<row><c t="inlineStr"><is><t>Họ và tên</t></is></c></row>"#,
            unit: filler.clone(),
            times,
            tail: SHEET_TAIL.into(),
        },
        None,
        vec![],
    );
    assert!(std::fs::metadata(&path).unwrap().len() < 2 << 20);
    refused(&t, &path, "256 MB");

    // Parts each under that limit that together inflate past the workbook's.
    let path = fixture(&t, "bomb_parts.xlsx");
    let times = (MAX_INFLATED_BYTES / 3 + MAX_INFLATED_BYTES / 10) as usize / filler.len();
    let pad = |n: &'static str| {
        (
            n,
            Part::Repeat {
                head: "<pad>".into(),
                unit: filler.clone(),
                times,
                tail: "</pad>".into(),
            },
        )
    };
    write_xlsx(
        &path,
        sheet(&cells_ref(&person_cells())),
        None,
        vec![pad("xl/pad1.xml"), pad("xl/pad2.xml"), pad("xl/pad3.xml")],
    );
    refused(&t, &path, "512 MB");
}

#[test]
fn a_binary_workbook_is_refused_rather_than_read_unchecked() {
    // calamine would read a zip without XML parts as .xlsb, whose binary records the
    // pre-scan does not check.
    let t = TestFair::new();
    let path = fixture(&t, "binary.xlsx");
    write_zip(
        &path,
        &[
            ("[Content_Types].xml", text("<Types/>")),
            ("xl/workbook.bin", text("\u{1}\u{2}")),
        ],
    );
    assert!(import(&t, &path).unwrap_err().contains(".xlsb"));
}

const ODS_MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// An .ods file whose one table's rows are `rows` (`<table:table-row>` elements).
fn write_ods(path: &Path, rows: &str) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    write_zip(
        path,
        &[
            ("mimetype", text(ODS_MIME)),
            (
                "META-INF/manifest.xml",
                text(format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIME}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
                )),
            ),
            ("content.xml", text(content)),
        ],
    );
}

fn ods_text(s: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#
    )
}

fn ods_people() -> String {
    format!(
        "<table:table-row>{}</table:table-row><table:table-row>{}</table:table-row>",
        ods_text("Họ và tên"),
        ods_text("Nguyễn Văn An")
    )
}

#[test]
fn ods_repeats_are_bounded_as_they_would_expand() {
    let t = TestFair::new();
    // As LibreOffice saves a list: the rest of the sheet as one repeated empty row.
    let path = fixture(&t, "plain.ods");
    write_ods(
        &path,
        &(ods_people()
            + r#"<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#),
    );
    let summary = import(&t, &path).unwrap();
    assert_eq!((summary.imported, summary.rejected_total), (1, 0));

    // One value repeated over every row and column of the grid.
    let path = fixture(&t, "repeat.ods");
    write_ods(
        &path,
        &(ods_people()
            + r#"<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#),
    );
    refused(&t, &path, "row 100,000");

    // A billion spaces in one cell, from a few bytes.
    let path = fixture(&t, "spaces.ods");
    write_ods(
        &path,
        &(ods_people()
            + r#"<table:table-row><table:table-cell office:value-type="string"><text:p>x<text:s text:c="1000000000"/></text:p></table:table-cell></table:table-row>"#),
    );
    refused(&t, &path, "32,767 characters");
}

#[test]
fn oversized_csv_files_are_refused() {
    let t = TestFair::new();
    let path = fixture(&t, "long.csv");
    let mut csv = String::from("Họ và tên,Xã\n");
    for i in 0..300_000 {
        csv.push_str(&format!("Người {i},Yên Ninh\n"));
    }
    std::fs::write(&path, csv).unwrap();
    refused(&t, &path, "more than 100,000 rows");

    // The last row allowed, and one more.
    let exactly = |rows: u64| {
        let mut csv = String::from("Họ và tên\n");
        for _ in 1..rows {
            csv.push_str("x\n");
        }
        csv
    };
    let path = fixture(&t, "at_limit.csv");
    std::fs::write(&path, exactly(MAX_ROWS)).unwrap();
    let table = fairdesk::import::read_csv(&path, ATTENDEE_COLUMNS).unwrap();
    assert_eq!(table.rows.len() as u64, MAX_ROWS - 1);
    std::fs::write(&path, exactly(MAX_ROWS + 1)).unwrap();
    assert!(import(&t, &path).unwrap_err().contains("100,000 rows"));

    let path = fixture(&t, "cell.csv");
    std::fs::write(
        &path,
        format!("Họ và tên\n{}\n", "a".repeat(MAX_CELL_CHARS as usize + 1)),
    )
    .unwrap();
    refused(&t, &path, "32,767 characters");

    let path = fixture(&t, "wide.csv");
    std::fs::write(&path, format!("Họ và tên{}\nx\n", ",".repeat(300))).unwrap();
    refused(&t, &path, "256 columns");

    // Larger than any list: refused before it is read (a sparse file costs no disk).
    let path = fixture(&t, "huge.csv");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    refused(&t, &path, "larger than 50 MB");
    let path = fixture(&t, "huge.xlsx");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    refused(&t, &path, "larger than 50 MB");
}

#[test]
fn a_million_bad_rows_report_the_first_ones_and_the_count() {
    let t = TestFair::new();
    let before = attendee_count(&t);
    // A table as a reader makes it: a name column, and a million rows without a name.
    let header = vec!["Họ và tên".to_string()];
    let rows = (0..1_000_000)
        .map(|i| (i + 2, vec![String::new()]))
        .collect();
    let table = Table::from_rows(&header, rows, ATTENDEE_COLUMNS);
    let summary = t.fair.import_attendees(&table).unwrap();
    assert_eq!(summary.imported, 0);
    assert_eq!(summary.rejected_total, 1_000_000);
    assert_eq!(summary.rejected.len(), MAX_REJECTED);
    let lines: Vec<usize> = summary.rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, (2..MAX_REJECTED + 2).collect::<Vec<_>>());
    assert!(summary.rejected.iter().all(|r| r.code == "name_empty"));
    assert_eq!(attendee_count(&t), before);
}

#[test]
fn the_cli_reports_the_first_rejected_rows_and_how_many_in_all() {
    let t = TestFair::new();
    // The longest file allowed, every row of it bad.
    let path = fixture(&t, "all_bad.csv");
    let mut csv = String::from("Họ và tên,Xã\n");
    for _ in 1..MAX_ROWS {
        csv.push_str(",Yên Ninh\n");
    }
    std::fs::write(&path, csv).unwrap();
    let run = cli_import(&t, &path);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(
        run.stdout.len() < 100_000,
        "{} bytes of JSON",
        run.stdout.len()
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["imported"], 0);
    assert_eq!(v["rejected_total"], MAX_ROWS - 1);
    let rejected = v["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), MAX_REJECTED);
    assert_eq!(rejected[0]["line"], 2);
    assert_eq!(rejected[0]["code"], "name_empty");
    if let Some(peak) = run.peak {
        assert!(peak < PEAK_BYTES, "peak {} MB", peak >> 20);
    }

    // A good file's JSON has the count too, at zero.
    let path = fixture(&t, "good.csv");
    std::fs::write(&path, "Họ và tên,Xã\nNguyễn Văn An,Yên Ninh\n").unwrap();
    let run = cli_import(&t, &path);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (v["imported"].as_u64(), v["rejected_total"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(v["rejected"].as_array().map(Vec::len), Some(0));
}
