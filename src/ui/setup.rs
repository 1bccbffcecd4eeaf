//! The organisers' setup screen (`--station setup`, behind the organiser PIN): the event,
//! booths and desks (pause/open, add a booth), and the import of attendee and booth lists
//! (CSV) with the rejected rows listed.
//!
//! Imports and adding booths are local operations of [`Fair`] (not of `FairApi`), so this
//! screen runs on the machine that holds the database. Still to come (issue 4): renaming and
//! closing booths, vacancies, the event's name/date and the PIN change.

use std::sync::Arc;

use egui::{Color32, RichText, vec2};

use super::booth::{Notice, error_text};
use super::dashboard::pin_ui;
use super::i18n::{Lang, tr, trf};
use super::jobs::{Jobs, Poller};
use crate::api::{BoothStatus, EventInfo, FairApi, FairError, FairResult};
use crate::domain::BoothKind;
use crate::fair::{BoothSetup, Fair};
use crate::import::{ATTENDEE_COLUMNS, BOOTH_COLUMNS, ImportSummary, read_csv};

/// Which list to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// Pre-registered attendees.
    Attendees,
    /// Booths with their desks and vacancies.
    Booths,
}

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
    /// A counselling table rather than an employer.
    pub counselling: bool,
}

impl Default for NewBoothForm {
    fn default() -> Self {
        Self {
            code: String::new(),
            name: String::new(),
            location: String::new(),
            desks: 1,
            counselling: false,
        }
    }
}

/// What the setup screen shows. Holds no egui types.
#[derive(Debug, Clone, Default)]
pub struct SetupState {
    /// Interface language.
    pub lang: Lang,
    /// The organiser PIN was accepted.
    pub unlocked: bool,
    /// The PIN being typed.
    pub pin: String,
    /// The last PIN was wrong.
    pub pin_wrong: bool,
    /// The event.
    pub event: Option<EventInfo>,
    /// Booths and their desks.
    pub booths: Vec<BoothStatus>,
    /// The add-booth form.
    pub new_booth: NewBoothForm,
    /// Path of the attendee CSV to import.
    pub attendee_file: String,
    /// Path of the booth CSV to import.
    pub booth_file: String,
    /// The last import's result.
    pub import_result: Option<(ImportKind, ImportSummary)>,
    /// The last message.
    pub notice: Option<Notice>,
    /// An engine call is running.
    pub busy: bool,
}

/// What the organiser asked for. Applied by [`SetupScreen::apply`].
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum SetupCommand {
    /// Check the typed PIN.
    SubmitPin,
    /// Pause (`false`) or open (`true`) a desk.
    SetDeskOpen(String, bool),
    /// Add the booth in the form.
    AddBooth,
    /// Import the file named in the form.
    Import(ImportKind),
    /// Switch the interface language.
    SetLang(Lang),
}

enum SetupReply {
    Pin(FairResult<bool>),
    Loaded {
        counter: FairResult<u64>,
        data: Option<FairResult<(EventInfo, Vec<BoothStatus>)>>,
    },
    Done(FairResult<Option<String>>),
    Imported(ImportKind, Result<ImportSummary, String>),
}

/// The setup screen over the local fair.
pub struct SetupScreen {
    /// What is shown.
    pub state: SetupState,
    fair: Arc<Fair>,
    jobs: Jobs<SetupReply>,
    poller: Poller,
}

impl SetupScreen {
    /// A locked setup screen over the local `fair`.
    pub fn new(fair: Arc<Fair>) -> Self {
        let api: Arc<dyn FairApi> = fair.clone();
        Self {
            state: SetupState::default(),
            fair,
            jobs: Jobs::spawn(api, "setup"),
            poller: Poller::new(2.0),
        }
    }

    /// Engine calls still running (tests wait for zero).
    pub fn in_flight(&self) -> usize {
        self.jobs.in_flight()
    }

