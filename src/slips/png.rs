//! One slip as a PNG image, for a message or a phone screen: the same words as a paper slip
//! (title, event and date, the person's name and commune, the registration code, the hint) set
//! in the embedded Noto Sans around a large QR code that a kiosk scanner reads off the screen.

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont as _};
use image::{GrayImage, ImageFormat, Luma};

use super::{FONT, Slip, SlipError, qr_modules};
use crate::report::i18n::{Lang, t};

/// Pixels per QR module: a phone held to a scanner shows each module several pixels wide.
const MODULE_PX: u32 = 8;
/// Quiet zone around the code, in modules (the QR standard asks for four).
const QUIET_MODULES: u32 = 4;
/// Image width; lines longer than this shrink to fit.
const WIDTH: u32 = 720;
const MARGIN: u32 = 28;
const INK: u8 = 0;
const PAPER: u8 = 255;

/// One line of text on the slip: its words and its largest size.
struct Line<'a> {
    text: &'a str,
    px: f32,
}

/// The slip as PNG bytes, in Vietnamese.
pub fn render(slip: &Slip) -> Result<Vec<u8>, SlipError> {
    render_in(slip, Lang::Vi)
}

/// The slip as PNG bytes, worded in `lang`.
pub fn render_in(slip: &Slip, lang: Lang) -> Result<Vec<u8>, SlipError> {
    let image = draw(slip, lang)?;
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, ImageFormat::Png)
        .map_err(|e| SlipError::Image(e.to_string()))?;
    Ok(bytes.into_inner())
}

/// The slip as a greyscale image.
pub fn draw(slip: &Slip, lang: Lang) -> Result<GrayImage, SlipError> {
    let font = FontRef::try_from_slice(FONT)
        .map_err(|_| SlipError::Image("the embedded font cannot be read".into()))?;
    let (cells, modules) = qr_modules(&slip.qr_payload, &slip.code)?;
    let qr_px = (modules as u32 + 2 * QUIET_MODULES) * MODULE_PX;

    let event_line = format!("{} · {}", slip.event_name, slip.event_date);
    let above = [
        Line {
            text: t(lang, "slip.title"),
            px: 34.0,
        },
        Line {
            text: &event_line,
            px: 24.0,
        },
    ];
    let below = [
        Line {
            text: &slip.full_name,
            px: 38.0,
        },
        Line {
            text: &slip.commune,
            px: 26.0,
        },
        Line {
            text: &slip.code,
            px: 44.0,
        },
        Line {
            text: t(lang, "slip.hint"),
            px: 22.0,
        },
    ];
    let line_gap = 1.35;
    let text_h =
        |lines: &[Line]| -> u32 { lines.iter().map(|l| (l.px * line_gap).ceil() as u32).sum() };
    let height = MARGIN + text_h(&above) + qr_px + text_h(&below) + MARGIN;
    let mut image = GrayImage::from_pixel(WIDTH, height, Luma([PAPER]));

    let mut y = MARGIN as f32;
    for line in &above {
        y = text_line(&mut image, &font, line, y, line_gap);
    }
    let qr_x = (WIDTH - qr_px) / 2;
    let qr_y = y as u32;
    for (i, dark) in cells.iter().enumerate() {
        if !dark {
            continue;
        }
        let mx = (i % modules) as u32 + QUIET_MODULES;
        let my = (i / modules) as u32 + QUIET_MODULES;
        for dy in 0..MODULE_PX {
            for dx in 0..MODULE_PX {
                image.put_pixel(
                    qr_x + mx * MODULE_PX + dx,
                    qr_y + my * MODULE_PX + dy,
                    Luma([INK]),
                );
            }
        }
    }
    y += qr_px as f32;
    for line in &below {
        y = text_line(&mut image, &font, line, y, line_gap);
    }
    Ok(image)
}

