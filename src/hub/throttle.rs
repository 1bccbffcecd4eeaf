//! Slowing down a station that keeps naming attendees who are not there.
//!
//! Registration codes are short, and a token that may read profiles could otherwise try them
//! as fast as the hub answers. The hub counts, per token, the lookups of an attendee by code
//! that found nobody (404): after [`MISSES_PER_WINDOW`] of them within [`WINDOW`], every further
//! lookup by that token is refused with 429 and `Retry-After` until the oldest miss is a window
//! old. A station used by people misses a handful of times a morning; a script guessing codes
//! gets ten tries a minute.
//!
//! Lookups that are still running count as possible misses once a token has missed at all, so
//! firing many guesses at once does not get past the limit. A token that has never missed is
//! not held back however many lookups it runs at once, so a busy kiosk never waits.
//!
//! State is kept per token id, and only while a token has recent misses or running lookups, so
//! it stays as small as the token table.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many lookups that found nobody a token may make within [`WINDOW`].
pub const MISSES_PER_WINDOW: usize = 10;
/// The window over which misses are counted.
pub const WINDOW: Duration = Duration::from_secs(60);

#[derive(Default)]
struct Record {
    misses: VecDeque<Instant>,
    running: usize,
}

/// The per-token record of recent misses.
pub struct LookupThrottle {
    limit: usize,
    window: Duration,
    records: Mutex<HashMap<i64, Record>>,
}

impl Default for LookupThrottle {
    fn default() -> Self {
        Self::new(MISSES_PER_WINDOW, WINDOW)
    }
}

impl LookupThrottle {
    /// A throttle allowing `limit` misses per `window`.
    pub fn new(limit: usize, window: Duration) -> Self {
        Self {
            limit,
            window,
            records: Mutex::new(HashMap::new()),
        }
    }

    fn records(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Record>> {
        // The map holds only counters and instants; one left half-updated by a panic is still
        // usable.
        self.records
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Starts a lookup by token `token_id`, or says in how many seconds (at least 1) it may
    /// try again. Say how it went with [`Lookup::finish`].
    pub fn begin(&self, token_id: i64) -> Result<Lookup<'_>, u64> {
        let now = Instant::now();
        let mut records = self.records();
        let record = records.entry(token_id).or_default();
        while record
            .misses
            .front()
            .is_some_and(|at| now.duration_since(*at) >= self.window)
        {
            record.misses.pop_front();
        }
        let at_risk = if record.misses.is_empty() {
            0
        } else {
            record.misses.len() + record.running
        };
        if at_risk >= self.limit {
            let wait = record
                .misses
                .front()
                .map_or(Duration::from_secs(1), |oldest| {
                    self.window.saturating_sub(now.duration_since(*oldest))
                });
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            return Err(seconds.max(1));
        }
        record.running += 1;
        Ok(Lookup {
            throttle: self,
            token_id,
            missed: false,
        })
    }

    fn end(&self, token_id: i64, missed: bool) {
        let mut records = self.records();
        let Some(record) = records.get_mut(&token_id) else {
            return;
        };
        record.running = record.running.saturating_sub(1);
        if missed {
            record.misses.push_back(Instant::now());
        }
        if record.running == 0 && record.misses.is_empty() {
            records.remove(&token_id);
        }
    }
}

/// A lookup in progress. Dropping it without [`Lookup::finish`] (a panic) counts as a hit.
pub struct Lookup<'a> {
    throttle: &'a LookupThrottle,
    token_id: i64,
    missed: bool,
}

impl Lookup<'_> {
    /// Ends the lookup; `missed` when it found nobody.
    pub fn finish(mut self, missed: bool) {
        self.missed = missed;
    }
}

impl Drop for Lookup<'_> {
    fn drop(&mut self) {
        self.throttle.end(self.token_id, self.missed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses_beyond_the_limit_are_refused_until_the_window_passes() {
        let throttle = LookupThrottle::new(3, Duration::from_millis(300));
        for _ in 0..3 {
            throttle.begin(1).unwrap().finish(true);
        }
        let retry = throttle.begin(1).err().expect("a fourth lookup is refused");
        assert_eq!(retry, 1, "rounded up to whole seconds");
        // Another token is not affected.
        throttle.begin(2).unwrap().finish(true);
        std::thread::sleep(Duration::from_millis(350));
        throttle.begin(1).unwrap().finish(false);
    }

    #[test]
    fn hits_never_count() {
        let throttle = LookupThrottle::new(2, WINDOW);
        for _ in 0..100 {
            throttle.begin(1).unwrap().finish(false);
        }
        assert!(throttle.records().is_empty());
    }

    #[test]
    fn running_lookups_count_once_a_token_has_missed() {
        let throttle = LookupThrottle::new(3, WINDOW);
        // A token that never missed runs as many at once as it likes.
        let running: Vec<_> = (0..10).map(|_| throttle.begin(1).unwrap()).collect();
        drop(running);
        throttle.begin(1).unwrap().finish(true);
        let first = throttle.begin(1).unwrap();
        let _second = throttle.begin(1).unwrap();
        assert!(throttle.begin(1).is_err(), "1 miss + 2 running reach 3");
        first.finish(false);
        assert!(throttle.begin(1).is_ok());
    }
}
