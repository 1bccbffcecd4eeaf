//! A pre-scan of a zipped workbook (.xlsx, .xlsm, .ods) that refuses a hostile or broken file
//! before the spreadsheet reader allocates for it.
//!
//! calamine trusts what a workbook says: it reserves room for as many shared strings as the
//! file declares, builds a rectangle of rows × columns cells spanning the first and last value
//! of a sheet, copies a shared string into every cell that uses it, and expands an .ods
//! file's repeated rows and columns. Two cells at A1 and XFD1048576, or a declared count of
//! 10¹² strings, abort the process; one shared string of a gigabyte takes gigabytes.
//!
//! Its streaming `worksheet_cells_reader` would avoid the rectangle, but not the rest: the
//! shared strings and the styles are read when the workbook is opened, .ods files are read
//! whole on opening, and the reader has no bound on what it buffers. So this module reads
//! the archive itself first, with the same XML reader and settings as calamine, and checks
//! every bound in [`super::limits`] on the bytes as they inflate — never trusting a size the
//! archive or the XML declares — and only then is calamine let at the file. Nothing here
//! keeps more than a few megabytes, whatever the file.
//!
//! The old binary .xls has its own check in [`xls`], which also hands calamine a rebuilt
//! file instead of the one that came.
//!
//! Every part is checked, not just the first sheet: which part calamine reads is decided by
//! the workbook's own relationship files, and following them here differently from calamine
//! would leave a gap. A workbook whose other sheets break the bounds is refused too; a list
//! workbook never has such sheets.

use std::borrow::Cow;
use std::cell::Cell;
use std::io::{self, BufReader, Cursor, Read};

use quick_xml::Reader as XmlReader;
use quick_xml::events::{BytesStart, Event};

use super::limits::{
    MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_INFLATED_BYTES, MAX_PART_BYTES, MAX_PARTS,
    MAX_RECORDS, MAX_ROWS, MAX_SHARED_STRINGS, MAX_STYLES_RUN, MAX_TEXT_BYTES, MAX_XML_RUN,
};
use super::table::grouped;

mod ods;
mod xls;

use ods::TableScan;
pub use xls::clean_xls;

/// Why a file is refused: one sentence for the organiser, never quoting the file.
type Refusal = String;

const MIB: u64 = 1024 * 1024;

/// Excel's grid: a position beyond it is not one Excel could have written.
const GRID_ROWS: u64 = 1_048_576;
const GRID_COLUMNS: u64 = 16_384;

/// Checks a zipped workbook against every bound in [`super::limits`]. `Err` is the one
/// sentence to show the organiser.
pub fn check_zip(bytes: &[u8]) -> Result<(), Refusal> {
    // The central directory's entries are the one thing read before counting them; at 46
    // bytes or more an entry, a file under the size limit cannot hold enough of them to
    // matter.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    if archive.len() as u64 > MAX_PARTS {
        return Err(format!(
            "the workbook has more than {} parts, far more than Excel writes: it is damaged or \
             not a list",
            grouped(MAX_PARTS)
        ));
    }
    let inflated = Cell::new(0);
    let refusal = Cell::new(None);
    let mut book = Book::default();
    for index in 0..archive.len() {
        // An entry that cannot be opened (encrypted, or compressed in a way this build does
        // not read) would fail calamine too, if it reads it at all.
        let entry = archive.by_index(index).map_err(|_| unreadable())?;
        let styles = entry
            .name()
            .map(|n| n.to_ascii_lowercase().ends_with("styles.xml"))
            .unwrap_or(false);
        let meter = Meter {
            inner: entry,
            part: 0,
            inflated: &inflated,
            lexer: Lexer::default(),
            max_run: if styles { MAX_STYLES_RUN } else { MAX_XML_RUN },
            refusal: &refusal,
        };
        scan_part(meter, &mut book, &refusal)?;
    }
    book.finish()
}

/// Counts the bytes of one part as they inflate, against the part's and the archive's
/// limits, and measures each XML token (a tag, a text between tags, a comment, a CDATA
/// section…) as the XML reader will see it, since the reader buffers a whole token.
struct Meter<'a, R> {
    inner: R,
    part: u64,
    inflated: &'a Cell<u64>,
    lexer: Lexer,
    max_run: u64,
    /// Where the reason goes when the meter stops the read: the XML reader only passes on
    /// an I/O error.
    refusal: &'a Cell<Option<Refusal>>,
}