    /// Carries out one command.
    pub fn apply(&mut self, command: SetupCommand) {
        match command {
            SetupCommand::SetLang(lang) => self.state.lang = lang,
            SetupCommand::SubmitPin => {
                let pin = std::mem::take(&mut self.state.pin);
                self.jobs
                    .send(move |api| SetupReply::Pin(api.verify_pin(&pin)));
            }
            _ if !self.state.unlocked || self.state.busy => {}
            SetupCommand::SetDeskOpen(desk, open) => {
                self.state.busy = true;
                self.jobs.send(move |api| {
                    SetupReply::Done(api.set_desk_open(&desk, open).map(|_| None))
                });
            }
            SetupCommand::AddBooth => {
                let form = self.state.new_booth.clone();
                let booth = BoothSetup {
                    code: form.code.trim().to_uppercase(),
                    kind: if form.counselling {
                        BoothKind::Counselling
                    } else {
                        BoothKind::Employer
                    },
                    name: form.name.trim().to_string(),
                    location: form.location.trim().to_string(),
                    sectors: Vec::new(),
                    topic: form.counselling.then(|| "job".to_string()),
                    desks: form.desks.max(1),
                    vacancies: Vec::new(),
                };
                let code = booth.code.clone();
                let fair = Arc::clone(&self.fair);
                self.state.busy = true;
                self.jobs.send(move |_| {
                    SetupReply::Done(
                        fair.add_booth(booth)
                            .map(|()| Some(format!("setup.added:{code}"))),
                    )
                });
            }
            SetupCommand::Import(kind) => {
                let path = match kind {
                    ImportKind::Attendees => self.state.attendee_file.trim().to_string(),
                    ImportKind::Booths => self.state.booth_file.trim().to_string(),
                };
                if path.is_empty() {
                    return;
                }
                let fair = Arc::clone(&self.fair);
                self.state.busy = true;
                self.state.import_result = None;
                self.jobs.send(move |_| {
                    let columns = match kind {
                        ImportKind::Attendees => ATTENDEE_COLUMNS,
                        ImportKind::Booths => BOOTH_COLUMNS,
                    };
                    let result = read_csv(std::path::Path::new(&path), columns).and_then(|table| {
                        let summary = match kind {
                            ImportKind::Attendees => fair.import_attendees(&table),
                            ImportKind::Booths => fair.import_booths(&table),
                        };
                        summary.map_err(|e| e.to_string())
                    });
                    SetupReply::Imported(kind, result)
                });
            }
        }
    }

    fn on_reply(&mut self, reply: SetupReply) {
        let lang = self.state.lang;
        match reply {
            SetupReply::Pin(Ok(true)) => {
                self.state.unlocked = true;
                self.state.pin_wrong = false;
                self.poller.invalidate();
            }
            SetupReply::Pin(Ok(false)) => self.state.pin_wrong = true,
            SetupReply::Pin(Err(err)) => {
                self.state.notice = Some(Notice::Error(error_text(lang, &err)));
            }
            SetupReply::Loaded { counter, data } => match (counter, data) {
                (Ok(counter), Some(Ok((event, booths)))) => {
                    self.poller.seen = Some(counter);
                    self.state.event = Some(event);
                    self.state.booths = booths;
                }
                (Ok(_), None) => {}
                (Err(err), _) | (Ok(_), Some(Err(err))) => {
                    self.state.notice = Some(Notice::Error(error_text(lang, &err)));
                }
            },
            SetupReply::Done(result) => {
                self.state.busy = false;
                self.poller.invalidate();
                match result {
                    Ok(Some(added)) => {
                        let code = added.trim_start_matches("setup.added:");
                        self.state.notice =
                            Some(Notice::Info(trf(lang, "setup.added", &[("code", code)])));
                        self.state.new_booth = NewBoothForm::default();
                    }
                    Ok(None) => {}
                    Err(FairError::Conflict { message }) | Err(FairError::Invalid { message }) => {
                        self.state.notice = Some(Notice::Error(message));
                    }
                    Err(err) => self.state.notice = Some(Notice::Error(error_text(lang, &err))),
                }
            }
            SetupReply::Imported(kind, result) => {
                self.state.busy = false;
                self.poller.invalidate();
                match result {
                    Ok(summary) => self.state.import_result = Some((kind, summary)),
                    Err(reason) => {
                        self.state.notice = Some(Notice::Error(trf(
                            lang,
                            "err.other",
                            &[("reason", reason.as_str())],
                        )));
                    }
                }
            }
        }
    }

