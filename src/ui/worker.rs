//! Engine calls off the UI thread. The UI sends a [`Request`]; a worker thread calls the
//! [`FairApi`] and sends back a [`Reply`], then wakes the UI with `request_repaint`. The UI
//! drains replies each frame with `try_recv`, so a slow disk (or, later, a slow hub) never
//! freezes a frame.

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::thread;

use crate::api::{
    AttendeeProfile, CheckinOutcome, CheckinRequest, EventInfo, FairApi, FairResult, ProfileUpdate,
    Suggestions, TicketIssued,
};

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
}

/// The UI's end of the worker: send requests, drain replies.
pub struct Worker {
    requests: Sender<Request>,
    replies: Receiver<Reply>,
    /// Set on the first frame, so the worker can wake the UI when a reply is ready.
    ctx: Arc<Mutex<Option<egui::Context>>>,
    in_flight: usize,
}

impl Worker {
    /// Starts the worker thread over `api`. The thread ends when the `Worker` is dropped.
    pub fn spawn(api: Arc<dyn FairApi>) -> Self {
        let (requests, inbox) = channel::<Request>();
        let (outbox, replies) = channel::<Reply>();
        let ctx: Arc<Mutex<Option<egui::Context>>> = Arc::new(Mutex::new(None));
        let wake = Arc::clone(&ctx);
        let spawned = thread::Builder::new()
            .name("fairdesk-worker".into())
            .spawn(move || {
                while let Ok(request) = inbox.recv() {
                    let reply = handle(api.as_ref(), request);
                    if outbox.send(reply).is_err() {
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
            tracing::error!("cannot start the worker thread: {err}");
        }
        Self {
            requests,
            replies,
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
    }
}
