//! Guessing the organiser PIN (issue 12): failed checks are counted per token and per station
//! (the address a request comes from), and after [`PinPolicy::max_failures`] of them that key
//! is locked, first for [`PinPolicy::first_lock`], then twice as long each time, up to
//! [`PinPolicy::longest_lock`]. A right PIN clears the keys it came with; a key left alone for
//! [`PinPolicy::forget_after`] starts afresh. At the defaults a 4-digit PIN takes one token
//! and one address weeks to find, where it took 1.5 s.
//!
//! The counts live in memory: restarting the hub clears them, which only the organiser can do.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use std::time::Instant;

/// What a PIN check is counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PinKey {
    /// A station token, by row id.
    Token(i64),
    /// The address a request came from.
    Peer(IpAddr),
    /// This station itself (the kiosk checking its offline copy of the PIN).
    Local,
}

impl std::fmt::Display for PinKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Token(id) => write!(f, "token {id}"),
            Self::Peer(ip) => write!(f, "address {ip}"),
            Self::Local => f.write_str("this station"),
        }
    }
}

/// How many failures lock a key, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinPolicy {
    /// Failed checks in a row that lock the key.
    pub max_failures: u32,
    /// The first lock's length; each further lock doubles it.
    pub first_lock: Duration,
    /// The longest a lock lasts.
    pub longest_lock: Duration,
    /// A key with no lock in force and no check for this long is forgotten.
    pub forget_after: Duration,
}

impl Default for PinPolicy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            first_lock: Duration::from_secs(30),
            longest_lock: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(60 * 60),
        }
    }
}

impl PinPolicy {
    fn lock_for(&self, locks: u32) -> Duration {
        let doublings = locks.saturating_sub(1).min(20);
        self.first_lock
            .saturating_mul(1 << doublings)
            .min(self.longest_lock)
    }
}

#[derive(Debug, Clone, Copy)]
struct Record {
    /// Checks since the last lock or right PIN, counted as they start (so that checks running
    /// side by side cannot slip past the limit).
    failures: u32,
    /// Locks so far; each is longer.
    locks: u32,
    locked_until: Option<Instant>,
    last: Instant,
}

/// Counts of failed PIN checks, shared by all requests.
#[derive(Debug)]
pub struct PinGuard {
    policy: PinPolicy,
    records: Mutex<HashMap<PinKey, Record>>,
}

/// Keys forgotten only when there are more than this many, so that pruning is rare.
const PRUNE_ABOVE: usize = 4096;

impl Default for PinGuard {
    fn default() -> Self {
        Self::new(PinPolicy::default())
    }
}

impl PinGuard {
    /// A guard with `policy`.
    pub fn new(policy: PinPolicy) -> Self {
        Self {
            policy,
            records: Mutex::new(HashMap::new()),
        }
    }

    /// Starts a check for `keys` at `now`: counted as a failure until [`PinGuard::succeeded`]
    /// says otherwise. `Err` is how long the caller must wait when any key is locked; then
    /// nothing is counted and the PIN must not be checked.
    pub fn attempt(&self, keys: &[PinKey], now: Instant) -> Result<(), Duration> {
        let mut records = self.records.lock().unwrap_or_else(|p| p.into_inner());
        if records.len() > PRUNE_ABOVE {
            let policy = self.policy;
            records.retain(|_, r| !stale(&policy, r, now));
        }
        let wait = keys
            .iter()
            .filter_map(|key| records.get(key))
            .filter_map(|r| r.locked_until)
            .filter(|until| *until > now)
            .map(|until| until - now)
            .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        for key in keys {
            let record = records.entry(*key).or_insert(Record {
                failures: 0,
                locks: 0,
                locked_until: None,
                last: now,
            });
            if stale(&self.policy, record, now) {
                *record = Record {
                    failures: 0,
                    locks: 0,
                    locked_until: None,
                    last: now,
                };
            }
            record.last = now;
            record.failures += 1;
            if record.failures >= self.policy.max_failures {
                record.locks += 1;
                record.failures = 0;
                let lock = self.policy.lock_for(record.locks);
                record.locked_until = Some(now + lock);
                // The key names a token row or an address, never the token or the PIN.
                tracing::warn!(
                    key = %key,
                    seconds = lock.as_secs(),
                    "organiser PIN checks locked after repeated wrong PINs"
                );
            }
        }
        Ok(())
    }

