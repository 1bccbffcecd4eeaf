//! Station tokens and who may do what.
//!
//! A token is 32 random bytes, shown once as 64 hex digits. The database keeps only its
//! SHA-256 hash, with the role and (for a booth) the booth it acts for. Every request but
//! `health` carries `Authorization: Bearer <token>`; [`authorise`] decides with one table,
//! [`allowed`], so the matrix can be read (and tested) in one place. Tokens never go into logs
//! or error messages.
//!
//! A permission about a desk or ticket is only as good as the lookup of its booth: the codes a
//! request names are read here with [`crate::domain::code::normalise_code`], the very function
//! the engine reads them with, so the hub checks exactly what the engine will act on, and a
//! code that cannot be one is refused here instead of being passed on.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::api::{FairError, FairResult, code};
use crate::domain::code::CodeKind;
use crate::store::{TokenRow, TokenStore};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};

use super::address_range::AddressRange;

/// What a station is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Check-in kiosk: checks in, registers, fills in profiles, issues tickets.
    Kiosk,
    /// One booth's laptop: its own desks and tickets.
    Booth,
    /// The public board: the board only, no personal data.
    Board,
    /// The organiser: everything.
    Organiser,
    /// The help desk (issue 14): search, read and correct attendees, register, check in on a
    /// person's behalf, issue and cancel tickets; no report, setup, tokens or desks.
    Helpdesk,
}

impl Role {
    /// Every role, for tests and help texts.
    pub const ALL: [Role; 5] = [
        Role::Kiosk,
        Role::Booth,
        Role::Board,
        Role::Organiser,
        Role::Helpdesk,
    ];

    /// The stored and printed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kiosk => "kiosk",
            Self::Booth => "booth",
            Self::Board => "board",
            Self::Organiser => "organiser",
            Self::Helpdesk => "helpdesk",
        }
    }

    /// Parses a stored or typed name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// The station behind a request, once its token checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The token's row id (safe to log; the token is not).
    pub token_id: i64,
    pub role: Role,
    /// The booth a booth token acts for.
    pub booth: Option<String>,
}

impl Caller {
    /// A station name for the log when the request names none, e.g. `kiosk-3`.
    pub fn station(&self) -> String {
        format!("{}-{}", self.role.as_str(), self.token_id)
    }
}

/// What a request touches, as far as permissions go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Public, personal-data-free reads: the board, the event, the change counter, the PIN check.
    Public,
    /// Checking in (and registering walk-ins).
    Checkin,
    /// Reading the profile of the attendee with registration code `code`.
    AttendeeRead { code: String },
    /// Filling in that attendee's profile.
    AttendeeWrite { code: String },
    /// The booth list with queues.
    Booths,
    /// Where to send that attendee.
    Suggestions { code: String },
    /// Issuing a ticket at this booth to this attendee.
    IssueTicket { booth: String, attendee: String },
    /// Anything at this desk (view, call, act, pause).
    Desk { desk: String },
    /// A staff action on this ticket.
    Ticket { number: String },
    /// Reports, tokens, setup.
    Organiser,
    /// Searching attendees (personal data: never for kiosks or boards).
    Search,
    /// Registering a person without a card.
    Register,
    /// The help desk's page of the attendee with registration code `code`, and corrections.
    HelpdeskPerson { code: String },
    /// Checking that attendee in or out on their behalf.
    CheckinOnBehalf { code: String },
    /// Cancelling this ticket.
    CancelTicket { number: String },
    /// Taking back tickets just issued to the attendee with registration code `code` (a
    /// kiosk's "choose again"; the engine cancels only waiting tickets of that attendee,
    /// issued moments ago).
    UndoTickets { code: String },
}

impl Scope {
    /// Whether the request names an attendee by registration code: the lookups that a station
    /// guessing codes would make, which [`crate::hub::server`] throttles.
    pub fn names_attendee(&self) -> bool {
        matches!(
            self,
            Self::AttendeeRead { .. }
                | Self::AttendeeWrite { .. }
                | Self::Suggestions { .. }
                | Self::IssueTicket { .. }
                | Self::HelpdeskPerson { .. }
                | Self::CheckinOnBehalf { .. }
                | Self::UndoTickets { .. }
        )
    }
}

