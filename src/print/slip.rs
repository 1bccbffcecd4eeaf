//! The slips drawn as 1-bit images, with the bundled Noto Sans (the same font as the screens,
//! so every Vietnamese letter prints with its marks on any printer).
//!
//! A ticket slip (DESIGN §8): the event's name and the time, then for each ticket its number
//! very large, the booth's name, its location with the people ahead, and the expected wait;
//! then the attendee's registration QR code (to scan again later) and what to do next. The
//! test slip shows every Vietnamese letter in both faces, a large number and a QR code, inside
//! a frame on the very edges of the print width, so a wrong width setting shows at once.
//!
//! Sizes are in printer dots (8 a millimetre); text grows a little on 80 mm paper, the number
//! a lot. Glyph coverage is cut at one half: no grey exists on a thermal printer.

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont as _};
use chrono::{DateTime, FixedOffset, Offset as _, Utc};
use unicode_normalization::UnicodeNormalization;

use super::{MIN_WIDTH, PrintError, Raster};
use crate::api::{EventInfo, TicketView};
use crate::domain::TicketState;
use crate::i18n::{Lang, VIETNAMESE_LETTERS, tr, trf};
// The registration slip measures text the same way: one width function for both.
use crate::slips::png::line_width as text_width;

/// What one ticket slip says. Built from the kiosk's data; the words around it come from the
/// translation table in `lang`.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketSlip {
    /// The language of the words around the data.
    pub lang: Lang,
    /// The event's name.
    pub event_name: String,
    /// When the tickets were issued, in the event's time: `01/12/2026 · 08:42`.
    pub issued_at: String,
    /// The tickets, in the order shown on the screen.
    pub tickets: Vec<SlipTicket>,
    /// The attendee's registration QR payload, `FD1:<event>:<code>`.
    pub qr_payload: String,
    /// The bare registration code, printed under the QR for the help desk to type.
    pub code: String,
}

/// One ticket on a slip.
#[derive(Debug, Clone, PartialEq)]
pub struct SlipTicket {
    /// `A014`.
    pub number: String,
    /// The booth's name.
    pub booth_name: String,
    /// Where it is: `Gian 3`.
    pub location: String,
    /// People in the queue before this ticket (waiting tickets).
    pub ahead: Option<u32>,
    /// Expected wait in whole minutes (waiting tickets).
    pub wait_min: Option<u32>,
    /// Already called: go now.
    pub called: bool,
}

impl TicketSlip {
    /// The slip for `tickets` of the attendee whose QR payload is `qr_payload`, timed by the
    /// latest ticket's issue time in the event's UTC offset.
    pub fn new(
        event: &EventInfo,
        qr_payload: &str,
        code: &str,
        tickets: &[TicketView],
        lang: Lang,
    ) -> Self {
        let offset = FixedOffset::east_opt(event.utc_offset_min.saturating_mul(60))
            .unwrap_or_else(|| Utc.fix());
        let issued: Option<DateTime<Utc>> = tickets.iter().map(|t| t.issued_at).max();
        let issued_at = issued
            .unwrap_or_else(Utc::now)
            .with_timezone(&offset)
            .format("%d/%m/%Y · %H:%M")
            .to_string();
        Self {
            lang,
            event_name: event.name.clone(),
            issued_at,
            tickets: tickets.iter().map(SlipTicket::from_view).collect(),
            qr_payload: qr_payload.to_string(),
            code: code.to_string(),
        }
    }
}

impl SlipTicket {
    /// What a slip prints of `view`; people ahead and wait as on the tickets screen.
    pub fn from_view(view: &TicketView) -> Self {
        let waiting = view.state == TicketState::Waiting;
        Self {
            number: view.ticket.clone(),
            booth_name: view.booth_name.clone(),
            location: view.location.clone(),
            ahead: waiting
                .then_some(view.position)
                .flatten()
                .map(|p| p.saturating_sub(1)),
            wait_min: waiting
                .then_some(view.estimated_wait_s)
                .flatten()
                .map(|s| s.div_ceil(60).max(1)),
            called: !waiting,
        }
    }
}

/// A drawn slip and where its parts are (tests check them).
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The image, `width` dots wide.
    pub raster: Raster,
    /// Rows `(top, bottom)` of each ticket number's ink, in ticket order.
    pub numbers: Vec<(u32, u32)>,
    /// The QR code's square with its quiet zone: `(left, top, side)`.
    pub qr: (u32, u32, u32),
}

