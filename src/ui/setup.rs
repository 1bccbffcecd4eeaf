//! The organisers' setup screen (`fairdesk app --station setup`, behind the organiser PIN), in
//! four tabs:
//!
//! 1. **Booths and desks**: add a booth; rename it, move it, close or reopen it; add, rename,
//!    pause, close and reopen desks; an employer's vacancies (add, edit, remove).
//! 2. **Event**: name, venue and date (a typed date is checked, with a clear message).
//! 3. **Lists**: import an attendee or booth list (.xlsx or .csv), by typed path or picked from
//!    the database's folder, optionally updating attendees already on file; the import runs on
//!    the worker thread with a live progress bar, then shows the count or every rejected row.
//! 4. **PIN**: change the organiser PIN.
//!
//! The screen follows the staff screens' pattern: `setup_ui` draws [`SetupState`] and returns
//! [`SetupCommand`]s; [`SetupScreen::apply`] sends each to the engine on the worker thread, and
//! the screen shows the reply. Every change goes through [`SetupApi`]: to the local [`Fair`] on
//! the machine that holds the database, or to the hub with an organiser token (list imports
//! read files, so they run on the hub laptop only). The engine's refusals come back as
//! [`Refusal`]s, through the hub too, and are shown in the organiser's language.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use egui::{Color32, RichText, vec2};

use super::booth::{Notice, error_text};
use super::dashboard::pin_ui;
use super::i18n::{Lang, tr, trf};
use super::jobs::{Jobs, Poller};
use crate::api::{FairApi, FairResult, Vacancy};
use crate::domain::BoothKind;
use crate::fair::{
    EventDetails, Fair, Refusal, SetupApi, SetupBooth, SetupChange, SetupError, SetupResult,
    SetupView, parse_event_date,
};
use crate::import::{ImportOptions, ImportSummary};

const GREEN: Color32 = Color32::from_rgb(0, 110, 40);
const RED: Color32 = Color32::from_rgb(180, 0, 0);
const GREY: Color32 = Color32::from_rgb(110, 110, 110);
/// Rejected rows listed on screen; a file with more has bigger problems than a list shows.
const MAX_REJECTED_SHOWN: usize = 500;

/// The four tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SetupTab {
    /// Booths, desks and vacancies.
    #[default]
    Booths,
    /// The event's name, venue and date.
    Event,
    /// Attendee and booth list imports.
    Lists,
    /// The organiser PIN.
    Pin,
}

/// Which list to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImportKind {
    /// Pre-registered attendees.
    #[default]
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

/// The import form and its last result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportForm {
    /// Attendee or booth list.
    pub kind: ImportKind,
    /// The file, typed or picked.
    pub path: String,
    /// Update attendees already on file (same ID number) instead of rejecting them.
    pub update: bool,
    /// .xlsx and .csv files in the database's folder.
    pub files: Vec<String>,
    /// Rows written and rows in all, while and after importing.
    pub progress: Option<(usize, usize)>,
    /// The last import's result.
    pub result: Option<(ImportKind, ImportSummary)>,
    /// An import is running.
    pub running: bool,
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
    /// The open tab.
    pub tab: SetupTab,
    /// The event and booths, as last read.
    pub view: Option<SetupView>,
    /// The add-booth form.
    pub new_booth: NewBoothForm,
    /// The booth being edited.
    pub booth_edit: Option<BoothEdit>,
    /// The desk being renamed.
    pub desk_edit: Option<DeskEdit>,
    /// The vacancy being added or edited.
    pub vacancy: Option<VacancyForm>,
    /// The event form.
    pub event: EventForm,
    /// The import form.
    pub import: ImportForm,
    /// The PIN change form.
    pub pin_form: PinForm,
    /// The last message.
    pub notice: Option<Notice>,
    /// A change is being written.
    pub busy: bool,
}

