//! The help desk (`fairdesk app --station helpdesk`, issue 14): a staff laptop by the entrance
//! for everyone the kiosk cannot serve. Keyboard first: the search field has the focus, results
//! come as staff type, Enter opens the best one; everything is a button too.
//!
//! Three pages, one file each: [`search`] (the list), [`person`] (check in or out on their
//! behalf, tickets with the kiosk's rules, cancel, corrections) and [`register`] (a person
//! without a card, duplicates first). The pages only read [`HelpdeskState`] (and edit its
//! forms) and return [`HelpdeskCommand`]s; [`HelpdeskStation::apply`] is the one place that
//! turns them into engine calls on the worker. Text typed here is ordinary egui text input, so
//! the system's input method (ibus/fcitx, Telex/VNI) works, unlike the kiosk's keypad.

mod fields;
mod person;
mod register;
mod search;

use std::sync::Arc;

use super::booth::{Notice, error_text};
use super::i18n::{Lang, tr, trf};
use super::jobs::{Jobs, UiWaker};
use crate::api::*;
use crate::domain::registration::parse_birth;
use crate::domain::{Direction, Gender, Household, YesNo};
use crate::print::slip::TicketSlip;
use crate::print::{Printer, Spool};

pub use fields::{CommuneChoice, parse_interests};
pub use person::person_ui;
pub use register::register_ui;
pub use search::search_ui;

/// Which page is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Page {
    #[default]
    Search,
    Person,
    Register,
}

/// The correction form of the person page (texts as typed). It starts as the person is on
/// file; only what staff change is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrectionForm {
    pub full_name: String,
    pub birth: String,
    pub gender: Option<Gender>,
    pub commune: CommuneChoice,
    /// The commune's name when it is outside the event's list.
    pub commune_other: String,
    pub household: Household,
    pub ethnic_minority: YesNo,
    /// A new phone number (the one on file is only shown masked).
    pub phone: String,
    pub education: String,
    /// Comma-separated, as typed.
    pub interests: String,
}

/// The registration form (texts as typed).
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterForm {
    pub full_name: String,
    /// `dd/mm/yyyy` or a year.
    pub birth: String,
    pub gender: Option<Gender>,
    pub commune: CommuneChoice,
    /// The commune's name when it is outside the event's list.
    pub commune_other: String,
    pub phone: String,
    pub id_number: String,
    pub household: Household,
    pub ethnic_minority: YesNo,
}

impl Default for CorrectionForm {
    fn default() -> Self {
        Self {
            full_name: String::new(),
            birth: String::new(),
            gender: None,
            commune: CommuneChoice::Unset,
            commune_other: String::new(),
            household: Household::Unknown,
            ethnic_minority: YesNo::Unknown,
            phone: String::new(),
            education: String::new(),
            interests: String::new(),
        }
    }
}

/// An empty form: household and ethnicity unknown until asked (both are optional answers).
impl Default for RegisterForm {
    fn default() -> Self {
        Self {
            full_name: String::new(),
            birth: String::new(),
            gender: None,
            commune: CommuneChoice::Unset,
            commune_other: String::new(),
            phone: String::new(),
            id_number: String::new(),
            household: Household::Unknown,
            ethnic_minority: YesNo::Unknown,
        }
    }
}

/// What the station shows. Holds no egui types, so tests can read it.
#[derive(Debug, Clone, Default)]
pub struct HelpdeskState {
    pub lang: Lang,
    pub page: Page,
    /// The search text as typed.
    pub query: String,
    /// The query the shown results answer.
    pub answered: String,
    pub results: Vec<SearchHit>,
    /// The open person and where they may be sent.
    pub person: Option<HelpdeskPerson>,
    pub suggestions: Option<Suggestions>,
    pub correction: CorrectionForm,
    pub form: RegisterForm,
    /// Possible duplicates of the registration form, shown before anything is created.
    pub duplicates: Vec<SearchHit>,
    /// Fields the engine refused, with their reason codes.
    pub field_errors: Vec<FieldError>,
    /// The event's communes, for the forms' lists.
    pub communes: Vec<CommuneInfo>,
    pub notice: Option<Notice>,
    pub busy: bool,
}

impl HelpdeskState {
    /// The message for `field`, when the engine refused it.
    pub fn field_error(&self, field: &str) -> Option<String> {
        self.field_errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| field_error_text(self.lang, &e.reason))
    }
}

