//! Read models: what stations see, built inside one read transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::api::*;
use crate::domain::code::CodeKind;
use crate::domain::routing::{self, Candidate, QueueLoad};
use crate::domain::{BoothKind, TicketState, regcode};
use crate::report::age_on;
use crate::report::facts::PersonFacts;
use crate::store::{AttendeeRow, BoothRow, TicketRow, Tx};

/// How many finished tickets the "recent median service time" looks at.
const RECENT_SERVICES: u32 = 20;
/// How many upcoming ticket numbers a booth shows.
const NEXT_NUMBERS: u32 = 5;
/// How many calls the board lists.
const BOARD_CALLS: u32 = 12;

/// `019******123`: enough for the attendee to recognise their card, too little to copy.
pub fn mask_id(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars.iter().take(3).collect();
    let tail: String = chars.iter().skip(chars.len() - 3).collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 6))
}

/// The attendee with registration code `code` (as sent: normalised here).
pub(crate) fn attendee_by_code(tx: &Tx<'_>, code: &str) -> FairResult<AttendeeRow> {
    let code = crate::api::code(CodeKind::Attendee, code)?;
    tx.attendee_by_code(&code)?
        .ok_or_else(|| FairError::not_found("attendee"))
}

pub(crate) fn brief(event_code: &str, row: &AttendeeRow) -> AttendeeBrief {
    AttendeeBrief {
        code: row.code.clone(),
        qr: regcode::qr_payload(event_code, &row.code),
        name: row.full_name.clone(),
        masked_id: row.id_number.as_deref().map(mask_id),
    }
}

/// What the report counts of `row`. Written into the log with every change of the person, so
/// it is read after the change (the commune typed outside the list included).
pub(crate) fn person_facts(tx: &Tx<'_>, row: &AttendeeRow) -> FairResult<PersonFacts> {
    let commune_outside = row.commune_id.is_none() && tx.commune_other(row.id)?.is_some();
    Ok(PersonFacts {
        source: row.source,
        gender: row.gender,
        birth_date: row.birth_date,
        birth_year: row.birth_year,
        commune_id: row.commune_id,
        commune_outside,
        household: row.household,
        ethnic_minority: row.ethnic_minority,
    })
}

pub(crate) fn profile(
    tx: &Tx<'_>,
    row: &AttendeeRow,
    _now: DateTime<Utc>,
) -> FairResult<AttendeeProfile> {
    let event = tx.event()?;
    let open = open_ticket_views(tx, row.id)?;
    Ok(AttendeeProfile {
        code: row.code.clone(),
        qr: regcode::qr_payload(&event.code, &row.code),
        name: row.full_name.clone(),
        masked_id: row.id_number.as_deref().map(mask_id),
        birth_year: row.birth_year,
        age: age_on(event.date, row.birth_date, row.birth_year),
        gender: row.gender,
        commune: row.commune_name.clone(),
        household: event.show_household_to_booths.then_some(row.household),
        ethnic_minority: row.ethnic_minority,
        education: row.education.clone(),
        interests: row.interests.clone(),
        source: row.source,
        name_needs_confirmation: row.name_needs_confirmation,
        checked_in: tx.has_entry(row.id)?,
        open_tickets: open,
    })
}

pub(crate) fn open_ticket_views(tx: &Tx<'_>, attendee_id: i64) -> FairResult<Vec<TicketView>> {
    tx.open_tickets_of(attendee_id)?
        .iter()
        .map(|t| ticket_view(tx, t))
        .collect()
}

/// The booth's load now: waiting count, open desks, recent median service time.
pub(crate) fn queue_load(tx: &Tx<'_>, booth_id: i64, waiting: u32) -> FairResult<QueueLoad> {
    let open_desks = tx.open_desk_count(booth_id)?;
    let mut services = tx.recent_service_times(booth_id, RECENT_SERVICES)?;
    Ok(QueueLoad {
        waiting,
        open_desks,
        recent_median_service_s: routing::median(&mut services),
    })
}

