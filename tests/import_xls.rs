//! The old binary .xls: a real file written by another program imports, and crafted ones —
//! built here record by record inside a compound file — are refused with one sentence, never a
//! crash, a hang or gigabytes (the guard in `src/import/guard/xls.rs`).

mod common;

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use common::TestFair;
use fairdesk::import::{ImportOptions, ImportSummary};

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

/// The file is refused with a sentence naming `why`, and nothing is imported.
fn refused(t: &TestFair, path: &Path, why: &str) {
    let before = attendee_count(t);
    let err = import(t, path).expect_err("refused");
    assert!(err.contains(why), "{why:?} in {err:?}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(attendee_count(t), before);
}

// ---- a BIFF8 workbook, record by record --------------------------------------------------

fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend(data);
    r
}

fn bof(kind: u16) -> Vec<u8> {
    let mut data = vec![0x00, 0x06];
    data.extend(kind.to_le_bytes());
    data.extend([0; 12]);
    record(0x0809, &data)
}

fn eof() -> Vec<u8> {
    record(0x000A, &[])
}

/// A UTF-16 `XLUnicodeRichExtendedString` (or, without its count, a string's characters).
fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut b = (units.len() as u16).to_le_bytes().to_vec();
    b.push(1);
    b.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    b
}

fn sst(strings: &[&str]) -> Vec<u8> {
    let mut data = (strings.len() as u32).to_le_bytes().to_vec();
    data.extend((strings.len() as u32).to_le_bytes());
    for s in strings {
        data.extend(wide(s));
    }
    record(0x00FC, &data)
}

fn dimension(first_row: u32, rows_end: u32, first_col: u16, cols_end: u16) -> Vec<u8> {
    let mut data = first_row.to_le_bytes().to_vec();
    data.extend(rows_end.to_le_bytes());
    data.extend(first_col.to_le_bytes());
    data.extend(cols_end.to_le_bytes());
    data.extend([0, 0]);
    record(0x0200, &data)
}

fn label_sst(row: u16, col: u16, index: u32) -> Vec<u8> {
    let mut data = row.to_le_bytes().to_vec();
    data.extend(col.to_le_bytes());
    data.extend([0, 0]);
    data.extend(index.to_le_bytes());
    record(0x00FD, &data)
}

fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
    let mut data = row.to_le_bytes().to_vec();
    data.extend(col.to_le_bytes());
    data.extend([0, 0]);
    data.extend(value.to_le_bytes());
    record(0x0203, &data)
}

/// A FORMULA record whose token list says it is `cce` bytes long.
fn formula(row: u16, col: u16, cce: u16, tokens: &[u8]) -> Vec<u8> {
    let mut data = row.to_le_bytes().to_vec();
    data.extend(col.to_le_bytes());
    data.extend([0, 0]);
    data.extend(3.0f64.to_le_bytes());
    data.extend([0; 6]);
    data.extend(cce.to_le_bytes());
    data.extend(tokens);
    record(0x0006, &data)
}

/// A workbook stream: globals (`extra` among them), then one sheet with `cells`, listed
/// `listed` times in the globals.
fn stream(strings: &[&str], extra: &[Vec<u8>], cells: &[Vec<u8>], listed: usize) -> Vec<u8> {
    let boundsheet = |pos: u32| {
        let mut data = pos.to_le_bytes().to_vec();
        data.extend([0, 0, 1, 0, b'S']);
        record(0x0085, &data)
    };
    let globals_len = |pos: u32| {
        let mut g = bof(0x0005);
        for _ in 0..listed {
            g.extend(boundsheet(pos));
        }
        g.extend(sst(strings));
        for e in extra {
            g.extend(e);
        }
        g.extend(eof());
        g
    };
    let pos = globals_len(0).len() as u32;
    let mut s = globals_len(pos);
    s.extend(bof(0x0010));
    for c in cells {
        s.extend(c);
    }
    s.extend(eof());
    s
}

fn write_xls(path: &Path, stream: &[u8]) {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    file.create_stream("/Workbook")
        .unwrap()
        .write_all(stream)
        .unwrap();
    file.flush().unwrap();
    std::fs::write(path, file.into_inner().into_inner()).unwrap();
}

/// A header and one person: every crafted file starts so, and imports without what is added.
fn person() -> (Vec<&'static str>, Vec<Vec<u8>>) {
    (
        vec!["Họ và tên", "Nguyễn Văn An"],
        vec![
            dimension(0, 2, 0, 1),
            label_sst(0, 0, 0),
            label_sst(1, 0, 1),
        ],
    )
}

