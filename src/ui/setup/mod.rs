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
//! 5. **Tạo ngày hội mới**: a new fair file on this laptop ([`crate::ui::new_fair`]), shown
//!    only on the laptop that holds the database.
//!
//! The screen follows the staff screens' pattern: `setup_ui` draws [`SetupState`] and returns
//! [`SetupCommand`]s; [`SetupScreen::apply`] sends each to the engine on the worker thread, and
//! the screen shows the reply. Every change goes through [`SetupApi`]: to the local [`Fair`] on
//! the machine that holds the database, or to the hub with an organiser token (list imports
//! read files, so they run on the hub laptop only). The engine's refusals come back as
//! [`Refusal`]s, through the hub too, and are shown in the organiser's language.
//!
//! This file keeps the screen's state, its commands and what their replies change. `frame` runs
//! each frame ([`SetupScreen::ui`]) and draws [`setup_ui`] with the widgets the tabs share;
//! each tab draws in its own file (`booths`, `event`, `lists`, `pin`) next to the form it
//! edits, and `lists` also runs the import job.

mod booths;
mod event;
mod frame;
mod lists;
mod pin;

pub use booths::{BoothEdit, DeskEdit, NewBoothForm, VacancyForm};
pub use event::EventForm;
pub use frame::setup_ui;
pub use lists::{ImportForm, list_files};
pub use pin::PinForm;

use std::path::PathBuf;
use std::sync::Arc;

use egui::Color32;

use super::booth::{Notice, error_text};
use super::i18n::{Lang, trf};
use super::jobs::{Jobs, Poller};
use crate::api::{FairApi, FairError, FairResult, Vacancy};
use crate::fair::{
    EventDetails, Fair, Refusal, SetupApi, SetupChange, SetupError, SetupResult, SetupView,
    parse_event_date,
};
use crate::import::ImportSummary;
use lists::Progress;

const GREEN: Color32 = Color32::from_rgb(0, 110, 40);
const RED: Color32 = Color32::from_rgb(180, 0, 0);
const GREY: Color32 = Color32::from_rgb(110, 110, 110);

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
    /// A new fair file (local setup screens only).
    NewFair,
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
    /// PIN checks are locked after too many wrong PINs: seconds to wait.
    pub pin_wait_s: Option<u64>,
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
    /// The new-fair form.
    pub new_fair: crate::ui::new_fair::NewFairForm,
    /// Whether this screen can create a fair file (it runs on the laptop with the database).
    pub can_create_fair: bool,
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
    /// Something pressed on the new-fair form.
    NewFair(crate::ui::new_fair::NewFairAction),
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
        /// Boxed: a setup view is far bigger than every other reply.
        data: Option<Box<FairResult<SetupView>>>,
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
    /// Where a new fair is created (the user's data folder unless a test says).
    data_folder: Option<crate::data_folder::DataFolder>,
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

impl SetupScreen {
    /// A locked setup screen over the local `fair`.
    pub fn new(fair: Arc<Fair>) -> Self {
        let mut screen = Self::over(fair.clone());
        screen.local = Some(fair);
        screen.state.can_create_fair = true;
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
            data_folder: None,
        }
    }

    /// Creates new fairs in `folder` instead of the user's data folder (tests).
    pub fn with_data_folder(mut self, folder: crate::data_folder::DataFolder) -> Self {
        self.data_folder = Some(folder);
        self
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
            SetupCommand::NewFair(action) => self.new_fair(action),
        }
    }

    /// The new-fair form's buttons. Creating runs here, not on the worker: it is one
    /// organiser action of a fraction of a second (the PIN's Argon2 hash), and the worker
    /// belongs to the open fair, which this does not touch.
    fn new_fair(&mut self, action: crate::ui::new_fair::NewFairAction) {
        use crate::ui::new_fair::NewFairAction;
        let lang = self.state.lang;
        match action {
            NewFairAction::Import => self.state.new_fair.import_communes(lang),
            NewFairAction::Cancel => {
                self.state.new_fair = Default::default();
                self.state.tab = SetupTab::Booths;
            }
            NewFairAction::Create => {
                let folder = match self.data_folder.clone() {
                    Some(folder) => Ok(folder),
                    None => crate::data_folder::DataFolder::user(),
                };
                let created = folder
                    .map_err(|e| e.to_string())
                    .and_then(|folder| self.state.new_fair.create(lang, &folder));
                match created {
                    Ok(created) => {
                        self.state.new_fair = Default::default();
                        self.state.notice = Some(Notice::Info(trf(
                            lang,
                            "new_fair.created",
                            &[
                                ("name", &created.name),
                                ("path", &created.path.display().to_string()),
                            ],
                        )));
                    }
                    Err(message) => self.state.new_fair.message = Some(message),
                }
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
            SetupReply::Pin(Ok(false)) => {
                self.state.pin_wrong = true;
                self.state.pin_wait_s = None;
            }
            SetupReply::Pin(Err(FairError::TooManyAttempts { retry_after_s })) => {
                self.state.pin_wait_s = Some(retry_after_s);
            }
            SetupReply::Pin(Err(err)) => {
                self.state.notice = Some(Notice::Error(error_text(lang, &err)));
            }
            SetupReply::Loaded { counter, data } => match (counter, data.map(|d| *d)) {
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
}
