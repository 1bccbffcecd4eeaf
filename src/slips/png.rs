//! One slip's QR code as a PNG image, large enough for a phone screen or a message. The
//! text of the slip is not drawn: the code is what the kiosk reads.

use image::{ImageFormat, Luma};

use super::{Slip, SlipError};

/// Pixels per QR module.
const MODULE_PX: u32 = 8;

/// The slip's QR code (with its quiet zone) as PNG bytes.
pub fn render(slip: &Slip) -> Result<Vec<u8>, SlipError> {
    let qr = qrcode::QrCode::with_error_correction_level(&slip.qr_payload, qrcode::EcLevel::M)
        .map_err(|_| SlipError::Qr(slip.code.clone()))?;
    let image = qr
        .render::<Luma<u8>>()
        .quiet_zone(true)
        .module_dimensions(MODULE_PX, MODULE_PX)
        .build();
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, ImageFormat::Png)
        .map_err(|e| SlipError::Image(e.to_string()))?;
    Ok(bytes.into_inner())
}
