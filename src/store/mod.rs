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

pub use crate::domain::log::LogRow;
pub(crate) use crate::domain::log::{from_ms, to_ms};

mod attendees;
mod central;
mod facts;
mod followup;
mod lists;
mod organiser;
mod outbox;
mod printers;
pub mod private;
mod purge;
mod queues;
pub mod schema;
mod search;
mod synthetic;
mod tokens;

pub use central::{
    Identity, RawAttendee, RawBooth, RawCheckin, RawLogRow, RawTicket, RawVacancy, SyncedTable,
};

use std::cell::RefCell;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::api::{FairError, FairResult};
use crate::domain::EventKind;
use crate::domain::commune::CommuneMatcher;
use crate::domain::event::{CommuneInfo, EventInfo};

pub use attendees::{AttendeeRow, NewAttendee};
pub use followup::FollowupRow;
pub use lists::SlipRow;
pub use organiser::{SetupDeskRow, VacancyRow};
pub use outbox::{OutboxItem, OutboxStore};
pub use purge::{PurgeOptions, PurgeSummary, coarsen_birth_date};
pub use queues::{BoothRow, DeskRow, NewBooth, TicketRow};
pub use search::SearchRow;
pub use tokens::{TokenRow, TokenStore};

/// An open fairdesk database.
pub struct Store {
    conn: Connection,
    settings: RefCell<Settings>,
}

/// The event row and the commune matcher, which nearly every operation needs and which change
/// only when the organiser edits the event. They are kept between transactions and reloaded
/// when the `settings_version` counter (moved by triggers on `event`, `commune` and
/// `commune_alias`, whoever writes them) differs from the one they were read at.
#[derive(Default)]
struct Settings {
    version: Option<i64>,
    event: Option<Arc<EventInfo>>,
    matcher: Option<Arc<CommuneMatcher>>,
}

/// A transaction in progress; all reads and writes go through it. It borrows the connection
/// while `BEGIN … COMMIT` (or a savepoint inside a batch) is open.
pub struct Tx<'a> {
    tx: &'a Connection,
    settings: &'a RefCell<Settings>,
}

/// One operation of a [`Store::write_batch`]: it reports whether it succeeded (a failed one
/// is rolled back to its savepoint) and keeps its own result to hand over after the commit.
pub type BatchOp<'a> = Box<dyn FnOnce(&Tx<'_>) -> bool + Send + 'a>;

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

/// The settings an event is created with.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub code: String,
    pub name: String,
    pub venue: String,
    pub date: NaiveDate,
    pub kind: EventKind,
    pub place: String,
    pub organiser: String,
    pub utc_offset_min: i32,
    pub opens: String,
    pub closes: String,
    pub max_open_tickets: u32,
    pub idle_timeout_s: u32,
    pub default_service_s: u32,
    pub show_household_to_booths: bool,
    pub pin_hash: String,
}

/// Where a backup is written before it is complete: beside `out`, so the final rename stays on
/// one file system.
fn partial_backup_path(out: &Path) -> std::path::PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "backup".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.partial"))
}

