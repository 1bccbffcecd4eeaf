//! The old binary .xls: an OLE compound file holding one BIFF record stream.
//!
//! calamine reads an .xls file whole when it is opened, every sheet of it, and trusts it more
//! than it trusts an .xlsx file: its compound-file reader follows sector chains without
//! looking for loops (a directory chain that loops grows without end), it reserves the cells a
//! sheet's `DIMENSION` record declares, it builds every sheet's rectangle of cells (a sheet
//! listed a thousand times is built a thousand times), it copies a shared string into every
//! cell that uses it, it renders every formula to text, and some short or contradictory
//! records make it panic.
//!
//! So an .xls file is never given to calamine as it came. [`clean_xls`] opens the compound
//! file with the `cfb` crate, which refuses loops and sectors outside the file, takes out the
//! workbook stream alone, checks its records against [`super::super::limits`] the way
//! calamine will read them, blanks each formula's token list (fairdesk reads the values Excel
//! saved with the formula, never the formula), and writes a new, plain compound file around
//! the stream for calamine. Summary streams, macros and anything else in the file stay behind.
//!
//! Hand-written because no crate reads BIFF records with bounds; only the few records that
//! make calamine allocate are decoded, and a record this does not know is passed over exactly
//! as calamine passes over it.

use std::io::{Cursor, Read, Write};

use super::super::limits::{
    MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_RECORDS, MAX_ROWS,
    MAX_SHARED_STRINGS, MAX_TEXT_BYTES,
};
use super::super::table::grouped;
use super::{Refusal, cell_too_long, too_many_strings, too_much_text, unreadable};

/// calamine's record iterator gathers the `CONTINUE` records after a record into a list it
/// takes from the front one at a time, so a run of millions costs time squared. An SST of a
/// 100,000-row list needs a few thousand.
const MAX_CONTINUES: usize = 16_384;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
const BOUNDSHEET: u16 = 0x0085;
const SST: u16 = 0x00FC;
const LBL: u16 = 0x0018;
const XF: u16 = 0x00E0;
const FORMAT: u16 = 0x041E;
const DIMENSION: u16 = 0x0200;
const NUMBER: u16 = 0x0203;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const BOOLERR: u16 = 0x0205;
const STRING: u16 = 0x0207;
const RK: u16 = 0x027E;
const LABELSST: u16 = 0x00FD;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;

/// Checks an .xls file and returns the compound file calamine may read in its place.
pub fn clean_xls(bytes: &[u8]) -> Result<Vec<u8>, Refusal> {
    let mut stream = workbook_stream(bytes)?;
    scan(&mut stream)?;
    // Version 3 (512-byte sectors), as Excel writes: calamine refuses a version 4 file whose
    // root has no mini stream, which is what a workbook stream of 4 KB or more leaves.
    let mut out = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
        .map_err(|_| unreadable())?;
    let mut workbook = out.create_stream("/Workbook").map_err(|_| unreadable())?;
    workbook.write_all(&stream).map_err(|_| unreadable())?;
    drop(workbook);
    out.flush().map_err(|_| unreadable())?;
    Ok(out.into_inner().into_inner())
}

/// The workbook stream, named as calamine looks for it: `Workbook`, else `Book` (Excel 5).
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, Refusal> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| file.is_stream(name))
        .ok_or_else(unreadable)?;
    let stream = file.open_stream(name).map_err(|_| unreadable())?;
    let mut data = Vec::new();
    // The chain is bounded by the file, and the file by the size limit.
    stream
        .take(MAX_FILE_BYTES)
        .read_to_end(&mut data)
        .map_err(|_| unreadable())?;
    Ok(data)
}

/// One record as calamine's iterator yields it: its payload and the `CONTINUE` payloads after
/// it. `at` is where its payload starts in the stream.
struct Record<'a> {
    typ: u16,
    at: usize,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// calamine's `RecordIter`, from `start`.
