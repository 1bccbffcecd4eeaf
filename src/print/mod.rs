//! The kiosk's ticket slips on a thermal printer (DESIGN §1, §5; issue 15).
//!
//! A slip is drawn with the bundled Noto Sans into a 1-bit image ([`Raster`], [`slip`]) and
//! sent as ESC/POS raster graphics ([`escpos`]), never as text in a code page: cheap printers'
//! code pages lack most Vietnamese letters (ệ, ữ, ặ …), and an image prints the same on every
//! printer. The image goes out in bands of at most [`escpos::BAND_ROWS`] rows, so a printer
//! with a small receive buffer is never sent more than it can hold in one command.
//!
//! Invariants:
//! - A printer never blocks or loses a check-in or a ticket. The kiosk prints after the
//!   tickets are issued, on the [`Spool`]'s thread, never on the UI thread; a failure only
//!   changes what the tickets screen says.
//! - A connection is opened for each slip and closed after it ([`connection`]): a printer
//!   switched on, plugged in or back on the network is used for the next slip, and a printer
//!   that went away costs that slip only.
//! - Where the connection answers (tcp, serial), the printer's status is asked before and after
//!   each slip with a short timeout (`DLE EOT`); no answer is "unknown" and prints anyway,
//!   paper out, cover open and offline are errors.
//!
//! [`PrinterSpec`] is what `--printer` names: `file:`, `tcp:`, `serial:` or `preview:` (PNG
//! files, for tests and for a kiosk without a printer).

pub mod connection;
pub mod escpos;
pub mod slip;
mod spool;
pub mod state;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use image::{GrayImage, Luma};

pub use spool::{JobId, JobOutcome, Spool};

/// The narrowest paper: 58 mm rolls print 48 mm, 384 dots at 8 dots/mm.
pub const MIN_WIDTH: u32 = 384;
/// The widest paper: 80 mm rolls print 72 mm, 576 dots.
pub const MAX_WIDTH: u32 = 576;
/// Lines fed after a slip unless told otherwise: enough to bring the last line past the cutter.
pub const DEFAULT_FEED: u8 = 4;
/// How long to wait for the printer to answer one status request.
pub const STATUS_TIMEOUT: Duration = Duration::from_millis(400);
/// The serial speed when `serial:` names none (most thermal printers leave the factory so).
pub const DEFAULT_BAUD: u32 = 9600;
/// The port of a network printer's raw socket when `tcp:` names none.
pub const DEFAULT_TCP_PORT: u16 = 9100;

/// Where slips go: what `--printer` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterSpec {
    /// A device or spool file written as is: `/dev/usb/lp0`, on Windows a printer share
    /// (`\\host\printer`) or a port (`COM3`, `LPT1`). Write-only: no status.
    File(PathBuf),
    /// A network printer's raw port: `192.168.1.50:9100`.
    Tcp {
        /// Host name or address (IPv6 in brackets).
        host: String,
        /// Port, 9100 unless told.
        port: u16,
    },
    /// A serial port, opened raw 8N1 at `baud`.
    Serial {
        /// `/dev/ttyUSB0`, `COM3`.
        path: String,
        /// Bits per second.
        baud: u32,
    },
    /// No printer: each slip is written as a PNG image into this folder.
    Preview(PathBuf),
}

/// Why a `--printer` value was refused. The message says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SpecError(String);

const SPEC_FORMS: &str = "file:/dev/usb/lp0, tcp:192.168.1.50:9100, serial:/dev/ttyUSB0:9600 \
                          or preview:FOLDER";

