//! Booths, desks, vacancies and tickets.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params};

use super::attendees::{join_tags, split_tags, unique_violation};
use super::{Tx, from_ms, to_ms};
use crate::api::{FairError, FairResult, Vacancy};
use crate::domain::queue::ticket_number;
use crate::domain::{BoothKind, Outcome, TicketState};

/// A booth as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct BoothRow {
    pub id: i64,
    pub code: String,
    pub kind: BoothKind,
    pub name: String,
    pub location: String,
    pub sectors: Vec<String>,
    pub topic: Option<String>,
    pub open: bool,
}

/// A booth to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBooth {
    pub code: String,
    pub kind: BoothKind,
    pub name: String,
    pub location: String,
    pub sectors: Vec<String>,
    pub topic: Option<String>,
    pub desks: u32,
    pub vacancies: Vec<Vacancy>,
}

/// A desk as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskRow {
    pub id: i64,
    pub code: String,
    pub booth_id: i64,
    pub label: String,
    pub open: bool,
}

/// A ticket as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketRow {
    pub id: i64,
    pub number: String,
    pub booth_id: i64,
    pub attendee_id: i64,
    pub state: TicketState,
    pub desk_id: Option<i64>,
    pub issued_at: DateTime<Utc>,
    pub queued_at: DateTime<Utc>,
    pub first_called_at: Option<DateTime<Utc>>,
    pub called_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub recall_count: u32,
    pub outcome: Option<Outcome>,
    pub note: Option<String>,
}

// Macros rather than `const`s so each query is one literal (`concat!`): a query built with
// `format!` was allocated and formatted again on every call inside the writer (3 % of it).
macro_rules! booth_columns {
    () => {
        "id, code, kind, name, location, sectors, topic, open"
    };
}
macro_rules! desk_columns {
    () => {
        "id, code, booth_id, label, open"
    };
}
macro_rules! ticket_columns {
    () => {
        "t.id, t.number, t.booth_id, t.attendee_id, t.state, t.desk_id,
    t.issued_at, t.queued_at, t.first_called_at, t.called_at, t.started_at, t.finished_at,
    t.recall_count, t.outcome, t.note"
    };
}

fn booth_from_row(r: &Row<'_>) -> rusqlite::Result<BoothRow> {
    let kind: String = r.get(2)?;
    let sectors: String = r.get(5)?;
    Ok(BoothRow {
        id: r.get(0)?,
        code: r.get(1)?,
        kind: BoothKind::parse(&kind).unwrap_or(BoothKind::Service),
        name: r.get(3)?,
        location: r.get(4)?,
        sectors: split_tags(&sectors),
        topic: r.get(6)?,
        open: r.get(7)?,
    })
}

fn desk_from_row(r: &Row<'_>) -> rusqlite::Result<DeskRow> {
    Ok(DeskRow {
        id: r.get(0)?,
        code: r.get(1)?,
        booth_id: r.get(2)?,
        label: r.get(3)?,
        open: r.get(4)?,
    })
}

fn opt_time(v: Option<i64>) -> Option<DateTime<Utc>> {
    v.map(from_ms)
}

pub(crate) fn ticket_from_row(r: &Row<'_>) -> rusqlite::Result<TicketRow> {
    let state: String = r.get(4)?;
    let outcome: Option<String> = r.get(13)?;
    Ok(TicketRow {
        id: r.get(0)?,
        number: r.get(1)?,
        booth_id: r.get(2)?,
        attendee_id: r.get(3)?,
        state: TicketState::parse(&state).unwrap_or(TicketState::Cancelled),
        desk_id: r.get(5)?,
        issued_at: from_ms(r.get(6)?),
        queued_at: from_ms(r.get(7)?),
        first_called_at: opt_time(r.get(8)?),
        called_at: opt_time(r.get(9)?),
        started_at: opt_time(r.get(10)?),
        finished_at: opt_time(r.get(11)?),
        recall_count: r.get(12)?,
        outcome: outcome.as_deref().and_then(Outcome::parse),
        note: r.get(14)?,
    })
}

