//! `FairApi`: the one interface every screen, the hub and the command line use.
//!
//! The types here are the wire format too: the hub sends them as JSON, and the command line
//! prints some of them as its scriptable contract. Extend them; never rename a field.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::domain::booth::Vacancy;
use crate::domain::code::{BadCode, CodeKind, normalise_code};
pub use crate::domain::event::{CommuneInfo, EventInfo};
use crate::domain::limits::{self, TooLong};
use crate::domain::queue::TicketAction;
use crate::domain::{
    BoothKind, Direction, Gender, Household, Method, Outcome, Source, TicketState, YesNo,
};
pub use crate::helpdesk_api::*;
pub use crate::print::state::{PrinterReport, PrinterState, PrinterUpdate};
use crate::report::{Report, ReportRange};

/// The shortest time between two reads of the board, in seconds: a call reaches the hall
/// before the candidate reaches the desk, and a busy fair does not make every board refetch
/// on every change. `fairdesk loadtest` simulates boards at the same pace.
pub const BOARD_POLL_PERIOD_S: f64 = 0.5;

/// Result of every `FairApi` call.
pub type FairResult<T> = Result<T, FairError>;

/// Why the engine refused or failed. `code()` is machine-readable; the message never contains
/// personal data (no names, no ID numbers), so it can be shown on a kiosk or written to a log.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FairError {
    /// The named thing does not exist. `what` is a kind ("attendee", "desk"), never a value.
    #[error("{what} not found")]
    NotFound { what: String },
    /// The ticket's state does not allow the action.
    #[error("ticket {ticket} is {state}: cannot {action}")]
    InvalidTransition {
        ticket: String,
        state: TicketState,
        action: TicketAction,
    },
    /// The desk already has a called or serving ticket.
    #[error("desk {desk} is busy with ticket {ticket}")]
    DeskBusy { desk: String, ticket: String },
    /// The desk has no called or serving ticket to act on.
    #[error("desk {desk} has no current ticket")]
    DeskIdle { desk: String },
    /// The desk is paused.
    #[error("desk {desk} is paused")]
    DeskPaused { desk: String },
    /// The booth does not take new tickets.
    #[error("booth {booth} is closed")]
    BoothClosed { booth: String },
    /// The attendee already holds the maximum number of open tickets.
    #[error("already holding {max} open tickets")]
    TooManyOpenTickets { max: u32 },
    /// The attendee already has an open ticket at that booth.
    #[error("already queued at booth {booth} with ticket {ticket}")]
    AlreadyQueued { booth: String, ticket: String },
    /// Tickets are for people who have checked in.
    #[error("not checked in yet")]
    NotCheckedIn,
    /// The request itself is wrong (bad value, missing field).
    #[error("{message}")]
    Invalid { message: String },
    /// A field of the request is longer than its limit ([`crate::domain::limits`]). Names the
    /// field, never its value.
    #[error("{field} is too long (at most {max})")]
    TooLong { field: String, max: usize },
    /// This station has asked for too many things that do not exist; it may ask again after
    /// `retry_after_s` seconds.
    #[error("too many lookups of unknown codes: try again in {retry_after_s} s")]
    Throttled { retry_after_s: u64 },
    /// Too many wrong organiser PINs from this station: PIN checks (and PIN changes) are
    /// refused for `retry_after_s` seconds (issue 12).
    #[error("too many wrong PINs: try again in {retry_after_s} s")]
    TooManyAttempts { retry_after_s: u64 },
    /// A unique value (ID number, booth code…) is already taken.
    #[error("{message}")]
    Conflict { message: String },
    /// The caller may not do this (wrong PIN, wrong role).
    #[error("{message}")]
    Forbidden { message: String },
    /// The hub cannot be reached (only from remote clients).
    #[error("hub unreachable: {message}")]
    Unavailable { message: String },
    /// The database failed. The message is SQLite's, which never carries row values.
    #[error("storage error: {message}")]
    Storage { message: String },
    /// Fields of a form that cannot be taken (help desk, issue 14): each named with a reason
    /// code, never its value, so a screen shows the message next to the field.
    #[error("some fields are not valid: {}", fields_named(errors))]
    InvalidFields { errors: Vec<FieldError> },
}

fn fields_named(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{} ({})", e.field, e.reason))
        .collect::<Vec<_>>()
        .join(", ")
}

