//! The public "now serving" board (`--station board`, or `--also board` as a second window):
//! readable from 10 m on a TV or projector.
//!
//! The newest call fills the top third ("MỜI SỐ / A007 ĐẾN Bàn A1", with the location) and is
//! highlighted for a few seconds; each new call (a recall too) is announced, the chime and
//! then the voice ("Mời số A không không bảy, đến bàn A một", [`crate::voice`]); below,
//! the other tickets still being called (a ticket leaves when it is started, finished or marked
//! no-show; a recall moves it back to the top) and each booth's waiting count. Privacy: it
//! draws only what [`Board`] carries (ticket numbers, desks, booth names and
//! locations), never a name or an ID number; `tests/staff_ui.rs` checks all its text.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use egui::{Align, Color32, Layout, RichText, vec2};

use super::chime::Chime;
use super::i18n::{Lang, tr};
use super::jobs::{ChangeWatch, Jobs, Poller};
use crate::api::{Board, BoardCall, FairApi, FairResult};
use crate::voice::VoiceCall;

/// How long the newest call stays highlighted, in seconds.
pub const HIGHLIGHT_S: f64 = 6.0;

/// What the board shows. Holds no egui types.
#[derive(Debug, Clone, Default)]
pub struct BoardState {
    /// Interface language (the board speaks Vietnamese unless set otherwise).
    pub lang: Lang,
    /// The last board from the engine.
    pub board: Option<Board>,
    /// The newest call is highlighted until this time (egui input time, seconds).
    pub highlight_until: f64,
    /// The current egui input time.
    pub now: f64,
    /// The engine could not be reached on the last poll (shown as a small mark, not a dialog).
    pub stale: bool,
}

/// The identity of a call: a recall of the same ticket is a new call.
fn call_key(call: &BoardCall) -> (&str, DateTime<Utc>, u32) {
    (&call.ticket, call.called_at, call.recall_count)
}

/// The calls in `after` that `before` did not have, oldest first: the ones to announce.
/// Several desks may call within one poll; each is announced, in the order they were made.
pub fn new_calls<'a>(before: &Board, after: &'a Board) -> Vec<&'a BoardCall> {
    let seen: HashSet<_> = before.calls.iter().map(call_key).collect();
    let mut fresh: Vec<&BoardCall> = after
        .calls
        .iter()
        .filter(|call| !seen.contains(&call_key(call)))
        .collect();
    // The board lists the newest first.
    fresh.reverse();
    fresh
}

struct Polled {
    counter: FairResult<u64>,
    board: Option<FairResult<Board>>,
}

/// The shortest time between two reads of the board (kept in `api`, where the load test
/// finds it without depending on the UI).
pub use crate::api::BOARD_POLL_PERIOD_S as POLL_PERIOD_S;
/// Seconds between timed polls; changes arrive sooner through the [`ChangeWatch`].
const FALLBACK_POLL_S: f64 = 2.0;

/// The board: its state, the engine worker, the poll schedule and the chime.
pub struct BoardScreen {
    /// What is shown.
    pub state: BoardState,
    jobs: Jobs<Polled>,
    poller: Poller,
    watch: ChangeWatch,
    chime: Chime,
}

impl BoardScreen {
    /// A board over `api`, announcing each new call with `chime`.
    pub fn new(api: Arc<dyn FairApi>, chime: Chime) -> Self {
        Self {
            state: BoardState::default(),
            jobs: Jobs::spawn(Arc::clone(&api), "board"),
            poller: Poller::new(FALLBACK_POLL_S),
            watch: ChangeWatch::spawn(api, "board"),
            chime,
        }
    }

    /// Engine calls still running (tests wait for zero).
    pub fn in_flight(&self) -> usize {
        self.jobs.in_flight()
    }

    fn on_board(&mut self, board: Board) {
        // The first snapshot is history, not news: nothing is announced when the board is
        // switched on.
        if let Some(before) = &self.state.board {
            let newest = board.calls.first().map(call_key);
            if newest.is_some() && newest != before.calls.first().map(call_key) {
                self.state.highlight_until = self.state.now + HIGHLIGHT_S;
            }
            for call in new_calls(before, &board) {
                self.chime.announce(VoiceCall::from(call));
            }
        }
        self.state.board = Some(board);
    }

