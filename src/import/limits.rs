//! How much a list import may read. Every bound is checked before the memory it protects is
//! allocated, so any file is either imported or refused with one sentence, and never takes
//! the machine's memory with it.
//!
//! The numbers leave a wide margin over real lists (a district's attendee list is a few
//! thousand rows, the largest tens of thousands, in about a dozen columns) while keeping the
//! worst file that passes every bound under about 500 MB of peak memory on the hub laptop.

/// A list file larger than this is refused before it is read. A 100,000-row attendee list
/// is about 8 MB as .xlsx and 20 MB as CSV.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// The last row a list may use (title rows included), and the most rows a CSV file may hold.
/// The largest real attendee list is tens of thousands of rows; 100,000 leaves room for a
/// province-wide list while bounding every per-row cost.
pub const MAX_ROWS: u64 = 100_000;

/// The last column a list may use: 256 (column IV, the old Excel limit). A list has about a
/// dozen columns; a value in column XFD is a stray keystroke or a crafted file.
pub const MAX_COLUMNS: u64 = 256;

/// The most cells in the rectangle a sheet's values span (and the most values a sheet or a
/// CSV file holds). The spreadsheet reader allocates the whole rectangle, about 72 bytes a
/// cell while it is built, so this bounds it at about 200 MB: 100,000 rows of 30 columns.
pub const MAX_CELLS: u64 = 3_000_000;

/// The longest text one cell may hold, in characters: Excel's own limit.
pub const MAX_CELL_CHARS: u64 = 32_767;

/// The most shared strings (different texts) a workbook may declare or hold. A 100,000-row
/// list has a few hundred thousand different texts (names, ID numbers, phone numbers).
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;

/// The most text, in bytes, that the cells of a workbook or a CSV file may add up to, every
/// use of a shared string counted (the reader copies it into each cell that uses it).
/// 100,000 rows of 30 twenty-byte cells is 60 MB.
pub const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;

/// The most bytes one part of a workbook (a sheet's XML, say) may inflate to, measured while
/// inflating, not taken from the size the archive declares. A 100,000 × 30 sheet is about
/// 140 MB of XML.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// The most bytes all the parts of a workbook may inflate to together.
pub const MAX_INFLATED_BYTES: u64 = 512 * 1024 * 1024;

/// The most parts (archive entries) a workbook may have; Excel writes a dozen or two.
pub const MAX_PARTS: u64 = 10_000;

/// The longest run of bytes between two XML delimiters (`<` or `>`) in any part: one tag, or
/// the text between two tags. The XML reader buffers a whole run, so this bounds that buffer;
/// the longest legitimate run is a 32,767-character cell, under 200 KB even fully escaped.
pub const MAX_XML_RUN: u64 = 1024 * 1024;

/// The longest run between two XML delimiters in a workbook's styles part, where each
/// cell format copies its font: Excel keeps every tag there well under 2 KB.
pub const MAX_STYLES_RUN: u64 = 2 * 1024;

/// The most elements of one kind that the reader keeps a record of for each (a cell format,
/// a font, a sheet, a defined name…) a part may hold. Excel allows 64,000 cell formats.
pub const MAX_RECORDS: u64 = 65_536;

/// The most rejected rows an import reports one by one; the rest are only counted
/// ([`super::ImportSummary::rejected_total`]). As many as the Setup screen lists, so the
/// screen shows exactly what it did before for any file with fewer bad rows, and a file of a
/// million bad rows reports in about 60 KB of JSON instead of 130 MB.
pub const MAX_REJECTED: usize = 500;
