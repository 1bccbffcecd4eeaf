//! What the programme report reads of each fair, from a fair's own file or from the central
//! database: the facts the fair's headcount report is computed from, plus who each attendee
//! is (to count a person once across fairs) and what they look for.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use postgres::Client;
use postgres::fallible_iterator::FallibleIterator;

use super::sync::open_fair;
use super::{CentralError, schema};
use crate::domain::event::{CommuneInfo, EventInfo};
use crate::domain::log::from_ms;
use crate::domain::{
    BoothKind, Direction, EventKind, Gender, Household, Outcome, Source, TicketState, YesNo,
};
use crate::report::facts::{BoothFact, CheckinFact, Facts, PersonFacts, TicketFact};
use crate::report::followup::FollowupResult;
use crate::store::{FollowupRow, Identity};

/// One fair as the programme report sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct FairInput {
    pub facts: Facts,
    /// Attendee id → identity.
    pub identities: HashMap<i64, Identity>,
    /// The follow-ups staff recorded after the fair.
    pub followups: Vec<FollowupRow>,
}

/// Dates of fairs to include, both ends inclusive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// Whether a fair held on `date` is in the range.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| date >= f) && self.to.is_none_or(|t| date <= t)
    }
}

/// Reads one fair's file.
pub fn from_file(path: &Path) -> Result<FairInput, CentralError> {
    let mut store = open_fair(path)?;
    let (facts, identities, followups) =
        store.read(|tx| Ok((tx.report_facts()?, tx.identities()?, tx.followups()?)))?;
    Ok(FairInput {
        facts,
        identities: identities.into_iter().collect(),
        followups,
    })
}

