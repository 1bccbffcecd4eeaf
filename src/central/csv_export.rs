//! The programme report as CSV: one titled table after another, like the fair report's CSV
//! (`report::to_csv`), UTF-8 with a BOM so Excel opens Vietnamese text correctly. Titles,
//! headings and category labels are in the report's language ([`super::labels`]); every text
//! field goes through the fair report's formula guard, so a fair or commune named like a
//! formula is shown as text.

use super::labels::{Cell, sections};
use super::programme::ProgrammeReport;
use crate::report::formula_safe;
use crate::report::i18n::Lang;

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => formula_safe(s).into_owned(),
        Cell::Number(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::Share(f) => format!("{f:.4}"),
        Cell::Empty => String::new(),
    }
}

/// The programme report as CSV bytes (BOM included), worded in `lang`.
pub fn to_csv(report: &ProgrammeReport, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    for (i, section) in sections(report, lang).iter().enumerate() {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        w.write_record([formula_safe(section.title).as_ref()])?;
        w.write_record(section.header.iter().map(|h| formula_safe(h).into_owned()))?;
        for row in &section.rows {
            w.write_record(row.iter().map(field))?;
        }
        let body = w
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        // Tables are separated by a blank line, which Excel shows as a gap.
        if i > 0 {
            out.extend_from_slice(b"\n");
        }
        out.extend_from_slice(&body);
    }
    Ok(out)
}
