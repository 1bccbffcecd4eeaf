//! The kiosk's one place of change: [`Kiosk::apply`] carries out what the screens asked for and
//! sends engine requests through the worker, and [`Kiosk::on_reply`] applies the engine's
//! replies, after [`Kiosk::offline_reply`] has taken out those that only mean the hub is away.

use std::sync::Arc;

use super::{
    Answers, Command, Kiosk, KioskState, Overlay, Person, Phase, PhoneEntry, Undone, room_left,
};
use crate::api::{CheckinOutcome, CheckinStatus, FairApi, FairError, ProfileUpdate, Suggestions};
use crate::ui::i18n::Lang;
use crate::ui::worker::{Reply, Request, Worker};

impl Kiosk {
    /// A kiosk over `api`, logging as `station`. Starts loading the event.
    pub fn new(api: Arc<dyn FairApi>, station: &str) -> Self {
        let mut worker = Worker::spawn(api);
        worker.send(Request::Event);
        Self {
            state: KioskState::new(station),
            worker,
            qr_texture: None,
            printer: None,
            serial_scans: Vec::new(),
        }
    }

    /// The new-fair form's buttons. Creating runs on the UI thread: a fraction of a second
    /// (the PIN's hash), once, with the organiser at the kiosk and no attendee screen shown.
    /// On success the menu closes; the app sees the new current fair and switches to it.
    fn new_fair(&mut self, action: crate::ui::new_fair::NewFairAction) {
        use crate::ui::new_fair::NewFairAction;
        let lang = self.state.lang;
        let Some(Overlay::NewFair(form)) = &mut self.state.overlay else {
            return;
        };
        match action {
            NewFairAction::Import => form.import_communes(lang),
            NewFairAction::Cancel => self.state.overlay = Some(Overlay::Menu),
            NewFairAction::Create => {
                let Some(folder) = self.state.data_folder.clone() else {
                    return;
                };
                match form.create(lang, &folder) {
                    Ok(_) => self.state.overlay = None,
                    Err(message) => form.message = Some(message),
                }
            }
        }
    }

    /// Engine requests still in flight (tests wait for zero).
    pub fn in_flight(&self) -> usize {
        self.worker.in_flight()
    }

    /// A line from a serial-mode scanner: taken in the next frame as activity and then as a
    /// keyboard scan, so a scan after a quiet spell is not undone by the idle timeout.
    pub fn external_scan(&mut self, text: String) {
        self.serial_scans.push(text);
    }

    pub(super) fn take_serial_scan(&mut self, text: String) {
        let choosing = matches!(
            self.state.phase,
            Phase::Choose {
                phone_entry: None,
                ..
            }
        );
        if (choosing
            || matches!(
                self.state.phase,
                Phase::Welcome | Phase::Tickets { .. } | Phase::Message { .. }
            ))
            && self.state.overlay.is_none()
        {
            self.apply(Command::Scan(text));
        }
    }

    pub(super) fn send(&mut self, request: Request) {
        if self.worker.in_flight() == 0 {
            self.state.busy_since = Some(self.state.now);
        }
        self.worker.send(request);
    }

    pub(super) fn reset(&mut self) {
        // Answers given before "Cancel" or the idle timeout are kept all the same.
        self.save_answers();
        let s = &mut self.state;
        s.phase = if s.event.is_some() {
            Phase::Welcome
        } else {
            Phase::Loading
        };
        s.input.clear();
        s.burst.clear();
        s.lang = Lang::Vi;
        self.qr_texture = None;
        self.forget_slip();
    }

