//! Slips on A4: two columns by five rows, each slip framed by a dashed cutting line. Text is
//! set in the embedded Noto Sans, so every Vietnamese diacritic prints; QR codes are drawn as
//! vector squares, so they stay sharp on any printer.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::{FONT, Slip, SlipError, qr_modules};
use crate::report::i18n::{Lang, t};

/// A4 in PostScript points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 28.0;
const COLUMNS: usize = 2;
const ROWS: usize = 5;
/// Slips per page.
pub const PER_PAGE: usize = COLUMNS * ROWS;
const PAD: f32 = 10.0;
const QR_SIZE: f32 = 96.0;
/// White space around the QR code: scanners want about four modules of it.
const QUIET: f32 = 14.0;
/// Average advance of a Noto Sans character, as a share of the font size; used to shrink
/// long names to fit rather than measuring every glyph.
const AVG_ADVANCE: f32 = 0.55;

/// The slips as a PDF document: `ceil(n / 10)` A4 pages.
pub fn render(slips: &[Slip]) -> Result<Vec<u8>, SlipError> {
    if slips.is_empty() {
        return Err(SlipError::Empty);
    }
    let font = Font::new(FONT.to_vec().into(), 0)
        .ok_or_else(|| SlipError::Pdf("the embedded font cannot be read".into()))?;
    let slip_w = (PAGE_W - 2.0 * MARGIN) / COLUMNS as f32;
    let slip_h = (PAGE_H - 2.0 * MARGIN) / ROWS as f32;
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| SlipError::Pdf("bad page size".into()))?;
    let mut document = Document::new();
    for page_slips in slips.chunks(PER_PAGE) {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for (i, slip) in page_slips.iter().enumerate() {
            let x = MARGIN + (i % COLUMNS) as f32 * slip_w;
            let y = MARGIN + (i / COLUMNS) as f32 * slip_h;
            draw_slip(&mut surface, &font, slip, x, y, slip_w, slip_h)?;
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| {
        SlipError::Pdf(match e {
            krilla::error::KrillaError::Font(_, reason) => reason,
            _ => "the document could not be written".into(),
        })
    })
}

/// The font size at which `text` fits `width`, at most `max`.
fn fitting_size(text: &str, width: f32, max: f32) -> f32 {
    let chars = text.chars().count().max(1) as f32;
    (width / (chars * AVG_ADVANCE)).min(max)
}

fn text(surface: &mut Surface<'_>, font: &Font, x: f32, baseline: f32, size: f32, value: &str) {
    surface.draw_text(
        Point::from_xy(x, baseline),
        font.clone(),
        size,
        value,
        false,
        TextDirection::Auto,
    );
}

#[allow(clippy::too_many_arguments)]
fn draw_slip(
    surface: &mut Surface<'_>,
    font: &Font,
    slip: &Slip,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
) -> Result<(), SlipError> {
    // Cutting frame.
    let mut frame = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
        frame.push_rect(rect);
    }
    if let Some(path) = frame.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(150, 150, 150).into(),
            width: 0.5,
            dash: Some(StrokeDash {
                array: vec![4.0, 3.0],
                offset: 0.0,
            }),
            ..Default::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
    surface.set_fill(Some(Fill::default()));

    // Event line across the top.
    let inner_w = w - 2.0 * PAD;
    let event = format!("{} · {}", slip.event_name, slip.event_date);
    text(
        surface,
        font,
        x + PAD,
        y + PAD + 8.0,
        fitting_size(&event, inner_w, 8.5),
        &event,
    );

    // QR on the left.
    let qr_x = x + QUIET;
    let qr_y = y + PAD + 22.0;
    let (cells, width) = qr_modules(&slip.qr_payload, &slip.code)?;
    let module = QR_SIZE / width as f32;
    let mut qr = PathBuilder::new();
    for (index, dark) in cells.iter().enumerate() {
        if *dark {
            let (col, row) = (index % width, index / width);
            if let Some(rect) = Rect::from_xywh(
                qr_x + col as f32 * module,
                qr_y + row as f32 * module,
                module,
                module,
            ) {
                qr.push_rect(rect);
            }
        }
    }
    if let Some(path) = qr.finish() {
        surface.draw_path(&path);
    }

    // Name, commune and code on the right.
    let tx = qr_x + QR_SIZE + QUIET;
    let tw = x + w - PAD - tx;
    let title = t(Lang::Vi, "slip.title");
    text(surface, font, tx, qr_y + 10.0, 9.0, title);
    text(
        surface,
        font,
        tx,
        qr_y + 32.0,
        fitting_size(&slip.full_name, tw, 13.0),
        &slip.full_name,
    );
    text(
        surface,
        font,
        tx,
        qr_y + 50.0,
        fitting_size(&slip.commune, tw, 10.0),
        &slip.commune,
    );
    text(
        surface,
        font,
        tx,
        qr_y + 80.0,
        fitting_size(&slip.code, tw, 20.0),
        &slip.code,
    );
    let hint = t(Lang::Vi, "slip.hint");
    text(
        surface,
        font,
        tx,
        qr_y + 100.0,
        fitting_size(hint, tw, 7.0),
        hint,
    );
    Ok(())
}
