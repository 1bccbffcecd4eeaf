//! The attendee-facing kiosk (DESIGN §1, §2, §7, §8; issue 3).
//!
//! Flow: welcome (scan or keypad) → greeting with the attendee's own name and masked ID →
//! for a card-registered walk-in, confirm a damaged name → choose employers and/or counselling
//! (a walk-in may also answer the optional questions there) → tickets with one QR code → back
//! to welcome on "Done" or after the event's idle timeout.
//!
//! Touches (issue 3: at most three from scan to "I know where to go"): choosing as many booths
//! as the attendee may still hold issues the tickets at once, so two employers and counselling
//! are three touches; fewer choices take one more touch on "get tickets". Skipping the
//! questions costs nothing: they sit beside the cards and are saved just before the tickets.
//!
//! The drawing functions (`*_ui`) only read [`KioskState`] and return a [`Command`]; one place,
//! [`Kiosk::apply`], changes state and sends engine requests through the [`Worker`]. Engine
//! replies are applied in [`Kiosk::on_reply`]. Time comes from `ui.input(|i| i.time)`, so tests
//! can move it forward to check the idle timeout.
//!
//! Privacy: the kiosk only ever holds and shows the scanned person's own [`AttendeeBrief`]
//! (name, masked ID) and tickets; nothing is logged at info level about who scanned.

use std::sync::Arc;

use egui::{Align, Color32, Key, Layout, RichText, Sense, Stroke, vec2};

use super::fonts;
use super::i18n::{Lang, tr, trf};
use super::keypad::{KeypadEvent, keypad_ui};
use super::qr;
use super::worker::{Reply, Request, Worker};
use crate::api::{
    AttendeeBrief, BoothStatus, CheckinOutcome, CheckinStatus, EventInfo, FairApi, FairError,
    ProfileUpdate, Suggestions, TicketView,
};
use crate::domain::{Household, TicketState, YesNo};
use crate::hub::{HubLink, OfflineKiosk};

/// Height of every big button: above the 64 px touch minimum of DESIGN §7.
pub const TOUCH_HEIGHT: f32 = 76.0;
/// Show a spinner once a request has been pending this long (seconds).
const SPINNER_AFTER_S: f64 = 0.2;
/// Idle timeout used until the event's settings have arrived.
const DEFAULT_IDLE_S: u32 = 20;
/// The longest line the scan field accepts; the engine rejects anything over 512 bytes anyway.
const SCAN_MAX_CHARS: usize = 600;

const ACCENT: Color32 = Color32::from_rgb(0, 94, 168);
const SELECTED: Color32 = Color32::from_rgb(0, 128, 64);

/// The scanned person as the kiosk may show them, and how far their visit has got.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Own name, masked ID, registration code and QR payload.
    pub brief: AttendeeBrief,
    /// Registered from their card just now (a walk-in).
    pub registered: bool,
    /// The name came from a damaged scan and is not confirmed yet.
    pub name_unconfirmed: bool,
    /// Profile questions still to ask ("household", "ethnic_minority", "phone").
    pub ask: Vec<String>,
    /// Open tickets at the time of the scan.
    pub open_tickets: Vec<TicketView>,
}

/// Answers to the walk-in questions; `None`/empty means skipped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    /// Household category.
    pub household: Option<Household>,
    /// Ethnic minority.
    pub ethnic_minority: Option<YesNo>,
    /// Phone digits.
    pub phone: String,
}

/// The phone number being typed on the choose screen's keypad dialog.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhoneEntry {
    /// Digits typed.
    pub digits: String,
    /// The last OK was not a valid mobile number.
    pub invalid: bool,
}

/// Which screen the kiosk shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Waiting for the event's settings.
    Loading,
    /// Scan or type.
    Welcome,
    /// A scan is being checked.
    Checking,
    /// Confirm (or retype) a name damaged by a keyboard-mode scanner.
    ConfirmName {
        /// Who.
        person: Person,
        /// `Some` while retyping.
        retype: Option<String>,
        /// The last save was refused.
        error: bool,
    },
    /// Choose employers and counselling; a walk-in may also answer the optional questions
    /// (household, ethnic minority, phone) on this screen, so skipping them costs no touch.
    Choose {
        /// Who.
        person: Person,
        /// `None` until the engine answers.
        suggestions: Option<Suggestions>,
        /// Chosen booth codes, in the order chosen.
        selected: Vec<String>,
        /// Some of the last choices could not be issued.
        failed: bool,
        /// The walk-in's answers so far (saved just before the tickets are issued).
        answers: Answers,
        /// The phone keypad dialog, while open.
        phone_entry: Option<PhoneEntry>,
        /// The tickets were issued at once because the attendee chose as many as they may hold.
        auto: bool,
    },
    /// Tickets, new or (after a re-scan) already held.
    Tickets {
        /// Who.
        person: Person,
        /// Open tickets now.
        tickets: Vec<TicketView>,
        /// Shown because of a re-scan, not because tickets were just issued.
        rescan: bool,
        /// Some of the choices could not be issued.
        failed: bool,
        /// Issued at once on the last choice (the screen says so).
        auto: bool,
    },
    /// Not found, rejected or offline: a kind message by reason code.
    Message {
        /// An `i18n` key (`reason.*`).
        key: String,
    },
}

/// The organiser lock, shown over any screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// Asking for the PIN.
    Pin {
        /// Digits typed.
        entered: String,
        /// The last PIN was wrong.
        wrong: bool,
    },
    /// PIN accepted: what the organiser may do.
    Menu,
}

/// Everything the kiosk screen shows; no egui types, no handles.
#[derive(Debug, Clone, PartialEq)]
pub struct KioskState {
    /// Interface language (Vietnamese by default, back to it for each new attendee).
    pub lang: Lang,
    /// The event, once loaded.
    pub event: Option<EventInfo>,
    /// Station name for the log.
    pub station: String,
    /// Current screen.
    pub phase: Phase,
    /// The scan field / keypad text.
    pub input: String,
    /// The organiser lock, if open.
    pub overlay: Option<Overlay>,
    /// `ui.input().time` of the last touch, key or reply.
    pub last_activity: f64,
    /// `ui.input().time` of this frame.
    pub now: f64,
    /// When the oldest pending request was sent.
    pub busy_since: Option<f64>,
    /// The organiser unlocked the exit: the window may close.
    pub exit_unlocked: bool,
    /// Set when the organiser chose to quit; the app closes the window.
    pub quit_requested: bool,
    /// Over a hub: whether it answers and how many scans wait (`None` on a local database).
    pub hub: Option<HubLink>,
}

impl KioskState {
    fn new(station: &str) -> Self {
        Self {
            lang: Lang::Vi,
            event: None,
            station: station.to_string(),
            phase: Phase::Loading,
            input: String::new(),
            overlay: None,
            last_activity: 0.0,
            now: 0.0,
            busy_since: None,
            exit_unlocked: false,
            quit_requested: false,
            hub: None,
        }
    }

    fn tr<'a>(&self, key: &'a str) -> &'a str {
        tr(self.lang, key)
    }

    fn max_open(&self) -> u32 {
        self.event.as_ref().map_or(3, |e| e.max_open_tickets)
    }

    /// Seconds of inactivity before the kiosk returns to welcome.
    pub fn idle_timeout_s(&self) -> u32 {
        self.event
            .as_ref()
            .map_or(DEFAULT_IDLE_S, |e| e.idle_timeout_s)
    }
}

