//! The tickets screen: each number huge with its booth and location, and one QR code for
//! later scans.

use egui::{Color32, RichText, Stroke, vec2};

use super::greeting::greeting_ui;
use super::widgets::{background_scan, big_button, minutes, name_note_ui, primary_button};
use super::{ACCENT, Command, KioskState, Phase, SELECTED, SlipStatus};
use crate::api::TicketView;
use crate::domain::TicketState;
use crate::ui::fonts;
use crate::ui::i18n::{Lang, tr, trf};

/// Width of the ticket screen's QR column.
const QR_COLUMN: f32 = 260.0;
/// The narrowest ticket card that still holds a huge number.
const TICKET_MIN_WIDTH: f32 = 240.0;

fn ticket_card_ui(ui: &mut egui::Ui, lang: Lang, ticket: &TicketView, width: f32) {
    let margin = 14.0;
    let stroke = 3.0;
    egui::Frame::group(ui.style())
        .stroke(Stroke::new(stroke, ACCENT))
        .inner_margin(margin)
        .corner_radius(12.0)
        .show(ui, |ui| {
            ui.set_width(width - 2.0 * (margin + stroke));
            ui.vertical_centered(|ui| {
                ui.label(
                    RichText::new(&ticket.ticket)
                        .size(84.0)
                        .family(fonts::bold())
                        .color(ACCENT),
                );
                // Long employer names wrap: the attendee must recognise the booth.
                ui.add(
                    egui::Label::new(RichText::new(&ticket.booth_name).size(24.0).strong()).wrap(),
                );
                go_to_ui(ui, lang, &ticket.location);
                match ticket.state {
                    TicketState::Waiting => {
                        // Place and wait on one line: the card stays short enough for three
                        // tickets and the buttons on a 768-high screen.
                        let place = ticket.position.map(|ahead| {
                            let ahead = ahead.saturating_sub(1).to_string();
                            trf(lang, "position", &[("n", &ahead)])
                        });
                        let wait = ticket
                            .estimated_wait_s
                            .map(|wait| trf(lang, "wait_min", &[("n", &minutes(wait))]));
                        let parts: Vec<RichText> = place
                            .into_iter()
                            .chain(wait)
                            .map(|part| RichText::new(part).size(22.0))
                            .collect();
                        one_line_or_each_ui(ui, &parts, " · ");
                    }
                    _ => {
                        ui.label(
                            RichText::new(tr(lang, "ticket_called"))
                                .size(24.0)
                                .color(SELECTED),
                        );
                    }
                }
            });
        });
}

/// "When called, go to: Gian 1", the place large: on one line where the card is wide enough,
/// else the place on a line of its own, so "Gian 1" is never broken between word and number.
fn go_to_ui(ui: &mut egui::Ui, lang: Lang, location: &str) {
    let parts = [
        RichText::new(tr(lang, "walk.go_to")).size(20.0),
        RichText::new(location).size(30.0).family(fonts::bold()),
    ];
    one_line_or_each_ui(ui, &parts, " ");
}

/// `parts` on one line, joined by `separator`, where it fits the width left; else each part on
/// a line of its own. A narrow card then breaks between the parts, never inside one ("~1" /
/// "phút").
fn one_line_or_each_ui(ui: &mut egui::Ui, parts: &[RichText], separator: &str) {
    let color = ui.visuals().text_color();
    let mut job = egui::text::LayoutJob::default();
    for (i, part) in parts.iter().enumerate() {
        let text = if i == 0 {
            part.clone()
        } else {
            RichText::new(separator).size(22.0).color(color).append_to(
                &mut job,
                ui.style(),
                egui::FontSelection::Default,
                egui::Align::Center,
            );
            part.clone()
        };
        text.color(color).append_to(
            &mut job,
            ui.style(),
            egui::FontSelection::Default,
            egui::Align::Center,
        );
    }
    let width = ui.fonts_mut(|f| f.layout_job(job.clone())).size().x;
    if width <= ui.available_width() {
        ui.label(job);
    } else {
        for part in parts {
            ui.label(part.clone());
        }
    }
}

/// What became of the printed slip; a failure is said large, in the help desk's words.
fn slip_status_ui(ui: &mut egui::Ui, lang: Lang, slip: SlipStatus) {
    let text = match slip {
        SlipStatus::Printing => RichText::new(tr(lang, "print.printing")).size(24.0),
        SlipStatus::Printed => RichText::new(tr(lang, "print.printed"))
            .size(26.0)
            .color(SELECTED),
        SlipStatus::Failed => RichText::new(tr(lang, "print.failed"))
            .size(28.0)
            .family(fonts::bold())
            .color(Color32::DARK_RED),
    };
    ui.add(egui::Label::new(text).wrap());
}