/// What the organiser asked for. Applied by [`SetupScreen::apply`].
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum SetupCommand {
    /// Check the typed PIN.
    SubmitPin,
    /// Switch the interface language.
    SetLang(Lang),
    /// Show another tab.
    SetTab(SetupTab),
    /// Pause (`false`) or open (`true`) a desk.
    SetDeskOpen(String, bool),
    /// Add the booth in the form.
    AddBooth,
    /// Save the booth being edited.
    SaveBooth,
    /// Close (`false`) or reopen (`true`) a booth.
    SetBoothOpen(String, bool),
    /// Add a desk to the booth.
    AddDesk(String),
    /// Save the desk being renamed.
    SaveDesk,
    /// Close (`true`) or reopen (`false`) a desk.
    SetDeskClosed(String, bool),
    /// Save the vacancy form (add or edit).
    SaveVacancy,
    /// Remove a vacancy by id.
    RemoveVacancy(i64),
    /// Save the event form.
    SaveEvent,
    /// List the .xlsx/.csv files of the database's folder.
    RefreshFiles,
    /// Import the file in the import form.
    Import,
    /// Change the PIN with the PIN form.
    ChangePin,
}

/// Which form a successful change empties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    NewBooth,
    BoothEdit,
    DeskEdit,
    Vacancy,
    Event,
    Pin,
    Nothing,
}

enum SetupReply {
    Pin(FairResult<bool>),
    Loaded {
        counter: FairResult<u64>,
        data: Option<FairResult<SetupView>>,
    },
    Changed {
        result: SetupResult<()>,
        done_key: &'static str,
        args: Vec<(&'static str, String)>,
        form: Form,
    },
    Files(Vec<String>),
    Imported(ImportKind, FairResult<ImportSummary>),
}

/// Rows written and rows in all, shared with the import running on the worker thread.
#[derive(Debug, Default)]
struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

/// The setup screen, over the local fair or a hub.
pub struct SetupScreen {
    /// What is shown.
    pub state: SetupState,
    api: Arc<dyn SetupApi>,
    /// The local fair, for list imports (which read files on this machine).
    local: Option<Arc<Fair>>,
    folder: Option<PathBuf>,
    jobs: Jobs<SetupReply>,
    poller: Poller,
    progress: Arc<Progress>,
    ctx: Option<egui::Context>,
}

/// The message for a refused or failed change, in `lang`.
pub fn setup_error_text(lang: Lang, err: &SetupError) -> String {
    match err {
        SetupError::Refused(refusal) => refusal_text(lang, refusal),
        SetupError::Fair(err) => error_text(lang, err),
    }
}

/// The message for a refusal, in `lang`.
pub fn refusal_text(lang: Lang, refusal: &Refusal) -> String {
    let args = refusal.args();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    trf(lang, refusal.key(), &args)
}

/// The .xlsx and .csv files directly in `folder`, by name.
pub fn list_files(folder: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let path = e.path();
            let ext = path.extension()?.to_str()?.to_ascii_lowercase();
            matches!(ext.as_str(), "xlsx" | "csv").then(|| path.display().to_string())
        })
        .collect();
    files.sort();
    files
}

impl SetupScreen {
    /// A locked setup screen over the local `fair`.
    pub fn new(fair: Arc<Fair>) -> Self {
        let mut screen = Self::over(fair.clone());
        screen.local = Some(fair);
        screen
    }

    /// A locked setup screen over `api` (a hub client with an organiser token); list imports
    /// say they run on the hub laptop.
    pub fn over(api: Arc<dyn SetupApi>) -> Self {
        let jobs_api: Arc<dyn FairApi> = api.clone();
        Self {
            state: SetupState::default(),
            api,
            local: None,
            folder: None,
            jobs: Jobs::spawn(jobs_api, "setup"),
            poller: Poller::new(2.0),
            progress: Arc::new(Progress::default()),
            ctx: None,
        }
    }

    /// Lists the .xlsx/.csv files of `folder` (the database's) on the Lists tab.
    pub fn with_folder(mut self, folder: PathBuf) -> Self {
        self.folder = Some(folder);
        self
    }

    /// Engine calls still running (tests wait for zero).
    pub fn in_flight(&self) -> usize {
        self.jobs.in_flight()
    }

