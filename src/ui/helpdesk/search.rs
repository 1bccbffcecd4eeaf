//! The search page: one field with the focus, results as staff type, best first.

use super::{HelpdeskCommand, HelpdeskState};
use crate::ui::booth::notice_ui;
use crate::ui::i18n::{tr, trf};

/// The list of people matching the typed text. Typing searches; Enter opens the first result.
pub fn search_ui(ui: &mut egui::Ui, state: &mut HelpdeskState) -> Vec<HelpdeskCommand> {
    let lang = state.lang;
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        ui.heading(tr(lang, "hd.title"));
        let label = ui.label(tr(lang, "hd.search"));
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut state.query)
                    .hint_text(tr(lang, "hd.search_hint"))
                    .desired_width(420.0),
            )
            .labelled_by(label.id);
        if !field.has_focus() && !ui.ctx().memory(|m| m.focused().is_some()) {
            field.request_focus();
        }
        if field.changed() {
            commands.push(HelpdeskCommand::Search(state.query.clone()));
        }
        if field.lost_focus()
            && ui.input(|i| i.key_pressed(egui::Key::Enter))
            && let Some(first) = state.results.first()
        {
            commands.push(HelpdeskCommand::Open(first.code.clone()));
        }
        if ui.button(tr(lang, "hd.new_registration")).clicked() {
            commands.push(HelpdeskCommand::NewRegistration);
        }
    });
    notice_ui(ui, state.notice.as_ref(), None);
    ui.separator();
    if !state.answered.trim().is_empty() && state.results.is_empty() {
        ui.label(tr(lang, "hd.no_results"));
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("hd-results").striped(true).show(ui, |ui| {
            for hit in &state.results {
                let checked = match hit.checked_in {
                    Some(at) => trf(
                        lang,
                        "hd.checked_in_at",
                        &[("time", &at.with_timezone(&vn()).format("%H:%M").to_string())],
                    ),
                    None => tr(lang, "hd.not_checked_in").to_string(),
                };
                ui.label(&hit.name);
                ui.label(hit.birth_year.map(|y| y.to_string()).unwrap_or_default());
                ui.label(hit.commune.clone().unwrap_or_default());
                ui.label(hit.masked_id.clone().unwrap_or_else(|| "—".into()));
                ui.label(checked);
                if ui
                    .button(trf(lang, "hd.open", &[("name", hit.name.as_str())]))
                    .clicked()
                {
                    commands.push(HelpdeskCommand::Open(hit.code.clone()));
                }
                ui.end_row();
            }
        });
    });
    commands
}

/// The fair's clock for times shown (Vietnam; the engine stores UTC).
pub(super) fn vn() -> chrono::FixedOffset {
    crate::domain::event::event_offset(crate::domain::event::VIETNAM_UTC_OFFSET_MIN)
}
