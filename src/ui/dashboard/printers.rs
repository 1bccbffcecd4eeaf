//! The dashboard's printers (issue 15): one row per kiosk or help desk — station, printer state,
//! since when, last slip printed — from what each kiosk reports (`GET /api/v1/printers`
//! over a hub; locally, the kiosks on this database). A printer that needs someone (out of
//! paper, cover open, offline) is red; a kiosk silent for three heartbeats says so, since
//! its last word may be stale.
//!
//! The rows are fetched on a worker of their own every few seconds while the dashboard is
//! unlocked: printer reports do not move the change counter the report follows.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use egui::{Color32, RichText};

use crate::api::{FairApi, FairError, FairResult, PrinterReport, PrinterState};
use crate::domain::event::event_offset;
use crate::ui::i18n::{Lang, tr};
use crate::ui::jobs::Jobs;

/// Seconds between fetches: well inside a kiosk's heartbeat.
const POLL_S: f64 = 3.0;

/// The printers' rows and their fetching.
pub struct PrintersPanel {
    jobs: Jobs<FairResult<Vec<PrinterReport>>>,
    next: f64,
    /// The last rows; `None` before the first answer.
    pub rows: Option<Vec<PrinterReport>>,
}

impl PrintersPanel {
    /// A panel over `api`; nothing is fetched until the dashboard is unlocked.
    pub fn new(api: Arc<dyn FairApi>) -> Self {
        Self {
            jobs: Jobs::spawn(api, "dashboard-printers"),
            next: 0.0,
            rows: None,
        }
    }

    /// Fetches still running (tests wait for zero).
    pub fn in_flight(&self) -> usize {
        self.jobs.in_flight()
    }

    /// Per frame: take answers, and ask again when due (only while `unlocked`).
    pub fn frame(&mut self, ctx: &egui::Context, unlocked: bool) {
        self.jobs.attach(ctx);
        for reply in self.jobs.poll() {
            match reply {
                Ok(rows) => self.rows = Some(rows),
                // The hub away: the dashboard already says "reconnecting"; keep the rows.
                Err(FairError::Unavailable { .. }) => {}
                Err(err) => tracing::debug!("printer states not read: {err}"),
            }
        }
        if !unlocked {
            return;
        }
        let now = ctx.input(|i| i.time);
        if self.jobs.in_flight() == 0 && now >= self.next {
            self.next = now + POLL_S;
            self.jobs.send(|api| api.printers());
        }
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(
            (self.next - now).max(0.1),
        ));
    }
}

/// What a state is called on screen.
pub fn state_text(lang: Lang, state: PrinterState) -> &'static str {
    match state {
        PrinterState::Ready => tr(lang, "printer.ready"),
        PrinterState::PaperLow => tr(lang, "printer.paper_low"),
        PrinterState::Unknown => tr(lang, "printer.unknown"),
        PrinterState::PaperOut => tr(lang, "printer.paper_out"),
        PrinterState::CoverOpen => tr(lang, "printer.cover_open"),
        PrinterState::Offline => tr(lang, "printer.offline"),
        PrinterState::None => tr(lang, "printer.none"),
    }
}

fn state_color(state: PrinterState) -> Color32 {
    if state.needs_attention() {
        Color32::from_rgb(183, 28, 28)
    } else if state == PrinterState::PaperLow {
        Color32::from_rgb(180, 110, 0)
    } else {
        Color32::from_rgb(30, 110, 40)
    }
}

/// The printers table: station, state, since, last slip; times in the event's offset.
pub fn printers_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    rows: Option<&[PrinterReport]>,
    utc_offset_min: i32,
    now: DateTime<Utc>,
) {
    let Some(rows) = rows else {
        return;
    };
    ui.label(RichText::new(tr(lang, "dash.printers")).strong());
    if rows.is_empty() {
        ui.label(RichText::new(tr(lang, "dash.no_printers")).weak());
        return;
    }
    let offset = event_offset(utc_offset_min);
    let time = |at: DateTime<Utc>| at.with_timezone(&offset).format("%H:%M").to_string();
    egui::Grid::new("dash-printers")
        .striped(true)
        .num_columns(4)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            for key in [
                "dash.col.station",
                "dash.col.printer",
                "dash.col.since",
                "dash.col.last_slip",
            ] {
                ui.label(RichText::new(tr(lang, key)).size(16.0).strong());
            }
            ui.end_row();
            for row in rows {
                ui.label(RichText::new(&row.station).size(16.0));
                let mut state = state_text(lang, row.state).to_string();
                if row.silent_at(now) {
                    state = format!("{state} · {}", tr(lang, "dash.printer_silent"));
                }
                ui.label(
                    RichText::new(state)
                        .size(16.0)
                        .color(state_color(row.state)),
                );
                ui.label(RichText::new(time(row.since)).size(16.0));
                ui.label(RichText::new(row.last_printed.map_or("–".into(), time)).size(16.0));
                ui.end_row();
            }
        });
}

/// The printers table as a strip along the bottom of the window (drawn before the rest of
/// the dashboard, which takes the space left), while unlocked.
pub fn printers_panel_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    panel: &PrintersPanel,
    utc_offset_min: i32,
) {
    let fill = ui.style().visuals.panel_fill;
    egui::Panel::bottom("dash-printers-panel")
        .resizable(false)
        .frame(
            egui::Frame::new()
                .fill(fill)
                .inner_margin(egui::Margin::symmetric(16, 8)),
        )
        .show(ui, |ui| {
            printers_ui(ui, lang, panel.rows.as_deref(), utc_offset_min, Utc::now());
        });
}
