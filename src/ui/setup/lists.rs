//! The Lists tab: attendee and booth list imports, and the import job itself, which runs on
//! the worker thread and reports its progress through [`Progress`].

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use egui::{RichText, vec2};

use super::frame::field;
use super::{GREEN, GREY, ImportKind, RED, SetupCommand, SetupReply, SetupScreen, SetupState};
use crate::import::{ImportOptions, ImportSummary};
use crate::ui::booth::Notice;
use crate::ui::i18n::{Lang, tr, trf};

/// Rejected rows listed on screen; a file with more has bigger problems than a list shows.
const MAX_REJECTED_SHOWN: usize = 500;

/// The import form and its last result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportForm {
    /// Attendee or booth list.
    pub kind: ImportKind,
    /// The file, typed or picked.
    pub path: String,
    /// Update attendees already on file (same ID number) instead of rejecting them.
    pub update: bool,
    /// .xlsx and .csv files in the database's folder.
    pub files: Vec<String>,
    /// Rows written and rows in all, while and after importing.
    pub progress: Option<(usize, usize)>,
    /// The last import's result.
    pub result: Option<(ImportKind, ImportSummary)>,
    /// An import is running.
    pub running: bool,
}

/// Rows written and rows in all, shared with the import running on the worker thread.
#[derive(Debug, Default)]
pub(super) struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

/// The .xlsx and .csv files directly in `folder`, by name.
pub fn list_files(folder: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let path = e.path();
            let ext = path.extension()?.to_str()?.to_ascii_lowercase();
            matches!(ext.as_str(), "xlsx" | "csv").then(|| path.display().to_string())
        })
        .collect();
    files.sort();
    files
}

impl SetupScreen {
    /// Starts the import in the form on the worker thread; progress arrives through
    /// `self.progress`, which each frame copies into the state.
    pub(super) fn start_import(&mut self) {
        let Some(fair) = self.local.clone() else {
            self.state.notice = Some(Notice::Error(
                tr(self.state.lang, "setup.import_on_hub_laptop").to_string(),
            ));
            return;
        };
        let path = PathBuf::from(self.state.import.path.trim());
        if path.as_os_str().is_empty() {
            self.state.notice = Some(Notice::Error(
                tr(self.state.lang, "setup.err.no_file").to_string(),
            ));
            return;
        }
        let kind = self.state.import.kind;
        let options = ImportOptions {
            update: self.state.import.update,
            ..ImportOptions::default()
        };
        self.progress.done.store(0, Ordering::Relaxed);
        self.progress.total.store(0, Ordering::Relaxed);
        self.state.import.result = None;
        self.state.import.progress = None;
        self.state.import.running = true;
        self.state.notice = None;
        self.state.busy = true;
        let progress = Arc::clone(&self.progress);
        let ctx = self.ctx.clone();
        self.jobs.send(move |_| {
            let mut report = |done: usize, total: usize| {
                progress.total.store(total, Ordering::Relaxed);
                progress.done.store(done, Ordering::Relaxed);
                if let Some(ctx) = &ctx {
                    ctx.request_repaint();
                }
            };
            let result = match kind {
                ImportKind::Attendees => fair.import_attendee_file(&path, options, &mut report),
                ImportKind::Booths => fair.import_booth_file(&path).inspect(|summary| {
                    // The booth import has no row-by-row progress: a list of booths is short.
                    if summary.rejected.is_empty() {
                        report(summary.imported, summary.imported);
                    }
                }),
            };
            SetupReply::Imported(kind, result)
        });
    }

    pub(super) fn copy_progress(&mut self) {
        let total = self.progress.total.load(Ordering::Relaxed);
        let done = self.progress.done.load(Ordering::Relaxed);
        self.state.import.progress = (total > 0).then_some((done.min(total), total));
    }
}

