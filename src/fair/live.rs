//! Live views shared by every screen asking: the headcount report kept in memory and advanced
//! from the log, and the board and booth statuses cached per change counter.
//!
//! **Report.** The facts are loaded from the state tables once, in the same read transaction
//! as the change counter they are current to; every later refresh reads only the log rows
//! after that counter and passes each through [`Replay::apply`] (the function
//! [`Facts::from_log`] replays a whole log with) and on to the [`LiveReport`] of each range
//! asked for. So a refresh costs what changed, not the size of the fair.
//!
//! The facts are dropped and loaded again when they could be wrong: the log was rewritten
//! (`fairdesk purge` appends a `personal_data_purged` row), the change counter went down (a
//! different file), the event's header changed (its date moves ages, its offset moves the
//! arrival slots), or someone wrote through [`super::Fair::with_store`] without the engine
//! (the benchmarks' synthetic day writes no log rows).
//!
//! **Board and booths.** These read a handful of indexed rows, but every board, kiosk and
//! dashboard asks for them; an answer is kept with the change counter of the transaction that
//! read it and handed to every caller reading the same counter. Nothing in them depends on
//! the time of asking, and every change moves the counter (every write appends a log row).

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};

use crate::api::{Board, BoothStatus, FairError, FairResult};
use crate::report::facts::{Applied, Replay};
use crate::report::{LiveReport, Report, ReportRange};
use crate::store::Tx;

/// Ranges kept live at once; a range asked for beyond these replaces the least recently used.
/// The dashboard asks for one (the whole event); the others are exports of a session.
const LIVE_RANGES: usize = 4;

/// Everything [`super::Fair`] keeps between reads.
#[derive(Default)]
pub(crate) struct LiveViews {
    report: Mutex<ReportCache>,
    board: Mutex<Option<(u64, Board)>>,
    booths: Mutex<Option<(u64, Arc<Vec<BoothStatus>>)>>,
}

/// How the report cache has been doing (tests check a purge is noticed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LiveStats {
    /// Times the facts were loaded whole from the state tables.
    pub loads: u64,
    /// Log rows applied to the facts in memory since they were first loaded.
    pub rows_applied: u64,
    /// The change counter the facts in memory are current to.
    pub seq: u64,
}

#[derive(Default)]
struct ReportCache {
    replay: Option<Replay>,
    /// The change counter (newest log id) `replay` is current to.
    seq: u64,
    /// Live counters per range, with when each was last asked for.
    ranges: Vec<(LiveReport, u64)>,
    asked: u64,
    stats: LiveStats,
}

/// Locks `mutex`; if a panic left it poisoned, what it holds may be half-updated, so it is
/// reset to empty (a cache: the next caller loads it again).
fn lock<T: Default>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => {
            let mut guard = poisoned.into_inner();
            *guard = T::default();
            mutex.clear_poison();
            guard
        }
    }
}

impl LiveViews {
    /// Forgets everything kept: the next read loads afresh.
    pub(crate) fn forget(&self) {
        // One lock at a time: never hold one while waiting for another.
        {
            let mut report = lock(&self.report);
            report.replay = None;
            report.ranges.clear();
        }
        *lock(&self.board) = None;
        *lock(&self.booths) = None;
    }

