//! The booth console (`fairdesk app --station booth:A [--desk A1]`): one desk of one booth.
//!
//! Staff call the next candidate, see who they are (name, age, gender, commune, education,
//! interests; household only where the organiser allows it: the engine leaves it out
//! otherwise), recall, start, finish with an outcome and a note, mark a no-show (and put them
//! back in line), transfer them to another booth, or pause the desk.
//!
//! [`booth_ui`] only reads [`BoothState`] (and edits the outcome, note and transfer choice)
//! and returns [`BoothCommand`]s; [`BoothConsole::apply`] is the one place that turns them
//! into engine calls on the worker. A laptop keyboard drives it too: Space/Enter call next,
//! R recall, S start, D done, N no-show, shown on the buttons.

use std::sync::Arc;

use egui::{Color32, Key, RichText, vec2};

use super::i18n::{Lang, tr, trf};
use super::jobs::{ChangeWatch, Jobs, Poller};
use crate::api::{
    AttendeeProfile, DeskInfo, DeskView, FairApi, FairError, FairResult, StaffAction, Target,
    TicketView,
};
use crate::domain::{Gender, Household, Outcome, Source, TicketState};

/// Height of the console's action buttons: a laptop, not a kiosk, but used in a hurry.
const BUTTON_HEIGHT: f32 = 56.0;

/// A line under the header: what just happened, or why the engine refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// Something done (shown in green).
    Info(String),
    /// A refusal or failure, in plain words (shown in red).
    Error(String),
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
}

/// `tr` for keys built at run time: the table is static, so the text outlives the key.
fn static_tr(lang: Lang, key: &str) -> &'static str {
    super::i18n::TABLE
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, vi, en)| match lang {
            Lang::Vi => *vi,
            Lang::En => *en,
        })
        .unwrap_or("?")
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
    /// Switch the interface language.
    SetLang(Lang),
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
        other => trf(lang, "err.other", &[("reason", &other.to_string())]),
    }
}

/// The label of an outcome in `lang`.
pub fn outcome_label(lang: Lang, outcome: Outcome) -> &'static str {
    static_tr(lang, &format!("outcome.{}", outcome.as_str()))
}

/// The label of a household category in `lang`.
pub fn household_label(lang: Lang, household: Household) -> &'static str {
    static_tr(lang, &format!("hh.{}", household.as_str()))
}

fn gender_label(lang: Lang, gender: Gender) -> &'static str {
    static_tr(lang, &format!("gender.{}", gender.as_str()))
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
                trf(lang, "booth.no_show_done", &[("ticket", ticket)])
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

fn action_button(text: &str, shortcut: &str, primary: bool, width: f32) -> egui::Button<'static> {
    let label = RichText::new(text.to_string()).size(24.0);
    let label = if primary {
        label.color(Color32::WHITE).strong()
    } else {
        label
    };
    let mut button = egui::Button::new(label).min_size(vec2(width, BUTTON_HEIGHT));
    if !shortcut.is_empty() {
        let hint = RichText::new(format!("[{shortcut}]")).size(16.0);
        // On the blue primary button the default weak grey would vanish.
        let hint = if primary {
            hint.color(Color32::from_rgb(210, 225, 245))
        } else {
            hint
        };
        button = button.shortcut_text(hint);
    }
    if primary {
        button = button.fill(Color32::from_rgb(0, 102, 204));
    }
    button
}