/// Reads every fair held in `range` from the central database, in one snapshot.
///
/// It reads what the programme report uses, so 200,000 visits arrive in a second or two:
/// check-in entries (not exits), and finished tickets without their call and service times.
/// A fair's [`crate::report::Report`] computed from these has the programme's figures exactly
/// (people, the totals, outcomes by booth), not its queue times or arrival curve. Rows are
/// decoded as they stream in, while the server is still sending the rest.
pub fn from_central(client: &mut Client, range: DateRange) -> Result<Vec<FairInput>, CentralError> {
    schema::check(client)?;
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .start()?;
    let mut fairs: Vec<(i64, FairInput)> = Vec::new();
    for r in tx.query(
        "SELECT id, code, name, venue, date, kind, place, organiser, utc_offset_min
         FROM fair
         WHERE ($1::date IS NULL OR date >= $1) AND ($2::date IS NULL OR date <= $2)
         ORDER BY date, code",
        &[&range.from, &range.to],
    )? {
        let kind: String = r.get(5);
        let event = EventInfo {
            code: r.get(1),
            name: r.get(2),
            venue: r.get(3),
            date: r.get(4),
            kind: EventKind::parse(&kind).unwrap_or_default(),
            place: r.get(6),
            organiser: r.get(7),
            utc_offset_min: r.get(8),
            // Station settings do not matter to a report.
            opens: String::new(),
            closes: String::new(),
            max_open_tickets: 0,
            noshow_grace_s: 0,
            idle_timeout_s: 0,
            default_service_s: 0,
            show_household_to_booths: false,
            communes: Vec::new(),
        };
        fairs.push((
            r.get(0),
            FairInput {
                facts: Facts {
                    communes: Vec::new(),
                    event,
                    people: HashMap::new(),
                    checkins: Vec::new(),
                    booths: Vec::new(),
                    tickets: Vec::new(),
                },
                identities: HashMap::new(),
                followups: Vec::new(),
            },
        ));
    }
    let ids: Vec<i64> = fairs.iter().map(|(id, _)| *id).collect();
    let index: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let get = |fair_id: i64| index.get(&fair_id).copied();

    for r in tx.query(
        "SELECT fair_id, id, name FROM commune WHERE fair_id = ANY($1) ORDER BY fair_id, id",
        &[&ids],
    )? {
        if let Some(i) = get(r.get(0)) {
            let facts = &mut fairs[i].1.facts;
            let commune = CommuneInfo {
                id: r.get(1),
                name: r.get(2),
            };
            facts.event.communes.push(commune.clone());
            facts.communes.push(commune);
        }
    }
    let mut rows = tx.query_raw(
        "SELECT fair_id, id, source, gender, birth_date, birth_year, commune_id, household,
                ethnic_minority, id_number, phone, education, interests, commune_outside
         FROM attendee WHERE fair_id = ANY($1)",
        [&ids],
    )?;
    while let Some(r) = rows.next()? {
        let Some(i) = get(r.get(0)) else { continue };
        // Borrowed from the row: only parsed, never kept.
        let source: &str = r.get(2);
        let gender: Option<&str> = r.get(3);
        let household: &str = r.get(7);
        let ethnic: &str = r.get(8);
        let interests: &str = r.get(12);
        let id: i64 = r.get(1);
        let input = &mut fairs[i].1;
        input.facts.people.insert(
            id,
            PersonFacts {
                source: Source::parse(source).unwrap_or(Source::PreRegistered),
                gender: gender.and_then(Gender::parse),
                birth_date: r.get(4),
                birth_year: r.get(5),
                commune_id: r.get(6),
                commune_outside: r.get(13),
                household: Household::parse(household).unwrap_or(Household::Unknown),
                ethnic_minority: YesNo::parse(ethnic).unwrap_or(YesNo::Unknown),
            },
        );
        input.identities.insert(
            id,
            Identity {
                id_number: r.get(9),
                phone: r.get(10),
                education: r.get(11),
                interests: interests
                    .split(';')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect(),
            },
        );
    }
    drop(rows);
    let mut rows = tx.query_raw(
        "SELECT fair_id, attendee_id, at FROM checkin
         WHERE fair_id = ANY($1) AND direction = 'in'",
        [&ids],
    )?;
    while let Some(r) = rows.next()? {
        let Some(i) = get(r.get(0)) else { continue };
        fairs[i].1.facts.checkins.push(CheckinFact {
            attendee_id: r.get(1),
            at: from_ms(r.get(2)),
            direction: Direction::In,
        });
    }
    drop(rows);
    for r in tx.query(
        "SELECT b.fair_id, b.id, b.code, b.name, b.kind,
                (SELECT COALESCE(SUM(v.count), 0)::BIGINT FROM vacancy v
                  WHERE v.fair_id = b.fair_id AND v.booth_id = b.id)
         FROM booth b WHERE b.fair_id = ANY($1) ORDER BY b.fair_id, b.code",
        &[&ids],
    )? {
        let Some(i) = get(r.get(0)) else { continue };
        let kind: String = r.get(4);
        let vacancies: i64 = r.get(5);
        fairs[i].1.facts.booths.push(BoothFact {
            id: r.get(1),
            code: r.get(2),
            name: r.get(3),
            kind: BoothKind::parse(&kind).unwrap_or(BoothKind::Service),
            vacancies: u32::try_from(vacancies).unwrap_or(0),
        });
    }
    let mut rows = tx.query_raw(
        "SELECT fair_id, id, booth_id, attendee_id, issued_at, outcome
         FROM ticket WHERE fair_id = ANY($1) AND state = 'done'",
        [&ids],
    )?;
    while let Some(r) = rows.next()? {
        let Some(i) = get(r.get(0)) else { continue };
        let outcome: Option<&str> = r.get(5);
        fairs[i].1.facts.tickets.push(TicketFact {
            id: r.get(1),
            booth_id: r.get(2),
            attendee_id: r.get(3),
            state: TicketState::Done,
            issued_at: from_ms(r.get(4)),
            first_called_at: None,
            started_at: None,
            finished_at: None,
            outcome: outcome.and_then(Outcome::parse),
        });
    }
    drop(rows);
    for r in tx.query(
        "SELECT fair_id, attendee_id, result, employer, contacted_on FROM followup
         WHERE fair_id = ANY($1) ORDER BY fair_id, attendee_id",
        &[&ids],
    )? {
        let Some(i) = get(r.get(0)) else { continue };
        let result: String = r.get(2);
        let Some(result) = FollowupResult::parse(&result) else {
            continue;
        };
        fairs[i].1.followups.push(FollowupRow {
            attendee_id: r.get(1),
            result,
            employer: r.get(3),
            contacted_on: r.get(4),
        });
    }
    tx.commit()?;
    Ok(fairs.into_iter().map(|(_, input)| input).collect())
}
