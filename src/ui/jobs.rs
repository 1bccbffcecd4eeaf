//! Engine calls off the UI thread for the staff screens (booth, board, dashboard, setup).
//!
//! The kiosk's [`super::worker`] has one fixed request enum; the staff screens each need their
//! own replies, so this worker runs a closure over the [`FairApi`] on its thread and sends the
//! closure's result back, then wakes the UI with `request_repaint`. The UI drains results each
//! frame with [`Jobs::poll`], so a slow disk (or a slow hub) never freezes a frame.

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::thread;

use crate::api::FairApi;

/// One unit of engine work; its result is the screen's reply type `R`.
pub type Job<R> = Box<dyn FnOnce(&dyn FairApi) -> R + Send>;

/// The UI's end of a staff worker: send jobs, drain their results.
pub struct Jobs<R> {
    jobs: Sender<Job<R>>,
    results: Receiver<R>,
    /// Set on the first frame, so the worker can wake the UI when a result is ready.
    ctx: Arc<Mutex<Option<egui::Context>>>,
    in_flight: usize,
}

impl<R: Send + 'static> Jobs<R> {
    /// Starts a worker thread named `name` over `api`. The thread ends when `Jobs` is dropped.
    pub fn spawn(api: Arc<dyn FairApi>, name: &str) -> Self {
        let (jobs, inbox) = channel::<Job<R>>();
        let (outbox, results) = channel::<R>();
        let ctx: Arc<Mutex<Option<egui::Context>>> = Arc::new(Mutex::new(None));
        let wake = Arc::clone(&ctx);
        let spawned = thread::Builder::new()
            .name(format!("fairdesk-{name}"))
            .spawn(move || {
                while let Ok(job) = inbox.recv() {
                    let result = job(api.as_ref());
                    if outbox.send(result).is_err() {
                        break;
                    }
                    if let Ok(guard) = wake.lock()
                        && let Some(ctx) = guard.as_ref()
                    {
                        ctx.request_repaint();
                    }
                }
            });
        if let Err(err) = spawned {
            tracing::error!("cannot start the {name} worker thread: {err}");
        }
        Self {
            jobs,
            results,
            ctx,
            in_flight: 0,
        }
    }

    /// Remembers the UI's context for waking it (cheap; call every frame).
    pub fn attach(&self, ctx: &egui::Context) {
        if let Ok(mut guard) = self.ctx.lock()
            && guard.is_none()
        {
            *guard = Some(ctx.clone());
        }
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

/// When to ask the engine "anything new?" again: a screen polls `change_counter` every
/// `interval_s` and refetches only when the counter moved.
#[derive(Debug, Clone)]
pub struct Poller {
    /// Seconds between polls.
    pub interval_s: f64,
    /// The counter the shown snapshot was built from.
    pub seen: Option<u64>,
    next_at: f64,
}

impl Poller {
    /// A poller that asks at once, then every `interval_s`.
    pub fn new(interval_s: f64) -> Self {
        Self {
            interval_s,
            seen: None,
            next_at: 0.0,
        }
    }

    /// Whether to poll at `now` (egui's input time); schedules the next poll when it says yes.
    pub fn due(&mut self, now: f64) -> bool {
        if now >= self.next_at {
            self.next_at = now + self.interval_s;
            true
        } else {
            false
        }
    }

    /// Forgets the snapshot's counter, so the next poll refetches (after the UI's own change).
    pub fn invalidate(&mut self) {
        self.seen = None;
        self.next_at = 0.0;
    }

    /// Seconds until the next poll, for `request_repaint_after`.
    pub fn wait(&self, now: f64) -> std::time::Duration {
        std::time::Duration::from_secs_f64((self.next_at - now).clamp(0.05, self.interval_s))
    }
}