/// Plain words for a field's reason code.
pub fn field_error_text(lang: Lang, reason: &str) -> String {
    let key = format!("hd.err.{reason}");
    let text = tr(lang, &key);
    if text == key {
        tr(lang, "hd.err.invalid").to_string()
    } else {
        text.to_string()
    }
}

/// What staff asked for. Applied by [`HelpdeskStation::apply`].
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum HelpdeskCommand {
    /// Search for the typed text.
    Search(String),
    /// Open a person's page.
    Open(String),
    /// Back to the list.
    Back,
    /// Open an empty registration form.
    NewRegistration,
    /// Check the open person in (or out).
    Checkin(Direction),
    /// Queue the open person at a booth.
    IssueTicket(String),
    /// Cancel one of their tickets.
    CancelTicket(String),
    /// Save the correction form.
    SaveCorrection,
    /// Print the open person's slip again (their open tickets and registration QR).
    Reprint,
    /// Create the registration (`force`: despite the duplicates shown).
    Register { force: bool },
    /// Switch the interface language.
    SetLang(Lang),
}

enum Reply {
    Communes(FairResult<EventInfo>),
    Searched(String, FairResult<SearchResults>),
    Person(FairResult<(HelpdeskPerson, Suggestions)>),
    Done(FairResult<String>, Option<String>),
    Corrected(FairResult<HelpdeskPerson>),
    Registered(FairResult<RegisterReply>),
    /// The registration slip PDF of a reprint without a printer.
    SlipSaved(Result<std::path::PathBuf, String>),
}

fn load_person(api: &dyn FairApi, code: &str) -> FairResult<(HelpdeskPerson, Suggestions)> {
    Ok((api.helpdesk_person(code)?, api.suggestions(code)?))
}

/// The help desk: its state, the engine worker and the slip printer.
pub struct HelpdeskStation {
    pub state: HelpdeskState,
    jobs: Jobs<Reply>,
    station: String,
    event: Option<EventInfo>,
    printer: Option<(Spool, UiWaker)>,
    /// No ticket printer: reprints are saved here as files (the ticket slip PNG and the
    /// registration slip PDF), and the desk says where.
    slip_folder: Option<std::path::PathBuf>,
    /// The files of the last reprint, for its notice.
    saved: Vec<String>,
}

impl HelpdeskStation {
    /// A help desk over `api` (a local fair or a hub).
    pub fn new(api: Arc<dyn FairApi>) -> Self {
        let mut jobs = Jobs::spawn(api, "helpdesk");
        jobs.send(|api| Reply::Communes(api.event()));
        Self {
            state: HelpdeskState::default(),
            jobs,
            station: "helpdesk".into(),
            event: None,
            printer: None,
            slip_folder: None,
            saved: Vec::new(),
        }
    }

    /// Reprints slips on `printer` (the station's `--printer`, or PNG files in a folder).
    pub fn use_printer(&mut self, printer: Box<dyn Printer>) {
        let waker = UiWaker::default();
        let wake = waker.clone();
        self.printer = Some((Spool::start(printer, move || wake.wake()), waker));
    }

    /// Without a ticket printer: a reprint also writes the person's registration slip as a
    /// PDF into `dir`, and the notice names the files written (the `preview:` printer's PNG
    /// goes to the same folder).
    pub fn save_slips_in(&mut self, dir: std::path::PathBuf) {
        self.slip_folder = Some(dir);
    }

    /// Engine calls and slips still running (tests wait for zero).
    pub fn in_flight(&self) -> usize {
        self.jobs.in_flight()
            + self
                .printer
                .as_ref()
                .map_or(0, |(spool, _)| spool.in_flight())
    }

    fn reprint(&mut self) {
        let lang = self.state.lang;
        let (Some(person), Some(event)) = (&self.state.person, &self.event) else {
            return;
        };
        let Some((spool, _)) = &mut self.printer else {
            self.state.notice = Some(Notice::Error(tr(lang, "hd.no_printer").into()));
            return;
        };
        let p = &person.profile;
        spool.submit(TicketSlip::new(
            event,
            &p.qr,
            &p.code,
            &p.open_tickets,
            lang,
        ));
        self.saved.clear();
        if let Some(dir) = self.slip_folder.clone() {
            let slip = crate::slips::Slip::new(
                &event.code,
                &event.name,
                event.date,
                &p.name,
                p.commune.as_deref(),
                &p.code,
            );
            // Drawn on the worker: laying out the PDF and its font takes longer than a frame.
            self.jobs.send(move |_| {
                Reply::SlipSaved(crate::slips::save_pdf(&slip, &dir).map_err(|e| e.to_string()))
            });
        }
    }