    /// Carries out one command.
    pub fn apply(&mut self, command: Command) {
        let busy = self.worker.in_flight() > 0;
        match command {
            Command::SetLang(lang) => self.state.lang = lang,
            Command::StillHere => {}
            Command::Reset => self.reset(),
            Command::OpenLock => {
                self.state.pin_wait_s = None;
                self.state.overlay = Some(Overlay::Pin {
                    entered: String::new(),
                    wrong: false,
                })
            }
            Command::CloseLock => self.state.overlay = None,
            Command::SubmitPin => {
                if let Some(Overlay::Pin { entered, .. }) = &self.state.overlay {
                    let pin = entered.clone();
                    self.send(Request::VerifyPin { pin });
                }
            }
            Command::OpenNewFair => {
                if self.state.overlay == Some(Overlay::Menu) && self.state.data_folder.is_some() {
                    self.state.overlay = Some(Overlay::NewFair(Default::default()));
                }
            }
            Command::NewFair(action) => self.new_fair(action),
            Command::Quit => {
                if self.state.overlay == Some(Overlay::Menu) {
                    self.state.exit_unlocked = true;
                    self.state.quit_requested = true;
                }
            }
            Command::SetHousehold(value) => {
                if let Phase::Choose { answers, .. } = &mut self.state.phase {
                    answers.household = value;
                }
            }
            Command::SetEthnicMinority(value) => {
                if let Phase::Choose { answers, .. } = &mut self.state.phase {
                    answers.ethnic_minority = value;
                }
            }
            Command::OpenPhone => {
                if let Phase::Choose {
                    answers,
                    phone_entry,
                    ..
                } = &mut self.state.phase
                {
                    *phone_entry = Some(PhoneEntry {
                        digits: answers.phone.clone(),
                        invalid: false,
                    });
                }
            }
            Command::ClosePhone => {
                if let Phase::Choose { phone_entry, .. } = &mut self.state.phase {
                    *phone_entry = None;
                }
            }
            Command::SavePhone => {
                if let Phase::Choose {
                    answers,
                    phone_entry: entry @ Some(_),
                    ..
                } = &mut self.state.phase
                    && let Some(typed) = entry
                {
                    // Checked here with the engine's own rule, so the save just before the
                    // tickets are issued cannot fail on it.
                    if typed.digits.is_empty() {
                        answers.phone.clear();
                        *entry = None;
                    } else if let Some(phone) = crate::domain::phone::parse_phone(&typed.digits) {
                        answers.phone = phone;
                        *entry = None;
                    } else {
                        typed.invalid = true;
                        typed.digits.clear();
                    }
                }
            }
            // A scan is never dropped, even while a reply is pending: a scanner does not
            // retry. Replies to older requests arrive first (the worker answers in order)
            // and find the kiosk checking, so they change nothing.
            Command::Scan(text) => {
                let scan = text.trim().to_string();
                self.state.input.clear();
                self.state.burst.clear();
                if scan.is_empty() {
                    return;
                }
                // The next person scanned while the last one was still choosing: keep what
                // the last one answered.
                self.save_answers();
                self.qr_texture = None;
                self.forget_slip();
                self.state.phase = Phase::Checking;
                let station = self.state.station.clone();
                self.send(Request::Checkin { scan, station });
            }
            // Attendee actions wait for the previous reply, so a double tap acts once.
            _ if busy => {}
            Command::Toggle(booth) => {
                let max = self.state.max_open();
                let mut complete = false;
                if let Phase::Choose {
                    person, selected, ..
                } = &mut self.state.phase
                {
                    let room = room_left(max, person);
                    if let Some(at) = selected.iter().position(|b| *b == booth) {
                        selected.remove(at);
                    } else if (selected.len() as u32) < room {
                        selected.push(booth);
                        // Nothing is left to choose: asking for one more touch would only
                        // cost the attendee time.
                        complete = selected.len() as u32 >= room;
                    }
                }
                if complete {
                    self.issue(true);
                }
            }
            Command::GetTickets => self.issue(false),
            Command::ChooseAgain => {
                if let Phase::Tickets {
                    person,
                    just_issued,
                    ..
                } = &self.state.phase
                    && !just_issued.is_empty()
                {
                    let request = Request::Undo {
                        attendee: person.brief.code.clone(),
                        tickets: just_issued.clone(),
                        station: self.state.station.clone(),
                    };
                    self.send(request);
                }
            }
            Command::AddMore => {
                if let Phase::Tickets {
                    person, tickets, ..
                } = &self.state.phase
                {
                    let mut person = person.clone();
                    person.open_tickets = tickets.clone();
                    self.choose(person);
                }
            }
        }
    }

    /// The next step for `person`: open tickets, or choosing. A name from a damaged scan is not
    /// put to the attendee (a touch-only kiosk has no keyboard to fix it): the record keeps its
    /// "name to check" flag for the help desk, and the screens say so kindly.
    fn advance(&mut self, person: Person) {
        if !person.open_tickets.is_empty() {
            let tickets = person.open_tickets.clone();
            self.state.phase = Phase::Tickets {
                person,
                tickets,
                rescan: true,
                failed: false,
                auto: false,
                issued: 0,
                just_issued: Vec::new(),
                undo_failed: None,
            };
        } else {
            self.choose(person);
        }
    }

