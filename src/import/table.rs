//! A file as rows of named cells, whatever its format, header language or column order.

use std::path::Path;

use crate::domain::text;

/// Rows of cells with their canonical column names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Canonical column names, one per file column (`None` for columns we do not use).
    pub columns: Vec<Option<&'static str>>,
    /// (line number, cells).
    pub rows: Vec<(usize, Vec<String>)>,
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
        let columns = header
            .iter()
            .map(|h| {
                let folded = text::fold(h.trim_start_matches('\u{feff}'));
                aliases
                    .iter()
                    .find(|(_, names)| names.iter().any(|n| text::fold(n) == folded))
                    .map(|(canonical, _)| *canonical)
            })
            .collect();
        Self { columns, rows }
    }
}

/// Reads a CSV file: UTF-8 with or without BOM, comma or semicolon (whichever the header
/// uses more), CRLF or LF. Blank lines are skipped.
pub fn read_csv(path: &Path, aliases: &[(&'static str, &[&str])]) -> Result<Table, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let content = std::str::from_utf8(&bytes)
        .map_err(|_| "the file is not UTF-8 text (save it as 'CSV UTF-8' in Excel)".to_string())?;
    let content = content.trim_start_matches('\u{feff}');
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
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(str::to_string).collect(),
        Some(Err(e)) => return Err(format!("cannot read the header: {e}")),
        None => return Err("the file is empty".into()),
    };
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| format!("cannot read the file: {e}"))?;
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((line, cells));
    }
    Ok(Table::from_rows(&header, rows, aliases))
}
