//! The .ods part of the pre-scan: a `<table:table>` read with calamine's rules for repeated
//! rows and columns, which expand one element into as many rows or cells as it says.

use quick_xml::events::BytesStart;

use super::*;

/// Reading an .ods `<table:table>`, with calamine's rules for repeated rows and columns.
#[derive(Default)]
pub(super) struct TableScan {
    /// Rows so far, repeats expanded (calamine stops expanding at the grid's end).
    rows: u64,
    /// `<table:table-row>` elements: calamine keeps a record of each.
    row_elements: u64,
    /// Cells calamine holds before expanding repeated rows.
    kept: u64,
    row: Option<RowScan>,
    area: Area,
}

struct RowScan {
    first: u64,
    repeats: u64,
    column: u64,
    /// The cells calamine keeps for this row: up to its last value.
    width: u64,
    cell: Option<OdsCell>,
}

#[derive(Default)]
struct OdsCell {
    first: u64,
    repeats: u64,
    valued: bool,
    text: Text,
    formula: u64,
    paragraphs: u64,
    /// Where an annotation began: calamine buffers a whole annotation.
    annotation: Option<u64>,
}

impl TableScan {
    pub(super) fn start(
        &mut self,
        e: &BytesStart<'_>,
        name: &str,
        position: u64,
    ) -> Result<(), Refusal> {
        let Some(row) = &mut self.row else {
            if name == "table:table-row" {
                self.row_elements += 1;
                if self.row_elements > MAX_ROWS {
                    return Err(format!(
                        "the sheet has more than {} rows: split the list into several files",
                        grouped(MAX_ROWS)
                    ));
                }
                let repeats = repeats(e, "table:number-rows-repeated")?;
                let repeats = repeats.min(GRID_ROWS.saturating_sub(self.rows));
                self.row = Some(RowScan {
                    first: self.rows,
                    repeats,
                    column: 0,
                    width: 0,
                    cell: None,
                });
            }
            return Ok(());
        };
        if let Some(cell) = &mut row.cell {
            if cell.annotation.is_some() {
                return Ok(());
            }
            match name {
                "office:annotation" => cell.annotation = Some(position),
                "text:p" => {
                    cell.paragraphs += 1;
                    if cell.paragraphs > 1 {
                        cell.text.add("\n")?;
                    }
                }
                "text:s" => {
                    let spaces = attribute(e, "text:c").map_or(Some(1), |c| number(&c));
                    // calamine fails on a count it cannot read.
                    let spaces = spaces.unwrap_or(0);
                    cell.text.add_counted(spaces, spaces)?;
                }
                "text:tab" | "text:line-break" => cell.text.add("\t")?,
                _ => {}
            }
            return Ok(());
        }
        if name == "table:table-cell" || name == "table:covered-table-cell" {
            let mut cell = OdsCell {
                first: row.column,
                repeats: repeats(e, "table:number-columns-repeated")?,
                ..OdsCell::default()
            };
            for attr in e.attributes().with_checks(false).flatten() {
                match attr.key.as_ref() {
                    "office:value"
                    | "office:date-value"
                    | "office:time-value"
                    | "office:boolean-value" => cell.valued = true,
                    "office:string-value" => {
                        cell.valued = true;
                        cell.text.add(&attr.value)?;
                    }
                    "office:value-type" if attr.value.as_ref() == "string" => cell.valued = true,
                    "table:formula" => {
                        let mut formula = Text::default();
                        formula.add(&attr.value)?;
                        cell.formula = formula.bytes;
                        cell.valued |= formula.bytes > 0;
                    }
                    _ => {}
                }
            }
            row.cell = Some(cell);
        }
        Ok(())
    }

    pub(super) fn text(&mut self, text: &str) -> Result<(), Refusal> {
        match self.row.as_mut().and_then(|r| r.cell.as_mut()) {
            Some(cell) if cell.annotation.is_none() => cell.text.add(text),
            _ => Ok(()),
        }
    }

    pub(super) fn end(
        &mut self,
        name: &str,
        position: u64,
        book: &mut Book,
    ) -> Result<(), Refusal> {
        let Some(row) = &mut self.row else {
            return Ok(());
        };
        if let Some(cell) = &mut row.cell {
            if let Some(start) = cell.annotation {
                if name == "office:annotation" {
                    if position - start > MAX_XML_RUN {
                        return Err(cell_too_long());
                    }
                    cell.annotation = None;
                }
                return Ok(());
            }
            if name != "table:table-cell" && name != "table:covered-table-cell" {
                return Ok(());
            }
            let cell = row.cell.take().unwrap_or_default();
            // calamine stops a row at the grid's last column.
            let repeats = cell.repeats.min(GRID_COLUMNS.saturating_sub(row.column));
            row.column += repeats;
            if cell.valued && repeats > 0 {
                row.width = row.column;
                if row.repeats > 0 {
                    let rows = (row.first, row.first + row.repeats - 1);
                    let columns = (cell.first, cell.first + repeats - 1);
                    self.area.add(rows, columns, repeats * row.repeats)?;
                }
                // Each repeat is a copy, in the row and again in every repeated row.
                let copies = repeats.saturating_mul(row.repeats + 1);
                book.add_text((cell.text.bytes + cell.formula).saturating_mul(copies))?;
            }
            return Ok(());
        }
        if name == "table:table-row" {
            self.rows += row.repeats;
            // Values and formulas: two records a kept cell.
            self.kept = self.kept.saturating_add(2 * row.width);
            self.row = None;
            if self.kept > 2 * MAX_CELLS {
                return Err(format!(
                    "the values on the sheet span more than {} cells: delete the stray cells far \
                     below or to the right of the list",
                    grouped(MAX_CELLS)
                ));
            }
        }
        Ok(())
    }
}

/// An ODS repeat count: calamine fails on one it cannot read; zero is not valid ODF and
/// would let rows pile up without moving down the sheet.
fn repeats(e: &BytesStart<'_>, name: &str) -> Result<u64, Refusal> {
    match attribute(e, name) {
        None => Ok(1),
        Some(v) => match number(&v) {
            Some(0) | None => Err(unreadable()),
            Some(n) => Ok(n),
        },
    }
}