pub(super) fn import_ui(
    ui: &mut egui::Ui,
    state: &mut SetupState,
    commands: &mut Vec<SetupCommand>,
) {
    let lang = state.lang;
    let busy = state.busy;
    let form = &mut state.import;
    ui.horizontal(|ui| {
        for (kind, key) in [
            (ImportKind::Attendees, "setup.import_attendees"),
            (ImportKind::Booths, "setup.import_booths"),
        ] {
            if ui
                .add_enabled(
                    !busy,
                    egui::Button::selectable(
                        form.kind == kind,
                        RichText::new(tr(lang, key)).size(22.0),
                    ),
                )
                .clicked()
            {
                form.kind = kind;
            }
        }
    });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        field(ui, tr(lang, "setup.file"), &mut form.path, 640.0);
    });
    if form.kind == ImportKind::Attendees {
        ui.checkbox(&mut form.update, tr(lang, "setup.update_existing"));
    }
    ui.horizontal(|ui| {
        let ready = !form.path.trim().is_empty();
        if ui
            .add_enabled(
                ready && !busy,
                egui::Button::new(RichText::new(tr(lang, "setup.import")).strong())
                    .min_size(vec2(160.0, 40.0)),
            )
            .clicked()
        {
            commands.push(SetupCommand::Import);
        }
        if form.running {
            ui.spinner();
        }
    });
    if let Some((done, total)) = form.progress {
        let fraction = done as f32 / total.max(1) as f32;
        let percent = (fraction * 100.0).round();
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(640.0)
                .text(format!("{done}/{total} · {percent}%")),
        );
    } else if form.running {
        ui.add(
            egui::ProgressBar::new(0.0)
                .desired_width(640.0)
                .text(tr(lang, "setup.checking")),
        );
    }
    if let Some((kind, summary)) = &form.result {
        import_result_ui(ui, lang, *kind, summary);
    }
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr(lang, "setup.files_here")).strong());
        if ui
            .add_enabled(!busy, egui::Button::new(tr(lang, "setup.refresh")))
            .clicked()
        {
            commands.push(SetupCommand::RefreshFiles);
        }
    });
    if form.files.is_empty() {
        ui.label(RichText::new(tr(lang, "setup.no_files")).color(GREY));
    }
    for file in &form.files {
        let name = Path::new(file)
            .file_name()
            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
        if ui
            .add_enabled(!busy, egui::Button::selectable(form.path == *file, name))
            .clicked()
        {
            form.path = file.clone();
        }
    }
}

fn import_result_ui(ui: &mut egui::Ui, lang: Lang, kind: ImportKind, summary: &ImportSummary) {
    let what = tr(
        lang,
        match kind {
            ImportKind::Attendees => "setup.import_attendees",
            ImportKind::Booths => "setup.import_booths",
        },
    );
    ui.label(RichText::new(what).color(GREY));
    if summary.rejected.is_empty() {
        let mut text = trf(
            lang,
            "setup.imported",
            &[("n", &summary.imported.to_string())],
        );
        if summary.updated > 0 {
            text.push(' ');
            text.push_str(&trf(
                lang,
                "setup.updated",
                &[("n", &summary.updated.to_string())],
            ));
        }
        ui.label(RichText::new(text).size(24.0).strong().color(GREEN));
        return;
    }
    // `rejected` holds the first rows with reasons; `rejected_total` counts every one.
    let total = summary.rejected_total.max(summary.rejected.len());
    ui.label(
        RichText::new(trf(lang, "setup.rejected", &[("n", &total.to_string())]))
            .size(24.0)
            .strong()
            .color(RED),
    );
    let shown = summary.rejected.len().min(MAX_REJECTED_SHOWN);
    for row in summary.rejected.iter().take(shown) {
        ui.label(RichText::new(trf(
            lang,
            "setup.line",
            &[("line", &row.line.to_string()), ("reason", &row.text(lang))],
        )));
    }
    if total > shown {
        ui.label(trf(
            lang,
            "setup.more_rejected",
            &[("n", &(total - shown).to_string())],
        ));
    }
}
