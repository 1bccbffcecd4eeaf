//! The Event tab: the event's name, venue and date.

use egui::{RichText, vec2};

use super::frame::field;
use super::{GREY, SetupCommand, SetupState};
use crate::ui::i18n::tr;

/// The event form; filled from the engine until the organiser edits it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventForm {
    /// Event name.
    pub name: String,
    /// Venue.
    pub venue: String,
    /// Date as typed, `dd/mm/yyyy`.
    pub date: String,
    /// Filled from the engine's event (refilled after a save).
    pub loaded: bool,
}

pub(super) fn event_ui(
    ui: &mut egui::Ui,
    state: &mut SetupState,
    commands: &mut Vec<SetupCommand>,
) {
    let lang = state.lang;
    let Some(view) = &state.view else {
        ui.spinner();
        return;
    };
    let event = &view.event;
    ui.label(RichText::new(&event.name).size(26.0).strong());
    ui.label(
        RichText::new(format!(
            "{} · {} · {}–{} · {}",
            event.venue,
            event.date.format("%d/%m/%Y"),
            event.opens,
            event.closes,
            event.code
        ))
        .color(GREY),
    );
    ui.add_space(12.0);
    let form = &mut state.event;
    egui::Grid::new("setup-event")
        .num_columns(2)
        .spacing(vec2(12.0, 10.0))
        .show(ui, |ui| {
            field(ui, tr(lang, "setup.event_name"), &mut form.name, 640.0);
            ui.end_row();
            field(ui, tr(lang, "setup.venue"), &mut form.venue, 640.0);
            ui.end_row();
            field(ui, tr(lang, "setup.date"), &mut form.date, 160.0);
            ui.end_row();
        });
    ui.add_space(8.0);
    if ui
        .add_enabled(
            !state.busy,
            egui::Button::new(RichText::new(tr(lang, "setup.save_event")).strong()),
        )
        .clicked()
    {
        commands.push(SetupCommand::SaveEvent);
    }
}