/// Draws `slip` for paper `width` dots wide.
pub fn render_tickets(slip: &TicketSlip, width: u32) -> Result<Rendered, PrintError> {
    let mut c = Canvas::new(width)?;
    let lang = slip.lang;
    let s = c.scale;
    c.space(4);
    c.paragraph(
        Face::Bold,
        &slip.event_name.to_uppercase(),
        30.0 * s,
        Align::Centre,
    );
    c.paragraph(Face::Regular, &slip.issued_at, 24.0 * s, Align::Centre);
    c.space(6);
    c.rule(3, false);
    let mut numbers = Vec::new();
    for (i, ticket) in slip.tickets.iter().enumerate() {
        if i > 0 {
            c.rule(2, true);
        }
        c.space(4);
        numbers.push(c.number(&ticket.number));
        c.space(4);
        c.paragraph(Face::Bold, &ticket.booth_name, 28.0 * s, Align::Centre);
        if ticket.called {
            let line = format!("{} · {}", ticket.location, tr(lang, "print.called"));
            c.paragraph(Face::Bold, &line, 26.0 * s, Align::Centre);
        } else {
            let ahead = ticket.ahead.map(|n| match n {
                0 => tr(lang, "print.next_up").to_string(),
                n => trf(lang, "print.ahead", &[("n", &n.to_string())]),
            });
            let joined = match &ahead {
                Some(ahead) if !ticket.location.is_empty() => {
                    format!("{} · {ahead}", ticket.location)
                }
                Some(ahead) => ahead.clone(),
                None => ticket.location.clone(),
            };
            if c.fits(Face::Regular, &joined, 26.0 * s) {
                c.paragraph(Face::Regular, &joined, 26.0 * s, Align::Centre);
            } else {
                // Too long for one line: the location, then the people ahead, each whole.
                c.paragraph(Face::Regular, &ticket.location, 26.0 * s, Align::Centre);
                if let Some(ahead) = &ahead {
                    c.paragraph(Face::Regular, ahead, 26.0 * s, Align::Centre);
                }
            }
            if let Some(wait) = ticket.wait_min {
                let wait = trf(lang, "print.wait", &[("n", &wait.to_string())]);
                c.paragraph(Face::Regular, &wait, 26.0 * s, Align::Centre);
            }
        }
        c.space(6);
    }
    c.rule(3, false);
    c.space(8);
    let beside = [
        (Face::Bold, tr(lang, "rescan_hint").to_string(), 24.0 * s),
        (
            Face::Regular,
            trf(lang, "print.code", &[("code", &slip.code)]),
            22.0 * s,
        ),
    ];
    let qr = c.qr_with_text(&slip.qr_payload, &beside)?;
    c.space(6);
    c.paragraph(Face::Regular, tr(lang, "print.next"), 22.0 * s, Align::Left);
    c.space(8);
    Ok(Rendered {
        raster: c.finish(),
        numbers,
        qr,
    })
}

/// The QR payload of the test slip: plain words, so a kiosk that scans it says "not a valid
/// code" rather than checking anyone in.
pub fn test_payload(width: u32) -> String {
    format!("fairdesk print-test {width}")
}

/// Draws the printer test: every Vietnamese letter with all its tones in both cases and both
/// faces, a ticket-sized number and a QR code, framed on the edges of the print width.
pub fn render_test(width: u32, lang: Lang) -> Result<Rendered, PrintError> {
    let mut c = Canvas::new(width)?;
    let s = c.scale;
    c.space(10);
    c.paragraph(
        Face::Bold,
        tr(lang, "print.test_title"),
        32.0 * s,
        Align::Centre,
    );
    let mm = format!("{}", width / 8);
    let line = trf(
        lang,
        "print.test_width",
        &[("dots", &width.to_string()), ("mm", &mm)],
    );
    c.paragraph(Face::Regular, &line, 24.0 * s, Align::Centre);
    c.space(6);
    c.rule(3, false);
    c.space(4);
    c.paragraph(
        Face::Bold,
        tr(lang, "print.test_letters"),
        24.0 * s,
        Align::Left,
    );
    let (lower, upper) = letter_groups();
    for face in [Face::Regular, Face::Bold] {
        c.paragraph(face, &lower, 26.0 * s, Align::Left);
        c.paragraph(face, &upper, 26.0 * s, Align::Left);
        c.space(6);
    }
    c.paragraph(
        Face::Regular,
        "Nguyễn Thị Hồng Nhung · ĐẶNG VĂN ƯỚC · Xã Yên Ninh, tỉnh Thái Nguyên",
        26.0 * s,
        Align::Left,
    );
    c.rule(2, true);
    let number = c.number("A014");
    c.rule(2, true);
    c.space(6);
    let beside = [(Face::Bold, tr(lang, "print.test_qr").to_string(), 24.0 * s)];
    let qr = c.qr_with_text(&test_payload(width), &beside)?;
    c.space(12);
    let mut raster = c.finish();
    frame(&mut raster, 2);
    Ok(Rendered {
        raster,
        numbers: vec![number],
        qr,
    })
}