/// Why a request was refused before reaching the engine.
#[derive(Debug, Clone, PartialEq)]
pub enum Denied {
    /// No usable token (missing, unknown, revoked): HTTP 401.
    Unauthorized(&'static str),
    /// A valid token whose role or booth does not allow this: HTTP 403.
    Forbidden(&'static str),
    /// The lookup itself failed.
    Engine(FairError),
}

impl From<FairError> for Denied {
    fn from(err: FairError) -> Self {
        Self::Engine(err)
    }
}

/// A freshly issued token: the only time the token itself exists outside the station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuedToken {
    pub token: String,
    pub role: Role,
    pub booth: Option<String>,
    /// The row id, for revoking.
    #[serde(skip)]
    pub id: i64,
    /// When the token stops working (`null`: never).
    pub expires_at: Option<DateTime<Utc>>,
    /// The address range an organiser token may be used from (`null`: anywhere).
    pub allowed_from: Option<String>,
}

/// SHA-256 of the token, hex.
pub fn hash_token(token: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(token.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 15)]));
    }
    hex
}

/// 32 bytes from the operating system's generator, as 64 hex digits.
fn new_token() -> FairResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| FairError::Storage {
        message: format!("no randomness for a token: {e}"),
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Issues a token for `role` (a booth token needs `booth`, an existing booth's code).
pub fn issue(
    store: &TokenStore,
    role: Role,
    booth: Option<&str>,
    now: DateTime<Utc>,
) -> FairResult<IssuedToken> {
    issue_until(store, role, booth, now, None)
}

/// [`issue`], the token stopping at `expires_at` (`None`: never).
pub fn issue_until(
    store: &TokenStore,
    role: Role,
    booth: Option<&str>,
    now: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
) -> FairResult<IssuedToken> {
    issue_limited(store, role, booth, now, expires_at, None)
}

/// [`issue_until`], an organiser token usable only from `allowed_from`.
pub fn issue_limited(
    store: &TokenStore,
    role: Role,
    booth: Option<&str>,
    now: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
    allowed_from: Option<AddressRange>,
) -> FairResult<IssuedToken> {
    if allowed_from.is_some() && role != Role::Organiser {
        return Err(FairError::invalid(
            "only an organiser token is limited to an address range",
        ));
    }
    let booth = booth.map(|b| code(CodeKind::Booth, b)).transpose()?;
    match (role, &booth) {
        (Role::Booth, None) => {
            return Err(FairError::invalid("a booth token needs --booth CODE"));
        }
        (Role::Booth, Some(code)) if !store.booth_exists(code)? => {
            return Err(FairError::not_found("booth"));
        }
        (Role::Booth, Some(_)) => {}
        (_, Some(_)) => {
            return Err(FairError::invalid("only a booth token names a booth"));
        }
        (_, None) => {}
    }
    let token = new_token()?;
    let id = store.insert(
        &hash_token(&token),
        role.as_str(),
        booth.as_deref(),
        now,
        expires_at,
        allowed_from.map(|range| range.to_string()).as_deref(),
    )?;
    Ok(IssuedToken {
        token,
        role,
        booth,
        id,
        expires_at,
        allowed_from: allowed_from.map(|range| range.to_string()),
    })
}

/// When a token issued `now` stops working: after `days` days, or without them at the end of
/// the event day (midnight after the event's date, in the event's time zone; an event already
/// past gives `now`'s own end of day). None for a database with no event.
pub fn expiry(
    store: &TokenStore,
    now: DateTime<Utc>,
    days: Option<u32>,
) -> FairResult<Option<DateTime<Utc>>> {
    if let Some(days) = days {
        return Ok(Some(
            now + chrono::Duration::days(i64::from(days.clamp(1, 366))),
        ));
    }
    let Some((date, offset_min)) = store.event_day()? else {
        return Ok(None);
    };
    let zone = crate::domain::event::event_offset(offset_min);
    let today = now.with_timezone(&zone).date_naive();
    let day = date.max(today);
    let end = day
        .succ_opt()
        .and_then(|next| next.and_hms_opt(0, 0, 0))
        .and_then(|midnight| midnight.and_local_timezone(zone).single())
        .map(|end| end.with_timezone(&Utc));
    Ok(end)
}

/// The token in an `Authorization` header value (`Bearer <token>`).
pub fn bearer(header: Option<&str>) -> Option<&str> {
    let value = header?.trim();
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()).then(|| token.trim())
}

/// Finds the caller behind `token`, calling from `peer` (the connection's address).
pub fn authenticate(
    store: &TokenStore,
    token: Option<&str>,
    peer: Option<IpAddr>,
) -> Result<Caller, Denied> {
    let token = token.ok_or(Denied::Unauthorized("a station token is required"))?;
    let row = store
        .by_hash(&hash_token(token))?
        .ok_or(Denied::Unauthorized("unknown token"))?;
    check_row(&row, peer)
}

/// Tokens most kept in a [`TokenCache`]; past it the cache starts again empty. A hall has
/// tens of stations, so this is only a bound on memory.
const CACHED_TOKENS: usize = 1024;

/// Station tokens already found in the database, by hash, so a request does not wait for an
/// SQLite lookup behind every other request's.
///
/// Only tokens that were usable when read are kept (an unknown or revoked one is looked up
/// each time, so a wrong token cannot fill memory), and a kept row is checked again on every
/// request exactly as a fresh one is: its expiry against the clock, an organiser token's
/// address range against the caller. What can change a stored token (revoking it) goes
/// through [`TokenCache::clear`]: the hub clears the cache after every token administration
/// before replying, so a revoked token is refused from the very next request, and when the
/// token table changes under another process (`fairdesk token --revoke` beside a running hub)
/// on the hub's next check of [`TokenStore::fingerprint`].
#[derive(Default)]
pub struct TokenCache {
    rows: Mutex<HashMap<String, TokenRow>>,
}

impl TokenCache {
    /// [`authenticate`], from the cache when the token is in it. `store` is locked only on a
    /// miss.
    pub fn authenticate(
        &self,
        store: &Mutex<TokenStore>,
        token: Option<&str>,
        peer: Option<IpAddr>,
    ) -> Result<Caller, Denied> {
        let token = token.ok_or(Denied::Unauthorized("a station token is required"))?;
        let hash = hash_token(token);
        // Held across the database lookup on a miss: a `clear` that follows a revocation
        // waits for it, so a row read just before the revocation is never kept after it.
        let mut rows = lock(&self.rows);
        if let Some(row) = rows.get(&hash) {
            return check_row(row, peer);
        }
        let row = lock(store)
            .by_hash(&hash)?
            .ok_or(Denied::Unauthorized("unknown token"))?;
        let caller = check_row(&row, peer);
        if row.revoked_at.is_none() {
            if rows.len() >= CACHED_TOKENS {
                rows.clear();
            }
            rows.insert(hash, row);
        }
        caller
    }

    /// [`TokenCache::authenticate`] for a token already kept, without waiting for anything:
    /// `None` when the token is not kept, or the cache is busy (a look-up or a clear).
    pub fn cached(
        &self,
        token: Option<&str>,
        peer: Option<IpAddr>,
    ) -> Option<Result<Caller, Denied>> {
        let Some(token) = token else {
            return Some(Err(Denied::Unauthorized("a station token is required")));
        };
        let rows = self.rows.try_lock().ok()?;
        rows.get(&hash_token(token)).map(|row| check_row(row, peer))
    }

    /// Forgets every kept token: the next request of each is looked up again.
    pub fn clear(&self) {
        lock(&self.rows).clear();
    }

    /// How many tokens are kept (for tests).
    pub fn len(&self) -> usize {
        lock(&self.rows).len()
    }

    /// Whether no token is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The cache and the token store hold plain data; one left behind by a panic is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether the stored `row` admits a caller from `peer` now.
fn check_row(row: &TokenRow, peer: Option<IpAddr>) -> Result<Caller, Denied> {
    if row.revoked_at.is_some() {
        return Err(Denied::Unauthorized("this token has been revoked"));
    }
    if row.expires_at.is_some_and(|end| end <= Utc::now()) {
        return Err(Denied::Unauthorized(
            "this token has expired; ask the organiser for a new one (`fairdesk token`)",
        ));
    }
    if let Some(range) = &row.allowed_from {
        // A range that no longer reads (edited by hand) admits nobody rather than everybody.
        let inside = range
            .parse::<AddressRange>()
            .is_ok_and(|range| peer.is_some_and(|ip| range.contains(ip)));
        if !inside {
            return Err(Denied::Forbidden(
                "this organiser token may not be used from this station's address",
            ));
        }
    }
    let role = Role::parse(&row.role).ok_or(Denied::Unauthorized("unknown token role"))?;
    Ok(Caller {
        token_id: row.id,
        role,
        booth: row.booth.clone(),
    })
}

/// The matrix: may `role` (acting for `own_booth` / on `target_booth`) touch `scope`?
/// `target_booth` is the booth the desk or ticket belongs to, when the scope names one.
pub fn allowed(role: Role, scope: &Scope, own_booth: Option<&str>, target: Option<&str>) -> bool {
    let own = || own_booth.is_some() && own_booth == target;
    match (role, scope) {
        (Role::Organiser, _) | (_, Scope::Public) => true,
        (Role::Kiosk, Scope::Checkin | Scope::AttendeeWrite { .. } | Scope::Suggestions { .. }) => {
            true
        }
        (Role::Kiosk | Role::Booth, Scope::AttendeeRead { .. } | Scope::Booths) => true,
        (Role::Kiosk, Scope::IssueTicket { .. } | Scope::UndoTickets { .. }) => true,
        (
            Role::Booth,
            Scope::IssueTicket { .. }
            | Scope::Desk { .. }
            | Scope::Ticket { .. }
            | Scope::CancelTicket { .. },
        ) => own(),
        (
            Role::Helpdesk,
            Scope::Checkin
            | Scope::AttendeeRead { .. }
            | Scope::AttendeeWrite { .. }
            | Scope::Suggestions { .. }
            | Scope::Booths
            | Scope::IssueTicket { .. }
            | Scope::Search
            | Scope::Register
            | Scope::HelpdeskPerson { .. }
            | Scope::CheckinOnBehalf { .. }
            | Scope::CancelTicket { .. },
        ) => true,
        _ => false,
    }
}

/// Whether [`authorise`] can decide without reading the database: everything but a booth
/// token's look-up of the booth of a ticket, of an attendee's tickets, or of a desk not seen
/// before. (Only a matter of where it runs: [`authorise`] is right either way.)
pub fn decided_in_memory(store: &TokenStore, caller: &Caller, scope: &Scope) -> bool {
    if caller.role != Role::Booth {
        return true;
    }
    match scope {
        Scope::Desk { desk } => code(CodeKind::Desk, desk)
            .map_or(true, |desk| store.cached_booth_of_desk(&desk).is_some()),
        Scope::Ticket { .. } | Scope::CancelTicket { .. } | Scope::AttendeeRead { .. } => false,
        _ => true,
    }
}

/// Checks that `caller` may touch `scope`, before anything is done.
///
/// - A role that may not touch the scope at all is refused (403) without any code being looked
///   up, so it learns nothing about which exist.
/// - Every code the scope names is normalised ([`crate::domain::code::normalise_code`]); one
///   that cannot be a code is refused: 404 like an unknown one, or 422 when it is too long.
/// - For a booth token, the desk or ticket must exist (404) and belong to its booth (403); a
///   ticket is issued only at its booth (403); and it reads only the profiles of attendees who
///   hold or held a ticket at its booth: anyone else is 404, exactly as if the code were
///   unknown, so guessing codes tells it nothing.
pub fn authorise(store: &TokenStore, caller: &Caller, scope: &Scope) -> Result<(), Denied> {
    let own = caller.booth.as_deref();
    let booth_token = caller.role == Role::Booth;
    if !allowed(caller.role, scope, own, own) {
        return Err(Denied::Forbidden("this station's role may not do that"));
    }
    let booth_of = |found: Option<String>, what: &str| {
        found.ok_or_else(|| Denied::Engine(FairError::not_found(what)))
    };
    let target = match scope {
        Scope::IssueTicket { booth, .. } => Some(code(CodeKind::Booth, booth)?),
        Scope::Desk { desk } => {
            let desk = code(CodeKind::Desk, desk)?;
            if booth_token {
                Some(booth_of(store.booth_of_desk(&desk)?, "desk")?)
            } else {
                None
            }
        }
        Scope::Ticket { number } | Scope::CancelTicket { number } => {
            let number = code(CodeKind::Ticket, number)?;
            if booth_token {
                Some(booth_of(store.booth_of_ticket(&number)?, "ticket")?)
            } else {
                None
            }
        }
        _ => None,
    };
    if !allowed(caller.role, scope, own, target.as_deref()) {
        return Err(Denied::Forbidden(
            "this booth's token may act only on its own booth",
        ));
    }
    match scope {
        Scope::AttendeeRead { code: attendee } => {
            let attendee = code(CodeKind::Attendee, attendee)?;
            if booth_token && !store.attendee_had_ticket_at(&attendee, own.unwrap_or_default())? {
                return Err(Denied::Engine(FairError::not_found("attendee")));
            }
        }
        Scope::AttendeeWrite { code: attendee }
        | Scope::HelpdeskPerson { code: attendee }
        | Scope::CheckinOnBehalf { code: attendee }
        | Scope::Suggestions { code: attendee }
        | Scope::UndoTickets { code: attendee }
        | Scope::IssueTicket { attendee, .. } => {
            code(CodeKind::Attendee, attendee)?;
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bearer_header_gives_its_token() {
        assert_eq!(bearer(Some("Bearer abc")), Some("abc"));
        assert_eq!(bearer(Some("bearer  abc ")), Some("abc"));
        assert_eq!(bearer(Some("Basic abc")), None);
        assert_eq!(bearer(Some("Bearer ")), None);
        assert_eq!(bearer(None), None);
    }

    #[test]
    fn a_booth_acts_only_on_its_own_booth() {
        let desk = Scope::Desk { desk: "A1".into() };
        assert!(allowed(Role::Booth, &desk, Some("A"), Some("A")));
        assert!(!allowed(Role::Booth, &desk, Some("A"), Some("B")));
        assert!(!allowed(Role::Kiosk, &desk, None, Some("A")));
        assert!(allowed(Role::Organiser, &desk, None, Some("A")));
    }

    #[test]
    fn a_board_reads_public_data_only() {
        assert!(allowed(Role::Board, &Scope::Public, None, None));
        for scope in [
            Scope::Checkin,
            Scope::AttendeeRead {
                code: "KX7P3B".into(),
            },
            Scope::Booths,
            Scope::Organiser,
        ] {
            assert!(!allowed(Role::Board, &scope, None, None), "{scope:?}");
        }
    }

    #[test]
    fn a_help_desk_searches_and_registers_but_sees_no_report_setup_or_desk() {
        for scope in [
            Scope::Search,
            Scope::Register,
            Scope::Checkin,
            Scope::HelpdeskPerson { code: "K".into() },
            Scope::CancelTicket {
                number: "A001".into(),
            },
        ] {
            assert!(allowed(Role::Helpdesk, &scope, None, None), "{scope:?}");
        }
        for scope in [Scope::Organiser, Scope::Desk { desk: "A1".into() }] {
            assert!(!allowed(Role::Helpdesk, &scope, None, None), "{scope:?}");
        }
        // Search results are personal data: never for a kiosk or a board.
        for role in [Role::Kiosk, Role::Board, Role::Booth] {
            assert!(!allowed(role, &Scope::Search, None, None), "{role:?}");
        }
    }

    #[test]
    fn token_hashes_are_hex_sha256() {
        assert_eq!(hash_token("abc").len(), 64);
        assert_ne!(hash_token("abc"), hash_token("abd"));
    }
}
