//! The choose screen: booth cards of one size, ranked for this attendee, in a scroll area a
//! finger can use, and the button that issues the tickets.

use std::sync::Arc;

use egui::{Align, Color32, Layout, RichText, Sense, Stroke, vec2};

use super::greeting::{greeting_ui, phone_dialog_ui, questions_ui};
use super::messages::busy_ui;
use super::widgets::{background_scan, minutes, name_note_ui, primary_button};
use super::{ACCENT, Command, KioskState, NARROW_WIDTH, Phase, SELECTED, TOUCH_HEIGHT, room_left};
use crate::api::BoothStatus;
use crate::ui::fonts;
use crate::ui::i18n::{Lang, tr, trf};

/// Height of every booth card: all cards have this size, whatever their text. It holds the
/// name, the top vacancies and the queue line, so choosing by job costs no touch.
const CARD_HEIGHT: f32 = 206.0;
/// Vacancies shown on a card, biggest first.
const CARD_VACANCIES: usize = 2;

/// After "choose again": which numbers were taken back, which stay (called meanwhile) and
/// that a slip already printed no longer counts. One line, so the cards keep their room.
fn undone_ui(ui: &mut egui::Ui, lang: Lang, undone: &super::Undone) {
    let mut line = trf(
        lang,
        "walk.undone",
        &[("numbers", &undone.cancelled.join(", "))],
    );
    if !undone.kept.is_empty() {
        let kept = trf(
            lang,
            "walk.undo_kept",
            &[("numbers", &undone.kept.join(", "))],
        );
        line = format!("{line} {kept}");
    }
    if undone.slip_void {
        line = format!("{line} {}", tr(lang, "walk.slip_void"));
    }
    let text = RichText::new(line)
        .size(22.0)
        .strong()
        .color(Color32::from_rgb(120, 60, 0));
    ui.add(egui::Label::new(text).wrap());
}

