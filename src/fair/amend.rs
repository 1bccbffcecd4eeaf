//! Taking back what was just done: a booth correcting a finished outcome, and a kiosk taking
//! back the tickets it issued a moment ago ("choose again") (issue 13, items 12 and 6).
//!
//! Neither rewrites history. Each is a new change appended to the log in the same transaction
//! as the state tables (`outcome_amended`, or `cancelled` with `"undo": true`), so a report
//! rebuilt from the log agrees with one read from the tables. Both are narrow on purpose:
//! a desk corrects only its own last [`AMENDABLE_OUTCOMES`] finished tickets, and a kiosk
//! cancels only tickets still waiting, of the attendee it names, issued within
//! [`KIOSK_UNDO_WINDOW_S`].

use serde_json::json;

use super::{Fair, views};
use crate::api::*;
use crate::domain::code::CodeKind;
use crate::domain::{Outcome, TicketState, limits, text};
use crate::store::LogEntry;

/// The most tickets one "choose again" may name: far above any event's open-ticket limit.
const UNDO_MAX: usize = 20;

impl Fair {
    pub(super) fn amend_outcome_impl(
        &self,
        desk: &str,
        ticket: &str,
        outcome: Outcome,
        note: Option<String>,
    ) -> FairResult<TicketView> {
        let now = self.now();
        let desk = code(CodeKind::Desk, desk)?;
        let number = code(CodeKind::Ticket, ticket)?;
        limits::check_text_opt("note", note.as_deref(), limits::NOTE)?;
        self.write(move |tx| {
            let desk = tx
                .desk_by_code(&desk)?
                .ok_or_else(|| FairError::not_found("desk"))?;
            // Only among this desk's own last finished tickets: another desk's (or booth's)
            // ticket reads as unknown, and an older one cannot be rewritten from a console.
            let mut t = tx
                .recent_done_at_desk(desk.id, AMENDABLE_OUTCOMES)?
                .into_iter()
                .find(|t| t.number == number)
                .ok_or_else(|| match tx.ticket_by_number(&number) {
                    Ok(Some(t)) if t.desk_id == Some(desk.id) && t.state == TicketState::Done => {
                        FairError::invalid(format!(
                            "only the last {AMENDABLE_OUTCOMES} finished outcomes of a desk can be corrected"
                        ))
                    }
                    Ok(Some(t)) if t.desk_id == Some(desk.id) => {
                        FairError::invalid("only a finished outcome can be corrected")
                    }
                    Ok(_) => FairError::not_found("ticket"),
                    Err(err) => err,
                })?;
            let note = note.as_deref().map(text::nfc).filter(|n| !n.is_empty());
            let stored = t.clone();
            let was = t.outcome;
            if was == Some(outcome) && (note.is_none() || note == t.note) {
                // Nothing changes: nothing to log.
                return views::ticket_view(tx, &t);
            }
            t.outcome = Some(outcome);
            if note.is_some() {
                t.note = note;
            }
            tx.update_ticket(&stored, &t)?;
            tx.append_log(
                now,
                &LogEntry {
                    kind: "outcome_amended",
                    attendee_id: Some(t.attendee_id),
                    ticket_id: Some(t.id),
                    booth_id: Some(t.booth_id),
                    desk_id: Some(desk.id),
                    // The note is free text about a person: it stays in the table only, as
                    // with "finished".
                    data: Some(json!({"outcome": outcome, "was": was})),
                    ..Default::default()
                },
            )?;
            tracing::info!(ticket = %t.number, desk = %desk.code, "outcome amended");
            views::ticket_view(tx, &t)
        })
    }

    pub(super) fn undo_tickets_impl(
        &self,
        attendee: &str,
        tickets: &[String],
        station: Option<&str>,
    ) -> FairResult<UndoReply> {
        limits::check_opt("station", station, limits::STATION)?;
        if tickets.len() > UNDO_MAX {
            return Err(FairError::invalid("too many tickets in one request"));
        }
        let numbers = tickets
            .iter()
            .map(|n| code(CodeKind::Ticket, n))
            .collect::<FairResult<Vec<_>>>()?;
        let now = self.now();
        let attendee = attendee.to_string();
        let station = station.map(str::to_string);
        self.write(move |tx| {
            let row = views::attendee_by_code(tx, &attendee)?;
            let (mut cancelled, mut kept) = (Vec::new(), Vec::new());
            for number in numbers {
                let mut t = tx
                    .ticket_by_number(&number)?
                    .filter(|t| t.attendee_id == row.id)
                    .ok_or_else(|| FairError::not_found("ticket"))?;
                let recent = (now - t.issued_at).num_seconds() <= KIOSK_UNDO_WINDOW_S;
                // Called in the meantime (or older than this visit): it stays, and the
                // attendee is told to go to that booth.
                if t.state != TicketState::Waiting || !recent {
                    if !kept.contains(&t.number) && !cancelled.contains(&t.number) {
                        kept.push(t.number);
                    }
                    continue;
                }
                let stored = t.clone();
                t.state = TicketState::Cancelled;
                tx.update_ticket(&stored, &t)?;
                tx.append_log(
                    now,
                    &LogEntry {
                        kind: "cancelled",
                        station: station.as_deref(),
                        attendee_id: Some(t.attendee_id),
                        ticket_id: Some(t.id),
                        booth_id: Some(t.booth_id),
                        data: Some(json!({"undo": true})),
                        ..Default::default()
                    },
                )?;
                tracing::info!(ticket = %t.number, "ticket taken back at the kiosk");
                cancelled.push(t.number);
            }
            let profile = views::profile(tx, &row, now)?;
            Ok(UndoReply {
                cancelled,
                kept,
                profile,
            })
        })
    }
}
