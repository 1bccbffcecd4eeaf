//! Engine calls off the UI thread. The UI sends a [`Request`]; a worker thread calls the
//! [`FairApi`] and sends back a [`Reply`], then wakes the UI with `request_repaint`. The UI
//! drains replies each frame with `try_recv`, so a slow disk (or a slow hub) never freezes a
//! frame.
//!
//! Over a hub, the kiosk's check-ins go through an [`OfflineKiosk`] ([`Worker::use_outbox`]):
//! a scan the hub cannot take is saved and answered with [`Reply::Queued`], and every other
//! reply tells the outbox whether the hub answered, so the screen's banner
//! ([`Worker::hub_link`]) follows each call.

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::thread;

use super::jobs::{Backoff, UiWaker};
use crate::api::{
    AttendeeProfile, CheckinOutcome, CheckinRequest, EventInfo, FairApi, FairResult, ProfileUpdate,
    Suggestions, TicketIssued, UndoReply,
};
use crate::hub::{HubLink, KioskCheckin, OfflineKiosk};

/// What the UI asks the engine for.
#[derive(Debug, Clone)]
pub enum Request {
    /// The event and its settings.
    Event,
    /// One scan or typed line from `station`.
    Checkin { scan: String, station: String },
    /// Answers to the profile questions, or a confirmed name.
    Update {
        attendee: String,
        update: ProfileUpdate,
    },
    /// Where this attendee may queue.
    Suggestions { attendee: String },
    /// Tickets at these booths, then the attendee's open tickets.
    Issue {
        attendee: String,
        booths: Vec<String>,
        station: String,
    },
    /// Check the organiser PIN.
    VerifyPin { pin: String },
    /// "Choose again": take back these tickets just issued to the attendee.
    Undo {
        attendee: String,
        tickets: Vec<String>,
        station: String,
    },
}

/// The engine's answer to one [`Request`].
#[derive(Debug)]
pub enum Reply {
    /// To [`Request::Event`].
    Event(FairResult<EventInfo>),
    /// To [`Request::Checkin`].
    Checkin(FairResult<CheckinOutcome>),
    /// To [`Request::Update`].
    Updated(FairResult<AttendeeProfile>),
    /// To [`Request::Suggestions`].
    Suggestions(FairResult<Suggestions>),
    /// To [`Request::Issue`]: one result per booth, in order, and the attendee afterwards.
    Issued {
        results: Vec<FairResult<TicketIssued>>,
        profile: FairResult<AttendeeProfile>,
    },
    /// To [`Request::VerifyPin`].
    Pin(FairResult<bool>),
    /// To [`Request::Undo`].
    Undone(FairResult<UndoReply>),
    /// To [`Request::Checkin`] when the hub could not be reached: the scan is saved in the
    /// outbox and will be sent when the hub returns. `pending` counts what waits, this included.
    Queued { pending: u64 },
}

/// The outbox the worker thread sends check-ins through, once set.
type SharedOutbox = Arc<Mutex<Option<Arc<OfflineKiosk>>>>;

/// The UI's end of the worker: send requests, drain replies.
pub struct Worker {
    requests: Sender<Request>,
    replies: Receiver<Reply>,
    /// Set on the first frame, so the worker can wake the UI when a reply is ready.
    waker: UiWaker,
    in_flight: usize,
    outbox: SharedOutbox,
    /// The event could not be loaded: when to ask again.
    event_retry: Option<EventRetry>,
    event_backoff: Backoff,
}

/// A pending retry of [`Request::Event`].
#[derive(Debug, Clone, Copy)]
enum EventRetry {
    /// Failed; the UI has not seen the time yet.
    Failed,
    /// Ask again at this UI time.
    At(f64),
}

impl Worker {
    /// Starts the worker thread over `api`. The thread ends when the `Worker` is dropped.
    pub fn spawn(api: Arc<dyn FairApi>) -> Self {
        let (requests, inbox) = channel::<Request>();
        let (outbox, replies) = channel::<Reply>();
        let waker = UiWaker::default();
        let wake = waker.clone();
        let kiosk_outbox: SharedOutbox = Arc::new(Mutex::new(None));
        let outbox_in_thread = Arc::clone(&kiosk_outbox);
        let spawned = thread::Builder::new()
            .name("fairdesk-worker".into())
            .spawn(move || {
                while let Ok(request) = inbox.recv() {
                    let kiosk = outbox_in_thread
                        .lock()
                        .map(|guard| guard.clone())
                        .unwrap_or_else(|poisoned| poisoned.into_inner().clone());
                    let reply = match kiosk {
                        Some(kiosk) => handle_over_hub(api.as_ref(), &kiosk, request),
                        None => handle(api.as_ref(), request),
                    };
                    if outbox.send(reply).is_err() {
                        break;
                    }
                    wake.wake();
                }
            });
        if let Err(err) = spawned {
            tracing::error!("cannot start the worker thread: {err}");
        }
        Self {
            requests,
            replies,
            waker,
            in_flight: 0,
            outbox: kiosk_outbox,
            event_retry: None,
            event_backoff: Backoff::default(),
        }
    }