struct Records<'a> {
    stream: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, Refusal>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = &self.stream[self.at..];
        if rest.is_empty() {
            return None;
        }
        let Some((typ, len)) = header(rest) else {
            return Some(Err(unreadable()));
        };
        let at = self.at + 4;
        let Some(data) = self.stream.get(at..at + len) else {
            return Some(Err(unreadable()));
        };
        self.at = at + len;
        let mut cont = Vec::new();
        // calamine gathers CONTINUEs only while more than a header's bytes remain.
        while self.stream.len() - self.at > 4 {
            let Some((CONTINUE, len)) = header(&self.stream[self.at..]) else {
                break;
            };
            let start = self.at + 4;
            let Some(part) = self.stream.get(start..start + len) else {
                return Some(Err(unreadable()));
            };
            cont.push(part);
            if cont.len() > MAX_CONTINUES {
                return Some(Err(unreadable()));
            }
            self.at = start + len;
        }
        Some(Ok(Record {
            typ,
            at,
            data,
            cont,
        }))
    }
}

fn header(bytes: &[u8]) -> Option<(u16, usize)> {
    let typ = u16::from_le_bytes([*bytes.first()?, *bytes.get(1)?]);
    let len = u16::from_le_bytes([*bytes.get(2)?, *bytes.get(3)?]);
    Some((typ, usize::from(len)))
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// What the sheets add up to: calamine holds every sheet at once.
#[derive(Default)]
struct Totals {
    cells: u64,
    text: u64,
}

impl Totals {
    fn add_cells(&mut self, n: u64) -> Result<(), Refusal> {
        self.cells = self.cells.saturating_add(n);
        if self.cells > MAX_CELLS {
            return Err(too_many_cells());
        }
        Ok(())
    }

    fn add_text(&mut self, bytes: u64) -> Result<(), Refusal> {
        self.text = self.text.saturating_add(bytes);
        if self.text > MAX_TEXT_BYTES {
            return Err(too_much_text());
        }
        Ok(())
    }
}

/// Checks the workbook's globals and then every sheet the globals list, and blanks formulas.
fn scan(stream: &mut [u8]) -> Result<(), Refusal> {
    let mut sheets = Vec::new();
    let mut strings = Vec::new();
    let mut formulas = Vec::new();
    let mut kept = [0u64; 3];
    for record in (Records { stream, at: 0 }) {
        let record = record?;
        match record.typ {
            BOUNDSHEET => {
                // calamine reads the state and type bytes without checking the length, and
                // slices the stream at the position.
                let pos = u32_at(record.data, 0).ok_or_else(unreadable)? as usize;
                if record.data.len() < 6 || pos > stream.len() {
                    return Err(unreadable());
                }
                sheets.push(pos);
                if sheets.len() as u64 > MAX_RECORDS {
                    return Err(too_many_records());
                }
            }
            SST => strings = shared_strings(&record)?,
            LBL | XF | FORMAT => {
                let i = [LBL, XF, FORMAT]
                    .iter()
                    .position(|&t| t == record.typ)
                    .unwrap_or(0);
                kept[i] += 1;
                if kept[i] > 2 * MAX_RECORDS {
                    return Err(too_many_records());
                }
            }
            EOF => break,
            _ => {}
        }
    }
    let mut totals = Totals::default();
    for &pos in &sheets {
        scan_sheet(stream, pos, &strings, &mut totals, &mut formulas)?;
    }
    for at in formulas {
        // The token list's length, two bytes at offset 20 of the record: zero leaves calamine
        // an empty formula, and the record keeps its length, so no position moves.
        if let Some(cce) = stream.get_mut(at + 20..at + 22) {
            cce.copy_from_slice(&[0, 0]);
        }
    }
    Ok(())
}

/// The UTF-8 length calamine will give each shared string, at most.
fn shared_strings(record: &Record<'_>) -> Result<Vec<u64>, Refusal> {
    let mut reader = Chunks {
        data: record.data.get(8..).ok_or_else(unreadable)?,
        cont: &record.cont,
    };
    let mut strings = Vec::new();
    let mut total: u64 = 0;
    while !reader.data.is_empty() || reader.next_chunk() {
        let bytes = reader.rich_string()?;
        total = total.saturating_add(bytes);
        if total > MAX_TEXT_BYTES {
            return Err(too_much_text());
        }
        strings.push(bytes);
        if strings.len() as u64 > MAX_SHARED_STRINGS {
            return Err(too_many_strings());
        }
    }
    Ok(strings)
}

/// A record's payload and its `CONTINUE`s, read the way calamine reads an SST.
struct Chunks<'a, 'b> {
    data: &'a [u8],
    cont: &'b [&'a [u8]],
}

impl Chunks<'_, '_> {
    fn next_chunk(&mut self) -> bool {
        match self.cont.split_first() {
            Some((first, rest)) => {
                self.data = first;
                self.cont = rest;
                true
            }
            None => false,
        }
    }