/// Choose employers and counselling: cards of one size, ranked for this attendee, in a scroll
/// area whose bar is always visible. A walk-in also sees the optional questions above the
/// cards. Choosing as many booths as the attendee may hold issues the tickets at once.
pub fn choose_ui(ui: &mut egui::Ui, state: &mut KioskState) -> Option<Command> {
    let Phase::Choose {
        person,
        suggestions,
        selected,
        failed,
        answers,
        phone_entry,
        undone,
        ..
    } = &state.phase
    else {
        return None;
    };
    let (person, suggestions, selected, failed, answers, phone_open) = (
        person.clone(),
        suggestions.clone(),
        selected.clone(),
        *failed,
        answers.clone(),
        phone_entry.is_some(),
    );
    let undone = undone.clone();
    let lang = state.lang;
    let room = room_left(state.max_open(), &person);
    let asks_questions = person.registered && !person.ask.is_empty();
    let mut command = greeting_ui(ui, state, &person);
    name_note_ui(ui, lang, &person);
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(trf(lang, "pick_employers", &[("n", &room.to_string())]))
                .size(30.0)
                .strong(),
        );
        if !person.open_tickets.is_empty() {
            let left = room.saturating_sub(selected.len() as u32);
            ui.label(
                RichText::new(trf(lang, "choose_left", &[("n", &left.to_string())])).size(26.0),
            );
        }
        // The questions' "you may skip" sits on this line, not one of its own, so two full
        // rows of cards stay on screen at 1280×800. When household category or ethnic
        // minority is asked, the line says why and that it is optional (issue 17); skipping
        // stays the easiest answer: no touch at all.
        if asks_questions {
            let sensitive = person
                .ask
                .iter()
                .any(|a| a == "household" || a == "ethnic_minority");
            let (key, size) = if sensitive {
                // Read at arm's length by people new to screens: not small, not greyed.
                ("privacy.purpose", 18.0)
            } else {
                ("questions_intro", 20.0)
            };
            // Wrapped into what the line leaves, so a portrait screen is not made wider.
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                let text = RichText::new(tr(lang, key))
                    .size(size)
                    .color(ui.visuals().text_color());
                ui.add(egui::Label::new(text).wrap());
            });
        }
    });
    if failed {
        ui.label(
            RichText::new(tr(lang, "some_failed"))
                .size(24.0)
                .color(Color32::DARK_RED),
        );
    }
    if let Some(undone) = &undone {
        undone_ui(ui, lang, undone);
    }
    if asks_questions {
        if let Some(c) = questions_ui(ui, lang, &person.ask, &answers) {
            command = Some(c);
        }
    }
    ui.add_space(4.0);
    let Some(suggestions) = suggestions else {
        busy_ui(ui, state);
        return command.or_else(|| background_scan(ui, state));
    };
    let held: Vec<&str> = person
        .open_tickets
        .iter()
        .map(|t| t.booth.as_str())
        .collect();
    let mut booths: Vec<(&BoothStatus, bool)> = suggestions
        .employers
        .iter()
        .map(|b| (b, false))
        .chain(suggestions.counselling.iter().map(|b| (b, true)))
        .filter(|(b, _)| b.open && !held.contains(&b.code.as_str()))
        .collect();
    // As in the DESIGN §8 sketch, counselling is the third card of the first row, so it is
    // always visible without scrolling; other counselling topics follow the employers.
    if let Some(first) = booths.iter().position(|(_, counselling)| *counselling)
        && first > 2
    {
        let card = booths.remove(first);
        booths.insert(2, card);
    }
    if booths.is_empty() {
        ui.label(RichText::new(tr(lang, "no_booths")).size(30.0));
    }
    let footer = TOUCH_HEIGHT + 8.0 + 24.0;
    // Three columns on a landscape screen; two on a portrait one (1080 points wide), where a
    // third would squeeze the names and jobs out of the cards.
    let columns = if ui.available_width() < NARROW_WIDTH {
        2
    } else {
        3
    };
    let gap = 16.0;
    ui.scope(|ui| {
        ui.spacing_mut().scroll = touch_scroll_style();
        egui::ScrollArea::vertical()
            .id_salt("booth-cards")
            .max_height((ui.available_height() - footer).max(CARD_HEIGHT))
            .auto_shrink([false, true])
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            // egui drags to scroll only on a detected touch screen; a kiosk's touch panel
            // often reaches it as a mouse, so a finger drag must scroll whatever it looks like.
            .scroll_source(egui::scroll_area::ScrollSource::ALL)
            .show(ui, |ui| {
                let card_width = ((ui.available_width() - gap * (columns as f32 - 1.0))
                    / columns as f32)
                    .floor()
                    .max(200.0);
                ui.spacing_mut().item_spacing = vec2(gap, gap);
                for row in booths.chunks(columns) {
                    ui.horizontal(|ui| {
                        for (booth, counselling) in row {
                            let chosen = selected.contains(&booth.code);
                            let full = !chosen && selected.len() as u32 >= room;
                            let card = BoothCard {
                                booth,
                                counselling: *counselling,
                                chosen,
                                enabled: !full,
                            };
                            let size = vec2(card_width, CARD_HEIGHT);
                            if booth_card_ui(ui, lang, &card, size).clicked() {
                                command = Some(Command::Toggle(booth.code.clone()));
                            }
                        }
                    });
                }
            });
    });
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        let button_width = 520.0;
        ui.add_space(((ui.available_width() - button_width) / 2.0).max(0.0));
        let text = trf(lang, "get_tickets", &[("n", &selected.len().to_string())]);
        let response = ui.add_enabled(!selected.is_empty(), primary_button(text, button_width));
        if response.clicked() {
            command = Some(Command::GetTickets);
        }
        let hint = trf(lang, "choose_auto", &[("n", &room.to_string())]);
        ui.add(egui::Label::new(RichText::new(hint).size(22.0)).wrap());
    });
    if phone_open {
        if let Some(c) = phone_dialog_ui(ui.ctx(), state) {
            command = Some(c);
        }
        command
    } else {
        command.or_else(|| background_scan(ui, state))
    }
}

/// A scroll bar a finger can find: solid, wide, and shown even when not touched.
fn touch_scroll_style() -> egui::style::ScrollStyle {
    egui::style::ScrollStyle {
        bar_width: 18.0,
        handle_min_length: 48.0,
        bar_inner_margin: 6.0,
        dormant_background_opacity: 0.5,
        active_background_opacity: 0.6,
        dormant_handle_opacity: 0.8,
        active_handle_opacity: 0.9,
        ..egui::style::ScrollStyle::solid()
    }
}