/// What the attendee (or organiser) asked for. The `*_ui` functions return these; one place
/// ([`Kiosk::apply`]) carries them out.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Command {
    /// Check in this scanned or typed text.
    Scan(String),
    /// Switch the interface language.
    SetLang(Lang),
    /// Back to the welcome screen (Done, Cancel, OK on a message).
    Reset,
    /// The name shown is right.
    ConfirmName,
    /// Start retyping the name.
    RetypeName,
    /// Save the retyped name.
    SaveName(String),
    /// Answer (or, with `None`, un-answer) the household question.
    SetHousehold(Option<Household>),
    /// Answer (or un-answer) the ethnic-minority question.
    SetEthnicMinority(Option<YesNo>),
    /// Open the phone keypad dialog.
    OpenPhone,
    /// Take the typed phone number (if valid) and close the dialog.
    SavePhone,
    /// Close the phone dialog without changing the answer.
    ClosePhone,
    /// Choose or un-choose a booth; choosing the last one the attendee may hold issues the
    /// tickets at once.
    Toggle(String),
    /// Issue tickets for the chosen booths (saving the walk-in's answers first).
    GetTickets,
    /// From the re-scan ticket list: choose more booths.
    AddMore,
    /// Open the organiser PIN dialog.
    OpenLock,
    /// Check the typed PIN.
    SubmitPin,
    /// Close the organiser dialog.
    CloseLock,
    /// Quit the app (organiser only).
    Quit,
}

/// The kiosk screen: its state, the engine worker and the QR texture.
pub struct Kiosk {
    /// What is shown.
    pub state: KioskState,
    worker: Worker,
    qr_texture: Option<(String, egui::TextureHandle)>,
}

impl Kiosk {
    /// A kiosk over `api`, logging as `station`. Starts loading the event.
    pub fn new(api: Arc<dyn FairApi>, station: &str) -> Self {
        let mut worker = Worker::spawn(api);
        worker.send(Request::Event);
        Self {
            state: KioskState::new(station),
            worker,
            qr_texture: None,
        }
    }

    /// Engine requests still in flight (tests wait for zero).
    pub fn in_flight(&self) -> usize {
        self.worker.in_flight()
    }

    /// A line from a serial-mode scanner: treated like a keyboard scan on the welcome screen.
    pub fn external_scan(&mut self, text: String) {
        let choosing = matches!(
            self.state.phase,
            Phase::Choose {
                phone_entry: None,
                ..
            }
        );
        if (choosing
            || matches!(
                self.state.phase,
                Phase::Welcome | Phase::Tickets { .. } | Phase::Message { .. }
            ))
            && self.state.overlay.is_none()
        {
            self.apply(Command::Scan(text));
        }
    }

    fn send(&mut self, request: Request) {
        if self.worker.in_flight() == 0 {
            self.state.busy_since = Some(self.state.now);
        }
        self.worker.send(request);
    }

    fn reset(&mut self) {
        // Answers given before "Cancel" or the idle timeout are kept all the same.
        self.save_answers();
        let s = &mut self.state;
        s.phase = if s.event.is_some() {
            Phase::Welcome
        } else {
            Phase::Loading
        };
        s.input.clear();
        s.lang = Lang::Vi;
        self.qr_texture = None;
    }

    /// Carries out one command.
    pub fn apply(&mut self, command: Command) {
        let busy = self.worker.in_flight() > 0;
        match command {
            Command::SetLang(lang) => self.state.lang = lang,
            Command::Reset => self.reset(),
            Command::OpenLock => {
                self.state.overlay = Some(Overlay::Pin {
                    entered: String::new(),
                    wrong: false,
                })
            }
            Command::CloseLock => self.state.overlay = None,
            Command::SubmitPin => {
                if let Some(Overlay::Pin { entered, .. }) = &self.state.overlay {
                    let pin = entered.clone();
                    self.send(Request::VerifyPin { pin });
                }
            }
            Command::Quit => {
                if self.state.overlay == Some(Overlay::Menu) {
                    self.state.exit_unlocked = true;
                    self.state.quit_requested = true;
                }
            }
            Command::SetHousehold(value) => {
                if let Phase::Choose { answers, .. } = &mut self.state.phase {
                    answers.household = value;
                }
            }
            Command::SetEthnicMinority(value) => {
                if let Phase::Choose { answers, .. } = &mut self.state.phase {
                    answers.ethnic_minority = value;
                }
            }
            Command::OpenPhone => {
                if let Phase::Choose {
                    answers,
                    phone_entry,
                    ..
                } = &mut self.state.phase
                {
                    *phone_entry = Some(PhoneEntry {
                        digits: answers.phone.clone(),
                        invalid: false,
                    });
                }
            }
            Command::ClosePhone => {
                if let Phase::Choose { phone_entry, .. } = &mut self.state.phase {
                    *phone_entry = None;
                }
            }
            Command::SavePhone => {
                if let Phase::Choose {
                    answers,
                    phone_entry: entry @ Some(_),
                    ..
                } = &mut self.state.phase
                    && let Some(typed) = entry
                {
                    // Checked here with the engine's own rule, so the save just before the
                    // tickets are issued cannot fail on it.
                    if typed.digits.is_empty() {
                        answers.phone.clear();
                        *entry = None;
                    } else if let Some(phone) = crate::domain::phone::parse_phone(&typed.digits) {
                        answers.phone = phone;
                        *entry = None;
                    } else {
                        typed.invalid = true;
                        typed.digits.clear();
                    }
                }
            }
            // A scan is never dropped, even while a reply is pending: a scanner does not
            // retry. Replies to older requests arrive first (the worker answers in order)
            // and find the kiosk checking, so they change nothing.
            Command::Scan(text) => {
                let scan = text.trim().to_string();
                self.state.input.clear();
                if scan.is_empty() {
                    return;
                }
                // The next person scanned while the last one was still choosing: keep what
                // the last one answered.
                self.save_answers();
                self.qr_texture = None;
                self.state.phase = Phase::Checking;
                let station = self.state.station.clone();
                self.send(Request::Checkin { scan, station });
            }
            // Attendee actions wait for the previous reply, so a double tap acts once.
            _ if busy => {}
            Command::ConfirmName => {
                if let Phase::ConfirmName { person, .. } = &self.state.phase {
                    let request = Request::Update {
                        attendee: person.brief.code.clone(),
                        update: ProfileUpdate {
                            full_name: Some(person.brief.name.clone()),
                            ..Default::default()
                        },
                    };
                    self.send(request);
                }
            }
            Command::RetypeName => {
                if let Phase::ConfirmName { retype, .. } = &mut self.state.phase {
                    *retype = Some(String::new());
                }
            }
            Command::SaveName(name) => {
                if let Phase::ConfirmName { person, .. } = &self.state.phase {
                    let request = Request::Update {
                        attendee: person.brief.code.clone(),
                        update: ProfileUpdate {
                            full_name: Some(name.trim().to_string()),
                            ..Default::default()
                        },
                    };
                    self.send(request);
                }
            }
            Command::Toggle(booth) => {
                let max = self.state.max_open();
                let mut complete = false;
                if let Phase::Choose {
                    person, selected, ..
                } = &mut self.state.phase
                {
                    let room = room_left(max, person);
                    if let Some(at) = selected.iter().position(|b| *b == booth) {
                        selected.remove(at);
                    } else if (selected.len() as u32) < room {
                        selected.push(booth);
                        // Nothing is left to choose: asking for one more touch would only
                        // cost the attendee time.
                        complete = selected.len() as u32 >= room;
                    }
                }
                if complete {
                    self.issue(true);
                }
            }
            Command::GetTickets => self.issue(false),
            Command::AddMore => {
                if let Phase::Tickets {
                    person, tickets, ..
                } = &self.state.phase
                {
                    let mut person = person.clone();
                    person.open_tickets = tickets.clone();
                    self.choose(person);
                }
            }
        }
    }

    /// The next step for `person`: name, questions, open tickets, or choosing.
    fn advance(&mut self, person: Person) {
        if person.name_unconfirmed {
            self.state.phase = Phase::ConfirmName {
                person,
                retype: None,
                error: false,
            };
        } else if !person.open_tickets.is_empty() {
            let tickets = person.open_tickets.clone();
            self.state.phase = Phase::Tickets {
                person,
                tickets,
                rescan: true,
                failed: false,
                auto: false,
            };
        } else {
            self.choose(person);
        }
    }

    fn choose(&mut self, person: Person) {
        let attendee = person.brief.code.clone();
        self.state.phase = Phase::Choose {
            person,
            suggestions: None,
            selected: Vec::new(),
            failed: false,
            answers: Answers::default(),
            phone_entry: None,
            auto: false,
        };
        self.send(Request::Suggestions { attendee });
    }

