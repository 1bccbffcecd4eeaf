//! The organisers' live dashboard (`--station dashboard`, behind the organiser PIN).
//!
//! Tiles (people checked in, on site now, visits, waiting, served, hired on the spot, median
//! wait), arrivals per 15 minutes (egui_plot), a per-booth table that sorts by any column, and
//! breakdowns by commune, household, gender, age band and ethnic minority as bars; plus the
//! report export. It polls `change_counter` every second on the worker and refetches the report
//! only when something changed, drawing the last snapshot meanwhile, so it never flickers.
//!
//! [`dashboard_ui`] draws a [`DashboardState`] and returns [`DashboardCommand`]s; the benchmark
//! (`benches/dashboard.rs`) times exactly that function over a prepared snapshot.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Color32, RichText, vec2};

mod panels;
pub mod printers;

use super::booth::{Notice, error_text, notice_ui};
use super::i18n::{Lang, tr, trf};
use super::jobs::{ChangeWatch, Jobs, Poller};
use crate::api::{BoothStatus, FairApi, FairError, FairResult};
use crate::domain::event::{VIETNAM_UTC_OFFSET_MIN, event_offset};
use crate::report::{Count, Report, ReportRange};

/// One refresh: the report and the live booth statuses (for "serving now").
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The headcount report for the whole event.
    pub report: Report,
    /// Every booth's queue right now.
    pub booths: Vec<BoothStatus>,
}

/// A column of the per-booth table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BoothColumn {
    /// Booth code and name.
    #[default]
    Booth,
    /// Waiting now.
    Waiting,
    /// At a desk now.
    Serving,
    /// Finished tickets.
    Served,
    /// No-shows.
    NoShow,
    /// Median wait.
    MedianWait,
    /// 90th-percentile wait.
    P90Wait,
    /// Hired on the spot.
    Hired,
}

impl BoothColumn {
    /// Every column, in table order.
    pub const ALL: &'static [BoothColumn] = &[
        Self::Booth,
        Self::Waiting,
        Self::Serving,
        Self::Served,
        Self::NoShow,
        Self::MedianWait,
        Self::P90Wait,
        Self::Hired,
    ];

    fn key(self) -> &'static str {
        match self {
            Self::Booth => "col.booth",
            Self::Waiting => "col.waiting",
            Self::Serving => "col.serving",
            Self::Served => "col.served",
            Self::NoShow => "col.no_show",
            Self::MedianWait => "col.median_wait",
            Self::P90Wait => "col.p90_wait",
            Self::Hired => "col.hired",
        }
    }
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// UTF-8 CSV with BOM (`report::to_csv`).
    Csv,
    /// Excel workbook (`report::xlsx`), headers in the dashboard's language.
    Xlsx(Lang),
}

/// What the dashboard shows. Holds no egui types.
#[derive(Debug, Clone, Default)]
pub struct DashboardState {
    /// Interface language.
    pub lang: Lang,
    /// The organiser PIN was accepted.
    pub unlocked: bool,
    /// The PIN being typed.
    pub pin: String,
    /// The last PIN was wrong.
    pub pin_wrong: bool,
    /// PIN checks are locked after too many wrong PINs: seconds to wait.
    pub pin_wait_s: Option<u64>,
    /// The last snapshot.
    pub snapshot: Option<Snapshot>,
    /// Sort column of the booth table, and whether it sorts high to low.
    pub sort: (BoothColumn, bool),
    /// Where the export goes.
    pub export_path: String,
    /// The last message (export done, refusal).
    pub notice: Option<Notice>,
    /// The hub did not answer the last poll: the last snapshot stays, with "reconnecting".
    pub reconnecting: bool,
}

/// What the organiser asked for. Applied by [`DashboardScreen::apply`].
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum DashboardCommand {
    /// Check the typed PIN.
    SubmitPin,
    /// Export the report to `export_path`.
    Export(ExportFormat),
    /// Switch the interface language.
    SetLang(Lang),
}

/// What a notice says, kept apart from its text so a language switch re-words it rather than
/// leaving a Vietnamese sentence on an English screen.
#[derive(Debug, Clone)]
enum NoticeSource {
    Failed(FairError),
    Exported(String),
    ExportFailed(String),
}