/// The tickets: each number huge with its booth and location, and one QR code of the
/// attendee's registration code for later scans. Cards share the width left of the QR code,
/// so every ticket and the code are on screen at 1280×800.
pub fn tickets_ui(
    ui: &mut egui::Ui,
    state: &mut KioskState,
    qr: Option<&egui::TextureHandle>,
) -> Option<Command> {
    let Phase::Tickets {
        person,
        tickets,
        rescan,
        failed,
        auto,
        issued,
        just_issued,
        undo_failed,
    } = &state.phase
    else {
        return None;
    };
    let (person, tickets, rescan, failed, auto, issued) = (
        person.clone(),
        tickets.clone(),
        *rescan,
        *failed,
        *auto,
        *issued,
    );
    let (can_undo, undo_failed) = (!just_issued.is_empty(), *undo_failed);
    let lang = state.lang;
    let mut command = greeting_ui(ui, state, &person);
    name_note_ui(ui, lang, &person);
    let heading = if rescan {
        "already_tickets"
    } else {
        "your_tickets"
    };
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(tr(lang, heading))
                .size(40.0)
                .family(fonts::bold()),
        );
        ui.add_space(16.0);
        // What to do now, and what two calls at once mean, on the heading's line: every
        // ticket and "Done" still fit 1280×800.
        let mut next = tr(lang, "walk.next_step").to_string();
        if tickets.len() > 1 {
            next = format!("{next} {}", tr(lang, "walk.one_at_a_time"));
        }
        ui.add(egui::Label::new(RichText::new(next).size(22.0).strong()).wrap());
    });
    if auto {
        // The numbers issued just now, not every open ticket (a re-scan may add one).
        let n = issued.to_string();
        ui.label(RichText::new(trf(lang, "auto_issued", &[("n", &n)])).size(24.0));
    }

    if failed {
        ui.label(
            RichText::new(tr(lang, "some_failed"))
                .size(24.0)
                .color(Color32::DARK_RED),
        );
    }
    if let Some(key) = undo_failed {
        let text = RichText::new(tr(lang, key))
            .size(24.0)
            .color(Color32::DARK_RED);
        ui.add(egui::Label::new(text).wrap());
    }
    ui.add_space(6.0);
    let gap = 16.0;
    let cards_width = ui.available_width() - QR_COLUMN - 2.0 * gap;
    let count = tickets.len().max(1);
    let per_row =
        (((cards_width + gap) / (TICKET_MIN_WIDTH + gap)).floor() as usize).clamp(1, count);
    let card_width = ((cards_width - gap * (per_row as f32 - 1.0)) / per_row as f32).min(340.0);
    let left = state.seconds_left();
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(cards_width);
            ui.spacing_mut().item_spacing = vec2(gap, gap);
            for row in tickets.chunks(per_row) {
                ui.horizontal_top(|ui| {
                    for ticket in row {
                        ticket_card_ui(ui, lang, ticket, card_width);
                    }
                });
            }
        });
        ui.add_space(gap);
        ui.vertical(|ui| {
            ui.set_width(QR_COLUMN);
            if let Some(texture) = qr {
                ui.add(egui::Image::new(texture).fit_to_exact_size(vec2(240.0, 240.0)));
            }
            ui.add(egui::Label::new(RichText::new(tr(lang, "rescan_hint")).size(22.0)).wrap());
            // Under the QR code, so the row of buttons keeps its room for the slip's fate.
            ui.add_space(8.0);
            let back = trf(
                lang,
                "auto_return",
                &[("n", &format!("{}", left.ceil() as u32))],
            );
            ui.add(egui::Label::new(RichText::new(back).size(20.0)).wrap());
        });
    });
    ui.add_space(12.0);
    let room = state.max_open().saturating_sub(tickets.len() as u32);
    ui.horizontal(|ui| {
        if ui.add(primary_button(tr(lang, "finish"), 320.0)).clicked() {
            command = Some(Command::Reset);
        }
        // Undo the choice while the numbers are fresh: named for what it does, so it cannot
        // be mistaken for the way out ("Back to start" keeps the tickets).
        if can_undo && undo_failed.is_none() {
            ui.add_space(24.0);
            if ui
                .add(big_button(tr(lang, "walk.choose_again"), 0.0))
                .clicked()
            {
                command = Some(Command::ChooseAgain);
            }
        }
        if rescan && room > 0 {
            ui.add_space(24.0);
            let text = trf(lang, "add_more", &[("n", &room.to_string())]);
            if ui.add(big_button(text, 320.0)).clicked() {
                command = Some(Command::AddMore);
            }
        }
        // Beside the buttons, not below them: three tickets, the slip's fate and "Done" still
        // fit 1280×800.
        if let Some(slip) = state.slip {
            ui.add_space(24.0);
            ui.vertical(|ui| {
                ui.set_max_width(ui.available_width());
                slip_status_ui(ui, lang, slip);
            });
        }
    });
    command.or_else(|| background_scan(ui, state))
}
