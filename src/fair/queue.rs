//! Queue operations: issue, call next, and the staff actions on a ticket.

use std::future::Future;

use chrono::{DateTime, Utc};
use serde_json::json;

use super::{Fair, views};
use crate::api::*;
use crate::domain::code::CodeKind;
use crate::domain::queue::next_state;
use crate::domain::routing;
use crate::domain::{TicketState, limits, text};
use crate::store::{BoothRow, LogEntry, TicketRow, Tx};

fn log_ticket(
    tx: &Tx<'_>,
    at: DateTime<Utc>,
    kind: &str,
    t: &TicketRow,
    data: Option<serde_json::Value>,
) -> FairResult<()> {
    tx.append_log(
        at,
        &LogEntry {
            kind,
            attendee_id: Some(t.attendee_id),
            ticket_id: Some(t.id),
            booth_id: Some(t.booth_id),
            desk_id: t.desk_id,
            data,
            ..Default::default()
        },
    )?;
    Ok(())
}

fn open_booth(tx: &Tx<'_>, booth: &str) -> FairResult<BoothRow> {
    let booth = tx
        .booth_by_code(&code(CodeKind::Booth, booth)?)?
        .ok_or_else(|| FairError::not_found("booth"))?;
    if !booth.open {
        return Err(FairError::BoothClosed { booth: booth.code });
    }
    Ok(booth)
}

/// The checks before an attendee may hold one more open ticket at `booth`.
fn may_queue(tx: &Tx<'_>, attendee_id: i64, booth: &BoothRow, max: u32) -> FairResult<()> {
    let open = tx.open_tickets_of(attendee_id)?;
    if let Some(t) = open.iter().find(|t| t.booth_id == booth.id) {
        return Err(FairError::AlreadyQueued {
            booth: booth.code.clone(),
            ticket: t.number.clone(),
        });
    }
    if open.len() >= usize::try_from(max).unwrap_or(usize::MAX) {
        return Err(FairError::TooManyOpenTickets { max });
    }
    Ok(())
}

fn issued_log_data(t: &TicketRow, transferred_from: Option<i64>) -> serde_json::Value {
    json!({
        "number": t.number,
        "issued_at": crate::store::to_ms(t.issued_at),
        "transferred_from": transferred_from,
    })
}

impl Fair {
    pub(super) fn issue_ticket_impl(
        &self,
        attendee: &str,
        booth: &str,
        station: Option<&str>,
    ) -> FairResult<TicketIssued> {
        self.write(self.issue_ticket_job(attendee, booth, station)?)
    }