impl NoticeSource {
    fn render(&self, lang: Lang) -> Notice {
        match self {
            Self::Failed(err) => Notice::Error(error_text(lang, err)),
            Self::Exported(path) => {
                Notice::Info(trf(lang, "dash.exported", &[("path", path.as_str())]))
            }
            Self::ExportFailed(reason) => Notice::Error(trf(
                lang,
                "dash.export_failed",
                &[("reason", reason.as_str())],
            )),
        }
    }
}

enum DashReply {
    Pin(FairResult<bool>),
    Polled {
        counter: FairResult<u64>,
        snapshot: Option<Box<FairResult<Snapshot>>>,
    },
    Exported(Result<PathBuf, String>),
}

/// Writes `report` to `path` in `format`. The workbook leaves out the follow-up list of
/// names, which only the local command line (`fairdesk report --format xlsx`) writes: the
/// dashboard may be a remote station.
pub fn export_report(report: &Report, format: ExportFormat, path: &Path) -> Result<(), String> {
    let bytes = match format {
        ExportFormat::Csv => crate::report::to_csv(report).map_err(|e| e.to_string())?,
        ExportFormat::Xlsx(lang) => {
            crate::report::xlsx::to_bytes(report, None, lang).map_err(|e| e.to_string())?
        }
    };
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Seconds between timed polls; changes arrive sooner through the [`ChangeWatch`].
const FALLBACK_POLL_S: f64 = 3.0;

/// The dashboard: its state, the engine worker and the poll schedule.
pub struct DashboardScreen {
    /// What is shown.
    pub state: DashboardState,
    jobs: Jobs<DashReply>,
    poller: Poller,
    watch: ChangeWatch,
    polling: bool,
    notice_source: Option<NoticeSource>,
    /// The kiosks' printers (issue 15), fetched on their own.
    pub printers: printers::PrintersPanel,
}

impl DashboardScreen {
    /// A locked dashboard over `api`; exports default to `export_dir` with a timestamp.
    pub fn new(api: Arc<dyn FairApi>, export_dir: PathBuf) -> Self {
        // Before the first snapshot says the event's offset, Vietnam's: never the machine's
        // own zone, which on a borrowed laptop may be anything.
        let stamp = chrono::Utc::now()
            .with_timezone(&event_offset(VIETNAM_UTC_OFFSET_MIN))
            .format("%Y%m%d-%H%M");
        let export_path = export_dir.join(format!("fairdesk-report-{stamp}.csv"));
        Self {
            state: DashboardState {
                export_path: export_path.display().to_string(),
                sort: (BoothColumn::Booth, false),
                ..Default::default()
            },
            jobs: Jobs::spawn(Arc::clone(&api), "dashboard"),
            printers: printers::PrintersPanel::new(Arc::clone(&api)),
            poller: Poller::new(FALLBACK_POLL_S),
            watch: ChangeWatch::spawn(api, "dashboard"),
            polling: false,
            notice_source: None,
        }
    }

    /// Engine calls still running (tests wait for zero).
    pub fn in_flight(&self) -> usize {
        self.jobs.in_flight() + self.printers.in_flight()
    }

    /// Carries out one command.
    pub fn apply(&mut self, command: DashboardCommand) {
        match command {
            DashboardCommand::SetLang(lang) => {
                self.state.lang = lang;
                self.state.notice = self.notice_source.as_ref().map(|n| n.render(lang));
            }
            DashboardCommand::SubmitPin => {
                let pin = std::mem::take(&mut self.state.pin);
                self.jobs
                    .send(move |api| DashReply::Pin(api.verify_pin(&pin)));
            }
            DashboardCommand::Export(format) => {
                if !self.state.unlocked {
                    return;
                }
                let mut path = PathBuf::from(self.state.export_path.trim());
                let extension = match format {
                    ExportFormat::Csv => "csv",
                    ExportFormat::Xlsx(_) => "xlsx",
                };
                path.set_extension(extension);
                // A fresh report, not the snapshot: the file is what the organiser keeps.
                self.jobs.send(move |api| {
                    DashReply::Exported(
                        api.report(ReportRange::all())
                            .map_err(|e| e.to_string())
                            .and_then(|report| export_report(&report, format, &path))
                            .map(|()| path),
                    )
                });
            }
        }
    }

    fn on_reply(&mut self, reply: DashReply) {
        match reply {
            DashReply::Pin(Ok(true)) => {
                self.state.unlocked = true;
                self.state.pin_wrong = false;
                self.poller.invalidate();
            }
            DashReply::Pin(Ok(false)) => {
                self.state.pin_wrong = true;
                self.state.pin_wait_s = None;
            }
            DashReply::Pin(Err(FairError::TooManyAttempts { retry_after_s })) => {
                self.state.pin_wait_s = Some(retry_after_s);
            }
            DashReply::Pin(Err(err)) => self.notify(NoticeSource::Failed(err)),
            DashReply::Polled { counter, snapshot } => {
                self.polling = false;
                match (counter, snapshot.map(|s| *s)) {
                    (Ok(counter), Some(Ok(snapshot))) => {
                        self.poller.succeeded();
                        self.poller.seen = Some(counter);
                        self.state.snapshot = Some(snapshot);
                    }
                    (Ok(_), None) => self.poller.succeeded(),
                    (Err(FairError::Unavailable { .. }), _)
                    | (Ok(_), Some(Err(FairError::Unavailable { .. }))) => self.poller.failed(),
                    (Err(err), _) | (Ok(_), Some(Err(err))) => {
                        self.notify(NoticeSource::Failed(err));
                    }
                }
            }
            DashReply::Exported(Ok(path)) => {
                self.notify(NoticeSource::Exported(path.display().to_string()));
            }
            DashReply::Exported(Err(reason)) => self.notify(NoticeSource::ExportFailed(reason)),
        }
    }

    fn notify(&mut self, source: NoticeSource) {
        self.state.notice = Some(source.render(self.state.lang));
        self.notice_source = Some(source);
    }

    /// One frame: drain replies, poll for changes while unlocked, draw, apply commands.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.jobs.attach(&ctx);
        for reply in self.jobs.poll() {
            self.on_reply(reply);
        }
        if self.jobs.in_flight() == 0 {
            self.polling = false;
        }
        let now = ui.input(|i| i.time);
        // At most once a second however busy the fair. The engine keeps the report live
        // (`fair::live`: a refresh costs what changed since the last), but the booth statuses,
        // the JSON over the hub and the redraw still cost a few milliseconds each time.
        self.watch.poke_on_change(&ctx, &mut self.poller, 1.0);
        if self.state.unlocked && !self.polling && self.poller.due(now) {
            self.polling = true;
            let seen = self.poller.seen;
            self.jobs.send(move |api| {
                let counter = api.change_counter();
                let snapshot = match &counter {
                    Ok(c) if Some(*c) == seen => None,
                    _ => Some(Box::new(api.report(ReportRange::all()).and_then(
                        |report| {
                            Ok(Snapshot {
                                report,
                                booths: api.booths()?,
                            })
                        },
                    ))),
                };
                DashReply::Polled { counter, snapshot }
            });
        }
        self.state.reconnecting = self.poller.reconnecting();
        self.printers.frame(&ctx, self.state.unlocked);
        if self.state.unlocked {
            let offset = self
                .state
                .snapshot
                .as_ref()
                .map_or(VIETNAM_UTC_OFFSET_MIN, |s| s.report.utc_offset_min);
            printers::printers_panel_ui(ui, self.state.lang, &self.printers, offset);
        }
        let commands = dashboard_ui(ui, &mut self.state);
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

/// The organiser PIN form (dashboard and setup): "wrong PIN", or, while the hub refuses PIN
/// checks after too many wrong ones, how long to wait (`wait_s`). Returns true when the
/// organiser submits.
pub fn pin_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    pin: &mut String,
    wrong: bool,
    wait_s: Option<u64>,
) -> bool {
    let mut submit = false;
    ui.vertical_centered(|ui| {
        ui.add_space(80.0);
        let label = ui.label(RichText::new(tr(lang, "pin_prompt")).size(30.0));
        let field = ui
            .add(
                egui::TextEdit::singleline(pin)
                    .password(true)
                    .desired_width(240.0)
                    .font(egui::TextStyle::Heading),
            )
            .labelled_by(label.id);
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            submit = true;
        }
        if !field.has_focus() && pin.is_empty() {
            field.request_focus();
        }
        if let Some(wait) = wait_s {
            ui.label(
                RichText::new(super::booth::pin_locked_text(lang, wait))
                    .size(24.0)
                    .color(Color32::from_rgb(180, 0, 0)),
            );
        } else if wrong {
            ui.label(
                RichText::new(tr(lang, "pin_wrong"))
                    .size(24.0)
                    .color(Color32::from_rgb(180, 0, 0)),
            );
        }
        if ui
            .add(egui::Button::new(tr(lang, "unlock")).min_size(vec2(240.0, 56.0)))
            .clicked()
        {
            submit = true;
        }
    });
    submit
}

