//! The greeting over every screen after the scan (the attendee's own name and a way out), and
//! a walk-in's optional questions with the phone keypad dialog, which sit on the choose screen.
//! A name from a damaged card is not put to the attendee here (issue 13, item 7): the record
//! keeps its "name to check" flag and `widgets::name_note_ui` says so kindly.

use egui::{Align, Color32, Layout, RichText, Stroke, vec2};

use super::widgets::{big_button, lang_switch_ui};
use super::{ACCENT, Answers, Command, KioskState, Person, Phase};
use crate::domain::{Household, YesNo};
use crate::ui::fonts;
use crate::ui::i18n::{Lang, tr, trf};
use crate::ui::keypad::{KeypadEvent, keypad_ui};

/// The least width and height of an optional-answer button, in points: the big buttons' height,
/// so that even on a portrait 1080-wide screen, drawn at zoom 0.84, a short answer ("Có") is
/// still 64 px across on the glass (DESIGN §7; issue 13, item 3).
const ANSWER_SIZE: f32 = super::TOUCH_HEIGHT;

/// The top bar of every attendee screen after the scan: greeting and a cancel button.
pub(super) fn greeting_ui(
    ui: &mut egui::Ui,
    state: &KioskState,
    person: &Person,
) -> Option<Command> {
    let mut command = None;
    // Beside issued tickets "Cancel" reads as cancelling them; it only leaves.
    let (leave, width) = match state.phase {
        Phase::Tickets { .. } => ("walk.leave", 260.0),
        _ => ("cancel", 140.0),
    };
    ui.horizontal(|ui| {
        let mut name = person.brief.name.clone();
        if let Some(masked) = &person.brief.masked_id {
            name = format!("{name} ({masked})");
        }
        // The greeting wraps before the buttons on its right (VI, EN and the way out), never
        // under them: a portrait screen is 1080 points wide.
        let buttons = width + 2.0 * 84.0 + 4.0 * ui.spacing().item_spacing.x;
        ui.vertical(|ui| {
            let room = (ui.available_width() - buttons).max(200.0);
            ui.set_max_width(room);
            let greeting = trf(state.lang, "greeting", &[("name", &name)]);
            // A long name is set a little smaller to stay on one line (the screens below are
            // laid out for it); only a very long one wraps.
            let fits = |size: f32| {
                let font = egui::FontId::new(size, fonts::bold());
                let color = ui.visuals().text_color();
                let width = ui.fonts_mut(|f| f.layout_no_wrap(greeting.clone(), font, color));
                width.size().x <= room
            };
            let size = [36.0, 30.0, 26.0]
                .into_iter()
                .find(|&size| fits(size))
                .unwrap_or(26.0);
            let text = RichText::new(greeting.as_str())
                .size(size)
                .family(fonts::bold());
            ui.add(egui::Label::new(text).wrap());
        });
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if ui.add(big_button(state.tr(leave), width)).clicked() {
                command = Some(Command::Reset);
            }
            if let Some(c) = lang_switch_ui(ui, state) {
                command = Some(c);
            }
        });
    });
    ui.separator();
    command
}

