//! The booth console (`fairdesk app --station booth:A [--desk A1]`): one desk of one booth.
//!
//! Staff call the next candidate, see who they are (name, age, gender, commune, education,
//! interests; household only where the organiser allows it: the engine leaves it out
//! otherwise), recall, start, finish with an outcome and a note, mark a no-show (and put them
//! back in line), transfer them to another booth, or pause the desk. While the desk is idle,
//! its last finished outcomes are listed and one can be corrected (a new logged change).
//!
//! [`booth_ui`] only reads [`BoothState`] (and edits the outcome, note and transfer choice)
//! and returns [`BoothCommand`]s; [`BoothConsole::apply`] is the one place that turns them
//! into engine calls on the worker. A laptop keyboard drives it too: Space/Enter call next,
//! R recall, S start, D done, N no-show, shown on the buttons.
//!
//! This file keeps the console's state, its commands and their round trip through the worker;
//! the panels `booth_ui` lays out, and the labels they show, are in `panels`.

mod panels;

pub use panels::{booth_ui, household_label, notice_ui, outcome_label};

use std::sync::Arc;

use super::i18n::{Lang, tr, trf};
use super::jobs::{ChangeWatch, Jobs, Poller};
use crate::api::{
    DeskInfo, DeskView, FairApi, FairError, FairResult, StaffAction, Target, TicketView,
};
use crate::domain::{Outcome, TicketState};

/// A line under the header: what just happened, or why the engine refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// Something done (shown in green).
    Info(String),
    /// A refusal or failure, in plain words (shown in red).
    Error(String),
    /// Done, but not a success: a no-show (shown in amber).
    Warn(String),
}

impl BoothState {
    /// Whole seconds until "No-show" may be pressed for the called candidate; 0 when it may.
    pub fn no_show_wait_s(&self) -> u32 {
        let (Some(view), Some(at)) = (&self.view, self.view_at) else {
            return 0;
        };
        let elapsed = u32::try_from(at.elapsed().as_secs()).unwrap_or(u32::MAX);
        view.no_show_in_s.saturating_sub(elapsed)
    }
}

/// What the console shows. Holds no egui types, so tests can read it.
#[derive(Debug, Clone, Default)]
pub struct BoothState {
    /// Interface language.
    pub lang: Lang,
    /// The booth code from the command line (`A`).
    pub booth: String,
    /// The desk this console is; `None` until resolved (the booth's first desk by default).
    pub desk: Option<String>,
    /// The last desk view from the engine.
    pub view: Option<DeskView>,
    /// When `view` arrived: the no-show grace counts down from its `no_show_in_s` by this
    /// machine's monotonic clock, so a hub's clock never has to agree with a booth laptop's.
    pub view_at: Option<std::time::Instant>,
    /// Other open booths a candidate can be sent to: (code, name).
    pub transfer_targets: Vec<(String, String)>,
    /// The outcome picked for "Done".
    pub outcome: Option<Outcome>,
    /// The free note for "Done".
    pub note: String,
    /// The booth picked for "Transfer".
    pub transfer_to: Option<String>,
    /// The last message.
    pub notice: Option<Notice>,
    /// The last ticket marked no-show here, which staff may put back in line.
    pub reinstatable: Option<String>,
    /// An engine call is running (buttons wait for it, so a double press acts once).
    pub busy: bool,
    /// The hub did not answer the last poll: the last view stays, with "reconnecting".
    pub reconnecting: bool,
    /// The recent ticket whose outcome is being corrected (its outcome picker is open).
    pub amending: Option<String>,
}

/// What staff asked for. Applied by [`BoothConsole::apply`].
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum BoothCommand {
    /// Call the next free waiting candidate to this desk.
    CallNext,
    /// Call the current ticket again.
    Recall,
    /// The candidate has arrived: start serving.
    Start,
    /// Finish with the picked outcome and note (starting first if only called).
    Finish,
    /// The called candidate did not come.
    NoShow,
    /// Put a no-show ticket back in line.
    Reinstate(String),
    /// Send the current candidate to the picked booth.
    Transfer,
    /// Pause (`false`) or reopen (`true`) the desk.
    SetDeskOpen(bool),
    /// Correct the outcome of one of this desk's last finished tickets.
    Amend { ticket: String, outcome: Outcome },
    /// Switch the interface language.
    SetLang(Lang),
}

/// "Too many wrong PINs — try again in N s", for the kiosk, the dashboard and Setup.
pub fn pin_locked_text(lang: Lang, retry_after_s: u64) -> String {
    trf(
        lang,
        "walk.pin_locked",
        &[("n", &retry_after_s.to_string())],
    )
}