impl FromStr for PrinterSpec {
    type Err = SpecError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let Some((kind, rest)) = text.split_once(':') else {
            return Err(SpecError(format!(
                "printer {text:?} names no connection: write {SPEC_FORMS}"
            )));
        };
        let rest = rest.trim();
        let empty = |what: &str| {
            SpecError(format!(
                "printer {text:?} names no {what}: write {SPEC_FORMS}"
            ))
        };
        match kind.trim().to_ascii_lowercase().as_str() {
            "file" if rest.is_empty() => Err(empty("device or file")),
            "file" => Ok(Self::File(PathBuf::from(rest))),
            "preview" if rest.is_empty() => Err(empty("folder")),
            "preview" => Ok(Self::Preview(PathBuf::from(rest))),
            "tcp" if rest.is_empty() => Err(empty("address")),
            "tcp" => parse_tcp(rest).ok_or_else(|| {
                SpecError(format!(
                    "printer {text:?}: write the address as tcp:HOST:PORT, e.g. \
                     tcp:192.168.1.50:9100 (the port is 9100 unless the printer says otherwise)"
                ))
            }),
            "serial" if rest.is_empty() => Err(empty("port")),
            "serial" => parse_serial(rest).map_err(|why| {
                SpecError(format!(
                    "printer {text:?}: {why}; write serial:PORT[:BAUD], e.g. \
                     serial:/dev/ttyUSB0:9600 or serial:COM3:115200"
                ))
            }),
            other => Err(SpecError(format!(
                "printer {text:?}: unknown connection {other:?}: write {SPEC_FORMS}"
            ))),
        }
    }
}

fn parse_tcp(rest: &str) -> Option<PrinterSpec> {
    let (host, port) = if let Some(inner) = rest.strip_prefix('[') {
        // [::1]:9100 or [::1]
        let (host, after) = inner.split_once(']')?;
        let port = match after {
            "" => DEFAULT_TCP_PORT,
            _ => after.strip_prefix(':')?.parse().ok()?,
        };
        (host.to_string(), port)
    } else {
        match rest.rsplit_once(':') {
            // A bare IPv6 address without brackets is ambiguous: refuse it.
            Some((host, _)) if host.contains(':') => return None,
            Some((host, port)) => (host.to_string(), port.parse().ok()?),
            None => (rest.to_string(), DEFAULT_TCP_PORT),
        }
    };
    let valid_host = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'));
    (valid_host && port != 0).then_some(PrinterSpec::Tcp { host, port })
}

fn parse_serial(rest: &str) -> Result<PrinterSpec, String> {
    // The speed is the last `:` part when it is all digits; a Windows port has no colon.
    let (path, baud) = match rest.rsplit_once(':') {
        Some((path, speed)) if !speed.is_empty() && speed.chars().all(|c| c.is_ascii_digit()) => {
            let baud: u32 = speed
                .parse()
                .map_err(|_| format!("the speed {speed} is not a number of bits per second"))?;
            if !(300..=921_600).contains(&baud) {
                return Err(format!("the speed {baud} is outside 300–921600"));
            }
            (path, baud)
        }
        _ => (rest, DEFAULT_BAUD),
    };
    if path.trim().is_empty() {
        return Err("no port is named".into());
    }
    Ok(PrinterSpec::Serial {
        path: path.trim().to_string(),
        baud,
    })
}

impl fmt::Display for PrinterSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => write!(f, "file:{}", path.display()),
            Self::Tcp { host, port } if host.contains(':') => write!(f, "tcp:[{host}]:{port}"),
            Self::Tcp { host, port } => write!(f, "tcp:{host}:{port}"),
            Self::Serial { path, baud } => write!(f, "serial:{path}:{baud}"),
            Self::Preview(dir) => write!(f, "preview:{}", dir.display()),
        }
    }
}

/// What the cutter does after a slip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cut {
    /// Cut right through.
    Full,
    /// Leave a hinge, so slips hang until torn off (many kiosks prefer it).
    #[default]
    Partial,
    /// No cutter: the attendee tears the slip off.
    None,
}

impl FromStr for Cut {
    type Err = SpecError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "full" => Ok(Self::Full),
            "partial" => Ok(Self::Partial),
            "none" => Ok(Self::None),
            other => Err(SpecError(format!(
                "cut {other:?}: write full, partial or none"
            ))),
        }
    }
}

impl fmt::Display for Cut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Full => "full",
            Self::Partial => "partial",
            Self::None => "none",
        })
    }
}

