//! The welcome screen: the event, the scan prompt with its pictures, and the keypad. Its scan
//! field keeps the keyboard focus, so a USB scanner works without a touch.

use egui::{Align, Color32, Key, Layout, RichText, Sense, Stroke, vec2};

use super::widgets::lang_switch_ui;
use super::{ACCENT, Command, KioskState, SCAN_MAX_CHARS, TOUCH_HEIGHT};
use crate::ui::fonts;
use crate::ui::keypad::{KeypadEvent, keypad_ui};

/// Welcome: event, scan prompt, keypad, language switch, help line. The scan field keeps the
/// keyboard focus so a USB scanner works without a touch.
pub fn welcome_ui(ui: &mut egui::Ui, state: &mut KioskState) -> Option<Command> {
    let mut command = None;
    let (name, place) = match &state.event {
        Some(e) => (
            e.name.to_uppercase(),
            format!("{} · {}", e.venue, e.date.format("%d/%m/%Y")),
        ),
        None => (String::new(), String::new()),
    };
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            // Room for the language switch: a long event name wraps rather than run under it
            // (a portrait screen is narrow).
            ui.set_max_width(ui.available_width() - 220.0);
            ui.add(
                egui::Label::new(
                    RichText::new(name)
                        .size(40.0)
                        .family(fonts::bold())
                        .color(ACCENT),
                )
                .wrap(),
            );
            ui.label(RichText::new(place).size(26.0));
        });
        ui.with_layout(Layout::right_to_left(Align::Min), |ui| {
            if let Some(c) = lang_switch_ui(ui, state) {
                command = Some(c);
            }
        });
    });
    ui.add_space(8.0);
    ui.label(RichText::new(state.tr("welcome")).size(30.0));
    ui.separator();
    ui.add_space(12.0);

    let help_height = 90.0;
    let body_height = (ui.available_height() - help_height).max(420.0);
    if ui.available_width() < super::NARROW_WIDTH {
        // A portrait screen: how to scan on top, a larger picture, the keypad below it,
        // rather than two squeezed columns over an empty lower half.
        ui.vertical(|ui| {
            ui.set_height(body_height);
            let width = ui.available_width();
            scan_help_ui(ui, state, width, 640.0);
            ui.add_space(32.0);
            ui.separator();
            ui.add_space(16.0);
            if let Some(c) = type_ui(ui, state) {
                command = Some(c);
            }
        });
    } else {
        ui.horizontal(|ui| {
            ui.set_height(body_height);
            // Left: how to scan.
            let left_width = (ui.available_width() * 0.52).max(360.0);
            ui.vertical(|ui| scan_help_ui(ui, state, left_width, 460.0));
            ui.separator();
            // Right: type with the keypad. The same field receives a scanner's keystrokes.
            ui.vertical(|ui| {
                if let Some(c) = type_ui(ui, state) {
                    command = Some(c);
                }
            });
        });
    }
    ui.with_layout(Layout::bottom_up(Align::Min), |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(state.tr("help_line")).size(28.0).strong());
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                let button = egui::Button::new(RichText::new(state.tr("organiser")).size(20.0))
                    .frame(false)
                    .min_size(vec2(160.0, 64.0));
                if ui.add(button).clicked() {
                    command = Some(Command::OpenLock);
                }
            });
        });
    });
    command
}

/// How to scan: the QR symbol and the prompt, and a card held under a scanner (at most
/// `picture` wide), in `width`.
fn scan_help_ui(ui: &mut egui::Ui, state: &KioskState, width: f32, picture: f32) {
    ui.set_width(width);
    ui.add_space(20.0);
    ui.horizontal(|ui| {
        qr_icon_ui(ui, 150.0);
        ui.add_space(16.0);
        ui.add(
            egui::Label::new(
                RichText::new(state.tr("scan_prompt"))
                    .size(38.0)
                    .family(fonts::bold()),
            )
            .wrap(),
        );
    });
    ui.add_space(24.0);
    card_under_scanner_ui(ui, width.min(picture));
}