    /// Issues the chosen tickets; `auto` when the last possible choice triggered it. The
    /// walk-in's answers are sent first: the worker handles requests in order, so they are
    /// saved before the tickets exist.
    fn issue(&mut self, auto_issue: bool) {
        self.save_answers();
        if let Phase::Choose {
            person,
            selected,
            auto,
            ..
        } = &mut self.state.phase
            && !selected.is_empty()
        {
            *auto = auto_issue;
            let request = Request::Issue {
                attendee: person.brief.code.clone(),
                booths: selected.clone(),
                station: self.state.station.clone(),
            };
            self.send(request);
        }
    }

    /// Sends the walk-in's answers, if they gave any and they are not saved yet. Skipped
    /// questions stay unknown.
    fn save_answers(&mut self) {
        if let Phase::Choose {
            person, answers, ..
        } = &mut self.state.phase
            && !person.ask.is_empty()
        {
            let update = ProfileUpdate {
                household: answers.household,
                ethnic_minority: answers.ethnic_minority,
                phone: (!answers.phone.is_empty()).then(|| answers.phone.clone()),
                ..Default::default()
            };
            // Asked once: the questions leave the screen once answered or passed by.
            person.ask.clear();
            if update != ProfileUpdate::default() {
                let attendee = person.brief.code.clone();
                self.send(Request::Update { attendee, update });
            }
        }
    }

    fn on_checkin(&mut self, result: Result<CheckinOutcome, FairError>) {
        if self.state.phase != Phase::Checking {
            return;
        }
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(err) => {
                tracing::warn!(code = err.code(), "check-in failed");
                let key = if matches!(err, FairError::Unavailable { .. }) {
                    "reason.unavailable"
                } else {
                    "reason.other"
                };
                self.state.phase = Phase::Message { key: key.into() };
                return;
            }
        };
        match (outcome.status, outcome.attendee) {
            (
                CheckinStatus::CheckedIn | CheckinStatus::ReEntry | CheckinStatus::Registered,
                Some(brief),
            ) => {
                tracing::debug!(status = ?outcome.status, "checked in");
                let person = Person {
                    brief,
                    registered: outcome.status == CheckinStatus::Registered,
                    name_unconfirmed: outcome.name_needs_confirmation,
                    ask: outcome.ask,
                    open_tickets: outcome.open_tickets,
                };
                self.advance(person);
            }
            (CheckinStatus::CheckedOut, _) => self.reset(),
            (status, _) => {
                let reason = outcome.reason.unwrap_or_default();
                tracing::info!(?status, reason = %reason, "scan not accepted");
                let key = format!("reason.{reason}");
                let key = if super::i18n::has(&key) {
                    key
                } else {
                    "reason.other".to_string()
                };
                self.state.phase = Phase::Message { key };
            }
        }
    }

    fn on_reply(&mut self, reply: Reply) {
        let Some(reply) = self.offline_reply(reply) else {
            return;
        };
        match reply {
            Reply::Event(Ok(event)) => {
                self.state.event = Some(event);
                if self.state.phase == Phase::Loading {
                    self.state.phase = Phase::Welcome;
                }
            }
            Reply::Event(Err(err)) => {
                tracing::error!("cannot load the event: {err}");
            }
            Reply::Checkin(result) => self.on_checkin(result),
            Reply::Updated(result) => match (&mut self.state.phase, result) {
                (Phase::ConfirmName { person, .. }, Ok(profile)) => {
                    let mut person = person.clone();
                    person.brief.name = profile.name;
                    person.name_unconfirmed = false;
                    self.advance(person);
                }
                (Phase::ConfirmName { error, .. }, Err(_)) => *error = true,
                // The walk-in's answers, saved before their tickets: nothing to show, and the
                // tickets do not depend on them.
                (_, Err(err)) => tracing::warn!(code = err.code(), "answers not saved"),
                _ => {}
            },
            Reply::Suggestions(result) => {
                if let Phase::Choose { suggestions, .. } = &mut self.state.phase {
                    match result {
                        Ok(found) => *suggestions = Some(found),
                        Err(err) => {
                            tracing::warn!(code = err.code(), "no suggestions");
                            *suggestions = Some(Suggestions {
                                employers: Vec::new(),
                                counselling: Vec::new(),
                            });
                        }
                    }
                }
            }
            Reply::Issued { results, profile } => {
                if let Phase::Choose { person, auto, .. } = &self.state.phase {
                    let auto = *auto;
                    let failed = results.iter().any(Result::is_err);
                    let tickets = match profile {
                        Ok(profile) => profile.open_tickets,
                        Err(_) => {
                            let mut all = person.open_tickets.clone();
                            all.extend(results.into_iter().flatten().map(|t| t.view));
                            all
                        }
                    };
                    let person = person.clone();
                    self.state.phase = Phase::Tickets {
                        person,
                        tickets,
                        rescan: false,
                        failed,
                        auto,
                    };
                }
            }
            Reply::Queued { .. } => {
                if self.state.phase == Phase::Checking {
                    self.state.phase = Phase::Message {
                        key: "hub.saved".into(),
                    };
                }
            }
            Reply::Pin(result) => {
                if let Some(Overlay::Pin { entered, wrong }) = &mut self.state.overlay {
                    if matches!(result, Ok(true)) {
                        self.state.overlay = Some(Overlay::Menu);
                    } else {
                        *wrong = true;
                        entered.clear();
                    }
                }
            }
        }
    }

    /// One frame of the kiosk: drain replies, handle idle time and the window-close lock,
    /// draw, apply what the user asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.worker.attach(&ctx);
        let (now, active) = ui.input(|i| {
            let active = i.pointer.any_down()
                || i.events.iter().any(|e| {
                    matches!(
                        e,
                        egui::Event::Key { .. }
                            | egui::Event::Text(_)
                            | egui::Event::PointerButton { .. }
                            | egui::Event::Touch { .. }
                    )
                });
            (i.time, active)
        });
        self.state.now = now;
        if active {
            self.state.last_activity = now;
        }
        for reply in self.worker.poll() {
            self.state.last_activity = now;
            self.on_reply(reply);
        }
        if self.worker.in_flight() == 0 {
            self.state.busy_since = None;
        }
        self.hub_frame(&ctx, now);

        // The kiosk lock: closing the window needs the organiser PIN.
        if ui.input(|i| i.viewport().close_requested()) && !self.state.exit_unlocked {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if self.state.overlay.is_none() {
                self.apply(Command::OpenLock);
            }
        }

        // Escape (a helper's keyboard) cancels the attendee screen or the lock at once.
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            if self.state.overlay.is_some() {
                self.apply(Command::CloseLock);
            } else if !matches!(self.state.phase, Phase::Welcome | Phase::Loading) {
                self.apply(Command::Reset);
            }
        }

        // Back to welcome after the idle timeout.
        let idle = now - self.state.last_activity;
        let at_rest = matches!(self.state.phase, Phase::Welcome | Phase::Loading);
        if (!at_rest || self.state.overlay.is_some())
            && idle >= f64::from(self.state.idle_timeout_s())
        {
            self.state.overlay = None;
            self.reset();
        }
        if !at_rest || self.state.overlay.is_some() {
            // Wake up to count down and to time out even when nobody touches the screen.
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }

        if let Phase::Tickets { person, .. } = &self.state.phase {
            self.ensure_qr(&ctx, &person.brief.qr.clone());
        }
        let qr = self.qr_texture.as_ref().map(|(_, t)| t.clone());
        offline_banner_ui(ui, &self.state);
        let commands = kiosk_ui(ui, &mut self.state, qr.as_ref());
        for command in commands {
            self.state.last_activity = now;
            self.apply(command);
        }
        if self.worker.in_flight() > 0 {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if self.state.quit_requested {
            self.state.quit_requested = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn ensure_qr(&mut self, ctx: &egui::Context, payload: &str) {
        if self.qr_texture.as_ref().is_some_and(|(p, _)| p == payload) {
            return;
        }
        match qr::qr_image(payload) {
            Ok(image) => {
                let texture = ctx.load_texture("attendee-qr", image, egui::TextureOptions::NEAREST);
                self.qr_texture = Some((payload.to_string(), texture));
            }
            Err(err) => {
                tracing::warn!("cannot draw the QR code: {err}");
                self.qr_texture = None;
            }
        }
    }
}

impl Kiosk {
    /// Sends check-ins through `outbox` (a hub with a local outbox): scans keep being accepted
    /// while the hub is away, and the screen shows a banner until it is back.
    pub fn use_outbox(&mut self, outbox: Arc<OfflineKiosk>) {
        self.worker.use_outbox(outbox);
    }

    /// Per frame over a hub: refresh the banner's link state, retry loading the event if the
    /// hub was away at start, and wake up now and then so the banner follows the hub.
    fn hub_frame(&mut self, ctx: &egui::Context, now: f64) {
        self.state.hub = self.worker.hub_link();
        if self.state.event.is_none()
            && self.worker.in_flight() == 0
            && self.worker.event_retry_due(now)
        {
            self.send(Request::Event);
        }
        if self.state.hub.is_some() || self.state.event.is_none() {
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
    }

    /// Replies that mean "the hub is away" in the middle of a visit: say so plainly instead
    /// of a misleading "wrong PIN" or "bad phone number". Returns the reply if it is not one.
    fn offline_reply(&mut self, reply: Reply) -> Option<Reply> {
        let away = |err: &FairError| matches!(err, FairError::Unavailable { .. });
        let needs_hub = match &reply {
            Reply::Pin(Err(err)) if away(err) => {
                if let Some(Overlay::Pin { entered, .. }) = &mut self.state.overlay {
                    entered.clear();
                }
                return None;
            }
            Reply::Suggestions(Err(err)) | Reply::Updated(Err(err)) => away(err),
            Reply::Issued { results, .. } => {
                !results.is_empty() && results.iter().all(|r| r.as_ref().is_err_and(away))
            }
            _ => false,
        };
        if !needs_hub {
            return Some(reply);
        }
        if matches!(
            self.state.phase,
            Phase::Choose { .. } | Phase::ConfirmName { .. }
        ) {
            self.state.phase = Phase::Message {
                key: "hub.needs_hub".into(),
            };
        }
        None
    }
}

/// The calm banner of a kiosk whose hub is away: scans are still taken, how many wait, and
/// that queue numbers need the hub. Once the hub is back it says the saved scans
/// are being sent, and goes when none wait.
pub fn offline_banner_ui(ui: &mut egui::Ui, state: &KioskState) {
    let Some(link) = state.hub.filter(|link| !link.is_clear()) else {
        return;
    };
    let pending = link.pending.to_string();
    let ink = Color32::from_rgb(90, 60, 0);
    // One slim strip on top (a panel, so the screen below simply gets less room): the kiosk's
    // screens are laid out for 800 px and must still fit under it.
    egui::Panel::top("kiosk-offline-banner")
        .resizable(false)
        .show_separator_line(false)
        .frame(
            egui::Frame::new()
                .fill(Color32::from_rgb(255, 236, 179))
                .inner_margin(egui::Margin::symmetric(24, 6)),
        )
        .show(ui, |ui| {
            // Rows as tall as the text, not the kiosk's 76 px touch rows.
            ui.spacing_mut().interact_size.y = 24.0;
            ui.horizontal_wrapped(|ui| {
                if link.reachable {
                    let text = trf(state.lang, "hub.sending", &[("n", &pending)]);
                    ui.label(RichText::new(text).size(20.0).color(ink));
                    return;
                }
                ui.label(
                    RichText::new(state.tr("hub.offline"))
                        .size(20.0)
                        .strong()
                        .color(ink),
                );
                if link.pending > 0 {
                    let text = trf(state.lang, "hub.waiting", &[("n", &pending)]);
                    ui.label(RichText::new(text).size(20.0).strong().color(ink));
                }
            });
        });
}

fn room_left(max: u32, person: &Person) -> u32 {
    max.saturating_sub(person.open_tickets.len() as u32)
}

/// The whole kiosk screen: the current phase, the organiser lock over it, and a spinner while
/// the engine works. Returns what the user asked for.
pub fn kiosk_ui(
    ui: &mut egui::Ui,
    state: &mut KioskState,
    qr: Option<&egui::TextureHandle>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let locked = state.overlay.is_some();
    egui::Frame::central_panel(ui.style())
        .inner_margin(24.0)
        .show(ui, |ui| {
            ui.set_min_size(ui.available_size());
            // While the organiser lock is open the attendee screen is not drawn at all: no
            // stray touches reach it and nobody's name shows behind the PIN pad.
            if locked {
                return;
            }
            {
                let command = match state.phase.clone() {
                    Phase::Loading | Phase::Checking => {
                        busy_ui(ui, state);
                        None
                    }
                    Phase::Welcome => welcome_ui(ui, state),
                    Phase::ConfirmName { .. } => confirm_name_ui(ui, state),
                    Phase::Choose { .. } => choose_ui(ui, state),
                    Phase::Tickets { .. } => tickets_ui(ui, state, qr),
                    Phase::Message { key } => message_ui(ui, state, &key),
                };
                commands.extend(command);
            }
        });
    if locked {
        commands.extend(lock_ui(ui.ctx(), state));
    } else if let Some(since) = state.busy_since
        && state.now - since >= SPINNER_AFTER_S
        && !matches!(state.phase, Phase::Loading | Phase::Checking)
    {
        egui::Area::new(egui::Id::unique("kiosk-busy"))
            .anchor(egui::Align2::CENTER_CENTER, vec2(0.0, 0.0))
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| busy_ui(ui, state));
            });
    }
    commands
}