/// Plain words for an engine refusal, from its code (never personal data: `FairError` has none).
pub fn error_text(lang: Lang, err: &FairError) -> String {
    match err {
        FairError::DeskBusy { desk, ticket } => trf(
            lang,
            "err.desk_busy",
            &[("desk", desk.as_str()), ("ticket", ticket.as_str())],
        ),
        FairError::DeskIdle { .. } => tr(lang, "err.desk_idle").to_string(),
        FairError::DeskPaused { .. } => tr(lang, "err.desk_paused").to_string(),
        FairError::InvalidTransition { ticket, .. } => trf(
            lang,
            "err.invalid_transition",
            &[("ticket", ticket.as_str())],
        ),
        FairError::BoothClosed { booth } => {
            trf(lang, "err.booth_closed", &[("booth", booth.as_str())])
        }
        FairError::Unavailable { .. } => tr(lang, "err.unavailable").to_string(),
        FairError::TooManyAttempts { retry_after_s } => pin_locked_text(lang, *retry_after_s),
        other => trf(lang, "err.other", &[("reason", &other.to_string())]),
    }
}

enum BoothReply {
    /// The desk this console serves, and the booths it can transfer to.
    Resolved(FairResult<(String, Vec<(String, String)>)>),
    /// A poll: the change counter, and a new view when it moved.
    Polled {
        counter: FairResult<u64>,
        view: Option<Box<FairResult<DeskView>>>,
    },
    Called(FairResult<Option<TicketView>>),
    Acted {
        command: BoothCommand,
        ticket: String,
        result: FairResult<TicketView>,
    },
    DeskOpen(FairResult<DeskInfo>),
}

/// Seconds between timed polls; changes arrive sooner through the [`ChangeWatch`].
const FALLBACK_POLL_S: f64 = 2.0;

/// The booth console: its state, the engine worker and the poll schedule.
pub struct BoothConsole {
    /// What is shown.
    pub state: BoothState,
    jobs: Jobs<BoothReply>,
    poller: Poller,
    watch: ChangeWatch,
    polling: bool,
    /// The desk asked for on the command line, to resolve again if the hub was away.
    wanted_desk: Option<String>,
}

impl BoothConsole {
    /// A console for `booth`, at `desk` (or the booth's first desk), over `api`.
    pub fn new(api: Arc<dyn FairApi>, booth: &str, desk: Option<&str>) -> Self {
        let mut jobs = Jobs::spawn(Arc::clone(&api), "booth");
        let booth = booth.trim().to_uppercase();
        let wanted_desk = desk.map(|d| d.trim().to_uppercase());
        jobs.send(resolve_job(booth.clone(), wanted_desk.clone()));
        Self {
            state: BoothState {
                booth,
                busy: true,
                ..Default::default()
            },
            jobs,
            poller: Poller::new(FALLBACK_POLL_S),
            watch: ChangeWatch::spawn(api, "booth"),
            polling: false,
            wanted_desk,
        }
    }

    /// Engine calls still running (tests wait for zero).
    pub fn in_flight(&self) -> usize {
        self.jobs.in_flight()
    }

    fn poll_now(&mut self) {
        let Some(desk) = self.state.desk.clone() else {
            return;
        };
        if self.polling {
            return;
        }
        self.polling = true;
        let seen = self.poller.seen;
        self.jobs.send(move |api| {
            let counter = api.change_counter();
            let view = match &counter {
                Ok(c) if Some(*c) == seen => None,
                _ => Some(Box::new(api.desk_view(&desk))),
            };
            BoothReply::Polled { counter, view }
        });
    }