    /// One frame: drain replies, refresh while unlocked, draw, apply commands.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.jobs.attach(&ctx);
        for reply in self.jobs.poll() {
            self.on_reply(reply);
        }
        let now = ui.input(|i| i.time);
        if self.state.unlocked && self.jobs.in_flight() == 0 && self.poller.due(now) {
            let seen = self.poller.seen;
            self.jobs.send(move |api| {
                let counter = api.change_counter();
                let data = match &counter {
                    Ok(c) if Some(*c) == seen => None,
                    _ => Some(api.event().and_then(|e| Ok((e, api.booths()?)))),
                };
                SetupReply::Loaded { counter, data }
            });
        }
        let commands = setup_ui(ui, &mut self.state);
        for command in commands {
            self.apply(command);
        }
        if self.jobs.in_flight() > 0 {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        } else if self.state.unlocked {
            ctx.request_repaint_after(self.poller.wait(now));
        }
    }
}

/// The whole setup screen (or the PIN form while locked). Returns what the organiser asked for.
pub fn setup_ui(ui: &mut egui::Ui, state: &mut SetupState) -> Vec<SetupCommand> {
    let mut commands = Vec::new();
    let lang = state.lang;
    egui::Frame::central_panel(ui.style())
        .inner_margin(16.0)
        .show(ui, |ui| {
            // Paint the whole window, not just the content.
            ui.set_min_size(ui.available_size());
            ui.horizontal(|ui| {
                ui.heading(tr(lang, "setup.title"));
                if state.busy {
                    ui.spinner();
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    for (l, key) in [(Lang::En, "lang.en"), (Lang::Vi, "lang.vi")] {
                        if ui
                            .add(egui::Button::selectable(lang == l, tr(lang, key)))
                            .clicked()
                        {
                            commands.push(SetupCommand::SetLang(l));
                        }
                    }
                });
            });
            if !state.unlocked {
                if pin_ui(ui, lang, &mut state.pin, state.pin_wrong) {
                    commands.push(SetupCommand::SubmitPin);
                }
                return;
            }
            match &state.notice {
                Some(Notice::Info(text)) => {
                    ui.label(RichText::new(text).color(Color32::from_rgb(0, 110, 40)));
                }
                Some(Notice::Error(text)) => {
                    ui.label(RichText::new(text).color(Color32::from_rgb(180, 0, 0)));
                }
                None => {}
            }
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    event_ui(ui, state);
                    ui.separator();
                    booths_ui(ui, state, &mut commands);
                    ui.separator();
                    add_booth_ui(ui, state, &mut commands);
                    ui.separator();
                    import_ui(ui, state, &mut commands);
                });
        });
    commands
}

fn event_ui(ui: &mut egui::Ui, state: &SetupState) {
    let lang = state.lang;
    ui.label(RichText::new(tr(lang, "setup.event")).size(26.0).strong());
    if let Some(event) = &state.event {
        ui.label(RichText::new(&event.name).size(24.0));
        ui.label(format!(
            "{} · {} · {}–{}",
            event.venue,
            event.date.format("%d/%m/%Y"),
            event.opens,
            event.closes
        ));
    } else {
        ui.spinner();
    }
}