fn big_button(text: impl Into<String>, width: f32) -> egui::Button<'static> {
    egui::Button::new(RichText::new(text.into()).size(30.0).strong())
        .min_size(vec2(width, TOUCH_HEIGHT))
}

fn primary_button(text: impl Into<String>, width: f32) -> egui::Button<'static> {
    egui::Button::new(
        RichText::new(text.into())
            .size(32.0)
            .family(fonts::bold())
            .color(Color32::WHITE),
    )
    .fill(ACCENT)
    .min_size(vec2(width, TOUCH_HEIGHT + 8.0))
}

fn busy_ui(ui: &mut egui::Ui, state: &KioskState) {
    ui.horizontal(|ui| {
        ui.add(egui::Spinner::new().size(48.0));
        let key = if state.phase == Phase::Loading {
            "loading"
        } else {
            "working"
        };
        ui.label(RichText::new(state.tr(key)).size(32.0));
    });
}

/// The VI | EN switch. It is drawn inside right-to-left layouts, so the buttons are added in
/// reverse to read "VI EN" on screen.
fn lang_switch_ui(ui: &mut egui::Ui, state: &KioskState) -> Option<Command> {
    let mut command = None;
    for (lang, key) in [(Lang::En, "lang.en"), (Lang::Vi, "lang.vi")] {
        let text = RichText::new(state.tr(key)).size(28.0).strong();
        let button =
            egui::Button::selectable(state.lang == lang, text).min_size(vec2(84.0, TOUCH_HEIGHT));
        if ui.add(button).clicked() {
            command = Some(Command::SetLang(lang));
        }
    }
    command
}

/// The top bar of every attendee screen after the scan: greeting and a cancel button.
fn greeting_ui(ui: &mut egui::Ui, state: &KioskState, person: &Person) -> Option<Command> {
    let mut command = None;
    ui.horizontal(|ui| {
        let mut name = person.brief.name.clone();
        if let Some(masked) = &person.brief.masked_id {
            name = format!("{name} ({masked})");
        }
        ui.label(
            RichText::new(trf(state.lang, "greeting", &[("name", &name)]))
                .size(36.0)
                .family(fonts::bold()),
        );
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if ui.add(big_button(state.tr("cancel"), 140.0)).clicked() {
                command = Some(Command::Reset);
            }
            if let Some(c) = lang_switch_ui(ui, state) {
                command = Some(c);
            }
        });
    });
    ui.separator();
    command
}

