//! The organiser's changes during the event, made on the Setup screen: booths (add, rename,
//! move, close, reopen), desks (add, rename, close, reopen), vacancies (add, edit, remove),
//! the event's name, venue and date, and the organiser PIN.
//!
//! Every change is one write that stores the new state and appends its log row together
//! (DESIGN §3 "Log": setup change). Booth-level rows carry the booth's current name and
//! vacancy total, so the report rebuilt from the log equals the one from the tables.
//!
//! Bad input is refused with a [`Refusal`]: a variant per reason, with an i18n key and its
//! arguments, so the screen says it in the organiser's language. A refusal is decided before
//! anything is written, so a refused change leaves nothing behind.
//!
//! These are operations of [`Fair`]; [`super::SetupApi`] offers them to the Setup screen both
//! on the machine that holds the database and, for an organiser token, through the hub.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{BoothSetup, Fair, setup};
use crate::api::{EventInfo, FairError, FairResult, Vacancy};
use crate::domain::code::{BadCode, CodeKind, normalise_code};
use crate::domain::{BoothKind, limits, text};
use crate::store::{BoothRow, LogEntry, Tx};

/// The most desks one booth may have.
const MAX_DESKS: u32 = 20;
/// The largest vacancy count (a whole industrial park hiring is still under this).
const MAX_VACANCY_COUNT: u32 = 100_000;

/// Why the engine refused a setup change. Each has a translation key ([`Refusal::key`]) and
/// the values to put in it ([`Refusal::args`]); `Display` is the English text for logs and the
/// command line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Refusal {
    /// A name (booth, event) or a desk label is empty.
    #[error("the name must not be empty")]
    EmptyName,
    /// A text is longer than the screen accepts ([`limits::SETUP_TEXT`]; codes
    /// [`limits::CODE`], PINs [`limits::PIN`]). `field` names it as the request does.
    #[error("{field} is too long")]
    TooLong { field: String },
    /// Not a booth code (capital letters, then optional digits, at most 4).
    #[error("booth code {code:?} must be 1-4 characters: capital letters, then optional digits")]
    BadBoothCode { code: String },
    /// The booth code is taken.
    #[error("booth {code} already exists")]
    BoothExists { code: String },
    /// The desk count is out of range.
    #[error("a booth has 1 to {MAX_DESKS} desks")]
    BadDeskCount,
    /// No booth has this code.
    #[error("there is no booth {code}")]
    NoSuchBooth { code: String },
    /// No desk has this code.
    #[error("there is no desk {code}")]
    NoSuchDesk { code: String },
    /// The vacancy was removed meanwhile.
    #[error("that vacancy no longer exists")]
    NoSuchVacancy,
    /// A desk with a called or serving ticket cannot close.
    #[error("desk {desk} is serving ticket {ticket}: finish it first")]
    DeskServing { desk: String, ticket: String },
    /// Vacancies belong to employer booths.
    #[error("booth {code} is not an employer: only employers list vacancies")]
    NotEmployer { code: String },
    /// A vacancy needs a title.
    #[error("a vacancy needs a title")]
    EmptyTitle,
    /// A vacancy count of zero or absurdly large.
    #[error("the number of vacancies must be between 1 and {MAX_VACANCY_COUNT}")]
    BadCount,
    /// The date could not be read.
    #[error("{text:?} is not a date: write it as dd/mm/yyyy")]
    BadDate { text: String },
    /// A date outside the years a fair can be held.
    #[error("the date must be between 2000 and 2100")]
    DateOutOfRange,
    /// The new PIN is not 4-12 digits.
    #[error("the PIN must be 4 to 12 digits")]
    PinFormat,
    /// The new PIN and its repetition differ.
    #[error("the two new PINs differ")]
    PinMismatch,
    /// The old PIN is wrong.
    #[error("the current PIN is wrong")]
    WrongPin,
}