/// The keyboard shortcuts, when no text field has the keyboard.
fn shortcuts(ui: &egui::Ui, state: &BoothState) -> Vec<BoothCommand> {
    if ui.ctx().egui_wants_keyboard_input() {
        return Vec::new();
    }
    let current = state
        .view
        .as_ref()
        .and_then(|v| v.current.as_ref())
        .map(|t| t.state);
    ui.input(|i| {
        let mut out = Vec::new();
        if current.is_none() && (i.key_pressed(Key::Space) || i.key_pressed(Key::Enter)) {
            out.push(BoothCommand::CallNext);
        }
        if current == Some(TicketState::Called) {
            if i.key_pressed(Key::R) {
                out.push(BoothCommand::Recall);
            }
            if i.key_pressed(Key::S) {
                out.push(BoothCommand::Start);
            }
            if i.key_pressed(Key::N) {
                out.push(BoothCommand::NoShow);
            }
        }
        if current.is_some() && i.key_pressed(Key::D) {
            out.push(BoothCommand::Finish);
        }
        out
    })
}

/// The whole console. Returns what staff asked for.
pub fn booth_ui(ui: &mut egui::Ui, state: &mut BoothState) -> Vec<BoothCommand> {
    let mut commands = shortcuts(ui, state);
    egui::Frame::central_panel(ui.style())
        .inner_margin(20.0)
        .show(ui, |ui| {
            // Paint the whole window, not just the content.
            ui.set_min_size(ui.available_size());
            header_ui(ui, state, &mut commands);
            super::jobs::reconnecting_ui(ui, state.lang, state.reconnecting);
            notice_ui(ui, state);
            ui.separator();
            let Some(view) = state.view.clone() else {
                ui.spinner();
                return;
            };
            ui.columns(2, |columns| {
                let [left, right] = columns else {
                    return;
                };
                candidate_ui(left, state, &view, &mut commands);
                queue_ui(right, state, &view, &mut commands);
                finish_ui(right, state, &view, &mut commands);
                transfer_ui(right, state, &view, &mut commands);
            });
        });
    commands
}

fn header_ui(ui: &mut egui::Ui, state: &BoothState, commands: &mut Vec<BoothCommand>) {
    let lang = state.lang;
    ui.horizontal(|ui| {
        let desk_label = state
            .view
            .as_ref()
            .map(|v| v.desk.label.clone())
            .or_else(|| state.desk.clone())
            .unwrap_or_default();
        ui.heading(trf(
            lang,
            "booth.title",
            &[
                ("booth", state.booth.as_str()),
                ("desk", desk_label.as_str()),
            ],
        ));
        if let Some(view) = &state.view {
            ui.label(
                RichText::new(format!("{} · {}", view.booth.name, view.booth.location))
                    .size(22.0)
                    .weak(),
            );
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            for (l, key) in [(Lang::En, "lang.en"), (Lang::Vi, "lang.vi")] {
                if ui
                    .add(egui::Button::selectable(lang == l, tr(lang, key)))
                    .clicked()
                {
                    commands.push(BoothCommand::SetLang(l));
                }
            }
            if let Some(view) = &state.view {
                let (key, open) = if view.desk.open {
                    ("booth.pause", false)
                } else {
                    ("booth.resume", true)
                };
                if ui
                    .add_enabled(!state.busy, action_button(tr(lang, key), "", false, 0.0))
                    .clicked()
                {
                    commands.push(BoothCommand::SetDeskOpen(open));
                }
            }
        });
    });
}

fn notice_ui(ui: &mut egui::Ui, state: &BoothState) {
    match &state.notice {
        Some(Notice::Error(text)) => {
            ui.label(
                RichText::new(text)
                    .size(22.0)
                    .color(Color32::from_rgb(180, 0, 0)),
            );
        }
        Some(Notice::Info(text)) => {
            ui.label(
                RichText::new(text)
                    .size(22.0)
                    .color(Color32::from_rgb(0, 110, 40)),
            );
        }
        None => {}
    }
}