fn booths_ui(ui: &mut egui::Ui, state: &SetupState, commands: &mut Vec<SetupCommand>) {
    let lang = state.lang;
    ui.label(RichText::new(tr(lang, "setup.booths")).size(26.0).strong());
    egui::Grid::new("setup-booths")
        .striped(true)
        .num_columns(4)
        .spacing(vec2(14.0, 6.0))
        .show(ui, |ui| {
            for booth in &state.booths {
                ui.label(RichText::new(&booth.code).strong());
                ui.label(&booth.name);
                ui.label(&booth.location);
                ui.horizontal(|ui| {
                    for desk in &booth.desks {
                        let key = if desk.open {
                            "setup.open"
                        } else {
                            "setup.paused"
                        };
                        let text = format!("{}: {}", desk.code, tr(lang, key));
                        let button =
                            egui::Button::selectable(desk.open, RichText::new(text).size(18.0));
                        if ui.add_enabled(!state.busy, button).clicked() {
                            commands.push(SetupCommand::SetDeskOpen(desk.code.clone(), !desk.open));
                        }
                    }
                });
                ui.end_row();
            }
        });
}

fn add_booth_ui(ui: &mut egui::Ui, state: &mut SetupState, commands: &mut Vec<SetupCommand>) {
    let lang = state.lang;
    ui.label(
        RichText::new(tr(lang, "setup.add_booth"))
            .size(26.0)
            .strong(),
    );
    let form = &mut state.new_booth;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(tr(lang, "setup.code"));
        ui.add(egui::TextEdit::singleline(&mut form.code).desired_width(70.0))
            .labelled_by(label.id);
        let label = ui.label(tr(lang, "setup.name"));
        ui.add(egui::TextEdit::singleline(&mut form.name).desired_width(320.0))
            .labelled_by(label.id);
        let label = ui.label(tr(lang, "setup.location"));
        ui.add(egui::TextEdit::singleline(&mut form.location).desired_width(160.0))
            .labelled_by(label.id);
        let label = ui.label(tr(lang, "setup.desks"));
        ui.add(egui::DragValue::new(&mut form.desks).range(1..=9))
            .labelled_by(label.id);
        ui.checkbox(&mut form.counselling, tr(lang, "setup.counselling"));
        let ready = !form.code.trim().is_empty() && !form.name.trim().is_empty();
        if ui
            .add_enabled(
                ready && !state.busy,
                egui::Button::new(tr(lang, "setup.add_booth")),
            )
            .clicked()
        {
            commands.push(SetupCommand::AddBooth);
        }
    });
}

fn import_ui(ui: &mut egui::Ui, state: &mut SetupState, commands: &mut Vec<SetupCommand>) {
    let lang = state.lang;
    for (kind, key) in [
        (ImportKind::Attendees, "setup.import_attendees"),
        (ImportKind::Booths, "setup.import_booths"),
    ] {
        ui.label(RichText::new(tr(lang, key)).size(24.0).strong());
        ui.horizontal(|ui| {
            let label = ui.label(tr(lang, "setup.file"));
            let path = match kind {
                ImportKind::Attendees => &mut state.attendee_file,
                ImportKind::Booths => &mut state.booth_file,
            };
            ui.add(egui::TextEdit::singleline(path).desired_width(560.0))
                .labelled_by(label.id);
            if ui
                .add_enabled(!state.busy, egui::Button::new(tr(lang, "setup.import")))
                .clicked()
            {
                commands.push(SetupCommand::Import(kind));
            }
        });
        if let Some((done, summary)) = &state.import_result
            && *done == kind
        {
            if summary.rejected.is_empty() {
                ui.label(
                    RichText::new(trf(
                        lang,
                        "setup.imported",
                        &[("n", &summary.imported.to_string())],
                    ))
                    .color(Color32::from_rgb(0, 110, 40)),
                );
            } else {
                ui.label(
                    RichText::new(trf(
                        lang,
                        "setup.rejected",
                        &[("n", &summary.rejected.len().to_string())],
                    ))
                    .color(Color32::from_rgb(180, 0, 0)),
                );
                for row in summary.rejected.iter().take(200) {
                    ui.label(
                        RichText::new(trf(
                            lang,
                            "setup.line",
                            &[
                                ("line", &row.line.to_string()),
                                ("reason", row.reason.as_str()),
                            ],
                        ))
                        .size(18.0),
                    );
                }
            }
        }
        ui.add_space(8.0);
    }
}