impl<R: Read> Meter<'_, R> {
    fn refuse(&self, why: Refusal) -> io::Result<usize> {
        self.refusal.set(Some(why));
        Err(io::Error::other("refused"))
    }
}

impl<R: Read> Read for Meter<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.part += n as u64;
        self.inflated.set(self.inflated.get() + n as u64);
        if self.part > MAX_PART_BYTES {
            return self.refuse(format!(
                "a part of the workbook unpacks to more than {} MB, far more than any list: it \
                 is damaged or not a list",
                MAX_PART_BYTES / MIB
            ));
        }
        if self.inflated.get() > MAX_INFLATED_BYTES {
            return self.refuse(format!(
                "the workbook unpacks to more than {} MB, far more than any list: it is damaged \
                 or not a list",
                MAX_INFLATED_BYTES / MIB
            ));
        }
        if self.max_run != u64::MAX && self.lexer.feed(&buf[..n]) > self.max_run {
            let size = if self.max_run % MIB == 0 {
                format!("{} MB", self.max_run / MIB)
            } else {
                format!("{} KB", self.max_run / 1024)
            };
            return self.refuse(format!(
                "the workbook holds a text or a tag over {size} long, far more than any cell: it \
                 is damaged or not a list"
            ));
        }
        Ok(n)
    }
}

/// Where the lexer is in the XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Token {
    /// Text up to the next `<`.
    #[default]
    Text,
    /// Just after `<`.
    Open,
    /// After `<!`, `<!-` or a prefix of `<![CDATA[` (how many of its bytes matched).
    Bang(u8),
    /// A tag, inside quotes or not.
    Tag(Option<u8>),
    /// `<!-- … -->`, `<![CDATA[ … ]]>`, `<? … ?>`: ended by the last byte of `end` after
    /// the ones before it.
    Until(&'static [u8]),
    /// `<!DOCTYPE …>` and the like, with its `[ … ]` depth.
    Decl(u32),
}

/// Measures the longest XML token fed to it, across reads.
#[derive(Debug, Default)]
struct Lexer {
    token: Token,
    /// Bytes in the current token.
    length: u64,
    /// The longest token seen.
    longest: u64,
    /// The last two bytes, to see `-->`, `]]>` and `?>`.
    tail: [u8; 2],
}

impl Lexer {
    /// Feeds bytes; returns the longest token so far (an unfinished one included).
    fn feed(&mut self, bytes: &[u8]) -> u64 {
        for &b in bytes {
            self.length += 1;
            let next = match self.token {
                Token::Text => (b == b'<').then_some(Token::Open),
                Token::Open => Some(match b {
                    b'!' => Token::Bang(0),
                    b'?' => Token::Until(b"?>"),
                    b'>' => Token::Text,
                    _ => Token::Tag(None),
                }),
                Token::Bang(0) if b == b'-' => Some(Token::Bang(1)),
                Token::Bang(1) if b == b'-' => Some(Token::Until(b"-->")),
                Token::Bang(1) => Some(Token::Decl(0)),
                Token::Bang(0) if b == b'[' => Some(Token::Bang(2)),
                Token::Bang(i) if i >= 2 => {
                    let want = b"CDATA["[usize::from(i - 2)];
                    Some(match (b == want, i) {
                        (true, 7) => Token::Until(b"]]>"),
                        (true, _) => Token::Bang(i + 1),
                        (false, _) => Token::Decl(1),
                    })
                }
                Token::Bang(_) => Some(if b == b'>' {
                    Token::Text
                } else {
                    Token::Decl(0)
                }),
                Token::Tag(None) => match b {
                    b'"' | b'\'' => Some(Token::Tag(Some(b))),
                    b'>' => Some(Token::Text),
                    _ => None,
                },
                Token::Tag(Some(q)) => (b == q).then_some(Token::Tag(None)),
                Token::Until(end) => {
                    let before = &end[..end.len() - 1];
                    let ended = b == end[end.len() - 1] && self.tail[2 - before.len()..] == *before;
                    ended.then_some(Token::Text)
                }
                Token::Decl(depth) => match b {
                    b'[' => Some(Token::Decl(depth + 1)),
                    b']' => Some(Token::Decl(depth.saturating_sub(1))),
                    b'>' if depth == 0 => Some(Token::Text),
                    _ => None,
                },
            };
            self.tail = match (self.token, next) {
                // The opener's own bytes do not close it: `<!-->` is no whole comment.
                (Token::Until(_), _) | (_, None) => [self.tail[1], b],
                (_, Some(_)) => [0, 0],
            };
            if let Some(token) = next {
                // A token ends where the next begins: text at its `<`, markup at its `>`.
                if token == Token::Text || token == Token::Open {
                    self.longest = self.longest.max(self.length);
                    self.length = 0;
                }
                self.token = token;
            }
        }
        self.longest.max(self.length)
    }
}