fn candidate_ui(
    ui: &mut egui::Ui,
    state: &mut BoothState,
    view: &DeskView,
    commands: &mut Vec<BoothCommand>,
) {
    let lang = state.lang;
    let width = ui.available_width();
    let Some(ticket) = &view.current else {
        if !view.desk.open {
            ui.label(RichText::new(tr(lang, "booth.paused")).size(24.0).strong());
        } else {
            ui.label(RichText::new(tr(lang, "booth.idle")).size(24.0));
        }
        ui.add_space(12.0);
        let call =
            action_button(tr(lang, "call_next"), "Space", true, width).min_size(vec2(width, 120.0));
        if ui
            .add_enabled(!state.busy && view.desk.open, call)
            .clicked()
        {
            commands.push(BoothCommand::CallNext);
        }
        return;
    };

    // The ticket, its state and how long they waited.
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(&ticket.ticket)
                .size(64.0)
                .family(super::fonts::bold()),
        );
        ui.vertical(|ui| {
            let state_key = if ticket.state == TicketState::Serving {
                "booth.state.serving"
            } else {
                "booth.state.called"
            };
            ui.label(RichText::new(tr(lang, state_key)).size(24.0).strong());
            let mut line = String::new();
            if let Some(waited) = view.waited_s {
                line = trf(lang, "booth.waited", &[("n", &(waited / 60).to_string())]);
            }
            if ticket.recall_count > 0 {
                line.push_str(" · ");
                line.push_str(&trf(
                    lang,
                    "booth.recalls",
                    &[("n", &ticket.recall_count.to_string())],
                ));
            }
            ui.label(RichText::new(line).size(20.0).weak());
        });
    });
    if let Some(person) = &view.candidate {
        profile_ui(ui, lang, person);
    }
    ui.add_space(8.0);

    // Actions for the candidate while they are called (not yet at the desk).
    let called = ticket.state == TicketState::Called;
    let third = (width - 24.0) / 3.0;
    let actions = [
        ("recall", "R", BoothCommand::Recall),
        ("booth.start", "S", BoothCommand::Start),
        ("no_show", "N", BoothCommand::NoShow),
    ];
    ui.horizontal(|ui| {
        for (key, shortcut, command) in actions {
            let button = action_button(tr(lang, key), shortcut, false, third);
            if ui.add_enabled(!state.busy && called, button).clicked() {
                commands.push(command);
            }
        }
    });
}

/// The outcome picker, the note and "Done": beside the candidate, so the whole console fits a
/// 1280×800 laptop screen without scrolling.
fn finish_ui(
    ui: &mut egui::Ui,
    state: &mut BoothState,
    view: &DeskView,
    commands: &mut Vec<BoothCommand>,
) {
    if view.current.is_none() {
        return;
    }
    let lang = state.lang;
    let width = ui.available_width();
    ui.add_space(12.0);
    ui.separator();
    ui.label(RichText::new(tr(lang, "booth.outcome")).size(22.0).strong());
    let half = (width - 10.0) / 2.0;
    egui::Grid::new("booth-outcomes")
        .num_columns(2)
        .spacing(vec2(10.0, 8.0))
        .show(ui, |ui| {
            for (i, &outcome) in Outcome::ALL.iter().enumerate() {
                let selected = state.outcome == Some(outcome);
                // Framed, and filled when chosen, so the choice reads from across a desk.
                let button =
                    egui::Button::new(RichText::new(outcome_label(lang, outcome)).size(20.0))
                        .selected(selected)
                        .min_size(vec2(half, 44.0));
                if ui.add(button).clicked() {
                    state.outcome = Some(outcome);
                }
                if i % 2 == 1 {
                    ui.end_row();
                }
            }
        });
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new(tr(lang, "booth.note")).size(20.0));
        ui.add(
            egui::TextEdit::singleline(&mut state.note)
                .desired_width(width - label.rect.width() - 20.0)
                .font(egui::TextStyle::Body),
        )
        .labelled_by(label.id);
    });
    let done = action_button(tr(lang, "done"), "D", true, width);
    if ui
        .add_enabled(!state.busy && state.outcome.is_some(), done)
        .clicked()
    {
        commands.push(BoothCommand::Finish);
    }
}