/// The walk-in's optional questions as framed rows of buttons above the booth cards: an
/// answer is one touch, skipping is none. The phone opens a keypad dialog.
pub(super) fn questions_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ask: &[String],
    answers: &Answers,
) -> Option<Command> {
    let asks = |what: &str| ask.iter().any(|a| a == what);
    let mut command = None;
    let narrow = ui.available_width() < super::NARROW_WIDTH;
    ui.scope(|ui| {
        ui.spacing_mut().button_padding = vec2(10.0, 8.0);
        ui.horizontal_wrapped(|ui| {
            if asks("household") {
                question_frame_ui(ui, tr(lang, "q.household"), |ui| {
                    for (h, key) in [
                        (Household::Poor, "hh.poor"),
                        (Household::NearPoor, "hh.near_poor"),
                        (Household::Escaped, "hh.escaped"),
                        (Household::Other, "hh.other"),
                    ] {
                        let chosen = answers.household == Some(h);
                        if ui.add(answer_button(tr(lang, key), chosen)).clicked() {
                            command = Some(Command::SetHousehold((!chosen).then_some(h)));
                        }
                    }
                });
            }
            if asks("ethnic_minority") {
                question_frame_ui(ui, tr(lang, "q.ethnic_minority"), |ui| {
                    for (value, key) in [(YesNo::Yes, "yes"), (YesNo::No, "no")] {
                        let chosen = answers.ethnic_minority == Some(value);
                        if ui.add(answer_button(tr(lang, key), chosen)).clicked() {
                            command = Some(Command::SetEthnicMinority((!chosen).then_some(value)));
                        }
                    }
                });
            }
            if asks("phone") {
                // On a portrait screen the three questions do not fit one row: a frame is not
                // moved to the next row by itself, it would be squeezed instead.
                if narrow {
                    ui.end_row();
                }
                question_frame_ui(ui, tr(lang, "q.phone"), |ui| {
                    let (text, chosen) = if answers.phone.is_empty() {
                        (tr(lang, "q.phone_enter").to_string(), false)
                    } else {
                        (answers.phone.clone(), true)
                    };
                    if ui.add(answer_button(&text, chosen)).clicked() {
                        command = Some(Command::OpenPhone);
                    }
                });
            }
        });
    });
    command
}

/// One optional question: its title over a row of answer buttons, framed.
fn question_frame_ui(ui: &mut egui::Ui, title: &str, add_answers: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::group(ui.style())
        .stroke(Stroke::new(1.5, ACCENT))
        .corner_radius(10.0)
        .inner_margin(vec2(10.0, 6.0))
        .show(ui, |ui| {
            ui.vertical(|ui| {
                ui.spacing_mut().item_spacing.y = 4.0;
                ui.add(egui::Label::new(RichText::new(title).size(20.0).strong()).extend());
                ui.horizontal(add_answers);
            });
        });
}

fn answer_button(text: &str, chosen: bool) -> egui::Button<'static> {
    // Framed even when not chosen, so each answer reads as something to touch.
    egui::Button::selectable(chosen, RichText::new(text).size(22.0))
        .frame_when_inactive(true)
        .min_size(vec2(ANSWER_SIZE, ANSWER_SIZE))
}

/// The phone number on a keypad, in a dialog over the choose screen.
pub(super) fn phone_dialog_ui(ctx: &egui::Context, state: &mut KioskState) -> Option<Command> {
    let lang = state.lang;
    let Phase::Choose {
        phone_entry: Some(entry),
        ..
    } = &mut state.phase
    else {
        return None;
    };
    let mut command = None;
    let width = 3.0 * crate::ui::keypad::KEY_SIZE.x + 20.0;
    let modal = egui::Modal::new(egui::Id::unique("kiosk-phone")).show(ctx, |ui| {
        ui.set_width(width);
        ui.label(RichText::new(tr(lang, "q.phone")).size(30.0).strong());
        let shown = if entry.digits.is_empty() {
            "_".to_string()
        } else {
            entry.digits.clone()
        };
        ui.label(RichText::new(shown).size(40.0).monospace());
        if entry.invalid {
            ui.add(
                egui::Label::new(
                    RichText::new(tr(lang, "phone_invalid"))
                        .size(22.0)
                        .color(Color32::DARK_RED),
                )
                .wrap(),
            );
        }
        if keypad_ui(ui, lang, &mut entry.digits, 12, "phone") == KeypadEvent::Submit {
            command = Some(Command::SavePhone);
        }
        ui.add_space(8.0);
        if ui.add(big_button(tr(lang, "back"), width)).clicked() {
            command = Some(Command::ClosePhone);
        }
    });
    if command.is_none() && modal.should_close() {
        command = Some(Command::ClosePhone);
    }
    command
}