impl FairError {
    /// Stable machine-readable code, the same as the JSON `code` tag.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "not_found",
            Self::InvalidTransition { .. } => "invalid_transition",
            Self::DeskBusy { .. } => "desk_busy",
            Self::DeskIdle { .. } => "desk_idle",
            Self::DeskPaused { .. } => "desk_paused",
            Self::BoothClosed { .. } => "booth_closed",
            Self::TooManyOpenTickets { .. } => "too_many_open_tickets",
            Self::AlreadyQueued { .. } => "already_queued",
            Self::NotCheckedIn => "not_checked_in",
            Self::Invalid { .. } => "invalid",
            Self::TooLong { .. } => "too_long",
            Self::Throttled { .. } => "throttled",
            Self::TooManyAttempts { .. } => "too_many_attempts",
            Self::Conflict { .. } => "conflict",
            Self::Forbidden { .. } => "forbidden",
            Self::Unavailable { .. } => "unavailable",
            Self::Storage { .. } => "storage",
            Self::InvalidFields { .. } => "invalid_fields",
        }
    }

    pub(crate) fn not_found(what: &str) -> Self {
        Self::NotFound {
            what: what.to_string(),
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid {
            message: message.into(),
        }
    }
}

impl From<TooLong> for FairError {
    fn from(err: TooLong) -> Self {
        Self::TooLong {
            field: err.field.to_string(),
            max: err.max,
        }
    }
}

/// A code too long is refused as such; one that cannot be a code names nothing that exists.
impl From<BadCode> for FairError {
    fn from(err: BadCode) -> Self {
        match err {
            BadCode::TooLong(kind) => Self::TooLong {
                field: kind.what().to_string(),
                max: limits::CODE,
            },
            BadCode::Malformed(kind) => Self::not_found(kind.what()),
        }
    }
}

/// The canonical form of a code a caller sent ([`normalise_code`]), as the engine's error.
pub(crate) fn code(kind: CodeKind, text: &str) -> FairResult<String> {
    normalise_code(kind, text).map_err(FairError::from)
}

impl From<rusqlite::Error> for FairError {
    fn from(err: rusqlite::Error) -> Self {
        Self::Storage {
            message: err.to_string(),
        }
    }
}

/// One scan (or typed line) at a kiosk or door.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckinRequest {
    /// The text the scanner or keypad produced.
    pub scan: String,
    /// Entry by default; exits are scanned where the fair counts who is on site.
    #[serde(default = "default_direction")]
    pub direction: Direction,
    /// Which station scanned (for the log).
    #[serde(default)]
    pub station: Option<String>,
    /// Makes a retried request return the first result instead of checking in twice.
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

fn default_direction() -> Direction {
    Direction::In
}

impl CheckinRequest {
    /// An entry scan from `station`.
    pub fn entry(scan: impl Into<String>, station: &str) -> Self {
        Self {
            scan: scan.into(),
            direction: Direction::In,
            station: Some(station.to_string()),
            idempotency_key: None,
        }
    }

    /// Refuses a station name or idempotency key over its limit. The scan itself keeps its
    /// own rule: a scan over [`crate::domain::scan::MAX_SCAN_BYTES`] is a rejected scan, logged
    /// as such (without its text), not a malformed request.
    pub fn check_limits(&self) -> FairResult<()> {
        limits::check_opt("station", self.station.as_deref(), limits::STATION)?;
        limits::check_opt(
            "idempotency_key",
            self.idempotency_key.as_deref(),
            limits::IDEMPOTENCY_KEY,
        )?;
        Ok(())
    }
}

/// What a check-in did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckinStatus {
    /// First entry of the day: one more person.
    CheckedIn,
    /// A later entry the same day: a visit, not a new person.
    ReEntry,
    /// A citizen-ID card of someone not on the list: registered and checked in.
    Registered,
    /// An exit scan.
    CheckedOut,
    /// Well-formed, but nobody on the list has it.
    NotFound,
    /// Not a valid ID, code or phone number.
    Rejected,
}

impl CheckinStatus {
    /// The command line's exit code for this status (the scriptable contract).
    pub fn exit_code(self) -> i32 {
        match self {
            Self::CheckedIn | Self::ReEntry | Self::Registered | Self::CheckedOut => 0,
            Self::NotFound => 3,
            Self::Rejected => 4,
        }
    }
}

/// The attendee as a kiosk may show them: their own name and a masked ID.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendeeBrief {
    /// Bare registration code.
    pub code: String,
    /// Full QR payload `FD1:<event>:<code>`.
    pub qr: String,
    pub name: String,
    /// `019******123`, or `None` when no ID number is on file.
    pub masked_id: Option<String>,
}