impl Refusal {
    /// The translation key of the message (`src/ui/i18n.rs`).
    pub fn key(&self) -> &'static str {
        match self {
            Self::EmptyName => "setup.err.empty_name",
            Self::TooLong { .. } => "setup.err.too_long",
            Self::BadBoothCode { .. } => "setup.err.bad_code",
            Self::BoothExists { .. } => "setup.err.booth_exists",
            Self::BadDeskCount => "setup.err.desk_count",
            Self::NoSuchBooth { .. } => "setup.err.no_booth",
            Self::NoSuchDesk { .. } => "setup.err.no_desk",
            Self::NoSuchVacancy => "setup.err.no_vacancy",
            Self::DeskServing { .. } => "setup.err.desk_serving",
            Self::NotEmployer { .. } => "setup.err.not_employer",
            Self::EmptyTitle => "setup.err.empty_title",
            Self::BadCount => "setup.err.bad_count",
            Self::BadDate { .. } => "setup.err.bad_date",
            Self::DateOutOfRange => "setup.err.date_range",
            Self::PinFormat => "setup.err.pin_format",
            Self::PinMismatch => "setup.err.pin_mismatch",
            Self::WrongPin => "setup.err.wrong_pin",
        }
    }

    /// The `{name}` values of the message.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::BadBoothCode { code }
            | Self::BoothExists { code }
            | Self::NoSuchBooth { code }
            | Self::NotEmployer { code } => vec![("code", code.clone())],
            Self::NoSuchDesk { code } => vec![("desk", code.clone())],
            Self::DeskServing { desk, ticket } => {
                vec![("desk", desk.clone()), ("ticket", ticket.clone())]
            }
            Self::BadDate { text } => vec![("text", text.clone())],
            _ => Vec::new(),
        }
    }
}

/// A setup change that did not happen: refused (bad input, said in the organiser's words) or
/// failed (storage).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SetupError {
    /// The engine refused the change; nothing was written.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The engine failed (the database).
    #[error(transparent)]
    Fair(#[from] FairError),
}

/// The result of a setup change.
pub type SetupResult<T> = Result<T, SetupError>;

/// A desk as the Setup screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetupDesk {
    /// `A1`.
    pub code: String,
    /// What the board shows, e.g. "Bàn A1".
    pub label: String,
    /// Not paused.
    pub open: bool,
    /// Taken out of service by the organiser.
    pub closed: bool,
    /// The ticket called to or served at this desk.
    pub current: Option<String>,
}

/// A vacancy with the id to edit or remove it by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetupVacancy {
    /// Row id.
    pub id: i64,
    /// Title, count, requirements, wage.
    pub vacancy: Vacancy,
}

/// A booth as the Setup screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetupBooth {
    /// `A`, `T1`.
    pub code: String,
    /// Employer or counselling table name.
    pub name: String,
    /// Employer, counselling or service.
    pub kind: BoothKind,
    /// "Gian 5".
    pub location: String,
    /// Takes new tickets.
    pub open: bool,
    /// Every desk, closed ones too.
    pub desks: Vec<SetupDesk>,
    /// Its vacancies.
    pub vacancies: Vec<SetupVacancy>,
}

/// Everything the Setup screen shows, read in one snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetupView {
    /// The event.
    pub event: EventInfo,
    /// Booths by code.
    pub booths: Vec<SetupBooth>,
}

/// The event's details the Setup screen edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDetails {
    /// "Ngày hội việc làm huyện Phú Lương 2026".
    pub name: String,
    /// "Nhà văn hoá xã Yên Ninh".
    pub venue: String,
    /// The fair's day (ages are computed on it).
    pub date: NaiveDate,
}

