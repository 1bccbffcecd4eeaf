//! A file as rows of named cells, whatever its format, header language or column order.

use std::path::Path;

use super::limits::{MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use crate::domain::text;

/// Rows of cells with their canonical column names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Canonical column names, one per file column (`None` for columns we do not use).
    pub columns: Vec<Option<&'static str>>,
    /// (line number, cells).
    pub rows: Vec<(usize, Vec<String>)>,
    /// The line (row number as the spreadsheet shows it) of the header.
    pub header_line: usize,
}

impl Table {
    /// The cell of `column` in `row`, trimmed and NFC; empty when absent.
    pub fn cell(&self, row: &[String], column: &str) -> String {
        self.columns
            .iter()
            .position(|c| *c == Some(column))
            .and_then(|i| row.get(i))
            .map(|v| text::nfc(v))
            .unwrap_or_default()
    }

    /// Whether the file has this column.
    pub fn has(&self, column: &str) -> bool {
        self.columns.contains(&Some(column))
    }

    /// Builds a table from a header row and data rows, mapping each header through `aliases`
    /// (canonical name → accepted headers, compared folded).
    pub fn from_rows(
        header: &[String],
        rows: Vec<(usize, Vec<String>)>,
        aliases: &[(&'static str, &[&str])],
    ) -> Self {
        Self {
            columns: map_header(header, aliases),
            rows,
            header_line: 1,
        }
    }

    /// The same table with its header on `line` (when title rows stand above it).
    pub fn with_header_line(mut self, line: usize) -> Self {
        self.header_line = line;
        self
    }
}

/// The canonical column of each header cell (`None` for headers no alias knows).
pub fn map_header(
    header: &[String],
    aliases: &[(&'static str, &[&str])],
) -> Vec<Option<&'static str>> {
    header
        .iter()
        .map(|h| {
            let folded = text::fold(h.trim_start_matches('\u{feff}'));
            aliases
                .iter()
                .find(|(_, names)| names.iter().any(|n| text::fold(n) == folded))
                .map(|(canonical, _)| *canonical)
        })
        .collect()
}

/// Reads a CSV file: UTF-8 with or without BOM, comma or semicolon (whichever the header
/// uses more), CRLF or LF. Blank lines are skipped. A file beyond [`super::limits`] (size,
/// rows, columns, cells, one cell's length) is refused with one sentence.
pub fn read_csv(path: &Path, aliases: &[(&'static str, &[&str])]) -> Result<Table, String> {
    read_csv_bytes(&super::file::read_bounded(path)?, aliases)
}

/// [`read_csv`] on a file already read (and found no larger than the limit).
pub(super) fn read_csv_bytes(
    bytes: &[u8],
    aliases: &[(&'static str, &[&str])],
) -> Result<Table, String> {
    let content = std::str::from_utf8(bytes)
        .map_err(|_| "the file is not UTF-8 text (save it as 'CSV UTF-8' in Excel)".to_string())?;
    // With CRLF the reader counts a line only when it meets the LF at the start of the next
    // record, which puts every reported line one short; plain LF keeps line numbers true.
    let content = content.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let first_line = content.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(content.as_bytes());
    let mut record = csv::StringRecord::new();
    let read = |reader: &mut csv::Reader<&[u8]>, record: &mut csv::StringRecord| {
        // The reader's position before a read is where that record starts.
        let line = usize::try_from(reader.position().line()).unwrap_or(0);
        reader
            .read_record(record)
            .map(|more| more.then_some(line))
            .map_err(|e| format!("cannot read the file near line {line}: {e}"))
    };
    if read(&mut reader, &mut record)?.is_none() {
        return Err("the file is empty".into());
    }
    check_record(&record)?;
    let header: Vec<String> = record.iter().map(str::to_string).collect();
    let mut rows = Vec::new();
    let mut cells_in_all = header.len() as u64;
    while let Some(line) = read(&mut reader, &mut record)? {
        check_record(&record)?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // The header is a row too, as in a spreadsheet.
        if rows.len() as u64 + 1 >= MAX_ROWS {
            return Err(format!(
                "the file has more than {} rows: split the list into several files",
                grouped(MAX_ROWS)
            ));
        }
        cells_in_all += record.len() as u64;
        if cells_in_all > MAX_CELLS {
            return Err(format!(
                "the file holds more than {} cells, far more than any list: check that it is \
                 the right file",
                grouped(MAX_CELLS)
            ));
        }
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(Table::from_rows(&header, rows, aliases))
}

/// One CSV record against the column and cell-length limits, before its cells are copied.
fn check_record(record: &csv::StringRecord) -> Result<(), String> {
    if record.len() as u64 > MAX_COLUMNS {
        return Err(format!(
            "a line of the file has more than {MAX_COLUMNS} columns: is it the right file, and \
             the right separator?"
        ));
    }
    // A cell's bytes bound its characters, so only a long cell needs counting.
    let too_long =
        |c: &str| c.len() as u64 > MAX_CELL_CHARS && c.chars().count() as u64 > MAX_CELL_CHARS;
    if record.iter().any(too_long) {
        return Err(format!(
            "a cell holds more than {} characters, more than Excel allows: the file is damaged \
             or not a list",
            grouped(MAX_CELL_CHARS)
        ));
    }
    Ok(())
}

/// `n` with thousands separators, as the organiser reads numbers.
pub(super) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