/// The reply to a check-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckinOutcome {
    pub status: CheckinStatus,
    /// Reason code for `not_found` / `rejected` (e.g. `reg_code_check`), else `None`.
    pub reason: Option<String>,
    pub attendee: Option<AttendeeBrief>,
    /// How the scan was identified.
    pub method: Option<Method>,
    /// The name came from a damaged keyboard-mode scan: ask the attendee to confirm it.
    pub name_needs_confirmation: bool,
    /// Profile questions the kiosk should still ask ("household", "ethnic_minority", "phone").
    pub ask: Vec<String>,
    /// The attendee's open tickets, so a re-scan can show them.
    pub open_tickets: Vec<TicketView>,
}

/// Everything staff may see of an attendee (the kiosk shows only `AttendeeBrief`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendeeProfile {
    pub code: String,
    pub qr: String,
    pub name: String,
    pub masked_id: Option<String>,
    pub birth_year: Option<i32>,
    /// Age on the event's date.
    pub age: Option<u32>,
    pub gender: Option<Gender>,
    pub commune: Option<String>,
    /// `None` where the organiser does not show it to booths.
    pub household: Option<Household>,
    pub ethnic_minority: YesNo,
    pub education: Option<String>,
    pub interests: Vec<String>,
    pub source: Source,
    pub name_needs_confirmation: bool,
    pub checked_in: bool,
    pub open_tickets: Vec<TicketView>,
}

/// What the kiosk (or staff) may fill in after a check-in. `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileUpdate {
    #[serde(default)]
    pub full_name: Option<String>,
    #[serde(default)]
    pub household: Option<Household>,
    #[serde(default)]
    pub ethnic_minority: Option<YesNo>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub interests: Option<Vec<String>>,
    #[serde(default)]
    pub education: Option<String>,
}

impl ProfileUpdate {
    /// Refuses any field over its limit ([`crate::domain::limits`]).
    pub fn check_limits(&self) -> FairResult<()> {
        limits::check_text_opt("full_name", self.full_name.as_deref(), limits::NAME)?;
        limits::check_opt("phone", self.phone.as_deref(), limits::PHONE)?;
        limits::check_text_opt("education", self.education.as_deref(), limits::EDUCATION)?;
        if let Some(interests) = &self.interests {
            if interests.len() > limits::INTERESTS {
                return Err(FairError::TooLong {
                    field: "interests".into(),
                    max: limits::INTERESTS,
                });
            }
            for interest in interests {
                limits::check_text("interests", interest, limits::INTEREST)?;
            }
        }
        Ok(())
    }
}

/// One service point of a booth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskInfo {
    /// `A1`, `T1-2`.
    pub code: String,
    /// What the board shows, e.g. "Bàn A1".
    pub label: String,
    pub open: bool,
    /// The ticket called to or served at this desk.
    pub current: Option<String>,
}

/// A booth and its queue right now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoothStatus {
    pub code: String,
    pub name: String,
    pub kind: BoothKind,
    pub location: String,
    pub sectors: Vec<String>,
    /// Counselling topic ("job", "training", "labour_export"), for counselling booths.
    pub topic: Option<String>,
    pub open: bool,
    pub vacancies: Vec<Vacancy>,
    pub desks: Vec<DeskInfo>,
    pub waiting: u32,
    pub serving: u32,
    /// For someone who takes a ticket now.
    pub estimated_wait_s: u32,
    /// The next few waiting ticket numbers, in call order (ignoring busy attendees).
    pub next_numbers: Vec<String>,
}

impl BoothStatus {
    /// Sum of vacancy counts.
    pub fn vacancy_total(&self) -> u32 {
        self.vacancies.iter().map(|v| v.count).sum()
    }
}

/// Where the kiosk may send an attendee, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestions {
    /// Employers with open vacancies, ranked by interest match then estimated wait.
    pub employers: Vec<BoothStatus>,
    /// For each counselling topic, the booth with the shortest estimated wait.
    pub counselling: Vec<BoothStatus>,
}

/// A ticket as attendees and staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketView {
    /// The ticket number, `A007`.
    pub ticket: String,
    /// Booth code.
    pub booth: String,
    pub booth_name: String,
    pub location: String,
    pub state: TicketState,
    pub desk: Option<String>,
    /// 1-based place among waiting tickets (waiting tickets only).
    pub position: Option<u32>,
    /// Estimated wait from now (waiting tickets only).
    pub estimated_wait_s: Option<u32>,
    pub issued_at: DateTime<Utc>,
    pub called_at: Option<DateTime<Utc>>,
    pub recall_count: u32,
    pub outcome: Option<Outcome>,
    pub note: Option<String>,
}

