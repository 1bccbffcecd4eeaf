//! The facts a headcount report is computed from, and how to rebuild them from the log alone.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use crate::domain::event::{CommuneInfo, EventInfo};
use crate::domain::log::{LogRow, from_ms};
use crate::domain::{BoothKind, Direction, Gender, Household, Outcome, Source, TicketState, YesNo};

/// What the report counts of one person (no names, no ID numbers).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonFacts {
    pub source: Source,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub birth_year: Option<i32>,
    pub commune_id: Option<i64>,
    pub household: Household,
    pub ethnic_minority: YesNo,
}

/// One entry or exit.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckinFact {
    pub attendee_id: i64,
    pub at: DateTime<Utc>,
    pub direction: Direction,
}

/// One booth.
#[derive(Debug, Clone, PartialEq)]
pub struct BoothFact {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: BoothKind,
    pub vacancies: u32,
}

/// One ticket's life.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketFact {
    pub id: i64,
    pub booth_id: i64,
    pub attendee_id: i64,
    pub state: TicketState,
    pub issued_at: DateTime<Utc>,
    pub first_called_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub outcome: Option<Outcome>,
}

/// Everything a report needs, from the state tables or rebuilt from the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub event: EventInfo,
    pub communes: Vec<CommuneInfo>,
    pub people: HashMap<i64, PersonFacts>,
    pub checkins: Vec<CheckinFact>,
    pub booths: Vec<BoothFact>,
    pub tickets: Vec<TicketFact>,
}

