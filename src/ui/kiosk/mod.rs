//! The attendee-facing kiosk (DESIGN §1, §2, §7, §8; issue 3).
//!
//! Flow: welcome (scan or keypad) → greeting with the attendee's own name and masked ID →
//! choose employers and/or counselling (a walk-in may also answer the optional questions
//! there) → tickets with one QR code → back to welcome on "Done" or after the idle timeout
//! (the choose screen waits longer and counts down its last seconds). A name read from a
//! damaged card is not put to the attendee, who cannot fix it without a keyboard: the record
//! keeps its "name to check" flag for staff and the screens say so kindly (issue 13).
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
//!
//! Each screen has its own file so it can be read on its own: `welcome`, `greeting` (with the
//! greeting bar and a walk-in's questions), `choose`, `tickets` and `messages` (with the lock);
//! `widgets` holds what they share. The state and [`kiosk_ui`], which picks the screen, stay
//! here; `flow` is the one place of change (`apply` and `on_reply`) and `frame` runs one frame
//! ([`Kiosk::ui`]).

mod choose;
mod flow;
mod frame;
mod greeting;
mod keys;
mod messages;
mod printing;
mod tickets;
mod welcome;
mod widgets;
mod zoom;

use egui::{Color32, vec2};

use super::i18n::{Lang, tr};
use super::worker::Worker;
use crate::api::{AttendeeBrief, EventInfo, Suggestions, TicketView};
use crate::domain::{Household, YesNo};
use crate::hub::HubLink;

pub use choose::choose_ui;
pub use messages::{message_ui, offline_banner_ui};
pub use tickets::tickets_ui;
pub use welcome::welcome_ui;
pub use zoom::{fit_zoom, zoom_for};

use messages::{busy_ui, countdown_ui, lock_ui};

/// Height of every big button: above the 64 px touch minimum of DESIGN §7.
pub const TOUCH_HEIGHT: f32 = 76.0;
/// Below this width (points: a portrait screen's 1080) the choose screen puts its cards in two
/// columns and its questions on two rows, instead of squeezing them.
pub(super) const NARROW_WIDTH: f32 = 1150.0;
/// Show a spinner once a request has been pending this long (seconds).
const SPINNER_AFTER_S: f64 = 0.2;
/// Idle timeout used until the event's settings have arrived.
const DEFAULT_IDLE_S: u32 = 20;
/// How many times the idle timeout the choose screen waits (issue 13, item 3).
pub const CHOOSE_TIME_FACTOR: u32 = 3;
/// The last seconds before a reset, shown as a countdown that a touch extends.
pub const WARN_BEFORE_RESET_S: f64 = 10.0;
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
        /// Back here by "choose again": what became of the tickets taken back.
        undone: Option<Undone>,
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
        /// How many tickets were issued just now (0 on a re-scan).
        issued: usize,
        /// The numbers issued just now, which "choose again" takes back (empty on a re-scan).
        just_issued: Vec<String>,
        /// Why the last "choose again" could not be done (an `i18n` key); the tickets stand.
        undo_failed: Option<&'static str>,
    },
    /// Not found, rejected or offline: a kind message by reason code.
    Message {
        /// An `i18n` key (`reason.*`).
        key: String,
    },
}

/// What "choose again" did, said on the choose screen it returns to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Undone {
    /// Numbers taken back.
    pub cancelled: Vec<String>,
    /// Numbers kept because their booth called them meanwhile: the attendee goes there.
    pub kept: Vec<String>,
    /// A slip with the old numbers was printed (or was printing): it no longer counts, and
    /// the new tickets print a new one.
    pub slip_void: bool,
}

/// How this visit's ticket slip is doing, on a kiosk with a printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlipStatus {
    /// Sent to the print thread.
    Printing,
    /// Out of the printer.
    Printed,
    /// Not printed: the attendee collects a slip at the help desk.
    Failed,
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
    /// "Tạo ngày hội mới" from the menu.
    NewFair(crate::ui::new_fair::NewFairForm),
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
    /// The last fast run of keys typed into the scan field (a keyboard-mode scanner's).
    pub burst: keys::KeyBurst,
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
    /// This visit's ticket slip (`None` without a printer, or before tickets are issued).
    pub slip: Option<SlipStatus>,
    /// PIN checks are locked after too many wrong PINs: seconds to wait, as the hub said.
    pub pin_wait_s: Option<u64>,
    /// Where the organiser menu creates a new fair (`None`: the menu has no such entry, as on
    /// a kiosk over a hub or one started with `--db`).
    pub data_folder: Option<crate::data_folder::DataFolder>,
}