/// A ticket's mutable columns and their stored values, in the order `update_ticket` names them.
fn mutable_columns(t: &TicketRow) -> [(&'static str, Value); 10] {
    let ms = |at: Option<DateTime<Utc>>| Value::from(at.map(to_ms));
    [
        ("state", t.state.as_str().to_string().into()),
        ("desk_id", t.desk_id.into()),
        ("queued_at", to_ms(t.queued_at).into()),
        ("first_called_at", ms(t.first_called_at)),
        ("called_at", ms(t.called_at)),
        ("started_at", ms(t.started_at)),
        ("finished_at", ms(t.finished_at)),
        ("recall_count", i64::from(t.recall_count).into()),
        ("outcome", t.outcome.map(|o| o.as_str().to_string()).into()),
        ("note", t.note.clone().into()),
    ]
}

impl Tx<'_> {
    /// Adds a booth with its desks (`A1`, `A2`…, or `T1-1` for a code ending in a digit) and
    /// vacancies; returns the booth's id.
    pub fn insert_booth(&self, booth: &NewBooth) -> FairResult<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO booth (code, kind, name, location, sectors, topic)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                booth.code,
                booth.kind.as_str(),
                booth.name,
                booth.location,
                join_tags(&booth.sectors),
                booth.topic
            ])
            .map_err(|e| unique_violation(e, "a booth with this code already exists"))?;
        let booth_id = self.tx.last_insert_rowid();
        for n in 1..=booth.desks.max(1) {
            let code = if booth.code.ends_with(|c: char| c.is_ascii_digit()) {
                format!("{}-{n}", booth.code)
            } else {
                format!("{}{n}", booth.code)
            };
            self.insert_desk(booth_id, &code, &format!("Bàn {code}"))?;
        }
        for vacancy in &booth.vacancies {
            self.insert_vacancy(booth_id, vacancy)?;
        }
        Ok(booth_id)
    }

    /// Adds a desk to a booth.
    pub fn insert_desk(&self, booth_id: i64, code: &str, label: &str) -> FairResult<i64> {
        self.tx
            .prepare_cached("INSERT INTO desk (code, booth_id, label) VALUES (?1, ?2, ?3)")?
            .execute(params![code, booth_id, label])
            .map_err(|e| unique_violation(e, "a desk with this code already exists"))?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Adds a vacancy to a booth.
    pub fn insert_vacancy(&self, booth_id: i64, vacancy: &Vacancy) -> FairResult<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO vacancy (booth_id, title, count, requirements, wage)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                booth_id,
                vacancy.title,
                vacancy.count,
                vacancy.requirements,
                vacancy.wage
            ])?;
        Ok(())
    }

    /// All booths, by code.
    pub fn booths(&self) -> FairResult<Vec<BoothRow>> {
        let mut st = self.tx.prepare_cached(concat!(
            "SELECT ",
            booth_columns!(),
            " FROM booth ORDER BY code"
        ))?;
        let rows = st.query_map([], booth_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A booth by code.
    pub fn booth_by_code(&self, code: &str) -> FairResult<Option<BoothRow>> {
        Ok(self
            .tx
            .prepare_cached(concat!(
                "SELECT ",
                booth_columns!(),
                " FROM booth WHERE code = ?1"
            ))?
            .query_row([code], booth_from_row)
            .optional()?)
    }

    /// A booth by id.
    pub fn booth(&self, id: i64) -> FairResult<BoothRow> {
        self.tx
            .prepare_cached(concat!(
                "SELECT ",
                booth_columns!(),
                " FROM booth WHERE id = ?1"
            ))?
            .query_row([id], booth_from_row)
            .optional()?
            .ok_or_else(|| FairError::not_found("booth"))
    }

    /// All desks in service (not closed by the organiser), by booth.
    pub fn desks(&self) -> FairResult<Vec<DeskRow>> {
        let mut st = self.tx.prepare_cached(concat!(
            "SELECT ",
            desk_columns!(),
            " FROM desk WHERE closed = 0 ORDER BY booth_id, id"
        ))?;
        let rows = st.query_map([], desk_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many of a booth's desks are open: the queue's estimate needs only this, for every
    /// ticket issued, so the desks are counted where they lie rather than read and filtered.
    pub fn open_desk_count(&self, booth_id: i64) -> FairResult<u32> {
        let count: i64 = self
            .tx
            .prepare_cached(
                "SELECT COUNT(*) FROM desk WHERE booth_id = ?1 AND open <> 0 AND closed = 0",
            )?
            .query_row([booth_id], |r| r.get(0))?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    /// A desk by code.
    pub fn desk_by_code(&self, code: &str) -> FairResult<Option<DeskRow>> {
        Ok(self
            .tx
            .prepare_cached(concat!(
                "SELECT ",
                desk_columns!(),
                " FROM desk WHERE code = ?1"
            ))?
            .query_row([code], desk_from_row)
            .optional()?)
    }

    /// A desk by id.
    pub fn desk(&self, id: i64) -> FairResult<DeskRow> {
        self.tx
            .prepare_cached(concat!(
                "SELECT ",
                desk_columns!(),
                " FROM desk WHERE id = ?1"
            ))?
            .query_row([id], desk_from_row)
            .optional()?
            .ok_or_else(|| FairError::not_found("desk"))
    }

    /// Pauses or reopens a desk.
    pub fn set_desk_open(&self, desk_id: i64, open: bool) -> FairResult<()> {
        self.tx
            .prepare_cached("UPDATE desk SET open = ?2 WHERE id = ?1")?
            .execute(params![desk_id, open])?;
        Ok(())
    }

    /// All vacancies as (booth id, vacancy).
    pub fn vacancies(&self) -> FairResult<Vec<(i64, Vacancy)>> {
        let mut st = self.tx.prepare_cached(
            "SELECT booth_id, title, count, requirements, wage FROM vacancy ORDER BY booth_id, id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get(0)?,
                Vacancy {
                    title: r.get(1)?,
                    count: r.get(2)?,
                    requirements: r.get(3)?,
                    wage: r.get(4)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Per booth: (booth id, waiting, called or serving) counts.
    pub fn queue_counts(&self) -> FairResult<Vec<(i64, u32, u32)>> {
        // The waiting counts are the booths' own; the called or serving tickets are at most
        // one a desk, found through the desks' partial index.
        let mut st = self.tx.prepare_cached(
            "SELECT b.id, b.waiting, COALESCE(busy.n, 0) FROM booth b
             LEFT JOIN (SELECT d.booth_id AS booth_id, COUNT(*) AS n
                        FROM ticket t INDEXED BY ticket_one_per_desk JOIN desk d ON d.id = t.desk_id
                        WHERE t.state IN ('called', 'serving') GROUP BY d.booth_id) busy
               ON busy.booth_id = b.id
             WHERE b.waiting > 0 OR busy.n > 0",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Service times (start to finish, seconds) of the booth's last `limit` finished tickets.
    pub fn recent_service_times(&self, booth_id: i64, limit: u32) -> FairResult<Vec<u32>> {
        let mut st = self.tx.prepare_cached(
            "SELECT (finished_at - started_at) / 1000 FROM ticket
             WHERE booth_id = ?1 AND state = 'done' AND started_at IS NOT NULL
             ORDER BY finished_at DESC LIMIT ?2",
        )?;
        let rows = st.query_map(params![booth_id, limit], |r| r.get::<_, i64>(0))?;
        Ok(rows
            .filter_map(Result::ok)
            .map(|s| u32::try_from(s.max(0)).unwrap_or(u32::MAX))
            .collect())
    }

    /// Issues a ticket at the booth's next sequence number; returns the stored row.
    pub fn insert_ticket(
        &self,
        booth: &BoothRow,
        attendee_id: i64,
        issued_at: DateTime<Utc>,
        queued_at: DateTime<Utc>,
        transferred_from: Option<i64>,
    ) -> FairResult<TicketRow> {
        let seq: u32 = self
            .tx
            .prepare_cached(
                "UPDATE booth SET next_seq = next_seq + 1 WHERE id = ?1 RETURNING next_seq - 1",
            )?
            .query_row([booth.id], |r| r.get(0))?;
        let number = ticket_number(&booth.code, seq);
        self.tx
            .prepare_cached(
                "INSERT INTO ticket (number, booth_id, seq, attendee_id, state, issued_at, queued_at,
                    transferred_from)
                 VALUES (?1, ?2, ?3, ?4, 'waiting', ?5, ?6, ?7)",
            )?
            .execute(params![
                number,
                booth.id,
                seq,
                attendee_id,
                to_ms(issued_at),
                to_ms(queued_at),
                transferred_from
            ])
            .map_err(|e| unique_violation(e, "the attendee already has an open ticket at this booth"))?;
        self.ticket(self.tx.last_insert_rowid())
    }

    /// A ticket by id.
    pub fn ticket(&self, id: i64) -> FairResult<TicketRow> {
        self.tx
            .prepare_cached(concat!(
                "SELECT ",
                ticket_columns!(),
                " FROM ticket t WHERE t.id = ?1"
            ))?
            .query_row([id], ticket_from_row)
            .optional()?
            .ok_or_else(|| FairError::not_found("ticket"))
    }

    /// A ticket by its canonical number (`A007`, see [`crate::domain::code::normalise_code`]).
    pub fn ticket_by_number(&self, number: &str) -> FairResult<Option<TicketRow>> {
        Ok(self
            .tx
            .prepare_cached(concat!(
                "SELECT ",
                ticket_columns!(),
                " FROM ticket t WHERE t.number = ?1"
            ))?
            .query_row([number], ticket_from_row)
            .optional()?)
    }

    /// The desk's called or serving ticket.
    pub fn desk_current_ticket(&self, desk_id: i64) -> FairResult<Option<TicketRow>> {
        Ok(self
            .tx
            .prepare_cached(concat!(
                "SELECT ",
                ticket_columns!(),
                " FROM ticket t
                 WHERE t.desk_id = ?1 AND t.state IN ('called', 'serving')"
            ))?
            .query_row([desk_id], ticket_from_row)
            .optional()?)
    }

    /// The attendee's tickets that are waiting, called or serving, oldest first. Every
    /// check-in asks this, mostly of people with no ticket yet: the partial index holds only
    /// open tickets, so it stays in the page cache and is one seek, where the planner's own
    /// choice (`ticket_attendee`, every ticket of the fair) was a seek per state and a read
    /// from disk on a big fair.
    pub fn open_tickets_of(&self, attendee_id: i64) -> FairResult<Vec<TicketRow>> {
        let mut st = self.tx.prepare_cached(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM ticket t INDEXED BY ticket_one_open_per_booth
             WHERE t.attendee_id = ?1 AND t.state IN ('waiting', 'called', 'serving')
             ORDER BY t.issued_at, t.id"
        ))?;
        let rows = st.query_map([attendee_id], ticket_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The first `limit` waiting tickets of the booth whose attendee is not called or served
    /// anywhere: the order "call next" takes them in.
    pub fn callable_tickets(&self, booth_id: i64, limit: u32) -> FairResult<Vec<TicketRow>> {
        let mut st = self.tx.prepare_cached(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM ticket t
             WHERE t.booth_id = ?1 AND t.state = 'waiting'
               AND NOT EXISTS (SELECT 1 FROM ticket u WHERE u.attendee_id = t.attendee_id
                               AND u.state IN ('called', 'serving'))
             ORDER BY t.queued_at, t.id LIMIT ?2"
        ))?;
        let rows = st.query_map(params![booth_id, limit], ticket_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// 1-based place of a waiting ticket among its booth's waiting tickets: the booth's
    /// waiting count less those behind it. SQLite counts an index range entry by entry, so
    /// the tickets behind are counted only up to half the queue; past that the ticket is in
    /// the front half and those ahead of it are fewer to count.
    pub fn queue_position(&self, ticket: &TicketRow) -> FairResult<u32> {
        let waiting: i64 = self
            .tx
            .prepare_cached("SELECT waiting FROM booth WHERE id = ?1")?
            .query_row([ticket.booth_id], |r| r.get(0))?;
        let at = to_ms(ticket.queued_at);
        let half = waiting / 2 + 1;
        let behind: i64 = self
            .tx
            .prepare_cached(
                "SELECT COUNT(*) FROM (SELECT 1 FROM ticket
                   WHERE booth_id = ?1 AND state = 'waiting' AND (queued_at, id) > (?2, ?3)
                   LIMIT ?4)",
            )?
            .query_row(params![ticket.booth_id, at, ticket.id, half], |r| r.get(0))?;
        let ahead: i64 = if behind < half {
            waiting - 1 - behind
        } else {
            self.tx
                .prepare_cached(
                    "SELECT COUNT(*) FROM ticket
                     WHERE booth_id = ?1 AND state = 'waiting' AND (queued_at, id) < (?2, ?3)",
                )?
                .query_row(params![ticket.booth_id, at, ticket.id], |r| r.get(0))?
        };
        Ok(u32::try_from(ahead.max(0)).unwrap_or(u32::MAX) + 1)
    }

    /// Writes back those of a ticket's mutable columns where `t` differs from `stored`, the
    /// row as read in this transaction. Every index holding a column named in an UPDATE is
    /// rewritten whether its value changed or not, so naming only the changed ones spares
    /// most of them on a call, start or finish.
    pub fn update_ticket(&self, stored: &TicketRow, t: &TicketRow) -> FairResult<()> {
        debug_assert_eq!(stored.id, t.id);
        let (columns, values): (Vec<&str>, Vec<Value>) = mutable_columns(t)
            .into_iter()
            .zip(mutable_columns(stored))
            .filter(|(new, old)| new.1 != old.1)
            .map(|(new, _)| new)
            .unzip();
        if columns.is_empty() {
            return Ok(());
        }
        let set: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, column)| format!("{column} = ?{}", i + 2))
            .collect();
        let sql = format!("UPDATE ticket SET {} WHERE id = ?1", set.join(", "));
        let id = Value::from(t.id);
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(
                std::iter::once(&id).chain(&values),
            ))
            .map_err(|e| {
                unique_violation(e, "the desk already has a ticket called or in service")
            })?;
        Ok(())
    }

    /// The desk's last `limit` finished tickets, the most recently finished first: the
    /// outcomes its staff may still correct (issue 13, item 12).
    ///
    /// A desk only ever serves its own booth's tickets (desks never change booth, and a
    /// transfer issues a new ticket), so this walks the booth's part of `ticket_done` back
    /// from its latest finish and stops at `limit`, where a search on the desk alone walked
    /// and sorted every finished ticket of the fair: a console's every refresh grew with the
    /// day (issue 19).
    pub fn recent_done_at_desk(&self, desk_id: i64, limit: u32) -> FairResult<Vec<TicketRow>> {
        let mut st = self.tx.prepare_cached(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM ticket t
             WHERE t.booth_id = (SELECT booth_id FROM desk WHERE id = ?1)
               AND t.desk_id = ?1 AND t.state = 'done'
             ORDER BY t.finished_at DESC, t.id DESC LIMIT ?2"
        ))?;
        let rows = st.query_map(params![desk_id, limit], ticket_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The tickets called and not yet started, finished or given up, newest call first (a
    /// recall counts as a new call): who the board is calling right now.
    ///
    /// Read from the desks' partial index (at most one ticket per desk is called or in
    /// service), which the planner does not pick for `state = 'called'` alone: it scanned
    /// every ticket of the day for each board after a change (issue 19).
    pub fn open_calls(&self, limit: u32) -> FairResult<Vec<TicketRow>> {
        let mut st = self.tx.prepare_cached(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM ticket t INDEXED BY ticket_one_per_desk
             WHERE t.state IN ('called', 'serving') AND t.state = 'called'
               AND t.desk_id IS NOT NULL
             ORDER BY t.called_at DESC, t.id DESC LIMIT ?1"
        ))?;
        let rows = st.query_map([limit], ticket_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