/// Reads one part as XML with calamine's settings, checking what it holds. A part that is
/// not XML (a picture) is only measured: where calamine's reader fails on a part, it reads
/// no further in it either.
fn scan_part<R: Read>(
    meter: Meter<'_, R>,
    book: &mut Book,
    refusal: &Cell<Option<Refusal>>,
) -> Result<(), Refusal> {
    let mut xml = XmlReader::from_reader(BufReader::new(meter));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut part = PartScan::default();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) => break,
            Ok(event) => {
                let position = xml.buffer_position();
                part.event(event, position, book)?;
            }
            Err(_) => {
                if let Some(why) = refusal.take() {
                    return Err(why);
                }
                let mut rest = xml.into_inner();
                rest.get_mut().max_run = u64::MAX;
                if io::copy(&mut rest, &mut io::sink()).is_err() {
                    return Err(refusal.take().unwrap_or_else(unreadable));
                }
                break;
            }
        }
    }
    part.finish(book)
}

/// What the whole workbook adds up to across its parts.
#[derive(Default)]
struct Book {
    /// The length in bytes of each shared string (the longest, if several parts hold one).
    shared: Vec<u32>,
    /// How many cells use each shared string.
    uses: Vec<u32>,
    /// Bytes of text in cells that is not a shared string.
    text: u64,
}

impl Book {
    fn add_text(&mut self, bytes: u64) -> Result<(), Refusal> {
        self.text = self.text.saturating_add(bytes);
        if self.text > MAX_TEXT_BYTES {
            return Err(too_much_text());
        }
        Ok(())
    }

    fn finish(&self) -> Result<(), Refusal> {
        let shared: u64 = self.shared.iter().map(|&n| u64::from(n)).sum();
        let used: u64 = self
            .shared
            .iter()
            .zip(&self.uses)
            .map(|(&len, &uses)| u64::from(len) * u64::from(uses))
            .sum();
        if shared > MAX_TEXT_BYTES || self.text.saturating_add(used) > MAX_TEXT_BYTES {
            return Err(too_much_text());
        }
        Ok(())
    }
}

/// Elements of which calamine keeps one record each (local names), and how many a part may
/// hold: cell formats, fonts, fills, borders and number formats (styles), sheets and
/// defined names (workbook), relationships; for .ods, table styles and named ranges.
const RECORDS: &[(&str, u64)] = &[
    ("xf", 2 * MAX_RECORDS),
    ("font", MAX_RECORDS),
    ("fill", MAX_RECORDS),
    ("border", MAX_RECORDS),
    ("numFmt", MAX_RECORDS),
    ("sheet", MAX_RECORDS),
    ("definedName", MAX_RECORDS),
    // A sheet's relationships include one per hyperlink, so a long list may have many.
    ("Relationship", 2 * MAX_ROWS),
    ("table-properties", MAX_RECORDS),
    ("named-range", MAX_RECORDS),
    ("named-expression", MAX_RECORDS),
];

/// The state of reading one part.
#[derive(Default)]
struct PartScan {
    records: [u64; RECORDS.len()],
    in_sst: bool,
    /// Inside a shared string.
    si: Option<Text>,
    /// The shared strings of this part, merged into the book at the end.
    shared: Vec<u32>,
    sheet: Option<SheetScan>,
    table: Option<TableScan>,
}

