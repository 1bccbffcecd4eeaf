//! A kiosk that survives a lost network.
//!
//! [`OfflineKiosk`] sends check-ins to the hub; when the hub cannot be reached it keeps them in
//! a local SQLite outbox ([`crate::store::OutboxStore`]) and tells the kiosk they are queued.
//! Every check-in carries a unique idempotency key from the moment it is first tried, so:
//! - a check-in whose reply was lost (the hub committed, the network dropped) is queued with
//!   the same key, and its replay is answered from the hub's idempotency table: applied once;
//! - replay goes strictly in queue order, and while anything is queued new check-ins queue
//!   behind it, so the hub sees scans in the order people arrived;
//! - an item leaves the queue only after the hub's reply is on disk locally.
//!
//! Issuing tickets needs the hub's queues: offline it fails with a plain "needs the hub".
//!
//! [`OfflineKiosk::status`] tells the kiosk screen, without waiting on any lock, whether the
//! hub answered the last call and how many check-ins wait: it is read every frame. While the
//! hub is known to be away and check-ins already wait, a new one is queued at once rather than
//! trying the hub first (that try could take the whole connect timeout, with people waiting at
//! the door); the replayer, which also probes the hub when nothing waits, notices its return.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::Utc;

use super::limits::{PinGuard, PinKey};
use crate::api::{CheckinOutcome, CheckinRequest, FairApi, FairError, FairResult, TicketIssued};
use crate::domain::scan::MAX_SCAN_BYTES;
use crate::fair::{hash_pin, pin_matches, pin_needs_rehash};
use crate::store::OutboxStore;

/// What became of a check-in at the kiosk.
#[derive(Debug, Clone, PartialEq)]
pub enum KioskCheckin {
    /// The hub answered.
    Done(CheckinOutcome),
    /// The hub is unreachable: the scan is saved and will be sent when it returns.
    Queued {
        /// How many check-ins wait now, this one included.
        pending: u64,
    },
}

/// The result of one replay pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Replay {
    /// Delivered in this pass (the hub answered, with a check-in or a refusal).
    pub delivered: u64,
    /// Still waiting (the hub went away again).
    pub pending: u64,
}

/// What the kiosk screen shows about its link to the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HubLink {
    /// The hub answered the last call (or has not been tried yet).
    pub reachable: bool,
    /// Check-ins waiting in the outbox.
    pub pending: u64,
}

impl HubLink {
    /// Nothing to tell the attendee: the hub answers and nothing waits.
    pub fn is_clear(&self) -> bool {
        self.reachable && self.pending == 0
    }
}

/// A kiosk's connection to the hub, with its outbox.
pub struct OfflineKiosk {
    hub: Arc<dyn FairApi>,
    // One lock for the outbox and for talking to the hub about it, so a replay and a new
    // check-in never interleave out of order.
    outbox: Mutex<OutboxStore>,
    // A second connection to the same file for the remembered PIN, so checking the PIN never
    // waits behind a replay that is waiting for the hub.
    pins: Mutex<OutboxStore>,
    // Wrong PINs tried against the remembered one while the hub is away.
    offline_pins: PinGuard,
    // Mirrors of the link state for `status()`, which must never wait on the lock above (a
    // replay holds it while the hub times out).
    reachable: AtomicBool,
    pending: AtomicU64,
}