/// Draws `line` centred at the top `y`, shrunk to the width if needed; returns the next line's
/// top.
fn text_line(image: &mut GrayImage, font: &FontRef, line: &Line, y: f32, gap: f32) -> f32 {
    let room = (WIDTH - 2 * MARGIN) as f32;
    let natural = line_width(font, line.text, line.px);
    let px = if natural > room {
        line.px * room / natural
    } else {
        line.px
    };
    let scaled = font.as_scaled(PxScale::from(px));
    let width = line_width(font, line.text, px);
    let mut x = (WIDTH as f32 - width) / 2.0;
    let baseline = y + scaled.ascent();
    let mut previous = None;
    for ch in line.text.chars() {
        let id = scaled.glyph_id(ch);
        if let Some(prev) = previous {
            x += scaled.kern(prev, id);
        }
        let glyph = id.with_scale_and_position(px, ab_glyph::point(x, baseline));
        x += scaled.h_advance(id);
        previous = Some(id);
        let Some(outlined) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        outlined.draw(|gx, gy, coverage| {
            let px_x = bounds.min.x as i64 + i64::from(gx);
            let px_y = bounds.min.y as i64 + i64::from(gy);
            if px_x < 0 || px_y < 0 {
                return;
            }
            let (px_x, px_y) = (px_x as u32, px_y as u32);
            if px_x >= image.width() || px_y >= image.height() {
                return;
            }
            let pixel = image.get_pixel_mut(px_x, px_y);
            let ink = (f32::from(PAPER) * (1.0 - coverage.clamp(0.0, 1.0))) as u8;
            pixel[0] = pixel[0].min(ink);
        });
    }
    y + px * gap
}

/// The advance width of `text` at `px`, with kerning.
pub(crate) fn line_width(font: &FontRef, text: &str, px: f32) -> f32 {
    let scaled = font.as_scaled(PxScale::from(px));
    let mut width = 0.0;
    let mut previous = None;
    for ch in text.chars() {
        let id = scaled.glyph_id(ch);
        if let Some(prev) = previous {
            width += scaled.kern(prev, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slip() -> Slip {
        Slip::new(
            "PL26",
            "Ngày hội việc làm huyện Phú Lương",
            chrono::NaiveDate::from_ymd_opt(2026, 11, 29).expect("a date"),
            "Nguyễn Thị Hồng Nhung",
            Some("Xã Yên Ninh"),
            "RHLRVV",
        )
    }

    /// Rows that hold any ink, as (first, last) runs.
    fn inked_rows(image: &GrayImage) -> Vec<u32> {
        (0..image.height())
            .filter(|&y| (0..image.width()).any(|x| image.get_pixel(x, y)[0] < 128))
            .collect()
    }

    #[test]
    fn text_is_drawn_above_and_below_the_code() {
        let image = draw(&slip(), Lang::Vi).expect("a slip");
        let (cells, modules) = qr_modules(&slip().qr_payload, "RHLRVV").expect("a code");
        assert!(cells.iter().any(|c| *c));
        let qr_px = (modules as u32 + 2 * QUIET_MODULES) * MODULE_PX;
        assert!(image.height() > qr_px + 200, "room for text");
        let rows = inked_rows(&image);
        // Ink in the top margin band (title) and in the bottom band (code and hint).
        assert!(rows.iter().any(|&y| y < MARGIN + 40));
        assert!(rows.iter().any(|&y| y > image.height() - MARGIN - 40));
    }

    #[test]
    fn a_very_long_name_shrinks_to_fit_the_width() {
        let mut long = slip();
        long.full_name = "Nguyễn Hoàng Phương Thảo Nguyên Bảo Ngọc Minh Châu Anh".repeat(2);
        let image = draw(&long, Lang::En).expect("a slip");
        assert_eq!(image.width(), WIDTH);
        // The outermost columns stay paper: nothing was cut off at the edges.
        for y in 0..image.height() {
            assert_eq!(image.get_pixel(0, y)[0], PAPER);
            assert_eq!(image.get_pixel(WIDTH - 1, y)[0], PAPER);
        }
    }
}