    fn choose(&mut self, person: Person) {
        self.choose_again(person, None);
    }

    /// The choose screen for `person`; `undone` after "choose again" says what was taken back.
    fn choose_again(&mut self, person: Person, undone: Option<Undone>) {
        let attendee = person.brief.code.clone();
        self.state.phase = Phase::Choose {
            person,
            suggestions: None,
            selected: Vec::new(),
            failed: false,
            answers: Answers::default(),
            phone_entry: None,
            auto: false,
            undone,
        };
        self.send(Request::Suggestions { attendee });
    }

    /// Issues the chosen tickets; `auto` when the last possible choice triggered it. The
    /// walk-in's answers are sent first: the worker handles requests in order, so they are
    /// saved before the tickets exist.
    fn issue(&mut self, auto_issue: bool) {
        self.save_answers();
        if let Phase::Choose {
            person,
            selected,
            auto,
            ..
        } = &mut self.state.phase
            && !selected.is_empty()
        {
            *auto = auto_issue;
            let request = Request::Issue {
                attendee: person.brief.code.clone(),
                booths: selected.clone(),
                station: self.state.station.clone(),
            };
            self.send(request);
        }
    }

    /// Sends the walk-in's answers, if they gave any and they are not saved yet. Skipped
    /// questions stay unknown.
    fn save_answers(&mut self) {
        if let Phase::Choose {
            person, answers, ..
        } = &mut self.state.phase
            && !person.ask.is_empty()
        {
            let update = ProfileUpdate {
                household: answers.household,
                ethnic_minority: answers.ethnic_minority,
                phone: (!answers.phone.is_empty()).then(|| answers.phone.clone()),
                ..Default::default()
            };
            // Asked once: the questions leave the screen once answered or passed by.
            person.ask.clear();
            if update != ProfileUpdate::default() {
                let attendee = person.brief.code.clone();
                self.send(Request::Update { attendee, update });
            }
        }
    }