/// Reply to issuing a ticket: the command line's contract plus the full view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketIssued {
    pub ticket: String,
    pub booth: String,
    pub position: u32,
    pub estimated_wait_min: u32,
    pub view: TicketView,
}

/// Which ticket a staff action is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The desk's current (called or serving) ticket.
    Desk(String),
    /// A ticket by number.
    Ticket(String),
}

/// What staff do to a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum StaffAction {
    Recall,
    Start,
    Finish {
        outcome: Outcome,
        #[serde(default)]
        note: Option<String>,
    },
    NoShow,
    Reinstate,
    Cancel,
    /// End this ticket and queue the attendee at `booth`, keeping the original issue time.
    Transfer {
        booth: String,
    },
}

impl StaffAction {
    /// The state-machine action this is.
    pub fn ticket_action(&self) -> TicketAction {
        match self {
            Self::Recall => TicketAction::Recall,
            Self::Start => TicketAction::Start,
            Self::Finish { .. } => TicketAction::Finish,
            Self::NoShow => TicketAction::NoShow,
            Self::Reinstate => TicketAction::Reinstate,
            Self::Cancel => TicketAction::Cancel,
            Self::Transfer { .. } => TicketAction::Transfer,
        }
    }
}

/// A booth desk's console: who is at the desk and who is next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskView {
    pub desk: DeskInfo,
    pub booth: BoothStatus,
    pub current: Option<TicketView>,
    /// The current ticket's attendee.
    pub candidate: Option<AttendeeProfile>,
    /// Seconds the current candidate waited from issue to first call.
    pub waited_s: Option<u32>,
    /// Seconds until the called candidate may be marked a no-show (the event's grace after
    /// the last call); 0 once it has run out, or when nobody is called.
    #[serde(default)]
    pub no_show_in_s: u32,
    /// This desk's last finished tickets, the most recent first: the outcomes staff may still
    /// correct with [`FairApi::amend_outcome`] (at most [`AMENDABLE_OUTCOMES`]).
    #[serde(default)]
    pub recent: Vec<TicketView>,
}

/// How many of a desk's last finished tickets may have their outcome corrected: enough for a
/// slip of the hand noticed a few candidates later, not a rewrite of the morning.
pub const AMENDABLE_OUTCOMES: u32 = 5;

/// How long after issue a kiosk may take back a ticket it issued to the attendee in front of
/// it ("choose again"): the tickets screen's time with some margin, never a later visit.
pub const KIOSK_UNDO_WINDOW_S: i64 = 10 * 60;

/// Reply to [`FairApi::undo_tickets`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UndoReply {
    /// The numbers cancelled now.
    pub cancelled: Vec<String>,
    /// The numbers asked for but kept: already called (or no longer waiting), so the
    /// attendee goes to that booth instead.
    pub kept: Vec<String>,
    /// The attendee afterwards, with the open tickets they still hold.
    pub profile: AttendeeProfile,
}

/// One call on the public board. Ticket numbers and desks only: never personal data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardCall {
    pub ticket: String,
    pub desk: String,
    pub desk_label: String,
    pub location: String,
    pub called_at: DateTime<Utc>,
    pub recall_count: u32,
}

/// One booth's line on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardQueue {
    pub booth: String,
    pub name: String,
    pub location: String,
    pub waiting: u32,
}

/// The public "now serving" board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub event_name: String,
    /// The tickets being called now (not yet started, finished or marked no-show), with their
    /// desks; the most recent call (or recall) first.
    pub calls: Vec<BoardCall>,
    pub queues: Vec<BoardQueue>,
}

