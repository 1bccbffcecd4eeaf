//! The few ESC/POS commands a slip needs, written by hand: reset (`ESC @`), raster image
//! (`GS v 0`), feed (`ESC d n`), cut (`GS V m`) and real-time status (`DLE EOT n`).
//!
//! Why not a crate: the Rust ESC/POS crates bring their own drivers (libusb, HID) and image
//! pipeline — they resize and re-threshold an image file and send it as one `GS v 0`, which
//! overflows the buffer of a cheap printer on a long slip. What fairdesk needs is a dozen bytes
//! of commands around an image it has already drawn in 1 bit, cut into bands.

use std::io;
use std::time::Duration;

use super::connection::Connection;
use super::{Cut, PrintOptions, PrinterStatus, Raster};

const ESC: u8 = 0x1B;
const GS: u8 = 0x1D;
const DLE: u8 = 0x10;
const EOT: u8 = 0x04;

/// Rows per `GS v 0` command: 128 rows of 576 dots are 9 KiB, within the receive buffer of
/// the cheapest printers, and no printer is asked to hold a whole slip at once.
pub const BAND_ROWS: u32 = 128;

/// `ESC @`: back to the power-on state (no leftover mode from another program).
pub const INIT: [u8; 2] = [ESC, b'@'];
/// `DLE EOT 1`: printer status (online or not).
pub const STATUS_PRINTER: [u8; 3] = [DLE, EOT, 1];
/// `DLE EOT 2`: why the printer is offline.
pub const STATUS_OFFLINE: [u8; 3] = [DLE, EOT, 2];
/// `DLE EOT 4`: the paper roll sensors.
pub const STATUS_PAPER: [u8; 3] = [DLE, EOT, 4];

/// The bytes of one slip: reset, the image in bands, feed, cut.
pub fn encode_job(slip: &Raster, options: &PrintOptions) -> Vec<u8> {
    let row_bytes = slip.row_bytes();
    let bands = slip.height().div_ceil(BAND_ROWS) as usize;
    let mut out = Vec::with_capacity(16 + bands * 8 + row_bytes * slip.height() as usize);
    out.extend_from_slice(&INIT);
    let mut top = 0;
    while top < slip.height() {
        let rows = BAND_ROWS.min(slip.height() - top);
        raster_band(&mut out, row_bytes, rows, slip.rows(top, top + rows));
        top += rows;
    }
    out.extend_from_slice(&feed(options.feed_lines));
    if let Some(cut) = cut(options.cut) {
        out.extend_from_slice(&cut);
    }
    out
}

/// `GS v 0 m xL xH yL yH d…`: `rows` rows of `row_bytes` bytes, normal density (m = 0).
fn raster_band(out: &mut Vec<u8>, row_bytes: usize, rows: u32, data: &[u8]) {
    let [x_lo, x_hi] = (row_bytes as u16).to_le_bytes();
    let [y_lo, y_hi] = (rows as u16).to_le_bytes();
    out.extend_from_slice(&[GS, b'v', b'0', 0, x_lo, x_hi, y_lo, y_hi]);
    out.extend_from_slice(data);
}

/// `ESC d n`: print what is buffered and feed `lines` lines.
pub fn feed(lines: u8) -> [u8; 3] {
    [ESC, b'd', lines]
}

/// `GS V m`: a full (m = 0) or partial (m = 1) cut; nothing without a cutter.
pub fn cut(cut: Cut) -> Option<[u8; 3]> {
    match cut {
        Cut::Full => Some([GS, b'V', 0]),
        Cut::Partial => Some([GS, b'V', 1]),
        Cut::None => None,
    }
}

/// A real-time status byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is not
/// an answer (line noise, or a printer that does not speak `DLE EOT`).
fn is_status_byte(byte: u8) -> bool {
    byte & 0b1001_0011 == 0b0001_0010
}

/// `DLE EOT 1`'s answer: whether the printer is offline (bit 3).
pub fn parse_printer(byte: u8) -> Option<bool> {
    is_status_byte(byte).then_some(byte & 0x08 != 0)
}

/// `DLE EOT 2`'s answer: whether the cover is open (bit 2).
pub fn parse_offline(byte: u8) -> Option<bool> {
    is_status_byte(byte).then_some(byte & 0x04 != 0)
}