    fn on_checkin(&mut self, result: Result<CheckinOutcome, FairError>) {
        if self.state.phase != Phase::Checking {
            return;
        }
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(err) => {
                tracing::warn!(code = err.code(), "check-in failed");
                let key = if matches!(err, FairError::Unavailable { .. }) {
                    "reason.unavailable"
                } else {
                    "reason.other"
                };
                self.state.phase = Phase::Message { key: key.into() };
                return;
            }
        };
        match (outcome.status, outcome.attendee) {
            (
                CheckinStatus::CheckedIn | CheckinStatus::ReEntry | CheckinStatus::Registered,
                Some(brief),
            ) => {
                tracing::debug!(status = ?outcome.status, "checked in");
                let person = Person {
                    brief,
                    registered: outcome.status == CheckinStatus::Registered,
                    name_unconfirmed: outcome.name_needs_confirmation,
                    ask: outcome.ask,
                    open_tickets: outcome.open_tickets,
                };
                self.advance(person);
            }
            (CheckinStatus::CheckedOut, _) => self.reset(),
            (status, _) => {
                let reason = outcome.reason.unwrap_or_default();
                tracing::info!(?status, reason = %reason, "scan not accepted");
                let key = format!("reason.{reason}");
                let key = if crate::ui::i18n::has(&key) {
                    key
                } else {
                    "reason.other".to_string()
                };
                self.state.phase = Phase::Message { key };
            }
        }
    }

    pub(super) fn on_reply(&mut self, reply: Reply) {
        let Some(reply) = self.offline_reply(reply) else {
            return;
        };
        match reply {
            Reply::Event(Ok(event)) => {
                self.state.event = Some(event);
                if self.state.phase == Phase::Loading {
                    self.state.phase = Phase::Welcome;
                }
            }
            Reply::Event(Err(err)) => {
                tracing::error!("cannot load the event: {err}");
            }
            Reply::Checkin(result) => self.on_checkin(result),
            // The walk-in's answers, saved before their tickets: nothing to show, and the
            // tickets do not depend on them.
            Reply::Updated(Err(err)) => tracing::warn!(code = err.code(), "answers not saved"),
            Reply::Updated(Ok(_)) => {}
            Reply::Suggestions(result) => {
                if let Phase::Choose { suggestions, .. } = &mut self.state.phase {
                    match result {
                        Ok(found) => *suggestions = Some(found),
                        Err(err) => {
                            tracing::warn!(code = err.code(), "no suggestions");
                            *suggestions = Some(Suggestions {
                                employers: Vec::new(),
                                counselling: Vec::new(),
                            });
                        }
                    }
                }
            }
            Reply::Issued { results, profile } => {
                if let Phase::Choose { person, auto, .. } = &self.state.phase {
                    let auto = *auto;
                    let failed = results.iter().any(Result::is_err);
                    let just_issued: Vec<String> =
                        results.iter().flatten().map(|t| t.ticket.clone()).collect();
                    let new_count = just_issued.len();
                    let issued = new_count > 0;
                    let tickets = match profile {
                        Ok(profile) => profile.open_tickets,
                        Err(_) => {
                            let mut all = person.open_tickets.clone();
                            all.extend(results.into_iter().flatten().map(|t| t.view));
                            all
                        }
                    };
                    let person = person.clone();
                    self.state.phase = Phase::Tickets {
                        person,
                        tickets,
                        rescan: false,
                        failed,
                        auto,
                        issued: new_count,
                        just_issued,
                        undo_failed: None,
                    };
                    // The tickets exist now, whatever the printer does.
                    if issued {
                        self.print_tickets();
                    }
                }
            }
            Reply::Undone(result) => self.on_undone(result),
            Reply::Queued { .. } => {
                if self.state.phase == Phase::Checking {
                    self.state.phase = Phase::Message {
                        key: "hub.saved".into(),
                    };
                }
            }
            Reply::Pin(result) => {
                if let Some(Overlay::Pin { entered, wrong }) = &mut self.state.overlay {
                    self.state.pin_wait_s = None;
                    match result {
                        Ok(true) => self.state.overlay = Some(Overlay::Menu),
                        // Locked out: not "wrong PIN", which would invite another try.
                        Err(FairError::TooManyAttempts { retry_after_s }) => {
                            self.state.pin_wait_s = Some(retry_after_s);
                            *wrong = false;
                            entered.clear();
                        }
                        _ => {
                            *wrong = true;
                            entered.clear();
                        }
                    }
                }
            }
        }
    }

    /// "Choose again" answered: back to choosing, saying what was taken back, what was kept
    /// (called meanwhile) and that a printed slip no longer counts. When nothing could be
    /// taken back the tickets stay on screen with a line saying so.
    fn on_undone(&mut self, result: Result<crate::api::UndoReply, FairError>) {
        let Phase::Tickets {
            person,
            undo_failed,
            ..
        } = &mut self.state.phase
        else {
            return;
        };
        let reply = match result {
            Ok(reply) if !reply.cancelled.is_empty() => reply,
            // Every number was called meanwhile: they stand, and the attendee goes there.
            Ok(_) => {
                *undo_failed = Some("walk.undo_failed");
                return;
            }
            Err(err) => {
                tracing::warn!(code = err.code(), "tickets not taken back");
                *undo_failed = Some(if matches!(err, FairError::Unavailable { .. }) {
                    "walk.undo_offline"
                } else {
                    "walk.undo_failed"
                });
                return;
            }
        };
        let mut person = person.clone();
        person.open_tickets = reply.profile.open_tickets;
        let slip_void = self.state.slip.is_some();
        self.forget_slip();
        let undone = Undone {
            cancelled: reply.cancelled,
            kept: reply.kept,
            slip_void,
        };
        self.choose_again(person, Some(undone));
    }

    /// Replies that mean "the hub is away" in the middle of a visit: say so plainly instead
    /// of a misleading "wrong PIN" or "bad phone number". Returns the reply if it is not one.
    fn offline_reply(&mut self, reply: Reply) -> Option<Reply> {
        let away = |err: &FairError| matches!(err, FairError::Unavailable { .. });
        let needs_hub = match &reply {
            Reply::Pin(Err(err)) if away(err) => {
                if let Some(Overlay::Pin { entered, .. }) = &mut self.state.overlay {
                    entered.clear();
                }
                return None;
            }
            Reply::Suggestions(Err(err)) | Reply::Updated(Err(err)) => away(err),
            Reply::Issued { results, .. } => {
                !results.is_empty() && results.iter().all(|r| r.as_ref().is_err_and(away))
            }
            _ => false,
        };
        if !needs_hub {
            return Some(reply);
        }
        if matches!(self.state.phase, Phase::Choose { .. }) {
            self.state.phase = Phase::Message {
                key: "hub.needs_hub".into(),
            };
        }
        None
    }
}