    /// The report for `range` as of `now`, after bringing the facts up to date within `read`
    /// (which runs its closure in one read transaction). Callers asking at once wait for one
    /// another and share the work.
    pub(crate) fn report(
        &self,
        read: impl FnOnce(&mut dyn FnMut(&Tx<'_>) -> FairResult<()>) -> FairResult<()>,
        range: ReportRange,
        now: DateTime<Utc>,
    ) -> FairResult<Report> {
        let mut cache = lock(&self.report);
        let advanced = read(&mut |tx| cache.advance(tx));
        if advanced.is_err() {
            // Half advanced is worse than not at all: start again next time.
            cache.replay = None;
            cache.ranges.clear();
        }
        advanced?;
        cache.report(range, now).ok_or_else(|| FairError::Storage {
            message: "the report's facts are not loaded".into(),
        })
    }

    /// How the report cache has been doing.
    pub(crate) fn stats(&self) -> LiveStats {
        lock(&self.report).stats
    }

    /// The board as of `tx`, shared by everyone reading at the same change counter.
    pub(crate) fn board(
        &self,
        tx: &Tx<'_>,
        compute: impl FnOnce(&Tx<'_>) -> FairResult<Board>,
    ) -> FairResult<Board> {
        let counter = tx.change_counter()?;
        let mut cached = lock(&self.board);
        if let Some((at, board)) = &*cached
            && *at == counter
        {
            return Ok(board.clone());
        }
        let board = compute(tx)?;
        // A caller whose transaction began before the newest write must not replace a
        // newer answer with its older one.
        if cached.as_ref().is_none_or(|(at, _)| *at < counter) {
            *cached = Some((counter, board.clone()));
        }
        Ok(board)
    }

    /// Every booth's status as of `tx`, shared as [`LiveViews::board`].
    pub(crate) fn booths(
        &self,
        tx: &Tx<'_>,
        compute: impl FnOnce(&Tx<'_>) -> FairResult<Vec<BoothStatus>>,
    ) -> FairResult<Arc<Vec<BoothStatus>>> {
        let counter = tx.change_counter()?;
        let mut cached = lock(&self.booths);
        if let Some((at, booths)) = &*cached
            && *at == counter
        {
            return Ok(Arc::clone(booths));
        }
        let booths = Arc::new(compute(tx)?);
        if cached.as_ref().is_none_or(|(at, _)| *at < counter) {
            *cached = Some((counter, Arc::clone(&booths)));
        }
        Ok(booths)
    }
}

impl ReportCache {
    /// Brings the facts (and every live range) up to the change counter of `tx`.
    fn advance(&mut self, tx: &Tx<'_>) -> FairResult<()> {
        let counter = tx.change_counter()?;
        let current = match &self.replay {
            Some(replay) => counter >= self.seq && replay.facts().event == tx.event()?,
            None => false,
        };
        if !current {
            return self.load(tx, counter);
        }
        if counter == self.seq {
            return Ok(());
        }
        let rows = tx.log_after(i64::try_from(self.seq).unwrap_or(i64::MAX))?;
        let Some(replay) = self.replay.as_mut() else {
            return self.load(tx, counter);
        };
        for row in &rows {
            let applied = replay.apply(row);
            if applied == Applied::LogRewritten {
                // The state tables in this transaction already hold the rewrite.
                return self.load(tx, counter);
            }
            for (live, _) in &mut self.ranges {
                live.observe(replay.facts(), &applied);
            }
        }
        self.stats.rows_applied += u64::try_from(rows.len()).unwrap_or(u64::MAX);
        self.seq = counter;
        self.stats.seq = counter;
        Ok(())
    }

    /// Loads the facts whole from the state tables of `tx`, current to `counter`.
    fn load(&mut self, tx: &Tx<'_>, counter: u64) -> FairResult<()> {
        self.replay = None;
        self.ranges.clear();
        let mut facts = tx.report_facts()?;
        // Collected from SQLite rows of unknown count, the lists grew by doubling: up to
        // twice what they hold (300,000 tickets in room for 524,288, 18 MB more). They are
        // kept for the day, so trim them, leaving room to grow by an eighth before the next
        // doubling.
        let room = |len: usize| len + (len / 8).max(1024);
        facts.tickets.shrink_to(room(facts.tickets.len()));
        facts.checkins.shrink_to(room(facts.checkins.len()));
        self.replay = Some(Replay::new(facts));
        self.seq = counter;
        self.stats.loads += 1;
        self.stats.seq = counter;
        Ok(())
    }

    /// The report for `range` over the facts in memory; `None` when none are loaded (not
    /// after a successful [`ReportCache::advance`]).
    fn report(&mut self, range: ReportRange, now: DateTime<Utc>) -> Option<Report> {
        let replay = self.replay.as_ref()?;
        self.asked += 1;
        let asked = self.asked;
        let facts = replay.facts();
        if let Some((live, last)) = self.ranges.iter_mut().find(|(l, _)| l.range() == range) {
            *last = asked;
            return Some(live.report(facts, now));
        }
        let live = LiveReport::build(facts, range);
        let report = live.report(facts, now);
        if self.ranges.len() >= LIVE_RANGES
            && let Some(oldest) = self
                .ranges
                .iter()
                .enumerate()
                .min_by_key(|(_, (_, last))| *last)
                .map(|(i, _)| i)
        {
            self.ranges.swap_remove(oldest);
        }
        self.ranges.push((live, asked));
        Some(report)
    }
}
