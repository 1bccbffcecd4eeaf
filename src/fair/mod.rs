//! `Fair`: the application service over one local database. It implements [`FairApi`].
//!
//! Every write is one operation that writes the state change and its log row together, in
//! its own savepoint of a group-committed transaction on the one write connection (see `writer`),
//! and replies only after the commit. Reads run on a few other connections, so a dashboard
//! reading never waits for an fsync, and a board or booth console need not wait for a whole
//! report. `Fair` is `Sync`: the UI worker and the hub's handlers share one.

mod amend;
mod checkin;
mod clock;
mod helpdesk;
mod import;
mod lists;
mod live;
mod organiser;
mod printers;
mod queue;
mod setup;
mod setup_api;
mod views;
mod writer;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

use chrono::{DateTime, Utc};

use crate::api::*;
use crate::report::{Facts, Report, ReportRange};
use crate::store::{LogRow, Store, Tx};
pub use clock::{Clock, ManualClock, SystemClock};
pub use lists::SlipSelection;
pub use live::LiveStats;
pub use organiser::{
    EventDetails, Refusal, SetupBooth, SetupDesk, SetupError, SetupResult, SetupVacancy, SetupView,
    parse_event_date, valid_pin,
};
pub use setup::{AliasSetup, BoothSetup, EventSetup, hash_pin};
pub(crate) use setup::{pin_matches, pin_needs_rehash, valid_booth_code};
pub use setup_api::{SetupApi, SetupChange, SetupDone};

/// Read connections. A headcount report over 100,000 attendees takes a few hundred
/// milliseconds; with one reader every board and booth console of the hall waited for it.
const READERS: usize = 3;

/// The fair engine on a local SQLite file.
pub struct Fair {
    readers: Vec<Mutex<Store>>,
    /// Which reader a caller waits for when all are busy, so waiters spread over them.
    next_reader: AtomicUsize,
    writer: Arc<writer::Writer>,
    clock: Arc<dyn Clock>,
    /// The report, board and booth statuses kept between reads (see `live`).
    live: live::LiveViews,
    /// The event's UTC offset as the last check-in found it, so the next one can read its scan
    /// before it queues for the writer (see `checkin::Classified`).
    checkin_offset: checkin::SeenOffset,
}

impl Fair {
    /// Opens an existing event database, with the system clock.
    pub fn open(path: &Path) -> FairResult<Self> {
        Self::open_with_clock(path, Arc::new(SystemClock))
    }

    /// Opens an existing event database with the given clock (tests use a manual one).
    pub fn open_with_clock(path: &Path, clock: Arc<dyn Clock>) -> FairResult<Self> {
        let mut reader = Store::open(path)?;
        if !reader.has_event()? {
            return Err(FairError::Invalid {
                message: "this database has no event yet: run `fairdesk init` first".into(),
            });
        }
        let mut readers = vec![Mutex::new(reader)];
        for _ in 1..READERS {
            readers.push(Mutex::new(Store::open(path)?));
        }
        Ok(Self {
            readers,
            next_reader: AtomicUsize::new(0),
            writer: Arc::new(writer::Writer::start(Store::open(path)?)?),
            clock,
            live: live::LiveViews::default(),
            checkin_offset: checkin::SeenOffset::default(),
        })
    }

    /// The current time by this fair's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    fn reader(&self) -> MutexGuard<'_, Store> {
        // A panic elsewhere while holding a lock cannot leave a transaction half-done (SQLite
        // rolls it back), so the store behind a poisoned lock is still sound.
        for reader in &self.readers {
            match reader.try_lock() {
                Ok(guard) => return guard,
                Err(TryLockError::Poisoned(poisoned)) => return poisoned.into_inner(),
                Err(TryLockError::WouldBlock) => {}
            }
        }
        let turn = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len();
        self.readers[turn]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// One write operation, group-committed on the write connection.
    fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Tx<'_>) -> FairResult<T> + Send + 'static,
    ) -> FairResult<T> {
        self.writer.write(f)
    }

    /// [`Fair::write`] for the hub's request handlers: queues `job` (or fails with the error
    /// its request was refused with) and awaits the commit without blocking.
    fn write_async<T, F>(
        &self,
        job: FairResult<F>,
    ) -> impl std::future::Future<Output = FairResult<T>> + Send + 'static + use<T, F>
    where
        T: Send + 'static,
        F: FnOnce(&Tx<'_>) -> FairResult<T> + Send + 'static,
    {
        let write = job.map(|f| self.writer.write_async(f));
        async move { write?.await }
    }

    fn read<T>(&self, f: impl FnOnce(&Tx<'_>) -> FairResult<T>) -> FairResult<T> {
        self.reader().read(f)
    }

    /// Runs `f` with one of the read connections (tests check invariants with their own SQL; backup
    /// and the benchmarks' bulk loads use it). What `f` writes may bypass the log, so the live
    /// views are forgotten afterwards and the next read loads them afresh.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        let out = f(&mut self.reader());
        self.live.forget();
        out
    }

    /// Replaces a PIN hash of an older form (SHA-256, or other Argon2 costs) after `pin` matched
    /// it: one transaction, only if the stored hash is still `stored`, logged as `pin_rehashed`
    /// (never with the PIN). A failure is logged and changes nothing: the PIN was right.
    fn rehash_pin(&self, stored: String, pin: &str) {
        let upgraded = setup::hash_pin(pin).and_then(|hash| {
            let now = self.now();
            self.write(move |tx| {
                if tx.pin_hash()? != stored {
                    return Ok(false);
                }
                tx.set_pin_hash(&hash)?;
                tx.append_log(
                    now,
                    &crate::store::LogEntry {
                        kind: "pin_rehashed",
                        station: Some("setup"),
                        ..Default::default()
                    },
                )?;
                Ok(true)
            })
        });
        match upgraded {
            Ok(true) => tracing::info!("organiser PIN hash upgraded to Argon2id"),
            Ok(false) => {}
            Err(err) => tracing::warn!(code = err.code(), "cannot upgrade the organiser PIN hash"),
        }
    }

    /// The whole append-only log.
    pub fn log(&self) -> FairResult<Vec<LogRow>> {
        self.read(|tx| tx.log())
    }

    /// The report facts from the state tables.
    pub fn facts(&self) -> FairResult<Facts> {
        self.read(|tx| tx.report_facts())
    }

    /// The report computed from scratch: every fact loaded from the state tables, then
    /// [`Report::compute`]. [`FairApi::report`] gives the same figures from the facts kept in
    /// memory; this is the reference the tests and benchmarks compare it with.
    pub fn full_report(&self, range: ReportRange) -> FairResult<Report> {
        let facts = self.facts()?;
        Ok(Report::compute(&facts, range, self.now()))
    }

    /// How the live report has been kept: loads from the tables, log rows applied.
    pub fn live_stats(&self) -> LiveStats {
        self.live.stats()
    }
}

