//! The numeric on-screen keypad of the kiosk (ID and phone numbers, the organiser PIN).

use egui::{RichText, vec2};

use super::i18n::{Lang, tr};

/// Width and height of one key: well above the 64 px touch minimum.
pub const KEY_SIZE: egui::Vec2 = vec2(110.0, 76.0);

/// What the keypad did this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum KeypadEvent {
    /// Nothing touched.
    None,
    /// The text changed (a digit or delete).
    Edited,
    /// OK was touched.
    Submit,
}

/// A 3×4 keypad editing `text` (digits only, at most `max_len`). `id_salt` keeps two keypads
/// on one screen apart.
pub fn keypad_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    text: &mut String,
    max_len: usize,
    id_salt: &str,
) -> KeypadEvent {
    let mut event = KeypadEvent::None;
    let rows: [[&str; 3]; 4] = [
        ["1", "2", "3"],
        ["4", "5", "6"],
        ["7", "8", "9"],
        ["del", "0", "ok"],
    ];
    ui.push_id(id_salt, |ui| {
        egui::Grid::new("keypad")
            .spacing(vec2(10.0, 10.0))
            .show(ui, |ui| {
                for row in rows {
                    for key in row {
                        let label = match key {
                            "del" => tr(lang, "key.delete"),
                            "ok" => tr(lang, "key.ok"),
                            digit => digit,
                        };
                        let size = if key.len() == 1 { 34.0 } else { 26.0 };
                        let button =
                            egui::Button::new(RichText::new(label).size(size)).min_size(KEY_SIZE);
                        if ui.add(button).clicked() {
                            match key {
                                "del" => {
                                    text.pop();
                                    event = KeypadEvent::Edited;
                                }
                                "ok" => event = KeypadEvent::Submit,
                                digit => {
                                    if text.chars().count() < max_len {
                                        text.push_str(digit);
                                    }
                                    event = KeypadEvent::Edited;
                                }
                            }
                        }
                    }
                    ui.end_row();
                }
            });
    });
    event
}