// ---- tests --------------------------------------------------------------------------------

#[test]
fn a_commune_list_saved_by_another_program_imports() {
    let t = TestFair::new();
    let before = attendee_count(&t);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/commune-list.xls");
    let summary = import(&t, &path).unwrap();
    assert_eq!(
        (summary.imported, summary.rejected_total),
        (3, 0),
        "{summary:?}"
    );
    assert_eq!(attendee_count(&t), before + 3);
}

#[test]
fn a_crafted_workbook_within_the_bounds_imports() {
    // The hand-built layout is readable, so each refusal below is the guard's. A formula in a
    // column the list does not read, whose token list claims more bytes than it has (which
    // makes calamine slice past the record), imports with its saved value.
    let t = TestFair::new();
    let (strings, mut cells) = person();
    cells.push(formula(1, 3, 60_000, &[0x1E, 0x01, 0x00]));
    let path = fixture(&t, "ok.xls");
    write_xls(&path, &stream(&strings, &[], &cells, 1));
    let summary = import(&t, &path).unwrap();
    assert_eq!((summary.imported, summary.rejected_total), (1, 0));
}

#[test]
fn values_far_apart_are_refused_before_the_sheet_is_built() {
    let t = TestFair::new();
    let (strings, mut cells) = person();
    // The last row and column of the old grid: within the rows and columns a list may use,
    // but a rectangle of 65,536 × 256 cells.
    cells.push(number(65_535, 255, 1.0));
    let path = fixture(&t, "span.xls");
    write_xls(&path, &stream(&strings, &[], &cells, 1));
    refused(&t, &path, "3,000,000 cells");

    // A column past the last one a list may use.
    let (strings, mut cells) = person();
    cells.push(number(1, 300, 1.0));
    write_xls(&path, &stream(&strings, &[], &cells, 1));
    refused(&t, &path, "column 256");
}

#[test]
fn a_declared_dimension_is_not_reserved_unchecked() {
    // calamine reserves rows × columns cells from the DIMENSION record: 4 billion × 256.
    let t = TestFair::new();
    let (strings, mut cells) = person();
    cells[0] = dimension(0, u32::MAX, 0, 256);
    let path = fixture(&t, "dimension.xls");
    write_xls(&path, &stream(&strings, &[], &cells, 1));
    refused(&t, &path, "declares more than 3,000,000 cells");

    // A reversed range makes calamine's arithmetic overflow.
    let (strings, mut cells) = person();
    cells[0] = dimension(10, 5, 0, 1);
    write_xls(&path, &stream(&strings, &[], &cells, 1));
    refused(&t, &path, "not a readable Excel workbook");
}

#[test]
fn a_sheet_listed_many_times_counts_every_time() {
    // calamine builds every listed sheet: 4,000 listings of a 1,000-cell sheet.
    let t = TestFair::new();
    let (strings, mut cells) = person();
    for row in 2..1000 {
        cells.push(number(row, 1, 1.0));
    }
    let path = fixture(&t, "listed.xls");
    write_xls(&path, &stream(&strings, &[], &cells, 4000));
    refused(&t, &path, "3,000,000 cells");
}

#[test]
fn one_long_shared_string_used_everywhere_is_refused() {
    // calamine copies a shared string into each cell that uses it: a 32,000-character text
    // used 1,000 times is about 96 MB.
    let t = TestFair::new();
    let long = "ệ".repeat(32_000);
    let strings = vec!["Họ và tên", long.as_str()];
    let mut cells = vec![label_sst(0, 0, 0)];
    for row in 1..1000 {
        cells.push(label_sst(row, 1, 1));
    }
    // The string does not fit one record: split it the way Excel does, into CONTINUEs that
    // each start with the high-byte flag.
    let mut s = stream(&strings, &[], &cells, 1);
    s = split_long_records(&s);
    let path = fixture(&t, "text.xls");
    write_xls(&path, &s);
    refused(&t, &path, "MB of text");
}