impl KioskState {
    fn new(station: &str) -> Self {
        Self {
            lang: Lang::Vi,
            event: None,
            station: station.to_string(),
            phase: Phase::Loading,
            input: String::new(),
            burst: keys::KeyBurst::default(),
            overlay: None,
            last_activity: 0.0,
            now: 0.0,
            busy_since: None,
            exit_unlocked: false,
            quit_requested: false,
            hub: None,
            slip: None,
            pin_wait_s: None,
            data_folder: None,
        }
    }

    fn tr<'a>(&self, key: &'a str) -> &'a str {
        tr(self.lang, key)
    }

    fn max_open(&self) -> u32 {
        self.event.as_ref().map_or(3, |e| e.max_open_tickets)
    }

    /// Seconds of inactivity before the kiosk returns to welcome (the event's setting).
    pub fn idle_timeout_s(&self) -> u32 {
        self.event
            .as_ref()
            .map_or(DEFAULT_IDLE_S, |e| e.idle_timeout_s)
    }

    /// Seconds of inactivity before this screen returns to welcome: the choose screen has
    /// many cards to read, so it waits [`CHOOSE_TIME_FACTOR`] times as long as the others.
    pub fn phase_timeout_s(&self) -> u32 {
        let idle = self.idle_timeout_s();
        match self.phase {
            Phase::Choose { .. } => idle.saturating_mul(CHOOSE_TIME_FACTOR),
            _ => idle,
        }
    }

    /// Seconds left before this screen returns to welcome.
    pub fn seconds_left(&self) -> f64 {
        (f64::from(self.phase_timeout_s()) - (self.now - self.last_activity)).max(0.0)
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
    /// From the tickets just issued: take them back and choose again (issue 13, item 6).
    ChooseAgain,
    /// Open the organiser PIN dialog.
    OpenLock,
    /// Check the typed PIN.
    SubmitPin,
    /// Close the organiser dialog.
    CloseLock,
    /// Quit the app (organiser only).
    Quit,
    /// "I need more time" on the countdown: only the touch counts.
    StillHere,
    /// Open the new-fair form (organiser only).
    OpenNewFair,
    /// Something pressed on the new-fair form.
    NewFair(crate::ui::new_fair::NewFairAction),
}

/// The kiosk screen: its state, the engine worker, the QR texture and the ticket printer.
pub struct Kiosk {
    /// What is shown.
    pub state: KioskState,
    worker: Worker,
    qr_texture: Option<(String, egui::TextureHandle)>,
    printer: Option<printing::KioskPrinter>,
    /// Lines from a serial scanner, taken in the next frame (which knows the time).
    serial_scans: Vec<String>,
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
            // stray touches reach it and nobody's name shows behind the PIN pad. The new-fair
            // form, too tall for a modal at the kiosk's type size, takes the whole window.
            if let Some(Overlay::NewFair(form)) = &mut state.overlay {
                let lang = state.lang;
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        if let Some(action) =
                            crate::ui::new_fair::new_fair_ui(ui, lang, form, false)
                        {
                            commands.push(Command::NewFair(action));
                        }
                    });
                return;
            }
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
                    Phase::Choose { .. } => choose_ui(ui, state),
                    Phase::Tickets { .. } => tickets_ui(ui, state, qr),
                    Phase::Message { key } => message_ui(ui, state, &key),
                };
                commands.extend(command);
            }
        });
    let at_rest = matches!(
        state.phase,
        Phase::Welcome | Phase::Loading | Phase::Checking
    );
    if !locked && !at_rest && state.seconds_left() <= WARN_BEFORE_RESET_S {
        commands.extend(countdown_ui(ui.ctx(), state));
    }
    if locked && !matches!(state.overlay, Some(Overlay::NewFair(_))) {
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
