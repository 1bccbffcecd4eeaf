//! A person's page: who they are, check in or out on their behalf, their tickets (issue one
//! with the kiosk's rules, cancel one), and the correction form.

use super::fields::{commune_ui, gender_ui, sensitive_ui};
use super::{HelpdeskCommand, HelpdeskState, field_ui};
use crate::domain::Direction;
use crate::ui::booth::{household_label, notice_ui};
use crate::ui::i18n::{tr, trf};

/// The open person's page.
pub fn person_ui(ui: &mut egui::Ui, state: &mut HelpdeskState) -> Vec<HelpdeskCommand> {
    let lang = state.lang;
    let mut commands = Vec::new();
    let Some(person) = state.person.clone() else {
        return commands;
    };
    let p = &person.profile;
    ui.horizontal(|ui| {
        if ui.button(tr(lang, "hd.back")).clicked() {
            commands.push(HelpdeskCommand::Back);
        }
        ui.heading(&p.name);
    });
    notice_ui(ui, state.notice.as_ref(), None);
    let mut facts = Vec::new();
    if let Some(age) = p.age {
        facts.push(trf(lang, "hd.age", &[("age", &age.to_string())]));
    }
    if let Some(commune) = &p.commune {
        facts.push(commune.clone());
    }
    facts.push(household_label(lang, person.household).to_string());
    if let Some(id) = &p.masked_id {
        facts.push(id.clone());
    }
    if let Some(phone) = &person.masked_phone {
        facts.push(phone.clone());
    }
    ui.label(facts.join(" · "));
    ui.horizontal(|ui| {
        let status = match person.checked_in_today {
            Some(at) => trf(
                lang,
                "hd.checked_in_at",
                &[(
                    "time",
                    &at.with_timezone(&super::search::vn())
                        .format("%H:%M")
                        .to_string(),
                )],
            ),
            None => tr(lang, "hd.not_checked_in").to_string(),
        };
        ui.label(status);
        let enabled = !state.busy;
        if person.on_site {
            if ui
                .add_enabled(enabled, egui::Button::new(tr(lang, "hd.check_out")))
                .clicked()
            {
                commands.push(HelpdeskCommand::Checkin(Direction::Out));
            }
        } else if ui
            .add_enabled(enabled, egui::Button::new(tr(lang, "hd.check_in")))
            .clicked()
        {
            commands.push(HelpdeskCommand::Checkin(Direction::In));
        }
    });
    ui.separator();
    ui.label(tr(lang, "your_tickets"));
    for ticket in &p.open_tickets {
        ui.horizontal(|ui| {
            let ahead = ticket.position.map_or(0, |n| n.saturating_sub(1));
            ui.label(trf(
                lang,
                "hd.ticket_line",
                &[
                    ("ticket", ticket.ticket.as_str()),
                    ("location", ticket.location.as_str()),
                    ("ahead", &ahead.to_string()),
                ],
            ));
            if ui
                .add_enabled(
                    !state.busy,
                    egui::Button::new(trf(
                        lang,
                        "hd.cancel",
                        &[("ticket", ticket.ticket.as_str())],
                    )),
                )
                .clicked()
            {
                commands.push(HelpdeskCommand::CancelTicket(ticket.ticket.clone()));
            }
        });
    }
    if ui
        .add_enabled(!state.busy, egui::Button::new(tr(lang, "hd.reprint")))
        .clicked()
    {
        commands.push(HelpdeskCommand::Reprint);
    }
    if let Some(suggestions) = &state.suggestions {
        ui.label(tr(lang, "hd.take_ticket"));
        ui.horizontal_wrapped(|ui| {
            for booth in suggestions.employers.iter().chain(&suggestions.counselling) {
                let label = trf(
                    lang,
                    "hd.ticket_at",
                    &[
                        ("booth", booth.name.as_str()),
                        ("waiting", &booth.waiting.to_string()),
                    ],
                );
                if ui
                    .add_enabled(!state.busy, egui::Button::new(label))
                    .clicked()
                {
                    commands.push(HelpdeskCommand::IssueTicket(booth.code.clone()));
                }
            }
        });
    }
    ui.separator();
    ui.label(tr(lang, "hd.correct"));
    let error = |field: &str| state.field_error(field);
    let (name_err, birth_err, gender_err, commune_err, phone_err, education_err, interests_err) = (
        error("full_name"),
        error("birth"),
        error("gender"),
        error("commune"),
        error("phone"),
        error("education"),
        error("interests"),
    );
    let communes = state.communes.clone();
    let form = &mut state.correction;
    field_ui(ui, tr(lang, "hd.f.name"), &mut form.full_name, name_err);
    field_ui(ui, tr(lang, "hd.f.birth"), &mut form.birth, birth_err);
    gender_ui(ui, lang, &mut form.gender, "hd-correct-gender");
    if let Some(err) = gender_err {
        ui.colored_label(egui::Color32::from_rgb(200, 30, 30), err);
    }
    commune_ui(
        ui,
        lang,
        &communes,
        &mut form.commune,
        &mut form.commune_other,
        commune_err,
        "hd-correct-commune",
    );
    field_ui(ui, tr(lang, "hd.f.new_phone"), &mut form.phone, phone_err);
    field_ui(
        ui,
        tr(lang, "hd.f.education"),
        &mut form.education,
        education_err,
    );
    field_ui(
        ui,
        tr(lang, "hd.f.interests"),
        &mut form.interests,
        interests_err,
    );
    sensitive_ui(
        ui,
        lang,
        &mut form.household,
        &mut form.ethnic_minority,
        "hd-correct-sensitive",
    );
    if ui
        .add_enabled(!state.busy, egui::Button::new(tr(lang, "hd.save")))
        .clicked()
    {
        commands.push(HelpdeskCommand::SaveCorrection);
    }
    commands
}