    /// Sends one setup change to the engine; `done_key` (with `args`) is shown when it is made.
    fn change(
        &mut self,
        form: Form,
        done_key: &'static str,
        args: Vec<(&'static str, String)>,
        change: SetupChange,
    ) {
        self.change_with(form, done_key, args, move |api| {
            api.apply_setup(change).map(|_| ())
        });
    }

    /// [`Self::change`] for any call of the engine.
    fn change_with(
        &mut self,
        form: Form,
        done_key: &'static str,
        args: Vec<(&'static str, String)>,
        f: impl FnOnce(&dyn SetupApi) -> SetupResult<()> + Send + 'static,
    ) {
        let api = Arc::clone(&self.api);
        self.state.busy = true;
        self.jobs.send(move |_| SetupReply::Changed {
            result: f(api.as_ref()),
            done_key,
            args,
            form,
        });
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
            SetupCommand::SetTab(tab) => {
                self.state.tab = tab;
                self.state.notice = None;
                if tab == SetupTab::Lists {
                    self.apply(SetupCommand::RefreshFiles);
                }
            }
            SetupCommand::SetDeskOpen(desk, open) => {
                self.change_with(Form::Nothing, "setup.saved", Vec::new(), move |api| {
                    api.set_desk_open(&desk, open)?;
                    Ok(())
                });
            }
            SetupCommand::AddBooth => {
                let form = self.state.new_booth.clone();
                let code = form.code.trim().to_uppercase();
                let change = SetupChange::CreateBooth {
                    code: form.code,
                    name: form.name,
                    location: form.location,
                    kind: form.kind,
                    desks: form.desks,
                };
                self.change(Form::NewBooth, "setup.added", vec![("code", code)], change);
            }
            SetupCommand::SaveBooth => {
                let Some(edit) = self.state.booth_edit.clone() else {
                    return;
                };
                let change = SetupChange::UpdateBooth {
                    code: edit.code,
                    name: edit.name,
                    location: edit.location,
                };
                self.change(Form::BoothEdit, "setup.saved", Vec::new(), change);
            }
            SetupCommand::SetBoothOpen(code, open) => {
                let key = if open {
                    "setup.booth_reopened"
                } else {
                    "setup.booth_closed_done"
                };
                let args = vec![("code", code.clone())];
                self.change(
                    Form::Nothing,
                    key,
                    args,
                    SetupChange::SetBoothOpen { code, open },
                );
            }
            SetupCommand::AddDesk(code) => {
                let args = vec![("code", code.clone())];
                let change = SetupChange::AddDesk { booth: code };
                self.change(Form::Nothing, "setup.desk_added", args, change);
            }
            SetupCommand::SaveDesk => {
                let Some(edit) = self.state.desk_edit.clone() else {
                    return;
                };
                let change = SetupChange::RenameDesk {
                    desk: edit.code,
                    label: edit.label,
                };
                self.change(Form::DeskEdit, "setup.saved", Vec::new(), change);
            }
            SetupCommand::SetDeskClosed(desk, closed) => {
                let key = if closed {
                    "setup.desk_closed_done"
                } else {
                    "setup.desk_reopened"
                };
                let args = vec![("desk", desk.clone())];
                self.change(
                    Form::Nothing,
                    key,
                    args,
                    SetupChange::SetDeskClosed { desk, closed },
                );
            }
            SetupCommand::SaveVacancy => {
                let Some(form) = self.state.vacancy.clone() else {
                    return;
                };
                let vacancy = Vacancy {
                    title: form.title,
                    count: form.count,
                    requirements: form.requirements,
                    wage: form.wage,
                };
                let change = match form.id {
                    Some(id) => SetupChange::UpdateVacancy { id, vacancy },
                    None => SetupChange::AddVacancy {
                        booth: form.booth,
                        vacancy,
                    },
                };
                self.change(Form::Vacancy, "setup.saved", Vec::new(), change);
            }
            SetupCommand::RemoveVacancy(id) => {
                let change = SetupChange::RemoveVacancy { id };
                self.change(Form::Nothing, "setup.saved", Vec::new(), change);
            }
            SetupCommand::SaveEvent => {
                let form = self.state.event.clone();
                // The date is read here, so a typo is named before anything is sent.
                let date = match parse_event_date(&form.date) {
                    Ok(date) => date,
                    Err(refusal) => {
                        self.state.notice =
                            Some(Notice::Error(refusal_text(self.state.lang, &refusal)));
                        return;
                    }
                };
                let details = EventDetails {
                    name: form.name,
                    venue: form.venue,
                    date,
                };
                let change = SetupChange::UpdateEvent { details };
                self.change(Form::Event, "setup.saved", Vec::new(), change);
            }
            SetupCommand::ChangePin => {
                let form = std::mem::take(&mut self.state.pin_form);
                let change = SetupChange::ChangePin {
                    old: form.old,
                    new: form.new,
                    repeat: form.repeat,
                };
                self.change(Form::Pin, "setup.pin_changed", Vec::new(), change);
            }
            SetupCommand::RefreshFiles => {
                let Some(folder) = self.folder.clone() else {
                    return;
                };
                self.jobs
                    .send(move |_| SetupReply::Files(list_files(&folder)));
            }
            SetupCommand::Import => self.start_import(),
        }
    }

    /// Starts the import in the form on the worker thread; progress arrives through
    /// `self.progress`, which each frame copies into the state.
    fn start_import(&mut self) {
        let Some(fair) = self.local.clone() else {
            self.state.notice = Some(Notice::Error(
                tr(self.state.lang, "setup.import_on_hub_laptop").to_string(),
            ));
            return;
        };
        let path = PathBuf::from(self.state.import.path.trim());
        if path.as_os_str().is_empty() {
            self.state.notice = Some(Notice::Error(
                tr(self.state.lang, "setup.err.no_file").to_string(),
            ));
            return;
        }
        let kind = self.state.import.kind;
        let options = ImportOptions {
            update: self.state.import.update,
        };
        self.progress.done.store(0, Ordering::Relaxed);
        self.progress.total.store(0, Ordering::Relaxed);
        self.state.import.result = None;
        self.state.import.progress = None;
        self.state.import.running = true;
        self.state.notice = None;
        self.state.busy = true;
        let progress = Arc::clone(&self.progress);
        let ctx = self.ctx.clone();
        self.jobs.send(move |_| {
            let mut report = |done: usize, total: usize| {
                progress.total.store(total, Ordering::Relaxed);
                progress.done.store(done, Ordering::Relaxed);
                if let Some(ctx) = &ctx {
                    ctx.request_repaint();
                }
            };
            let result = match kind {
                ImportKind::Attendees => fair.import_attendee_file(&path, options, &mut report),
                ImportKind::Booths => fair.import_booth_file(&path).inspect(|summary| {
                    // The booth import has no row-by-row progress: a list of booths is short.
                    if summary.rejected.is_empty() {
                        report(summary.imported, summary.imported);
                    }
                }),
            };
            SetupReply::Imported(kind, result)
        });
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
                (Ok(counter), Some(Ok(view))) => {
                    self.poller.seen = Some(counter);
                    if !self.state.event.loaded {
                        self.state.event = EventForm {
                            name: view.event.name.clone(),
                            venue: view.event.venue.clone(),
                            date: view.event.date.format("%d/%m/%Y").to_string(),
                            loaded: true,
                        };
                    }
                    self.state.view = Some(view);
                }
                (Ok(_), None) => {}
                (Err(err), _) | (Ok(_), Some(Err(err))) => {
                    self.state.notice = Some(Notice::Error(error_text(lang, &err)));
                }
            },
            SetupReply::Changed {
                result,
                done_key,
                args,
                form,
            } => {
                self.state.busy = false;
                self.poller.invalidate();
                match result {
                    Ok(()) => {
                        let args: Vec<(&str, &str)> =
                            args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                        self.state.notice = Some(Notice::Info(trf(lang, done_key, &args)));
                        match form {
                            Form::NewBooth => self.state.new_booth = NewBoothForm::default(),
                            Form::BoothEdit => self.state.booth_edit = None,
                            Form::DeskEdit => self.state.desk_edit = None,
                            Form::Vacancy => self.state.vacancy = None,
                            Form::Event => self.state.event.loaded = false,
                            Form::Pin => self.state.pin_form = PinForm::default(),
                            Form::Nothing => {}
                        }
                    }
                    Err(err) => {
                        self.state.notice = Some(Notice::Error(setup_error_text(lang, &err)));
                    }
                }
            }
            SetupReply::Files(files) => self.state.import.files = files,
            SetupReply::Imported(kind, result) => {
                self.state.busy = false;
                self.state.import.running = false;
                self.copy_progress();
                self.poller.invalidate();
                match result {
                    Ok(summary) => self.state.import.result = Some((kind, summary)),
                    Err(err) => {
                        let reason = match &err {
                            crate::api::FairError::Invalid { message } => message.clone(),
                            other => error_text(lang, other),
                        };
                        self.state.notice = Some(Notice::Error(trf(
                            lang,
                            "setup.import_failed",
                            &[("reason", reason.as_str())],
                        )));
                    }
                }
            }
        }
    }

    fn copy_progress(&mut self) {
        let total = self.progress.total.load(Ordering::Relaxed);
        let done = self.progress.done.load(Ordering::Relaxed);
        self.state.import.progress = (total > 0).then_some((done.min(total), total));
    }

    /// One frame: drain replies, refresh while unlocked, draw, apply commands.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.jobs.attach(&ctx);
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        for reply in self.jobs.poll() {
            self.on_reply(reply);
        }
        if self.state.import.running {
            self.copy_progress();
        }
        let now = ui.input(|i| i.time);
        if self.state.unlocked && self.jobs.in_flight() == 0 && self.poller.due(now) {
            let seen = self.poller.seen;
            let setup = Arc::clone(&self.api);
            self.jobs.send(move |api| {
                let counter = api.change_counter();
                let data = match &counter {
                    Ok(c) if Some(*c) == seen => None,
                    _ => Some(setup.setup_view()),
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
            tabs_ui(ui, state, &mut commands);
            ui.separator();
            match &state.notice {
                Some(Notice::Info(text)) => {
                    ui.label(RichText::new(text).color(GREEN));
                }
                Some(Notice::Error(text)) => {
                    ui.label(RichText::new(text).color(RED));
                }
                None => {}
            }
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| match state.tab {
                    SetupTab::Booths => {
                        add_booth_ui(ui, state, &mut commands);
                        ui.add_space(8.0);
                        booths_ui(ui, state, &mut commands);
                    }
                    SetupTab::Event => event_ui(ui, state, &mut commands),
                    SetupTab::Lists => import_ui(ui, state, &mut commands),
                    SetupTab::Pin => pin_change_ui(ui, state, &mut commands),
                });
        });
    commands
}