fn field<T: serde::de::DeserializeOwned>(data: &Value, name: &str) -> Option<T> {
    data.get(name)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

fn time_field(data: &Value, name: &str) -> Option<DateTime<Utc>> {
    data.get(name).and_then(Value::as_i64).map(from_ms)
}

/// The JSON a log row carries for a person: shared by the engine (writing) and the rebuild
/// (reading), so the two cannot drift apart.
pub fn person_log_data(p: &PersonFacts) -> Value {
    serde_json::json!({
        "source": p.source,
        "gender": p.gender,
        "birth_date": p.birth_date,
        "birth_year": p.birth_year,
        "commune_id": p.commune_id,
        "household": p.household,
        "ethnic_minority": p.ethnic_minority,
    })
}

fn person_from_log(data: &Value) -> PersonFacts {
    PersonFacts {
        source: field(data, "source").unwrap_or(Source::PreRegistered),
        gender: field(data, "gender"),
        birth_date: field(data, "birth_date"),
        birth_year: field(data, "birth_year"),
        commune_id: field(data, "commune_id"),
        household: field(data, "household").unwrap_or(Household::Unknown),
        ethnic_minority: field(data, "ethnic_minority").unwrap_or(YesNo::Unknown),
    }
}

/// What one log row changed in the [`Facts`], for whoever keeps figures derived from them
/// ([`super::live::LiveReport`]): enough to take the old contribution out and put the new one in.
#[derive(Debug, Clone, PartialEq)]
pub enum Applied {
    /// The row changes nothing a report counts (a rejected scan, a desk opened, a PIN change).
    Nothing,
    /// A person was registered or their facts changed; `old` is what they were before.
    Person {
        attendee_id: i64,
        old: Option<PersonFacts>,
    },
    /// A check-in was appended at `facts.checkins[index]`.
    Checkin { index: usize },
    /// A booth was added (`added`) or its name or vacancies changed.
    Booth { booth_id: i64, added: bool },
    /// The ticket at `facts.tickets[index]` was issued (`old` is `None`) or changed.
    Ticket {
        index: usize,
        old: Option<TicketFact>,
    },
    /// The log was rewritten under us (`fairdesk purge`): facts kept in memory must be
    /// reloaded rather than advanced.
    LogRewritten,
}

/// Facts being advanced row by row through the log: [`Facts::from_log`] replays a whole log
/// with it, and the live report ([`super::live`]) advances facts loaded from the state tables
/// with the rows appended since. Both go through [`Replay::apply`], the one place that knows
/// what each log kind means, so the two cannot drift apart.
#[derive(Debug, Clone)]
pub struct Replay {
    facts: Facts,
    /// Ticket id → index in `facts.tickets`.
    tickets: HashMap<i64, usize>,
}

impl Replay {
    /// Starts from `facts` (empty, or loaded from the state tables).
    pub fn new(facts: Facts) -> Self {
        let tickets = facts
            .tickets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id, i))
            .collect();
        Self { facts, tickets }
    }

    /// The facts as advanced so far.
    pub fn facts(&self) -> &Facts {
        &self.facts
    }

    /// The facts, giving up the index.
    pub fn into_facts(self) -> Facts {
        self.facts
    }

    /// Applies one log row and says what it changed. Every log kind is handled here and only
    /// here; an unknown kind changes nothing (a newer program's rows stay readable).
    pub fn apply(&mut self, row: &LogRow) -> Applied {
        let facts = &mut self.facts;
        let data = &row.data;
        match row.kind.as_str() {
            "booth_added" => {
                let Some(id) = row.booth_id else {
                    return Applied::Nothing;
                };
                facts.booths.push(BoothFact {
                    id,
                    code: field(data, "code").unwrap_or_default(),
                    name: field(data, "name").unwrap_or_default(),
                    kind: field(data, "kind").unwrap_or(BoothKind::Service),
                    vacancies: field(data, "vacancies").unwrap_or(0),
                });
                Applied::Booth {
                    booth_id: id,
                    added: true,
                }
            }
            // Setup changes (fair::organiser) carry the booth's name and vacancy total
            // as they are after the change.
            "booth_updated" | "vacancy_added" | "vacancy_updated" | "vacancy_removed" => {
                let Some(booth) = row
                    .booth_id
                    .and_then(|id| facts.booths.iter_mut().find(|b| b.id == id))
                else {
                    return Applied::Nothing;
                };
                if let Some(name) = field(data, "name") {
                    booth.name = name;
                }
                if let Some(vacancies) = field(data, "vacancies") {
                    booth.vacancies = vacancies;
                }
                Applied::Booth {
                    booth_id: booth.id,
                    added: false,
                }
            }
            "attendee_registered" | "attendee_updated" => {
                let Some(id) = row.attendee_id else {
                    return Applied::Nothing;
                };
                let old = facts.people.insert(id, person_from_log(data));
                Applied::Person {
                    attendee_id: id,
                    old,
                }
            }
            "checkin" => {
                let Some(attendee_id) = row.attendee_id else {
                    return Applied::Nothing;
                };
                facts.checkins.push(CheckinFact {
                    attendee_id,
                    at: row.at,
                    direction: field(data, "direction").unwrap_or(Direction::In),
                });
                Applied::Checkin {
                    index: facts.checkins.len() - 1,
                }
            }
            "ticket_issued" => {
                let (Some(id), Some(booth_id), Some(attendee_id)) =
                    (row.ticket_id, row.booth_id, row.attendee_id)
                else {
                    return Applied::Nothing;
                };
                let ticket = TicketFact {
                    id,
                    booth_id,
                    attendee_id,
                    state: TicketState::Waiting,
                    issued_at: time_field(data, "issued_at").unwrap_or(row.at),
                    first_called_at: None,
                    started_at: None,
                    finished_at: None,
                    outcome: None,
                };
                // A ticket id is issued once; should a row repeat one, it replaces the ticket
                // rather than counting it twice.
                if let Some(&index) = self.tickets.get(&id)
                    && let Some(slot) = facts.tickets.get_mut(index)
                {
                    let old = std::mem::replace(slot, ticket);
                    return Applied::Ticket {
                        index,
                        old: Some(old),
                    };
                }
                self.tickets.insert(id, facts.tickets.len());
                facts.tickets.push(ticket);
                Applied::Ticket {
                    index: facts.tickets.len() - 1,
                    old: None,
                }
            }
            "personal_data_purged" => Applied::LogRewritten,
            kind => {
                let Some((index, ticket)) = row.ticket_id.and_then(|id| {
                    let index = *self.tickets.get(&id)?;
                    Some((index, facts.tickets.get_mut(index)?))
                }) else {
                    return Applied::Nothing;
                };
                let old = ticket.clone();
                match kind {
                    "called" => {
                        ticket.state = TicketState::Called;
                        ticket.first_called_at.get_or_insert(row.at);
                    }
                    "started" => {
                        ticket.state = TicketState::Serving;
                        ticket.started_at = Some(row.at);
                    }
                    "finished" => {
                        ticket.state = TicketState::Done;
                        ticket.finished_at = Some(row.at);
                        ticket.outcome = field(data, "outcome");
                    }
                    // A booth's correction of a finished outcome (issue 13, item 12).
                    "outcome_amended" => ticket.outcome = field(data, "outcome"),
                    "no_show" => ticket.state = TicketState::NoShow,
                    "reinstated" => ticket.state = TicketState::Waiting,
                    "cancelled" => ticket.state = TicketState::Cancelled,
                    "transferred" => {
                        ticket.state = TicketState::Transferred;
                        ticket.finished_at = Some(row.at);
                    }
                    _ => return Applied::Nothing,
                }
                if *ticket == old {
                    return Applied::Nothing;
                }
                Applied::Ticket {
                    index,
                    old: Some(old),
                }
            }
        }
    }
}

impl Facts {
    /// No people, check-ins, booths or tickets yet: the start of a replay.
    pub fn empty(event: EventInfo) -> Self {
        Facts {
            communes: event.communes.clone(),
            event,
            people: HashMap::new(),
            checkins: Vec::new(),
            booths: Vec::new(),
            tickets: Vec::new(),
        }
    }

    /// Rebuilds the facts by replaying the log from the first row. `event` supplies the event
    /// header (name, date, offset), which the log records only at creation.
    pub fn from_log(event: EventInfo, log: &[LogRow]) -> Self {
        let mut replay = Replay::new(Facts::empty(event));
        for row in log {
            replay.apply(row);
        }
        replay.into_facts()
    }
}