/// The letters, grouped by base letter (`a à á ả ã ạ`, then `ă …`), lower case then upper.
fn letter_groups() -> (String, String) {
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];
    let base = |c: char| -> String {
        c.to_string()
            .nfd()
            .filter(|m| !TONES.contains(m))
            .nfc()
            .collect()
    };
    let mut groups: Vec<String> = Vec::new();
    let mut last = String::new();
    for letter in VIETNAMESE_LETTERS.chars() {
        let b = base(letter);
        match groups.last_mut() {
            Some(group) if b == last => group.push(letter),
            _ => groups.push(letter.to_string()),
        }
        last = b;
    }
    let half = groups.len() / 2;
    (groups[..half].join(" "), groups[half..].join(" "))
}

/// A frame `thickness` dots wide on the image's very edges.
fn frame(raster: &mut Raster, thickness: u32) {
    let (w, h) = (raster.width(), raster.height());
    for y in 0..h {
        for x in 0..w {
            if x < thickness || y < thickness || x >= w - thickness || y >= h - thickness {
                raster.set(x, y);
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Face {
    Regular,
    Bold,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Left,
    Centre,
}

/// A slip being drawn from the top down; it grows as lines are added.
struct Canvas {
    raster: Raster,
    regular: FontRef<'static>,
    bold: FontRef<'static>,
    /// The next free row.
    y: u32,
    margin: u32,
    /// Text size factor: 1.3 on 58 mm paper, 1.6 on 80 mm.
    scale: f32,
}

impl Canvas {
    fn new(width: u32) -> Result<Self, PrintError> {
        let font = |bytes| {
            FontRef::try_from_slice(bytes)
                .map_err(|_| PrintError::Image("the bundled font cannot be read".into()))
        };
        Ok(Self {
            raster: Raster::new(width, 0),
            regular: font(crate::slips::FONT)?,
            bold: font(crate::slips::FONT_BOLD)?,
            y: 0,
            margin: (width / 48).max(4),
            // Sizes below are for 58 mm paper in the font's line height (ascent to descent),
            // which is about 1.3 times the em of the usual "point size".
            scale: 1.3 * (1.0 + (width.saturating_sub(MIN_WIDTH)) as f32 / MIN_WIDTH as f32 * 0.5),
        })
    }

    fn font(&self, face: Face) -> &FontRef<'static> {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    fn width(&self) -> u32 {
        self.raster.width()
    }

    /// Makes room down to row `bottom`.
    fn reach(&mut self, bottom: u32) {
        if bottom > self.raster.height() {
            self.raster.set_height(bottom);
        }
    }

    fn space(&mut self, rows: u32) {
        self.y += rows;
        self.reach(self.y);
    }

    /// A horizontal line across the margins, `thickness` rows; dashed between tickets.
    fn rule(&mut self, thickness: u32, dashed: bool) {
        self.space(4);
        let top = self.y;
        self.space(thickness);
        for y in top..top + thickness {
            for x in self.margin..self.width() - self.margin {
                if !dashed || (x / 8) % 2 == 0 {
                    self.raster.set(x, y);
                }
            }
        }
        self.space(4);
    }

    /// Whether `text` fits on one line between the margins.
    fn fits(&self, face: Face, text: &str, px: f32) -> bool {
        text_width(self.font(face), text, px) <= (self.width() - 2 * self.margin) as f32
    }

    /// `text` wrapped at the margins, each line `px` high.
    fn paragraph(&mut self, face: Face, text: &str, px: f32, align: Align) {
        let left = self.margin;
        let right = self.width() - self.margin;
        for line in wrap(self.font(face), text, px, (right - left) as f32) {
            self.line(face, &line, px, align, left, right);
        }
    }

    /// One line between columns `left` and `right`, its top at the next free row.
    fn line(&mut self, face: Face, text: &str, px: f32, align: Align, left: u32, right: u32) {
        let font = self.font(face).clone();
        let scaled = font.as_scaled(PxScale::from(px));
        let height = (scaled.ascent() - scaled.descent()).ceil() as u32;
        let width = text_width(&font, text, px);
        let x = match align {
            Align::Left => left as f32,
            Align::Centre => left as f32 + ((right - left) as f32 - width).max(0.0) / 2.0,
        };
        let baseline = self.y as f32 + scaled.ascent();
        self.reach(self.y + height);
        draw_text(&mut self.raster, &font, text, px, x, baseline);
        self.y += height;
    }

    /// A ticket number as large as the width allows, centred; returns its rows of ink.
    fn number(&mut self, text: &str) -> (u32, u32) {
        let font = self.bold.clone();
        let room = (self.width() - 2 * self.margin) as f32;
        // Line height about half the width: capitals about 13 mm tall on 58 mm paper.
        let wanted = (self.width() as f32 * 0.5).clamp(180.0, 320.0);
        let natural = text_width(&font, text, wanted);
        let px = if natural > room {
            wanted * room / natural
        } else {
            wanted
        };
        // Placed by the ink, not the font's line box: digits and capitals have no descenders
        // and no marks, and a tight box keeps three tickets on a short slip.
        let (ink_top, ink_bottom) = ink_extent(&font, text, px);
        let x = (self.width() as f32 - text_width(&font, text, px)) / 2.0;
        let top = self.y;
        let baseline = top as f32 - ink_top;
        let bottom = top + (ink_bottom - ink_top).ceil() as u32 + 1;
        self.reach(bottom);
        draw_text(&mut self.raster, &font, text, px, x, baseline);
        self.y = bottom;
        (top, bottom)
    }

    /// The QR code of `payload` at the left margin, with `lines` wrapped beside it; returns
    /// the code's square `(left, top, side)`.
    fn qr_with_text(
        &mut self,
        payload: &str,
        lines: &[(Face, String, f32)],
    ) -> Result<(u32, u32, u32), PrintError> {
        const QUIET: u32 = 4;
        let code = qrcode::QrCode::with_error_correction_level(payload, qrcode::EcLevel::M)
            .map_err(|e| PrintError::Image(format!("cannot make the QR code: {e}")))?;
        let modules = code.width() as u32;
        let colors = code.to_colors();
        // About 0.6–1 mm a module: kiosk scanners read it off paper at arm's length.
        let module = (self.width() * 45 / 100 / (modules + 2 * QUIET)).clamp(3, 8);
        let side = (modules + 2 * QUIET) * module;
        let (left, top) = (self.margin.saturating_sub(QUIET * module / 2), self.y);
        self.reach(top + side);
        for (i, color) in colors.iter().enumerate() {
            if *color != qrcode::Color::Dark {
                continue;
            }
            let mx = (i as u32 % modules + QUIET) * module + left;
            let my = (i as u32 / modules + QUIET) * module + top;
            for y in my..my + module {
                for x in mx..mx + module {
                    self.raster.set(x, y);
                }
            }
        }
        // The text sits level with the code's modules, not its quiet zone.
        let text_left = left + side;
        let text_right = self.width() - self.margin;
        self.y = top + QUIET * module;
        for (face, text, px) in lines {
            let room = text_right.saturating_sub(text_left) as f32;
            for line in wrap(self.font(*face), text, *px, room) {
                self.line(*face, &line, *px, Align::Left, text_left, text_right);
            }
            self.y += 4;
        }
        self.y = self.y.max(top + side);
        self.reach(self.y);
        Ok((left, top, side))
    }

    fn finish(mut self) -> Raster {
        self.raster.set_height(self.y);
        self.raster
    }
}

/// `text` in lines no wider than `room` at `px`: greedy on spaces, a word too long for a line
/// broken between letters.
fn wrap(font: &FontRef, text: &str, px: f32, room: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(font, &candidate, px) <= room {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if text_width(font, word, px) <= room {
            line = word.to_string();
            continue;
        }
        for ch in word.chars() {
            let mut longer = line.clone();
            longer.push(ch);
            if !line.is_empty() && text_width(font, &longer, px) > room {
                lines.push(std::mem::take(&mut line));
                line.push(ch);
            } else {
                line = longer;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The glyphs of `text` laid out from `(x, baseline)`.
fn layout(font: &FontRef, text: &str, px: f32, x: f32, baseline: f32) -> Vec<ab_glyph::Glyph> {
    let scaled = font.as_scaled(PxScale::from(px));
    let mut pen = x;
    let mut previous = None;
    let mut glyphs = Vec::new();
    for ch in text.chars() {
        let id = scaled.glyph_id(ch);
        if let Some(prev) = previous {
            pen += scaled.kern(prev, id);
        }
        glyphs.push(id.with_scale_and_position(px, ab_glyph::point(pen, baseline)));
        pen += scaled.h_advance(id);
        previous = Some(id);
    }
    glyphs
}

/// How far above (negative) and below the baseline the ink of `text` reaches.
fn ink_extent(font: &FontRef, text: &str, px: f32) -> (f32, f32) {
    let mut extent: Option<(f32, f32)> = None;
    for glyph in layout(font, text, px, 0.0, 0.0) {
        if let Some(outlined) = font.outline_glyph(glyph) {
            let b = outlined.px_bounds();
            extent = Some(match extent {
                None => (b.min.y, b.max.y),
                Some((top, bottom)) => (top.min(b.min.y), bottom.max(b.max.y)),
            });
        }
    }
    extent.unwrap_or((-px * 0.7, 0.0))
}

/// Draws `text` in black where a glyph covers at least half a dot.
fn draw_text(raster: &mut Raster, font: &FontRef, text: &str, px: f32, x: f32, baseline: f32) {
    for glyph in layout(font, text, px, x, baseline) {
        let Some(outlined) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        outlined.draw(|gx, gy, coverage| {
            if coverage < 0.5 {
                return;
            }
            let dx = bounds.min.x as i64 + i64::from(gx);
            let dy = bounds.min.y as i64 + i64::from(gy);
            if let (Ok(dx), Ok(dy)) = (u32::try_from(dx), u32::try_from(dy)) {
                raster.set(dx, dy);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slip(tickets: usize) -> TicketSlip {
        let ticket = |i: usize| SlipTicket {
            number: format!("{}{:03}", ["A", "D", "T"][i % 3], 7 + i),
            booth_name: "Công ty TNHH Điện tử Yên Bình chi nhánh Thái Nguyên".into(),
            location: format!("Gian {}", i + 1),
            ahead: Some(i as u32 * 3),
            wait_min: Some(5 + i as u32),
            called: false,
        };
        TicketSlip {
            lang: Lang::Vi,
            event_name: "Ngày hội việc làm huyện Phú Lương".into(),
            issued_at: "01/12/2026 · 08:42".into(),
            tickets: (0..tickets).map(ticket).collect(),
            qr_payload: "FD1:PL26:RHLRVV".into(),
            code: "RHLRVV".into(),
        }
    }

    #[test]
    fn every_vietnamese_letter_has_a_glyph_in_both_faces() {
        for bytes in [crate::slips::FONT, crate::slips::FONT_BOLD] {
            let font = FontRef::try_from_slice(bytes).expect("font");
            for letter in VIETNAMESE_LETTERS.chars() {
                assert_ne!(font.glyph_id(letter).0, 0, "{letter} is missing");
            }
        }
    }

    #[test]
    fn the_letter_groups_hold_every_letter_once() {
        let (lower, upper) = letter_groups();
        let all: String = format!("{lower}{upper}").split_whitespace().collect();
        assert_eq!(all, VIETNAMESE_LETTERS);
        assert!(lower.starts_with("aàáảãạ ăằắẳẵặ âầấẩẫậ b c d đ"));
        assert!(upper.starts_with("AÀÁẢÃẠ"));
    }

    #[test]
    fn numbers_are_large_and_inked_and_the_slip_fits_the_width() {
        for width in [384, 480, 576] {
            let drawn = render_tickets(&slip(3), width).expect("slip");
            assert_eq!(drawn.raster.width(), width);
            assert_eq!(drawn.numbers.len(), 3);
            for &(top, bottom) in &drawn.numbers {
                // At least 12 mm tall, and well inked.
                assert!(bottom - top >= 96, "number {} rows tall", bottom - top);
                assert!(drawn.raster.ink_in_rows(top, bottom) > 2000);
            }
            let (left, top, side) = drawn.qr;
            assert!(left + side <= width && top + side <= drawn.raster.height());
        }
    }

    #[test]
    fn long_words_wrap_inside_the_margins() {
        let font = FontRef::try_from_slice(crate::slips::FONT).expect("font");
        let lines = wrap(&font, &"Nghiêng".repeat(12), 26.0, 300.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(&font, l, 26.0) <= 300.0));
        assert_eq!(lines.concat(), "Nghiêng".repeat(12));
        assert!(wrap(&font, "   ", 26.0, 300.0).is_empty());
    }

    #[test]
    fn the_test_slip_is_framed_on_the_edges() {
        let drawn = render_test(384, Lang::Vi).expect("test slip");
        let r = &drawn.raster;
        assert!(r.get(0, 0) && r.get(383, r.height() - 1));
        assert!(r.get(0, r.height() / 2) && r.get(383, r.height() / 2));
        assert_eq!(drawn.numbers.len(), 1);
    }
}