    fn take(&mut self, n: usize) -> Result<&[u8], Refusal> {
        let (head, rest) = self.data.split_at_checked(n).ok_or_else(unreadable)?;
        self.data = rest;
        Ok(head)
    }

    fn skip(&mut self, mut n: usize) -> Result<(), Refusal> {
        while n > 0 {
            if self.data.is_empty() && !self.next_chunk() {
                return Err(unreadable());
            }
            let step = n.min(self.data.len());
            self.data = &self.data[step..];
            n -= step;
        }
        Ok(())
    }

    /// One `XLUnicodeRichExtendedString`; returns its UTF-8 length at most. A chunk boundary
    /// inside the characters starts with a new high-byte flag, as calamine reads it.
    fn rich_string(&mut self) -> Result<u64, Refusal> {
        let head = self.take(3)?;
        let chars = usize::from(u16::from_le_bytes([head[0], head[1]]));
        let flags = head[2];
        if chars as u64 > MAX_CELL_CHARS {
            return Err(cell_too_long());
        }
        let runs = if flags & 0x8 != 0 {
            let b = self.take(2)?;
            usize::from(u16::from_le_bytes([b[0], b[1]]))
        } else {
            0
        };
        let ext = if flags & 0x4 != 0 {
            let b = self.take(4)?;
            // calamine reads it as i32 and casts; a negative one cannot be skipped.
            usize::try_from(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .map_err(|_| unreadable())?
        } else {
            0
        };
        let mut wide = flags & 0x1 != 0;
        let mut left = chars;
        let mut bytes = 0u64;
        while left > 0 {
            let width = if wide { 2 } else { 1 };
            let here = (self.data.len() / width).min(left);
            let text = self.take(here * width)?;
            bytes += utf8_len(text, wide);
            left -= here;
            if left > 0 {
                if !self.next_chunk() {
                    return Err(unreadable());
                }
                wide = self.take(1)?[0] & 0x1 != 0;
            }
        }
        self.skip(runs * 4)?;
        self.skip(ext)?;
        Ok(bytes)
    }
}

/// The UTF-8 length of characters stored as UTF-16 (`wide`) or one byte each (a code page:
/// any byte above ASCII is counted as the longest character it could be).
fn utf8_len(text: &[u8], wide: bool) -> u64 {
    if wide {
        text.chunks_exact(2)
            .map(|u| match u16::from_le_bytes([u[0], u[1]]) {
                0..0x80 => 1,
                0x80..0x800 => 2,
                // Each half of a surrogate pair: four bytes for the pair.
                0xD800..0xE000 => 2,
                _ => 3,
            })
            .sum()
    } else {
        text.iter().map(|&b| if b < 0x80 { 1 } else { 3 }).sum()
    }
}

/// The cells of one sheet, from its `BOF` at `pos`, as calamine builds them: every value cell
/// and every formula goes into one of two rectangles spanning them.
fn scan_sheet(
    stream: &[u8],
    pos: usize,
    strings: &[u64],
    totals: &mut Totals,
    formulas: &mut Vec<usize>,
) -> Result<(), Refusal> {
    let mut values = Span::default();
    let mut formula_cells = Span::default();
    let mut depth = 0usize;
    let mut seen_bof = false;
    for record in (Records { stream, at: pos }) {
        let record = record?;
        let data = record.data;
        if depth > 0 {
            match record.typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |offset| u16_at(data, offset).map(u64::from);
        let position = || Some((at(0)?, at(2)?));
        match record.typ {
            BOF => {
                if seen_bof {
                    depth += 1;
                } else {
                    seen_bof = true;
                }
            }
            DIMENSION => dimension(data)?,
            NUMBER | BOOLERR | RK => {
                if let Some((row, col)) = position() {
                    values.add(row, col, totals)?;
                }
            }
            LABEL | RSTRING | STRING => {
                if record.typ != STRING {
                    let (row, col) = position().ok_or_else(unreadable)?;
                    values.add(row, col, totals)?;
                }
                // Inline text: at most three UTF-8 bytes for each byte stored.
                totals.add_text(3 * data.len() as u64)?;
            }
            LABELSST => {
                let (row, col) = position().ok_or_else(unreadable)?;
                let index = u32_at(data, 6).ok_or_else(unreadable)? as usize;
                // calamine leaves out a cell whose string does not exist.
                if let Some(&bytes) = strings.get(index) {
                    values.add(row, col, totals)?;
                    totals.add_text(bytes)?;
                }
            }
            MULRK => {
                let (row, first) = position().ok_or_else(unreadable)?;
                let last = data
                    .len()
                    .checked_sub(2)
                    .and_then(at)
                    .ok_or_else(unreadable)?;
                // calamine's arithmetic on a reversed run overflows.
                if last < first || data.len() as u64 != 6 + 6 * (last - first + 1) {
                    return Err(unreadable());
                }
                values.add(row, first, totals)?;
                values.add(row, last, totals)?;
                totals.add_cells((last - first + 1).saturating_sub(2))?;
            }
            FORMULA => {
                let (row, col) = position().ok_or_else(unreadable)?;
                if data.len() < 22 {
                    return Err(unreadable());
                }
                // A value cell (unless the value is in the STRING record after it) and a
                // formula text; counted as two cells.
                values.add(row, col, totals)?;
                formula_cells.add(row, col, totals)?;
                formulas.push(record.at);
            }
            EOF => break,
            _ => {}
        }
    }
    Ok(())
}

/// The rectangle a sheet's cells span, which calamine allocates whole.
#[derive(Default)]
struct Span {
    corners: Option<(u64, u64, u64, u64)>,
}

impl Span {
    fn add(&mut self, row: u64, col: u64, totals: &mut Totals) -> Result<(), Refusal> {
        if row >= MAX_ROWS {
            return Err(format!(
                "the sheet has values below row {}, more than any list: delete the rows below the \
                 list, or it is not a list",
                grouped(MAX_ROWS)
            ));
        }
        if col >= MAX_COLUMNS {
            return Err(format!(
                "the sheet has values right of column {}, far more than any list: delete the \
                 columns right of the list, or it is not a list",
                grouped(MAX_COLUMNS)
            ));
        }
        totals.add_cells(1)?;
        let (r0, c0, r1, c1) = self.corners.unwrap_or((row, col, row, col));
        let corners = (r0.min(row), c0.min(col), r1.max(row), c1.max(col));
        if (corners.2 - corners.0 + 1) * (corners.3 - corners.1 + 1) > MAX_CELLS {
            return Err(too_many_cells());
        }
        self.corners = Some(corners);
        Ok(())
    }
}

/// A `DIMENSION` record, read as calamine reads it: calamine reserves room for the rows ×
/// columns it declares, and its arithmetic on a reversed range overflows.
fn dimension(data: &[u8]) -> Result<(), Refusal> {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u64::from(u16_at(data, 0).unwrap_or(0)),
            u64::from(u16_at(data, 2).unwrap_or(0)),
            u64::from(u16_at(data, 4).unwrap_or(0)),
            u64::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u64::from(u32_at(data, 0).unwrap_or(0)),
            u64::from(u32_at(data, 4).unwrap_or(0)),
            u64::from(u16_at(data, 8).unwrap_or(0)),
            u64::from(u16_at(data, 10).unwrap_or(0)),
        ),
        // calamine fails on it.
        _ => return Ok(()),
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Ok(());
    }
    if last_row - 1 < first_row || last_col - 1 < first_col {
        return Err(unreadable());
    }
    let cells = (last_row - first_row) * (last_col - first_col);
    if cells > MAX_CELLS {
        return Err(format!(
            "the sheet declares more than {} cells, far more than any list: it is damaged or \
             not a list",
            grouped(MAX_CELLS)
        ));
    }
    Ok(())
}

fn too_many_cells() -> Refusal {
    format!(
        "the workbook's sheets hold more than {} cells, far more than any list: it is damaged or \
         not a list",
        grouped(MAX_CELLS)
    )
}

fn too_many_records() -> Refusal {
    "the workbook holds far more sheets, names or formats than Excel writes: it is damaged or \
     not a list"
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real_list() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/commune-list.xls"
        ))
        .unwrap()
    }

    #[test]
    fn a_real_file_is_rebuilt_for_calamine() {
        let mut stream = workbook_stream(&real_list()).unwrap();
        scan(&mut stream).unwrap();
        let clean = clean_xls(&real_list()).unwrap();
        let workbook = calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(Cursor::new(clean));
        assert!(workbook.is_ok(), "{:?}", workbook.err());
    }
}
