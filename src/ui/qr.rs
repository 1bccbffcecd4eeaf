//! The attendee's QR code on the ticket screen, built as an image egui can show (and a test
//! can decode).

use egui::{Color32, ColorImage};
use qrcode::{Color, EcLevel, QrCode};

/// Pixels per QR module: large enough for phone cameras and kiosk scanners at arm's length.
const SCALE: usize = 8;
/// The quiet zone every QR needs around it, in modules.
const QUIET: usize = 4;

/// `payload` as a black-on-white QR image with its quiet zone.
pub fn qr_image(payload: &str) -> Result<ColorImage, qrcode::types::QrError> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)?;
    let width = code.width();
    let colors = code.to_colors();
    let side = (width + 2 * QUIET) * SCALE;
    let mut pixels = vec![Color32::WHITE; side * side];
    for (index, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let (mx, my) = (index % width + QUIET, index / width + QUIET);
        for dy in 0..SCALE {
            let row = (my * SCALE + dy) * side;
            for dx in 0..SCALE {
                pixels[row + mx * SCALE + dx] = Color32::BLACK;
            }
        }
    }
    Ok(ColorImage::new([side, side], pixels))
}
