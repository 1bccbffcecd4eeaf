//! A commune list from a file: a text file with one commune a line, or a CSV file or Excel
//! workbook with a column headed "Xã/Phường" (or "Xã", "Commune", "Tên xã"). Workbooks and CSV
//! go through the attendee import's reader ([`crate::import::read_file`]): the same size and
//! zip-bomb checks, the same header matching.

use std::path::Path;

/// The most communes a fair may list (a district has a few dozen; a province a few hundred).
pub const MAX_COMMUNES: usize = 1000;
/// The longest commune name accepted.
pub const MAX_COMMUNE_LEN: usize = 100;
/// The largest text list read (CSV and workbooks have the import's own limits).
const MAX_TEXT_BYTES: u64 = 5 * 1024 * 1024;

/// The commune names in the file at `path`, in order; the error says why not, in words for
/// the organiser (the path is added by the caller).
pub fn read_communes(path: &Path) -> Result<Vec<String>, String> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let cells = if matches!(extension.as_str(), "csv" | "xlsx" | "xlsm" | "xls" | "ods") {
        table_column(path)?
    } else {
        text_lines(path)?
    };
    let mut names: Vec<String> = cells
        .into_iter()
        .map(|c| crate::domain::text::nfc(c.trim()))
        .filter(|c| !c.is_empty())
        .collect();
    if names.first().is_some_and(|first| is_header(first)) {
        names.remove(0);
    }
    if names.is_empty() {
        return Err("no commune names in it".into());
    }
    if names.len() > MAX_COMMUNES || names.iter().any(|n| n.chars().count() > MAX_COMMUNE_LEN) {
        return Err(format!(
            "at most {MAX_COMMUNES} names of {MAX_COMMUNE_LEN} characters"
        ));
    }
    Ok(names)
}

/// The lines of a UTF-8 text file.
fn text_lines(path: &Path) -> Result<Vec<String>, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > MAX_TEXT_BYTES {
        return Err(format!("larger than {} MB", MAX_TEXT_BYTES / 1024 / 1024));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(text.lines().map(str::to_string).collect())
}

/// The commune column of a CSV file or workbook.
fn table_column(path: &Path) -> Result<Vec<String>, String> {
    let table = crate::import::read_file(path, COLUMNS)?;
    if !table.has("commune") {
        return Err("no column headed Xã/Phường (or Commune)".into());
    }
    Ok(table
        .rows
        .iter()
        .map(|(_, row)| table.cell(row, "commune"))
        .collect())
}

/// The headers a commune column may have.
const COLUMNS: &[(&str, &[&str])] = &[(
    "commune",
    &[
        "xã/phường",
        "xã",
        "phường",
        "xã, phường",
        "tên xã",
        "tên xã/phường",
        "commune",
        "communes",
    ],
)];

/// Whether `cell` is a column title rather than a commune.
fn is_header(cell: &str) -> bool {
    let folded = crate::domain::text::fold(cell);
    matches!(
        folded.as_str(),
        "xa" | "xa/phuong"
            | "xa, phuong"
            | "xa phuong"
            | "ten xa"
            | "ten xa/phuong"
            | "commune"
            | "communes"
            | "name"
            | "ten"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_with_a_header_and_a_bom_gives_its_first_column() {
        let dir = tempfile::tempdir().expect("temp");
        let file = dir.path().join("xa.csv");
        std::fs::write(
            &file,
            "\u{feff}Xã/Phường;Dân số\nXã Yên Ninh;5000\n\n\"Thị trấn Đu\";9000\r\n",
        )
        .expect("write");
        assert_eq!(
            read_communes(&file).expect("read"),
            ["Xã Yên Ninh", "Thị trấn Đu"]
        );
    }

    #[test]
    fn an_unreadable_or_empty_list_says_why() {
        let dir = tempfile::tempdir().expect("temp");
        assert!(read_communes(&dir.path().join("none.txt")).is_err());
        let empty = dir.path().join("empty.txt");
        std::fs::write(&empty, "Xã\n\n").expect("write");
        assert_eq!(read_communes(&empty).unwrap_err(), "no commune names in it");
        let binary = dir.path().join("bin.txt");
        std::fs::write(&binary, [0xff, 0xfe, 0x00]).expect("write");
        assert_eq!(read_communes(&binary).unwrap_err(), "not UTF-8 text");
    }
}
