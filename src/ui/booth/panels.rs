//! The booth console's panels, laid out by [`booth_ui`]: the header, the candidate and their
//! profile, the queue, the outcome form and the transfer picker, with the labels they show.

use egui::{Color32, Key, RichText, vec2};

use super::{BoothCommand, BoothState, Notice};
use crate::api::{AMENDABLE_OUTCOMES, AttendeeProfile, DeskView};
use crate::domain::{Gender, Household, Outcome, Source, TicketState};
use crate::ui::i18n::{Lang, tr, trf};

/// Height of the console's action buttons: a laptop, not a kiosk, but used in a hurry.
const BUTTON_HEIGHT: f32 = 56.0;

/// `tr` for keys built at run time: the table is static, so the text outlives the key.
fn static_tr(lang: Lang, key: &str) -> &'static str {
    crate::ui::i18n::TABLE
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, vi, en)| match lang {
            Lang::Vi => *vi,
            Lang::En => *en,
        })
        .unwrap_or("?")
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

/// Height of the "next numbers" row: its tallest text (26 pt ticket numbers) and a margin.
const NEXT_ROW_HEIGHT: f32 = 40.0;

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
            if i.key_pressed(Key::N) && state.no_show_wait_s() == 0 {
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
            paused_banner_ui(ui, state);
            crate::ui::jobs::reconnecting_ui(ui, state.lang, state.reconnecting);
            notice_ui(ui, state.notice.as_ref(), Some(22.0));
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
                recent_ui(left, state, &view, &mut commands);
                queue_ui(right, state, &view, &mut commands);
                finish_ui(right, state, &view, &mut commands);
                transfer_ui(right, state, &view, &mut commands);
            });
        });
    commands
}