/// Welcome: event, scan prompt, keypad, language switch, help line. The scan field keeps the
/// keyboard focus so a USB scanner works without a touch.
pub fn welcome_ui(ui: &mut egui::Ui, state: &mut KioskState) -> Option<Command> {
    let mut command = None;
    let (name, place) = match &state.event {
        Some(e) => (
            e.name.to_uppercase(),
            format!("{} · {}", e.venue, e.date.format("%d/%m/%Y")),
        ),
        None => (String::new(), String::new()),
    };
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.label(
                RichText::new(name)
                    .size(40.0)
                    .family(fonts::bold())
                    .color(ACCENT),
            );
            ui.label(RichText::new(place).size(26.0));
        });
        ui.with_layout(Layout::right_to_left(Align::Min), |ui| {
            if let Some(c) = lang_switch_ui(ui, state) {
                command = Some(c);
            }
        });
    });
    ui.add_space(8.0);
    ui.label(RichText::new(state.tr("welcome")).size(30.0));
    ui.separator();
    ui.add_space(12.0);

    let help_height = 90.0;
    let body_height = (ui.available_height() - help_height).max(420.0);
    ui.horizontal(|ui| {
        ui.set_height(body_height);
        // Left: how to scan.
        let left_width = (ui.available_width() * 0.52).max(360.0);
        ui.vertical(|ui| {
            ui.set_width(left_width);
            ui.add_space(20.0);
            ui.horizontal(|ui| {
                qr_icon_ui(ui, 150.0);
                ui.add_space(16.0);
                ui.add(
                    egui::Label::new(
                        RichText::new(state.tr("scan_prompt"))
                            .size(38.0)
                            .family(fonts::bold()),
                    )
                    .wrap(),
                );
            });
            ui.add_space(24.0);
            card_under_scanner_ui(ui, left_width.min(460.0));
        });
        ui.separator();
        // Right: type with the keypad. The same field receives a scanner's keystrokes.
        ui.vertical(|ui| {
            let label = ui.label(RichText::new(state.tr("type_prompt")).size(28.0));
            let edit = egui::TextEdit::singleline(&mut state.input)
                .font(egui::FontId::new(34.0, egui::FontFamily::Monospace))
                .char_limit(SCAN_MAX_CHARS)
                .desired_width(350.0)
                .min_size(vec2(350.0, TOUCH_HEIGHT))
                .align(egui::Align2::LEFT_CENTER)
                .id(egui::Id::unique("kiosk-scan-input"));
            let response = ui.add(edit).labelled_by(label.id);
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            // Only when needed: asking for focus every frame would also ask the system for
            // its input method every frame.
            if state.overlay.is_none() && !response.has_focus() {
                response.request_focus();
            }
            if entered {
                command = Some(Command::Scan(std::mem::take(&mut state.input)));
            }
            ui.add_space(10.0);
            if keypad_ui(ui, state.lang, &mut state.input, 16, "welcome") == KeypadEvent::Submit {
                command = Some(Command::Scan(std::mem::take(&mut state.input)));
            }
        });
    });
    ui.with_layout(Layout::bottom_up(Align::Min), |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(state.tr("help_line")).size(28.0).strong());
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                let button = egui::Button::new(RichText::new(state.tr("organiser")).size(20.0))
                    .frame(false)
                    .min_size(vec2(160.0, 64.0));
                if ui.add(button).clicked() {
                    command = Some(Command::OpenLock);
                }
            });
        });
    });
    command
}

/// A simple QR symbol, drawn rather than shipped as an image.
fn qr_icon_ui(ui: &mut egui::Ui, size: f32) {
    let (rect, _) = ui.allocate_exact_size(vec2(size, size), Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 12.0, Color32::WHITE);
    painter.rect_stroke(
        rect,
        12.0,
        Stroke::new(3.0, ACCENT),
        egui::StrokeKind::Inside,
    );
    let cell = size / 9.0;
    let at = |x: f32, y: f32, w: f32| {
        egui::Rect::from_min_size(
            rect.min + vec2(x * cell, y * cell),
            vec2(w * cell, w * cell),
        )
    };
    for (x, y) in [(1.0, 1.0), (5.0, 1.0), (1.0, 5.0)] {
        painter.rect_filled(at(x, y, 3.0), 2.0, Color32::BLACK);
        painter.rect_filled(at(x + 0.6, y + 0.6, 1.8), 1.0, Color32::WHITE);
        painter.rect_filled(at(x + 1.0, y + 1.0, 1.0), 0.0, Color32::BLACK);
    }
    for (x, y) in [(5.0, 5.0), (6.5, 6.0), (5.5, 7.0), (7.0, 5.0)] {
        painter.rect_filled(at(x, y, 1.0), 0.0, Color32::BLACK);
    }
}