    /// One frame: drain replies, poll for changes, draw.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.jobs.attach(&ctx);
        self.watch
            .poke_on_change(&ctx, &mut self.poller, POLL_PERIOD_S);
        let now = ui.input(|i| i.time);
        self.state.now = now;
        for polled in self.jobs.poll() {
            match (polled.counter, polled.board) {
                (Ok(counter), Some(Ok(board))) => {
                    self.poller.seen = Some(counter);
                    self.poller.succeeded();
                    self.state.stale = false;
                    self.on_board(board);
                }
                (Ok(_), None) => {
                    self.poller.succeeded();
                    self.state.stale = false;
                }
                (Err(err), _) | (Ok(_), Some(Err(err))) => {
                    tracing::warn!("board refresh failed: {err}");
                    // Keep the last board; retry with backoff and say "reconnecting".
                    self.poller.failed();
                    self.state.stale = true;
                }
            }
        }
        if self.jobs.in_flight() == 0 && self.poller.due(now) {
            let seen = self.poller.seen;
            self.jobs.send(move |api| {
                let counter = api.change_counter();
                let board = match &counter {
                    Ok(c) if Some(*c) == seen => None,
                    _ => Some(api.board()),
                };
                Polled { counter, board }
            });
        }
        board_ui(ui, &self.state);
        if now < self.state.highlight_until {
            // Animate the highlight's fade.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        } else {
            ctx.request_repaint_after(self.poller.wait(now));
        }
    }
}

/// The letter size of a tile's code and count when `count` tiles share `area` in `columns`
/// columns: the tile must hold "T1  12" on one line (about 4.5 em wide) over the booth's name
/// at 0.4 em (about 2.2 em tall with padding).
fn tile_unit(area: egui::Vec2, count: usize, columns: usize) -> f32 {
    let rows = count.div_ceil(columns.max(1)).max(1);
    let width = area.x / columns.max(1) as f32;
    let height = area.y / rows as f32;
    (width / 4.5).min(height / 2.2)
}

/// The number of tile columns that gives the largest letters for `count` booths in `area`.
pub fn best_columns(area: egui::Vec2, count: usize) -> usize {
    (1..=count.max(1))
        .max_by(|&a, &b| tile_unit(area, count, a).total_cmp(&tile_unit(area, count, b)))
        .unwrap_or(1)
}

/// Each booth's queue as a tile: its code and waiting count in big letters, its name small
/// underneath, laid out in the number of columns that makes the letters largest. Tiles are
/// painted, so each also gets an accessibility label (the privacy test reads those).
fn queue_tiles_ui(
    ui: &mut egui::Ui,
    area: egui::Rect,
    unit: f32,
    lang: Lang,
    queues: &[crate::api::BoardQueue],
) {
    let painter = ui.painter().clone();
    let heading = unit * 0.8;
    painter.text(
        area.left_top(),
        egui::Align2::LEFT_TOP,
        format!(
            "{} · {}",
            tr(lang, "board.booth"),
            tr(lang, "board.waiting")
        ),
        egui::FontId::proportional(heading),
        DIM,
    );
    if queues.is_empty() {
        return;
    }
    let tiles = egui::Rect::from_min_max(area.min + vec2(0.0, heading * 1.5), area.max);
    let columns = best_columns(tiles.size(), queues.len());
    let rows = queues.len().div_ceil(columns);
    let size = vec2(tiles.width() / columns as f32, tiles.height() / rows as f32);
    // Never larger than the call list's letters: the newest call stays the biggest thing.
    let letters = tile_unit(tiles.size(), queues.len(), columns).min(unit * 1.6);
    let gap = (letters * 0.12).max(3.0);
    for (i, queue) in queues.iter().enumerate() {
        let min = tiles.min + vec2((i % columns) as f32 * size.x, (i / columns) as f32 * size.y);
        let rect = egui::Rect::from_min_size(min, size).shrink(gap);
        painter.rect_filled(rect, letters * 0.15, HEADLINE);
        let inner = rect.shrink2(vec2(letters * 0.3, letters * 0.1));
        painter.text(
            inner.left_top(),
            egui::Align2::LEFT_TOP,
            &queue.booth,
            egui::FontId::new(letters, super::fonts::bold()),
            TEXT,
        );
        painter.text(
            inner.right_top(),
            egui::Align2::RIGHT_TOP,
            queue.waiting.to_string(),
            egui::FontId::new(letters, super::fonts::bold()),
            HIGHLIGHT,
        );
        let name_size = (letters * 0.4).max(12.0);
        // One line of the name, cut with "…": a long employer name never pushes the grid.
        // The booth's place as its tickets say it ("Gian 1"), then its name.
        let place = if queue.location.is_empty() {
            queue.name.clone()
        } else {
            format!("{} · {}", queue.location, queue.name)
        };
        let mut job = egui::text::LayoutJob::simple_singleline(
            place,
            egui::FontId::proportional(name_size),
            DIM,
        );
        job.wrap = egui::text::TextWrapping::truncate_at_width(inner.width());
        let name = painter.layout_job(job);
        let name_pos = inner.left_bottom() - vec2(0.0, name.size().y);
        painter.galley(name_pos, name, DIM);
        let label = format!(
            "{} {} {} {}",
            queue.booth, queue.location, queue.name, queue.waiting
        );
        let response = ui.interact(
            rect,
            ui.scope_id().with(("queue-tile", i)),
            egui::Sense::hover(),
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, label.clone()));
    }
}

