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

impl Facts {
    /// Rebuilds the facts by replaying the log from the first row. `event` supplies the event
    /// header (name, date, offset), which the log records only at creation.
    pub fn from_log(event: EventInfo, log: &[LogRow]) -> Self {
        let mut facts = Facts {
            communes: event.communes.clone(),
            event,
            people: HashMap::new(),
            checkins: Vec::new(),
            booths: Vec::new(),
            tickets: Vec::new(),
        };
        let mut ticket_index: HashMap<i64, usize> = HashMap::new();
        for row in log {
            let data = &row.data;
            match row.kind.as_str() {
                "booth_added" => {
                    if let Some(id) = row.booth_id {
                        facts.booths.push(BoothFact {
                            id,
                            code: field(data, "code").unwrap_or_default(),
                            name: field(data, "name").unwrap_or_default(),
                            kind: field(data, "kind").unwrap_or(BoothKind::Service),
                            vacancies: field(data, "vacancies").unwrap_or(0),
                        });
                    }
                }
                // Setup changes (fair::organiser) carry the booth's name and vacancy total
                // as they are after the change.
                "booth_updated" | "vacancy_added" | "vacancy_updated" | "vacancy_removed" => {
                    if let Some(booth) = row
                        .booth_id
                        .and_then(|id| facts.booths.iter_mut().find(|b| b.id == id))
                    {
                        if let Some(name) = field(data, "name") {
                            booth.name = name;
                        }
                        if let Some(vacancies) = field(data, "vacancies") {
                            booth.vacancies = vacancies;
                        }
                    }
                }
                "attendee_registered" | "attendee_updated" => {
                    if let Some(id) = row.attendee_id {
                        facts.people.insert(id, person_from_log(data));
                    }
                }
                "checkin" => {
                    if let Some(attendee_id) = row.attendee_id {
                        facts.checkins.push(CheckinFact {
                            attendee_id,
                            at: row.at,
                            direction: field(data, "direction").unwrap_or(Direction::In),
                        });
                    }
                }
                "ticket_issued" => {
                    if let (Some(id), Some(booth_id), Some(attendee_id)) =
                        (row.ticket_id, row.booth_id, row.attendee_id)
                    {
                        ticket_index.insert(id, facts.tickets.len());
                        facts.tickets.push(TicketFact {
                            id,
                            booth_id,
                            attendee_id,
                            state: TicketState::Waiting,
                            issued_at: time_field(data, "issued_at").unwrap_or(row.at),
                            first_called_at: None,
                            started_at: None,
                            finished_at: None,
                            outcome: None,
                        });
                    }
                }
                kind => {
                    let Some(ticket) = row
                        .ticket_id
                        .and_then(|id| ticket_index.get(&id))
                        .and_then(|&i| facts.tickets.get_mut(i))
                    else {
                        continue;
                    };
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
                        _ => {}
                    }
                }
            }
        }
        facts
    }
}
