//! The Booths tab: the add-booth form, then each booth with its desks and, for an employer,
//! its vacancies, each editable in place.

use egui::{RichText, vec2};

use super::frame::{field, save_cancel_ui};
use super::{GREEN, GREY, RED, SetupCommand, SetupState};
use crate::domain::BoothKind;
use crate::fair::SetupBooth;
use crate::ui::i18n::{Lang, tr, trf};

/// The "add a booth" form.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBoothForm {
    /// Booth code, e.g. `K`.
    pub code: String,
    /// Employer or counselling table name.
    pub name: String,
    /// Where it is, e.g. "Gian 12".
    pub location: String,
    /// How many desks serve its queue.
    pub desks: u32,
    /// Employer, counselling or service.
    pub kind: BoothKind,
}

impl Default for NewBoothForm {
    fn default() -> Self {
        Self {
            code: String::new(),
            name: String::new(),
            location: String::new(),
            desks: 1,
            kind: BoothKind::Employer,
        }
    }
}

/// A booth being renamed or moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoothEdit {
    /// Which booth.
    pub code: String,
    /// New name.
    pub name: String,
    /// New location.
    pub location: String,
}

/// A desk being renamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskEdit {
    /// Which desk.
    pub code: String,
    /// What the board will call it.
    pub label: String,
}

/// A vacancy being added (`id` is `None`) or edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacancyForm {
    /// The employer booth.
    pub booth: String,
    /// The vacancy edited, or `None` for a new one.
    pub id: Option<i64>,
    /// Job title.
    pub title: String,
    /// How many people are hired.
    pub count: u32,
    /// Requirements, free text.
    pub requirements: String,
    /// Wage range, free text ("6–8 triệu/tháng").
    pub wage: String,
}

fn kind_label(lang: Lang, kind: BoothKind) -> &'static str {
    tr(
        lang,
        match kind {
            BoothKind::Employer => "setup.kind_employer",
            BoothKind::Counselling => "setup.kind_counselling",
            BoothKind::Service => "setup.kind_service",
        },
    )
}

pub(super) fn add_booth_ui(
    ui: &mut egui::Ui,
    state: &mut SetupState,
    commands: &mut Vec<SetupCommand>,
) {
    let lang = state.lang;
    let busy = state.busy;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            RichText::new(tr(lang, "setup.add_booth"))
                .size(24.0)
                .strong(),
        );
        let form = &mut state.new_booth;
        ui.horizontal_wrapped(|ui| {
            field(ui, tr(lang, "setup.code"), &mut form.code, 70.0);
            field(ui, tr(lang, "setup.name"), &mut form.name, 320.0);
            field(ui, tr(lang, "setup.location"), &mut form.location, 140.0);
            let label = ui.label(tr(lang, "setup.desks"));
            ui.add(egui::DragValue::new(&mut form.desks).range(1..=20))
                .labelled_by(label.id);
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(tr(lang, "setup.kind"));
            for kind in [
                BoothKind::Employer,
                BoothKind::Counselling,
                BoothKind::Service,
            ] {
                if ui
                    .add(egui::Button::selectable(
                        form.kind == kind,
                        kind_label(lang, kind),
                    ))
                    .clicked()
                {
                    form.kind = kind;
                }
            }
            let ready = !form.code.trim().is_empty() && !form.name.trim().is_empty();
            if ui
                .add_enabled(
                    ready && !busy,
                    egui::Button::new(RichText::new(tr(lang, "setup.add_booth")).strong()),
                )
                .clicked()
            {
                commands.push(SetupCommand::AddBooth);
            }
        });
    });
}

pub(super) fn booths_ui(
    ui: &mut egui::Ui,
    state: &mut SetupState,
    commands: &mut Vec<SetupCommand>,
) {
    let Some(view) = &state.view else {
        ui.spinner();
        return;
    };
    // Drawn from a copy, so the edit forms in `state` can be borrowed mutably meanwhile.
    let booths = view.booths.clone();
    for booth in &booths {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            booth_ui(ui, state, booth, commands);
        });
        ui.add_space(4.0);
    }
}