fn minutes(lang: Lang, seconds: Option<u32>) -> String {
    match seconds {
        Some(s) => trf(lang, "minutes", &[("n", &s.div_ceil(60).to_string())]),
        None => "–".into(),
    }
}

/// The whole dashboard (or the PIN form while locked). Returns what the organiser asked for.
pub fn dashboard_ui(ui: &mut egui::Ui, state: &mut DashboardState) -> Vec<DashboardCommand> {
    let mut commands = Vec::new();
    let lang = state.lang;
    egui::Frame::central_panel(ui.style())
        .inner_margin(16.0)
        .show(ui, |ui| {
            // Paint the whole window, not just the content.
            ui.set_min_size(ui.available_size());
            ui.horizontal(|ui| {
                ui.heading(tr(lang, "dash.title"));
                if let Some(snapshot) = &state.snapshot {
                    ui.label(RichText::new(&snapshot.report.event_name).size(22.0));
                    let at = snapshot
                        .report
                        .generated_at
                        .with_timezone(&event_offset(snapshot.report.utc_offset_min))
                        .format("%H:%M:%S")
                        .to_string();
                    ui.label(
                        RichText::new(trf(lang, "dash.updated", &[("time", at.as_str())]))
                            .size(18.0)
                            .weak(),
                    );
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    for (l, key) in [(Lang::En, "lang.en"), (Lang::Vi, "lang.vi")] {
                        if ui
                            .add(egui::Button::selectable(lang == l, tr(lang, key)))
                            .clicked()
                        {
                            commands.push(DashboardCommand::SetLang(l));
                        }
                    }
                });
            });
            super::jobs::reconnecting_ui(ui, lang, state.reconnecting);
            if !state.unlocked {
                if pin_ui(ui, lang, &mut state.pin, state.pin_wrong, state.pin_wait_s) {
                    commands.push(DashboardCommand::SubmitPin);
                }
                return;
            }
            export_ui(ui, state, &mut commands);
            let Some(snapshot) = &state.snapshot else {
                ui.spinner();
                return;
            };
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    tiles_ui(ui, lang, snapshot);
                    ui.add_space(8.0);
                    // The booth table has ten columns: it gets the wider share.
                    let left_width = (ui.available_width() * 0.6).floor();
                    ui.horizontal_top(|ui| {
                        ui.vertical(|left| {
                            left.set_width(left_width);
                            arrivals_ui(left, lang, &snapshot.report);
                            left.add_space(8.0);
                            booth_table_ui(left, lang, snapshot, &mut state.sort);
                        });
                        ui.add_space(12.0);
                        ui.vertical(|right| breakdowns_ui(right, lang, &snapshot.report));
                    });
                });
        });
    commands
}

fn export_ui(ui: &mut egui::Ui, state: &mut DashboardState, commands: &mut Vec<DashboardCommand>) {
    let lang = state.lang;
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new(tr(lang, "dash.export_path")).size(18.0));
        ui.add(
            egui::TextEdit::singleline(&mut state.export_path)
                .desired_width(420.0)
                .font(egui::TextStyle::Small),
        )
        .labelled_by(label.id);
        if ui.button(tr(lang, "dash.export_csv")).clicked() {
            commands.push(DashboardCommand::Export(ExportFormat::Csv));
        }
        if ui.button(tr(lang, "dash.export_xlsx")).clicked() {
            commands.push(DashboardCommand::Export(ExportFormat::Xlsx(lang)));
        }
        notice_ui(ui, state.notice.as_ref(), Some(18.0));
    });
}

use panels::{arrivals_ui, booth_table_ui, breakdowns_ui, tiles_ui};
pub use panels::{bar_text, tile_text};