/// How a slip is laid out and finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintOptions {
    /// Printable width in dots, a multiple of 8 from [`MIN_WIDTH`] to [`MAX_WIDTH`].
    pub width: u32,
    /// Lines fed after the slip, before the cut.
    pub feed_lines: u8,
    /// What the cutter does.
    pub cut: Cut,
}

impl PrintOptions {
    /// Options for paper `dots` wide (rounded down to a whole byte of dots), with the default
    /// feed and a partial cut.
    pub fn new(dots: u32) -> Result<Self, SpecError> {
        Ok(Self {
            width: paper_width(dots)?,
            feed_lines: DEFAULT_FEED,
            cut: Cut::default(),
        })
    }
}

impl Default for PrintOptions {
    fn default() -> Self {
        Self {
            width: MAX_WIDTH,
            feed_lines: DEFAULT_FEED,
            cut: Cut::default(),
        }
    }
}

/// `dots` checked against the paper sizes and rounded down to a multiple of 8 (raster rows
/// are sent in whole bytes; a printer 570 dots wide prints 568 of them).
pub fn paper_width(dots: u32) -> Result<u32, SpecError> {
    if !(MIN_WIDTH..=MAX_WIDTH).contains(&dots) {
        return Err(SpecError(format!(
            "paper width {dots} dots: use {MIN_WIDTH} for 58 mm paper, {MAX_WIDTH} for 80 mm, \
             or a width in between"
        )));
    }
    Ok(dots / 8 * 8)
}

/// A printer and the slips it takes, set up from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterConfig {
    /// Where slips go.
    pub spec: PrinterSpec,
    /// Paper width, feed and cut.
    pub options: PrintOptions,
}

/// What the printer says about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrinterStatus {
    /// Online, with paper.
    Ready,
    /// Online, but the roll is nearly used up (still prints).
    PaperLow,
    /// The connection cannot answer, or the printer did not in time.
    Unknown,
    /// No paper.
    PaperOut,
    /// The cover is open.
    CoverOpen,
    /// Offline for another reason (an error, the feed button held).
    Offline,
}

impl PrinterStatus {
    /// Whether a slip sent now would not come out.
    pub fn is_error(self) -> bool {
        matches!(self, Self::PaperOut | Self::CoverOpen | Self::Offline)
    }

    /// A short name for logs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ready => "ready",
            Self::PaperLow => "paper_low",
            Self::Unknown => "unknown",
            Self::PaperOut => "paper_out",
            Self::CoverOpen => "cover_open",
            Self::Offline => "offline",
        }
    }
}

/// Why a slip did not print. Messages name the printer, never a person.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// The connection could not be opened.
    #[error("cannot reach the printer {spec}: {source}")]
    Connect {
        /// The printer.
        spec: String,
        /// Why.
        source: std::io::Error,
    },
    /// The connection broke or stalled while sending.
    #[error("the printer {spec} stopped taking data: {source}")]
    Write {
        /// The printer.
        spec: String,
        /// Why.
        source: std::io::Error,
    },
    /// The printer said it cannot print.
    #[error("the printer {spec} is not ready: {}", status.as_str())]
    NotReady {
        /// The printer.
        spec: String,
        /// What it said.
        status: PrinterStatus,
    },
    /// The slip could not be drawn or saved.
    #[error("cannot make the slip image: {0}")]
    Image(String),
}

/// One 1-bit image, packed as ESC/POS raster rows: 8 dots a byte, the leftmost dot in the
/// highest bit, a set bit printed black.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raster {
    width: u32,
    height: u32,
    bits: Vec<u8>,
}

impl Raster {
    /// A blank image `width` × `height` dots.
    pub fn new(width: u32, height: u32) -> Self {
        let row_bytes = width.div_ceil(8) as usize;
        Self {
            width,
            height,
            bits: vec![0; row_bytes * height as usize],
        }
    }

