//! Reading the first sheet of an Excel workbook (.xlsx; also .xls and .ods, which calamine
//! reads the same way) into a [`Table`]. A zipped workbook is checked by [`super::guard`]
//! first, and an old binary .xls is checked and rebuilt by it.
//!
//! Communes' lists often carry a title ("DANH SÁCH ĐĂNG KÝ …") above the header, so the header
//! is the row among the first few that names the most known columns. Row numbers are the ones
//! Excel shows, so an organiser can go straight to a reported row.

use std::io::Cursor;

use calamine::{
    Data, Ods, Reader, Sheets, Xls, Xlsx, open_workbook_auto_from_rs, open_workbook_from_rs,
};

use super::Table;
use super::guard;
use super::table::map_header;

/// The signature of an OLE compound file: the old binary .xls.
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// How many rows from the top may hold titles before the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// Reads the first sheet of a workbook held in `bytes`. A zipped workbook (.xlsx, .ods) or an
/// .xls file is checked against [`super::limits`] first, and refused before calamine reads it
/// if it goes beyond them.
pub fn read_workbook(bytes: Vec<u8>, aliases: &[(&'static str, &[&str])]) -> Result<Table, String> {
    let mut workbook = open_checked(bytes)?;
    let range = match workbook.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(_)) => return Err("the first sheet of the workbook cannot be read".into()),
        None => return Err("the workbook has no sheets".into()),
    };
    // The range owns its cells; the shared strings and styles it was read with can go
    // before the table is built beside it.
    drop(workbook);
    table_of(&range, aliases)
}

/// A workbook held in `bytes`, opened by calamine once [`super::guard`] has checked it (a
/// zipped one) or checked and rebuilt it (an .xls).
pub(crate) fn open_checked(bytes: Vec<u8>) -> Result<Sheets<Cursor<Vec<u8>>>, String> {
    Ok(if bytes.starts_with(b"PK\x03\x04") {
        guard::check_zip(&bytes)?;
        open_zipped(bytes)?
    } else if bytes.starts_with(OLE_MAGIC) {
        let clean = guard::clean_xls(&bytes)?;
        drop(bytes);
        // calamine's .xls reader still panics on some contradictory records the guard does
        // not decode (it reads the whole file here, when opening it): such a file is refused
        // like any other unreadable one, never a crash.
        std::panic::catch_unwind(|| open_workbook_from_rs::<Xls<_>, _>(Cursor::new(clean)))
            .map_err(|_| guard::unreadable())?
            .map(Sheets::Xls)
            .map_err(|_| guard::unreadable())?
    } else {
        open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| guard::unreadable())?
    })
}