/// Reads a date as an organiser types it: `dd/mm/yyyy` (also with `-` or `.`), or ISO
/// `yyyy-mm-dd`. Years 2000-2100 only: anything else is a typo.
pub fn parse_event_date(input: &str) -> Result<NaiveDate, Refusal> {
    let trimmed = input.trim();
    let bad = || Refusal::BadDate {
        text: trimmed.chars().take(40).collect(),
    };
    let date = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&trimmed.replace(['-', '.'], "/"), "%d/%m/%Y"))
        .map_err(|_| bad())?;
    // `%Y` accepts "26" as the year 26: a two-digit year is a typo, not antiquity.
    if !(2000..=2100).contains(&chrono::Datelike::year(&date)) {
        return Err(Refusal::DateOutOfRange);
    }
    Ok(date)
}

/// A PIN the organiser may choose: 4 to 12 digits (the kiosk's keypad takes 12).
pub fn valid_pin(pin: &str) -> bool {
    (4..=12).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit())
}

fn too_long(field: &str) -> Refusal {
    Refusal::TooLong {
        field: field.to_string(),
    }
}

/// A name or label, NFC-normalised and trimmed; refused when empty or too long.
fn clean_name(field: &'static str, input: &str) -> Result<String, Refusal> {
    let name = clean_text(field, input)?;
    if name.is_empty() {
        return Err(Refusal::EmptyName);
    }
    Ok(name)
}

/// Optional text, NFC-normalised and trimmed; refused when too long.
fn clean_text(field: &'static str, input: &str) -> Result<String, Refusal> {
    limits::check_text(field, input, limits::SETUP_TEXT).map_err(|e| too_long(e.field))?;
    Ok(text::nfc(input.trim()))
}

fn clean_vacancy(vacancy: &Vacancy) -> Result<Vacancy, Refusal> {
    let title = clean_text("title", &vacancy.title)?;
    if title.is_empty() {
        return Err(Refusal::EmptyTitle);
    }
    if !(1..=MAX_VACANCY_COUNT).contains(&vacancy.count) {
        return Err(Refusal::BadCount);
    }
    Ok(Vacancy {
        title,
        count: vacancy.count,
        requirements: clean_text("requirements", &vacancy.requirements)?,
        wage: clean_text("wage", &vacancy.wage)?,
    })
}

/// The canonical `kind` code the request's `field` names ([`normalise_code`]); a malformed
/// one becomes the refusal `malformed` makes of the code as typed.
fn setup_code(
    kind: CodeKind,
    field: &str,
    input: &str,
    malformed: fn(String) -> Refusal,
) -> Result<String, Refusal> {
    normalise_code(kind, input).map_err(|err| match err {
        BadCode::TooLong(_) => too_long(field),
        BadCode::Malformed(_) => malformed(input.trim().to_string()),
    })
}

fn no_such_booth(code: String) -> Refusal {
    Refusal::NoSuchBooth { code }
}

fn no_such_desk(code: String) -> Refusal {
    Refusal::NoSuchDesk { code }
}

/// The booth with the canonical `code`, or the refusal to send back.
fn booth(tx: &Tx<'_>, code: &str) -> FairResult<Result<BoothRow, Refusal>> {
    Ok(tx.booth_by_code(code)?.ok_or_else(|| Refusal::NoSuchBooth {
        code: code.to_string(),
    }))
}

/// The log data of a booth's current facts: what the report's rebuild reads.
fn booth_facts(tx: &Tx<'_>, booth: &BoothRow) -> FairResult<serde_json::Value> {
    Ok(json!({
        "code": booth.code,
        "name": booth.name,
        "kind": booth.kind,
        "vacancies": tx.vacancy_total(booth.id)?,
    }))
}

/// Inside a setup write: the value of a check, or return its refusal (nothing written yet).
macro_rules! refuse {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(refusal) => return Ok(Err(refusal)),
        }
    };
}