fn tabs_ui(ui: &mut egui::Ui, state: &SetupState, commands: &mut Vec<SetupCommand>) {
    let lang = state.lang;
    ui.horizontal(|ui| {
        for (tab, key) in [
            (SetupTab::Booths, "setup.booths"),
            (SetupTab::Event, "setup.event"),
            (SetupTab::Lists, "setup.tab_lists"),
            (SetupTab::Pin, "setup.tab_pin"),
        ] {
            let button = egui::Button::selectable(
                state.tab == tab,
                RichText::new(tr(lang, key)).size(22.0).strong(),
            );
            if ui.add_enabled(!state.busy, button).clicked() && state.tab != tab {
                commands.push(SetupCommand::SetTab(tab));
            }
        }
    });
}

/// A form's "save" button (disabled while a change is being written), which pushes `save`, and
/// its "cancel" button; returns whether the form was cancelled.
fn save_cancel_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    busy: bool,
    save_key: &str,
    save: SetupCommand,
    commands: &mut Vec<SetupCommand>,
) -> bool {
    if ui
        .add_enabled(!busy, egui::Button::new(tr(lang, save_key)))
        .clicked()
    {
        commands.push(save);
    }
    ui.button(tr(lang, "setup.cancel")).clicked()
}

/// A labelled one-line text field (the label names it for screen readers and tests).
fn field(ui: &mut egui::Ui, label: &str, value: &mut String, width: f32) -> egui::Response {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).desired_width(width))
        .labelled_by(label.id)
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