/// Splits records over 8,224 bytes (only the SST here) into the record and CONTINUEs, with a
/// high-byte flag at the start of each CONTINUE, as every split falls inside the long string.
fn split_long_records(s: &[u8]) -> Vec<u8> {
    // Rebuilt from scratch: positions in BOUNDSHEET move, so recompute them after.
    let mut out = Vec::new();
    let mut at = 0;
    let mut moved = 0usize;
    let mut boundsheet_fields = Vec::new();
    while at < s.len() {
        let typ = u16::from_le_bytes([s[at], s[at + 1]]);
        let len = u16::from_le_bytes([s[at + 2], s[at + 3]]) as usize;
        let data = &s[at + 4..at + 4 + len];
        if typ == 0x0085 {
            boundsheet_fields.push(out.len() + 4);
        }
        if typ == 0x00FC && len > 8224 {
            // First the header bytes and strings up to the long one's first 8,000 bytes of
            // characters (an even number: whole UTF-16 units).
            let first = 8 + 3 + 9 * 2 + 3 + 8000;
            out.extend(record(typ, &data[..first]));
            let mut rest = &data[first..];
            while !rest.is_empty() {
                let take = rest.len().min(8000);
                let mut part = vec![1u8];
                part.extend(&rest[..take]);
                out.extend(record(0x003C, &part));
                moved += 5;
                rest = &rest[take..];
            }
        } else {
            out.extend(&s[at..at + 4 + len]);
        }
        at += 4 + len;
    }
    for field in boundsheet_fields {
        let pos = u32::from_le_bytes(out[field..field + 4].try_into().unwrap()) as usize;
        out[field..field + 4].copy_from_slice(&((pos + moved) as u32).to_le_bytes());
    }
    out
}

#[test]
fn contradictory_records_are_refused_not_a_crash() {
    let t = TestFair::new();
    let path = fixture(&t, "bad.xls");
    // A MULRK whose last column is before its first.
    let (strings, mut cells) = person();
    let mut mulrk = 1u16.to_le_bytes().to_vec();
    mulrk.extend(5u16.to_le_bytes());
    mulrk.extend([0; 6]);
    mulrk.extend(2u16.to_le_bytes());
    cells.push(record(0x00BD, &mulrk));
    write_xls(&path, &stream(&strings, &[], &cells, 1));
    refused(&t, &path, "not a readable Excel workbook");

    // A sheet listed at a position past the end of the stream.
    let (strings, cells) = person();
    let mut s = stream(&strings, &[], &cells, 1);
    let field = bof(0x0005).len() + 4;
    s[field..field + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    write_xls(&path, &s);
    refused(&t, &path, "not a readable Excel workbook");
}

#[test]
fn a_compound_file_whose_chain_loops_is_refused() {
    // calamine follows the directory's sector chain until it ends; one that points back to
    // itself never ends, and the chain it collects grows until memory runs out.
    let t = TestFair::new();
    let (strings, cells) = person();
    let path = fixture(&t, "loop.xls");
    write_xls(&path, &stream(&strings, &[], &cells, 1));
    let mut bytes = std::fs::read(&path).unwrap();
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let sector = 1 << u16::from_le_bytes([bytes[30], bytes[31]]);
    let dir_start = u32_at(&bytes, 48) as usize;
    let fat_sector = u32_at(&bytes, 76) as usize;
    let entry = sector + fat_sector * sector + 4 * dir_start;
    bytes[entry..entry + 4].copy_from_slice(&(dir_start as u32).to_le_bytes());
    std::fs::write(&path, &bytes).unwrap();
    refused(&t, &path, "not a readable Excel workbook");
}

#[test]
fn damaged_copies_of_a_real_list_never_crash_the_import() {
    // Bytes of the real list changed at random, a few at a time: each copy imports or is
    // refused with a sentence; none panics, aborts or hangs.
    let t = TestFair::new();
    let original = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/commune-list.xls"),
    )
    .unwrap();
    let path = fixture(&t, "damaged.xls");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut imported, mut refusals) = (0, 0);
    for _ in 0..400 {
        let mut bytes = original.clone();
        for _ in 0..1 + next() % 4 {
            // Most of the file is the workbook stream after the 512-byte header and FAT.
            let at = (next() as usize) % bytes.len();
            bytes[at] = next() as u8;
        }
        std::fs::write(&path, &bytes).unwrap();
        match import(&t, &path) {
            Ok(_) => imported += 1,
            Err(e) => {
                assert_eq!(e.lines().count(), 1, "{e}");
                refusals += 1;
            }
        }
    }
    eprintln!("{imported} damaged copies imported, {refusals} refused");
    assert!(refusals > 0 && imported > 0);
}