    fn on_reply(&mut self, reply: BoothReply) {
        let lang = self.state.lang;
        match reply {
            BoothReply::Resolved(Ok((desk, targets))) => {
                self.state.desk = Some(desk);
                self.state.transfer_targets = targets;
                self.poller.succeeded();
                self.poller.invalidate();
            }
            // The hub was away at start: try again with backoff (see `ui`).
            BoothReply::Resolved(Err(FairError::Unavailable { .. })) => self.poller.failed(),
            BoothReply::Resolved(Err(err)) => {
                let text = match err {
                    FairError::NotFound { .. } => trf(
                        lang,
                        "booth.unknown_booth",
                        &[("booth", self.state.booth.as_str())],
                    ),
                    other => error_text(lang, &other),
                };
                self.state.notice = Some(Notice::Error(text));
            }
            BoothReply::Polled { counter, view } => {
                self.polling = false;
                match (counter, view.map(|v| *v)) {
                    (Ok(counter), Some(Ok(view))) => {
                        self.poller.succeeded();
                        self.poller.seen = Some(counter);
                        // A new candidate at the desk starts with a clean outcome form.
                        let before = self
                            .state
                            .view
                            .as_ref()
                            .and_then(|v| v.desk.current.clone());
                        if before != view.desk.current {
                            self.state.outcome = None;
                            self.state.note.clear();
                        }
                        self.state.view = Some(view);
                        self.state.view_at = Some(std::time::Instant::now());
                    }
                    (Ok(_), None) => self.poller.succeeded(),
                    (Err(FairError::Unavailable { .. }), _)
                    | (Ok(_), Some(Err(FairError::Unavailable { .. }))) => self.poller.failed(),
                    (Err(err), _) | (Ok(_), Some(Err(err))) => {
                        self.state.notice = Some(Notice::Error(error_text(lang, &err)));
                    }
                }
            }
            BoothReply::Called(result) => {
                self.poller.invalidate();
                self.state.notice = match result {
                    Ok(Some(_)) => None,
                    Ok(None) => Some(Notice::Info(tr(lang, "booth.nobody_to_call").into())),
                    Err(err) => Some(Notice::Error(error_text(lang, &err))),
                };
            }
            BoothReply::Acted {
                command,
                ticket,
                result,
            } => {
                self.poller.invalidate();
                self.state.notice = match result {
                    Err(err) => Some(Notice::Error(error_text(lang, &err))),
                    Ok(view) => self.acted_notice(&command, &ticket, &view),
                };
            }
            BoothReply::DeskOpen(result) => {
                self.poller.invalidate();
                if let Err(err) = result {
                    self.state.notice = Some(Notice::Error(error_text(lang, &err)));
                }
            }
        }
    }

    fn acted_notice(
        &mut self,
        command: &BoothCommand,
        ticket: &str,
        view: &TicketView,
    ) -> Option<Notice> {
        let lang = self.state.lang;
        let text = match command {
            BoothCommand::NoShow => {
                self.state.reinstatable = Some(ticket.to_string());
                let text = trf(lang, "booth.no_show_done", &[("ticket", ticket)]);
                return Some(Notice::Warn(text));
            }
            BoothCommand::Reinstate(_) => {
                self.state.reinstatable = None;
                trf(lang, "booth.reinstated", &[("ticket", ticket)])
            }
            BoothCommand::Finish => {
                self.state.outcome = None;
                self.state.note.clear();
                let outcome = view.outcome.map_or("", |o| outcome_label(lang, o));
                trf(
                    lang,
                    "booth.finished",
                    &[("ticket", ticket), ("outcome", outcome)],
                )
            }
            BoothCommand::Amend { .. } => {
                self.state.amending = None;
                let outcome = view.outcome.map_or("", |o| outcome_label(lang, o));
                trf(
                    lang,
                    "booth.amended",
                    &[("ticket", ticket), ("outcome", outcome)],
                )
            }
            BoothCommand::Transfer => {
                self.state.transfer_to = None;
                trf(
                    lang,
                    "booth.transferred",
                    &[
                        ("ticket", ticket),
                        ("booth", view.booth.as_str()),
                        ("new", view.ticket.as_str()),
                    ],
                )
            }
            _ => return None,
        };
        Some(Notice::Info(text))
    }

