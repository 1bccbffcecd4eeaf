//! The programme report as an Excel workbook (`programme report --format xlsx`): one sheet per
//! table of [`super::labels::sections`], headings in the report's language, A4 printing.
//!
//! As in the fair's workbook, numbers are numbers (never formulas) and every text — fair,
//! commune, employer names — is written as a string cell, which Excel never runs as a
//! formula whatever it begins with (the formula-injection guard of issue 17).

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::labels::{Cell, sections};
use super::programme::ProgrammeReport;
use crate::report::i18n::{Lang, t};

/// A4 in Excel's paper-size numbering.
const PAPER_A4: u8 = 9;

/// The workbook as bytes.
pub fn to_bytes(report: &ProgrammeReport, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let cell = Format::new().set_border(FormatBorder::Thin);
    let header = cell
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#DDEBF7");
    let number = cell.clone().set_num_format("#,##0");
    let share = cell.clone().set_num_format("0.0%");
    let date = cell.clone().set_num_format("dd/mm/yyyy");
    let title = Format::new().set_bold().set_font_size(14);

    let mut workbook = Workbook::new();
    for (i, section) in sections(report, lang).into_iter().enumerate() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(section.title)?;
        let heading = if i == 0 {
            t(lang, "programme.title")
        } else {
            section.title
        };
        sheet.write_string_with_format(0, 0, heading, &title)?;
        let header_row = 2;
        for (col, h) in section.header.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            sheet.write_string_with_format(header_row, col, *h, &header)?;
            sheet.set_column_width(col, if col == 0 || i == 1 { 28 } else { 14 })?;
        }
        if i == 0 {
            sheet.set_column_width(0, 48)?;
        }
        for (r, row) in section.rows.iter().enumerate() {
            let r = header_row + 1 + u32::try_from(r).unwrap_or(u32::MAX - header_row - 1);
            for (col, value) in row.iter().enumerate() {
                let col = u16::try_from(col).unwrap_or(u16::MAX);
                match value {
                    Cell::Text(s) => sheet.write_string_with_format(r, col, s, &cell)?,
                    Cell::Number(n) => {
                        sheet.write_number_with_format(r, col, f64::from(*n), &number)?
                    }
                    Cell::Share(f) => sheet.write_number_with_format(r, col, *f, &share)?,
                    Cell::Date(d) => {
                        let day = ExcelDateTime::from_ymd(
                            u16::try_from(d.year()).unwrap_or(1900),
                            u8::try_from(d.month()).unwrap_or(1),
                            u8::try_from(d.day()).unwrap_or(1),
                        )?;
                        sheet.write_datetime_with_format(r, col, &day, &date)?
                    }
                    Cell::Empty => sheet.write_blank(r, col, &cell)?,
                };
            }
        }
        sheet
            .set_paper_size(PAPER_A4)
            .set_print_fit_to_pages(1, 0)
            .set_freeze_panes(header_row + 1, 0)?;
        if i == 1 {
            sheet.set_landscape();
        }
    }
    workbook.save_to_buffer()
}