    /// [`FairApi::issue_ticket`] for an async caller (the hub).
    pub fn issue_ticket_async(
        &self,
        attendee: &str,
        booth: &str,
        station: Option<&str>,
    ) -> impl Future<Output = FairResult<TicketIssued>> + Send + 'static + use<> {
        self.write_async(self.issue_ticket_job(attendee, booth, station))
    }

    fn issue_ticket_job(
        &self,
        attendee: &str,
        booth: &str,
        station: Option<&str>,
    ) -> FairResult<impl FnOnce(&Tx<'_>) -> FairResult<TicketIssued> + Send + 'static + use<>> {
        limits::check_opt("station", station, limits::STATION)?;
        let now = self.now();
        let (attendee, booth) = (attendee.to_string(), booth.to_string());
        let station = station.map(str::to_string);
        Ok(move |tx: &Tx<'_>| {
            let station = station.as_deref();
            let event = tx.event()?;
            let row = views::attendee_by_code(tx, &attendee)?;
            let booth = open_booth(tx, &booth)?;
            if !tx.has_entry(row.id)? {
                return Err(FairError::NotCheckedIn);
            }
            may_queue(tx, row.id, &booth, event.max_open_tickets)?;
            let t = tx.insert_ticket(&booth, row.id, now, now, None)?;
            tx.append_log(
                now,
                &LogEntry {
                    kind: "ticket_issued",
                    station,
                    attendee_id: Some(row.id),
                    ticket_id: Some(t.id),
                    booth_id: Some(booth.id),
                    data: Some(issued_log_data(&t, None)),
                    ..Default::default()
                },
            )?;
            let view = views::ticket_view(tx, &t)?;
            let position = view.position.unwrap_or(1);
            tracing::info!(ticket = %t.number, position, "ticket issued");
            Ok(TicketIssued {
                ticket: t.number,
                booth: booth.code,
                position,
                estimated_wait_min: routing::wait_minutes(view.estimated_wait_s.unwrap_or(0)),
                view,
            })
        })
    }

    pub(super) fn call_next_impl(&self, desk: &str) -> FairResult<Option<TicketView>> {
        self.write(self.call_next_job(desk)?)
    }

    /// [`FairApi::call_next`] for an async caller (the hub).
    pub fn call_next_async(
        &self,
        desk: &str,
    ) -> impl Future<Output = FairResult<Option<TicketView>>> + Send + 'static + use<> {
        self.write_async(self.call_next_job(desk))
    }

    fn call_next_job(
        &self,
        desk: &str,
    ) -> FairResult<impl FnOnce(&Tx<'_>) -> FairResult<Option<TicketView>> + Send + 'static + use<>>
    {
        let now = self.now();
        let desk = code(CodeKind::Desk, desk)?;
        Ok(move |tx: &Tx<'_>| {
            let desk = tx
                .desk_by_code(&desk)?
                .ok_or_else(|| FairError::not_found("desk"))?;
            if !desk.open {
                return Err(FairError::DeskPaused { desk: desk.code });
            }
            if let Some(current) = tx.desk_current_ticket(desk.id)? {
                return Err(FairError::DeskBusy {
                    desk: desk.code,
                    ticket: current.number,
                });
            }
            let Some(stored) = tx.callable_tickets(desk.booth_id, 1)?.into_iter().next() else {
                return Ok(None);
            };
            let mut t = stored.clone();
            t.state = TicketState::Called;
            t.desk_id = Some(desk.id);
            t.called_at = Some(now);
            t.first_called_at.get_or_insert(now);
            tx.update_ticket(&stored, &t)?;
            log_ticket(tx, now, "called", &t, Some(json!({"desk": desk.code})))?;
            tracing::info!(ticket = %t.number, desk = %desk.code, "called");
            views::ticket_view(tx, &t).map(Some)
        })
    }

    pub(super) fn act_impl(&self, target: Target, action: StaffAction) -> FairResult<TicketView> {
        self.write(self.act_job(target, action)?)
    }

    /// [`FairApi::act`] for an async caller (the hub).
    pub fn act_async(
        &self,
        target: Target,
        action: StaffAction,
    ) -> impl Future<Output = FairResult<TicketView>> + Send + 'static + use<> {
        self.write_async(self.act_job(target, action))
    }

    fn act_job(
        &self,
        target: Target,
        action: StaffAction,
    ) -> FairResult<impl FnOnce(&Tx<'_>) -> FairResult<TicketView> + Send + 'static + use<>> {
        let now = self.now();
        let target = match target {
            Target::Desk(desk) => Target::Desk(code(CodeKind::Desk, &desk)?),
            Target::Ticket(number) => Target::Ticket(code(CodeKind::Ticket, &number)?),
        };
        if let StaffAction::Finish { note, .. } = &action {
            limits::check_text_opt("note", note.as_deref(), limits::NOTE)?;
        }
        Ok(move |tx: &Tx<'_>| {
            let stored = match &target {
                Target::Desk(desk) => {
                    let desk = tx
                        .desk_by_code(desk)?
                        .ok_or_else(|| FairError::not_found("desk"))?;
                    tx.desk_current_ticket(desk.id)?
                        .ok_or(FairError::DeskIdle { desk: desk.code })?
                }
                Target::Ticket(number) => tx
                    .ticket_by_number(number)?
                    .ok_or_else(|| FairError::not_found("ticket"))?,
            };
            let mut t = stored.clone();
            let ticket_action = action.ticket_action();
            let next =
                next_state(t.state, ticket_action).ok_or_else(|| FairError::InvalidTransition {
                    ticket: t.number.clone(),
                    state: t.state,
                    action: ticket_action,
                })?;
            let event = tx.event()?;
            let (kind, data) = match &action {
                StaffAction::Recall => {
                    t.recall_count += 1;
                    t.called_at = Some(now);
                    ("recalled", json!({"recall_count": t.recall_count}))
                }
                StaffAction::Start => {
                    t.started_at = Some(now);
                    ("started", json!({}))
                }
                StaffAction::Finish { outcome, note } => {
                    t.finished_at = Some(now);
                    t.outcome = Some(*outcome);
                    t.note = note.as_deref().map(text::nfc).filter(|n| !n.is_empty());
                    ("finished", json!({"outcome": outcome}))
                }
                StaffAction::NoShow => ("no_show", json!({})),
                StaffAction::Reinstate => {
                    let booth = tx.booth(t.booth_id)?;
                    may_queue(tx, t.attendee_id, &booth, event.max_open_tickets)?;
                    // Back of the queue: the wait starts again now.
                    t.queued_at = now;
                    t.desk_id = None;
                    t.called_at = None;
                    ("reinstated", json!({}))
                }
                StaffAction::Cancel => ("cancelled", json!({})),
                StaffAction::Transfer { booth } => {
                    return transfer(tx, t, booth, now, event.max_open_tickets);
                }
            };
            t.state = next;
            tx.update_ticket(&stored, &t)?;
            log_ticket(tx, now, kind, &t, Some(data))?;
            tracing::info!(ticket = %t.number, action = ticket_action.as_str(), "ticket updated");
            views::ticket_view(tx, &t)
        })
    }

    pub(super) fn set_desk_open_impl(&self, desk: &str, open: bool) -> FairResult<DeskInfo> {
        let now = self.now();
        let desk = code(CodeKind::Desk, desk)?;
        self.write(move |tx| {
            let desk = tx
                .desk_by_code(&desk)?
                .ok_or_else(|| FairError::not_found("desk"))?;
            tx.set_desk_open(desk.id, open)?;
            tx.append_log(
                now,
                &LogEntry {
                    kind: if open { "desk_opened" } else { "desk_paused" },
                    booth_id: Some(desk.booth_id),
                    desk_id: Some(desk.id),
                    ..Default::default()
                },
            )?;
            Ok(DeskInfo {
                current: tx.desk_current_ticket(desk.id)?.map(|t| t.number),
                code: desk.code,
                label: desk.label,
                open,
            })
        })
    }
}