fn profile_ui(ui: &mut egui::Ui, lang: Lang, person: &AttendeeProfile) {
    ui.label(
        RichText::new(&person.name)
            .size(34.0)
            .family(super::fonts::bold()),
    );
    egui::Grid::new("candidate-profile")
        .num_columns(2)
        .spacing(vec2(16.0, 6.0))
        .show(ui, |ui| {
            let mut row = |key: &str, value: String| {
                ui.label(RichText::new(tr(lang, key)).size(20.0).weak());
                ui.label(RichText::new(value).size(22.0));
                ui.end_row();
            };
            let age = person.age.map(|a| a.to_string()).unwrap_or_default();
            let gender = person
                .gender
                .map(|g| gender_label(lang, g).to_string())
                .unwrap_or_default();
            row(
                "p.age",
                [age, gender]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · "),
            );
            row("p.commune", person.commune.clone().unwrap_or_default());
            row("p.education", person.education.clone().unwrap_or_default());
            row("p.interests", person.interests.join(", "));
            // The engine sends a household only where the organiser shows it to booths.
            if let Some(household) = person.household {
                row("p.household", household_label(lang, household).to_string());
            }
            let source = match person.source {
                Source::PreRegistered => "p.pre_registered",
                Source::WalkIn => "p.walk_in",
            };
            row("p.source", tr(lang, source).to_string());
        });
}

fn queue_ui(
    ui: &mut egui::Ui,
    state: &mut BoothState,
    view: &DeskView,
    commands: &mut Vec<BoothCommand>,
) {
    let lang = state.lang;
    let width = ui.available_width();
    ui.label(
        RichText::new(trf(
            lang,
            "booth.waiting",
            &[("n", &view.booth.waiting.to_string())],
        ))
        .size(30.0)
        .strong(),
    );
    if view.booth.next_numbers.is_empty() {
        ui.label(RichText::new(tr(lang, "booth.none_waiting")).size(22.0));
    } else {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(tr(lang, "booth.next")).size(22.0));
            for number in view.booth.next_numbers.iter().take(6) {
                ui.label(
                    RichText::new(number)
                        .size(26.0)
                        .family(super::fonts::bold()),
                );
            }
        });
    }
    if let Some(ticket) = state.reinstatable.clone() {
        ui.add_space(8.0);
        let text = trf(lang, "booth.reinstate", &[("ticket", ticket.as_str())]);
        if ui
            .add_enabled(!state.busy, action_button(&text, "", false, width))
            .clicked()
        {
            commands.push(BoothCommand::Reinstate(ticket));
        }
    }
}

/// Transfer the candidate at the desk to another booth.
fn transfer_ui(
    ui: &mut egui::Ui,
    state: &mut BoothState,
    view: &DeskView,
    commands: &mut Vec<BoothCommand>,
) {
    let lang = state.lang;
    let width = ui.available_width();
    if view.current.as_ref().is_some_and(|t| t.state.is_at_desk()) {
        ui.add_space(16.0);
        ui.separator();
        let selected = state
            .transfer_to
            .as_ref()
            .and_then(|code| state.transfer_targets.iter().find(|(c, _)| c == code))
            .map(|(c, n)| format!("{c} · {n}"))
            .unwrap_or_default();
        egui::ComboBox::from_label(tr(lang, "booth.transfer_to"))
            .selected_text(selected)
            .width(width * 0.6)
            .show_ui(ui, |ui| {
                for (code, name) in &state.transfer_targets {
                    ui.selectable_value(
                        &mut state.transfer_to,
                        Some(code.clone()),
                        format!("{code} · {name}"),
                    );
                }
            });
        let transfer = action_button(tr(lang, "booth.transfer"), "", false, width);
        if ui
            .add_enabled(!state.busy && state.transfer_to.is_some(), transfer)
            .clicked()
        {
            commands.push(BoothCommand::Transfer);
        }
    }
}