fn add_booth_ui(ui: &mut egui::Ui, state: &mut SetupState, commands: &mut Vec<SetupCommand>) {
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

fn booths_ui(ui: &mut egui::Ui, state: &mut SetupState, commands: &mut Vec<SetupCommand>) {
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

fn event_ui(ui: &mut egui::Ui, state: &mut SetupState, commands: &mut Vec<SetupCommand>) {
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

fn pin_change_ui(ui: &mut egui::Ui, state: &mut SetupState, commands: &mut Vec<SetupCommand>) {
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

fn import_ui(ui: &mut egui::Ui, state: &mut SetupState, commands: &mut Vec<SetupCommand>) {
    let lang = state.lang;
    let busy = state.busy;
    let form = &mut state.import;
    ui.horizontal(|ui| {
        for (kind, key) in [
            (ImportKind::Attendees, "setup.import_attendees"),
            (ImportKind::Booths, "setup.import_booths"),
        ] {
            if ui
                .add_enabled(
                    !busy,
                    egui::Button::selectable(
                        form.kind == kind,
                        RichText::new(tr(lang, key)).size(22.0),
                    ),
                )
                .clicked()
            {
                form.kind = kind;
            }
        }
    });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        field(ui, tr(lang, "setup.file"), &mut form.path, 640.0);
    });
    if form.kind == ImportKind::Attendees {
        ui.checkbox(&mut form.update, tr(lang, "setup.update_existing"));
    }
    ui.horizontal(|ui| {
        let ready = !form.path.trim().is_empty();
        if ui
            .add_enabled(
                ready && !busy,
                egui::Button::new(RichText::new(tr(lang, "setup.import")).strong())
                    .min_size(vec2(160.0, 40.0)),
            )
            .clicked()
        {
            commands.push(SetupCommand::Import);
        }
        if form.running {
            ui.spinner();
        }
    });
    if let Some((done, total)) = form.progress {
        let fraction = done as f32 / total.max(1) as f32;
        let percent = (fraction * 100.0).round();
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(640.0)
                .text(format!("{done}/{total} · {percent}%")),
        );
    } else if form.running {
        ui.add(
            egui::ProgressBar::new(0.0)
                .desired_width(640.0)
                .text(tr(lang, "setup.checking")),
        );
    }
    if let Some((kind, summary)) = &form.result {
        import_result_ui(ui, lang, *kind, summary);
    }
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr(lang, "setup.files_here")).strong());
        if ui
            .add_enabled(!busy, egui::Button::new(tr(lang, "setup.refresh")))
            .clicked()
        {
            commands.push(SetupCommand::RefreshFiles);
        }
    });
    if form.files.is_empty() {
        ui.label(RichText::new(tr(lang, "setup.no_files")).color(GREY));
    }
    for file in &form.files {
        let name = Path::new(file)
            .file_name()
            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
        if ui
            .add_enabled(!busy, egui::Button::selectable(form.path == *file, name))
            .clicked()
        {
            form.path = file.clone();
        }
    }
}