impl Fair {
    /// One write whose closure may refuse (`Ok(Err(refusal))`, having written nothing).
    fn setup_write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Tx<'_>) -> FairResult<Result<T, Refusal>> + Send + 'static,
    ) -> SetupResult<T> {
        Ok(self.write(f)??)
    }

    /// The event, every booth with all its desks (closed too) and vacancies with their ids.
    pub fn setup_view(&self) -> FairResult<SetupView> {
        self.read(|tx| {
            let event = tx.event()?;
            let desks = tx.setup_desks()?;
            let vacancies = tx.vacancy_rows()?;
            let booths = tx
                .booths()?
                .into_iter()
                .map(|b| {
                    let desks = desks
                        .iter()
                        .filter(|d| d.booth_id == b.id)
                        .map(|d| {
                            Ok(SetupDesk {
                                code: d.code.clone(),
                                label: d.label.clone(),
                                open: d.open,
                                closed: d.closed,
                                current: tx.desk_current_ticket(d.id)?.map(|t| t.number),
                            })
                        })
                        .collect::<FairResult<_>>()?;
                    Ok(SetupBooth {
                        desks,
                        vacancies: vacancies
                            .iter()
                            .filter(|v| v.booth_id == b.id)
                            .map(|v| SetupVacancy {
                                id: v.id,
                                vacancy: v.vacancy.clone(),
                            })
                            .collect(),
                        code: b.code,
                        name: b.name,
                        kind: b.kind,
                        location: b.location,
                        open: b.open,
                    })
                })
                .collect::<FairResult<_>>()?;
            Ok(SetupView { event, booths })
        })
    }

    /// Adds a booth with `desks` desks (no vacancies yet); logged as `booth_added`.
    pub fn create_booth(
        &self,
        code: &str,
        name: &str,
        location: &str,
        kind: BoothKind,
        desks: u32,
    ) -> SetupResult<()> {
        let code = setup_code(CodeKind::Booth, "code", code, |code| {
            Refusal::BadBoothCode { code }
        })?;
        if !(1..=MAX_DESKS).contains(&desks) {
            return Err(Refusal::BadDeskCount.into());
        }
        let booth = BoothSetup {
            code,
            kind,
            name: clean_name("name", name)?,
            location: clean_text("location", location)?,
            sectors: Vec::new(),
            // Routing groups counselling tables by topic; a table added by hand does jobs.
            topic: (kind == BoothKind::Counselling).then(|| "job".to_string()),
            desks,
            vacancies: Vec::new(),
        };
        let now = self.now();
        self.setup_write(move |tx| {
            if tx.booth_by_code(&booth.code)?.is_some() {
                return Ok(Err(Refusal::BoothExists { code: booth.code }));
            }
            setup::add_booth(tx, &booth, now)?;
            Ok(Ok(()))
        })
    }

    /// Renames a booth and changes its location; logged as `booth_updated`.
    pub fn update_booth(&self, code: &str, name: &str, location: &str) -> SetupResult<()> {
        let name = clean_name("name", name)?;
        let location = clean_text("location", location)?;
        let code = setup_code(CodeKind::Booth, "code", code, no_such_booth)?;
        let now = self.now();
        self.setup_write(move |tx| {
            let mut b = refuse!(booth(tx, &code)?);
            tx.update_booth_details(b.id, &name, &location)?;
            b.name = name;
            b.location = location.clone();
            let mut data = booth_facts(tx, &b)?;
            data["location"] = json!(location);
            tx.append_log(
                now,
                &LogEntry {
                    kind: "booth_updated",
                    station: Some("setup"),
                    booth_id: Some(b.id),
                    data: Some(data),
                    ..Default::default()
                },
            )?;
            Ok(Ok(()))
        })
    }

    /// Closes a booth (it takes no new tickets and leaves the kiosk's choices; its tickets stay
    /// and its desks keep serving them) or reopens it; logged as `booth_closed`/`booth_reopened`.
    pub fn set_booth_open(&self, code: &str, open: bool) -> SetupResult<()> {
        let code = setup_code(CodeKind::Booth, "code", code, no_such_booth)?;
        let now = self.now();
        self.setup_write(move |tx| {
            let b = refuse!(booth(tx, &code)?);
            if b.open == open {
                return Ok(Ok(()));
            }
            tx.set_booth_open(b.id, open)?;
            tx.append_log(
                now,
                &LogEntry {
                    kind: if open {
                        "booth_reopened"
                    } else {
                        "booth_closed"
                    },
                    station: Some("setup"),
                    booth_id: Some(b.id),
                    data: Some(json!({"code": b.code})),
                    ..Default::default()
                },
            )?;
            Ok(Ok(()))
        })
    }

    /// Adds a desk to a booth (`A3` after `A1`, `A2`); returns its code. Logged as `desk_added`.
    pub fn add_desk(&self, booth_code: &str) -> SetupResult<String> {
        let code = setup_code(CodeKind::Booth, "booth", booth_code, no_such_booth)?;
        let now = self.now();
        self.setup_write(move |tx| {
            let b = refuse!(booth(tx, &code)?);
            let desks = tx.setup_desks()?;
            let taken = |c: &str| desks.iter().any(|d| d.code == c);
            let count = desks.iter().filter(|d| d.booth_id == b.id).count();
            if count >= MAX_DESKS as usize {
                return Ok(Err(Refusal::BadDeskCount));
            }
            // Same scheme as at creation: `A3`, or `T1-3` for a code ending in a digit.
            let separator = if b.code.ends_with(|c: char| c.is_ascii_digit()) {
                "-"
            } else {
                ""
            };
            let desk_code = (count + 1..)
                .map(|n| format!("{}{separator}{n}", b.code))
                .find(|c| !taken(c))
                .unwrap_or_default();
            let desk_id = tx.insert_desk(b.id, &desk_code, &format!("Bàn {desk_code}"))?;
            tx.append_log(
                now,
                &LogEntry {
                    kind: "desk_added",
                    station: Some("setup"),
                    booth_id: Some(b.id),
                    desk_id: Some(desk_id),
                    data: Some(json!({"desk": desk_code})),
                    ..Default::default()
                },
            )?;
            Ok(Ok(desk_code))
        })
    }

    /// Changes what the board calls a desk ("Bàn A1" → "Bàn 3 – cửa sổ"); its code stays.
    /// Logged as `desk_renamed`.
    pub fn rename_desk(&self, desk_code: &str, label: &str) -> SetupResult<()> {
        let label = clean_name("label", label)?;
        let code = setup_code(CodeKind::Desk, "desk", desk_code, no_such_desk)?;
        let now = self.now();
        self.setup_write(move |tx| {
            let desk = refuse!(tx.setup_desk(&code)?.ok_or(Refusal::NoSuchDesk { code }));
            tx.set_desk_label(desk.id, &label)?;
            tx.append_log(
                now,
                &LogEntry {
                    kind: "desk_renamed",
                    station: Some("setup"),
                    booth_id: Some(desk.booth_id),
                    desk_id: Some(desk.id),
                    data: Some(json!({"desk": desk.code, "label": label})),
                    ..Default::default()
                },
            )?;
            Ok(Ok(()))
        })
    }

    /// Closes a desk (out of service: it calls nobody and leaves the booth's desk list) or
    /// reopens it. A desk with a called or serving ticket cannot close. Logged as
    /// `desk_closed`/`desk_reopened`.
    pub fn set_desk_closed(&self, desk_code: &str, closed: bool) -> SetupResult<()> {
        let code = setup_code(CodeKind::Desk, "desk", desk_code, no_such_desk)?;
        let now = self.now();
        self.setup_write(move |tx| {
            let desk = refuse!(tx.setup_desk(&code)?.ok_or(Refusal::NoSuchDesk { code }));
            if desk.closed == closed {
                return Ok(Ok(()));
            }
            if closed && let Some(ticket) = tx.desk_current_ticket(desk.id)? {
                return Ok(Err(Refusal::DeskServing {
                    desk: desk.code,
                    ticket: ticket.number,
                }));
            }
            tx.set_desk_closed(desk.id, closed)?;
            tx.append_log(
                now,
                &LogEntry {
                    kind: if closed {
                        "desk_closed"
                    } else {
                        "desk_reopened"
                    },
                    station: Some("setup"),
                    booth_id: Some(desk.booth_id),
                    desk_id: Some(desk.id),
                    data: Some(json!({"desk": desk.code})),
                    ..Default::default()
                },
            )?;
            Ok(Ok(()))
        })
    }

    /// Adds a vacancy to an employer booth; returns its id. Logged as `vacancy_added` with the
    /// booth's new total.
    pub fn add_vacancy(&self, booth_code: &str, vacancy: &Vacancy) -> SetupResult<i64> {
        let vacancy = clean_vacancy(vacancy)?;
        let code = setup_code(CodeKind::Booth, "booth", booth_code, no_such_booth)?;
        let now = self.now();
        self.setup_write(move |tx| {
            let b = refuse!(booth(tx, &code)?);
            if b.kind != BoothKind::Employer {
                return Ok(Err(Refusal::NotEmployer { code: b.code }));
            }
            let id = tx.insert_vacancy_returning_id(b.id, &vacancy)?;
            log_vacancy(tx, now, "vacancy_added", &b, id, &vacancy)?;
            Ok(Ok(id))
        })
    }

    /// Rewrites a vacancy (title, count, requirements, wage); logged as `vacancy_updated`.
    pub fn update_vacancy(&self, id: i64, vacancy: &Vacancy) -> SetupResult<()> {
        let vacancy = clean_vacancy(vacancy)?;
        let now = self.now();
        self.setup_write(move |tx| {
            let row = refuse!(tx.vacancy_row(id)?.ok_or(Refusal::NoSuchVacancy));
            tx.update_vacancy(id, &vacancy)?;
            let b = tx.booth(row.booth_id)?;
            log_vacancy(tx, now, "vacancy_updated", &b, id, &vacancy)?;
            Ok(Ok(()))
        })
    }

    /// Removes a vacancy; logged as `vacancy_removed` (with what it was).
    pub fn remove_vacancy(&self, id: i64) -> SetupResult<()> {
        let now = self.now();
        self.setup_write(move |tx| {
            let row = refuse!(tx.vacancy_row(id)?.ok_or(Refusal::NoSuchVacancy));
            tx.delete_vacancy(id)?;
            let b = tx.booth(row.booth_id)?;
            log_vacancy(tx, now, "vacancy_removed", &b, id, &row.vacancy)?;
            Ok(Ok(()))
        })
    }

    /// Changes the event's name, venue and date; logged as `event_updated`.
    pub fn update_event(&self, details: &EventDetails) -> SetupResult<()> {
        let name = clean_name("name", &details.name)?;
        let venue = clean_text("venue", &details.venue)?;
        let date = details.date;
        if !(2000..=2100).contains(&chrono::Datelike::year(&date)) {
            return Err(Refusal::DateOutOfRange.into());
        }
        let now = self.now();
        self.setup_write(move |tx| {
            tx.update_event_details(&name, &venue, date)?;
            tx.append_log(
                now,
                &LogEntry {
                    kind: "event_updated",
                    station: Some("setup"),
                    data: Some(json!({"name": name, "venue": venue, "date": date})),
                    ..Default::default()
                },
            )?;
            Ok(Ok(()))
        })
    }

    /// Replaces the organiser PIN: `old` must match, `new` must be 4-12 digits and equal to
    /// `repeat`. Logged as `pin_changed` (never with the PIN).
    pub fn change_pin(&self, old: &str, new: &str, repeat: &str) -> SetupResult<()> {
        for (field, pin) in [("old", old), ("new", new), ("repeat", repeat)] {
            limits::check(field, pin, limits::PIN).map_err(|e| too_long(e.field))?;
        }
        let (old, new, repeat) = (old.trim(), new.trim(), repeat.trim());
        if !valid_pin(new) {
            return Err(Refusal::PinFormat.into());
        }
        if new != repeat {
            return Err(Refusal::PinMismatch.into());
        }
        // Both hashes are slow on purpose: compute them before taking the writer, and check in
        // the transaction that the PIN did not change meanwhile.
        let stored = self.read(|tx| tx.pin_hash())?;
        if !setup::pin_matches(&stored, old) {
            return Err(Refusal::WrongPin.into());
        }
        let hash = setup::hash_pin(new)?;
        let now = self.now();
        self.setup_write(move |tx| {
            if tx.pin_hash()? != stored {
                return Ok(Err(Refusal::WrongPin));
            }
            tx.set_pin_hash(&hash)?;
            tx.append_log(
                now,
                &LogEntry {
                    kind: "pin_changed",
                    station: Some("setup"),
                    ..Default::default()
                },
            )?;
            Ok(Ok(()))
        })
    }
}