/// A fresh idempotency key: 16 random bytes.
pub fn new_idempotency_key() -> FairResult<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| FairError::Storage {
        message: format!("no randomness for an idempotency key: {e}"),
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn to_json<T: serde::Serialize>(value: &T) -> FairResult<String> {
    serde_json::to_string(value).map_err(|e| FairError::invalid(format!("not serialisable: {e}")))
}

impl OfflineKiosk {
    /// A kiosk talking to `hub`, with its outbox file at `outbox` (created if needed).
    pub fn open(hub: Arc<dyn FairApi>, outbox: &Path) -> FairResult<Self> {
        let store = OutboxStore::open(outbox)?;
        let pending = store.pending_count()?;
        Ok(Self {
            hub,
            outbox: Mutex::new(store),
            pins: Mutex::new(OutboxStore::open(outbox)?),
            offline_pins: PinGuard::default(),
            reachable: AtomicBool::new(true),
            pending: AtomicU64::new(pending),
        })
    }

    /// Whether the hub answered last time, and how many check-ins wait. Never blocks.
    pub fn status(&self) -> HubLink {
        HubLink {
            reachable: self.reachable.load(Ordering::Relaxed),
            pending: self.pending.load(Ordering::Relaxed),
        }
    }

    /// Records whether a call to the hub got an answer: `Unavailable` means it did not; any
    /// other result, a refusal included, means the hub is there. The kiosk's other requests
    /// (suggestions, tickets, the PIN) report here too, so the banner follows every call.
    pub fn note<T>(&self, result: &FairResult<T>) {
        let reachable = !matches!(result, Err(FairError::Unavailable { .. }));
        if self.reachable.swap(reachable, Ordering::Relaxed) != reachable {
            if reachable {
                tracing::info!("hub reachable again");
            } else {
                tracing::warn!("hub unreachable");
            }
        }
    }

    /// Asks the hub whether it is there (a cheap authorised read), for the banner to go as
    /// soon as it returns even when nothing waits in the outbox.
    pub fn probe(&self) -> bool {
        let result = self.hub.change_counter();
        self.note(&result);
        result.is_ok()
    }

    fn set_pending(&self, outbox: &OutboxStore) -> FairResult<u64> {
        let pending = outbox.pending_count()?;
        self.pending.store(pending, Ordering::Relaxed);
        Ok(pending)
    }

    fn lock(&self) -> MutexGuard<'_, OutboxStore> {
        self.outbox
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The hub behind this kiosk.
    pub fn hub(&self) -> &Arc<dyn FairApi> {
        &self.hub
    }

    /// Check-ins waiting for the hub.
    pub fn pending(&self) -> FairResult<u64> {
        self.lock().pending_count()
    }

    /// Checks in through the hub, or queues the scan if the hub cannot be reached.
    pub fn checkin(&self, mut request: CheckinRequest) -> FairResult<KioskCheckin> {
        // Refused here as the hub would refuse it, so nothing too long is ever queued.
        request.check_limits()?;
        let outbox = self.lock();
        // Known away with a queue already: join the queue without a try that would only time
        // out. Otherwise what waits goes first, so the hub sees scans in arrival order.
        if outbox.pending_count()? > 0 && self.reachable.load(Ordering::Relaxed) {
            self.replay_locked(&outbox)?;
        }
        let key = match &request.idempotency_key {
            Some(key) => key.clone(),
            None => {
                let key = new_idempotency_key()?;
                request.idempotency_key = Some(key.clone());
                key
            }
        };
        if outbox.pending_count()? == 0 {
            let result = self.hub.checkin(request.clone());
            self.note(&result);
            match result {
                Ok(outcome) => return Ok(KioskCheckin::Done(outcome)),
                Err(FairError::Unavailable { .. }) => {}
                Err(other) => return Err(other),
            }
        }
        // A scan over the byte limit is rejected by the hub whatever its later bytes say: keep
        // only enough of it to be rejected the same way, so a stuck scanner cannot fill the
        // kiosk's disk while the hub is away.
        if request.scan.len() > MAX_SCAN_BYTES {
            let mut end = MAX_SCAN_BYTES + 1;
            while !request.scan.is_char_boundary(end) {
                end += 1;
            }
            request.scan.truncate(end);
        }
        outbox.push(&key, &to_json(&request)?, Utc::now())?;
        tracing::info!("hub unreachable: check-in queued");
        Ok(KioskCheckin::Queued {
            pending: self.set_pending(&outbox)?,
        })
    }

    /// Sends queued check-ins in order until the queue is empty or the hub is gone again.
    pub fn replay(&self) -> FairResult<Replay> {
        let outbox = self.lock();
        self.replay_locked(&outbox)
    }

    fn replay_locked(&self, outbox: &OutboxStore) -> FairResult<Replay> {
        let mut delivered = 0;
        while let Some(item) = outbox.first_pending()? {
            let request: CheckinRequest = serde_json::from_str(&item.request)
                .map_err(|e| FairError::invalid(format!("queued check-in unreadable: {e}")))?;
            let result = self.hub.checkin(request);
            self.note(&result);
            let reply = match result {
                Ok(outcome) => to_json(&outcome)?,
                Err(FairError::Unavailable { .. }) => {
                    return Ok(Replay {
                        delivered,
                        pending: self.set_pending(outbox)?,
                    });
                }
                // The hub answered and refused: retrying cannot change that, so the item is
                // done; the refusal is kept with it for the organiser.
                Err(refused) => to_json(&refused)?,
            };
            outbox.mark_delivered(item.id, &reply, Utc::now())?;
            self.set_pending(outbox)?;
            delivered += 1;
        }
        if delivered > 0 {
            tracing::info!(delivered, "outbox replayed");
        }
        Ok(Replay {
            delivered,
            pending: 0,
        })
    }

    /// The hub's reply to a queued check-in once delivered (a `CheckinOutcome` or an error).
    pub fn delivered_reply(&self, key: &str) -> FairResult<Option<String>> {
        self.lock().reply(key)
    }

    /// Checks the organiser PIN with the hub. A PIN the hub accepts is remembered here, as an
    /// Argon2id hash like the hub's, so that while the hub is away the organiser can still open
    /// the kiosk's menu and close the kiosk; a PIN the hub refuses is forgotten. Offline, with
    /// no PIN accepted here before, the answer is `Unavailable`. Wrong PINs tried against the
    /// remembered one lock it for a while, as the hub does ([`super::limits`]); while the hub
    /// has locked this kiosk out, its refusal stands and the remembered PIN is not tried.
    pub fn verify_pin(&self, pin: &str) -> FairResult<bool> {
        let result = self.hub.verify_pin(pin);
        self.note(&result);
        let pins = self
            .pins
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let remembered = pins.remembered_pin()?;
        match result {
            Ok(true) => {
                // Hashing is slow on purpose: only when the copy here is not this PIN's already.
                let current = remembered
                    .as_deref()
                    .is_some_and(|hash| !pin_needs_rehash(hash) && pin_matches(hash, pin));
                if !current {
                    let remembered =
                        hash_pin(pin).and_then(|hash| pins.set_remembered_pin(Some(&hash)));
                    if let Err(err) = remembered {
                        tracing::warn!("cannot remember the accepted PIN for offline use: {err}");
                    }
                }
                self.offline_pins.succeeded(&[PinKey::Local]);
                Ok(true)
            }
            Ok(false) => {
                if remembered.is_some_and(|hash| pin_matches(&hash, pin)) {
                    pins.set_remembered_pin(None)?;
                }
                Ok(false)
            }
            Err(FairError::Unavailable { message }) => match remembered {
                Some(hash) => {
                    self.offline_pins
                        .attempt(&[PinKey::Local], std::time::Instant::now())
                        .map_err(|wait| FairError::TooManyAttempts {
                            retry_after_s: super::limits::whole_seconds(wait),
                        })?;
                    let ok = pin_matches(&hash, pin);
                    if ok {
                        self.offline_pins.succeeded(&[PinKey::Local]);
                    }
                    Ok(ok)
                }
                None => Err(FairError::Unavailable { message }),
            },
            Err(other) => Err(other),
        }
    }

    /// Issues a ticket; needs the hub, and says so plainly when it is away.
    pub fn issue_ticket(
        &self,
        attendee: &str,
        booth: &str,
        station: Option<&str>,
    ) -> FairResult<TicketIssued> {
        let result = self.hub.issue_ticket(attendee, booth, station);
        self.note(&result);
        result.map_err(|e| match e {
            FairError::Unavailable { .. } => FairError::Unavailable {
                message: "issuing tickets needs the hub; try again when it is back".into(),
            },
            other => other,
        })
    }

    /// Replays the outbox every `interval` on a background thread until the handle is dropped;
    /// when nothing waits, probes the hub instead, so the kiosk learns it is back.
    pub fn start_replayer(self: &Arc<Self>, interval: Duration) -> Replayer {
        let stop = Arc::new(AtomicBool::new(false));
        let kiosk = Arc::clone(self);
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("fairdesk-outbox".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    match kiosk.replay() {
                        Ok(Replay {
                            delivered: 0,
                            pending: 0,
                        }) => {
                            kiosk.probe();
                        }
                        Ok(_) => {}
                        Err(err) => tracing::warn!(code = err.code(), "outbox replay failed"),
                    }
                    // Sleep in short steps so dropping the handle stops the thread promptly.
                    let mut slept = Duration::ZERO;
                    while slept < interval && !flag.load(Ordering::Relaxed) {
                        let step = Duration::from_millis(50).min(interval - slept);
                        std::thread::sleep(step);
                        slept += step;
                    }
                }
            })
            .ok();
        Replayer { stop, thread }
    }
}

/// Stops the background replayer when dropped.
pub struct Replayer {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Replayer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