impl FairApi for Fair {
    fn event(&self) -> FairResult<EventInfo> {
        self.read(|tx| tx.event())
    }

    fn report_printer(&self, update: PrinterUpdate) -> FairResult<Option<PrinterReport>> {
        self.put_printer(None, update).map(Some)
    }

    fn printers(&self) -> FairResult<Vec<PrinterReport>> {
        self.printers_impl()
    }

    fn checkin(&self, request: CheckinRequest) -> FairResult<CheckinOutcome> {
        self.checkin_impl(request)
    }

    fn attendee(&self, code: &str) -> FairResult<AttendeeProfile> {
        let now = self.now();
        self.read(|tx| {
            let row = views::attendee_by_code(tx, code)?;
            views::profile(tx, &row, now)
        })
    }

    fn update_attendee(&self, code: &str, update: ProfileUpdate) -> FairResult<AttendeeProfile> {
        self.update_attendee_impl(code, update)
    }

    fn booths(&self) -> FairResult<Vec<BoothStatus>> {
        self.read(|tx| Ok(self.live.booths(tx, views::booth_statuses)?.to_vec()))
    }

    fn suggestions(&self, attendee: &str) -> FairResult<Suggestions> {
        self.read(|tx| {
            let statuses = self.live.booths(tx, views::booth_statuses)?;
            views::suggestions(tx, attendee, &statuses)
        })
    }

    fn issue_ticket(
        &self,
        attendee: &str,
        booth: &str,
        station: Option<&str>,
    ) -> FairResult<TicketIssued> {
        self.issue_ticket_impl(attendee, booth, station)
    }

    fn call_next(&self, desk: &str) -> FairResult<Option<TicketView>> {
        self.call_next_impl(desk)
    }

    fn act(&self, target: Target, action: StaffAction) -> FairResult<TicketView> {
        self.act_impl(target, action)
    }

    fn set_desk_open(&self, desk: &str, open: bool) -> FairResult<DeskInfo> {
        self.set_desk_open_impl(desk, open)
    }

    fn desk_view(&self, desk: &str) -> FairResult<DeskView> {
        let now = self.now();
        self.read(|tx| views::desk_view(tx, desk, now))
    }

    fn board(&self) -> FairResult<Board> {
        self.read(|tx| self.live.board(tx, views::board))
    }

    /// From the facts kept in memory and advanced by the log rows since the last call
    /// (`live`): the same figures as [`Fair::full_report`], at the cost of what changed.
    fn report(&self, range: ReportRange) -> FairResult<Report> {
        let now = self.now();
        self.live
            .report(|advance| self.read(|tx| advance(tx)), range, now)
    }

    fn change_counter(&self) -> FairResult<u64> {
        self.read(|tx| tx.change_counter())
    }

    fn verify_pin(&self, pin: &str) -> FairResult<bool> {
        crate::domain::limits::check("pin", pin, crate::domain::limits::PIN)?;
        // Stored PINs are digits; anything else is wrong without spending a hash on it.
        if pin.is_empty() || !pin.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(false);
        }
        let stored = self.read(|tx| tx.pin_hash())?;
        if !setup::pin_matches(&stored, pin) {
            return Ok(false);
        }
        if setup::pin_needs_rehash(&stored) {
            self.rehash_pin(stored, pin);
        }
        Ok(true)
    }

    fn search_attendees(&self, query: &str, limit: u32) -> FairResult<SearchResults> {
        self.search_impl(query, limit)
    }

    fn helpdesk_person(&self, code: &str) -> FairResult<HelpdeskPerson> {
        self.helpdesk_person_impl(code)
    }

    fn correct_attendee(&self, code: &str, correction: Correction) -> FairResult<HelpdeskPerson> {
        self.correct_impl(code, correction)
    }

    fn register_attendee(&self, registration: Registration) -> FairResult<RegisterReply> {
        self.register_impl(registration)
    }

    fn checkin_on_behalf(&self, code: &str, request: OnBehalf) -> FairResult<CheckinOutcome> {
        self.checkin_on_behalf_impl(code, request)
    }

    fn undo_tickets(
        &self,
        attendee: &str,
        tickets: &[String],
        station: Option<&str>,
    ) -> FairResult<UndoReply> {
        self.undo_tickets_impl(attendee, tickets, station)
    }

    fn amend_outcome(
        &self,
        desk: &str,
        ticket: &str,
        outcome: crate::domain::Outcome,
        note: Option<String>,
    ) -> FairResult<TicketView> {
        self.amend_outcome_impl(desk, ticket, outcome, note)
    }
}
