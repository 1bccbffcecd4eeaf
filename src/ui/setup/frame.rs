//! One frame of the setup screen: [`SetupScreen::ui`] takes in the worker's replies, refreshes
//! the view while unlocked and applies what [`setup_ui`] returns; `setup_ui` draws the header,
//! the PIN gate, the tab bar and the notice around the open tab, with the form widgets every
//! tab uses.

use std::sync::Arc;

use egui::RichText;

use super::booths::{add_booth_ui, booths_ui};
use super::event::event_ui;
use super::lists::import_ui;
use super::pin::pin_change_ui;
use super::{SetupCommand, SetupReply, SetupScreen, SetupState, SetupTab};
use crate::ui::booth::notice_ui;
use crate::ui::dashboard::pin_ui;
use crate::ui::i18n::{Lang, tr};

impl SetupScreen {
    /// One frame: drain replies, refresh while unlocked, draw, apply commands.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.jobs.attach(&ctx);
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        for reply in self.jobs.poll() {
            self.on_reply(reply);
        }
        if self.state.import.running {
            self.copy_progress();
        }
        let now = ui.input(|i| i.time);
        if self.state.unlocked && self.jobs.in_flight() == 0 && self.poller.due(now) {
            let seen = self.poller.seen;
            let setup = Arc::clone(&self.api);
            self.jobs.send(move |api| {
                let counter = api.change_counter();
                let data = match &counter {
                    Ok(c) if Some(*c) == seen => None,
                    _ => Some(Box::new(setup.setup_view())),
                };
                SetupReply::Loaded { counter, data }
            });
        }
        let commands = setup_ui(ui, &mut self.state);
        for command in commands {
            self.apply(command);
        }
        if self.jobs.in_flight() > 0 {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        } else if self.state.unlocked {
            ctx.request_repaint_after(self.poller.wait(now));
        }
    }
}

/// The whole setup screen (or the PIN form while locked). Returns what the organiser asked for.
pub fn setup_ui(ui: &mut egui::Ui, state: &mut SetupState) -> Vec<SetupCommand> {
    let mut commands = Vec::new();
    let lang = state.lang;
    egui::Frame::central_panel(ui.style())
        .inner_margin(16.0)
        .show(ui, |ui| {
            // Paint the whole window, not just the content.
            ui.set_min_size(ui.available_size());
            ui.horizontal(|ui| {
                ui.heading(tr(lang, "setup.title"));
                if state.busy {
                    ui.spinner();
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    for (l, key) in [(Lang::En, "lang.en"), (Lang::Vi, "lang.vi")] {
                        if ui
                            .add(egui::Button::selectable(lang == l, tr(lang, key)))
                            .clicked()
                        {
                            commands.push(SetupCommand::SetLang(l));
                        }
                    }
                });
            });
            if !state.unlocked {
                if pin_ui(ui, lang, &mut state.pin, state.pin_wrong, state.pin_wait_s) {
                    commands.push(SetupCommand::SubmitPin);
                }
                return;
            }
            tabs_ui(ui, state, &mut commands);
            ui.separator();
            notice_ui(ui, state.notice.as_ref(), None);
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| match state.tab {
                    SetupTab::Booths => {
                        add_booth_ui(ui, state, &mut commands);
                        ui.add_space(8.0);
                        booths_ui(ui, state, &mut commands);
                    }
                    SetupTab::Event => event_ui(ui, state, &mut commands),
                    SetupTab::Lists => import_ui(ui, state, &mut commands),
                    SetupTab::Pin => pin_change_ui(ui, state, &mut commands),
                    SetupTab::NewFair => {
                        let busy = state.busy;
                        if let Some(action) =
                            crate::ui::new_fair::new_fair_ui(ui, lang, &mut state.new_fair, busy)
                        {
                            commands.push(SetupCommand::NewFair(action));
                        }
                    }
                });
        });
    commands
}

fn tabs_ui(ui: &mut egui::Ui, state: &SetupState, commands: &mut Vec<SetupCommand>) {
    let lang = state.lang;
    ui.horizontal(|ui| {
        let new_fair = state
            .can_create_fair
            .then_some((SetupTab::NewFair, "new_fair.title"));
        for (tab, key) in [
            (SetupTab::Booths, "setup.booths"),
            (SetupTab::Event, "setup.event"),
            (SetupTab::Lists, "setup.tab_lists"),
            (SetupTab::Pin, "setup.tab_pin"),
        ]
        .into_iter()
        .chain(new_fair)
        {
            let button = egui::Button::selectable(
                state.tab == tab,
                RichText::new(tr(lang, key)).size(22.0).strong(),
            );
            if ui.add_enabled(!state.busy, button).clicked() && state.tab != tab {
                commands.push(SetupCommand::SetTab(tab));
            }
        }
    });
}

/// A form's "save" button (disabled while a change is being written), which pushes `save`, and
/// its "cancel" button; returns whether the form was cancelled.
pub(super) fn save_cancel_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    busy: bool,
    save_key: &str,
    save: SetupCommand,
    commands: &mut Vec<SetupCommand>,
) -> bool {
    if ui
        .add_enabled(!busy, egui::Button::new(tr(lang, save_key)))
        .clicked()
    {
        commands.push(save);
    }
    ui.button(tr(lang, "setup.cancel")).clicked()
}

/// A labelled one-line text field (the label names it for screen readers and tests).
pub(super) fn field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    width: f32,
) -> egui::Response {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).desired_width(width))
        .labelled_by(label.id)
}