    /// Notes a file a reprint wrote and says where all of them are.
    fn slip_saved(&mut self, path: &std::path::Path) {
        self.saved.push(path.display().to_string());
        let paths = self.saved.join(", ");
        self.state.notice = Some(Notice::Info(trf(
            self.state.lang,
            "hd.slip_saved",
            &[("path", paths.as_str())],
        )));
    }

    fn printer_frame(&mut self, ctx: &egui::Context) {
        let lang = self.state.lang;
        let Some((spool, waker)) = &mut self.printer else {
            return;
        };
        waker.attach(ctx);
        let outcomes = spool.poll();
        if spool.in_flight() > 0 {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        for outcome in outcomes {
            match outcome.result {
                Ok(printed) => match printed.file {
                    Some(file) => self.slip_saved(&file),
                    None => self.state.notice = Some(Notice::Info(tr(lang, "hd.reprinted").into())),
                },
                Err(err) => {
                    tracing::warn!("slip not reprinted: {err}");
                    self.state.notice = Some(Notice::Error(tr(lang, "hd.print_failed").into()));
                }
            }
        }
    }

    fn open_code(&self) -> Option<String> {
        self.state.person.as_ref().map(|p| p.profile.code.clone())
    }

    /// Carries out one command: one engine call on the worker.
    pub fn apply(&mut self, command: HelpdeskCommand) {
        let lang = self.state.lang;
        let station = Some(self.station.clone());
        match command {
            HelpdeskCommand::SetLang(lang) => self.state.lang = lang,
            HelpdeskCommand::Back => {
                self.state.page = Page::Search;
                self.state.notice = None;
                self.state.field_errors.clear();
                let query = self.state.query.clone();
                self.apply(HelpdeskCommand::Search(query));
            }
            HelpdeskCommand::Search(query) => {
                self.jobs.send(move |api| {
                    let result = api.search_attendees(&query, 50);
                    Reply::Searched(query, result)
                });
            }
            HelpdeskCommand::Open(code) => {
                self.state.notice = None;
                self.state.field_errors.clear();
                self.jobs
                    .send(move |api| Reply::Person(load_person(api, &code)));
            }
            HelpdeskCommand::NewRegistration => {
                self.state.page = Page::Register;
                self.state.form = RegisterForm::default();
                self.state.duplicates.clear();
                self.state.field_errors.clear();
                self.state.notice = None;
            }
            HelpdeskCommand::Checkin(direction) => {
                let Some(code) = self.open_code() else { return };
                self.state.busy = true;
                self.jobs.send(move |api| {
                    let done = api
                        .checkin_on_behalf(&code, OnBehalf { direction, station })
                        .map(|out| {
                            let key = match out.status {
                                CheckinStatus::CheckedOut => "hd.checked_out",
                                CheckinStatus::ReEntry => "hd.re_entry",
                                _ => "hd.checked_in",
                            };
                            tr(lang, key).to_string()
                        });
                    Reply::Done(done, Some(code))
                });
            }
            HelpdeskCommand::IssueTicket(booth) => {
                let Some(code) = self.open_code() else { return };
                self.state.busy = true;
                self.jobs.send(move |api| {
                    let done = api
                        .issue_ticket(&code, &booth, station.as_deref())
                        .map(|t| {
                            trf(
                                lang,
                                "hd.ticket_issued",
                                &[
                                    ("ticket", t.ticket.as_str()),
                                    ("ahead", &(t.position.saturating_sub(1)).to_string()),
                                ],
                            )
                        });
                    Reply::Done(done, Some(code))
                });
            }
            HelpdeskCommand::CancelTicket(ticket) => {
                let code = self.open_code();
                self.state.busy = true;
                self.jobs.send(move |api| {
                    let done = api
                        .act(Target::Ticket(ticket.clone()), StaffAction::Cancel)
                        .map(|_| trf(lang, "hd.ticket_cancelled", &[("ticket", ticket.as_str())]));
                    Reply::Done(done, code)
                });
            }
            HelpdeskCommand::SaveCorrection => self.save_correction(station),
            HelpdeskCommand::Reprint => self.reprint(),
            HelpdeskCommand::Register { force } => self.register(force, station),
        }
    }

    fn save_correction(&mut self, station: Option<String>) {
        let Some(person) = &self.state.person else {
            return;
        };
        let code = person.profile.code.clone();
        let form = &self.state.correction;
        let mut correction = Correction {
            station,
            ..Correction::default()
        };
        if form.full_name.trim() != person.profile.name {
            correction.full_name = Some(form.full_name.clone());
        }
        if form.commune != commune_choice(person) || form.commune_other != commune_other(person) {
            // An "outside the list" choice with nothing typed reaches the engine as an empty
            // commune, which it refuses next to the field.
            correction.commune = Some(form.commune.text(&form.commune_other));
        }
        if form.gender != person.profile.gender {
            correction.gender = form.gender;
        }
        if form.household != person.household {
            correction.household = Some(form.household);
        }
        if form.ethnic_minority != person.profile.ethnic_minority {
            correction.ethnic_minority = Some(form.ethnic_minority);
        }
        if !form.phone.trim().is_empty() {
            correction.phone = Some(form.phone.clone());
        }
        if form.education.trim() != person.profile.education.as_deref().unwrap_or_default() {
            correction.education = Some(form.education.trim().to_string());
        }
        let interests = parse_interests(&form.interests);
        if interests != person.profile.interests {
            correction.interests = Some(interests);
        }
        let shown_birth = birth_text(person);
        if form.birth.trim() != shown_birth {
            match parse_birth(&form.birth, chrono::Utc::now().date_naive()) {
                Ok((date, year)) => {
                    correction.birth_date = date;
                    correction.birth_year = Some(year);
                }
                Err(reason) => {
                    self.state.field_errors = vec![FieldError {
                        field: "birth".into(),
                        reason: reason.into(),
                    }];
                    return;
                }
            }
        }
        self.state.busy = true;
        self.jobs
            .send(move |api| Reply::Corrected(api.correct_attendee(&code, correction)));
    }

    fn register(&mut self, force: bool, station: Option<String>) {
        let form = &self.state.form;
        let (birth_date, birth_year) =
            match parse_birth(&form.birth, chrono::Utc::now().date_naive()) {
                Ok((date, year)) => (date, Some(year)),
                // The engine names every wrong field at once; an unreadable birth is one of them.
                Err(_) if form.birth.trim().is_empty() => (None, None),
                Err(_) => (None, Some(0)),
            };
        let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let registration = Registration {
            full_name: form.full_name.clone(),
            birth_date,
            birth_year,
            gender: form.gender,
            commune: form.commune.text(&form.commune_other),
            phone: text(&form.phone),
            id_number: text(&form.id_number),
            household: form.household,
            ethnic_minority: form.ethnic_minority,
            force,
            station,
        };
        self.state.busy = true;
        self.jobs
            .send(move |api| Reply::Registered(api.register_attendee(registration)));
    }

    fn show_person(&mut self, person: HelpdeskPerson) {
        self.state.correction = CorrectionForm {
            full_name: person.profile.name.clone(),
            birth: birth_text(&person),
            gender: person.profile.gender,
            commune: commune_choice(&person),
            commune_other: commune_other(&person),
            household: person.household,
            ethnic_minority: person.profile.ethnic_minority,
            phone: String::new(),
            education: person.profile.education.clone().unwrap_or_default(),
            interests: person.profile.interests.join(", "),
        };
        self.state.person = Some(person);
        self.state.page = Page::Person;
    }

    fn on_reply(&mut self, reply: Reply) {
        let lang = self.state.lang;
        let error = |err: &FairError| Some(Notice::Error(error_text(lang, err)));
        match reply {
            Reply::Communes(Ok(event)) => {
                self.state.communes = event.communes.clone();
                self.event = Some(event);
            }
            Reply::Communes(Err(err)) => self.state.notice = error(&err),
            Reply::Searched(query, Ok(found)) => {
                self.state.answered = query;
                self.state.results = found.results;
            }
            Reply::Searched(_, Err(err)) => self.state.notice = error(&err),
            Reply::Person(Ok((person, suggestions))) => {
                self.state.suggestions = Some(suggestions);
                self.show_person(person);
            }
            Reply::Person(Err(err)) => self.state.notice = error(&err),
            Reply::Done(result, code) => {
                self.state.notice = match result {
                    Ok(text) => Some(Notice::Info(text)),
                    Err(err) => Some(Notice::Error(ticket_error_text(lang, &err))),
                };
                if let Some(code) = code {
                    self.jobs
                        .send(move |api| Reply::Person(load_person(api, &code)));
                }
            }
            Reply::Corrected(Ok(person)) => {
                self.state.field_errors.clear();
                self.state.notice = Some(Notice::Info(tr(lang, "hd.saved").into()));
                self.show_person(person);
            }
            Reply::Corrected(Err(FairError::InvalidFields { errors })) => {
                self.state.field_errors = errors;
            }
            Reply::Corrected(Err(err)) => self.state.notice = error(&err),
            Reply::Registered(Ok(RegisterReply::Duplicates { candidates })) => {
                self.state.field_errors.clear();
                self.state.duplicates = candidates;
            }
            Reply::Registered(Ok(RegisterReply::Registered { checkin })) => {
                self.state.field_errors.clear();
                self.state.duplicates.clear();
                self.state.notice = Some(Notice::Info(tr(lang, "hd.registered").into()));
                if let Some(brief) = checkin.attendee {
                    let code = brief.code;
                    self.jobs
                        .send(move |api| Reply::Person(load_person(api, &code)));
                }
            }
            Reply::Registered(Err(FairError::InvalidFields { errors })) => {
                self.state.field_errors = errors;
            }
            Reply::Registered(Err(err)) => self.state.notice = error(&err),
            Reply::SlipSaved(Ok(path)) => self.slip_saved(&path),
            Reply::SlipSaved(Err(err)) => {
                tracing::warn!("registration slip not saved: {err}");
                self.state.notice = Some(Notice::Error(tr(lang, "hd.print_failed").into()));
            }
        }
    }

    /// One frame: drain replies, draw the page, apply what staff asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.jobs.attach(&ctx);
        for reply in self.jobs.poll() {
            self.on_reply(reply);
        }
        if self.jobs.in_flight() == 0 {
            self.state.busy = false;
        }
        self.printer_frame(&ctx);
        let state = &mut self.state;
        // Paint the whole window as the other staff screens do: without a panel the window's
        // clear colour (black) shows behind the light theme's dark text.
        let commands = egui::Frame::central_panel(ui.style())
            .inner_margin(16.0)
            .show(ui, |ui| {
                ui.set_min_size(ui.available_size());
                match state.page {
                    Page::Search => search_ui(ui, state),
                    // The two forms are taller than a laptop screen: they scroll.
                    page => {
                        egui::ScrollArea::vertical()
                            .auto_shrink([false, false])
                            .show(ui, |ui| {
                                if page == Page::Person {
                                    person_ui(ui, state)
                                } else {
                                    register_ui(ui, state)
                                }
                            })
                            .inner
                    }
                }
            })
            .inner;
        for command in commands {
            self.apply(command);
        }
        if self.jobs.in_flight() > 0 {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }
}

/// The person's commune as the correction form starts: listed, outside the list, or none.
fn commune_choice(person: &HelpdeskPerson) -> CommuneChoice {
    match (person.commune_id, &person.commune_outside) {
        (Some(_), _) => CommuneChoice::Listed(person.profile.commune.clone().unwrap_or_default()),
        (None, Some(_)) => CommuneChoice::Outside,
        (None, None) => CommuneChoice::Unset,
    }
}

/// The commune typed outside the list, as the correction form starts.
fn commune_other(person: &HelpdeskPerson) -> String {
    person.commune_outside.clone().unwrap_or_default()
}

/// The birth as the forms show it: `dd/mm/yyyy`, or the year.
fn birth_text(person: &HelpdeskPerson) -> String {
    match (person.birth_date, person.profile.birth_year) {
        (Some(date), _) => date.format("%d/%m/%Y").to_string(),
        (None, Some(year)) => year.to_string(),
        (None, None) => String::new(),
    }
}

/// Plain words for a refused ticket: the kiosk's limits, said to staff.
fn ticket_error_text(lang: Lang, err: &FairError) -> String {
    match err {
        FairError::TooManyOpenTickets { max } => trf(
            lang,
            "hd.err.too_many_tickets",
            &[("max", &max.to_string())],
        ),
        FairError::AlreadyQueued { ticket, .. } => trf(
            lang,
            "hd.err.already_queued",
            &[("ticket", ticket.as_str())],
        ),
        FairError::NotCheckedIn => tr(lang, "hd.err.not_checked_in").to_string(),
        other => error_text(lang, other),
    }
}

/// A labelled one-line text field with its error underneath, as every form here lays them out.
pub(crate) fn field_ui(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    error: Option<String>,
) -> egui::Response {
    ui.horizontal(|ui| {
        let label = ui.add_sized([160.0, 24.0], egui::Label::new(label));
        let response = ui
            .add(egui::TextEdit::singleline(value).desired_width(320.0))
            .labelled_by(label.id);
        if let Some(error) = error {
            ui.colored_label(egui::Color32::from_rgb(200, 30, 30), error);
        }
        response
    })
    .inner
}
