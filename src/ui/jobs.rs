//! Engine calls off the UI thread for the staff screens (booth, board, dashboard, setup).
//!
//! The kiosk's [`super::worker`] has one fixed request enum; the staff screens each need their
//! own replies, so this worker runs a closure over the [`FairApi`] on its thread and sends the
//! closure's result back, then wakes the UI with `request_repaint`. The UI drains results each
//! frame with [`Jobs::poll`], so a slow disk (or a slow hub) never freezes a frame.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::api::FairApi;

/// Wakes the UI from another thread once the UI has given its context (on its first frame).
#[derive(Clone, Default)]
pub struct UiWaker(Arc<Mutex<Option<egui::Context>>>);

impl UiWaker {
    /// Remembers the UI's context (cheap; call every frame).
    pub fn attach(&self, ctx: &egui::Context) {
        if let Ok(mut guard) = self.0.lock()
            && guard.is_none()
        {
            *guard = Some(ctx.clone());
        }
    }

    /// Asks the UI for a frame, if it has attached.
    pub fn wake(&self) {
        if let Ok(guard) = self.0.lock()
            && let Some(ctx) = guard.as_ref()
        {
            ctx.request_repaint();
        }
    }
}

/// One unit of engine work; its result is the screen's reply type `R`.
pub type Job<R> = Box<dyn FnOnce(&dyn FairApi) -> R + Send>;

/// The UI's end of a staff worker: send jobs, drain their results.
pub struct Jobs<R> {
    jobs: Sender<Job<R>>,
    results: Receiver<R>,
    /// Set on the first frame, so the worker can wake the UI when a result is ready.
    waker: UiWaker,
    in_flight: usize,
}

impl<R: Send + 'static> Jobs<R> {
    /// Starts a worker thread named `name` over `api`. The thread ends when `Jobs` is dropped.
    pub fn spawn(api: Arc<dyn FairApi>, name: &str) -> Self {
        let (jobs, inbox) = channel::<Job<R>>();
        let (outbox, results) = channel::<R>();
        let waker = UiWaker::default();
        let wake = waker.clone();
        let spawned = thread::Builder::new()
            .name(format!("fairdesk-{name}"))
            .spawn(move || {
                while let Ok(job) = inbox.recv() {
                    let result = job(api.as_ref());
                    if outbox.send(result).is_err() {
                        break;
                    }
                    wake.wake();
                }
            });
        if let Err(err) = spawned {
            tracing::error!("cannot start the {name} worker thread: {err}");
        }
        Self {
            jobs,
            results,
            waker,
            in_flight: 0,
        }
    }

    /// Remembers the UI's context for waking it (cheap; call every frame).
    pub fn attach(&self, ctx: &egui::Context) {
        self.waker.attach(ctx);
    }

    /// Queues `job`; its result arrives through [`Self::poll`].
    pub fn send(&mut self, job: impl FnOnce(&dyn FairApi) -> R + Send + 'static) {
        if self.jobs.send(Box::new(job)).is_ok() {
            self.in_flight += 1;
        } else {
            tracing::error!("a staff worker thread has stopped");
        }
    }

    /// Results that have arrived, without waiting.
    pub fn poll(&mut self) -> Vec<R> {
        let mut out = Vec::new();
        loop {
            match self.results.try_recv() {
                Ok(result) => {
                    self.in_flight = self.in_flight.saturating_sub(1);
                    out.push(result);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.in_flight = 0;
                    break;
                }
            }
        }
        out
    }

    /// Jobs sent whose result has not been drained yet.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }
}

/// The first retry after a failed poll, in seconds; each further failure doubles it.
pub const RETRY_FIRST_S: f64 = 0.5;
/// The longest wait between retries, in seconds: a hub back after a long outage is noticed
/// within this, while a hall of stations does not hammer a hub that is starting up.
pub const RETRY_MAX_S: f64 = 10.0;

/// Retry delays after failures: 0.5 s, 1 s, 2 s, … up to 10 s, back to the start on success.
#[derive(Debug, Clone, Default)]
pub struct Backoff {
    /// The last delay handed out, while failures continue.
    current_s: Option<f64>,
}

impl Backoff {
    /// The delay before the next try after one more failure.
    pub fn fail(&mut self) -> f64 {
        let next = self
            .current_s
            .map_or(RETRY_FIRST_S, |s| (s * 2.0).min(RETRY_MAX_S));
        self.current_s = Some(next);
        next
    }

    /// A call succeeded: the next failure starts again at the shortest delay.
    pub fn reset(&mut self) {
        self.current_s = None;
    }

    /// The current delay while failures continue, `None` after a success.
    pub fn current(&self) -> Option<f64> {
        self.current_s
    }
}

/// When to ask the engine "anything new?" again: a screen polls `change_counter` every
/// `interval_s` and refetches only when the counter moved. When a poll finds the engine away
/// (a hub that does not answer), [`Poller::failed`] backs off from 0.5 s doubling to 10 s, and
/// the screen shows "reconnecting" over its last view until a poll succeeds.
#[derive(Debug, Clone)]
pub struct Poller {
    /// Seconds between polls.
    pub interval_s: f64,
    /// The counter the shown snapshot was built from.
    pub seen: Option<u64>,
    next_at: f64,
    /// When the last poll was sent (the base of the next retry).
    last_at: f64,
    backoff: Backoff,
}

impl Poller {
    /// A poller that asks at once, then every `interval_s`.
    pub fn new(interval_s: f64) -> Self {
        Self {
            interval_s,
            seen: None,
            next_at: 0.0,
            last_at: 0.0,
            backoff: Backoff::default(),
        }
    }