/// Logs a vacancy change with the booth's new vacancy total (what the report counts).
fn log_vacancy(
    tx: &Tx<'_>,
    now: chrono::DateTime<chrono::Utc>,
    kind: &str,
    booth: &BoothRow,
    vacancy_id: i64,
    vacancy: &Vacancy,
) -> FairResult<()> {
    let mut data = booth_facts(tx, booth)?;
    data["vacancy_id"] = json!(vacancy_id);
    data["title"] = json!(vacancy.title);
    data["count"] = json!(vacancy.count);
    tx.append_log(
        now,
        &LogEntry {
            kind,
            station: Some("setup"),
            booth_id: Some(booth.id),
            data: Some(data),
            ..Default::default()
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_organisers_type_them() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(parse_event_date("27/11/2026"), Ok(d));
        assert_eq!(parse_event_date(" 27-11-2026 "), Ok(d));
        assert_eq!(parse_event_date("27.11.2026"), Ok(d));
        assert_eq!(parse_event_date("2026-11-27"), Ok(d));
        assert!(matches!(
            parse_event_date("31/02/2026"),
            Err(Refusal::BadDate { .. })
        ));
        assert!(matches!(
            parse_event_date("ngày mai"),
            Err(Refusal::BadDate { .. })
        ));
        assert_eq!(parse_event_date("27/11/26"), Err(Refusal::DateOutOfRange));
    }

    #[test]
    fn a_pin_is_four_to_eight_digits() {
        assert!(valid_pin("2468"));
        assert!(valid_pin("12345678"));
        assert!(valid_pin("123456789012"));
        assert!(!valid_pin("123"));
        assert!(!valid_pin("1234567890123"));
        assert!(!valid_pin("12a4"));
        assert!(!valid_pin("１２３４"));
    }

    #[test]
    fn every_refusal_has_a_translation() {
        let all = [
            Refusal::EmptyName,
            Refusal::TooLong {
                field: "name".into(),
            },
            Refusal::BadBoothCode { code: "x".into() },
            Refusal::BoothExists { code: "A".into() },
            Refusal::BadDeskCount,
            Refusal::NoSuchBooth { code: "Z".into() },
            Refusal::NoSuchDesk { code: "Z1".into() },
            Refusal::NoSuchVacancy,
            Refusal::DeskServing {
                desk: "A1".into(),
                ticket: "A001".into(),
            },
            Refusal::NotEmployer { code: "T".into() },
            Refusal::EmptyTitle,
            Refusal::BadCount,
            Refusal::BadDate { text: "x".into() },
            Refusal::DateOutOfRange,
            Refusal::PinFormat,
            Refusal::PinMismatch,
            Refusal::WrongPin,
        ];
        for refusal in all {
            assert!(crate::ui::i18n::has(refusal.key()), "{}", refusal.key());
            for lang in [crate::ui::i18n::Lang::Vi, crate::ui::i18n::Lang::En] {
                let args: Vec<(&str, String)> = refusal.args();
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let text = crate::ui::i18n::trf(lang, refusal.key(), &args);
                assert!(!text.contains('{'), "{text}");
            }
        }
    }
}
