//! The only place with SQL.
//!
//! Invariants this module keeps:
//! - **One transaction per operation.** [`Store::write`] runs a closure inside `BEGIN
//!   IMMEDIATE … COMMIT`; the closure writes the state change and its log row together, so
//!   either both are on disk or neither is. An `Err` from the closure rolls everything back.
//! - **Durability.** WAL with `synchronous=FULL`: a committed transaction survives a power cut.
//!   The engine replies only after `COMMIT` returns, so nothing acknowledged can be lost.
//! - **The log is append-only**, enforced by triggers; reports can be rebuilt from it.
//! - **Queue invariants** (one open ticket per attendee per booth, one called/serving ticket
//!   per desk) are unique partial indexes, so even a bug upstream cannot break them silently.
//! - Foreign keys are on. Statements are `prepare_cached`.

mod attendees;
mod facts;
mod lists;
mod organiser;
mod outbox;
mod queues;
pub mod schema;
mod synthetic;
mod tokens;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::api::{CommuneInfo, EventInfo, FairError, FairResult};

pub use attendees::{AttendeeRow, NewAttendee};
pub use lists::SlipRow;
pub use organiser::{SetupDeskRow, VacancyRow};
pub use outbox::{OutboxItem, OutboxStore};
pub use queues::{BoothRow, DeskRow, NewBooth, TicketRow};
pub use tokens::{TokenRow, TokenStore};

/// An open fairdesk database.
pub struct Store {
    conn: Connection,
}

/// A transaction in progress; all reads and writes go through it. It borrows the connection
/// while `BEGIN … COMMIT` (or a savepoint inside a batch) is open.
pub struct Tx<'a> {
    tx: &'a Connection,
}

/// One operation of a [`Store::write_batch`]: it reports whether it succeeded (a failed one
/// is rolled back to its savepoint) and keeps its own result to hand over after the commit.
pub type BatchOp = Box<dyn FnOnce(&Tx<'_>) -> bool + Send>;

/// One row for the append-only log.
#[derive(Debug, Clone, Default)]
pub struct LogEntry<'a> {
    pub kind: &'a str,
    pub station: Option<&'a str>,
    pub attendee_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub booth_id: Option<i64>,
    pub desk_id: Option<i64>,
    /// Facts a report rebuild needs. No names or ID numbers.
    pub data: Option<Value>,
}

/// One row of the log as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub station: Option<String>,
    pub attendee_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub booth_id: Option<i64>,
    pub desk_id: Option<i64>,
    pub data: Value,
}

/// The settings an event is created with.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub code: String,
    pub name: String,
    pub venue: String,
    pub date: NaiveDate,
    pub utc_offset_min: i32,
    pub opens: String,
    pub closes: String,
    pub max_open_tickets: u32,
    pub idle_timeout_s: u32,
    pub default_service_s: u32,
    pub show_household_to_booths: bool,
    pub pin_hash: String,
}

pub(crate) fn to_ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub(crate) fn from_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