    /// Carries out one command: one engine call on the worker.
    pub fn apply(&mut self, command: BoothCommand) {
        if let BoothCommand::SetLang(lang) = command {
            self.state.lang = lang;
            return;
        }
        // One engine call at a time from this desk, so a double press acts once.
        if self.state.busy {
            return;
        }
        let Some(desk) = self.state.desk.clone() else {
            return;
        };
        let current = self
            .state
            .view
            .as_ref()
            .and_then(|v| v.current.as_ref())
            .map(|t| (t.ticket.clone(), t.state));
        let ticket = current.as_ref().map(|(t, _)| t.clone()).unwrap_or_default();
        let act = |action: StaffAction| {
            let desk = desk.clone();
            move |api: &dyn FairApi| api.act(Target::Desk(desk), action)
        };
        self.state.busy = true;
        match command {
            BoothCommand::CallNext => self
                .jobs
                .send(move |api| BoothReply::Called(api.call_next(&desk))),
            BoothCommand::SetDeskOpen(open) => self
                .jobs
                .send(move |api| BoothReply::DeskOpen(api.set_desk_open(&desk, open))),
            BoothCommand::Recall | BoothCommand::Start | BoothCommand::NoShow => {
                let action = match command {
                    BoothCommand::Recall => StaffAction::Recall,
                    BoothCommand::Start => StaffAction::Start,
                    _ => StaffAction::NoShow,
                };
                let run = act(action);
                self.jobs.send(move |api| BoothReply::Acted {
                    command,
                    ticket,
                    result: run(api),
                });
            }
            BoothCommand::Finish => {
                let Some(outcome) = self.state.outcome else {
                    self.state.busy = false;
                    self.state.notice = Some(Notice::Info(
                        tr(self.state.lang, "booth.pick_outcome").into(),
                    ));
                    return;
                };
                let note = self.state.note.trim().to_string();
                let note = (!note.is_empty()).then_some(note);
                // "Done" on a candidate only called means they came and were seen: start first.
                let start_first = matches!(current, Some((_, TicketState::Called)));
                let start = act(StaffAction::Start);
                let finish = act(StaffAction::Finish { outcome, note });
                self.jobs.send(move |api| {
                    let result = if start_first {
                        start(api).and_then(|_| finish(api))
                    } else {
                        finish(api)
                    };
                    BoothReply::Acted {
                        command,
                        ticket,
                        result,
                    }
                });
            }
            BoothCommand::Amend { ticket, outcome } => {
                self.jobs.send(move |api| BoothReply::Acted {
                    result: api.amend_outcome(&desk, &ticket, outcome, None),
                    command: BoothCommand::Amend {
                        ticket: ticket.clone(),
                        outcome,
                    },
                    ticket,
                })
            }
            BoothCommand::Reinstate(number) => self.jobs.send(move |api| BoothReply::Acted {
                command: BoothCommand::Reinstate(number.clone()),
                ticket: number.clone(),
                result: api.act(Target::Ticket(number), StaffAction::Reinstate),
            }),
            BoothCommand::Transfer => {
                let Some(booth) = self.state.transfer_to.clone() else {
                    self.state.busy = false;
                    return;
                };
                let run = act(StaffAction::Transfer { booth });
                self.jobs.send(move |api| BoothReply::Acted {
                    command,
                    ticket,
                    result: run(api),
                });
            }
            BoothCommand::SetLang(_) => self.state.busy = false,
        }
    }

    /// One frame: drain replies, poll for changes, draw, apply what staff asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.jobs.attach(&ctx);
        for reply in self.jobs.poll() {
            let was_poll = matches!(reply, BoothReply::Polled { .. });
            self.on_reply(reply);
            if !was_poll {
                self.state.busy = false;
            }
        }
        if self.jobs.in_flight() == 0 {
            self.state.busy = false;
            self.polling = false;
        }
        let now = ui.input(|i| i.time);
        self.watch.poke_on_change(&ctx, &mut self.poller, 0.25);
        if self.state.desk.is_some() && self.poller.due(now) {
            self.poll_now();
        } else if self.state.desk.is_none()
            && self.poller.reconnecting()
            && self.jobs.in_flight() == 0
            && self.poller.due(now)
        {
            let job = resolve_job(self.state.booth.clone(), self.wanted_desk.clone());
            self.jobs.send(job);
        }
        self.state.reconnecting = self.poller.reconnecting();
        let commands = booth_ui(ui, &mut self.state);
        for command in commands {
            self.apply(command);
        }
        if self.jobs.in_flight() > 0 {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        } else {
            ctx.request_repaint_after(self.poller.wait(now));
        }
    }
}

/// Finds the console's desk (the one asked for, or the booth's first) and the booths a
/// candidate can be transferred to.
fn resolve_job(
    code: String,
    wanted: Option<String>,
) -> impl FnOnce(&dyn FairApi) -> BoothReply + Send + 'static {
    move |api| {
        BoothReply::Resolved(api.booths().and_then(|booths| {
            let mine =
                booths
                    .iter()
                    .find(|b| b.code == code)
                    .ok_or_else(|| FairError::NotFound {
                        what: "booth".into(),
                    })?;
            let desk = match wanted {
                Some(d) if mine.desks.iter().any(|x| x.code == d) => d,
                Some(_) => {
                    return Err(FairError::NotFound {
                        what: "desk".into(),
                    });
                }
                None => mine.desks.first().map(|d| d.code.clone()).ok_or_else(|| {
                    FairError::NotFound {
                        what: "desk".into(),
                    }
                })?,
            };
            let targets = booths
                .iter()
                .filter(|b| b.code != code && b.open)
                .map(|b| (b.code.clone(), b.name.clone()))
                .collect();
            Ok((desk, targets))
        }))
    }
}