/// A card held under a scanner's light: the picture that tells people what to do.
fn card_under_scanner_ui(ui: &mut egui::Ui, width: f32) {
    let height = width * 0.5;
    let (rect, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    let painter = ui.painter_at(rect);
    let card = egui::Rect::from_min_size(
        rect.min + vec2(width * 0.1, height * 0.28),
        vec2(width * 0.6, height * 0.68),
    );
    painter.rect_filled(card, 10.0, Color32::from_rgb(225, 236, 246));
    painter.rect_stroke(
        card,
        10.0,
        Stroke::new(2.0, ACCENT),
        egui::StrokeKind::Inside,
    );
    let qr = egui::Rect::from_min_size(
        card.min + vec2(card.width() * 0.06, card.height() * 0.15),
        vec2(card.height() * 0.6, card.height() * 0.6),
    );
    painter.rect_filled(qr, 2.0, Color32::BLACK);
    for i in 0..3 {
        let y = card.min.y + card.height() * (0.22 + 0.2 * i as f32);
        painter.line_segment(
            [
                egui::pos2(qr.max.x + 14.0, y),
                egui::pos2(card.max.x - 14.0, y),
            ],
            Stroke::new(4.0, Color32::GRAY),
        );
    }
    // The scanner above, with its beam.
    let head = egui::Rect::from_min_size(
        rect.min + vec2(width * 0.14, 0.0),
        vec2(width * 0.26, height * 0.14),
    );
    painter.rect_filled(head, 6.0, Color32::DARK_GRAY);
    painter.add(egui::Shape::convex_polygon(
        vec![
            egui::pos2(head.min.x + 8.0, head.max.y),
            egui::pos2(head.max.x - 8.0, head.max.y),
            egui::pos2(qr.max.x + 6.0, qr.min.y),
            egui::pos2(qr.min.x - 6.0, qr.min.y),
        ],
        Color32::from_rgba_unmultiplied(220, 40, 40, 60),
        Stroke::NONE,
    ));
}

/// Confirm or retype a name damaged by a keyboard-mode scanner.
pub fn confirm_name_ui(ui: &mut egui::Ui, state: &mut KioskState) -> Option<Command> {
    let Phase::ConfirmName {
        person,
        retype,
        error,
    } = &mut state.phase
    else {
        return None;
    };
    let person = person.clone();
    let error = *error;
    let mut retype_text = retype.clone();
    let lang = state.lang;
    let mut command = greeting_ui(ui, state, &person);
    ui.add_space(20.0);
    match &mut retype_text {
        None => {
            ui.label(RichText::new(tr(lang, "name_check")).size(32.0));
            ui.add_space(12.0);
            ui.label(
                RichText::new(&person.brief.name)
                    .size(56.0)
                    .family(fonts::bold()),
            );
            ui.add_space(24.0);
            ui.horizontal(|ui| {
                if ui.add(primary_button(tr(lang, "name_ok"), 280.0)).clicked() {
                    command = Some(Command::ConfirmName);
                }
                ui.add_space(24.0);
                if ui.add(big_button(tr(lang, "name_fix"), 280.0)).clicked() {
                    command = Some(Command::RetypeName);
                }
            });
        }
        Some(text) => {
            let label = ui.label(RichText::new(tr(lang, "name_retype")).size(32.0));
            let edit = egui::TextEdit::singleline(text)
                .font(egui::FontId::proportional(40.0))
                .char_limit(100)
                .desired_width(700.0)
                .min_size(vec2(700.0, TOUCH_HEIGHT));
            let response = ui.add(edit).labelled_by(label.id);
            if state.overlay.is_none() && !response.has_focus() && text.is_empty() {
                response.request_focus();
            }
            if error {
                ui.label(
                    RichText::new(tr(lang, "name_invalid"))
                        .size(26.0)
                        .color(Color32::DARK_RED),
                );
            }
            ui.add_space(16.0);
            if ui.add(primary_button(tr(lang, "save"), 280.0)).clicked() {
                command = Some(Command::SaveName(text.clone()));
            }
        }
    }
    if let Phase::ConfirmName { retype, .. } = &mut state.phase
        && retype.is_some()
    {
        *retype = retype_text;
    }
    command
}

fn minutes(seconds: u32) -> String {
    seconds.div_ceil(60).max(1).to_string()
}

/// Height of every booth card: all cards have this size, whatever their text.
const CARD_HEIGHT: f32 = 146.0;
/// Height of the optional-answer buttons: smaller than the big buttons, still above the 64 px
/// touch minimum.
const ANSWER_HEIGHT: f32 = 64.0;

/// Choose employers and counselling: cards of one size, ranked for this attendee, in a scroll
/// area whose bar is always visible. A walk-in also sees the optional questions above the
/// cards. Choosing as many booths as the attendee may hold issues the tickets at once.
pub fn choose_ui(ui: &mut egui::Ui, state: &mut KioskState) -> Option<Command> {
    let Phase::Choose {
        person,
        suggestions,
        selected,
        failed,
        answers,
        phone_entry,
        ..
    } = &state.phase
    else {
        return None;
    };
    let (person, suggestions, selected, failed, answers, phone_open) = (
        person.clone(),
        suggestions.clone(),
        selected.clone(),
        *failed,
        answers.clone(),
        phone_entry.is_some(),
    );
    let lang = state.lang;
    let room = room_left(state.max_open(), &person);
    let asks_questions = person.registered && !person.ask.is_empty();
    let mut command = greeting_ui(ui, state, &person);
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(trf(lang, "pick_employers", &[("n", &room.to_string())]))
                .size(30.0)
                .strong(),
        );
        if !person.open_tickets.is_empty() {
            let left = room.saturating_sub(selected.len() as u32);
            ui.label(
                RichText::new(trf(lang, "choose_left", &[("n", &left.to_string())])).size(26.0),
            );
        }
        // The questions' "you may skip" sits on this line, not one of its own, so two full
        // rows of cards stay on screen at 1280×800.
        if asks_questions {
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                ui.label(
                    RichText::new(tr(lang, "questions_intro"))
                        .size(20.0)
                        .color(ui.visuals().weak_text_color()),
                );
            });
        }
    });
    if failed {
        ui.label(
            RichText::new(tr(lang, "some_failed"))
                .size(24.0)
                .color(Color32::DARK_RED),
        );
    }
    if asks_questions {
        if let Some(c) = questions_ui(ui, lang, &person.ask, &answers) {
            command = Some(c);
        }
    }
    ui.add_space(4.0);
    let Some(suggestions) = suggestions else {
        busy_ui(ui, state);
        return command.or_else(|| background_scan(ui, state));
    };
    let held: Vec<&str> = person
        .open_tickets
        .iter()
        .map(|t| t.booth.as_str())
        .collect();
    let mut booths: Vec<(&BoothStatus, bool)> = suggestions
        .employers
        .iter()
        .map(|b| (b, false))
        .chain(suggestions.counselling.iter().map(|b| (b, true)))
        .filter(|(b, _)| b.open && !held.contains(&b.code.as_str()))
        .collect();
    // As in the DESIGN §8 sketch, counselling is the third card of the first row, so it is
    // always visible without scrolling; other counselling topics follow the employers.
    if let Some(first) = booths.iter().position(|(_, counselling)| *counselling)
        && first > 2
    {
        let card = booths.remove(first);
        booths.insert(2, card);
    }
    if booths.is_empty() {
        ui.label(RichText::new(tr(lang, "no_booths")).size(30.0));
    }
    let footer = TOUCH_HEIGHT + 8.0 + 24.0;
    let columns = 3;
    let gap = 16.0;
    ui.scope(|ui| {
        ui.spacing_mut().scroll = touch_scroll_style();
        egui::ScrollArea::vertical()
            .id_salt("booth-cards")
            .max_height((ui.available_height() - footer).max(CARD_HEIGHT))
            .auto_shrink([false, true])
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .show(ui, |ui| {
                let card_width = ((ui.available_width() - gap * (columns as f32 - 1.0))
                    / columns as f32)
                    .floor()
                    .max(200.0);
                ui.spacing_mut().item_spacing = vec2(gap, gap);
                for row in booths.chunks(columns) {
                    ui.horizontal(|ui| {
                        for (booth, counselling) in row {
                            let chosen = selected.contains(&booth.code);
                            let full = !chosen && selected.len() as u32 >= room;
                            let card = BoothCard {
                                booth,
                                counselling: *counselling,
                                chosen,
                                enabled: !full,
                            };
                            let size = vec2(card_width, CARD_HEIGHT);
                            if booth_card_ui(ui, lang, &card, size).clicked() {
                                command = Some(Command::Toggle(booth.code.clone()));
                            }
                        }
                    });
                }
            });
    });
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        let button_width = 520.0;
        ui.add_space(((ui.available_width() - button_width) / 2.0).max(0.0));
        let text = trf(lang, "get_tickets", &[("n", &selected.len().to_string())]);
        let response = ui.add_enabled(!selected.is_empty(), primary_button(text, button_width));
        if response.clicked() {
            command = Some(Command::GetTickets);
        }
        let hint = trf(lang, "choose_auto", &[("n", &room.to_string())]);
        ui.add(egui::Label::new(RichText::new(hint).size(22.0)).wrap());
    });
    if phone_open {
        if let Some(c) = phone_dialog_ui(ui.ctx(), state) {
            command = Some(c);
        }
        command
    } else {
        command.or_else(|| background_scan(ui, state))
    }
}

/// A scroll bar a finger can find: solid, wide, and shown even when not touched.
fn touch_scroll_style() -> egui::style::ScrollStyle {
    egui::style::ScrollStyle {
        bar_width: 18.0,
        handle_min_length: 48.0,
        bar_inner_margin: 6.0,
        dormant_background_opacity: 0.5,
        active_background_opacity: 0.6,
        dormant_handle_opacity: 0.8,
        active_handle_opacity: 0.9,
        ..egui::style::ScrollStyle::solid()
    }
}

/// One booth card on the choose screen.
struct BoothCard<'a> {
    booth: &'a BoothStatus,
    counselling: bool,
    chosen: bool,
    enabled: bool,
}

/// Lays `text` out in at most `rows` rows of `width`, ending in "…" when cut.
fn card_text(
    ui: &egui::Ui,
    text: &str,
    font: egui::FontId,
    color: Color32,
    width: f32,
    rows: usize,
) -> Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::simple(text.to_owned(), font, color, width);
    job.wrap.max_rows = rows;
    job.wrap.overflow_character = Some('…');
    ui.painter().layout_job(job)
}

