//! What is shown instead of, or over, an attendee's screen: a kind message (not found, rejected,
//! offline), the busy spinner, the banner of a kiosk whose hub is away, and the organiser lock.

use egui::{Align, Color32, Layout, RichText};

use super::widgets::{background_scan, big_button, lang_switch_ui, primary_button};
use super::{Command, KioskState, Overlay, Phase};
use crate::ui::fonts;
use crate::ui::i18n::{tr, trf};
use crate::ui::keypad::{KeypadEvent, keypad_ui};

/// Not found or rejected: a kind message and how to get help. Never someone else's data.
pub fn message_ui(ui: &mut egui::Ui, state: &mut KioskState, key: &str) -> Option<Command> {
    let lang = state.lang;
    let mut command = None;
    ui.horizontal(|ui| {
        ui.with_layout(Layout::right_to_left(Align::Min), |ui| {
            command = lang_switch_ui(ui, state);
        });
    });
    ui.add_space(60.0);
    ui.vertical_centered(|ui| {
        ui.add(
            egui::Label::new(
                RichText::new(tr(lang, key))
                    .size(40.0)
                    .family(fonts::bold()),
            )
            .wrap(),
        );
        ui.add_space(20.0);
        ui.label(RichText::new(tr(lang, "get_help")).size(30.0));
        ui.add_space(40.0);
        if ui.add(primary_button(tr(lang, "back"), 320.0)).clicked() {
            command = Some(Command::Reset);
        }
    });
    command.or_else(|| background_scan(ui, state))
}

pub(super) fn busy_ui(ui: &mut egui::Ui, state: &KioskState) {
    ui.horizontal(|ui| {
        ui.add(egui::Spinner::new().size(48.0));
        let key = if state.phase == Phase::Loading {
            "loading"
        } else {
            "working"
        };
        ui.label(RichText::new(state.tr(key)).size(32.0));
    });
}

/// The calm banner of a kiosk whose hub is away: scans are still taken, how many wait, and
/// that queue numbers need the hub. Once the hub is back it says the saved scans
/// are being sent, and goes when none wait.
pub fn offline_banner_ui(ui: &mut egui::Ui, state: &KioskState) {
    let Some(link) = state.hub.filter(|link| !link.is_clear()) else {
        return;
    };
    let pending = link.pending.to_string();
    let ink = Color32::from_rgb(90, 60, 0);
    // One slim strip on top (a panel, so the screen below simply gets less room): the kiosk's
    // screens are laid out for 800 px and must still fit under it.
    egui::Panel::top("kiosk-offline-banner")
        .resizable(false)
        .show_separator_line(false)
        .frame(
            egui::Frame::new()
                .fill(Color32::from_rgb(255, 236, 179))
                .inner_margin(egui::Margin::symmetric(24, 6)),
        )
        .show(ui, |ui| {
            // Rows as tall as the text, not the kiosk's 76 px touch rows.
            ui.spacing_mut().interact_size.y = 24.0;
            ui.horizontal_wrapped(|ui| {
                if link.reachable {
                    let text = trf(state.lang, "hub.sending", &[("n", &pending)]);
                    ui.label(RichText::new(text).size(20.0).color(ink));
                    return;
                }
                ui.label(
                    RichText::new(state.tr("hub.offline"))
                        .size(20.0)
                        .strong()
                        .color(ink),
                );
                if link.pending > 0 {
                    let text = trf(state.lang, "hub.waiting", &[("n", &pending)]);
                    ui.label(RichText::new(text).size(20.0).strong().color(ink));
                }
            });
        });
}

/// The organiser lock: PIN entry, then a small menu.
pub(super) fn lock_ui(ctx: &egui::Context, state: &mut KioskState) -> Vec<Command> {
    let mut commands = Vec::new();
    let lang = state.lang;
    egui::Modal::new(egui::Id::unique("kiosk-lock")).show(ctx, |ui| {
        ui.set_width(420.0);
        match &mut state.overlay {
            Some(Overlay::Pin { entered, wrong }) => {
                ui.label(RichText::new(tr(lang, "pin_prompt")).size(28.0).strong());
                let dots: String = "*".repeat(entered.chars().count());
                ui.label(RichText::new(if dots.is_empty() { " ".into() } else { dots }).size(36.0));
                if let Some(wait) = state.pin_wait_s {
                    let text = crate::ui::booth::pin_locked_text(lang, wait);
                    let text = RichText::new(text).size(24.0).color(Color32::DARK_RED);
                    ui.add(egui::Label::new(text).wrap());
                } else if *wrong {
                    ui.label(
                        RichText::new(tr(lang, "pin_wrong"))
                            .size(24.0)
                            .color(Color32::DARK_RED),
                    );
                }
                if state.hub.is_some_and(|link| !link.reachable) {
                    ui.label(RichText::new(tr(lang, "hub.pin_offline")).size(24.0));
                }
                if keypad_ui(ui, lang, entered, 12, "pin") == KeypadEvent::Submit {
                    commands.push(Command::SubmitPin);
                }
                ui.add_space(8.0);
                if ui.add(big_button(tr(lang, "back"), 350.0)).clicked() {
                    commands.push(Command::CloseLock);
                }
            }
            Some(Overlay::Menu) => {
                ui.label(
                    RichText::new(tr(lang, "organiser_menu"))
                        .size(28.0)
                        .strong(),
                );
                ui.add_space(8.0);
                if state.data_folder.is_some()
                    && ui
                        .add(big_button(tr(lang, "new_fair.title"), 400.0))
                        .clicked()
                {
                    commands.push(Command::OpenNewFair);
                }
                ui.add_space(8.0);
                if ui.add(big_button(tr(lang, "exit_app"), 400.0)).clicked() {
                    commands.push(Command::Quit);
                }
                ui.add_space(8.0);
                if ui.add(big_button(tr(lang, "back"), 400.0)).clicked() {
                    commands.push(Command::CloseLock);
                }
            }
            // Drawn in the window itself (`kiosk_ui`).
            Some(Overlay::NewFair(_)) => {}
            None => {}
        }
    });
    commands
}

/// The last seconds before the screen returns to welcome: a banner at the bottom counting
/// down, and a big button (any touch does the same) that gives the attendee more time.
pub(super) fn countdown_ui(ctx: &egui::Context, state: &KioskState) -> Option<Command> {
    let lang = state.lang;
    let left = format!("{}", state.seconds_left().ceil() as u32);
    let mut command = None;
    egui::Area::new(egui::Id::unique("kiosk-countdown"))
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -24.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style())
                .fill(Color32::from_rgb(255, 244, 214))
                .inner_margin(16.0)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new(trf(lang, "walk.countdown", &[("n", &left)]))
                                .size(30.0)
                                .family(fonts::bold())
                                .color(Color32::from_rgb(120, 60, 0)),
                        );
                        ui.add_space(16.0);
                        if ui
                            .add(primary_button(tr(lang, "walk.more_time"), 360.0))
                            .clicked()
                        {
                            command = Some(Command::StillHere);
                        }
                    });
                });
        });
    command
}
