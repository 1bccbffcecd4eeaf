//! The kiosk's print queue: slips are drawn and sent on a thread of their own, so a printer
//! that is slow, missing or stuck never holds a frame, a check-in or a ticket.
//!
//! The UI submits a slip and gets a [`JobId`]; each frame it drains [`Spool::poll`]. A slip
//! that has not come back within the spool's patience is reported failed (the attendee is
//! sent to the help desk while they are still at the kiosk); while the printer thread is still
//! stuck on it, later slips fail at once instead of queueing behind it, since they would come
//! out long after their attendees had left. The printer's changes between working and not are
//! logged once each, not per slip.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::thread;
use std::time::{Duration, Instant};

use super::slip::{TicketSlip, render_tickets};
use super::{Printed, Printer};

/// How long a slip may take before the kiosk says the printer is not working: a whole slip
/// at 9600 baud takes about half a minute, every other connection a second or two.
pub const DEFAULT_PATIENCE: Duration = Duration::from_secs(45);

/// One submitted slip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JobId(u64);

/// How a slip ended: printed (with what was sent), or why not.
#[derive(Debug, Clone)]
pub struct JobOutcome {
    /// Which slip.
    pub job: JobId,
    /// Printed, or the one-line reason it was not.
    pub result: Result<Printed, String>,
}

struct Pending {
    job: JobId,
    since: Instant,
    given_up: bool,
}

/// The UI's end of the print thread.
pub struct Spool {
    jobs: Sender<(JobId, TicketSlip)>,
    results: Receiver<(JobId, Result<Printed, String>)>,
    pending: Vec<Pending>,
    /// Outcomes decided on this side (refused at once), handed out by the next poll.
    ready: Vec<JobOutcome>,
    next: u64,
    patience: Duration,
    name: String,
}

impl Spool {
    /// Starts the print thread for `printer`; `wake` is called (on that thread) whenever an
    /// outcome is ready, to ask the UI for a frame. The thread first asks the printer how it
    /// is, for the log. It ends when the `Spool` is dropped.
    pub fn start(mut printer: Box<dyn Printer>, wake: impl Fn() + Send + 'static) -> Self {
        let (jobs, inbox) = channel::<(JobId, TicketSlip)>();
        let (outbox, results) = channel();
        let name = printer.name();
        let spawned = thread::Builder::new()
            .name("fairdesk-printer".into())
            .spawn(move || {
                let name = printer.name();
                let mut working = match printer.status() {
                    Ok(status) if !status.is_error() => {
                        tracing::info!(printer = %name, status = status.as_str(), "printer found");
                        Some(true)
                    }
                    Ok(status) => {
                        tracing::warn!(printer = %name, status = status.as_str(), "printer not ready");
                        Some(false)
                    }
                    Err(err) => {
                        tracing::warn!(printer = %name, "printer not reachable: {err}");
                        Some(false)
                    }
                };
                let idle_check = printer.idle_check();
                loop {
                    let next = match idle_check {
                        Some(every) => inbox.recv_timeout(every),
                        None => inbox.recv().map_err(|_| RecvTimeoutError::Disconnected),
                    };
                    let (job, slip) = match next {
                        Ok(job) => job,
                        Err(RecvTimeoutError::Timeout) => {
                            // What it says goes to whoever wraps the printer (the dashboard's
                            // report); the next slip asks again anyway.
                            let _ = printer.status();
                            continue;
                        }
                        Err(RecvTimeoutError::Disconnected) => break,
                    };
                    let result = render_tickets(&slip, printer.width())
                        .and_then(|drawn| printer.print(&drawn.raster))
                        .map_err(|e| e.to_string());
                    let now = result.is_ok();
                    if working != Some(now) {
                        match &result {
                            Ok(_) => tracing::warn!(printer = %name, "printer works again"),
                            Err(err) => tracing::warn!(printer = %name, "printer not working: {err}"),
                        }
                        working = Some(now);
                    }
                    if outbox.send((job, result)).is_err() {
                        break;
                    }
                    wake();
                }
            });
        if let Err(err) = spawned {
            tracing::error!("cannot start the printer thread: {err}");
        }
        Self {
            jobs,
            results,
            pending: Vec::new(),
            ready: Vec::new(),
            next: 0,
            patience: DEFAULT_PATIENCE,
            name,
        }
    }

    /// Gives each slip `patience` before it counts as failed.
    pub fn with_patience(mut self, patience: Duration) -> Self {
        self.patience = patience;
        self
    }

    /// The printer's name, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Queues `slip` for printing.
    pub fn submit(&mut self, slip: TicketSlip) -> JobId {
        self.next += 1;
        let job = JobId(self.next);
        let refuse = |reason: &str| JobOutcome {
            job,
            result: Err(reason.to_string()),
        };
        if self.pending.iter().any(|p| p.given_up) {
            self.ready
                .push(refuse("the printer is still stuck on an earlier slip"));
        } else if self.jobs.send((job, slip)).is_ok() {
            self.pending.push(Pending {
                job,
                since: Instant::now(),
                given_up: false,
            });
        } else {
            self.ready.push(refuse("the printer thread has stopped"));
        }
        job
    }

    /// Slips still on their way (not yet printed, failed or given up).
    pub fn in_flight(&self) -> usize {
        self.pending.iter().filter(|p| !p.given_up).count()
    }

    /// Outcomes since the last poll, without waiting: slips printed or failed, and slips
    /// given up on because the printer took too long.
    pub fn poll(&mut self) -> Vec<JobOutcome> {
        let mut out = std::mem::take(&mut self.ready);
        loop {
            match self.results.try_recv() {
                Ok((job, result)) => {
                    let Some(at) = self.pending.iter().position(|p| p.job == job) else {
                        continue;
                    };
                    let pending = self.pending.remove(at);
                    if pending.given_up {
                        // Already reported failed; the slip came out late (or not at all).
                        tracing::info!(printer = %self.name, ok = result.is_ok(), "late slip");
                    } else {
                        out.push(JobOutcome { job, result });
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    for p in self.pending.drain(..).filter(|p| !p.given_up) {
                        out.push(JobOutcome {
                            job: p.job,
                            result: Err("the printer thread has stopped".into()),
                        });
                    }
                    break;
                }
            }
        }
        let patience = self.patience;
        for p in self.pending.iter_mut() {
            if !p.given_up && p.since.elapsed() >= patience {
                p.given_up = true;
                tracing::warn!(printer = %self.name, "printer took too long; slip given up");
                out.push(JobOutcome {
                    job: p.job,
                    result: Err(format!(
                        "the printer did not finish within {} s",
                        patience.as_secs()
                    )),
                });
            }
        }
        out
    }
}