/// The scan field, which keeps the keyboard focus for a USB scanner, and the keypad.
fn type_ui(ui: &mut egui::Ui, state: &mut KioskState) -> Option<Command> {
    let mut command = None;
    let label = ui.label(RichText::new(state.tr("type_prompt")).size(28.0));
    let edit = egui::TextEdit::singleline(&mut state.input)
        .font(egui::FontId::new(34.0, egui::FontFamily::Monospace))
        .char_limit(SCAN_MAX_CHARS)
        .desired_width(350.0)
        .min_size(vec2(350.0, TOUCH_HEIGHT))
        .align(egui::Align2::LEFT_CENTER)
        .id(egui::Id::unique("kiosk-scan-input"));
    let now = state.now;
    ui.input(|i| {
        let typed: Vec<&str> = i
            .events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Text(text) => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let any_key = i
            .events
            .iter()
            .any(|e| matches!(e, egui::Event::Key { .. }));
        state.burst.frame(&typed, any_key, now);
    });
    let response = ui.add(edit).labelled_by(label.id);
    let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    // Only when needed: asking for focus every frame would also ask the system for
    // its input method every frame.
    if state.overlay.is_none() && !response.has_focus() {
        response.request_focus();
    }
    if entered {
        // A scanner's burst is the scan, whatever was typed before it.
        let typed = std::mem::take(&mut state.input);
        let scan = state.burst.scan_at(now).unwrap_or(typed);
        command = Some(Command::Scan(scan));
    }
    ui.add_space(10.0);
    if keypad_ui(ui, state.lang, &mut state.input, 16, "welcome") == KeypadEvent::Submit {
        command = Some(Command::Scan(std::mem::take(&mut state.input)));
    }
    command
}

/// A simple QR symbol, drawn rather than shipped as an image.
fn qr_icon_ui(ui: &mut egui::Ui, size: f32) {
    let (rect, _) = ui.allocate_exact_size(vec2(size, size), Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 12.0, Color32::WHITE);
    painter.rect_stroke(
        rect,
        12.0,
        Stroke::new(3.0, ACCENT),
        egui::StrokeKind::Inside,
    );
    let cell = size / 9.0;
    let at = |x: f32, y: f32, w: f32| {
        egui::Rect::from_min_size(
            rect.min + vec2(x * cell, y * cell),
            vec2(w * cell, w * cell),
        )
    };
    for (x, y) in [(1.0, 1.0), (5.0, 1.0), (1.0, 5.0)] {
        painter.rect_filled(at(x, y, 3.0), 2.0, Color32::BLACK);
        painter.rect_filled(at(x + 0.6, y + 0.6, 1.8), 1.0, Color32::WHITE);
        painter.rect_filled(at(x + 1.0, y + 1.0, 1.0), 0.0, Color32::BLACK);
    }
    for (x, y) in [(5.0, 5.0), (6.5, 6.0), (5.5, 7.0), (7.0, 5.0)] {
        painter.rect_filled(at(x, y, 1.0), 0.0, Color32::BLACK);
    }
}

/// A card held under a scanner's light: the picture that tells people what to do.
fn card_under_scanner_ui(ui: &mut egui::Ui, width: f32) {
    let height = width * 0.5;
    let (rect, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    let painter = ui.painter_at(rect);
    let card = egui::Rect::from_min_size(
        rect.min + vec2(width * 0.1, height * 0.28),
        vec2(width * 0.6, height * 0.68),
    );
    painter.rect_filled(card, 10.0, Color32::from_rgb(225, 236, 246));
    painter.rect_stroke(
        card,
        10.0,
        Stroke::new(2.0, ACCENT),
        egui::StrokeKind::Inside,
    );
    let qr = egui::Rect::from_min_size(
        card.min + vec2(card.width() * 0.06, card.height() * 0.15),
        vec2(card.height() * 0.6, card.height() * 0.6),
    );
    painter.rect_filled(qr, 2.0, Color32::BLACK);
    for i in 0..3 {
        let y = card.min.y + card.height() * (0.22 + 0.2 * i as f32);
        painter.line_segment(
            [
                egui::pos2(qr.max.x + 14.0, y),
                egui::pos2(card.max.x - 14.0, y),
            ],
            Stroke::new(4.0, Color32::GRAY),
        );
    }
    // The scanner above, with its beam.
    let head = egui::Rect::from_min_size(
        rect.min + vec2(width * 0.14, 0.0),
        vec2(width * 0.26, height * 0.14),
    );
    painter.rect_filled(head, 6.0, Color32::DARK_GRAY);
    painter.add(egui::Shape::convex_polygon(
        vec![
            egui::pos2(head.min.x + 8.0, head.max.y),
            egui::pos2(head.max.x - 8.0, head.max.y),
            egui::pos2(qr.max.x + 6.0, qr.min.y),
            egui::pos2(qr.min.x - 6.0, qr.min.y),
        ],
        Color32::from_rgba_unmultiplied(220, 40, 40, 60),
        Stroke::NONE,
    ));
}