/// A paused desk says so in a band across the console, not only in a button's label.
fn paused_banner_ui(ui: &mut egui::Ui, state: &BoothState) {
    if state.view.as_ref().is_none_or(|v| v.desk.open) {
        return;
    }
    egui::Frame::new()
        .fill(Color32::from_rgb(255, 236, 200))
        .inner_margin(10.0)
        .corner_radius(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(tr(state.lang, "booth.paused"))
                    .size(26.0)
                    .strong()
                    .color(Color32::from_rgb(130, 70, 0)),
            );
        });
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
        // One name for each place on every screen (issue 13, item 13): the booth's location,
        // as attendees' tickets and the board say it, and the desk's label, as the board calls.
        let place = state
            .view
            .as_ref()
            .map(|v| v.booth.location.clone())
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| state.booth.clone());
        ui.heading(trf(
            lang,
            "booth.title",
            &[("place", place.as_str()), ("desk", desk_label.as_str())],
        ));
        if let Some(view) = &state.view {
            ui.label(RichText::new(&view.booth.name).size(22.0).weak());
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

/// The last message, coloured by kind: red for a refusal, amber for a no-show, green for done.
/// `size` is the text height, or the style's body size when `None`. The dashboard and Setup
/// show their notices with it too.
pub fn notice_ui(ui: &mut egui::Ui, notice: Option<&Notice>, size: Option<f32>) {
    let Some(notice) = notice else {
        return;
    };
    let (text, color) = match notice {
        Notice::Error(text) => (text, Color32::from_rgb(180, 0, 0)),
        Notice::Warn(text) => (text, Color32::from_rgb(170, 100, 0)),
        Notice::Info(text) => (text, Color32::from_rgb(0, 110, 40)),
    };
    let text = RichText::new(text).color(color);
    ui.label(size.map_or(text.clone(), |size| text.size(size)));
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
        if view.desk.open {
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
                .family(crate::ui::fonts::bold()),
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
    // Until the event's grace has passed since the call, "No-show" waits and says how long:
    // a candidate walking over from the far end of the hall is not absent.
    let wait_s = if called { state.no_show_wait_s() } else { 0 };
    ui.horizontal(|ui| {
        for (key, shortcut, command) in actions {
            let waiting = matches!(command, BoothCommand::NoShow) && wait_s > 0;
            let label = if waiting {
                trf(lang, "booth.no_show_in", &[("s", &wait_s.to_string())])
            } else {
                tr(lang, key).to_string()
            };
            let button = action_button(&label, shortcut, false, third);
            if ui
                .add_enabled(!state.busy && called && !waiting, button)
                .clicked()
            {
                commands.push(command);
            }
        }
    });
    if wait_s > 0 {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs(1));
    }
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
            .family(crate::ui::fonts::bold()),
    );
    // Read from a damaged card and not confirmed at the kiosk: staff check it with them.
    if person.name_needs_confirmation {
        ui.label(
            RichText::new(tr(lang, "walk.name_to_check"))
                .size(20.0)
                .color(Color32::from_rgb(160, 80, 0)),
        );
    }
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
    // One row of one height whether anyone waits or not: the buttons below stay put.
    ui.horizontal(|ui| {
        ui.set_min_height(NEXT_ROW_HEIGHT);
        if view.booth.next_numbers.is_empty() {
            ui.label(RichText::new(tr(lang, "booth.none_waiting")).size(22.0));
        } else {
            ui.label(RichText::new(tr(lang, "booth.next")).size(22.0));
            for number in view.booth.next_numbers.iter().take(6) {
                ui.label(
                    RichText::new(number)
                        .size(26.0)
                        .family(crate::ui::fonts::bold()),
                );
            }
        }
    });
    // The button's place is kept when there is nothing to reinstate, so the outcome buttons
    // below never move under a hand that is about to press one.
    ui.add_space(8.0);
    if let Some(ticket) = state.reinstatable.clone() {
        let text = trf(lang, "booth.reinstate", &[("ticket", ticket.as_str())]);
        if ui
            .add_enabled(!state.busy, action_button(&text, "", false, width))
            .clicked()
        {
            commands.push(BoothCommand::Reinstate(ticket));
        }
    } else {
        ui.allocate_space(vec2(width, BUTTON_HEIGHT));
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

/// The desk's last finished outcomes, while nobody is at the desk, each with "Correct": a slip
/// of the hand is put right as a new logged change, never by editing what was recorded. The
/// picker opens under its row; choosing an outcome sends the correction.
fn recent_ui(
    ui: &mut egui::Ui,
    state: &mut BoothState,
    view: &DeskView,
    commands: &mut Vec<BoothCommand>,
) {
    if view.current.is_some() || view.recent.is_empty() {
        return;
    }
    let lang = state.lang;
    ui.add_space(16.0);
    ui.separator();
    let heading = trf(
        lang,
        "booth.recent",
        &[("n", &AMENDABLE_OUTCOMES.to_string())],
    );
    ui.label(RichText::new(heading).size(20.0).strong());
    let width = ui.available_width();
    for ticket in &view.recent {
        ui.horizontal(|ui| {
            ui.set_min_height(40.0);
            ui.label(
                RichText::new(&ticket.ticket)
                    .size(22.0)
                    .family(crate::ui::fonts::bold()),
            );
            let outcome = ticket.outcome.map_or("", |o| outcome_label(lang, o));
            ui.label(RichText::new(outcome).size(20.0));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let open = state.amending.as_deref() == Some(ticket.ticket.as_str());
                let text = if open {
                    tr(lang, "cancel")
                } else {
                    tr(lang, "booth.amend")
                };
                let button =
                    egui::Button::new(RichText::new(text).size(18.0)).min_size(vec2(100.0, 36.0));
                if ui.add_enabled(!state.busy, button).clicked() {
                    state.amending = (!open).then(|| ticket.ticket.clone());
                }
            });
        });
        if state.amending.as_deref() == Some(ticket.ticket.as_str()) {
            let prompt = trf(
                lang,
                "booth.amend_to",
                &[("ticket", ticket.ticket.as_str())],
            );
            ui.label(RichText::new(prompt).size(18.0));
            let half = (width - 10.0) / 2.0;
            egui::Grid::new(("booth-amend", ticket.ticket.as_str()))
                .num_columns(2)
                .spacing(vec2(10.0, 6.0))
                .show(ui, |ui| {
                    let others = Outcome::ALL.iter().filter(|o| Some(**o) != ticket.outcome);
                    for (i, &outcome) in others.enumerate() {
                        let button = egui::Button::new(
                            RichText::new(outcome_label(lang, outcome)).size(18.0),
                        )
                        .min_size(vec2(half, 36.0));
                        if ui.add_enabled(!state.busy, button).clicked() {
                            commands.push(BoothCommand::Amend {
                                ticket: ticket.ticket.clone(),
                                outcome,
                            });
                        }
                        if i % 2 == 1 {
                            ui.end_row();
                        }
                    }
                });
        }
    }
}