/// The engine, local or remote. Every screen, the hub and the command line go through this.
pub trait FairApi: Send + Sync {
    /// The event and its settings.
    fn event(&self) -> FairResult<EventInfo>;
    /// Classify one scan and check the attendee in (or out).
    fn checkin(&self, request: CheckinRequest) -> FairResult<CheckinOutcome>;
    /// An attendee by registration code, with their open tickets.
    fn attendee(&self, code: &str) -> FairResult<AttendeeProfile>;
    /// Fill in what the card could not say, or confirm a damaged name.
    fn update_attendee(&self, code: &str, update: ProfileUpdate) -> FairResult<AttendeeProfile>;
    /// Every booth with its queue.
    fn booths(&self) -> FairResult<Vec<BoothStatus>>;
    /// Where to send this attendee.
    fn suggestions(&self, attendee: &str) -> FairResult<Suggestions>;
    /// Put the attendee in the booth's queue.
    fn issue_ticket(
        &self,
        attendee: &str,
        booth: &str,
        station: Option<&str>,
    ) -> FairResult<TicketIssued>;
    /// Call the next free attendee to the desk; `None` when nobody can be called.
    fn call_next(&self, desk: &str) -> FairResult<Option<TicketView>>;
    /// Recall, start, finish, no-show, reinstate, cancel or transfer a ticket.
    fn act(&self, target: Target, action: StaffAction) -> FairResult<TicketView>;
    /// Pause or reopen a desk.
    fn set_desk_open(&self, desk: &str, open: bool) -> FairResult<DeskInfo>;
    /// The desk's console view.
    fn desk_view(&self, desk: &str) -> FairResult<DeskView>;
    /// The public board.
    fn board(&self) -> FairResult<Board>;
    /// The headcount report.
    fn report(&self, range: ReportRange) -> FairResult<Report>;
    /// A counter that grows with every change, for cheap "anything new?" polling.
    fn change_counter(&self) -> FairResult<u64>;
    /// Check the organiser PIN.
    fn verify_pin(&self, pin: &str) -> FairResult<bool>;

    /// Help desk: attendees matching a typed query (name in any order and without accents,
    /// ID digits, phone, code, birth year, commune), best first, at most `limit` (≤ 50).
    fn search_attendees(&self, query: &str, limit: u32) -> FairResult<SearchResults>;
    /// Help desk: one person's page.
    fn helpdesk_person(&self, code: &str) -> FairResult<HelpdeskPerson>;
    /// Help desk: correct what is on file; every field checked, all or nothing.
    fn correct_attendee(&self, code: &str, correction: Correction) -> FairResult<HelpdeskPerson>;
    /// Help desk: register a person without a card and check them in, in one transaction;
    /// or, without `force`, report possible duplicates and write nothing.
    fn register_attendee(&self, registration: Registration) -> FairResult<RegisterReply>;
    /// Help desk: check a person in (or out) on their behalf (method `helpdesk`).
    fn checkin_on_behalf(&self, code: &str, request: OnBehalf) -> FairResult<CheckinOutcome>;

    /// Kiosk, "choose again" (issue 13, item 6): cancels these tickets of `attendee`, in one
    /// transaction, where they are still waiting and were issued within
    /// [`KIOSK_UNDO_WINDOW_S`]; the others are kept and listed. A number that is not this
    /// attendee's is refused as not found, so a kiosk learns nothing about other people's.
    fn undo_tickets(
        &self,
        attendee: &str,
        tickets: &[String],
        station: Option<&str>,
    ) -> FairResult<UndoReply>;
    /// Booth: corrects the outcome (and, when given, the note) of one of this desk's last
    /// [`AMENDABLE_OUTCOMES`] finished tickets, as a new logged change (issue 13, item 12).
    fn amend_outcome(
        &self,
        desk: &str,
        ticket: &str,
        outcome: Outcome,
        note: Option<String>,
    ) -> FairResult<TicketView>;

    /// Waits until [`FairApi::change_counter`] exceeds `since`, or `max_wait` has passed;
    /// returns the counter then. Screens call this on their worker thread to redraw as soon as
    /// another station changes something. The default polls every 100 ms (cheap for a local
    /// database); the hub client overrides it with one long-poll request.
    fn wait_for_change(&self, since: u64, max_wait: std::time::Duration) -> FairResult<u64> {
        let deadline = std::time::Instant::now() + max_wait;
        loop {
            let counter = self.change_counter()?;
            let now = std::time::Instant::now();
            if counter > since || now >= deadline {
                return Ok(counter);
            }
            std::thread::sleep((deadline - now).min(std::time::Duration::from_millis(100)));
        }
    }

    /// A kiosk says how its printer is (issue 15): kept per station, for the dashboard. The
    /// default keeps nothing (an engine with nowhere to keep it).
    fn report_printer(&self, update: PrinterUpdate) -> FairResult<Option<PrinterReport>> {
        update.check_limits()?;
        Ok(None)
    }

    /// Every kiosk's printer as last reported, by station name.
    fn printers(&self) -> FairResult<Vec<PrinterReport>> {
        Ok(Vec::new())
    }
}