impl PartScan {
    fn event(&mut self, event: Event<'_>, position: u64, book: &mut Book) -> Result<(), Refusal> {
        match event {
            Event::Start(e) => self.start(&e, position),
            Event::End(e) => {
                let name = e.name();
                let name = name.as_ref();
                self.end(name, local(name), position, book)
            }
            Event::Text(t) => self.text(&t),
            Event::CData(t) => self.text(&t),
            // An entity or character reference is one character of up to four bytes.
            Event::GeneralRef(_) => self.text("\u{10000}"),
            _ => Ok(()),
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, position: u64) -> Result<(), Refusal> {
        let name = e.name();
        let name = name.as_ref();
        let local = local(name);
        if let Some(sheet) = &mut self.sheet {
            return sheet.start(e, local);
        }
        if let Some(table) = &mut self.table {
            return table.start(e, name, position);
        }
        // Inside a sheet's cells calamine keeps no such records (and looking is costly there).
        if let Some(i) = RECORDS.iter().position(|(n, _)| *n == local) {
            self.records[i] += 1;
            if self.records[i] > RECORDS[i].1 {
                return Err(format!(
                    "the workbook holds more than {} records of one kind (cell formats, fonts, \
                     sheets or names), far more than Excel writes: it is damaged or not a list",
                    grouped(RECORDS[i].1)
                ));
            }
        }
        match local {
            "sst" => {
                self.in_sst = true;
                for attr in ["uniqueCount", "count"] {
                    let Some(value) = attribute(e, attr) else {
                        continue;
                    };
                    // `count` is every use of a string; neither can exceed the cells Excel
                    // has, and calamine reserves room for `uniqueCount` of them.
                    let most = if attr == "count" {
                        GRID_ROWS * GRID_COLUMNS
                    } else {
                        MAX_SHARED_STRINGS
                    };
                    // calamine ignores a count that is not a number.
                    let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
                    if digits && number(&value).is_none_or(|n| n > most) {
                        return Err(too_many_strings());
                    }
                }
            }
            "si" if self.in_sst => self.si = Some(Text::default()),
            "dimension" => {
                if let Some(declared) = attribute(e, "ref") {
                    dimension(&declared)?;
                }
            }
            "sheetData" => self.sheet = Some(SheetScan::default()),
            _ if name == "table:table" => self.table = Some(TableScan::default()),
            _ => {}
        }
        Ok(())
    }

    fn end(
        &mut self,
        name: &str,
        local: &str,
        position: u64,
        book: &mut Book,
    ) -> Result<(), Refusal> {
        if let Some(sheet) = &mut self.sheet {
            if local == "sheetData" {
                self.sheet = None;
                return Ok(());
            }
            return sheet.end(local, book);
        }
        if let Some(table) = &mut self.table {
            if name == "table:table" {
                self.table = None;
                return Ok(());
            }
            return table.end(name, position, book);
        }
        match local {
            "si" => {
                if let Some(text) = self.si.take() {
                    if self.shared.len() as u64 >= MAX_SHARED_STRINGS {
                        return Err(too_many_strings());
                    }
                    self.shared
                        .push(u32::try_from(text.bytes).unwrap_or(u32::MAX));
                }
            }
            "sst" => self.in_sst = false,
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), Refusal> {
        if let Some(si) = &mut self.si {
            return si.add(text);
        }
        if let Some(sheet) = &mut self.sheet {
            return sheet.text(text);
        }
        if let Some(table) = &mut self.table {
            return table.text(text);
        }
        Ok(())
    }

    fn finish(self, book: &mut Book) -> Result<(), Refusal> {
        if book.shared.len() < self.shared.len() {
            book.shared.resize(self.shared.len(), 0);
        }
        for (have, new) in book.shared.iter_mut().zip(self.shared) {
            *have = (*have).max(new);
        }
        Ok(())
    }
}

/// The length of one cell's text.
#[derive(Debug, Default, Clone, Copy)]
struct Text {
    chars: u64,
    bytes: u64,
}

impl Text {
    fn add(&mut self, text: &str) -> Result<(), Refusal> {
        self.add_counted(text.chars().count() as u64, text.len() as u64)
    }

    fn add_counted(&mut self, chars: u64, bytes: u64) -> Result<(), Refusal> {
        self.chars = self.chars.saturating_add(chars);
        self.bytes = self.bytes.saturating_add(bytes);
        if self.chars > MAX_CELL_CHARS {
            return Err(cell_too_long());
        }
        Ok(())
    }
}

/// The rectangle a sheet's values span, which calamine allocates whole.
#[derive(Debug, Default)]
struct Area {
    seen: bool,
    rows: (u64, u64),
    columns: (u64, u64),
    /// Values recorded (calamine keeps each before it builds the rectangle; a position may
    /// be given twice).
    values: u64,
}

impl Area {
    /// Records values over rows `rows` and columns `columns` (inclusive, 0-based), `count`
    /// cells of them.
    fn add(&mut self, rows: (u64, u64), columns: (u64, u64), count: u64) -> Result<(), Refusal> {
        if rows.1 >= MAX_ROWS {
            return Err(format!(
                "the sheet has values below row {}: a list may have at most {} rows, so split \
                 it into several files (or delete stray cells far below the list)",
                grouped(MAX_ROWS),
                grouped(MAX_ROWS)
            ));
        }
        if columns.1 >= MAX_COLUMNS {
            return Err(format!(
                "the sheet has values beyond column {MAX_COLUMNS} (IV): delete the stray cells to \
                 the right of the list"
            ));
        }
        if self.seen {
            self.rows = (self.rows.0.min(rows.0), self.rows.1.max(rows.1));
            self.columns = (self.columns.0.min(columns.0), self.columns.1.max(columns.1));
        } else {
            (self.seen, self.rows, self.columns) = (true, rows, columns);
        }
        self.values = self.values.saturating_add(count);
        let span = (self.rows.1 - self.rows.0 + 1) * (self.columns.1 - self.columns.0 + 1);
        if span > MAX_CELLS || self.values > MAX_CELLS {
            return Err(format!(
                "the values on the sheet span more than {} cells: delete the stray cells far \
                 below or to the right of the list",
                grouped(MAX_CELLS)
            ));
        }
        Ok(())
    }
}

/// Reading an .xlsx `<sheetData>`, with calamine's rules for where a cell is.
#[derive(Default)]
struct SheetScan {
    row: u64,
    column: u64,
    cell: Option<CellScan>,
    area: Area,
}

#[derive(Default)]
struct CellScan {
    position: (u64, u64),
    shared: bool,
    /// The cell has a value (`<v>` or `<is>`); calamine keeps only such cells.
    valued: bool,
    in_value: bool,
    text: Text,
    /// The shared string's index, for a `t="s"` cell.
    index: Option<u64>,
}

impl SheetScan {
    fn start(&mut self, e: &BytesStart<'_>, local: &str) -> Result<(), Refusal> {
        if let Some(cell) = &mut self.cell {
            if matches!(local, "v" | "is") {
                cell.valued = true;
                cell.in_value = true;
            }
            return Ok(());
        }
        match local {
            "row" => {
                if let Some(r) = attribute(e, "r") {
                    self.row = reference(&r)?.0;
                }
            }
            "c" => {
                let position = match attribute(e, "r") {
                    Some(r) => match reference(&r)? {
                        (row, Some(column)) => (row, column),
                        (_, None) => return Err(unreadable()),
                    },
                    None => (self.row, self.column),
                };
                self.column = position.1;
                self.cell = Some(CellScan {
                    position,
                    shared: attribute(e, "t").as_deref() == Some("s"),
                    ..CellScan::default()
                });
            }
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), Refusal> {
        let Some(cell) = &mut self.cell else {
            return Ok(());
        };
        if !cell.in_value {
            return Ok(());
        }
        if cell.shared {
            cell.index = (cell.index.is_none() && !text.is_empty())
                .then(|| number(text))
                .flatten();
        }
        cell.text.add(text)
    }

    fn end(&mut self, local: &str, book: &mut Book) -> Result<(), Refusal> {
        match local {
            "row" if self.cell.is_none() => {
                self.row += 1;
                self.column = 0;
            }
            "v" | "is" => {
                if let Some(cell) = &mut self.cell {
                    cell.in_value = false;
                }
            }
            "c" => {
                let Some(cell) = self.cell.take() else {
                    return Ok(());
                };
                self.column += 1;
                if !cell.valued {
                    return Ok(());
                }
                let (row, column) = cell.position;
                self.area.add((row, row), (column, column), 1)?;
                match (cell.shared, cell.index) {
                    (true, Some(i)) if i < MAX_SHARED_STRINGS => {
                        let i = i as usize;
                        if book.uses.len() <= i {
                            book.uses.resize(i + 1, 0);
                        }
                        book.uses[i] = book.uses[i].saturating_add(1);
                    }
                    // calamine fails on an index it does not have.
                    (true, _) => {}
                    (false, _) => book.add_text(cell.text.bytes)?,
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The local part of an element name (after any prefix).
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn attribute<'a>(e: &'a BytesStart<'_>, name: &str) -> Option<Cow<'a, str>> {
    e.try_get_attribute(name).ok().flatten().map(|a| a.value)
}

/// A plain decimal number; `None` for anything else, or one past `u64`.
fn number(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A cell reference like `AB12` (or a row number like `12`) as a 0-based row and column,
/// read as calamine reads it; one calamine's 32-bit arithmetic would overflow on is refused.
fn reference(text: &str) -> Result<(u64, Option<u64>), Refusal> {
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, row) = text.split_at(letters);
    let mut col: u64 = 0;
    for b in column.bytes() {
        col = col * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1;
        if col > u64::from(u32::MAX) {
            return Err(unreadable());
        }
    }
    let row = match number(row) {
        Some(n) if (1..=u64::from(u32::MAX)).contains(&n) => n - 1,
        _ => return Err(unreadable()),
    };
    Ok((row, col.checked_sub(1)))
}

/// A sheet's declared `<dimension ref="A1:K120">`: it must be a range inside Excel's grid,
/// first corner first, or calamine's arithmetic on it overflows. Its size is not held against
/// the row and cell limits: Excel counts formatted empty cells in it, and calamine allocates
/// from it only when it is small (under 100,000 cells), so the cells themselves are what the
/// limits bound.
fn dimension(declared: &str) -> Result<(), Refusal> {
    let mut corners = Vec::with_capacity(2);
    for corner in declared.split(':').take(3) {
        match reference(corner)? {
            (row, Some(column)) if row < GRID_ROWS && column < GRID_COLUMNS => {
                corners.push((row, column));
            }
            _ => return Err(unreadable()),
        }
    }
    match corners.as_slice() {
        [_] => Ok(()),
        [(r0, c0), (r1, c1)] if r0 <= r1 && c0 <= c1 => Ok(()),
        _ => Err(unreadable()),
    }
}

/// The message calamine's own failure gets, for a file that is broken rather than hostile.
pub(super) fn unreadable() -> Refusal {
    "the file is not a readable Excel workbook (is it damaged, or another file renamed .xlsx?)"
        .into()
}

fn cell_too_long() -> Refusal {
    format!(
        "a cell holds more than {} characters, more than Excel allows: the file is damaged or \
         not a list",
        grouped(MAX_CELL_CHARS)
    )
}

fn too_many_strings() -> Refusal {
    format!(
        "the workbook declares more than {} different texts, far more than any list: it is \
         damaged or not a list",
        grouped(MAX_SHARED_STRINGS)
    )
}

fn too_much_text() -> Refusal {
    format!(
        "the cells hold more than {} MB of text, far more than any list: it is damaged or not \
         a list",
        MAX_TEXT_BYTES / MIB
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexer_measures_whole_tokens() {
        // A token is counted without the `<` that opens it.
        let longest = |xml: &str| Lexer::default().feed(xml.as_bytes());
        assert_eq!(longest("<a>bc</a>"), 3);
        // A quoted `>` does not end a tag; `<` and `>` do not end a comment or CDATA.
        assert_eq!(longest(r#"<a b=">>>>">x"#), 11);
        assert_eq!(longest("<!-- <<>> -->"), 12);
        assert_eq!(longest("<![CDATA[<>x<>]]><a>"), 16);
        assert_eq!(longest("<?xml version='1.0'?><a>"), 20);
        assert_eq!(longest("<!DOCTYPE a [<!ENTITY b 'c'>]><a>"), 29);
        // `<!-->` opens a comment and does not close it.
        assert_eq!(longest("<!-->x<y>z"), 9);
        // Across reads.
        let mut lexer = Lexer::default();
        lexer.feed(b"<!-- abc");
        assert_eq!(lexer.feed(b" -> --><a>"), 14);
    }

    #[test]
    fn declared_dimensions_must_be_ranges_in_the_grid() {
        assert!(dimension("A1").is_ok());
        assert!(dimension("A1:K120").is_ok());
        // Large is allowed: Excel counts formatted empty cells.
        assert!(dimension("A1:XFD1048576").is_ok());
        assert!(dimension("K120:A1").is_err());
        assert!(dimension("A1:XFE1").is_err());
        assert!(dimension("A1:A1048577").is_err());
        assert!(dimension("A1:B2:C3").is_err());
        assert!(dimension("").is_err());
    }

    #[test]
    fn references_are_read_as_calamine_reads_them() {
        assert_eq!(reference("A1"), Ok((0, Some(0))));
        assert_eq!(reference("XFD1048576"), Ok((1_048_575, Some(16_383))));
        assert_eq!(reference("12"), Ok((11, None)));
        assert!(reference("A0").is_err());
        assert!(reference("A99999999999").is_err());
        assert!(reference("ZZZZZZZZ1").is_err());
        assert!(reference("A1:B2").is_err());
    }
}