/// Backups hold personal data: only the owner may read them.
fn restrict_to_owner(file: &std::fs::File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

impl Store {
    /// Opens (creating if needed) the database at `path`, sets the pragmas and migrates.
    pub fn open(path: &Path) -> FairResult<Self> {
        let mut conn = private::open_database(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.set_prepared_statement_cache_capacity(128);
        // With the bundled SQLite's STAT4, a statement whose plan could depend on a bound
        // value (a join, or ORDER BY with LIMIT) is compiled again each time it is run with a
        // new value, which made parsing the largest part of every write. The planner's
        // stability guarantee keeps one plan per cached statement; we never ANALYZE, so the
        // plan is the same anyway.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        schema::migrate(&mut conn)?;
        Ok(Self {
            conn,
            settings: RefCell::default(),
        })
    }

    fn tx(&self) -> Tx<'_> {
        Tx {
            tx: &self.conn,
            settings: &self.settings,
        }
    }

    /// Forgets the cached settings: a rolled-back change may have moved the version counter
    /// and filled the cache with what is no longer true.
    fn forget_settings(&self) {
        self.settings.take();
    }

    /// Runs `f` in one write transaction: commit on `Ok`, roll back on `Err`.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> FairResult<T>) -> FairResult<T> {
        self.run_statement("BEGIN IMMEDIATE")?;
        let result = f(&self.tx());
        match result {
            Ok(value) => match self.run_statement("COMMIT") {
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
        self.run_statement("BEGIN DEFERRED")?;
        let result = f(&self.tx());
        // A read changed nothing, so the cached settings stay true.
        self.end_transaction();
        result
    }

    /// Runs several operations in one write transaction, each inside its own savepoint:
    /// an operation that fails is undone alone, the others commit together with a single
    /// fsync. Returns each operation's success, and whether the commit itself succeeded
    /// (if not, nothing of the batch is on disk).
    pub fn write_batch(&mut self, mut ops: Vec<BatchOp<'_>>) -> FairResult<Vec<bool>> {
        self.run_statement("BEGIN IMMEDIATE")?;
        if ops.len() == 1 {
            // A lone operation needs no savepoint: if it fails, the whole transaction is its
            // own and is rolled back. Two statements fewer for every write of a quiet hall.
            let op = ops.remove(0);
            if !op(&self.tx()) {
                self.rollback();
                return Ok(vec![false]);
            }
            if let Err(e) = self.run_statement("COMMIT") {
                self.rollback();
                return Err(e.into());
            }
            return Ok(vec![true]);
        }
        let mut results = Vec::new();
        for op in ops {
            let ok = match self.run_statement("SAVEPOINT op") {
                Ok(()) => {
                    let cached = self.settings.borrow().version;
                    let ok = op(&self.tx());
                    if ok {
                        self.run_statement("RELEASE op").is_ok()
                    } else {
                        // Most failures are refusals (a desk already busy) that read the
                        // settings without changing them; keep the cache for those.
                        if self.settings.borrow().version != cached {
                            self.forget_settings();
                        }
                        let _ = self
                            .run_statement("ROLLBACK TO op")
                            .and_then(|()| self.run_statement("RELEASE op"));
                        false
                    }
                }
                Err(_) => false,
            };
            results.push(ok);
        }
        if let Err(e) = self.run_statement("COMMIT") {
            self.rollback();
            return Err(e.into());
        }
        Ok(results)
    }

    /// One parameterless statement, kept compiled: a batch runs three savepoint statements
    /// per operation, and parsing them each time was a measurable part of a write.
    fn run_statement(&self, sql: &str) -> rusqlite::Result<()> {
        self.conn.prepare_cached(sql)?.execute([]).map(|_| ())
    }

    fn rollback(&self) {
        self.forget_settings();
        self.end_transaction();
    }

    fn end_transaction(&self) {
        // Nothing to undo when the transaction already ended; either way the connection is
        // left outside any transaction.
        if !self.conn.is_autocommit() {
            let _ = self.run_statement("ROLLBACK");
        }
    }

    /// An online, consistent copy of the database at `out`, safe while other stations keep
    /// writing: written under a temporary name beside `out`, synced, made owner-only and
    /// renamed, so `out` either does not exist or is complete.
    pub fn backup(&self, out: &Path) -> FairResult<()> {
        let partial = partial_backup_path(out);
        // A run killed half-way leaves only this name behind, never `out` itself.
        let _ = std::fs::remove_file(&partial);
        let result = self.backup_via(&partial, out);
        if result.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        result
    }

    fn backup_via(&self, partial: &Path, out: &Path) -> FairResult<()> {
        let target = partial.to_str().ok_or_else(|| FairError::Invalid {
            message: "the backup path must be valid Unicode".into(),
        })?;
        // One read transaction copies every page of one snapshot, so writers (WAL) never
        // restart it, unlike the page-stepping online backup API, which starts over on every
        // write and never finished on a busy fair.
        let io = |err: std::io::Error| FairError::Storage {
            message: format!("cannot write the backup: {err}"),
        };
        // Made empty and owner-only first (VACUUM INTO fills an empty file), so the copy is
        // never readable by others, not even while it is being written.
        private::precreate_private(partial).map_err(io)?;
        self.conn.execute("VACUUM INTO ?1", [target])?;
        let file = std::fs::File::open(partial).map_err(io)?;
        restrict_to_owner(&file).map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::rename(partial, out).map_err(io)?;
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            // The rename itself must survive a power cut; directories cannot be opened for
            // syncing on Windows, where the rename is durable on its own.
            #[cfg(unix)]
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(io)?;
            #[cfg(not(unix))]
            let _ = dir;
        }
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

    /// Counts, into `steps`, the virtual machine instructions this connection runs from now
    /// on (`None` stops counting). For tests and benchmarks of how a read's cost grows with
    /// the fair: a count, unlike a time, does not move with the machine's load.
    pub fn count_steps(&mut self, steps: Option<Arc<AtomicU64>>) -> FairResult<()> {
        match steps {
            Some(steps) => self.conn.progress_handler(
                1,
                Some(move || {
                    steps.fetch_add(1, Ordering::Relaxed);
                    false
                }),
            )?,
            None => self.conn.progress_handler(0, None::<fn() -> bool>)?,
        }
        Ok(())
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
        self.log_after(i64::MIN)
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
                    pin_hash, kind, place, organiser)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
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
                    event.pin_hash,
                    event.kind.as_str(),
                    event.place,
                    event.organiser
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
        let event = self.shared_event()?;
        Ok(EventInfo::clone(&event))
    }

    /// [`Tx::event`] without copying it (every commune's name): what a check-in reads.
    pub fn shared_event(&self) -> FairResult<Arc<EventInfo>> {
        self.fresh_settings()?;
        if let Some(event) = &self.settings.borrow().event {
            return Ok(Arc::clone(event));
        }
        let event = Arc::new(self.load_event()?);
        self.settings.borrow_mut().event = Some(Arc::clone(&event));
        Ok(event)
    }

    /// The matcher that finds a commune from an address or a typed name, aliases included.
    pub fn commune_matcher(&self) -> FairResult<Arc<CommuneMatcher>> {
        self.fresh_settings()?;
        if let Some(matcher) = &self.settings.borrow().matcher {
            return Ok(Arc::clone(matcher));
        }
        let communes = self.communes()?;
        let pairs: Vec<(i64, &str)> = communes.iter().map(|c| (c.id, c.name.as_str())).collect();
        let aliases = self.commune_aliases()?;
        let alias_pairs: Vec<(&str, i64)> =
            aliases.iter().map(|(a, id)| (a.as_str(), *id)).collect();
        let matcher = Arc::new(CommuneMatcher::new(&pairs, &alias_pairs));
        self.settings.borrow_mut().matcher = Some(Arc::clone(&matcher));
        Ok(matcher)
    }

    /// Empties the settings cache if the event or its communes changed since it was filled.
    fn fresh_settings(&self) -> FairResult<()> {
        let version: i64 = self
            .tx
            .prepare_cached("SELECT n FROM settings_version WHERE id = 1")?
            .query_row([], |r| r.get(0))?;
        let mut settings = self.settings.borrow_mut();
        if settings.version != Some(version) {
            *settings = Settings {
                version: Some(version),
                ..Settings::default()
            };
        }
        Ok(())
    }

    fn load_event(&self) -> FairResult<EventInfo> {
        let mut event = self
            .tx
            .prepare_cached(
                "SELECT code, name, venue, date, utc_offset_min, opens, closes, max_open_tickets,
                    idle_timeout_s, default_service_s, show_household_to_booths, noshow_grace_s, kind, place, organiser
                 FROM event WHERE id = 1",
            )?
            .query_row([], |r| {
                let date: String = r.get(3)?;
                let kind: String = r.get(12)?;
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
                    noshow_grace_s: r.get(11)?,
                    kind: EventKind::parse(&kind).unwrap_or_default(),
                    place: r.get(13)?,
                    organiser: r.get(14)?,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn new_event() -> NewEvent {
        NewEvent {
            code: "T26".into(),
            name: "Ngày hội".into(),
            venue: "Nhà văn hoá".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
            kind: EventKind::PhienGd,
            place: "Xã Yên Ninh".into(),
            organiser: String::new(),
            utc_offset_min: 420,
            opens: "07:30".into(),
            closes: "11:30".into(),
            max_open_tickets: 3,
            idle_timeout_s: 30,
            default_service_s: 300,
            show_household_to_booths: false,
            pin_hash: String::new(),
        }
    }

    /// Two connections on one file, as the engine's writer and reader (or the hub and a CLI
    /// import) are; the first has an event with one commune.
    fn two_connections() -> (tempfile::TempDir, Store, Store) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let mut a = Store::open(&path).unwrap();
        a.write(|tx| {
            tx.insert_event(&new_event())?;
            tx.insert_commune("Xã Yên Ninh", "xa yen ninh")?;
            Ok(())
        })
        .unwrap();
        let b = Store::open(&path).unwrap();
        (dir, a, b)
    }

    fn name(store: &mut Store) -> String {
        store.read(|tx| tx.event()).unwrap().name
    }

    #[test]
    fn cached_settings_follow_changes_made_on_another_connection() {
        let (_dir, mut a, mut b) = two_connections();
        assert_eq!(name(&mut a), "Ngày hội");
        let matcher = a.read(|tx| tx.commune_matcher()).unwrap();
        assert_eq!(matcher.match_name("Động Đạt"), None);

        b.write(|tx| {
            tx.update_event_details("Hội chợ việc làm", "Sân vận động", new_event().date)?;
            tx.insert_commune("Xã Động Đạt", "xa dong dat")
        })
        .unwrap();

        assert_eq!(name(&mut a), "Hội chợ việc làm");
        let event = a.read(|tx| tx.event()).unwrap();
        assert_eq!(event.communes.len(), 2);
        let matcher = a.read(|tx| tx.commune_matcher()).unwrap();
        assert_eq!(matcher.match_name("Động Đạt"), Some(event.communes[1].id));
    }

    #[test]
    fn a_rolled_back_change_does_not_stay_in_the_cache() {
        let (_dir, mut a, _b) = two_connections();
        let failed = a.write(|tx| {
            tx.update_event_details("Đã huỷ", "", new_event().date)?;
            assert_eq!(tx.event()?.name, "Đã huỷ");
            Err::<(), _>(FairError::invalid("then something failed"))
        });
        assert!(failed.is_err());
        assert_eq!(name(&mut a), "Ngày hội");

        // The same inside a batch: the failed operation is undone alone, and a later one
        // that moves the version counter to the same number is not mistaken for it.
        let ops: Vec<BatchOp> = vec![
            Box::new(|tx: &Tx<'_>| {
                tx.update_event_details("Lần một", "", new_event().date)
                    .unwrap();
                assert_eq!(tx.event().unwrap().name, "Lần một");
                false
            }),
            Box::new(|tx: &Tx<'_>| {
                tx.update_event_details("Lần hai", "", new_event().date)
                    .is_ok()
            }),
        ];
        assert_eq!(a.write_batch(ops).unwrap(), vec![false, true]);
        assert_eq!(name(&mut a), "Lần hai");
    }

    #[test]
    fn a_lone_operation_that_fails_in_a_batch_leaves_nothing_behind() {
        // A batch of one runs without a savepoint; its failure must still undo all of it.
        let (_dir, mut a, mut b) = two_connections();
        let ops: Vec<BatchOp> = vec![Box::new(|tx: &Tx<'_>| {
            tx.update_event_details("Không lưu", "", new_event().date)
                .unwrap();
            tx.insert_commune("Xã Không Lưu", "xa khong luu").unwrap();
            false
        })];
        assert_eq!(a.write_batch(ops).unwrap(), vec![false]);
        assert!(a.connection().is_autocommit(), "no transaction left open");
        assert_eq!(name(&mut a), "Ngày hội");
        assert_eq!(name(&mut b), "Ngày hội");
        assert_eq!(a.read(|tx| tx.communes()).unwrap().len(), 1);
        // And a lone operation that succeeds is committed.
        let ops: Vec<BatchOp> = vec![Box::new(|tx: &Tx<'_>| {
            tx.update_event_details("Lưu", "", new_event().date).is_ok()
        })];
        assert_eq!(a.write_batch(ops).unwrap(), vec![true]);
        assert_eq!(name(&mut b), "Lưu");
    }
}