pub(crate) fn ticket_view(tx: &Tx<'_>, t: &TicketRow) -> FairResult<TicketView> {
    let booth = tx.booth(t.booth_id)?;
    let desk = t.desk_id.map(|id| tx.desk(id)).transpose()?;
    let (position, estimated_wait_s) = if t.state == TicketState::Waiting {
        let position = tx.queue_position(t)?;
        let event = tx.event()?;
        let load = queue_load(tx, booth.id, position)?;
        let wait = routing::estimated_wait_s(position - 1, &load, event.default_service_s);
        (Some(position), Some(wait))
    } else {
        (None, None)
    };
    Ok(TicketView {
        ticket: t.number.clone(),
        booth: booth.code.clone(),
        booth_name: booth.name.clone(),
        location: booth.location.clone(),
        state: t.state,
        desk: desk.map(|d| d.code),
        position,
        estimated_wait_s,
        issued_at: t.issued_at,
        called_at: t.called_at,
        recall_count: t.recall_count,
        outcome: t.outcome,
        note: t.note.clone(),
    })
}

fn booth_status(
    tx: &Tx<'_>,
    booth: &BoothRow,
    counts: &HashMap<i64, (u32, u32)>,
    vacancies: &[(i64, Vacancy)],
    default_service_s: u32,
) -> FairResult<BoothStatus> {
    let (waiting, serving) = counts.get(&booth.id).copied().unwrap_or((0, 0));
    let desks: Vec<DeskInfo> = tx
        .desks()?
        .into_iter()
        .filter(|d| d.booth_id == booth.id)
        .map(|d| {
            let current = tx.desk_current_ticket(d.id)?.map(|t| t.number);
            Ok(DeskInfo {
                code: d.code,
                label: d.label,
                open: d.open,
                current,
            })
        })
        .collect::<FairResult<_>>()?;
    let load = queue_load(tx, booth.id, waiting)?;
    let next_numbers = tx
        .callable_tickets(booth.id, NEXT_NUMBERS)?
        .into_iter()
        .map(|t| t.number)
        .collect();
    Ok(BoothStatus {
        code: booth.code.clone(),
        name: booth.name.clone(),
        kind: booth.kind,
        location: booth.location.clone(),
        sectors: booth.sectors.clone(),
        topic: booth.topic.clone(),
        open: booth.open,
        vacancies: vacancies
            .iter()
            .filter(|(b, _)| *b == booth.id)
            .map(|(_, v)| v.clone())
            .collect(),
        desks,
        waiting,
        serving,
        estimated_wait_s: routing::estimated_wait_s(waiting, &load, default_service_s),
        next_numbers,
    })
}

pub(crate) fn booth_statuses(tx: &Tx<'_>) -> FairResult<Vec<BoothStatus>> {
    let event = tx.event()?;
    let counts: HashMap<i64, (u32, u32)> = tx
        .queue_counts()?
        .into_iter()
        .map(|(id, w, s)| (id, (w, s)))
        .collect();
    let vacancies = tx.vacancies()?;
    tx.booths()?
        .iter()
        .map(|b| booth_status(tx, b, &counts, &vacancies, event.default_service_s))
        .collect()
}

/// What to suggest to `attendee`, from `statuses` (every booth's, read in `tx`).
pub(crate) fn suggestions(
    tx: &Tx<'_>,
    attendee: &str,
    statuses: &[BoothStatus],
) -> FairResult<Suggestions> {
    let row = attendee_by_code(tx, attendee)?;
    let employers: Vec<&BoothStatus> = statuses
        .iter()
        .filter(|b| b.kind == BoothKind::Employer && b.open && b.vacancy_total() > 0)
        .collect();
    let candidates: Vec<Candidate<'_>> = employers
        .iter()
        .map(|b| Candidate {
            code: &b.code,
            sectors: &b.sectors,
            estimated_wait_s: b.estimated_wait_s,
        })
        .collect();
    let ranked = routing::rank_employers(&row.interests, &candidates);
    let employers = ranked
        .iter()
        .filter_map(|code| statuses.iter().find(|b| &b.code == code).cloned())
        .collect();

    // One booth per counselling topic: the one with the shortest estimated wait.
    let mut best: Vec<BoothStatus> = Vec::new();
    for b in statuses
        .iter()
        .filter(|b| b.kind == BoothKind::Counselling && b.open)
    {
        match best.iter_mut().find(|x| x.topic == b.topic) {
            Some(x) if b.estimated_wait_s < x.estimated_wait_s => *x = b.clone(),
            Some(_) => {}
            None => best.push(b.clone()),
        }
    }
    Ok(Suggestions {
        employers,
        counselling: best,
    })
}

