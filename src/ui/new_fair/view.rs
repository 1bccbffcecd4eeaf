//! Drawing the new-fair form; the kiosk's organiser menu and the Setup screen both show it.

use egui::{Color32, RichText, vec2};

use super::NewFairForm;
use crate::domain::EventKind;
use crate::ui::i18n::{Lang, tr};

/// What the organiser pressed on the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewFairAction {
    /// Read the commune list file into the form.
    Import,
    /// Create the fair.
    Create,
    /// Leave the form.
    Cancel,
}

/// Draws `form`; returns what was pressed. `busy` disables "create" while a fair is written.
pub fn new_fair_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    form: &mut NewFairForm,
    busy: bool,
) -> Option<NewFairAction> {
    let mut action = None;
    ui.label(
        RichText::new(tr(lang, "new_fair.title"))
            .size(26.0)
            .strong(),
    );
    ui.label(RichText::new(tr(lang, "new_fair.intro")).color(Color32::from_gray(90)));
    ui.add_space(8.0);
    egui::Grid::new("new-fair")
        .num_columns(2)
        .spacing(vec2(12.0, 8.0))
        .show(ui, |ui| {
            line(ui, tr(lang, "new_fair.name"), &mut form.name, 520.0, false);
            line(ui, tr(lang, "new_fair.code"), &mut form.code, 140.0, false);
            line(ui, tr(lang, "new_fair.date"), &mut form.date, 160.0, false);
            ui.label(tr(lang, "new_fair.kind"));
            ui.horizontal(|ui| {
                for (kind, key) in [
                    (EventKind::NgayHoi, "new_fair.kind.ngay_hoi"),
                    (EventKind::PhienGd, "new_fair.kind.phien_gd"),
                    (EventKind::Other, "new_fair.kind.other"),
                ] {
                    ui.selectable_value(&mut form.kind, kind, tr(lang, key));
                }
            });
            ui.end_row();
            line(
                ui,
                tr(lang, "new_fair.venue"),
                &mut form.venue,
                520.0,
                false,
            );
            let label = ui.label(tr(lang, "new_fair.communes"));
            ui.add(
                egui::TextEdit::multiline(&mut form.communes)
                    .desired_width(520.0)
                    .desired_rows(5),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(tr(lang, "new_fair.import_path"));
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut form.import_path).desired_width(360.0))
                    .labelled_by(label.id);
                if ui.button(tr(lang, "new_fair.import")).clicked() {
                    action = Some(NewFairAction::Import);
                }
            });
            ui.end_row();
            line(ui, tr(lang, "new_fair.pin"), &mut form.pin, 160.0, true);
            line(
                ui,
                tr(lang, "new_fair.pin_again"),
                &mut form.pin_again,
                160.0,
                true,
            );
        });
    if let Some(message) = &form.message {
        ui.add_space(4.0);
        ui.label(RichText::new(message).size(18.0).strong());
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let create = egui::Button::new(
            RichText::new(tr(lang, "new_fair.create"))
                .size(20.0)
                .strong(),
        );
        if ui.add_enabled(!busy, create).clicked() {
            action = Some(NewFairAction::Create);
        }
        if ui
            .button(RichText::new(tr(lang, "new_fair.cancel")).size(20.0))
            .clicked()
        {
            action = Some(NewFairAction::Cancel);
        }
    });
    action
}

/// A labelled one-line field (the label names it for screen readers and tests); a PIN is
/// shown as dots.
fn line(ui: &mut egui::Ui, label: &str, value: &mut String, width: f32, secret: bool) {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .desired_width(width)
            .password(secret),
    )
    .labelled_by(label.id);
    ui.end_row();
}
