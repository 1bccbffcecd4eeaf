//! Registration slips: the paper a commune hands each pre-registered person before the
//! fair, with their name, commune, registration code and its QR code (`FD1:<event>:<code>`),
//! which the kiosk scans at the entrance.
//!
//! [`pdf`] lays slips out on A4 pages for cutting; [`png`] renders one slip as an image,
//! its words around a large QR code (for a message or a phone screen).

pub mod pdf;
pub mod png;

use crate::domain::regcode;

/// The Vietnamese-capable font embedded in every slip PDF (Noto Sans, SIL OFL 1.1; licence
/// in `assets/fonts/OFL.txt`).
pub static FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
/// Its bold face, for what must stand out on a printed ticket (the number).
pub static FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// What is printed on one slip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    pub event_name: String,
    /// The event date as printed, e.g. "27/11/2026".
    pub event_date: String,
    pub full_name: String,
    pub commune: String,
    /// Bare registration code.
    pub code: String,
    /// What the QR code holds: `FD1:<event>:<code>`.
    pub qr_payload: String,
}

impl Slip {
    /// A slip for one attendee of event `event_code`.
    pub fn new(
        event_code: &str,
        event_name: &str,
        event_date: chrono::NaiveDate,
        full_name: &str,
        commune: Option<&str>,
        code: &str,
    ) -> Self {
        Self {
            event_name: event_name.to_string(),
            event_date: event_date.format("%d/%m/%Y").to_string(),
            full_name: full_name.to_string(),
            commune: commune.unwrap_or_default().to_string(),
            code: code.to_string(),
            qr_payload: regcode::qr_payload(event_code, code),
        }
    }
}

/// Why slips could not be made. Messages name no person.
#[derive(Debug, thiserror::Error)]
pub enum SlipError {
    #[error("there are no slips to print (no attendee matches)")]
    Empty,
    #[error("cannot make a QR code for registration code {0}")]
    Qr(String),
    #[error("cannot lay out the PDF: {0}")]
    Pdf(String),
    #[error("cannot write the image: {0}")]
    Image(String),
}

/// The QR modules of `payload` as a square of dark/light cells (row-major) and its width.
fn qr_modules(payload: &str, code: &str) -> Result<(Vec<bool>, usize), SlipError> {
    let qr = qrcode::QrCode::with_error_correction_level(payload, qrcode::EcLevel::M)
        .map_err(|_| SlipError::Qr(code.to_string()))?;
    let width = qr.width();
    let cells = qr
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Ok((cells, width))
}

/// Writes one person's registration slip as a one-page PDF into `dir` (created if needed),
/// for a help desk without a ticket printer to print on any office printer. The file is new
/// each time (`slip-<code>-<time>.pdf`, never overwriting one) and, since it holds a name,
/// readable by the owner only. Returns its path.
pub fn save_pdf(slip: &Slip, dir: &std::path::Path) -> Result<std::path::PathBuf, SlipError> {
    let bytes = pdf::render(std::slice::from_ref(slip))?;
    let io = |e: std::io::Error| SlipError::Image(format!("{}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(io)?;
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    // The code is the engine's (letters and digits); anything else is left out of the name.
    let code: String = slip
        .code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    for n in 1..1000 {
        let path = dir.join(format!("slip-{code}-{stamp}-{n}.pdf"));
        match crate::store::private::write_new_private(&path, &bytes) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io(e)),
        }
    }
    Err(SlipError::Image(format!(
        "{}: too many slips this second",
        dir.display()
    )))
}