fn booth_ui(
    ui: &mut egui::Ui,
    state: &mut SetupState,
    booth: &SetupBooth,
    commands: &mut Vec<SetupCommand>,
) {
    let lang = state.lang;
    let busy = state.busy;
    let code = booth.code.as_str();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(code).size(26.0).strong());
        ui.label(RichText::new(&booth.name).size(22.0).strong());
        ui.label(
            RichText::new(format!(
                "· {} · {}",
                booth.location,
                kind_label(lang, booth.kind)
            ))
            .color(GREY),
        );
        if booth.open {
            ui.label(RichText::new(tr(lang, "setup.booth_open")).color(GREEN));
        } else {
            ui.label(
                RichText::new(tr(lang, "setup.booth_closed"))
                    .color(RED)
                    .strong(),
            );
        }
    });
    ui.horizontal_wrapped(|ui| {
        let args = [("code", code)];
        if ui
            .add_enabled(
                !busy,
                egui::Button::new(trf(lang, "setup.edit_booth", &args)),
            )
            .clicked()
        {
            state.booth_edit = Some(BoothEdit {
                code: booth.code.clone(),
                name: booth.name.clone(),
                location: booth.location.clone(),
            });
        }
        let (key, open) = if booth.open {
            ("setup.close_booth", false)
        } else {
            ("setup.reopen_booth", true)
        };
        if ui
            .add_enabled(!busy, egui::Button::new(trf(lang, key, &args)))
            .clicked()
        {
            commands.push(SetupCommand::SetBoothOpen(booth.code.clone(), open));
        }
        if ui
            .add_enabled(!busy, egui::Button::new(trf(lang, "setup.add_desk", &args)))
            .clicked()
        {
            commands.push(SetupCommand::AddDesk(booth.code.clone()));
        }
        if booth.kind == BoothKind::Employer
            && ui
                .add_enabled(
                    !busy,
                    egui::Button::new(trf(lang, "setup.add_vacancy", &args)),
                )
                .clicked()
        {
            state.vacancy = Some(VacancyForm {
                booth: booth.code.clone(),
                id: None,
                title: String::new(),
                count: 1,
                requirements: String::new(),
                wage: String::new(),
            });
        }
    });
    if let Some(edit) = &mut state.booth_edit
        && edit.code == booth.code
    {
        let mut cancel = false;
        ui.horizontal_wrapped(|ui| {
            field(ui, tr(lang, "setup.name"), &mut edit.name, 320.0);
            field(ui, tr(lang, "setup.location"), &mut edit.location, 160.0);
            cancel = save_cancel_ui(
                ui,
                lang,
                busy,
                "setup.save",
                SetupCommand::SaveBooth,
                commands,
            );
        });
        if cancel {
            state.booth_edit = None;
        }
    }
    desks_ui(ui, state, booth, commands);
    if booth.kind == BoothKind::Employer {
        vacancies_ui(ui, state, booth, commands);
    }
}

fn desks_ui(
    ui: &mut egui::Ui,
    state: &mut SetupState,
    booth: &SetupBooth,
    commands: &mut Vec<SetupCommand>,
) {
    let lang = state.lang;
    let busy = state.busy;
    egui::Grid::new(("setup-desks", &booth.code))
        .num_columns(5)
        .spacing(vec2(12.0, 4.0))
        .show(ui, |ui| {
            for desk in &booth.desks {
                let args = [("desk", desk.code.as_str())];
                if desk.closed {
                    ui.label(RichText::new(&desk.code).strong().color(GREY));
                    ui.label(RichText::new(&desk.label).color(GREY));
                    ui.label(RichText::new(tr(lang, "setup.desk_closed")).color(RED));
                    ui.label("");
                    if ui
                        .add_enabled(
                            !busy,
                            egui::Button::new(trf(lang, "setup.reopen_desk", &args)),
                        )
                        .clicked()
                    {
                        commands.push(SetupCommand::SetDeskClosed(desk.code.clone(), false));
                    }
                    ui.end_row();
                    continue;
                }
                ui.label(RichText::new(&desk.code).strong());
                match &mut state.desk_edit {
                    Some(edit) if edit.code == desk.code => {
                        let mut cancel = false;
                        ui.horizontal(|ui| {
                            field(ui, tr(lang, "setup.desk_label"), &mut edit.label, 200.0);
                            cancel = save_cancel_ui(
                                ui,
                                lang,
                                busy,
                                "setup.save",
                                SetupCommand::SaveDesk,
                                commands,
                            );
                        });
                        if cancel {
                            state.desk_edit = None;
                        }
                    }
                    _ => {
                        ui.label(&desk.label);
                    }
                }
                // The pause toggle, as on the booth console: "A1: Đang mở".
                let key = if desk.open {
                    "setup.open"
                } else {
                    "setup.paused"
                };
                let text = format!("{}: {}", desk.code, tr(lang, key));
                if ui
                    .add_enabled(!busy, egui::Button::selectable(desk.open, text))
                    .clicked()
                {
                    commands.push(SetupCommand::SetDeskOpen(desk.code.clone(), !desk.open));
                }
                if ui
                    .add_enabled(
                        !busy,
                        egui::Button::new(trf(lang, "setup.rename_desk", &args)),
                    )
                    .clicked()
                {
                    state.desk_edit = Some(DeskEdit {
                        code: desk.code.clone(),
                        label: desk.label.clone(),
                    });
                }
                if ui
                    .add_enabled(
                        !busy,
                        egui::Button::new(trf(lang, "setup.close_desk", &args)),
                    )
                    .clicked()
                {
                    commands.push(SetupCommand::SetDeskClosed(desk.code.clone(), true));
                }
                ui.end_row();
            }
        });
}