    /// An image from packed rows (the data of `GS v 0`): `row_bytes` bytes a row.
    pub fn from_packed(row_bytes: usize, height: u32, bits: Vec<u8>) -> Option<Self> {
        (bits.len() == row_bytes * height as usize).then_some(Self {
            width: row_bytes as u32 * 8,
            height,
            bits,
        })
    }

    /// Width in dots.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in dots (rows).
    pub fn height(&self) -> u32 {
        self.height
    }

    /// Bytes per row.
    pub fn row_bytes(&self) -> usize {
        self.width.div_ceil(8) as usize
    }

    /// The packed rows `from..to`.
    pub fn rows(&self, from: u32, to: u32) -> &[u8] {
        let row = self.row_bytes();
        let to = to.min(self.height);
        let from = from.min(to);
        &self.bits[from as usize * row..to as usize * row]
    }

    /// Whether the dot at `(x, y)` is black; outside the image is paper.
    pub fn get(&self, x: u32, y: u32) -> bool {
        if x >= self.width || y >= self.height {
            return false;
        }
        let byte = self.bits[y as usize * self.row_bytes() + (x / 8) as usize];
        byte & (0x80 >> (x % 8)) != 0
    }

    /// Blackens the dot at `(x, y)`; outside the image does nothing.
    pub fn set(&mut self, x: u32, y: u32) {
        if x >= self.width || y >= self.height {
            return;
        }
        let at = y as usize * self.row_bytes() + (x / 8) as usize;
        self.bits[at] |= 0x80 >> (x % 8);
    }

    /// Black dots in rows `from..to`.
    pub fn ink_in_rows(&self, from: u32, to: u32) -> usize {
        self.rows(from, to)
            .iter()
            .map(|b| b.count_ones() as usize)
            .sum()
    }

    /// Makes the image `height` rows tall, cutting or adding paper at the bottom.
    pub fn set_height(&mut self, height: u32) {
        self.bits.resize(self.row_bytes() * height as usize, 0);
        self.height = height;
    }

    /// The image as greyscale, black on white.
    pub fn to_gray(&self) -> GrayImage {
        GrayImage::from_fn(self.width, self.height, |x, y| {
            Luma([if self.get(x, y) { 0 } else { 255 }])
        })
    }
}

/// A slip sent: how many bytes went out and what the printer said afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// Bytes written to the printer (for `preview:`, the PNG file's size).
    pub bytes: usize,
    /// The printer's status after the slip.
    pub status: PrinterStatus,
    /// The PNG written (`preview:` only).
    pub file: Option<PathBuf>,
}

/// Something that prints slips: a real printer through a connection, or a folder of PNGs.
/// Small on purpose, so the kiosk and the command line do not care which.
pub trait Printer: Send {
    /// The paper width in dots that slips must be drawn for.
    fn width(&self) -> u32;
    /// Prints one slip.
    fn print(&mut self, slip: &Raster) -> Result<Printed, PrintError>;
    /// Asks the printer how it is ([`PrinterStatus::Unknown`] where it cannot answer).
    fn status(&mut self) -> Result<PrinterStatus, PrintError>;
    /// What to call the printer in messages and logs.
    fn name(&self) -> String;
    /// How often the print thread asks the printer's status while no slip comes, so a
    /// printer switched off between visitors is known before the next one; `None`: never.
    fn idle_check(&self) -> Option<Duration> {
        None
    }
}

/// The printer `config` names. Nothing is opened yet: each slip opens its own connection.
pub fn open(config: &PrinterConfig) -> Box<dyn Printer> {
    match &config.spec {
        PrinterSpec::Preview(dir) => Box::new(PreviewPrinter {
            dir: dir.clone(),
            width: config.options.width,
            printed: 0,
        }),
        spec => Box::new(EscPosPrinter {
            spec: spec.clone(),
            options: config.options,
        }),
    }
}

/// An ESC/POS printer on a [`connection`].
struct EscPosPrinter {
    spec: PrinterSpec,
    options: PrintOptions,
}