/// The paper roll as `DLE EOT 4` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// Plenty.
    Present,
    /// Near the end (bits 2–3).
    Low,
    /// None (bits 5–6).
    Out,
}

/// `DLE EOT 4`'s answer.
pub fn parse_paper(byte: u8) -> Option<Paper> {
    if !is_status_byte(byte) {
        return None;
    }
    Some(if byte & 0x60 != 0 {
        Paper::Out
    } else if byte & 0x0C != 0 {
        Paper::Low
    } else {
        Paper::Present
    })
}

/// Asks the printer how it is, waiting at most `timeout` for each answer. A connection that
/// cannot answer, or a printer that does not, is [`PrinterStatus::Unknown`]; a printer that
/// closes the connection is an error.
pub fn query_status(conn: &mut dyn Connection, timeout: Duration) -> io::Result<PrinterStatus> {
    if !conn.bidirectional() {
        return Ok(PrinterStatus::Unknown);
    }
    conn.drain()?;
    let Some(offline) = ask(conn, &STATUS_PRINTER, timeout)?.and_then(parse_printer) else {
        return Ok(PrinterStatus::Unknown);
    };
    let paper = ask(conn, &STATUS_PAPER, timeout)?.and_then(parse_paper);
    if paper == Some(Paper::Out) {
        return Ok(PrinterStatus::PaperOut);
    }
    if offline {
        let cover = ask(conn, &STATUS_OFFLINE, timeout)?.and_then(parse_offline);
        return Ok(if cover == Some(true) {
            PrinterStatus::CoverOpen
        } else {
            PrinterStatus::Offline
        });
    }
    Ok(if paper == Some(Paper::Low) {
        PrinterStatus::PaperLow
    } else {
        PrinterStatus::Ready
    })
}

fn ask(conn: &mut dyn Connection, request: &[u8], timeout: Duration) -> io::Result<Option<u8>> {
    conn.write_all_within(request)?;
    conn.read_byte(timeout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tall_slip_goes_in_bands_of_at_most_128_rows() {
        let mut slip = Raster::new(384, 300);
        slip.set(0, 0);
        slip.set(383, 299);
        let options = PrintOptions {
            width: 384,
            feed_lines: 5,
            cut: Cut::Full,
        };
        let job = encode_job(&slip, &options);
        assert_eq!(&job[..2], &INIT);
        // Three bands: 128 + 128 + 44 rows of 48 bytes.
        let header = |rows: u16| {
            let [lo, hi] = rows.to_le_bytes();
            vec![GS, b'v', b'0', 0, 48, 0, lo, hi]
        };
        assert_eq!(&job[2..10], header(128).as_slice());
        assert_eq!(job[10], 0x80, "the top-left dot");
        let second = 10 + 48 * 128;
        assert_eq!(&job[second..second + 8], header(128).as_slice());
        let third = second + 8 + 48 * 128;
        assert_eq!(&job[third..third + 8], header(44).as_slice());
        let end = third + 8 + 48 * 44;
        assert_eq!(job[end - 1], 0x01, "the bottom-right dot");
        assert_eq!(&job[end..], &[ESC, b'd', 5, GS, b'V', 0]);
    }

    #[test]
    fn no_cutter_means_no_cut_command() {
        let options = PrintOptions {
            width: 384,
            feed_lines: 3,
            cut: Cut::None,
        };
        let job = encode_job(&Raster::new(384, 8), &options);
        assert_eq!(&job[job.len() - 3..], &[ESC, b'd', 3]);
        assert_eq!(cut(Cut::Partial), Some([GS, b'V', 1]));
    }

    #[test]
    fn status_bytes_are_read_as_epson_documents_them() {
        assert_eq!(parse_printer(0x12), Some(false));
        assert_eq!(parse_printer(0x1A), Some(true));
        assert_eq!(parse_printer(0xFF), None);
        assert_eq!(parse_paper(0x12), Some(Paper::Present));
        assert_eq!(parse_paper(0x1E), Some(Paper::Low));
        assert_eq!(parse_paper(0x72), Some(Paper::Out));
        assert_eq!(parse_offline(0x16), Some(true));
        assert_eq!(parse_offline(0x00), None);
    }
}