fn vacancies_ui(
    ui: &mut egui::Ui,
    state: &mut SetupState,
    booth: &SetupBooth,
    commands: &mut Vec<SetupCommand>,
) {
    let lang = state.lang;
    let busy = state.busy;
    if booth.vacancies.is_empty() {
        ui.label(RichText::new(tr(lang, "setup.no_vacancies")).color(GREY));
    } else {
        ui.label(RichText::new(tr(lang, "setup.vacancies")).strong());
        // One wrapped line per vacancy: long requirements push the buttons to the next line
        // instead of past the window's edge.
        for v in &booth.vacancies {
            let args = [("title", v.vacancy.title.as_str())];
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&v.vacancy.title).strong());
                ui.label(format!("· {}", v.vacancy.count));
                if !v.vacancy.requirements.is_empty() {
                    ui.label(RichText::new(format!("· {}", v.vacancy.requirements)).color(GREY));
                }
                if !v.vacancy.wage.is_empty() {
                    ui.label(format!("· {}", v.vacancy.wage));
                }
                if ui
                    .add_enabled(
                        !busy,
                        egui::Button::new(trf(lang, "setup.edit_vacancy", &args)).small(),
                    )
                    .clicked()
                {
                    state.vacancy = Some(VacancyForm {
                        booth: booth.code.clone(),
                        id: Some(v.id),
                        title: v.vacancy.title.clone(),
                        count: v.vacancy.count,
                        requirements: v.vacancy.requirements.clone(),
                        wage: v.vacancy.wage.clone(),
                    });
                }
                if ui
                    .add_enabled(
                        !busy,
                        egui::Button::new(trf(lang, "setup.remove_vacancy", &args)).small(),
                    )
                    .clicked()
                {
                    commands.push(SetupCommand::RemoveVacancy(v.id));
                }
            });
        }
    }
    if let Some(form) = &mut state.vacancy
        && form.booth == booth.code
    {
        let mut cancel = false;
        ui.horizontal_wrapped(|ui| {
            field(ui, tr(lang, "setup.vac_title"), &mut form.title, 220.0);
            let label = ui.label(tr(lang, "setup.vac_count"));
            ui.add(egui::DragValue::new(&mut form.count).range(1..=100_000))
                .labelled_by(label.id);
            field(
                ui,
                tr(lang, "setup.vac_requirements"),
                &mut form.requirements,
                220.0,
            );
            let label = ui.label(tr(lang, "setup.vac_wage"));
            ui.add(
                egui::TextEdit::singleline(&mut form.wage)
                    .desired_width(160.0)
                    .hint_text(tr(lang, "setup.vac_wage_hint")),
            )
            .labelled_by(label.id);
            cancel = save_cancel_ui(
                ui,
                lang,
                busy,
                "setup.save_vacancy",
                SetupCommand::SaveVacancy,
                commands,
            );
        });
        if cancel {
            state.vacancy = None;
        }
    }
}