impl EscPosPrinter {
    fn not_ready(&self, status: PrinterStatus) -> PrintError {
        PrintError::NotReady {
            spec: self.spec.to_string(),
            status,
        }
    }

    fn write_error(&self, source: std::io::Error) -> PrintError {
        PrintError::Write {
            spec: self.spec.to_string(),
            source,
        }
    }
}

impl Printer for EscPosPrinter {
    fn width(&self) -> u32 {
        self.options.width
    }

    fn print(&mut self, slip: &Raster) -> Result<Printed, PrintError> {
        let mut conn = connection::connect(&self.spec)?;
        let before =
            escpos::query_status(conn.as_mut(), STATUS_TIMEOUT).map_err(|e| self.write_error(e))?;
        if before.is_error() {
            return Err(self.not_ready(before));
        }
        let job = escpos::encode_job(slip, &self.options);
        conn.write_all_within(&job)
            .map_err(|e| self.write_error(e))?;
        let after = if before == PrinterStatus::Unknown {
            // It did not answer before the slip; asking again would only add the wait.
            PrinterStatus::Unknown
        } else {
            escpos::query_status(conn.as_mut(), STATUS_TIMEOUT).map_err(|e| self.write_error(e))?
        };
        if after.is_error() {
            // Paper ran out (or the cover opened) during the slip: it is not whole.
            return Err(self.not_ready(after));
        }
        Ok(Printed {
            bytes: job.len(),
            status: after,
            file: None,
        })
    }

    fn status(&mut self) -> Result<PrinterStatus, PrintError> {
        let mut conn = connection::connect(&self.spec)?;
        escpos::query_status(conn.as_mut(), STATUS_TIMEOUT).map_err(|e| self.write_error(e))
    }

    fn name(&self) -> String {
        self.spec.to_string()
    }
}

/// `preview:`: each slip as a PNG in a folder, named so they sort in printing order.
struct PreviewPrinter {
    dir: PathBuf,
    width: u32,
    printed: u64,
}

impl PreviewPrinter {
    fn next_path(&mut self) -> PathBuf {
        let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S%.3f");
        loop {
            self.printed += 1;
            let path = self.dir.join(format!("slip-{stamp}-{}.png", self.printed));
            if !path.exists() {
                return path;
            }
        }
    }
}

impl Printer for PreviewPrinter {
    fn width(&self) -> u32 {
        self.width
    }

    fn print(&mut self, slip: &Raster) -> Result<Printed, PrintError> {
        let connect = |source| PrintError::Connect {
            spec: format!("preview:{}", self.dir.display()),
            source,
        };
        std::fs::create_dir_all(&self.dir).map_err(connect)?;
        let path = self.next_path();
        let bytes = write_png(slip, &path)?;
        Ok(Printed {
            bytes,
            status: PrinterStatus::Ready,
            file: Some(path),
        })
    }

    fn status(&mut self) -> Result<PrinterStatus, PrintError> {
        Ok(if self.dir.is_dir() || !self.dir.exists() {
            PrinterStatus::Ready
        } else {
            PrinterStatus::Offline
        })
    }

    fn name(&self) -> String {
        format!("preview:{}", self.dir.display())
    }
}