/// The biggest vacancies of `booth`, one line each: title, how many, wage.
fn top_vacancies(lang: Lang, booth: &BoothStatus) -> String {
    let mut vacancies: Vec<_> = booth.vacancies.iter().filter(|v| v.count > 0).collect();
    vacancies.sort_by_key(|v| std::cmp::Reverse(v.count));
    vacancies
        .iter()
        .take(CARD_VACANCIES)
        .map(|v| {
            let people = trf(lang, "walk.people", &[("n", &v.count.to_string())]);
            let mut line = format!("• {} · {people}", v.title.trim());
            if !v.wage.trim().is_empty() {
                line = format!("{line} · {}", v.wage.trim());
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One booth card on the choose screen.
struct BoothCard<'a> {
    booth: &'a BoothStatus,
    counselling: bool,
    chosen: bool,
    enabled: bool,
}

/// Lays `text` out in at most `rows` rows of `width`, ending in "…" when cut.
fn card_text(
    ui: &egui::Ui,
    text: &str,
    font: egui::FontId,
    color: Color32,
    width: f32,
    rows: usize,
) -> Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::simple(text.to_owned(), font, color, width);
    job.wrap.max_rows = rows;
    job.wrap.overflow_character = Some('…');
    ui.painter().layout_job(job)
}

/// A booth card of exactly `size`: name, location and vacancies, people waiting and the
/// estimated wait. Painted by hand so a long name cannot make one card bigger than the rest;
/// it reports itself as a (selectable) button to screen readers and tests.
fn booth_card_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    card: &BoothCard<'_>,
    size: egui::Vec2,
) -> egui::Response {
    let booth = card.booth;
    let kicker = card
        .counselling
        .then(|| tr(lang, "counselling").to_uppercase());
    let mut second = booth.location.clone();
    if !card.counselling {
        let vacancies = booth.vacancy_total().to_string();
        second = format!(
            "{second} · {}",
            trf(lang, "vacancies", &[("n", &vacancies)])
        );
    }
    let wait = if booth.waiting == 0 {
        tr(lang, "walk.no_wait").to_string()
    } else {
        format!(
            "{} · {}",
            trf(lang, "waiting", &[("n", &booth.waiting.to_string())]),
            trf(lang, "wait_min", &[("n", &minutes(booth.estimated_wait_s))])
        )
    };
    let jobs = if card.counselling {
        String::new()
    } else {
        top_vacancies(lang, booth)
    };
    let details = format!("{second}\n{wait}");
    let sense = if card.enabled {
        Sense::click()
    } else {
        Sense::hover()
    };
    let (rect, response) = ui.allocate_exact_size(size, sense);
    let mut label = match &kicker {
        Some(kicker) => format!("{kicker}\n{}", booth.name),
        None => booth.name.clone(),
    };
    for part in [&jobs, &details] {
        if !part.is_empty() {
            label = format!("{label}\n{part}");
        }
    }
    let enabled = card.enabled;
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::Button, enabled, card.chosen, &label)
    });
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let visuals = ui.visuals();
    let (fill, stroke, text_color, accent) = if card.chosen {
        (
            SELECTED,
            Stroke::new(4.0, SELECTED),
            Color32::WHITE,
            Color32::WHITE,
        )
    } else if enabled {
        let fill = if response.hovered() {
            visuals.widgets.hovered.weak_bg_fill
        } else {
            visuals.widgets.inactive.weak_bg_fill
        };
        (
            fill,
            Stroke::new(1.5, Color32::GRAY),
            visuals.text_color(),
            ACCENT,
        )
    } else {
        (
            visuals.widgets.noninteractive.weak_bg_fill,
            Stroke::new(1.0, Color32::LIGHT_GRAY),
            visuals.weak_text_color(),
            visuals.weak_text_color(),
        )
    };
    let painter = ui.painter_at(rect);
    painter.rect(rect, 10.0, fill, stroke, egui::StrokeKind::Inside);
    let inner = rect.shrink2(vec2(16.0, 10.0));
    let mut top = inner.min;
    let mut title_rows = 2;
    if let Some(kicker) = &kicker {
        let galley = card_text(
            ui,
            kicker,
            egui::FontId::new(18.0, fonts::bold()),
            accent,
            inner.width(),
            1,
        );
        top.y += galley.size().y + 2.0;
        painter.galley(inner.min, galley, accent);
        title_rows = 1;
    }
    let title = card_text(
        ui,
        &booth.name,
        egui::FontId::new(26.0, fonts::bold()),
        text_color,
        inner.width(),
        title_rows,
    );
    let title_height = title.size().y;
    painter.galley(top, title, text_color);
    top.y += title_height + 4.0;
    if !jobs.is_empty() {
        let jobs = card_text(
            ui,
            &jobs,
            egui::FontId::proportional(20.0),
            text_color,
            inner.width(),
            CARD_VACANCIES,
        );
        painter.galley(top, jobs, text_color);
    }
    let details = card_text(
        ui,
        &details,
        egui::FontId::proportional(22.0),
        text_color,
        inner.width(),
        2,
    );
    let bottom = egui::pos2(inner.min.x, inner.max.y - details.size().y);
    painter.galley(bottom, details, text_color);
    response
}