    /// Whether to poll at `now` (egui's input time); schedules the next poll when it says yes.
    pub fn due(&mut self, now: f64) -> bool {
        if now >= self.next_at {
            self.last_at = now;
            self.next_at = now + self.interval_s;
            true
        } else {
            false
        }
    }

    /// Something changed elsewhere ([`ChangeWatch`]): poll as soon as `gap_s` has passed since
    /// the last poll, so a busy fair does not make the screen refetch on every change.
    pub fn poke(&mut self, gap_s: f64) {
        self.next_at = self.next_at.min(self.last_at + gap_s);
    }

    /// Forgets the snapshot's counter, so the next poll refetches (after the UI's own change).
    pub fn invalidate(&mut self) {
        self.seen = None;
        self.next_at = 0.0;
    }

    /// The last poll could not reach the engine: retry later, each time twice as late.
    pub fn failed(&mut self) {
        let delay = self.backoff.fail();
        self.next_at = self.last_at + delay;
    }

    /// The last poll reached the engine.
    pub fn succeeded(&mut self) {
        self.backoff.reset();
    }

    /// Whether the last poll failed to reach the engine (the screen says "reconnecting").
    pub fn reconnecting(&self) -> bool {
        self.backoff.current().is_some()
    }

    /// Seconds until the next poll, for `request_repaint_after`.
    pub fn wait(&self, now: f64) -> std::time::Duration {
        let longest = self
            .backoff
            .current()
            .map_or(self.interval_s, |s| s.max(self.interval_s));
        std::time::Duration::from_secs_f64((self.next_at - now).clamp(0.05, longest))
    }
}

/// The "Đang kết nối lại…" / "Reconnecting…" line of a staff screen whose hub is away: calm
/// (amber, not red), since the screen keeps its last view and retries on its own.
pub fn reconnecting_ui(ui: &mut egui::Ui, lang: super::i18n::Lang, reconnecting: bool) {
    if !reconnecting {
        return;
    }
    egui::Frame::new()
        .fill(egui::Color32::from_rgb(255, 236, 179))
        .inner_margin(egui::Margin::symmetric(12, 6))
        .corner_radius(6.0)
        .show(ui, |ui| {
            ui.label(
                egui::RichText::new(super::i18n::tr(lang, "hub.reconnecting"))
                    .size(22.0)
                    .color(egui::Color32::from_rgb(90, 60, 0)),
            );
        });
}

/// How long one long-poll of [`ChangeWatch`] waits (the hub answers after at most 25 s).
const WATCH_WAIT: Duration = Duration::from_secs(20);

/// Long-polls the engine's change counter on its own thread, so a staff screen hears of
/// another station's change as soon as it is committed rather than on its next timed poll.
/// It only says "something changed": the screen's [`Poller`] then fetches, so errors, the
/// "reconnecting" line and the backoff stay in one place. Against a local `Fair` a long-poll
/// is a 100 ms check in process; against a hub it is one open request.
pub struct ChangeWatch {
    moved: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    waker: UiWaker,
}

impl ChangeWatch {
    /// Starts watching `api`. The thread ends within one long-poll after the watch is dropped.
    pub fn spawn(api: Arc<dyn FairApi>, name: &str) -> Self {
        let watch = Self {
            moved: Arc::new(AtomicBool::new(false)),
            stop: Arc::new(AtomicBool::new(false)),
            waker: UiWaker::default(),
        };
        let (moved, stop, waker) = (
            Arc::clone(&watch.moved),
            Arc::clone(&watch.stop),
            watch.waker.clone(),
        );
        let spawned = thread::Builder::new()
            .name(format!("fairdesk-{name}-watch"))
            .spawn(move || {
                let mut seen: Option<u64> = None;
                let mut backoff = Backoff::default();
                while !stop.load(Ordering::Relaxed) {
                    let result = match seen {
                        Some(since) => api.wait_for_change(since, WATCH_WAIT),
                        None => api.change_counter(),
                    };
                    match result {
                        Ok(counter) => {
                            backoff.reset();
                            if seen.is_some_and(|since| counter > since) {
                                moved.store(true, Ordering::Relaxed);
                                waker.wake();
                            }
                            seen = Some(counter.max(seen.unwrap_or(0)));
                        }
                        // The screen's own poll notices and says "reconnecting"; the watch
                        // only waits to try again.
                        Err(_) => thread::sleep(Duration::from_secs_f64(backoff.fail())),
                    }
                }
            });
        if let Err(err) = spawned {
            tracing::error!("cannot start the {name} change watch: {err}");
        }
        watch
    }

    /// Call every frame: when a change was seen since the last call, `poller` polls as soon
    /// as `gap_s` has passed since its last poll ([`Poller::poke`]).
    pub fn poke_on_change(&self, ctx: &egui::Context, poller: &mut Poller, gap_s: f64) {
        self.waker.attach(ctx);
        if self.moved.swap(false, Ordering::Relaxed) {
            poller.poke(gap_s);
        }
    }
}

impl Drop for ChangeWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_from_half_a_second_to_ten_and_reset_on_success() {
        let mut poller = Poller::new(1.0);
        assert!(poller.due(0.0));
        let mut at = 0.0;
        for delay in [0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0] {
            poller.failed();
            assert!(poller.reconnecting());
            assert!(!poller.due(at + delay - 0.01), "retried before {delay} s");
            assert!(poller.due(at + delay), "no retry after {delay} s");
            at += delay;
        }
        poller.succeeded();
        assert!(!poller.reconnecting());
        poller.failed();
        assert!(!poller.due(at + 0.4));
        assert!(poller.due(at + 0.5));
    }
}
