//! Registering a person without a card: the form, every refused field's message next to it,
//! and the possible duplicates before anything is created.

use super::fields::{commune_ui, gender_ui, sensitive_ui};
use super::{HelpdeskCommand, HelpdeskState, field_ui};
use crate::ui::booth::notice_ui;
use crate::ui::i18n::{tr, trf};

/// The registration form.
pub fn register_ui(ui: &mut egui::Ui, state: &mut HelpdeskState) -> Vec<HelpdeskCommand> {
    let lang = state.lang;
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        if ui.button(tr(lang, "hd.back")).clicked() {
            commands.push(HelpdeskCommand::Back);
        }
        ui.heading(tr(lang, "hd.new_registration"));
    });
    notice_ui(ui, state.notice.as_ref(), None);
    let errors: Vec<Option<String>> = [
        "full_name",
        "birth",
        "commune",
        "phone",
        "id_number",
        "gender",
    ]
    .iter()
    .map(|f| state.field_error(f))
    .collect();
    let communes = state.communes.clone();
    let form = &mut state.form;
    field_ui(
        ui,
        tr(lang, "hd.f.name"),
        &mut form.full_name,
        errors[0].clone(),
    );
    field_ui(
        ui,
        tr(lang, "hd.f.birth"),
        &mut form.birth,
        errors[1].clone(),
    );
    gender_ui(ui, lang, &mut form.gender, "hd-register-gender");
    if let Some(err) = &errors[5] {
        ui.colored_label(egui::Color32::from_rgb(200, 30, 30), err);
    }
    commune_ui(
        ui,
        lang,
        &communes,
        &mut form.commune,
        &mut form.commune_other,
        errors[2].clone(),
        "hd-register-commune",
    );
    field_ui(
        ui,
        tr(lang, "hd.f.phone"),
        &mut form.phone,
        errors[3].clone(),
    );
    field_ui(
        ui,
        tr(lang, "hd.f.id_number"),
        &mut form.id_number,
        errors[4].clone(),
    );
    sensitive_ui(
        ui,
        lang,
        &mut form.household,
        &mut form.ethnic_minority,
        "hd-register-sensitive",
    );
    if state.duplicates.is_empty() {
        if ui
            .add_enabled(!state.busy, egui::Button::new(tr(lang, "hd.register")))
            .clicked()
        {
            commands.push(HelpdeskCommand::Register { force: false });
        }
        return commands;
    }
    ui.separator();
    ui.colored_label(
        egui::Color32::from_rgb(180, 110, 0),
        tr(lang, "hd.duplicates"),
    );
    for hit in &state.duplicates {
        ui.horizontal(|ui| {
            let year = hit.birth_year.map(|y| y.to_string()).unwrap_or_default();
            ui.label(format!(
                "{} · {year} · {} · {}",
                hit.name,
                hit.commune.clone().unwrap_or_default(),
                hit.masked_id.clone().unwrap_or_else(|| "—".into())
            ));
            if ui
                .button(trf(lang, "hd.this_is_them", &[("name", hit.name.as_str())]))
                .clicked()
            {
                commands.push(HelpdeskCommand::Open(hit.code.clone()));
            }
        });
    }
    if ui
        .add_enabled(
            !state.busy,
            egui::Button::new(tr(lang, "hd.register_anyway")),
        )
        .clicked()
    {
        commands.push(HelpdeskCommand::Register { force: true });
    }
    commands
}