pub(crate) fn desk_view(tx: &Tx<'_>, desk_code: &str, now: DateTime<Utc>) -> FairResult<DeskView> {
    let desk = tx
        .desk_by_code(&crate::api::code(CodeKind::Desk, desk_code)?)?
        .ok_or_else(|| FairError::not_found("desk"))?;
    let booth = tx.booth(desk.booth_id)?;
    let event = tx.event()?;
    let counts: HashMap<i64, (u32, u32)> = tx
        .queue_counts()?
        .into_iter()
        .map(|(id, w, s)| (id, (w, s)))
        .collect();
    let status = booth_status(
        tx,
        &booth,
        &counts,
        &tx.vacancies()?,
        event.default_service_s,
    )?;
    let current_row = tx.desk_current_ticket(desk.id)?;
    let (current, candidate, waited_s) = match &current_row {
        Some(t) => {
            let attendee = tx
                .attendee(t.attendee_id)?
                .ok_or_else(|| FairError::not_found("attendee"))?;
            let waited = t
                .first_called_at
                .map(|c| u32::try_from((c - t.issued_at).num_seconds().max(0)).unwrap_or(0));
            (
                Some(ticket_view(tx, t)?),
                Some(profile(tx, &attendee, now)?),
                waited,
            )
        }
        None => (None, None, None),
    };
    let no_show_in_s = current
        .as_ref()
        .filter(|t| t.state == TicketState::Called)
        .and_then(|t| t.called_at)
        .map_or(0, |called| {
            let since = (now - called).num_seconds().max(0);
            u32::try_from((i64::from(event.noshow_grace_s) - since).max(0)).unwrap_or(0)
        });
    let recent = tx
        .recent_done_at_desk(desk.id, crate::api::AMENDABLE_OUTCOMES)?
        .iter()
        .map(|t| ticket_view(tx, t))
        .collect::<FairResult<Vec<_>>>()?;
    Ok(DeskView {
        desk: DeskInfo {
            current: current_row.map(|t| t.number),
            code: desk.code,
            label: desk.label,
            open: desk.open,
        },
        booth: status,
        current,
        candidate,
        waited_s,
        no_show_in_s,
        recent,
    })
}

pub(crate) fn board(tx: &Tx<'_>) -> FairResult<Board> {
    let event = tx.event()?;
    let booths: HashMap<i64, BoothRow> = tx.booths()?.into_iter().map(|b| (b.id, b)).collect();
    let desks: HashMap<i64, crate::store::DeskRow> =
        tx.desks()?.into_iter().map(|d| (d.id, d)).collect();
    let calls = tx
        .open_calls(BOARD_CALLS)?
        .into_iter()
        .filter_map(|t| {
            let desk = desks.get(&t.desk_id?)?;
            Some(BoardCall {
                ticket: t.number,
                desk: desk.code.clone(),
                desk_label: desk.label.clone(),
                location: booths
                    .get(&t.booth_id)
                    .map(|b| b.location.clone())
                    .unwrap_or_default(),
                called_at: t.called_at?,
                recall_count: t.recall_count,
            })
        })
        .collect();
    let counts: HashMap<i64, u32> = tx
        .queue_counts()?
        .into_iter()
        .map(|(id, w, _)| (id, w))
        .collect();
    let mut queues: Vec<BoardQueue> = booths
        .values()
        .map(|b| BoardQueue {
            booth: b.code.clone(),
            name: b.name.clone(),
            location: b.location.clone(),
            waiting: counts.get(&b.id).copied().unwrap_or(0),
        })
        .collect();
    queues.sort_by(|a, b| a.booth.cmp(&b.booth));
    Ok(Board {
        event_name: event.name,
        calls,
        queues,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_masked_in_the_middle() {
        assert_eq!(mask_id("019095001234"), "019******234");
        assert_eq!(mask_id("12"), "**");
    }
}
