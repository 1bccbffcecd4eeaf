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
    /// No listed commune, but one typed in as outside the fair's list (help desk "Ngoài danh
    /// sách", or a card's commune the list does not have): not the same as unknown.
    pub commune_outside: bool,
    pub household: Household,
    pub ethnic_minority: YesNo,
}

/// Where a person stands in the report's table by commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommuneRow {
    Listed(i64),
    /// From a commune outside the fair's list.
    Outside,
    Unknown,
}

impl PersonFacts {
    pub fn commune_row(&self) -> CommuneRow {
        match (self.commune_id, self.commune_outside) {
            (Some(id), _) => CommuneRow::Listed(id),
            (None, true) => CommuneRow::Outside,
            (None, false) => CommuneRow::Unknown,
        }
    }
}

/// The table by commune: each listed commune in the list's order, then `outside` and
/// `unknown` (keys the exports and screens translate), with `people(row)` in each.
pub fn commune_counts(
    communes: &[CommuneInfo],
    people: impl Fn(CommuneRow) -> u32,
) -> Vec<super::Count> {
    let mut rows: Vec<super::Count> = communes
        .iter()
        .map(|c| super::Count {
            key: c.id.to_string(),
            label: c.name.clone(),
            people: people(CommuneRow::Listed(c.id)),
        })
        .collect();
    for (key, row) in [
        ("outside", CommuneRow::Outside),
        ("unknown", CommuneRow::Unknown),
    ] {
        rows.push(super::Count {
            key: key.into(),
            label: key.into(),
            people: people(row),
        });
    }
    rows
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
    let mut data = serde_json::json!({
        "source": p.source,
        "gender": p.gender,
        "birth_date": p.birth_date,
        "birth_year": p.birth_year,
        "commune_id": p.commune_id,
        "household": p.household,
        "ethnic_minority": p.ethnic_minority,
    });
    // Only when set: the rows of everyone else stay as they were, and an older file's rows
    // read as "not outside".
    if p.commune_outside
        && let Some(map) = data.as_object_mut()
    {
        map.insert("commune_outside".into(), Value::Bool(true));
    }
    data
}

fn person_from_log(data: &Value) -> PersonFacts {
    PersonFacts {
        source: field(data, "source").unwrap_or(Source::PreRegistered),
        gender: field(data, "gender"),
        birth_date: field(data, "birth_date"),
        birth_year: field(data, "birth_year"),
        commune_id: field(data, "commune_id"),
        commune_outside: field(data, "commune_outside").unwrap_or(false),
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
    /// Ticket id → index in `facts.tickets`, only once the tickets are not in id order.
    /// Tickets load ordered by id and new ones get higher ids, so a binary search finds one
    /// without a map (about 9 MB for 300,000 tickets).
    unordered: Option<HashMap<i64, usize>>,
}

impl Replay {
    /// Starts from `facts` (empty, or loaded from the state tables).
    pub fn new(facts: Facts) -> Self {
        let ordered = facts.tickets.windows(2).all(|w| w[0].id < w[1].id);
        let unordered = (!ordered).then(|| ticket_map(&facts.tickets));
        Self { facts, unordered }
    }

    /// Where ticket `id` is in `facts.tickets`.
    fn ticket_index(&self, id: i64) -> Option<usize> {
        match &self.unordered {
            Some(map) => map.get(&id).copied(),
            None => self.facts.tickets.binary_search_by_key(&id, |t| t.id).ok(),
        }
    }

    /// Appends a new ticket, keeping [`Replay::ticket_index`] able to find every one.
    fn push_ticket(&mut self, ticket: TicketFact) -> usize {
        let index = self.facts.tickets.len();
        let in_order = self.facts.tickets.last().is_none_or(|t| t.id < ticket.id);
        match &mut self.unordered {
            Some(map) => {
                map.insert(ticket.id, index);
            }
            None if !in_order => {
                let mut map = ticket_map(&self.facts.tickets);
                map.insert(ticket.id, index);
                self.unordered = Some(map);
            }
            None => {}
        }
        self.facts.tickets.push(ticket);
        index
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
                if let Some(index) = self.ticket_index(id)
                    && let Some(slot) = self.facts.tickets.get_mut(index)
                {
                    let old = std::mem::replace(slot, ticket);
                    return Applied::Ticket {
                        index,
                        old: Some(old),
                    };
                }
                Applied::Ticket {
                    index: self.push_ticket(ticket),
                    old: None,
                }
            }
            "personal_data_purged" => Applied::LogRewritten,
            kind => {
                let Some((index, ticket)) = row.ticket_id.and_then(|id| {
                    let index = self.ticket_index(id)?;
                    Some((index, self.facts.tickets.get_mut(index)?))
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

fn ticket_map(tickets: &[TicketFact]) -> HashMap<i64, usize> {
    tickets.iter().enumerate().map(|(i, t)| (t.id, i)).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> EventInfo {
        serde_json::from_value(serde_json::json!({
            "code": "T", "name": "t", "venue": "v", "date": "2026-11-27", "utc_offset_min": 420,
            "opens": "07:30", "closes": "11:30", "max_open_tickets": 3, "idle_timeout_s": 30,
            "default_service_s": 300, "show_household_to_booths": false, "communes": [],
        }))
        .unwrap()
    }

    fn row(id: i64, kind: &str, ticket: i64) -> LogRow {
        LogRow {
            id,
            at: from_ms(1_000 * id),
            kind: kind.into(),
            station: None,
            attendee_id: Some(1),
            ticket_id: Some(ticket),
            booth_id: Some(9),
            desk_id: None,
            data: serde_json::json!({}),
        }
    }

    #[test]
    fn tickets_out_of_id_order_are_still_found() {
        let mut replay = Replay::new(Facts::empty(event()));
        for (seq, kind, ticket) in [
            (1, "ticket_issued", 5),
            (2, "ticket_issued", 3),
            (3, "ticket_issued", 8),
            (4, "called", 5),
            (5, "called", 3),
            (6, "cancelled", 8),
        ] {
            let applied = replay.apply(&row(seq, kind, ticket));
            assert!(matches!(applied, Applied::Ticket { .. }), "{kind} {ticket}");
        }
        let states: Vec<(i64, TicketState)> = replay
            .facts()
            .tickets
            .iter()
            .map(|t| (t.id, t.state))
            .collect();
        assert_eq!(
            states,
            [
                (5, TicketState::Called),
                (3, TicketState::Called),
                (8, TicketState::Cancelled)
            ]
        );
        // A row about a ticket never issued changes nothing.
        assert_eq!(replay.apply(&row(7, "called", 4)), Applied::Nothing);
    }
}