/// A booth card of exactly `size`: name, location and vacancies, people waiting and the
/// estimated wait. Painted by hand so a long name cannot make one card bigger than the rest;
/// it reports itself as a (selectable) button to screen readers and tests.
fn booth_card_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    card: &BoothCard<'_>,
    size: egui::Vec2,
) -> egui::Response {
    let booth = card.booth;
    let kicker = card
        .counselling
        .then(|| tr(lang, "counselling").to_uppercase());
    let mut second = booth.location.clone();
    if !card.counselling {
        let vacancies = booth.vacancy_total().to_string();
        second = format!(
            "{second} · {}",
            trf(lang, "vacancies", &[("n", &vacancies)])
        );
    }
    let third = format!(
        "{} · {}",
        trf(lang, "waiting", &[("n", &booth.waiting.to_string())]),
        trf(lang, "wait_min", &[("n", &minutes(booth.estimated_wait_s))])
    );
    let details = format!("{second}\n{third}");
    let sense = if card.enabled {
        Sense::click()
    } else {
        Sense::hover()
    };
    let (rect, response) = ui.allocate_exact_size(size, sense);
    let label = match &kicker {
        Some(kicker) => format!("{kicker}\n{}\n{details}", booth.name),
        None => format!("{}\n{details}", booth.name),
    };
    let enabled = card.enabled;
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::Button, enabled, card.chosen, &label)
    });
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let visuals = ui.visuals();
    let (fill, stroke, text_color, accent) = if card.chosen {
        (
            SELECTED,
            Stroke::new(4.0, SELECTED),
            Color32::WHITE,
            Color32::WHITE,
        )
    } else if enabled {
        let fill = if response.hovered() {
            visuals.widgets.hovered.weak_bg_fill
        } else {
            visuals.widgets.inactive.weak_bg_fill
        };
        (
            fill,
            Stroke::new(1.5, Color32::GRAY),
            visuals.text_color(),
            ACCENT,
        )
    } else {
        (
            visuals.widgets.noninteractive.weak_bg_fill,
            Stroke::new(1.0, Color32::LIGHT_GRAY),
            visuals.weak_text_color(),
            visuals.weak_text_color(),
        )
    };
    let painter = ui.painter_at(rect);
    painter.rect(rect, 10.0, fill, stroke, egui::StrokeKind::Inside);
    let inner = rect.shrink2(vec2(16.0, 10.0));
    let mut top = inner.min;
    let mut title_rows = 2;
    if let Some(kicker) = &kicker {
        let galley = card_text(
            ui,
            kicker,
            egui::FontId::new(18.0, fonts::bold()),
            accent,
            inner.width(),
            1,
        );
        top.y += galley.size().y + 2.0;
        painter.galley(inner.min, galley, accent);
        title_rows = 1;
    }
    let title = card_text(
        ui,
        &booth.name,
        egui::FontId::new(26.0, fonts::bold()),
        text_color,
        inner.width(),
        title_rows,
    );
    painter.galley(top, title, text_color);
    let details = card_text(
        ui,
        &details,
        egui::FontId::proportional(22.0),
        text_color,
        inner.width(),
        2,
    );
    let bottom = egui::pos2(inner.min.x, inner.max.y - details.size().y);
    painter.galley(bottom, details, text_color);
    response
}

/// The walk-in's optional questions as framed rows of buttons above the booth cards: an
/// answer is one touch, skipping is none. The phone opens a keypad dialog.
fn questions_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    ask: &[String],
    answers: &Answers,
) -> Option<Command> {
    let asks = |what: &str| ask.iter().any(|a| a == what);
    let mut command = None;
    ui.scope(|ui| {
        ui.spacing_mut().button_padding = vec2(10.0, 8.0);
        ui.horizontal_wrapped(|ui| {
            if asks("household") {
                question_frame_ui(ui, tr(lang, "q.household"), |ui| {
                    for (h, key) in [
                        (Household::Poor, "hh.poor"),
                        (Household::NearPoor, "hh.near_poor"),
                        (Household::Escaped, "hh.escaped"),
                        (Household::Other, "hh.other"),
                    ] {
                        let chosen = answers.household == Some(h);
                        if ui.add(answer_button(tr(lang, key), chosen)).clicked() {
                            command = Some(Command::SetHousehold((!chosen).then_some(h)));
                        }
                    }
                });
            }
            if asks("ethnic_minority") {
                question_frame_ui(ui, tr(lang, "q.ethnic_minority"), |ui| {
                    for (value, key) in [(YesNo::Yes, "yes"), (YesNo::No, "no")] {
                        let chosen = answers.ethnic_minority == Some(value);
                        if ui.add(answer_button(tr(lang, key), chosen)).clicked() {
                            command = Some(Command::SetEthnicMinority((!chosen).then_some(value)));
                        }
                    }
                });
            }
            if asks("phone") {
                question_frame_ui(ui, tr(lang, "q.phone"), |ui| {
                    let (text, chosen) = if answers.phone.is_empty() {
                        (tr(lang, "q.phone_enter").to_string(), false)
                    } else {
                        (answers.phone.clone(), true)
                    };
                    if ui.add(answer_button(&text, chosen)).clicked() {
                        command = Some(Command::OpenPhone);
                    }
                });
            }
        });
    });
    command
}

/// One optional question: its title over a row of answer buttons, framed.
fn question_frame_ui(ui: &mut egui::Ui, title: &str, add_answers: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::group(ui.style())
        .stroke(Stroke::new(1.5, ACCENT))
        .corner_radius(10.0)
        .inner_margin(vec2(10.0, 6.0))
        .show(ui, |ui| {
            ui.vertical(|ui| {
                ui.spacing_mut().item_spacing.y = 4.0;
                ui.label(RichText::new(title).size(20.0).strong());
                ui.horizontal(add_answers);
            });
        });
}

fn answer_button(text: &str, chosen: bool) -> egui::Button<'static> {
    // Framed even when not chosen, so each answer reads as something to touch.
    egui::Button::selectable(chosen, RichText::new(text).size(22.0))
        .frame_when_inactive(true)
        .min_size(vec2(ANSWER_HEIGHT, ANSWER_HEIGHT))
}

/// The phone number on a keypad, in a dialog over the choose screen.
fn phone_dialog_ui(ctx: &egui::Context, state: &mut KioskState) -> Option<Command> {
    let lang = state.lang;
    let Phase::Choose {
        phone_entry: Some(entry),
        ..
    } = &mut state.phase
    else {
        return None;
    };
    let mut command = None;
    let width = 3.0 * super::keypad::KEY_SIZE.x + 20.0;
    let modal = egui::Modal::new(egui::Id::unique("kiosk-phone")).show(ctx, |ui| {
        ui.set_width(width);
        ui.label(RichText::new(tr(lang, "q.phone")).size(30.0).strong());
        let shown = if entry.digits.is_empty() {
            "_".to_string()
        } else {
            entry.digits.clone()
        };
        ui.label(RichText::new(shown).size(40.0).monospace());
        if entry.invalid {
            ui.add(
                egui::Label::new(
                    RichText::new(tr(lang, "phone_invalid"))
                        .size(22.0)
                        .color(Color32::DARK_RED),
                )
                .wrap(),
            );
        }
        if keypad_ui(ui, lang, &mut entry.digits, 12, "phone") == KeypadEvent::Submit {
            command = Some(Command::SavePhone);
        }
        ui.add_space(8.0);
        if ui.add(big_button(tr(lang, "back"), width)).clicked() {
            command = Some(Command::ClosePhone);
        }
    });
    if command.is_none() && modal.should_close() {
        command = Some(Command::ClosePhone);
    }
    command
}

/// Width of the ticket screen's QR column.
const QR_COLUMN: f32 = 260.0;
/// The narrowest ticket card that still holds a huge number.
const TICKET_MIN_WIDTH: f32 = 240.0;

