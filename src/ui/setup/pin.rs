//! The PIN tab: changing the organiser PIN.

use egui::{RichText, vec2};

use super::{SetupCommand, SetupState};
use crate::ui::i18n::tr;

/// The PIN change form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PinForm {
    /// The current PIN.
    pub old: String,
    /// The new PIN.
    pub new: String,
    /// The new PIN again.
    pub repeat: String,
}

pub(super) fn pin_change_ui(
    ui: &mut egui::Ui,
    state: &mut SetupState,
    commands: &mut Vec<SetupCommand>,
) {
    let lang = state.lang;
    let form = &mut state.pin_form;
    egui::Grid::new("setup-pin")
        .num_columns(2)
        .spacing(vec2(12.0, 10.0))
        .show(ui, |ui| {
            for (key, value) in [
                ("setup.pin_old", &mut form.old),
                ("setup.pin_new", &mut form.new),
                ("setup.pin_repeat", &mut form.repeat),
            ] {
                let label = ui.label(tr(lang, key));
                ui.add(
                    egui::TextEdit::singleline(value)
                        .password(true)
                        .desired_width(200.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    let ready = !form.old.is_empty() && !form.new.is_empty() && !form.repeat.is_empty();
    if ui
        .add_enabled(
            ready && !state.busy,
            egui::Button::new(RichText::new(tr(lang, "setup.pin_change")).strong()),
        )
        .clicked()
    {
        commands.push(SetupCommand::ChangePin);
    }
}