/// Saves `slip` as a black-and-white PNG at `path`; returns the file's size.
pub fn write_png(slip: &Raster, path: &Path) -> Result<usize, PrintError> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    slip.to_gray()
        .write_to(&mut bytes, image::ImageFormat::Png)
        .map_err(|e| PrintError::Image(e.to_string()))?;
    let bytes = bytes.into_inner();
    std::fs::write(path, &bytes)
        .map_err(|e| PrintError::Image(format!("cannot write {}: {e}", path.display())))?;
    Ok(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> PrinterSpec {
        text.parse().expect("a valid spec")
    }

    fn refused(text: &str) -> String {
        text.parse::<PrinterSpec>()
            .expect_err("refused")
            .to_string()
    }

    #[test]
    fn the_four_connections_parse() {
        assert_eq!(
            spec("file:/dev/usb/lp0"),
            PrinterSpec::File("/dev/usb/lp0".into())
        );
        assert_eq!(
            spec(r"file:\\host\printer"),
            PrinterSpec::File(r"\\host\printer".into())
        );
        assert_eq!(
            spec("tcp:192.168.1.50:9100"),
            PrinterSpec::Tcp {
                host: "192.168.1.50".into(),
                port: 9100
            }
        );
        assert_eq!(
            spec("TCP:printer.local"),
            PrinterSpec::Tcp {
                host: "printer.local".into(),
                port: DEFAULT_TCP_PORT
            }
        );
        assert_eq!(
            spec("tcp:[::1]:9101"),
            PrinterSpec::Tcp {
                host: "::1".into(),
                port: 9101
            }
        );
        assert_eq!(
            spec("serial:/dev/ttyUSB0:9600"),
            PrinterSpec::Serial {
                path: "/dev/ttyUSB0".into(),
                baud: 9600
            }
        );
        assert_eq!(
            spec("serial:COM3"),
            PrinterSpec::Serial {
                path: "COM3".into(),
                baud: DEFAULT_BAUD
            }
        );
        assert_eq!(spec("preview:out"), PrinterSpec::Preview("out".into()));
    }

    #[test]
    fn a_spec_prints_back_as_written() {
        for text in [
            "file:/dev/usb/lp0",
            "tcp:192.168.1.50:9100",
            "tcp:[::1]:9100",
            "serial:/dev/ttyUSB0:115200",
            "preview:slips",
        ] {
            assert_eq!(spec(text).to_string(), text);
            assert_eq!(spec(&spec(text).to_string()), spec(text));
        }
    }

    #[test]
    fn bad_specs_say_what_to_write() {
        assert!(refused("/dev/usb/lp0").contains("file:/dev/usb/lp0"));
        assert!(refused("usb:1").contains("unknown connection \"usb\""));
        assert!(refused("tcp:").contains("names no address"));
        assert!(refused("tcp:10.0.0.5:http").contains("tcp:HOST:PORT"));
        assert!(refused("tcp:10.0.0.5:70000").contains("tcp:HOST:PORT"));
        assert!(refused("tcp:::1").contains("tcp:HOST:PORT"));
        assert!(refused("serial:/dev/ttyUSB0:12").contains("outside 300"));
        assert!(refused("serial::9600").contains("no port"));
        assert!(refused("preview:").contains("names no folder"));
        assert!(refused("file:  ").contains("names no device"));
    }

    #[test]
    fn paper_widths_from_58_to_80_mm() {
        assert_eq!(paper_width(384), Ok(384));
        assert_eq!(paper_width(576), Ok(576));
        assert_eq!(paper_width(570), Ok(568));
        assert!(paper_width(383).is_err());
        assert!(paper_width(577).is_err());
        assert!(paper_width(0).unwrap_err().to_string().contains("58 mm"));
    }

    #[test]
    fn cuts_parse() {
        assert_eq!("full".parse(), Ok(Cut::Full));
        assert_eq!(" Partial ".parse(), Ok(Cut::Partial));
        assert_eq!("none".parse(), Ok(Cut::None));
        assert!("half".parse::<Cut>().is_err());
    }

    #[test]
    fn raster_dots_round_trip_through_packed_rows() {
        let mut raster = Raster::new(16, 3);
        raster.set(0, 0);
        raster.set(9, 2);
        raster.set(99, 99);
        assert_eq!(raster.rows(0, 1), &[0x80, 0]);
        assert_eq!(raster.rows(2, 3), &[0, 0x40]);
        assert_eq!(raster.ink_in_rows(0, 3), 2);
        let copy = Raster::from_packed(2, 3, raster.rows(0, 3).to_vec()).expect("rows");
        assert_eq!(copy, raster);
        assert!(copy.get(9, 2) && !copy.get(8, 2));
        assert!(Raster::from_packed(2, 3, vec![0; 5]).is_none());
    }
}
