//! Choosing the reader for a list file: by its extension, checked against its first bytes, so
//! a workbook saved as .csv, or a picture renamed .xlsx, gets a clear message instead of
//! garbage rows or a crash.

use std::io::Read;
use std::path::Path;

use super::Table;
use super::limits::MAX_FILE_BYTES;
use super::table::read_csv_bytes;
use super::xlsx::read_workbook;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    /// A ZIP container: .xlsx, .xlsm, .ods.
    Zip,
    /// An OLE compound file: the old .xls.
    Ole,
    /// Anything else (CSV is plain text).
    Other,
}

fn sniff(bytes: &[u8]) -> Content {
    if bytes.starts_with(b"PK\x03\x04") {
        Content::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Content::Ole
    } else {
        Content::Other
    }
}

/// Reads an attendee or booth list from a .xlsx (.xls, .ods) or .csv file into a table whose
/// columns are mapped through `aliases`. Errors are one sentence for the organiser and never
/// quote the file's content.
pub fn read_file(path: &Path, aliases: &[(&'static str, &[&str])]) -> Result<Table, String> {
    let bytes = read_bounded(path)?;
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let content = sniff(&bytes);
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => match content {
            Content::Zip | Content::Ole => read_workbook(bytes, aliases),
            Content::Other => Err(format!(
                "the file is named .{extension} but is not an Excel workbook: open it in Excel \
                 and save it again as .xlsx"
            )),
        },
        _ => match content {
            Content::Zip | Content::Ole => Err(
                "the file is an Excel workbook, not CSV text: name it .xlsx, or save it as 'CSV UTF-8'"
                    .into(),
            ),
            Content::Other => read_csv_bytes(&bytes, aliases),
        },
    }
}

/// The whole file, refused when larger than [`MAX_FILE_BYTES`] — before reading it, and while
/// reading, should it grow in between.
pub(crate) fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    let file = std::fs::File::open(path).map_err(cannot)?;
    let declared = file.metadata().map_err(cannot)?.len();
    let too_large = || {
        format!(
            "the file is larger than {} MB, far larger than any list: check that it is the \
             right file",
            MAX_FILE_BYTES / (1024 * 1024)
        )
    };
    if declared > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(declared as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_is_sniffed_from_magic_bytes() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Content::Zip);
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Content::Ole
        );
        assert_eq!(sniff(b"name,commune\n"), Content::Other);
        assert_eq!(sniff(b"\x89PNG"), Content::Other);
    }
}
