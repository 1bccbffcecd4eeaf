//! Small pieces the kiosk's screens share: the big touch buttons, the language switch, waits in
//! minutes, and a scanner's keystrokes on screens without a text field.

use egui::{Color32, Key, RichText, vec2};

use super::{ACCENT, Command, KioskState, Person, SCAN_MAX_CHARS, TOUCH_HEIGHT};
use crate::ui::fonts;
use crate::ui::i18n::Lang;

pub(super) fn big_button(text: impl Into<String>, width: f32) -> egui::Button<'static> {
    egui::Button::new(RichText::new(text.into()).size(30.0).strong())
        .min_size(vec2(width, TOUCH_HEIGHT))
}

pub(super) fn primary_button(text: impl Into<String>, width: f32) -> egui::Button<'static> {
    egui::Button::new(
        RichText::new(text.into())
            .size(32.0)
            .family(fonts::bold())
            .color(Color32::WHITE),
    )
    .fill(ACCENT)
    .min_size(vec2(width, TOUCH_HEIGHT + 8.0))
}

/// The VI | EN switch. It is drawn inside right-to-left layouts, so the buttons are added in
/// reverse to read "VI EN" on screen.
pub(super) fn lang_switch_ui(ui: &mut egui::Ui, state: &KioskState) -> Option<Command> {
    let mut command = None;
    for (lang, key) in [(Lang::En, "lang.en"), (Lang::Vi, "lang.vi")] {
        let text = RichText::new(state.tr(key)).size(28.0).strong();
        let button =
            egui::Button::selectable(state.lang == lang, text).min_size(vec2(84.0, TOUCH_HEIGHT));
        if ui.add(button).clicked() {
            command = Some(Command::SetLang(lang));
        }
    }
    command
}

pub(super) fn minutes(seconds: u32) -> String {
    seconds.div_ceil(60).max(1).to_string()
}

/// On screens without a text field, a scanner's keystrokes still start a new check-in: the
/// next person need not wait for the previous one's screen to time out.
pub(super) fn background_scan(ui: &mut egui::Ui, state: &mut KioskState) -> Option<Command> {
    if state.overlay.is_some() {
        return None;
    }
    let mut submit = false;
    ui.input(|i| {
        for event in &i.events {
            match event {
                egui::Event::Text(text) => state.input.push_str(text),
                egui::Event::Key {
                    key: Key::Enter,
                    pressed: true,
                    ..
                } => submit = true,
                _ => {}
            }
        }
    });
    if state.input.chars().count() > SCAN_MAX_CHARS {
        state.input.clear();
    }
    submit.then(|| Command::Scan(std::mem::take(&mut state.input)))
}

/// For a name read from a damaged card: a kind line saying the help desk will check it, so
/// the attendee need not fix it at a kiosk with no keyboard.
pub(super) fn name_note_ui(ui: &mut egui::Ui, lang: Lang, person: &Person) {
    if person.name_unconfirmed {
        let text = RichText::new(crate::ui::i18n::tr(lang, "walk.name_flagged"))
            .size(22.0)
            .color(Color32::from_rgb(120, 60, 0));
        ui.add(egui::Label::new(text).wrap());
    }
}