/// "Reconnecting…" in the bottom corner, small and dim: the hall reads the last calls, staff
/// see why nothing moves.
fn reconnecting_ui(ui: &mut egui::Ui, state: &BoardState, full: egui::Rect, unit: f32) {
    let corner = egui::Rect::from_min_max(
        full.right_bottom() - vec2(full.width() * 0.5, unit),
        full.right_bottom() - vec2(unit * 0.9, 0.0),
    );
    ui.scope_builder(
        egui::UiBuilder::new()
            .max_rect(corner)
            .layout(Layout::right_to_left(Align::Center)),
        |ui| {
            ui.label(
                RichText::new(tr(state.lang, "hub.reconnecting"))
                    .size(unit * 0.6)
                    .color(DIM),
            );
        },
    );
}

/// Colours of the board: dark background, as TVs in bright halls read best.
const BACKGROUND: Color32 = Color32::from_rgb(12, 28, 56);
const HEADLINE: Color32 = Color32::from_rgb(22, 60, 120);
const HIGHLIGHT: Color32 = Color32::from_rgb(255, 196, 0);
const TEXT: Color32 = Color32::WHITE;
const DIM: Color32 = Color32::from_rgb(170, 190, 220);

/// The whole board, scaled to the window: the newest call in the top third, then the last
/// calls and the queues. The board takes no input, so it returns nothing.
pub fn board_ui(ui: &mut egui::Ui, state: &BoardState) {
    let lang = state.lang;
    let full = ui.available_rect_before_wrap();
    ui.painter().rect_filled(full, 0.0, BACKGROUND);
    // Sizes follow the window height, so a 720p projector and a 4K TV both read from 10 m.
    let unit = (full.height() / 18.0).clamp(18.0, 120.0);
    let top_height = full.height() * 0.38;

    let Some(board) = &state.board else {
        ui.centered_and_justified(|ui| {
            ui.label(RichText::new(tr(lang, "loading")).size(unit).color(DIM));
        });
        return;
    };

    // The newest call.
    let top = egui::Rect::from_min_size(full.min, vec2(full.width(), top_height));
    let highlighted = state.now < state.highlight_until;
    let (fill, ink) = if highlighted {
        // Blink the first seconds, then hold, so the eye finds the change.
        let phase = ((state.highlight_until - state.now) * 2.0) as i64;
        if phase % 2 == 0 {
            (HIGHLIGHT, Color32::BLACK)
        } else {
            (TEXT, Color32::BLACK)
        }
    } else {
        (HEADLINE, TEXT)
    };
    ui.painter().rect_filled(top, 0.0, fill);
    ui.scope_builder(
        egui::UiBuilder::new().max_rect(top.shrink(unit * 0.5)),
        |ui| {
            ui.with_layout(Layout::top_down(Align::Center), |ui| {
                match board.calls.first() {
                    Some(call) => {
                        ui.label(
                            RichText::new(tr(lang, "board.calling"))
                                .size(unit * 1.1)
                                .color(ink),
                        );
                        ui.label(
                            RichText::new(format!(
                                "{}  {}  {}",
                                call.ticket,
                                tr(lang, "board.to"),
                                call.desk_label
                            ))
                            .size(unit * 2.2)
                            .family(super::fonts::bold())
                            .color(ink),
                        );
                        if !call.location.is_empty() {
                            ui.label(RichText::new(&call.location).size(unit * 1.1).color(ink));
                        }
                        if call.recall_count > 0 {
                            ui.label(
                                RichText::new(tr(lang, "walk.board_recall"))
                                    .size(unit * 0.9)
                                    .color(ink),
                            );
                        }
                    }
                    None => {
                        ui.add_space(unit);
                        ui.label(
                            RichText::new(tr(lang, "board.no_calls"))
                                .size(unit * 1.3)
                                .color(ink),
                        );
                    }
                }
            });
        },
    );

    // The last calls (left) and the queues (right).
    let bottom =
        egui::Rect::from_min_max(egui::pos2(full.min.x, full.min.y + top_height), full.max)
            .shrink(unit * 0.6);
    let row_height = unit * 1.5;
    let rows = ((bottom.height() / row_height) as usize)
        .saturating_sub(1)
        .max(1);
    let left = egui::Rect::from_min_size(bottom.min, vec2(bottom.width() * 0.36, bottom.height()));
    let right = egui::Rect::from_min_max(
        egui::pos2(bottom.min.x + bottom.width() * 0.4, bottom.min.y),
        bottom.max,
    );
    ui.scope_builder(egui::UiBuilder::new().max_rect(left), |ui| {
        egui::Grid::new("board-calls")
            .num_columns(2)
            .min_col_width(left.width() * 0.4)
            .spacing(vec2(unit, unit * 0.3))
            .show(ui, |ui| {
                ui.label(
                    RichText::new(tr(lang, "board.ticket"))
                        .size(unit)
                        .color(DIM),
                );
                ui.label(RichText::new(tr(lang, "board.desk")).size(unit).color(DIM));
                ui.end_row();
                for call in board.calls.iter().skip(1).take(rows) {
                    ui.label(
                        RichText::new(&call.ticket)
                            .size(unit * 1.1)
                            .family(super::fonts::bold())
                            .color(TEXT),
                    );
                    let mut desk = call.desk_label.clone();
                    if call.recall_count > 0 {
                        desk = format!("{desk} · {}", tr(lang, "walk.board_recall"));
                    }
                    ui.label(RichText::new(desk).size(unit * 1.1).color(TEXT));
                    ui.end_row();
                }
            });
    });
    queue_tiles_ui(ui, right, unit, lang, &board.queues);
    if state.stale {
        ui.painter().circle_filled(
            full.right_bottom() - vec2(unit * 0.5, unit * 0.5),
            unit * 0.2,
            Color32::RED,
        );
        reconnecting_ui(ui, state, full, unit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(ticket: &str, desk: &str, minute: u32, recalls: u32) -> BoardCall {
        BoardCall {
            ticket: ticket.into(),
            desk: desk.into(),
            desk_label: format!("Bàn {desk}"),
            location: String::new(),
            called_at: DateTime::from_timestamp(i64::from(minute) * 60, 0).unwrap_or_default(),
            recall_count: recalls,
        }
    }

    fn board(calls: Vec<BoardCall>) -> Board {
        Board {
            event_name: String::new(),
            calls,
            queues: Vec::new(),
        }
    }

    #[test]
    fn every_call_made_between_two_polls_is_announced_oldest_first() {
        let before = board(vec![call("A001", "A1", 1, 0)]);
        let after = board(vec![
            call("B001", "B1", 3, 0),
            call("A002", "A1", 2, 0),
            call("A001", "A1", 1, 0),
        ]);
        let fresh: Vec<&str> = new_calls(&before, &after)
            .iter()
            .map(|c| c.ticket.as_str())
            .collect();
        assert_eq!(fresh, ["A002", "B001"]);
        assert!(new_calls(&after, &after).is_empty());
    }

    #[test]
    fn a_recall_is_announced_again() {
        let before = board(vec![call("A002", "A1", 2, 0), call("A001", "A1", 1, 0)]);
        let after = board(vec![call("A002", "A1", 4, 1), call("A001", "A1", 1, 0)]);
        let fresh = new_calls(&before, &after);
        assert_eq!(fresh.len(), 1);
        assert_eq!(
            (fresh[0].ticket.as_str(), fresh[0].recall_count),
            ("A002", 1)
        );
    }
}