    /// The PIN was right: `keys` start afresh.
    pub fn succeeded(&self, keys: &[PinKey]) {
        let mut records = self.records.lock().unwrap_or_else(|p| p.into_inner());
        for key in keys {
            records.remove(key);
        }
    }
}

/// A wait in whole seconds, rounded up (so that waiting exactly this long is enough), at least 1.
pub fn whole_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

/// "too many wrong PINs; try again in 30 s".
pub fn wait_message(what: &str, wait: Duration) -> String {
    format!("too many {what}; try again in {} s", whole_seconds(wait))
}

fn stale(policy: &PinPolicy, record: &Record, now: Instant) -> bool {
    record.locked_until.is_none_or(|until| until <= now)
        && now.saturating_duration_since(record.last) >= policy.forget_after
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn five_failures_lock_for_a_growing_time() {
        let guard = PinGuard::default();
        let key = [PinKey::Token(7)];
        let t0 = Instant::now();
        for _ in 0..5 {
            assert_eq!(guard.attempt(&key, t0), Ok(()));
        }
        assert_eq!(guard.attempt(&key, t0), Err(30 * S));
        assert_eq!(guard.attempt(&key, t0 + 10 * S), Err(20 * S));
        // The lock ran out: five more tries, then twice as long.
        let t1 = t0 + 30 * S;
        for _ in 0..5 {
            assert_eq!(guard.attempt(&key, t1), Ok(()));
        }
        assert_eq!(guard.attempt(&key, t1), Err(60 * S));
        let mut t = t1 + 60 * S;
        for expected in [120, 240, 480, 900, 900] {
            for _ in 0..5 {
                assert_eq!(guard.attempt(&key, t), Ok(()));
            }
            assert_eq!(guard.attempt(&key, t), Err(expected * S));
            t += expected * S;
        }
    }

    #[test]
    fn a_right_pin_clears_its_keys_only() {
        let guard = PinGuard::default();
        let (kiosk, board, here) = (
            PinKey::Token(1),
            PinKey::Token(2),
            PinKey::Peer([10, 0, 0, 5].into()),
        );
        let t0 = Instant::now();
        for _ in 0..4 {
            guard.attempt(&[board, here], t0).unwrap();
        }
        guard.succeeded(&[kiosk, here]);
        // The board token still has four failures: one more locks it, from any address.
        guard.attempt(&[board, here], t0).unwrap();
        assert!(
            guard
                .attempt(&[board, PinKey::Peer([10, 0, 0, 6].into())], t0)
                .is_err()
        );
        // The address itself had been cleared: another token there may still try.
        assert_eq!(guard.attempt(&[kiosk, here], t0), Ok(()));
    }

    #[test]
    fn a_lock_on_either_key_refuses_and_quiet_keys_are_forgotten() {
        let guard = PinGuard::default();
        let here = PinKey::Peer([10, 0, 0, 5].into());
        let t0 = Instant::now();
        for token in 0..5 {
            guard.attempt(&[PinKey::Token(token), here], t0).unwrap();
        }
        // Five tokens from one address: the address is locked, for a new token too.
        assert!(guard.attempt(&[PinKey::Token(99), here], t0).is_err());
        let later = t0 + 2 * 60 * 60 * S;
        assert_eq!(guard.attempt(&[PinKey::Token(0), here], later), Ok(()));
        // Forgotten: the next lock is the first one again.
        for _ in 0..4 {
            guard.attempt(&[here], later).unwrap();
        }
        assert_eq!(guard.attempt(&[here], later), Err(30 * S));
    }
}