impl Store {
    /// Opens (creating if needed) the database at `path`, sets the pragmas and migrates.
    pub fn open(path: &Path) -> FairResult<Self> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.set_prepared_statement_cache_capacity(128);
        schema::migrate(&mut conn)?;
        Ok(Self { conn })
    }

    /// Runs `f` in one write transaction: commit on `Ok`, roll back on `Err`.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> FairResult<T>) -> FairResult<T> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let result = f(&Tx { tx: &self.conn });
        match result {
            Ok(value) => match self.conn.execute_batch("COMMIT") {
                Ok(()) => Ok(value),
                Err(e) => {
                    self.rollback();
                    Err(e.into())
                }
            },
            Err(e) => {
                self.rollback();
                Err(e)
            }
        }
    }

    /// Runs `f` in a read transaction, so it sees one consistent snapshot.
    pub fn read<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> FairResult<T>) -> FairResult<T> {
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let result = f(&Tx { tx: &self.conn });
        self.rollback();
        result
    }

    /// Runs several operations in one write transaction, each inside its own savepoint:
    /// an operation that fails is undone alone, the others commit together with a single
    /// fsync. Returns each operation's success, and whether the commit itself succeeded
    /// (if not, nothing of the batch is on disk).
    pub fn write_batch(&mut self, ops: Vec<BatchOp>) -> FairResult<Vec<bool>> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let mut results = Vec::new();
        for op in ops {
            let ok = match self.conn.execute_batch("SAVEPOINT op") {
                Ok(()) => {
                    let ok = op(&Tx { tx: &self.conn });
                    let end = if ok {
                        "RELEASE op"
                    } else {
                        "ROLLBACK TO op; RELEASE op"
                    };
                    self.conn.execute_batch(end).is_ok() && ok
                }
                Err(_) => false,
            };
            results.push(ok);
        }
        if let Err(e) = self.conn.execute_batch("COMMIT") {
            self.rollback();
            return Err(e.into());
        }
        Ok(results)
    }

    fn rollback(&self) {
        // Nothing to undo when the transaction already ended; either way the connection is
        // left outside any transaction.
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }

    /// An online, consistent copy of the database at `out` (SQLite's backup API), safe while
    /// other stations keep writing.
    pub fn backup(&self, out: &Path) -> FairResult<()> {
        let mut dest = Connection::open(out)?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut dest)?;
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
        Ok(())
    }

    /// Whether an event has been created in this database.
    pub fn has_event(&mut self) -> FairResult<bool> {
        self.read(|tx| {
            Ok(tx
                .tx
                .query_row("SELECT COUNT(*) FROM event", [], |r| r.get::<_, i64>(0))?
                > 0)
        })
    }

    /// The raw connection, for tests that check invariants with their own SQL.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl Tx<'_> {
    /// Appends one log row at `at`; returns its id.
    pub fn append_log(&self, at: DateTime<Utc>, entry: &LogEntry<'_>) -> FairResult<i64> {
        let data = entry
            .data
            .as_ref()
            .map_or_else(|| "{}".to_string(), Value::to_string);
        self.tx
            .prepare_cached(
                "INSERT INTO log (at, kind, station, attendee_id, ticket_id, booth_id, desk_id, data)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                to_ms(at),
                entry.kind,
                entry.station,
                entry.attendee_id,
                entry.ticket_id,
                entry.booth_id,
                entry.desk_id,
                data
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// The whole log, oldest first.
    pub fn log(&self) -> FairResult<Vec<LogRow>> {
        let mut st = self.tx.prepare_cached(
            "SELECT id, at, kind, station, attendee_id, ticket_id, booth_id, desk_id, data
             FROM log ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            let data: String = r.get(8)?;
            Ok(LogRow {
                id: r.get(0)?,
                at: from_ms(r.get(1)?),
                kind: r.get(2)?,
                station: r.get(3)?,
                attendee_id: r.get(4)?,
                ticket_id: r.get(5)?,
                booth_id: r.get(6)?,
                desk_id: r.get(7)?,
                data: serde_json::from_str(&data).unwrap_or(Value::Null),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The id of the newest log row: grows with every change.
    pub fn change_counter(&self) -> FairResult<u64> {
        let id: Option<i64> = self
            .tx
            .query_row("SELECT MAX(id) FROM log", [], |r| r.get(0))?;
        Ok(u64::try_from(id.unwrap_or(0)).unwrap_or(0))
    }

    /// Creates the event row. Fails if one exists.
    pub fn insert_event(&self, event: &NewEvent) -> FairResult<()> {
        self.tx
            .execute(
                "INSERT INTO event (id, code, name, venue, date, utc_offset_min, opens, closes,
                    max_open_tickets, idle_timeout_s, default_service_s, show_household_to_booths,
                    pin_hash)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    event.code,
                    event.name,
                    event.venue,
                    event.date.to_string(),
                    event.utc_offset_min,
                    event.opens,
                    event.closes,
                    event.max_open_tickets,
                    event.idle_timeout_s,
                    event.default_service_s,
                    event.show_household_to_booths,
                    event.pin_hash
                ],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    FairError::Conflict {
                        message: "this database already holds an event".into(),
                    }
                }
                other => other.into(),
            })?;
        Ok(())
    }

    /// The event and its communes.
    pub fn event(&self) -> FairResult<EventInfo> {
        let mut event = self
            .tx
            .prepare_cached(
                "SELECT code, name, venue, date, utc_offset_min, opens, closes, max_open_tickets,
                    idle_timeout_s, default_service_s, show_household_to_booths
                 FROM event WHERE id = 1",
            )?
            .query_row([], |r| {
                let date: String = r.get(3)?;
                Ok(EventInfo {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    venue: r.get(2)?,
                    date: date.parse().unwrap_or_default(),
                    utc_offset_min: r.get(4)?,
                    opens: r.get(5)?,
                    closes: r.get(6)?,
                    max_open_tickets: r.get(7)?,
                    idle_timeout_s: r.get(8)?,
                    default_service_s: r.get(9)?,
                    show_household_to_booths: r.get(10)?,
                    communes: Vec::new(),
                })
            })
            .optional()?
            .ok_or_else(|| FairError::not_found("event"))?;
        event.communes = self.communes()?;
        Ok(event)
    }

    /// The organiser PIN's hash.
    pub fn pin_hash(&self) -> FairResult<String> {
        Ok(self
            .tx
            .query_row("SELECT pin_hash FROM event WHERE id = 1", [], |r| r.get(0))?)
    }

    /// Replaces the organiser PIN's hash.
    pub fn set_pin_hash(&self, hash: &str) -> FairResult<()> {
        self.tx
            .execute("UPDATE event SET pin_hash = ?1 WHERE id = 1", [hash])?;
        Ok(())
    }

    /// Adds a commune; returns its id.
    pub fn insert_commune(&self, name: &str, folded: &str) -> FairResult<i64> {
        self.tx.execute(
            "INSERT INTO commune (name, folded) VALUES (?1, ?2)",
            params![name, folded],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Maps an old commune name (folded) to the commune that replaced it.
    pub fn insert_commune_alias(&self, folded: &str, commune_id: i64) -> FairResult<()> {
        self.tx.execute(
            "INSERT OR REPLACE INTO commune_alias (folded, commune_id) VALUES (?1, ?2)",
            params![folded, commune_id],
        )?;
        Ok(())
    }

    /// The event's communes, in list order.
    pub fn communes(&self) -> FairResult<Vec<CommuneInfo>> {
        let mut st = self
            .tx
            .prepare_cached("SELECT id, name FROM commune ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok(CommuneInfo {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Old-name aliases as (folded old name, commune id).
    pub fn commune_aliases(&self) -> FairResult<Vec<(String, i64)>> {
        let mut st = self
            .tx
            .prepare_cached("SELECT folded, commune_id FROM commune_alias")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The stored reply to an idempotent request, if it was seen before.
    pub fn idempotent_reply(&self, key: &str) -> FairResult<Option<String>> {
        Ok(self
            .tx
            .prepare_cached("SELECT response FROM idempotency WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Remembers the reply to an idempotent request.
    pub fn remember_reply(&self, key: &str, at: DateTime<Utc>, response: &str) -> FairResult<()> {
        self.tx
            .prepare_cached("INSERT INTO idempotency (key, at, response) VALUES (?1, ?2, ?3)")?
            .execute(params![key, to_ms(at), response])?;
        Ok(())
    }
}