fn import_result_ui(ui: &mut egui::Ui, lang: Lang, kind: ImportKind, summary: &ImportSummary) {
    let what = tr(
        lang,
        match kind {
            ImportKind::Attendees => "setup.import_attendees",
            ImportKind::Booths => "setup.import_booths",
        },
    );
    ui.label(RichText::new(what).color(GREY));
    if summary.rejected.is_empty() {
        let mut text = trf(
            lang,
            "setup.imported",
            &[("n", &summary.imported.to_string())],
        );
        if summary.updated > 0 {
            text.push(' ');
            text.push_str(&trf(
                lang,
                "setup.updated",
                &[("n", &summary.updated.to_string())],
            ));
        }
        ui.label(RichText::new(text).size(24.0).strong().color(GREEN));
        return;
    }
    ui.label(
        RichText::new(trf(
            lang,
            "setup.rejected",
            &[("n", &summary.rejected.len().to_string())],
        ))
        .size(24.0)
        .strong()
        .color(RED),
    );
    for row in summary.rejected.iter().take(MAX_REJECTED_SHOWN) {
        ui.label(RichText::new(trf(
            lang,
            "setup.line",
            &[("line", &row.line.to_string()), ("reason", &row.text(lang))],
        )));
    }
    if summary.rejected.len() > MAX_REJECTED_SHOWN {
        ui.label(trf(
            lang,
            "setup.more_rejected",
            &[(
                "n",
                &(summary.rejected.len() - MAX_REJECTED_SHOWN).to_string(),
            )],
        ));
    }
}