/// Ends `t` as transferred and queues the attendee at `to`, keeping the original issue time,
/// so they do not lose their morning for having been sent elsewhere.
fn transfer(
    tx: &Tx<'_>,
    mut t: TicketRow,
    to: &str,
    now: DateTime<Utc>,
    max_open: u32,
) -> FairResult<TicketView> {
    let target = open_booth(tx, to)?;
    if target.id == t.booth_id {
        return Err(FairError::invalid(
            "a ticket cannot be transferred to its own booth",
        ));
    }
    let stored = t.clone();
    t.state = TicketState::Transferred;
    t.finished_at = Some(now);
    tx.update_ticket(&stored, &t)?;
    // The old ticket is closed now, so the limit counts the new one in its place.
    may_queue(tx, t.attendee_id, &target, max_open)?;
    let new = tx.insert_ticket(&target, t.attendee_id, t.issued_at, t.issued_at, Some(t.id))?;
    log_ticket(
        tx,
        now,
        "transferred",
        &t,
        Some(json!({"to_ticket": new.id, "to_booth": target.code})),
    )?;
    tx.append_log(
        now,
        &LogEntry {
            kind: "ticket_issued",
            attendee_id: Some(new.attendee_id),
            ticket_id: Some(new.id),
            booth_id: Some(target.id),
            data: Some(issued_log_data(&new, Some(t.id))),
            ..Default::default()
        },
    )?;
    tracing::info!(from = %t.number, to = %new.number, "ticket transferred");
    views::ticket_view(tx, &new)
}