fn ticket_card_ui(ui: &mut egui::Ui, lang: Lang, ticket: &TicketView, width: f32) {
    let margin = 18.0;
    let stroke = 3.0;
    egui::Frame::group(ui.style())
        .stroke(Stroke::new(stroke, ACCENT))
        .inner_margin(margin)
        .corner_radius(12.0)
        .show(ui, |ui| {
            ui.set_width(width - 2.0 * (margin + stroke));
            ui.vertical_centered(|ui| {
                ui.label(
                    RichText::new(&ticket.ticket)
                        .size(84.0)
                        .family(fonts::bold())
                        .color(ACCENT),
                );
                // Long employer names wrap: the attendee must recognise the booth.
                ui.add(
                    egui::Label::new(RichText::new(&ticket.booth_name).size(24.0).strong()).wrap(),
                );
                ui.add(
                    egui::Label::new(
                        RichText::new(&ticket.location)
                            .size(30.0)
                            .family(fonts::bold()),
                    )
                    .truncate(),
                );
                match ticket.state {
                    TicketState::Waiting => {
                        if let Some(ahead) = ticket.position {
                            let ahead = ahead.saturating_sub(1).to_string();
                            ui.label(
                                RichText::new(trf(lang, "position", &[("n", &ahead)])).size(22.0),
                            );
                        }
                        if let Some(wait) = ticket.estimated_wait_s {
                            ui.label(
                                RichText::new(trf(lang, "wait_min", &[("n", &minutes(wait))]))
                                    .size(22.0),
                            );
                        }
                    }
                    _ => {
                        ui.label(
                            RichText::new(tr(lang, "ticket_called"))
                                .size(24.0)
                                .color(SELECTED),
                        );
                    }
                }
            });
        });
}

/// The tickets: each number huge with its booth and location, and one QR code of the
/// attendee's registration code for later scans. Cards share the width left of the QR code,
/// so every ticket and the code are on screen at 1280×800.
pub fn tickets_ui(
    ui: &mut egui::Ui,
    state: &mut KioskState,
    qr: Option<&egui::TextureHandle>,
) -> Option<Command> {
    let Phase::Tickets {
        person,
        tickets,
        rescan,
        failed,
        auto,
    } = &state.phase
    else {
        return None;
    };
    let (person, tickets, rescan, failed, auto) =
        (person.clone(), tickets.clone(), *rescan, *failed, *auto);
    let lang = state.lang;
    let mut command = greeting_ui(ui, state, &person);
    let heading = if rescan {
        "already_tickets"
    } else {
        "your_tickets"
    };
    ui.label(
        RichText::new(tr(lang, heading))
            .size(40.0)
            .family(fonts::bold()),
    );
    if auto {
        let n = tickets.len().to_string();
        ui.label(RichText::new(trf(lang, "auto_issued", &[("n", &n)])).size(24.0));
    }
    if failed {
        ui.label(
            RichText::new(tr(lang, "some_failed"))
                .size(24.0)
                .color(Color32::DARK_RED),
        );
    }
    ui.add_space(12.0);
    let gap = 16.0;
    let cards_width = ui.available_width() - QR_COLUMN - 2.0 * gap;
    let count = tickets.len().max(1);
    let per_row =
        (((cards_width + gap) / (TICKET_MIN_WIDTH + gap)).floor() as usize).clamp(1, count);
    let card_width = ((cards_width - gap * (per_row as f32 - 1.0)) / per_row as f32).min(340.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(cards_width);
            ui.spacing_mut().item_spacing = vec2(gap, gap);
            for row in tickets.chunks(per_row) {
                ui.horizontal_top(|ui| {
                    for ticket in row {
                        ticket_card_ui(ui, lang, ticket, card_width);
                    }
                });
            }
        });
        ui.add_space(gap);
        ui.vertical(|ui| {
            ui.set_width(QR_COLUMN);
            if let Some(texture) = qr {
                ui.add(egui::Image::new(texture).fit_to_exact_size(vec2(240.0, 240.0)));
            }
            ui.add(egui::Label::new(RichText::new(tr(lang, "rescan_hint")).size(22.0)).wrap());
        });
    });
    ui.add_space(24.0);
    let left = (state.idle_timeout_s() as f64 - (state.now - state.last_activity)).max(0.0);
    let room = state.max_open().saturating_sub(tickets.len() as u32);
    ui.horizontal(|ui| {
        if ui.add(primary_button(tr(lang, "finish"), 320.0)).clicked() {
            command = Some(Command::Reset);
        }
        if rescan && room > 0 {
            ui.add_space(24.0);
            let text = trf(lang, "add_more", &[("n", &room.to_string())]);
            if ui.add(big_button(text, 320.0)).clicked() {
                command = Some(Command::AddMore);
            }
        }
        ui.add_space(24.0);
        ui.label(
            RichText::new(trf(
                lang,
                "auto_return",
                &[("n", &format!("{}", left.ceil() as u32))],
            ))
            .size(24.0),
        );
    });
    command.or_else(|| background_scan(ui, state))
}

/// Not found or rejected: a kind message and how to get help. Never someone else's data.
pub fn message_ui(ui: &mut egui::Ui, state: &mut KioskState, key: &str) -> Option<Command> {
    let lang = state.lang;
    let mut command = None;
    ui.horizontal(|ui| {
        ui.with_layout(Layout::right_to_left(Align::Min), |ui| {
            command = lang_switch_ui(ui, state);
        });
    });
    ui.add_space(60.0);
    ui.vertical_centered(|ui| {
        ui.add(
            egui::Label::new(
                RichText::new(tr(lang, key))
                    .size(40.0)
                    .family(fonts::bold()),
            )
            .wrap(),
        );
        ui.add_space(20.0);
        ui.label(RichText::new(tr(lang, "get_help")).size(30.0));
        ui.add_space(40.0);
        if ui.add(primary_button(tr(lang, "back"), 320.0)).clicked() {
            command = Some(Command::Reset);
        }
    });
    command.or_else(|| background_scan(ui, state))
}

/// On screens without a text field, a scanner's keystrokes still start a new check-in: the
/// next person need not wait for the previous one's screen to time out.
fn background_scan(ui: &mut egui::Ui, state: &mut KioskState) -> Option<Command> {
    if state.overlay.is_some() {
        return None;
    }
    let mut submit = false;
    ui.input(|i| {
        for event in &i.events {
            match event {
                egui::Event::Text(text) => state.input.push_str(text),
                egui::Event::Key {
                    key: Key::Enter,
                    pressed: true,
                    ..
                } => submit = true,
                _ => {}
            }
        }
    });
    if state.input.chars().count() > SCAN_MAX_CHARS {
        state.input.clear();
    }
    submit.then(|| Command::Scan(std::mem::take(&mut state.input)))
}

/// The organiser lock: PIN entry, then a small menu.
fn lock_ui(ctx: &egui::Context, state: &mut KioskState) -> Vec<Command> {
    let mut commands = Vec::new();
    let lang = state.lang;
    egui::Modal::new(egui::Id::unique("kiosk-lock")).show(ctx, |ui| {
        ui.set_width(420.0);
        match &mut state.overlay {
            Some(Overlay::Pin { entered, wrong }) => {
                ui.label(RichText::new(tr(lang, "pin_prompt")).size(28.0).strong());
                let dots: String = "*".repeat(entered.chars().count());
                ui.label(RichText::new(if dots.is_empty() { " ".into() } else { dots }).size(36.0));
                if *wrong {
                    ui.label(
                        RichText::new(tr(lang, "pin_wrong"))
                            .size(24.0)
                            .color(Color32::DARK_RED),
                    );
                }
                if state.hub.is_some_and(|link| !link.reachable) {
                    ui.label(RichText::new(tr(lang, "hub.pin_offline")).size(24.0));
                }
                if keypad_ui(ui, lang, entered, 12, "pin") == KeypadEvent::Submit {
                    commands.push(Command::SubmitPin);
                }
                ui.add_space(8.0);
                if ui.add(big_button(tr(lang, "back"), 350.0)).clicked() {
                    commands.push(Command::CloseLock);
                }
            }
            Some(Overlay::Menu) => {
                ui.label(
                    RichText::new(tr(lang, "organiser_menu"))
                        .size(28.0)
                        .strong(),
                );
                ui.add_space(8.0);
                if ui.add(big_button(tr(lang, "exit_app"), 400.0)).clicked() {
                    commands.push(Command::Quit);
                }
                ui.add_space(8.0);
                if ui.add(big_button(tr(lang, "back"), 400.0)).clicked() {
                    commands.push(Command::CloseLock);
                }
            }
            None => {}
        }
    });
    commands
}