    /// Sends check-ins through `kiosk` (its hub and outbox) from now on.
    pub fn use_outbox(&mut self, kiosk: Arc<OfflineKiosk>) {
        let mut guard = self
            .outbox
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *guard = Some(kiosk);
    }

    /// The link to the hub (`None` on a local database). Cheap and never blocks: read it
    /// every frame.
    pub fn hub_link(&self) -> Option<HubLink> {
        let guard = self.outbox.lock().ok()?;
        guard.as_ref().map(|kiosk| kiosk.status())
    }

    /// Whether to ask for the event again now (it failed to load: the hub was away when the
    /// kiosk started). Retries back off from 0.5 s doubling to 10 s.
    pub fn event_retry_due(&mut self, now: f64) -> bool {
        match self.event_retry {
            None => false,
            Some(EventRetry::Failed) => {
                let delay = self.event_backoff.fail();
                self.event_retry = Some(EventRetry::At(now + delay));
                false
            }
            Some(EventRetry::At(at)) if now >= at => {
                self.event_retry = None;
                true
            }
            Some(EventRetry::At(_)) => false,
        }
    }

    /// Remembers the UI's context for waking it (cheap; call every frame).
    pub fn attach(&self, ctx: &egui::Context) {
        self.waker.attach(ctx);
    }

    /// Queues a request; the reply arrives through [`Self::poll`].
    pub fn send(&mut self, request: Request) {
        if self.requests.send(request).is_ok() {
            self.in_flight += 1;
        } else {
            tracing::error!("the worker thread has stopped");
        }
    }

    /// Replies that have arrived, without waiting.
    pub fn poll(&mut self) -> Vec<Reply> {
        let mut out = Vec::new();
        loop {
            match self.replies.try_recv() {
                Ok(reply) => {
                    self.in_flight = self.in_flight.saturating_sub(1);
                    match &reply {
                        Reply::Event(Ok(_)) => self.event_backoff.reset(),
                        Reply::Event(Err(_)) => self.event_retry = Some(EventRetry::Failed),
                        _ => {}
                    }
                    out.push(reply);
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

    /// Requests sent whose reply has not been drained yet.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }
}

fn handle(api: &dyn FairApi, request: Request) -> Reply {
    match request {
        Request::Event => Reply::Event(api.event()),
        Request::Checkin { scan, station } => {
            Reply::Checkin(api.checkin(CheckinRequest::entry(scan, &station)))
        }
        Request::Update { attendee, update } => {
            Reply::Updated(api.update_attendee(&attendee, update))
        }
        Request::Suggestions { attendee } => Reply::Suggestions(api.suggestions(&attendee)),
        Request::Issue {
            attendee,
            booths,
            station,
        } => {
            let results = booths
                .iter()
                .map(|booth| api.issue_ticket(&attendee, booth, Some(&station)))
                .collect();
            Reply::Issued {
                results,
                profile: api.attendee(&attendee),
            }
        }
        Request::VerifyPin { pin } => Reply::Pin(api.verify_pin(&pin)),
        Request::Undo {
            attendee,
            tickets,
            station,
        } => Reply::Undone(api.undo_tickets(&attendee, &tickets, Some(&station))),
    }
}

/// [`handle`] for a kiosk over a hub: check-ins through the outbox, tickets with the outbox's
/// "needs the hub" wording, and every other answer noted for the banner.
fn handle_over_hub(api: &dyn FairApi, kiosk: &OfflineKiosk, request: Request) -> Reply {
    match request {
        Request::Checkin { scan, station } => {
            match kiosk.checkin(CheckinRequest::entry(scan, &station)) {
                Ok(KioskCheckin::Done(outcome)) => Reply::Checkin(Ok(outcome)),
                Ok(KioskCheckin::Queued { pending }) => Reply::Queued { pending },
                Err(err) => Reply::Checkin(Err(err)),
            }
        }
        Request::VerifyPin { pin } => Reply::Pin(kiosk.verify_pin(&pin)),
        Request::Issue {
            attendee,
            booths,
            station,
        } => {
            let results = booths
                .iter()
                .map(|booth| kiosk.issue_ticket(&attendee, booth, Some(&station)))
                .collect();
            let profile = api.attendee(&attendee);
            kiosk.note(&profile);
            Reply::Issued { results, profile }
        }
        other => {
            let reply = handle(api, other);
            match &reply {
                Reply::Event(r) => kiosk.note(r),
                Reply::Updated(r) => kiosk.note(r),
                Reply::Suggestions(r) => kiosk.note(r),
                Reply::Undone(r) => kiosk.note(r),
                Reply::Checkin(_) | Reply::Issued { .. } | Reply::Queued { .. } | Reply::Pin(_) => {
                }
            }
            reply
        }
    }
}