/// One sheet's cells as a [`Table`]: the header found among the first rows, then each
/// non-blank row with its line number.
pub(crate) fn table_of(
    range: &calamine::Range<Data>,
    aliases: &[(&'static str, &[&str])],
) -> Result<Table, String> {
    // Excel rows are 1-based; the range starts at its first used cell.
    let first_row = range.start().map_or(0, |(row, _)| row as usize) + 1;
    let first_col = range.start().map_or(0, |(_, col)| col as usize);
    let rows: Vec<&[Data]> = range.rows().collect();
    if rows.iter().all(|r| r.iter().all(is_blank)) {
        return Err("the file is empty".into());
    }

    // The header: the row naming the most known columns; failing that, the first non-blank
    // row, so validation can say which column is missing.
    let mut header_index = None;
    let mut best = 0;
    for (i, row) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let texts: Vec<String> = row.iter().map(plain_text).collect();
        let known = map_header(&texts, aliases).iter().flatten().count();
        if known > best {
            best = known;
            header_index = Some(i);
        }
    }
    let header_index = header_index
        .or_else(|| rows.iter().position(|r| !r.iter().all(is_blank)))
        .unwrap_or(0);
    // Cells left of the used range are absent from `rows`; pad so columns keep their place.
    let mut header: Vec<String> = vec![String::new(); first_col];
    header.extend(rows[header_index].iter().map(plain_text));
    let columns = map_header(&header, aliases);

    let mut data = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(header_index + 1) {
        if row.iter().all(is_blank) {
            continue;
        }
        let mut cells: Vec<String> = vec![String::new(); first_col];
        for (j, cell) in row.iter().enumerate() {
            // A column no validator reads is kept as an empty cell: a wide sheet would
            // otherwise hold every stray value twice, in the range and in the table.
            let column = columns.get(first_col + j).copied().flatten();
            cells.push(match column {
                Some(_) => cell_text(cell, column),
                None => String::new(),
            });
        }
        // Templates often number rows ahead ("STT" 1…50) with nobody on them yet: a row with
        // nothing in any column we read is not a person.
        let empty = cells
            .iter()
            .zip(&columns)
            .all(|(value, column)| column.is_none() || value.trim().is_empty());
        if empty {
            continue;
        }
        data.push((first_row + i, cells));
    }
    Ok(Table::from_rows(&header, data, aliases).with_header_line(first_row + header_index))
}

/// A zipped workbook as .xlsx or .ods. calamine's own detection would go on to read it as
/// .xlsb, whose binary parts the pre-scan does not read, so that format is refused here.
fn open_zipped(bytes: Vec<u8>) -> Result<Sheets<Cursor<Vec<u8>>>, String> {
    let data = Cursor::new(bytes);
    if let Ok(xlsx) = open_workbook_from_rs::<Xlsx<_>, _>(data.clone()) {
        return Ok(Sheets::Xlsx(xlsx));
    }
    if let Ok(ods) = open_workbook_from_rs::<Ods<_>, _>(data.clone()) {
        return Ok(Sheets::Ods(ods));
    }
    let binary = zip::ZipArchive::new(data).is_ok_and(|zip| {
        zip.file_names()
            .flatten()
            .any(|n| n.to_ascii_lowercase().ends_with("workbook.bin"))
    });
    Err(if binary {
        "the workbook is in Excel's binary format (.xlsb): open it in Excel and save it as .xlsx"
            .into()
    } else {
        guard::unreadable()
    })
}

pub(crate) fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A cell as text without knowing its column (for finding the header).
fn plain_text(cell: &Data) -> String {
    cell_text(cell, None)
}

/// A whole number Excel stored as a float (every number in a sheet is a float), as digits.
fn whole_number(value: f64) -> Option<u64> {
    (value.fract() == 0.0 && (0.0..1e15).contains(&value)).then_some(value as u64)
}

/// A cell as the text the row validators expect.
///
/// Numbers that Excel kept as numbers lose their leading zero: a 12-digit ID number starting
/// with 0 arrives as 11 digits, a 10-digit mobile number as 9. Those are restored here, where
/// the column and the cell's type are both known; text cells are left exactly as typed.
pub(crate) fn cell_text(cell: &Data, column: Option<&str>) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::Int(n) => number_text(u64::try_from(*n).ok(), &n.to_string(), column),
        Data::Float(f) => number_text(whole_number(*f), &f.to_string(), column),
        Data::DateTime(dt) => {
            if column == Some("birth_year") {
                let (y, ..) = dt.to_ymd_hms_milli();
                return y.to_string();
            }
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{d:02}/{m:02}/{y:04}")
        }
        // ISO dates (from .ods) keep their date part, which the date parser reads.
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn number_text(whole: Option<u64>, raw: &str, column: Option<&str>) -> String {
    let Some(n) = whole else {
        return raw.to_string();
    };
    let digits = n.to_string();
    match (column, digits.len()) {
        (Some("id_number"), 11) => format!("0{digits}"),
        (Some("phone"), 9) => format!("0{digits}"),
        _ => digits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_their_leading_zero_back_in_their_column() {
        assert_eq!(
            cell_text(&Data::Float(19095001234.0), Some("id_number")),
            "019095001234"
        );
        assert_eq!(
            cell_text(&Data::Float(912345678.0), Some("phone")),
            "0912345678"
        );
        assert_eq!(cell_text(&Data::Float(1995.0), Some("birth_year")), "1995");
        assert_eq!(cell_text(&Data::Float(2.5), None), "2.5");
        assert_eq!(
            cell_text(&Data::String("019095001234".into()), Some("id_number")),
            "019095001234"
        );
    }
}
